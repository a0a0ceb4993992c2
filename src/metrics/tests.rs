//! Every figure on the worked example of spec/metrics.md, and on the edge cases: no cases, all
//! closed, one case, decided or received on the as-of date, ISO weeks 53 and 1, a leap day.

use chrono::NaiveDate;
use polars::prelude::DataFrame;

use super::*;
use crate::domain::forms::FormState;
use crate::domain::queue::{QueueParams, SortKey};
use crate::store::frame::CaseColumns;

/// One case: id, type, received, assigned, consultant, decided, outcome, indication end, provider.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn frame(rows: &[Row]) -> DataFrame {
    let mut columns = CaseColumns::with_capacity(rows.len());
    for &(id, kind, received, assigned, consultant, decided, outcome, end, provider) in rows {
        let rows: [Option<&str>; 13] = [
            Some(id),
            Some("C1"),
            None,
            Some(kind),
            Some("BW"),
            Some("Dordrecht"),
            Some(provider).filter(|v| !v.is_empty()),
            Some(consultant).filter(|v| !v.is_empty()),
            Some(received),
            Some(assigned).filter(|v| !v.is_empty()),
            Some(decided).filter(|v| !v.is_empty()),
            Some(outcome).filter(|v| !v.is_empty()),
            Some(end).filter(|v| !v.is_empty()),
        ];
        columns.push(rows);
    }
    columns.finish().unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const WORKED: [Row<'static>; 4] = [
    ("A", "reindication", "2025-03-10", "", "", "", "", "2025-05-31", "De Brug"),
    ("B", "new", "2025-04-02", "2025-05-06", "Jansen", "", "", "", ""),
    (
        "C",
        "reindication",
        "2025-05-20",
        "2025-05-21",
        "Jansen",
        "2025-06-17",
        "granted",
        "2025-07-31",
        "De Brug",
    ),
    ("D", "new", "2025-06-20", "", "", "", "", "", ""),
];

/// All figures of `rows` on `as_of`, unfiltered, with default settings and no forms.
fn figures_on(rows: &[Row], as_of: &str) -> Figures {
    figures(&frame(rows), date(as_of), &Filters::default(), &Settings::default(), &DataFrame::empty())
        .unwrap()
}

fn worked() -> Figures {
    figures_on(&WORKED, "2025-06-26")
}

#[test]
fn the_worked_example_gives_the_figures_of_the_spec() {
    let f = worked();
    assert_eq!(f.as_of, "2025-06-26");
    assert_eq!((f.open, f.unassigned), (3, 2));
    assert_eq!(f.oldest_open_month.as_deref(), Some("2025-03"));
    assert_eq!(f.oldest_unassigned_month.as_deref(), Some("2025-03"));
    assert_eq!((f.median_age_days, f.p85_age_days), (Some(85), Some(108)));
    assert_eq!((f.over_term, f.decided_last_4_weeks), (1, 1));
    let jansen = &f.throughput()[0];
    assert_eq!(f.throughput().len(), 1);
    assert_eq!((jansen.consultant.as_str(), jansen.wip, jansen.decided_last_4_weeks), ("Jansen", 1, 1));
    assert_eq!(jansen.median_lead_time_days, Some(28));
    assert_eq!(jansen.oldest_open_received_on.as_deref(), Some("2025-04-02"));
    assert_eq!(jansen.weeks.len(), 1);
    assert_eq!(
        (jansen.weeks[0].week.as_str(), jansen.weeks[0].decisions, jansen.weeks[0].withdrawals),
        ("2025-W25", 1, 0)
    );
    let risk = f.risk();
    assert_eq!(risk.len(), 1);
    assert_eq!((risk[0].lapsed, risk[0].uncovered_days, risk[0].expiring), (1, 26, 0));
    assert_eq!((risk[0].exposure_eur, risk[0].untariffed_days), (0.0, 26));
}

