//! Consulenten: per consultant the work in progress, decisions in the last 4 weeks, median lead
//! time and oldest open case, and decisions per week and per month as tables shaded by count.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::filter_bar::FilterBar;
use crate::components::table::ColumnHeads;
use crate::domain::dates::{days_text, local_date, local_month};
use crate::domain::figures::ConsultantThroughput;
#[cfg(feature = "ssr")]
use crate::domain::figures::WeekThroughput;
use crate::domain::filters::{href, ViewInfo, ViewQuery};
use crate::i18n::{t, t_with, use_locale};

/// What the page shows and nothing more: per consultant its row, and the two shaded tables.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsultantsData {
    pub info: ViewInfo,
    pub consultants: Vec<ConsultantRow>,
    /// Decisions in the last full ISO weeks before the as-of date, oldest first.
    pub weekly: Shading,
    /// Decisions in the last months that have closures, oldest first.
    pub monthly: Shading,
}

/// One consultant's figures, with the totals of decisions and withdrawals.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsultantRow {
    pub figures: ConsultantThroughput,
    pub decisions: u64,
    pub withdrawals: u64,
}

/// A consultant × period table: the periods (`2025-W25`, `2025-06`) and per consultant the counts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Shading {
    pub periods: Vec<String>,
    pub rows: Vec<(String, Vec<u64>)>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_consultants(query: ViewQuery) -> Result<Option<ConsultantsData>, ServerFnError> {
    use crate::analytics::Analytics;
    /// Weeks shown in the shaded table.
    const WEEKS_SHOWN: usize = 13;
    let grant = super::require(crate::domain::access::Action::Throughput).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let Some((info, figures)) = super::view_figures(&analytics, &query).await? else { return Ok(None) };
    let months = analytics.closures_by_month(&query).await.map_err(super::analytics_error)?;
    let flow = &figures.flow_by_week;
    let weeks: Vec<String> =
        flow[flow.len().saturating_sub(WEEKS_SHOWN)..].iter().map(|w| w.week.clone()).collect();
    let month_labels = last_months(&months);
    let shading = |periods: Vec<String>, of: &mut dyn Iterator<Item = (&String, &Vec<WeekThroughput>)>| {
        Shading { rows: of.map(|(name, closed)| (name.clone(), counts(closed, &periods))).collect(), periods }
    };
    let throughput = figures.throughput();
    Ok(Some(ConsultantsData {
        info: grant.release(info),
        consultants: throughput
            .iter()
            .map(|c| ConsultantRow {
                decisions: c.weeks.iter().map(|w| w.decisions).sum(),
                withdrawals: c.weeks.iter().map(|w| w.withdrawals).sum(),
                figures: ConsultantThroughput { weeks: Vec::new(), ..c.clone() },
            })
            .collect(),
        weekly: shading(weeks, &mut throughput.iter().map(|c| (&c.consultant, &c.weeks))),
        monthly: shading(month_labels, &mut months.iter()),
    }))
}

/// Decisions per period, 0 where the consultant had none.
#[cfg(feature = "ssr")]
fn counts(closed: &[WeekThroughput], periods: &[String]) -> Vec<u64> {
    periods.iter().map(|l| closed.iter().find(|p| &p.week == l).map_or(0, |p| p.decisions)).collect()
}

/// The last months that have closures, ascending.
#[cfg(feature = "ssr")]
fn last_months(months: &std::collections::BTreeMap<String, Vec<WeekThroughput>>) -> Vec<String> {
    /// Months shown in the shaded table.
    const MONTHS_SHOWN: usize = 6;
    let mut all: Vec<String> = months.values().flat_map(|m| m.iter().map(|p| p.week.clone())).collect();
    all.sort();
    all.dedup();
    all[all.len().saturating_sub(MONTHS_SHOWN)..].to_vec()
}

#[component]
pub fn ConsultantsPage() -> impl IntoView {
    super::figures_page("consulenten", fetch_consultants, |data, query| {
        view! { <Consultants data query/> }.into_any()
    })
}

/// The columns of the throughput table.
const HEADS: &[&str] = &[
    "filter-consultant",
    "consultants-wip",
    "consultants-decided-4-weeks",
    "consultants-median",
    "consultants-oldest",
    "consultants-decisions",
    "consultants-withdrawals",
];

#[component]
fn Consultants(data: ConsultantsData, query: ViewQuery) -> impl IntoView {
    let wip_link = |name: &str| {
        let mut pairs: Vec<(&str, String)> =
            query.pairs().into_iter().filter(|(k, _)| *k != "consultant").collect();
        pairs.push(("consultant", name.to_owned()));
        pairs.push(("status", "opgepakt".to_owned()));
        href("/werkvoorraad", &pairs)
    };
    let (empty, locale) = (data.consultants.is_empty(), use_locale());
    let date = move |d: &str| local_date(d, locale);
    let as_of = t_with(locale, "consultants-note", &[("as_of", date(&data.info.as_of).into())]);
    let months: Vec<String> = data.monthly.periods.iter().map(|m| local_month(m, locale)).collect();
    view! {
        <FilterBar path="/consulenten" info=data.info.clone() query=query.clone()/>
        <p class="view-note">{as_of}</p>
        {empty.then(|| view! { <p data-testid="no-consultants">{t(locale, "consultants-none")}</p> })}
        <div class="table-wrap">
            <table class="data-table" data-testid="consultants">
                <caption>{t(locale, "consultants-caption")}</caption>
                <ColumnHeads keys=HEADS classes=&["", "num", "num", "num", "date", "num", "num"]/>
                <tbody>
                    {data.consultants.iter().map(|row| {
                        let (c, decisions, withdrawals) = (&row.figures, row.decisions, row.withdrawals);
                        view! {
                            <tr>
                                <th scope="row">{c.consultant.clone()}</th>
                                <td class="num"><a href=wip_link(&c.consultant) aria-label=t_with(locale, "consultants-wip-link", &[("count", c.wip.into()), ("name", c.consultant.clone().into())])>{c.wip}</a></td>
                                <td class="num">{c.decided_last_4_weeks}</td>
                                <td class="num">{c.median_lead_time_days.map_or("–".to_owned(), |d| days_text(d, locale))}</td>
                                <td class="date">{c.oldest_open_received_on.as_deref().map_or("–".to_owned(), date)}</td>
                                <td class="num">{decisions}</td>
                                <td class="num">{withdrawals}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Shaded caption=t(locale, "consultants-per-week") columns=data.weekly.periods.iter().map(|w| short_week(w)).collect() rows=data.weekly.rows testid="per-week"/>
        <Shaded caption=t(locale, "consultants-per-month") columns=months rows=data.monthly.rows testid="per-month"/>
    }
}

/// `2025-W25` → `W25`.
fn short_week(week: &str) -> String {
    week.split_once('-').map_or(week.to_owned(), |(_, w)| w.to_owned())
}

/// A consultant × period table, each cell shaded by its count (darker is more).
#[component]
fn Shaded(
    caption: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<u64>)>,
    testid: &'static str,
) -> impl IntoView {
    let max = rows.iter().flat_map(|(_, c)| c.iter().copied()).max().unwrap_or(0).max(1);
    view! {
        <div class="table-wrap">
            <table class="data-table shaded" data-testid=testid>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(use_locale(), "filter-consultant")}</th>
                        {columns.into_iter().map(|c| view! { <th scope="col" class="num">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(name, counts)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {counts.into_iter().map(|n| {
                                // Five steps of shading, by class: the CSP allows no inline styles.
                                let step = (n * 5).div_ceil(max);
                                view! { <td class=format!("num shade-{step}")>{n}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
