//! The figures across snapshots of spec/flow.md through the real server, on the worked example
//! of three weekly exports (tests/fixtures/flow): A picked up between the first two and its
//! indication end moved in the third, B handed to another consultant, C decided, D gone from the
//! second and back in the third, E and H unchanged throughout (H's received date corrected in the
//! third), I withdrawn in the second and open again in the third, F new in the third.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use serde_json::json;
use werkvoorraad::domain::access::Role;

const SNAPSHOTS: [(&str, &[u8]); 3] = [
    ("2025-06-12", include_bytes!("fixtures/flow/2025-06-12.csv")),
    ("2025-06-19", include_bytes!("fixtures/flow/2025-06-19.csv")),
    ("2025-06-26", include_bytes!("fixtures/flow/2025-06-26.csv")),
];

async fn with_three_snapshots() -> TestServer {
    let server = TestServer::start().await;
    for (as_of, file) in SNAPSHOTS {
        let (status, body) = server.post_import("/api/v1/imports", file, as_of).await;
        assert_eq!(status, 201, "{as_of}: {body}");
    }
    server
}

#[test]
fn the_metrics_give_the_flow_figures_of_the_worked_example() {
    common::run(async {
        let server = with_three_snapshots().await;
        let (status, m) = server.json("/api/v1/metrics").await;
        assert_eq!(status, 200, "{m}");
        // Decisions in the 13 full weeks before 23-06-2025: G (49 days) and C (64 days).
        assert_eq!(m["lead_time_percentiles"], json!({"p50": 49, "p70": 64, "p85": 64, "p95": 64}));
        // Open: D and F not picked up; A (108 days) and B (85 days) older than p85 = 64.
        assert_eq!(
            m["aging_wip"],
            json!([
                {"stage": "unassigned", "count": 2, "above_p85": 0},
                {"stage": "in_progress", "count": 5, "above_p85": 2},
                {"stage": "ready", "count": 0, "above_p85": 0},
            ])
        );
        assert_eq!(m["stalled"], 2, "E and H");
        assert_eq!(
            m["cfd"],
            json!([
                {"as_of": "2025-06-12", "arrived": 8, "picked_up": 6, "decided": 1},
                {"as_of": "2025-06-19", "arrived": 8, "picked_up": 7, "decided": 3},
                {"as_of": "2025-06-26", "arrived": 9, "picked_up": 7, "decided": 2},
            ])
        );
        assert_eq!(
            m["data_quality"],
            json!({"vanished": [], "returned": ["D"], "received_on_changed": ["H"], "reopened": ["I"]})
        );
    })
}

#[test]
fn an_earlier_as_of_date_reads_the_series_up_to_it_and_filters_apply() {
    common::run(async {
        let server = with_three_snapshots().await;
        let (_, m) = server.json("/api/v1/metrics?as_of=2025-06-19").await;
        assert_eq!(m["stalled"], serde_json::Value::Null, "two snapshots, N = 3");
        assert_eq!(
            m["data_quality"],
            json!({"vanished": ["D"], "returned": [], "received_on_changed": [], "reopened": []})
        );
        assert_eq!(m["cfd"].as_array().map(Vec::len), Some(2));
        let (_, m) = server.json("/api/v1/metrics?consultant=Bakker").await;
        assert_eq!(m["stalled"], 1, "E");
        assert_eq!(m["cfd"][2], json!({"as_of": "2025-06-26", "arrived": 4, "picked_up": 4, "decided": 2}));
        assert_eq!(m["data_quality"]["reopened"], json!(["I"]));
        assert_eq!(m["data_quality"]["returned"], json!([]));
    })
}

/// One decision in each of the 12 full weeks before 26-06-2025, and one open case.
fn one_decision_a_week() -> Vec<u8> {
    let mut text = String::from(
        "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n",
    );
    let first_wednesday = chrono::NaiveDate::from_ymd_opt(2025, 4, 2).expect("date");
    for week in 0..12 {
        let decided = first_wednesday + chrono::Duration::weeks(week);
        let received = decided - chrono::Duration::days(30);
        let (d, r) = (decided.format("%d-%m-%Y"), received.format("%d-%m-%Y"));
        text.push_str(&format!("W{week};C{week};Nieuw;MO;Dordrecht;;Bakker;{r};{r};{d};Toegekend;\r\n"));
    }
    text.push_str("OPEN;C99;Nieuw;MO;Dordrecht;;;01-06-2025;;;;\r\n");
    text.into_bytes()
}