#[test]
fn the_worked_example_buckets_months_and_flow() {
    let f = worked();
    let buckets: Vec<(&str, u64, u64)> =
        f.age_buckets.iter().map(|b| (b.bucket.as_str(), b.new, b.reindication)).collect();
    assert_eq!(buckets, [("<2w", 1, 0), ("2-6w", 0, 0), ("6-13w", 1, 0), ("13-26w", 0, 1), (">=26w", 0, 0)]);
    let months: Vec<(&str, u64)> =
        f.open_by_received_month.iter().map(|m| (m.month.as_str(), m.count)).collect();
    assert_eq!(months, [("2025-03", 1), ("2025-04", 1), ("2025-06", 1)]);
    assert_eq!(f.flow_by_week.len(), 26);
    assert_eq!(f.flow_by_week[0].week, "2024-W52");
    let last = &f.flow_by_week[25];
    assert_eq!(
        (last.week.as_str(), last.inflow, last.outflow, last.net, last.open_end),
        ("2025-W25", 1, 1, 0, 3)
    );
    let w21 = f.flow_by_week.iter().find(|w| w.week == "2025-W21").unwrap();
    assert_eq!((w21.inflow, w21.open_end), (1, 3));
    let w10 = f.flow_by_week.iter().find(|w| w.week == "2025-W10").unwrap();
    assert_eq!((w10.inflow, w10.open_end), (0, 0));
    let w11 = f.flow_by_week.iter().find(|w| w.week == "2025-W11").unwrap();
    assert_eq!((w11.inflow, w11.open_end), (1, 1));
}

#[test]
fn the_json_has_the_keys_and_order_of_the_interface() {
    let json = serde_json::to_value(worked()).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "as_of",
        "open",
        "unassigned",
        "oldest_open_month",
        "oldest_unassigned_month",
        "median_age_days",
        "p85_age_days",
        "over_term",
        "decided_last_4_weeks",
        "forms_missing",
        "forms_incomplete",
        "ready_for_assessment",
        "age_buckets",
        "open_by_received_month",
        "throughput_by_consultant",
        "flow_by_week",
        "declaration_risk",
        "early_warning",
        "forecast",
        "lead_time_percentiles",
        "aging_wip",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["age_buckets"][0], serde_json::json!({"bucket": "<2w", "new": 1, "reindication": 0}));
    assert_eq!(
        json["throughput_by_consultant"][0]["weeks"],
        serde_json::json!([{"week": "2025-W25", "decisions": 1, "withdrawals": 0}])
    );
    assert_eq!(
        json["forecast"],
        serde_json::json!({"p50_weeks": null, "p85_weeks": null, "p95_weeks": null, "p50_date": null,
            "p85_date": null, "p95_date": null, "cleared_within_horizon": false})
    );
}

#[test]
fn no_cases_give_zeros_and_nulls() {
    let f = figures(
        &frame(&[]),
        date("2025-06-26"),
        &Filters::default(),
        &Settings::default(),
        &DataFrame::empty(),
    )
    .unwrap();
    assert_eq!((f.open, f.unassigned, f.over_term, f.decided_last_4_weeks), (0, 0, 0, 0));
    assert_eq!((f.oldest_open_month.clone(), f.median_age_days, f.p85_age_days), (None, None, None));
    assert_eq!(f.age_buckets.len(), 5);
    assert!(f.open_by_received_month.is_empty() && f.throughput().is_empty());
    assert!(f.flow_by_week.iter().all(|w| w.inflow == 0 && w.open_end == 0));
    let json = serde_json::to_value(&f).unwrap();
    assert!(json["median_age_days"].is_null() && json["oldest_unassigned_month"].is_null());
}

#[test]
fn all_closed_means_nothing_open_but_throughput_counts() {
    let rows = [
        ("A", "new", "2025-05-01", "2025-05-02", "Bakker", "2025-06-02", "refused", "", ""),
        ("B", "new", "2025-05-01", "2025-05-02", "Bakker", "2025-06-03", "withdrawn", "", ""),
    ];
    let f = figures_on(&rows, "2025-06-26");
    assert_eq!((f.open, f.median_age_days), (0, None));
    let bakker = &f.throughput()[0];
    assert_eq!(
        (bakker.wip, bakker.decided_last_4_weeks, bakker.oldest_open_received_on.clone()),
        (0, 1, None)
    );
    assert_eq!(bakker.median_lead_time_days, Some(32));
    assert_eq!((bakker.weeks[0].decisions, bakker.weeks[0].withdrawals), (1, 1));
    assert_eq!(f.decided_last_4_weeks, 1);
}

