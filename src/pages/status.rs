//! Stand van zaken: one page for the provider table and management, to print on A4. The
//! headline figures, the trend, the forecast and the declaration risk per organisation as totals:
//! no case ids, no client numbers, no staff names.

use leptos::prelude::*;

use crate::components::chart_view::ChartView;
use crate::domain::figures::ProviderRisk;
use crate::domain::filters::{ViewInfo, ViewQuery};
use crate::domain::report::{dutch_date, euros};
use crate::domain::status::{provider_label, StatusReport, RISK_HEADERS};

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_status(query: ViewQuery) -> Result<Option<StatusReport>, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Dashboard).await?;
    let (analytics, db) =
        (expect_context::<crate::analytics::Analytics>(), expect_context::<crate::store::Db>());
    match crate::status::report(&analytics, &db, &grant, query).await {
        Ok(report) => Ok(Some(report)),
        Err(crate::analytics::AnalyticsError::NoSnapshot) => Ok(None),
        Err(e) => Err(super::analytics_error(e)),
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    super::figures_page("stand-van-zaken", fetch_status, |data, query| {
        view! { <Status data query/> }.into_any()
    })
}

#[component]
fn Status(data: StatusReport, query: ViewQuery) -> impl IntoView {
    let (as_of, rows, forecast) = (data.as_of_sentence(), data.key_figures(), data.forecast());
    view! {
        <AsOfChoice info=data.info.clone() current=query.as_of.clone()/>
        <p class="lead" data-testid="status-as-of">{as_of}</p>
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
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href=format!("/stand-van-zaken.pdf?as_of={shown}")
                download="" data-testid="status-pdf">"Download als pdf"</a>
            <span class="hint">"Of druk de pagina af (A4)."</span>
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
                        {RISK_HEADERS.iter().enumerate().map(|(i, h)| view! {
                            <th scope="col" class=(i > 0).then_some("num")>{*h}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{provider_label(&r)}</th>
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
