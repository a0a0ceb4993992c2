//! Stand van zaken: one page for the provider table and management, to print on A4. The
//! headline figures, the trend, the forecast and the declaration risk per organisation as totals:
//! no case ids, no client numbers, no staff names.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::chart_view::ChartView;
use crate::domain::chart::Chart;
use crate::domain::figures::{Figures, ProviderRisk};
use crate::domain::filters::{ViewInfo, ViewQuery};
use crate::domain::report::{dutch_date, euros, forecast_sentence, month_name};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StatusData {
    pub info: ViewInfo,
    pub figures: Figures,
    /// Open cases unchanged in the last N exports (`None` with fewer) and N.
    pub stalled: (Option<u64>, usize),
    /// The trend across the snapshots.
    pub trend: Chart,
    /// Per organisation; empty for a role without the risk view.
    pub risk: Vec<ProviderRisk>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_status(query: ViewQuery) -> Result<Option<StatusData>, ServerFnError> {
    use crate::analytics::Analytics;
    let grant = super::require(crate::domain::access::Action::Dashboard).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let Some((info, figures)) = super::view_figures(&analytics, &query).await? else { return Ok(None) };
    let (_, flow) = analytics.flow(&query).await.map_err(super::analytics_error)?;
    let trend = analytics.trend(&query.filters).await.map_err(super::analytics_error)?;
    let figures = grant.release(figures.as_ref().clone());
    let organisations =
        expect_context::<crate::store::Db>().organisations().await.map_err(super::store_error)?;
    // The page offers no filters: without their choices it holds no staff names.
    let info = ViewInfo { options: Default::default(), ..grant.release(info) };
    Ok(Some(StatusData {
        info,
        stalled: (flow.stalled, analytics.settings().stalled_snapshots),
        trend: crate::charts::trend::chart(&trend),
        risk: crate::domain::figures::by_organisation(figures.risk(), &organisations),
        figures: figures.headline(),
    }))
}

#[component]
pub fn StatusPage() -> impl IntoView {
    super::figures_page("stand-van-zaken", fetch_status, |data, query| {
        view! { <Status data query/> }.into_any()
    })
}

#[component]
fn Status(data: StatusData, query: ViewQuery) -> impl IntoView {
    let f = &data.figures;
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| format!("{d} dagen"));
    let month = |m: &Option<String>| m.as_deref().map_or("–".to_owned(), month_name);
    let rows = vec![
        ("Open zaken", f.open.to_string()),
        ("Nog niet opgepakt", f.unassigned.to_string()),
        ("Oudste maand niet opgepakt", month(&f.oldest_unassigned_month)),
        ("Mediane leeftijd", days(f.median_age_days)),
        ("85% van de open zaken is niet ouder dan", days(f.p85_age_days)),
        ("Nieuwe aanvragen over de termijn", f.over_term.to_string()),
        ("Besluiten in de laatste 4 weken", f.decided_last_4_weeks.to_string()),
        ("Stilgevallen zaken", data.stalled.0.map_or("–".to_owned(), |n| n.to_string())),
    ];
    let forecast = f
        .forecast
        .as_ref()
        .map_or("Er is nog geen voorspelling.".to_owned(), |x| forecast_sentence(x, f.open));
    view! {
        <AsOfChoice info=data.info.clone() current=query.as_of.clone()/>
        <p class="lead" data-testid="status-as-of">
            {format!("Peildatum {}, uit de export van {}.", dutch_date(&f.as_of), dutch_date(&data.info.snapshot.as_of))}
        </p>
        <div class="table-wrap">
            <table class="data-table" data-testid="status-figures">
                <caption>"Kerncijfers"</caption>
                <tbody>
                    {rows.into_iter().map(|(label, value)| view! {
                        <tr><th scope="row">{label}</th><td class="num">{value}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>"Wanneer is de achterstand weg?"</h2>
        <p data-testid="status-forecast">{forecast}</p>
        <ChartView chart=data.trend/>
        {(!data.risk.is_empty()).then(|| view! { <RiskTotals rows=data.risk/> })}
    }
}

/// Which export the page shows (by its as-of date); no other filters, so no names in the page.
#[component]
fn AsOfChoice(info: ViewInfo, current: Option<String>) -> impl IntoView {
    let shown = current.unwrap_or_else(|| info.snapshot.as_of.clone());
    view! {
        <form method="get" action="/stand-van-zaken" class="inline-form no-print">
            <label for="status-as-of-choice">"Peildatum"</label>
            <select id="status-as-of-choice" name="as_of">
                {info.snapshots.iter().map(|s| {
                    let selected = s.as_of == shown;
                    view! { <option value=s.as_of.clone() selected=selected>{dutch_date(&s.as_of)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">"Toon"</button>
            <span class="hint">"Afdrukken of als pdf bewaren: via Afdrukken in de browser (A4)."</span>
        </form>
    }
}

/// Declaration risk per organisation, totals only.
#[component]
fn RiskTotals(rows: Vec<ProviderRisk>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="status-risk">
                <caption>"Declaratierisico per aanbieder"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Aanbieder"</th>
                        <th scope="col" class="num">"Verlopen"</th>
                        <th scope="col" class="num">"Dagen zonder geldige indicatie"</th>
                        <th scope="col" class="num">"Niet te declareren (euro)"</th>
                        <th scope="col" class="num">"Bijna verlopen"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.provider.unwrap_or_else(|| "(geen aanbieder)".into())}</th>
                            <td class="num">{r.lapsed}</td>
                            <td class="num">{r.uncovered_days}</td>
                            <td class="num">{euros(r.exposure_eur)}</td>
                            <td class="num">{r.expiring}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