#[test]
fn how_many_by_a_date_counts_the_full_weeks_to_it_at_the_pace_of_the_window() {
    common::run(async {
        let server = TestServer::start().await;
        let (status, _) = server.post_import("/api/v1/imports", &one_decision_a_week(), "2025-06-26").await;
        assert_eq!(status, 201);
        for (query, expected) in [
            ("by=2025-07-10", json!({"date": "2025-07-10", "p50": 2, "p85": 2, "p95": 2})),
            ("by=09-07-2025&window=6", json!({"date": "2025-07-09", "p50": 1, "p85": 1, "p95": 1})),
            ("by=2025-06-26&window=26", json!({"date": "2025-06-26", "p50": 0, "p85": 0, "p95": 0})),
        ] {
            let (status, m) = server.json(&format!("/api/v1/metrics?{query}")).await;
            assert_eq!(status, 200, "{query}: {m}");
            assert_eq!(m["forecast_by_date"], expected, "{query}");
        }
        let (_, page) = server.get("/?by=2025-07-10").await;
        assert!(
            page.contains("Met 85% zekerheid zijn er op 10-07-2025 ten minste 2 zaken besloten."),
            "{page}"
        );
        assert!(
            page.contains("met 85% zekerheid weg te hebben, is er per week 1 besluit extra nodig."),
            "{page}"
        );
        let (_, page) = server.get("/?by=gisteren").await;
        assert!(page.contains("is geen datum"), "{page}");
        // The Overzicht's window: the same forecast as the API's, said over that window.
        let (_, page) = server.get("/?window=6&by=09-07-2025").await;
        assert!(
            page.contains("de laatste 6 volle weken") && page.contains(r#"<option value="6" selected"#),
            "{page}"
        );
        assert!(
            page.contains("Met 85% zekerheid zijn er op 09-07-2025 ten minste 1 zaak besloten."),
            "{page}"
        );
        let (_, page) = server.get("/?window=7").await;
        assert!(page.contains("Kies 6, 12 of 26 weken"), "{page}");
        let (_, plain) = server.json("/api/v1/metrics").await;
        assert!(plain.get("forecast_by_date").is_none(), "only when asked");
        // Over 26 weeks, 14 of them without a decision: the open case takes longer at 85 %.
        let (_, wide) = server.json("/api/v1/metrics?window=26").await;
        let weeks = |m: &serde_json::Value| m["forecast"]["p85_weeks"].as_u64().unwrap_or(u64::MAX);
        assert!(weeks(&wide) > weeks(&plain), "{} against {}", wide["forecast"], plain["forecast"]);
        for (query, says) in [
            ("window=7", "Kies 6, 12 of 26 weken"),
            ("by=gisteren", "is geen datum"),
            ("by=2030-01-01", "ligt buiten de voorspelling"),
            ("by=2025-06-25", "Kies een datum van 26-06-2025 tot en met"),
        ] {
            let (status, body) = server.get(&format!("/api/v1/metrics?{query}")).await;
            assert_eq!(status, 400, "{query}: {body}");
            assert!(body.contains(says), "{query}: {body}");
        }
    })
}

/// The kinds and dates of a case's events.
fn kinds(history: &serde_json::Value) -> Vec<(String, String)> {
    let events = history["events"].as_array().cloned().unwrap_or_default();
    events
        .iter()
        .map(|e| (e["kind"].as_str().unwrap_or("?").into(), e["date"].as_str().unwrap_or("?").into()))
        .collect()
}

#[test]
fn a_case_history_tells_what_changed_between_snapshots_and_a_provider_sees_no_names() {
    common::run(async {
        let mut server = with_three_snapshots().await;
        let (status, a) = server.json("/api/v1/cases/A/history").await;
        assert_eq!(status, 200, "{a}");
        assert_eq!(
            a["events"],
            json!([
                {"kind": "received", "date": "2025-03-10", "snapshot_as_of": "2025-06-12", "detail": {}},
                {"kind": "picked_up", "date": "2025-06-16", "snapshot_as_of": "2025-06-19",
                 "detail": {"consultant": "Jansen"}},
                {"kind": "indication_end_changed", "date": "2025-06-26", "snapshot_as_of": "2025-06-26",
                 "detail": {"from": "2025-05-31", "to": "2025-06-30"}},
            ])
        );
        let (_, b) = server.json("/api/v1/cases/B/history").await;
        assert_eq!(b["events"][2]["detail"], json!({"from": "Jansen", "to": "De Vries"}));
        let pairs =
            |list: &[(&str, &str)]| list.iter().map(|(k, d)| ((*k).into(), (*d).into())).collect::<Vec<_>>();
        assert_eq!(
            kinds(&b),
            pairs(&[
                ("received", "2025-04-02"),
                ("picked_up", "2025-05-06"),
                ("consultant_changed", "2025-06-19")
            ])
        );
        let (_, d) = server.json("/api/v1/cases/D/history").await;
        assert_eq!(
            kinds(&d),
            pairs(&[("received", "2025-05-05"), ("vanished", "2025-06-19"), ("returned", "2025-06-26")])
        );
        let (_, i) = server.json("/api/v1/cases/I/history").await;
        assert_eq!(
            kinds(&i),
            pairs(&[
                ("received", "2025-05-25"),
                ("picked_up", "2025-06-01"),
                ("decided", "2025-06-18"),
                ("reopened", "2025-06-26"),
            ])
        );
        assert_eq!(i["events"][2]["detail"], json!({"outcome": "withdrawn"}));
        let (status, _) = server.json("/api/v1/cases/BESTAATNIET/history").await;
        assert_eq!(status, 404);

        server.sign_in_as(Role::Provider).await;
        let (_, a) = server.json("/api/v1/cases/A/history").await;
        assert_eq!(
            a["events"][1],
            json!({"kind": "picked_up", "date": "2025-06-16",
            "snapshot_as_of": "2025-06-19", "detail": {}})
        );
        let (status, body) = server.get("/api/v1/cases/B/history").await;
        assert_eq!(status, 404, "another organisation's case: {body}");
        assert!(!body.contains("Jansen") && !body.contains("Vries"));
        let logged: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT action, case_id, outcome FROM access_log WHERE action = 'zaakgeschiedenis bekeken' ORDER BY id",
        )
        .fetch_all(server.db.pool())
        .await
        .expect("log");
        assert_eq!(logged.len(), 7, "every look, also the refused ones: {logged:?}");
        assert_eq!(logged[6], ("zaakgeschiedenis bekeken".into(), Some("B".into()), "niet gevonden".into()));
    })
}

