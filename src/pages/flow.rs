//! Doorstroom: how work moves through the stages across the snapshots. The ageing chart of the
//! open cases against recent lead times, the cumulative flow, inflow against outflow and the trend.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::chart_view::ChartView;
use crate::components::filter_bar::FilterBar;
use crate::domain::chart::Chart;
use crate::domain::dates::{days_text, local_date};
use crate::domain::filters::{queue_link, ViewInfo, ViewQuery};
use crate::domain::flow::{LeadTimes, Stage, StageAge};
use crate::domain::forms::FormState;
use crate::i18n::{t, t_with, use_locale};

/// The ageing chart shows at most this many of the oldest cases per stage.
pub const DOTS_PER_STAGE: usize = 150;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowData {
    pub info: ViewInfo,
    pub lead_times: LeadTimes,
    pub stages: Vec<StageAge>,
    /// The ageing chart, the cumulative flow, inflow and outflow, the trend.
    pub charts: Vec<Chart>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_flow(query: ViewQuery) -> Result<Option<FlowData>, ServerFnError> {
    use crate::analytics::Analytics;
    use crate::charts::aging::{chart, Aging};
    let grant = super::require(crate::domain::access::Action::Dashboard).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let Some((info, figures)) = super::view_figures(&analytics, &query).await? else { return Ok(None) };
    let own = grant.consultant_name().map(str::to_owned);
    let marking = own.is_some();
    let dots = analytics.aging_dots(&query, DOTS_PER_STAGE, own).await.map_err(super::analytics_error)?;
    let (_, flow) = analytics.flow(&query).await.map_err(super::analytics_error)?;
    let trend = analytics.trend(&query.filters).await.map_err(super::analytics_error)?;
    let lead_times = figures.lead_time_percentiles.clone().unwrap_or_default();
    let locale = grant.user().user.locale;
    let aging = Aging {
        dots: &dots,
        lead_times: &lead_times,
        stages: &figures.aging_wip,
        limit: DOTS_PER_STAGE,
        marking,
        locale,
    };
    let charts = vec![
        chart(&aging),
        crate::charts::cfd::chart(&flow.cfd, locale),
        crate::charts::flow::chart(&figures, locale),
        crate::charts::trend::chart(&trend, locale),
    ];
    Ok(Some(FlowData { info: grant.release(info), lead_times, stages: figures.aging_wip.clone(), charts }))
}

#[component]
pub fn FlowPage() -> impl IntoView {
    super::figures_page("doorstroom", fetch_flow, |data, query| view! { <Flow data query/> }.into_any())
}

#[component]
fn Flow(data: FlowData, query: ViewQuery) -> impl IntoView {
    let (base, locale) = (query.pairs(), use_locale());
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| days_text(d, locale));
    let lead = &data.lead_times;
    let stage_link = |stage: Stage| match stage {
        Stage::Unassigned => Some(queue_link(&base, &[("status", "niet-opgepakt".into())])),
        Stage::Ready => Some(queue_link(&base, &[("form", FormState::Ready.key().to_owned())])),
        Stage::InProgress => None,
    };
    view! {
        <FilterBar path="/doorstroom" info=data.info.clone() query=query.clone()/>
        <p class="view-note">
            {t_with(locale, "flow-note", &[("as_of", local_date(&data.info.as_of, locale).into())])}
        </p>
        <div class="table-wrap">
            <table class="data-table" data-testid="lead-times">
                <caption>{t(locale, "flow-lead-times")}</caption>
                <thead><tr>
                    <th scope="col">{t(locale, "flow-within")}</th><th scope="col" class="num">"50%"</th>
                    <th scope="col" class="num">"70%"</th><th scope="col" class="num">"85%"</th>
                    <th scope="col" class="num">"95%"</th>
                </tr></thead>
                <tbody><tr>
                    <th scope="row">{t(locale, "flow-days-to-decision")}</th>
                    <td class="num">{days(lead.p50)}</td><td class="num">{days(lead.p70)}</td>
                    <td class="num">{days(lead.p85)}</td><td class="num">{days(lead.p95)}</td>
                </tr></tbody>
            </table>
        </div>
        <div class="table-wrap">
            <table class="data-table" data-testid="stages">
                <caption>{t(locale, "flow-stages")}</caption>
                <thead><tr>
                    <th scope="col">{t(locale, "chart-stage")}</th>
                    <th scope="col" class="num">{t(locale, "status-open")}</th>
                    <th scope="col" class="num">{t(locale, "chart-above-p85")}</th>
                </tr></thead>
                <tbody>
                    {data.stages.iter().map(|s| {
                        let label = s.stage.name(locale);
                        let head = match stage_link(s.stage) {
                            Some(href) => view! { <a href=href>{label}</a> }.into_any(),
                            None => label.into_any(),
                        };
                        view! {
                            <tr>
                                <th scope="row">{head}</th>
                                <td class="num">{s.count}</td>
                                <td class="num">{s.above_p85}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="charts">
            {data.charts.into_iter().map(|chart| view! { <ChartView chart/> }).collect_view()}
        </div>
    }
}