#[test]
fn one_case_received_on_the_as_of_date_is_open_and_zero_days_old() {
    let rows = [("A", "new", "2025-06-26", "", "", "", "", "", "")];
    let f = figures_on(&rows, "2025-06-26");
    assert_eq!((f.open, f.unassigned, f.median_age_days, f.p85_age_days), (1, 1, Some(0), Some(0)));
    assert_eq!(f.oldest_unassigned_month.as_deref(), Some("2025-06"));
    // Received in the as-of date's own week: not in any full week of the flow.
    assert!(f.flow_by_week.iter().all(|w| w.inflow == 0));
}

#[test]
fn a_case_decided_on_the_as_of_date_is_closed_and_a_later_decision_is_not_yet_known() {
    let rows = [
        ("A", "new", "2025-06-02", "2025-06-03", "Jansen", "2025-06-26", "granted", "", ""),
        ("B", "new", "2025-06-02", "2025-06-03", "Jansen", "2025-06-27", "granted", "", ""),
        ("C", "new", "2025-06-27", "", "", "", "", "", ""),
    ];
    let f = figures_on(&rows, "2025-06-26");
    assert_eq!(f.open, 1, "A is decided on T; B is decided after T and so open; C is not yet received");
    assert_eq!(f.throughput()[0].wip, 1);
    // Decided in the as-of date's own week: not among the last 4 full weeks.
    assert_eq!(f.decided_last_4_weeks, 0);
}

#[test]
fn weeks_53_and_1_and_a_leap_day() {
    let rows = [
        ("A", "new", "2020-12-01", "2020-12-01", "Jansen", "2021-01-03", "granted", "", ""),
        ("B", "new", "2020-12-01", "2020-12-01", "Jansen", "2021-01-04", "granted", "", ""),
        ("C", "reindication", "2020-02-29", "", "", "", "", "2020-12-31", "De Brug"),
    ];
    let f = figures_on(&rows, "2021-01-14");
    let weeks: Vec<&str> = f.throughput()[0].weeks.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(weeks, ["2020-W53", "2021-W01"]);
    let flow: Vec<&str> = f.flow_by_week.iter().rev().take(2).map(|w| w.week.as_str()).collect();
    assert_eq!(flow, ["2021-W01", "2020-W53"]);
    assert_eq!(f.flow_by_week[25].outflow, 1);
    // 2020-02-29 to 2021-01-14: 320 days (2020 is a leap year); lapsed since 2020-12-31: 14 days.
    assert_eq!(f.median_age_days, Some(320));
    assert_eq!(f.open_by_received_month[0].month, "2020-02");
    assert_eq!(f.risk()[0].uncovered_days, 14);
}

#[test]
fn percentiles_use_the_lower_middle_and_the_nearest_rank() {
    assert_eq!(lower_median(&[1, 2, 3, 4]), Some(2));
    assert_eq!(lower_median(&[]), None);
    let twenty: Vec<i64> = (1..=20).collect();
    assert_eq!(nearest_rank(&twenty, 85), Some(17));
    assert_eq!(nearest_rank(&[5], 85), Some(5));
    assert_eq!(nearest_rank(&[1, 2, 3, 4, 5, 6, 7], 85), Some(6));
}

