//! Overzicht: the team lead's first page. Headline tiles (each a way into the queue), the
//! sentence on the oldest month waiting, the charts, and which snapshot and date they show.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{view_query, NoSnapshot};
use crate::components::chart_view::ChartView;
use crate::components::filter_bar::FilterBar;
use crate::components::forecast_view::ForecastView;
use crate::components::load_error::LoadError;
use crate::domain::chart::Chart;
use crate::domain::dates::{days_text, local_date, local_month};
use crate::domain::figures::Figures;
use crate::domain::filters::{queue_link, ViewInfo, ViewQuery};
use crate::domain::flow::ForecastAnswers;
use crate::domain::forms::FormState;
use crate::i18n::{t, t_with, use_locale, Locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OverviewData {
    pub info: ViewInfo,
    /// The headline figures (`Figures::headline`).
    pub figures: Figures,
    pub charts: Vec<Chart>,
    /// How many exports were imported in all.
    pub imports: i64,
    /// The forecast over the window asked for, "what if" and "how many by a date".
    pub forecast: ForecastAnswers,
    /// The term for a new request (a setting), for the explanation.
    pub term_days: i32,
    /// Stalled open cases (spec/flow.md; `None` with fewer exports than N) and N.
    pub stalled: (Option<u64>, usize),
}

/// The figures and charts of a view; `None` while no export has been imported.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_overview(
    query: ViewQuery,
    window: Option<String>,
    extra: Option<u32>,
    by: Option<String>,
) -> Result<Option<OverviewData>, ServerFnError> {
    use crate::analytics::{Analytics, AnalyticsError};
    let grant = super::require(crate::domain::access::Action::Dashboard).await?;
    let query = grant.view(query);
    let analytics = expect_context::<Analytics>();
    let imports = expect_context::<crate::store::Db>().snapshot_count().await.map_err(super::store_error)?;
    let (base, locale) = (query.pairs(), grant.user().user.locale);
    let draw = |figures: &Figures, trend: &[crate::domain::figures::TrendPoint]| {
        vec![
            crate::charts::open_by_month::chart(figures, &base, locale),
            crate::charts::age_buckets::chart(figures, &base, locale),
            crate::charts::flow::chart(figures, locale),
            crate::charts::trend::chart(trend, locale),
        ]
    };
    let (info, figures, charts) = match analytics.with_charts(&query, locale, draw).await {
        Ok(found) => found,
        Err(AnalyticsError::NoSnapshot) => return Ok(None),
        Err(e) => return Err(super::analytics_error(e)),
    };
    let (_, flow) = analytics.flow(&query).await.map_err(super::analytics_error)?;
    let stalled = (flow.stalled, analytics.settings().stalled_snapshots);
    let forecast = analytics
        .forecast_answers(&query, window.as_deref(), extra, by.as_deref())
        .await
        .map_err(super::analytics_error)?;
    Ok(Some(OverviewData {
        info: grant.release(info),
        figures: grant.release(figures.headline()),
        charts: charts.as_ref().clone(),
        imports,
        forecast,
        term_days: analytics.settings().new_request_term_days,
        stalled,
    }))
}

