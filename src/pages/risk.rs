//! Declaratierisico: per provider the lapsed reindications, the days of care without a valid
//! indication and what that costs at the set tariffs, and what expires soon. Providers see
//! only their own organisation. Charts, a totals row, CSV and Excel downloads.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::chart_view::ChartView;
use crate::components::early_warning::EarlyWarning;
use crate::components::filter_bar::FilterBar;
use crate::domain::chart::Chart;
use crate::domain::dates::local_date;
use crate::domain::figures::{LapsedReady, ProviderRisk};
use crate::domain::filters::{href, ViewInfo, ViewQuery};
use crate::domain::problems::DeclarationProblem;
use crate::domain::report::euros;
use crate::domain::warning::WarningCase;
use crate::i18n::{t, t_with, use_locale, Locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RiskData {
    pub info: ViewInfo,
    pub rows: Vec<ProviderRisk>,
    pub window_days: i32,
    /// Products of the view without a daily tariff.
    pub untariffed_products: Vec<String>,
    pub charts: Vec<Chart>,
    /// Open declaration problems that providers reported (a provider: its own).
    pub open_problems: Vec<DeclarationProblem>,
    pub lapsed_ready: LapsedReady,
    /// Reindications whose last day to act comes within four weeks (spec/notifications.md).
    pub early_warning: Vec<WarningCase>,
    pub warning_lead_days: i32,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_risk(query: ViewQuery) -> Result<Option<RiskData>, ServerFnError> {
    use crate::analytics::Analytics;
    let grant = super::require(crate::domain::access::Action::Risk).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let Some((info, figures)) = super::view_figures(&analytics, &query).await? else { return Ok(None) };
    let settings = analytics.settings();
    let lapsed_ready = analytics.lapsed_ready(&query).await.map_err(super::analytics_error)?;
    let db = expect_context::<crate::store::Db>();
    let organisations = db.organisations().await.map_err(super::store_error)?;
    let mut early_warning = analytics.early_warning(&query).await.map_err(super::analytics_error)?;
    for case in &mut early_warning {
        case.provider = crate::domain::figures::organisation_of(&organisations, case.provider.take());
    }
    let rows = crate::domain::figures::by_organisation(figures.risk(), &organisations);
    let (base, locale) = (query.pairs(), grant.user().user.locale);
    let charts = vec![
        crate::charts::risk::lapsed_and_expiring(&rows, &base, settings.expiring_window_days, locale),
        crate::charts::risk::exposure(&rows, &base, locale),
    ];
    let untariffed_products =
        info.options.product.iter().filter(|p| !settings.tariffs.contains_key(*p)).cloned().collect();
    let problems_query = crate::store::problems::ProblemQuery {
        case_id: None,
        organisation_id: grant.organisation_id(),
        open_only: true,
    };
    let open_problems = db.problems(&problems_query).await.map_err(super::store_error)?;
    Ok(Some(RiskData {
        info: grant.release(info),
        rows,
        window_days: settings.expiring_window_days,
        untariffed_products,
        charts,
        open_problems: grant.release(open_problems),
        lapsed_ready,
        early_warning,
        warning_lead_days: settings.warning_lead_days,
    }))
}

#[component]
pub fn RiskPage() -> impl IntoView {
    super::figures_page("declaratierisico", fetch_risk, |data, query| view! { <Risk data query/> }.into_any())
}

#[component]
fn Risk(data: RiskData, query: ViewQuery) -> impl IntoView {
    let download = |ext: &str| href(&format!("/declaratierisico/export.{ext}"), &query.pairs());
    let (csv, xlsx) = (download("csv"), download("xlsx"));
    let (window, locale) = (data.window_days, use_locale());
    let as_of = local_date(&data.info.as_of, locale).into();
    let note = t_with(locale, "risk-note", &[("as_of", as_of), ("window", window.into())]);
    let untariffed =
        t_with(locale, "risk-untariffed", &[("products", data.untariffed_products.join(", ").into())]);
    let head = |text: String| view! { <th scope="col" class="num">{text}</th> };
    view! {
        <FilterBar path="/declaratierisico" info=data.info.clone() query=query.clone()/>
        <p class="view-note">
            {note} " " {t(locale, "queue-download")} " " <a href=csv download>"CSV"</a> " · "
            <a href=xlsx download>"Excel"</a>
        </p>
        {(!data.untariffed_products.is_empty()).then(|| view! {
            <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="untariffed">
                <p>{untariffed} " " <a href="/instellingen">{t(locale, "risk-set-tariffs")}</a></p>
            </div>
        })}
        <div class="table-wrap">
            <table class="data-table" data-testid="risk">
                <caption>{t(locale, "risk-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "risk-col-provider")}</th>
                        {head(t(locale, "risk-col-lapsed"))}
                        {head(t(locale, "risk-col-days"))}
                        {head(t(locale, "risk-col-euros"))}
                        {head(t(locale, "risk-col-untariffed"))}
                        {head(t_with(locale, "risk-col-expiring-within", &[("window", window.into())]))}
                        {head(t(locale, "risk-col-lapsed-ready"))}
                    </tr>
                </thead>
                <tbody>
                    {data.rows.iter().map(|r| {
                        let ready = data.lapsed_ready.of_row(r);
                        view! { <RiskRow row=r.clone() ready query=query.clone()/> }
                    }).collect_view()}
                </tbody>
                {totals_row(&data.rows, &data.lapsed_ready, locale)}
            </table>
        </div>
        <EarlyWarning cases=data.early_warning lead_days=data.warning_lead_days/>
        <OpenProblems problems=data.open_problems/>
        <div class="charts">
            {data.charts.into_iter().map(|chart| view! { <ChartView chart/> }).collect_view()}
        </div>
    }
}

/// The table's foot: every column summed over the providers.
fn totals_row(rows: &[ProviderRisk], lapsed_ready: &LapsedReady, locale: Locale) -> impl IntoView {
    let total = |f: fn(&ProviderRisk) -> i64| rows.iter().map(f).sum::<i64>();
    let euros_total = rows.iter().map(|r| r.exposure_eur).sum::<f64>();
    view! {
        <tfoot>
            <tr>
                <th scope="row">{t(locale, "chart-total")}</th>
                <td class="num" data-testid="total-lapsed">{total(|r| r.lapsed as i64)}</td>
                <td class="num" data-testid="total-days">{total(|r| r.uncovered_days)}</td>
                <td class="num" data-testid="total-eur">{euros(euros_total, locale)}</td>
                <td class="num">{total(|r| r.untariffed_days)}</td>
                <td class="num">{total(|r| r.expiring as i64)}</td>
                <td class="num" data-testid="total-lapsed-ready">{lapsed_ready.total()}</td>
            </tr>
        </tfoot>
    }
}

/// One provider's row: its name (an organisation with its export spellings under it), each a
/// link to its lapsed reindications in the queue, and its figures.
#[component]
fn RiskRow(row: ProviderRisk, ready: u64, query: ViewQuery) -> impl IntoView {
    let locale = use_locale();
    let name = row.provider.clone().unwrap_or_else(|| t(locale, "risk-no-provider"));
    let lapsed = move |provider: String| {
        let mut pairs = query.pairs();
        pairs.retain(|(k, _)| *k != "provider" && *k != "request_type");
        pairs.extend([
            ("provider", provider),
            ("request_type", "reindication".into()),
            ("indication", "verlopen".into()),
        ]);
        href("/werkvoorraad", &pairs)
    };
    let head = match (row.spellings.is_empty(), row.provider.clone()) {
        (true, Some(provider)) => view! { <a href=lapsed(provider)>{name}</a> }.into_any(),
        (true, None) => name.into_any(),
        (false, _) => view! {
            {name}
            <ul class="spellings" aria-label=t(locale, "risk-spellings")>
                {row.spellings.iter().map(|s| view! { <li><a href=lapsed(s.clone())>{s.clone()}</a></li> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <tr>
            <th scope="row">{head}</th>
            <td class="num">{row.lapsed}</td>
            <td class="num">{row.uncovered_days}</td>
            <td class="num">{euros(row.exposure_eur, locale)}</td>
            <td class="num">{row.untariffed_days}</td>
            <td class="num">{row.expiring}</td>
            <td class="num">{ready}</td>
        </tr>
    }
}

#[component]
fn OpenProblems(problems: Vec<DeclarationProblem>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "risk-problems")}</h2>
        {problems.is_empty().then(|| view! { <p>{t(locale, "risk-no-problems")}</p> })}
        <ul class="problems" data-testid="open-problems">
            {problems.into_iter().map(|p| {
                let link = format!("/zaak/{}", crate::domain::filters::encode(&p.case_id));
                view! {
                    <li class="problem">
                        <p>
                            <a href=link>{format!("{} {}", t(locale, "chart-case"), p.case_id)}</a> " · "
                            {p.organisation} " · " {local_date(&p.reported_at, locale)} ": " {p.description}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