#[test]
fn filters_narrow_every_figure_and_read_dutch_request_types() {
    let cases = frame(&WORKED);
    let as_of = date("2025-06-26");
    let only = |filters: Filters| {
        figures(&cases, as_of, &filters, &Settings::default(), &DataFrame::empty()).unwrap()
    };
    let new = only(Filters { request_type: Some("Nieuw".into()), ..Filters::default() });
    assert_eq!((new.open, new.unassigned, new.over_term), (2, 1, 1));
    let jansen = only(Filters { consultant: Some("Jansen".into()), ..Filters::default() });
    assert_eq!((jansen.open, jansen.decided_last_4_weeks), (1, 1));
    let brug =
        only(Filters { provider: Some("De Brug".into()), product: Some("bw".into()), ..Filters::default() });
    assert_eq!((brug.open, brug.risk().len()), (1, 1));
    let elsewhere = only(Filters { municipality: Some("Zwijndrecht".into()), ..Filters::default() });
    assert_eq!((elsewhere.open, elsewhere.oldest_open_month), (0, None));
    let wrong = Filters { request_type: Some("spoed".into()), ..Filters::default() };
    assert!(matches!(
        figures(&cases, as_of, &wrong, &Settings::default(), &DataFrame::empty()),
        Err(MetricsError::UnknownRequestType(_))
    ));
}

#[test]
fn tariffs_price_uncovered_days_per_product() {
    let settings = Settings { tariffs: [("BW".to_owned(), 150.5)].into(), ..Settings::default() };
    let f = figures(&frame(&WORKED), date("2025-06-26"), &Filters::default(), &settings, &DataFrame::empty())
        .unwrap();
    assert_eq!((f.risk()[0].exposure_eur, f.risk()[0].untariffed_days), (3913.0, 0));
}

#[test]
fn the_queue_lists_open_cases_oldest_first_and_narrows_like_the_tiles() {
    let day = Day::new(date("2025-06-26"));
    let prepared = prepare(&frame(&WORKED), day, &Filters::default(), &DataFrame::empty()).unwrap();
    let ids = |params: QueueParams| -> Vec<String> {
        let sorted = queue::matching(&prepared, &params, &Settings::default()).unwrap();
        queue::rows(&sorted, day).unwrap().into_iter().map(|r| r.case_id).collect()
    };
    assert_eq!(ids(QueueParams::default()), ["A", "B", "D"]);
    assert_eq!(ids(QueueParams { descending: true, ..QueueParams::default() }), ["D", "B", "A"]);
    assert_eq!(
        ids(QueueParams { status: Some("niet-opgepakt".into()), ..QueueParams::default() }),
        ["A", "D"]
    );
    assert_eq!(ids(QueueParams { age: Some("6-13w".into()), ..QueueParams::default() }), ["B"]);
    assert_eq!(ids(QueueParams { month: Some("2025-03".into()), ..QueueParams::default() }), ["A"]);
    assert_eq!(ids(QueueParams { over_term: true, ..QueueParams::default() }), ["B"]);
    assert_eq!(ids(QueueParams { indication: Some("verlopen".into()), ..QueueParams::default() }), ["A"]);
    assert!(
        ids(QueueParams { indication: Some("bijna-verlopen".into()), ..QueueParams::default() }).is_empty()
    );
    assert_eq!(ids(QueueParams { sort: SortKey::Consultant, ..QueueParams::default() }), ["B", "A", "D"]);
    let sorted = queue::matching(&prepared, &QueueParams::default(), &Settings::default()).unwrap();
    let page = queue::page(&sorted, 9, day).unwrap();
    assert_eq!((page.total, page.page, page.pages), (3, 1, 1));
    let a = &page.rows[0];
    assert_eq!((a.days_open, a.lapsed, a.consultant.clone()), (108, true, None));
    assert_eq!(page.rows[1].consultant.as_deref(), Some("Jansen"));
}

#[test]
fn risk_edges_an_end_on_the_as_of_date_or_56_days_later_and_no_provider() {
    let rows = [
        ("A", "reindication", "2025-05-01", "", "", "", "", "2025-06-26", "De Brug"),
        ("B", "reindication", "2025-05-01", "", "", "", "", "2025-08-21", "De Brug"),
        ("C", "reindication", "2025-05-01", "", "", "", "", "2025-08-22", "De Brug"),
        ("D", "reindication", "2025-05-01", "", "", "", "", "2025-06-25", ""),
    ];
    let f = figures_on(&rows, "2025-06-26");
    let brug = &f.risk()[0];
    assert_eq!(brug.provider.as_deref(), Some("De Brug"));
    assert_eq!(
        (brug.lapsed, brug.uncovered_days, brug.expiring),
        (0, 0, 2),
        "T and T + 56 expire, T + 57 not"
    );
    let none = &f.risk()[1];
    assert_eq!(
        (none.provider.clone(), none.lapsed, none.uncovered_days),
        (None, 1, 1),
        "listed last, counted"
    );
}