#[component]
pub fn Overview() -> impl IntoView {
    let query = use_query_map();
    let view_query = move || view_query(&query.read());
    let extra = move || query.read().get("extra").and_then(|e| e.trim().parse::<u32>().ok());
    let asked = move |key: &str| query.read().get(key);
    let data = super::page_data(
        move || (view_query(), asked("window"), extra(), asked("by")),
        |(query, window, extra, by)| fetch_overview(query, window, extra, by),
        false,
    );
    view! {
        <super::PageHeading slug=""/>
        <Suspense fallback=super::Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) => view! { <Dashboard data query=untrack(view_query)/> }.into_any(),
                    Ok(None) => view! { <NoSnapshot/> <ImportCount count=0/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(data: OverviewData, query: ViewQuery) -> impl IntoView {
    let locale = use_locale();
    let f = &data.figures;
    let oldest_sentence = match &f.oldest_unassigned_month {
        Some(month) => {
            t_with(locale, "overview-oldest-month", &[("month", local_month(month, locale).into())])
        }
        None if f.open > 0 => t(locale, "overview-all-picked-up"),
        None => t(locale, "overview-no-open"),
    };
    let [tiles, form_tiles] = tiles(&data, &query, locale);
    let hint = t_with(
        locale,
        "overview-hint",
        &[("term", term_text(data.term_days, locale).into()), ("snapshots", data.stalled.1.into())],
    );
    view! {
        <FilterBar path="/" info=data.info.clone() query=query.clone()/>
        <ViewNote as_of=f.as_of.clone() info=data.info.clone()/>
        <p class="lead" data-testid="oldest-sentence">{oldest_sentence}</p>
        <section class="tiles" aria-label=t(locale, "status-key-figures")>
            {tiles.into_iter().map(|t| view! { <TileView tile=t/> }).collect_view()}
        </section>
        <h2 class="tiles-heading">{t(locale, "overview-forms-heading")}</h2>
        <section class="tiles" aria-label=t(locale, "overview-forms-label")>
            {form_tiles.into_iter().map(|t| view! { <TileView tile=t/> }).collect_view()}
        </section>
        <p class="hint">{hint}</p>
        <ForecastView answers=data.forecast.clone() open=f.open query=query.clone()/>
        <div class="charts">
            {data.charts.into_iter().map(|chart| view! { <ChartView chart/> }).collect_view()}
        </div>
        <ImportCount count=data.imports/>
    }
}

/// The tiles of the key figures and of the evaluation forms, each leading to its cases.
fn tiles(data: &OverviewData, query: &ViewQuery, locale: Locale) -> [Vec<Tile>; 2] {
    let f = &data.figures;
    let base = query.pairs();
    let queue = |extra: &[(&'static str, String)]| queue_link(&base, extra);
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| days_text(d, locale));
    let oldest_link =
        f.oldest_unassigned_month.clone().map(|m| queue(&[("status", "niet-opgepakt".into()), ("month", m)]));
    let oldest = f.oldest_unassigned_month.as_deref().map_or("–".into(), |m| local_month(m, locale));
    let stalled = data.stalled.0.map_or("–".to_owned(), |n| n.to_string());
    let unassigned = queue(&[("status", "niet-opgepakt".into())]);
    let figures = vec![
        Tile::new("open", "status-open", f.open.to_string(), Some(queue(&[]))),
        Tile::new("unassigned", "status-unassigned", f.unassigned.to_string(), Some(unassigned)),
        Tile::new("oldest", "status-oldest-unassigned", oldest, oldest_link),
        Tile::new("median", "status-median-age", days(f.median_age_days), None),
        Tile::new("p85", "status-p85-age", days(f.p85_age_days), None),
        Tile::new(
            "over-term",
            "status-over-term",
            f.over_term.to_string(),
            Some(queue(&[("over_term", "1".into())])),
        ),
        Tile::new("decided", "status-decided-4-weeks", f.decided_last_4_weeks.to_string(), None),
        Tile::new(
            "stalled",
            "status-stalled",
            stalled,
            data.stalled.0.map(|_| queue(&[("stil", "1".into())])),
        ),
    ];
    let form_tile = |id, label, count: u64, state: FormState| {
        Tile::new(id, label, count.to_string(), Some(queue(&[("form", state.key().to_owned())])))
    };
    let forms = vec![
        form_tile("forms-missing", "overview-forms-missing", f.forms_missing, FormState::Missing),
        form_tile("forms-to-assess", "overview-forms-to-assess", f.forms_to_assess(), FormState::ToAssess),
        form_tile("forms-incomplete", "overview-forms-incomplete", f.forms_incomplete, FormState::Incomplete),
        form_tile("ready", "overview-forms-ready", f.ready_for_assessment, FormState::Ready),
    ];
    [figures, forms]
}

/// Which day the figures are of, from which export, with the as-of date in bold.
#[component]
fn ViewNote(as_of: String, info: ViewInfo) -> impl IntoView {
    let locale = use_locale();
    let as_of = local_date(&as_of, locale);
    let note = t_with(
        locale,
        "overview-view-note",
        &[
            ("as_of", as_of.clone().into()),
            ("export", local_date(&info.snapshot.as_of, locale).into()),
            ("snapshot", info.snapshot.id.to_string().into()),
        ],
    );
    let other_as_of = (info.as_of != info.snapshot.as_of)
        .then(|| format!(" {}", t_with(locale, "overview-other-as-of", &[("as_of", as_of.clone().into())])));
    view! { <p class="view-note" data-testid="view-note">{emphasised(&note, &as_of)} {other_as_of}</p> }
}

/// `text` with the first `part` in it set in bold.
fn emphasised(text: &str, part: &str) -> impl IntoView {
    let (before, after) = text.split_once(part).unwrap_or((text, ""));
    let bold = (!after.is_empty() || text.ends_with(part)).then(|| part.to_owned());
    view! { {before.to_owned()} <strong>{bold}</strong> {after.to_owned()} }
}

#[component]
fn ImportCount(count: i64) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="hint">
            {t(locale, "overview-imports")} " "
            <span data-testid="snapshot-count">{count}</span> ". "
            <a href="/import">{t(locale, "overview-to-import")}</a>
        </p>
    }
}

/// A headline figure; `label` is its catalogue key.
struct Tile {
    id: &'static str,
    label: &'static str,
    value: String,
    link: Option<String>,
}

impl Tile {
    fn new(id: &'static str, label: &'static str, value: String, link: Option<String>) -> Self {
        Tile { id, label, value, link }
    }
}

#[component]
fn TileView(tile: Tile) -> impl IntoView {
    let (locale, label_id) = (use_locale(), format!("tile-{}", tile.id));
    let body = view! {
        <span class="tile-label" id=label_id.clone()>{t(locale, tile.label)}</span>
        <span class="tile-value" data-testid=format!("tile-{}", tile.id)>{tile.value}</span>
    };
    match tile.link {
        Some(link) => view! {
            <a class="tile tile-link" href=link>{body}<span class="tile-more">{t(locale, "overview-see-cases")}</span></a>
        }
        .into_any(),
        None => view! { <div class="tile">{body}</div> }.into_any(),
    }
}

/// `6 weken (42 dagen)`, or `30 dagen` when the term is no whole number of weeks.
fn term_text(days: i32, locale: Locale) -> String {
    match days % 7 {
        0 => t_with(locale, "overview-term-weeks", &[("weeks", (days / 7).into()), ("days", days.into())]),
        _ => days_text(i64::from(days), locale),
    }
}