#[test]
fn an_import_warns_about_what_changed_against_the_export_before_and_is_stored_anyway() {
    common::run(async {
        let server = TestServer::start().await;
        let mut answers = Vec::new();
        for (as_of, file) in SNAPSHOTS {
            let (status, body) = server.post_import("/api/v1/imports", file, as_of).await;
            assert_eq!(status, 201, "{as_of}: {body}");
            answers.push(serde_json::from_str::<serde_json::Value>(&body).expect("json"));
        }
        assert_eq!(answers[0]["data_quality"]["vanished"], json!([]), "nothing before the first");
        assert_eq!(answers[1]["data_quality"]["vanished"], json!(["D"]));
        assert_eq!(answers[2]["data_quality"]["returned"], json!(["D"]));
        let id = answers[2]["snapshot_id"].as_i64().expect("id");
        let (status, page) = server.get(&format!("/import?momentopname={id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("1 zaak weer terug na eerder te zijn verdwenen: D"), "{page}");
        assert!(page.contains("1 zaak met een andere datum melding: H"));
        assert!(page.contains("1 zaak weer open na een besluit: I"));
    })
}

#[test]
fn stalled_cases_are_a_tile_a_queue_filter_and_a_mark_and_n_is_a_setting() {
    common::run(async {
        let server = with_three_snapshots().await;
        assert_eq!(server.text_of("/", "tile-stalled").await, "2");
        let (_, page) = server.json("/api/v1/cases?stil=1").await;
        let mut ids: Vec<&str> =
            page["cases"].as_array().expect("cases").iter().filter_map(|c| c["case_id"].as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["E", "H"], "{page}");
        let (_, e) = server.get("/zaak/E").await;
        assert!(e.contains(r#"data-testid="stalled""#) && e.contains("in de laatste 3 exports"), "{e}");
        let (_, a) = server.get("/zaak/A").await;
        assert!(!a.contains(r#"data-testid="stalled""#));
        assert!(a.contains("opgepakt 16-06-2025 door Jansen"), "the timeline");
        assert!(a.contains("einddatum indicatie verschoven van 31-05-2025 naar 30-06-2025"));

        let (status, _) = server.post_form("/instellingen", &[("stalled_snapshots", "1")]).await;
        assert_eq!(status, 303);
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["stalled"], 2, "1 is refused, nothing saved");
        let (status, _) = server.post_form("/instellingen", &[("stalled_snapshots", "2")]).await;
        assert_eq!(status, 303);
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["stalled"], 3, "B, E and H over the last two exports");
    })
}

#[test]
fn the_ageing_chart_shows_each_open_case_by_stage_and_age_and_a_consultant_sees_their_own_marked() {
    common::run(async {
        let mut server = with_three_snapshots().await;
        let (status, page) = server.get("/doorstroom").await;
        assert_eq!(status, 200, "{page}");
        // Open on 26-06-2025: D and F not picked up, A B E H I in progress; lines at 49, 64, 64, 64 days.
        for (id, label) in [
            ("A", "in behandeling, 108 dagen oud"),
            ("B", "in behandeling, 85 dagen oud"),
            ("D", "niet opgepakt, 52 dagen oud"),
            ("F", "niet opgepakt, 6 dagen oud"),
            ("I", "in behandeling, 32 dagen oud"),
        ] {
            let dot = format!(r#"<a href="/zaak/{id}" aria-label="Zaak {id}: {label}">"#);
            assert_eq!(page.matches(&dot).count(), 2, "{id}: one dot in each size");
        }
        assert!(!page.contains(r#"href="/zaak/C""#) && !page.contains(r#"href="/zaak/G""#), "decided");
        assert!(page.contains("85%: 64 dagen"), "the line in the description");
        assert!(page.contains("in behandeling: 5 zaken, 2 ouder dan de 85%-lijn"));
        assert!(
            page.contains("ja</td>") && !page.contains("Uw zaak"),
            "late ones; nobody's own for a team lead"
        );
        assert!(page.contains(r#"data-testid="chart-doorstroom""#) && page.contains("19-06-2025"), "the cfd");
        assert!(page.contains(r#"data-testid="chart-instroom-uitstroom""#));
        assert!(page.contains(r#"data-testid="chart-verloop""#));

        server.sign_in_as(Role::Consultant).await;
        let (_, page) = server.get("/doorstroom").await;
        assert!(!page.contains("Uw zaak"), "a consultant without a name in the export");
        let user =
            server.db.user_by_email(&common::email(Role::Consultant)).await.expect("db").expect("user");
        server.sign_in_as(Role::Admin).await;
        let id = user.id.to_string();
        let (status, _) = server
            .post_form("/beheer/gebruikers/consulent", &[("id", &id), ("consultant_name", " Jansen ")])
            .await;
        assert_eq!(status, 303);
        server.sign_in_as(Role::Consultant).await;
        let (_, page) = server.get("/doorstroom").await;
        assert!(page.contains("Uw eigen zaken zijn omcirkeld"), "{page}");
        // Jansen has A and H; the table's last column says so, and only for those two.
        let own = page.split("<tr>").filter(|row| row.contains("/zaak/") && row.contains(">ja</td><!></tr>"));
        let own: Vec<&str> = own.filter_map(|row| row.split(r#"">"#).nth(2)?.split('<').next()).collect();
        assert_eq!(own, ["A", "H"], "{page}");

        server.sign_in_as(Role::Admin).await;
        let teamlead =
            server.db.user_by_email(&common::email(Role::TeamLead)).await.expect("db").expect("user");
        let (_, answer) = server
            .post_form(
                "/beheer/gebruikers/consulent",
                &[("id", &teamlead.id.to_string()), ("consultant_name", "X")],
            )
            .await;
        let stored = server.db.user_by_id(teamlead.id).await.expect("db").expect("user");
        assert_eq!(stored.consultant_name, None, "only a consultant has a name in the export: {answer}");
        server.sign_in_as(Role::Provider).await;
        let (status, _) = server.get("/doorstroom").await;
        assert_eq!(status, 403, "not for providers");
    })
}

#[test]
fn the_series_follows_the_as_of_dates_not_the_import_order_and_a_later_import_of_a_date_wins() {
    common::run(async {
        let server = TestServer::start().await;
        for (as_of, file) in [SNAPSHOTS[2], SNAPSHOTS[0], SNAPSHOTS[1]] {
            let (status, body) = server.post_import("/api/v1/imports", file, as_of).await;
            assert_eq!(status, 201, "{as_of}: {body}");
        }
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["stalled"], 2, "as in date order");
        assert_eq!(m["cfd"][1], json!({"as_of": "2025-06-19", "arrived": 8, "picked_up": 7, "decided": 3}));
        assert_eq!(m["data_quality"]["returned"], json!(["D"]));

        // A corrected export of 19-06-2025 that still holds D: D never left the exports.
        let mut corrected = String::from_utf8_lossy(SNAPSHOTS[1].1).into_owned();
        corrected.push_str("D;C4;Herindicatie;BW;Dordrecht;Leger des Heils;;05-05-2025;;;;31-07-2025\n");
        let (status, body) = server.post_import("/api/v1/imports", corrected.as_bytes(), "2025-06-19").await;
        assert_eq!(status, 201, "{body}");
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["cfd"].as_array().map(Vec::len), Some(3), "one point per as-of date");
        assert_eq!(m["data_quality"]["returned"], json!([]));
        assert_eq!(m["stalled"], 3, "D unchanged in all three now, besides E and H");
        let (_, d) = server.json("/api/v1/cases/D/history").await;
        assert_eq!(kinds(&d), [("received".to_owned(), "2025-05-05".to_owned())]);
    })
}