fn forms(states: &[(&str, FormState)]) -> DataFrame {
    form_frame(&states.iter().map(|(id, s)| ((*id).to_owned(), *s)).collect::<Vec<_>>()).unwrap()
}

#[test]
fn form_readiness_counts_open_reindications_by_their_newest_form() {
    let none = worked();
    assert_eq!(
        (none.forms_missing, none.forms_to_assess(), none.forms_incomplete, none.ready_for_assessment),
        (1, 0, 0, 0),
        "A is the only open reindication"
    );
    let as_of = date("2025-06-26");
    let with = |states: &[(&str, FormState)]| {
        figures(&frame(&WORKED), as_of, &Filters::default(), &Settings::default(), &forms(states)).unwrap()
    };
    // C is closed and B a new request: their forms do not count.
    let ready = with(&[("A", FormState::Ready), ("B", FormState::Ready), ("C", FormState::Incomplete)]);
    assert_eq!(
        (ready.forms_missing, ready.forms_to_assess(), ready.forms_incomplete, ready.ready_for_assessment),
        (0, 0, 0, 1)
    );
    let incomplete = with(&[("A", FormState::Incomplete)]);
    assert_eq!((incomplete.forms_incomplete, incomplete.ready_for_assessment), (1, 0));
    let waiting = with(&[("A", FormState::ToAssess)]);
    assert_eq!((waiting.forms_to_assess(), waiting.forms_missing), (1, 0));
    assert_eq!(waiting.open, 3, "forms change no other figure");
}

#[test]
fn the_queue_puts_ready_cases_first_among_equally_old_ones_and_filters_by_form() {
    let rows = [
        ("P", "reindication", "2025-05-01", "", "", "", "", "2025-09-30", "De Brug"),
        ("Q", "reindication", "2025-05-01", "", "", "", "", "2025-09-30", "De Brug"),
        ("R", "reindication", "2025-05-01", "", "", "", "", "2025-09-30", "De Brug"),
        ("S", "reindication", "2025-04-01", "", "", "", "", "2025-09-30", "De Brug"),
        ("N", "new", "2025-05-01", "", "", "", "", "", ""),
    ];
    let day = Day::new(date("2025-06-26"));
    let states = forms(&[("R", FormState::Ready), ("Q", FormState::Incomplete), ("S", FormState::ToAssess)]);
    let prepared = prepare(&frame(&rows), day, &Filters::default(), &states).unwrap();
    let listed = |params: QueueParams| -> Vec<(String, Option<FormState>)> {
        let sorted = queue::matching(&prepared, &params, &Settings::default()).unwrap();
        queue::rows(&sorted, day).unwrap().into_iter().map(|r| (r.case_id, r.form)).collect()
    };
    let ids = |params| listed(params).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    assert_eq!(ids(QueueParams::default()), ["S", "R", "N", "P", "Q"], "the oldest first, then ready");
    assert_eq!(ids(QueueParams { descending: true, ..QueueParams::default() }), ["R", "Q", "P", "N", "S"]);
    let all = listed(QueueParams::default());
    assert_eq!(all[2], ("N".to_owned(), None), "a new request has no form state");
    assert_eq!(all[3], ("P".to_owned(), Some(FormState::Missing)));
    let only = |state| ids(QueueParams { form: Some(state), ..QueueParams::default() });
    assert_eq!(only(FormState::Ready), ["R"]);
    assert_eq!(only(FormState::Missing), ["P"]);
    assert_eq!(only(FormState::Incomplete), ["Q"]);
    assert_eq!(only(FormState::ToAssess), ["S"]);
}

