//! Consulenten: per consultant the work in progress, decisions in the last 4 weeks, median lead
//! time and oldest open case, and decisions per week and per month as tables shaded by count.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{figures_or_notice, view_query};
use crate::components::filter_bar::FilterBar;
use crate::domain::figures::{ConsultantThroughput, WeekThroughput};
use crate::domain::filters::{href, ViewInfo, ViewQuery};
use crate::domain::report::{dutch_date, month_name};

/// Months shown in the shaded table.
const MONTHS_SHOWN: usize = 6;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsultantsData {
    pub info: ViewInfo,
    pub consultants: Vec<ConsultantThroughput>,
    /// The last full ISO weeks before the as-of date, oldest first.
    pub weeks: Vec<String>,
    /// Per consultant (by name) the months with closures.
    pub months: Vec<(String, Vec<WeekThroughput>)>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_consultants(query: ViewQuery) -> Result<Option<ConsultantsData>, ServerFnError> {
    use crate::analytics::{Analytics, AnalyticsError};
    /// Weeks shown in the shaded table.
    const WEEKS_SHOWN: usize = 13;
    let grant = super::require(crate::domain::access::Action::Throughput).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let (info, figures) = match analytics.figures(&query).await {
        Ok(found) => found,
        Err(AnalyticsError::NoSnapshot) => return Ok(None),
        Err(e) => return Err(super::analytics_error(e)),
    };
    let months = analytics.closures_by_month(&query).await.map_err(super::analytics_error)?;
    let flow = &figures.flow_by_week;
    let weeks = flow[flow.len().saturating_sub(WEEKS_SHOWN)..].iter().map(|w| w.week.clone()).collect();
    Ok(Some(ConsultantsData {
        info: grant.release(info),
        consultants: figures.throughput().to_vec(),
        weeks,
        months: months.iter().map(|(name, weeks)| (name.clone(), weeks.clone())).collect(),
    }))
}

#[component]
pub fn ConsultantsPage() -> impl IntoView {
    let query = use_query_map();
    let view_query = move || view_query(&query.read());
    let data = Resource::new(view_query, fetch_consultants);
    view! {
        <Title text="Consulenten"/>
        <h1>"Consulenten"</h1>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                figures_or_notice(data.await, |data| {
                    view! { <Consultants data query=view_query()/> }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn Consultants(data: ConsultantsData, query: ViewQuery) -> impl IntoView {
    let wip_link = |name: &str| {
        let mut pairs: Vec<(&str, String)> =
            query.pairs().into_iter().filter(|(k, _)| *k != "consultant").collect();
        pairs.push(("consultant", name.to_owned()));
        pairs.push(("status", "opgepakt".to_owned()));
        href("/werkvoorraad", &pairs)
    };
    let weekly: Vec<(String, Vec<u64>)> =
        data.consultants.iter().map(|c| (c.consultant.clone(), counts(&c.weeks, &data.weeks))).collect();
    let month_labels = last_months(&data.months);
    let monthly: Vec<(String, Vec<u64>)> =
        data.months.iter().map(|(name, months)| (name.clone(), counts(months, &month_labels))).collect();
    let empty = data.consultants.is_empty();
    view! {
        <FilterBar path="/consulenten" info=data.info.clone() query=query.clone()/>
        <p class="view-note">"Peildatum " {dutch_date(&data.info.as_of)} ". Besluiten zijn toekenningen en afwijzingen; intrekkingen staan apart."</p>
        {empty.then(|| view! { <p data-testid="no-consultants">"In deze selectie staat nog geen zaak op naam van een consulent."</p> })}
        <div class="table-wrap">
            <table class="data-table" data-testid="consultants">
                <caption>"Per consulent"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Consulent"</th>
                        <th scope="col" class="num">"Onderhanden"</th>
                        <th scope="col" class="num">"Besluiten laatste 4 weken"</th>
                        <th scope="col" class="num">"Mediane doorlooptijd (13 weken)"</th>
                        <th scope="col" class="date">"Oudste open zaak"</th>
                        <th scope="col" class="num">"Besluiten totaal"</th>
                        <th scope="col" class="num">"Intrekkingen totaal"</th>
                    </tr>
                </thead>
                <tbody>
                    {data.consultants.iter().map(|c| {
                        let decisions: u64 = c.weeks.iter().map(|w| w.decisions).sum();
                        let withdrawals: u64 = c.weeks.iter().map(|w| w.withdrawals).sum();
                        view! {
                            <tr>
                                <th scope="row">{c.consultant.clone()}</th>
                                <td class="num"><a href=wip_link(&c.consultant) aria-label=format!("{} open zaken van {}", c.wip, c.consultant)>{c.wip}</a></td>
                                <td class="num">{c.decided_last_4_weeks}</td>
                                <td class="num">{c.median_lead_time_days.map_or("–".to_owned(), |d| format!("{d} dagen"))}</td>
                                <td class="date">{c.oldest_open_received_on.as_deref().map_or("–".to_owned(), dutch_date)}</td>
                                <td class="num">{decisions}</td>
                                <td class="num">{withdrawals}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Shaded caption="Besluiten per week" columns=data.weeks.iter().map(|w| short_week(w)).collect() rows=weekly testid="per-week"/>
        <Shaded caption="Besluiten per maand" columns=month_labels.iter().map(|m| month_name(m)).collect() rows=monthly testid="per-month"/>
    }
}

/// Decisions per label, 0 where the consultant had none.
fn counts(periods: &[WeekThroughput], labels: &[String]) -> Vec<u64> {
    labels.iter().map(|l| periods.iter().find(|p| &p.week == l).map_or(0, |p| p.decisions)).collect()
}

/// The last months that have closures, ascending.
fn last_months(months: &[(String, Vec<WeekThroughput>)]) -> Vec<String> {
    let mut all: Vec<String> = months.iter().flat_map(|(_, m)| m.iter().map(|p| p.week.clone())).collect();
    all.sort();
    all.dedup();
    all[all.len().saturating_sub(MONTHS_SHOWN)..].to_vec()
}

/// `2025-W25` → `W25`.
fn short_week(week: &str) -> String {
    week.split_once('-').map_or(week.to_owned(), |(_, w)| w.to_owned())
}

/// A consultant × period table, each cell shaded by its count (darker is more).
#[component]
fn Shaded(
    caption: &'static str,
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
                        <th scope="col">"Consulent"</th>
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
