//! Stand van zaken: one page for the provider table and management, to print on A4. The
//! headline figures, the trend, the forecast and the declaration risk per organisation as totals:
//! no case ids, no client numbers, no staff names.

use leptos::prelude::*;

use crate::components::chart_view::ChartView;
use crate::domain::dates::local_date;
use crate::domain::figures::ProviderRisk;
use crate::domain::filters::{ViewInfo, ViewQuery};
use crate::domain::report::euros;
use crate::domain::status::{provider_label, risk_headers, StatusReport};
use crate::i18n::{t, use_locale, Locale};

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_status(query: ViewQuery) -> Result<Option<StatusReport>, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Dashboard).await?;
    let (analytics, db) =
        (expect_context::<crate::analytics::Analytics>(), expect_context::<crate::store::Db>());
    super::before_import_none(crate::status::report(&analytics, &db, &grant, query).await)
}

#[component]
pub fn StatusPage() -> impl IntoView {
    super::figures_page("stand-van-zaken", fetch_status, |data, query| {
        view! { <Status data query/> }.into_any()
    })
}

#[component]
fn Status(data: StatusReport, query: ViewQuery) -> impl IntoView {
    let locale = use_locale();
    let (as_of, rows, forecast) =
        (data.as_of_sentence(locale), data.key_figures(locale), data.forecast(locale));
    view! {
        <AsOfChoice info=data.info.clone() current=query.as_of.clone()/>
        <p class="lead" data-testid="status-as-of">{as_of}</p>
        <div class="table-wrap">
            <table class="data-table" data-testid="status-figures">
                <caption>{t(locale, "status-key-figures")}</caption>
                <tbody>
                    {rows.into_iter().map(|(label, value)| view! {
                        <tr><th scope="row">{label}</th><td class="num">{value}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t(locale, "status-when-cleared")}</h2>
        <p data-testid="status-forecast">{forecast}</p>
        <ChartView chart=data.trend/>
        {(!data.risk.is_empty()).then(|| view! { <RiskTotals rows=data.risk locale/> })}
    }
}

/// Which export the page shows (by its as-of date); no other filters, so no names in the page.
#[component]
fn AsOfChoice(info: ViewInfo, current: Option<String>) -> impl IntoView {
    let shown = current.unwrap_or_else(|| info.snapshot.as_of.clone());
    let locale = use_locale();
    view! {
        <form method="get" action="/stand-van-zaken" class="inline-form no-print">
            <label for="status-as-of-choice">{t(locale, "status-as-of-label")}</label>
            <select id="status-as-of-choice" name="as_of">
                {info.snapshots.iter().map(|s| {
                    let selected = s.as_of == shown;
                    view! { <option value=s.as_of.clone() selected=selected>{local_date(&s.as_of, locale)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{t(locale, "status-show")}</button>
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href=format!("/stand-van-zaken.pdf?as_of={}", crate::domain::filters::encode(&shown))
                download="" data-testid="status-pdf">{t(locale, "status-pdf")}</a>
            <span class="hint">{t(locale, "status-print")}</span>
        </form>
    }
}

/// Declaration risk per organisation, totals only.
#[component]
fn RiskTotals(rows: Vec<ProviderRisk>, locale: Locale) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="status-risk">
                <caption>{t(locale, "status-risk")}</caption>
                <thead>
                    <tr>
                        {risk_headers(locale).into_iter().enumerate().map(|(i, h)| view! {
                            <th scope="col" class=(i > 0).then_some("num")>{h}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{provider_label(&r, locale)}</th>
                            <td class="num">{r.lapsed}</td>
                            <td class="num">{r.uncovered_days}</td>
                            <td class="num">{euros(r.exposure_eur, locale)}</td>
                            <td class="num">{r.expiring}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