#[test]
fn the_worked_example_never_clears_at_its_pace_but_does_with_one_extra_decision_a_week() {
    let f = worked().forecast.unwrap();
    // 12 weeks before W26: B, C and D came in, one decision (C): the queue never shrinks.
    assert_eq!((f.p50_weeks, f.p95_weeks, f.cleared_within_horizon), (None, None, false));
    let day = Day::new(date("2025-06-26"));
    let prepared = prepare(&frame(&WORKED), day, &Filters::default(), &DataFrame::empty()).unwrap();
    let faster = forecast::forecast(&prepared, day, 3, 1, forecast::HISTORY_WEEKS).unwrap();
    let (p50, p95) = (faster.p50_weeks.unwrap(), faster.p95_weeks.unwrap());
    assert!((3..=6).contains(&p50) && p95 >= p50 && p95 <= 12, "{faster:?}");
    assert_eq!(faster.p50_date, Some(calendar::iso_date(day.today + 7 * p50 as i32)));
    assert!(faster.cleared_within_horizon);
    assert_eq!(
        forecast::forecast(&prepared, day, 3, 1, forecast::HISTORY_WEEKS).unwrap(),
        faster,
        "the same seed, the same answer"
    );
}

#[test]
fn the_forecast_reports_nearest_rank_weeks_and_no_open_cases_as_week_zero() {
    let day = Day::new(date("2025-06-26"));
    let half: Vec<Option<u32>> = [Some(1); 50].into_iter().chain([None; 50]).collect();
    let f = forecast::summary(&half, day);
    assert_eq!((f.p50_weeks, f.p85_weeks, f.cleared_within_horizon), (Some(1), None, true));
    assert_eq!(f.p50_date.as_deref(), Some("2025-07-03"));
    let fewer: Vec<Option<u32>> = [Some(1); 49].into_iter().chain([None; 51]).collect();
    assert!(!forecast::summary(&fewer, day).cleared_within_horizon);
    let none = forecast::summary(&forecast::simulate(0, &[(5, 0)], 1), day);
    assert_eq!(
        (none.p50_weeks, none.p95_weeks, none.p50_date.as_deref()),
        (Some(0), Some(0), Some("2025-06-26"))
    );
    let steady = forecast::simulate(10, &[(0, 5)], 1);
    assert!(steady.iter().all(|w| *w == Some(2)), "10 open, 5 decided a week: two weeks");
}

#[test]
fn a_removed_snapshots_groups_give_the_trend_point_its_figures_gave_under_the_filters() {
    let cases = frame(&WORKED);
    let as_of = date("2025-06-26");
    let groups = trend::groups(&cases, as_of).unwrap();
    assert!(groups.iter().all(|g| g.open > 0 && g.as_of == "2025-06-26"));
    let scope = |names: &[&str]| Some(names.iter().map(|n| n.to_string()).collect());
    for filters in [
        Filters::default(),
        Filters { request_type: Some("Nieuw".into()), ..Filters::default() },
        Filters { provider: Some("De Brug".into()), product: Some("bw".into()), ..Filters::default() },
        Filters { municipality: Some("Zwijndrecht".into()), ..Filters::default() },
        Filters { organisation_scope: scope(&["De Brug"]), ..Filters::default() },
    ] {
        let kept = figures(&cases, as_of, &filters, &Settings::default(), &DataFrame::empty()).unwrap();
        let point = trend::points(&trend::frame(&groups).unwrap(), &filters).unwrap();
        assert_eq!(point.len(), 1, "{filters:?}");
        assert_eq!(
            (point[0].open, point[0].unassigned, point[0].oldest_unassigned_month.clone()),
            (kept.open, kept.unassigned, kept.oldest_unassigned_month.clone()),
            "{filters:?}"
        );
    }
}

#[test]
fn a_removed_snapshot_with_nothing_open_keeps_its_date_with_zeros() {
    let closed = [("C", "new", "2025-05-20", "2025-05-21", "Jansen", "2025-06-17", "granted", "", "")];
    let groups = trend::groups(&frame(&closed), date("2025-06-26")).unwrap();
    let points = trend::points(&trend::frame(&groups).unwrap(), &Filters::default()).unwrap();
    assert_eq!((points.len(), points[0].open, points[0].unassigned), (1, 0, 0));
    assert_eq!(points[0].as_of, "2025-06-26");
}
