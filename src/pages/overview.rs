//! Overzicht: the team lead's first page. Headline tiles (each a way into the queue), the
//! sentence on the oldest month waiting, the charts, and which snapshot and date they show.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{view_query, NoSnapshot};
use crate::components::chart_view::ChartView;
use crate::components::filter_bar::FilterBar;
use crate::components::forecast_view::ForecastView;
use crate::components::load_error::LoadError;
use crate::domain::chart::Chart;
use crate::domain::figures::Figures;
use crate::domain::filters::{queue_link, ViewInfo, ViewQuery};
use crate::domain::flow::ForecastAnswers;
use crate::domain::forms::FormState;
use crate::domain::report::{dutch_date, month_name};

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
    let base = query.pairs();
    let draw = |figures: &Figures, trend: &[crate::domain::figures::TrendPoint]| {
        vec![
            crate::charts::open_by_month::chart(figures, &base),
            crate::charts::age_buckets::chart(figures, &base),
            crate::charts::flow::chart(figures),
            crate::charts::trend::chart(trend, crate::i18n::Locale::Nl),
        ]
    };
    let (info, figures, charts) = match analytics.with_charts(&query, draw).await {
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
    let heading = super::nav_item("").map(|i| i.heading().0).unwrap_or_default();
    view! {
        <Title text=heading.clone()/>
        <h1>{heading}</h1>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
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
    let f = data.figures.clone();
    let base = query.pairs();
    let queue = move |extra: &[(&'static str, String)]| queue_link(&base, extra);
    let oldest_sentence = match &f.oldest_unassigned_month {
        Some(month) => {
            format!("De oudste zaken die nog niet zijn opgepakt dateren uit {}.", month_name(month))
        }
        None if f.open > 0 => "Alle open zaken zijn opgepakt door een consulent.".to_owned(),
        None => "Er zijn geen open zaken.".to_owned(),
    };
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| format!("{d} dagen"));
    let oldest_link =
        f.oldest_unassigned_month.clone().map(|m| queue(&[("status", "niet-opgepakt".into()), ("month", m)]));
    let tiles = vec![
        Tile::new("open", "Open zaken", f.open.to_string(), Some(queue(&[]))),
        Tile::new(
            "unassigned",
            "Nog niet opgepakt",
            f.unassigned.to_string(),
            Some(queue(&[("status", "niet-opgepakt".into())])),
        ),
        Tile::new(
            "oldest",
            "Oudste maand niet opgepakt",
            f.oldest_unassigned_month.as_deref().map_or("–".into(), month_name),
            oldest_link,
        ),
        Tile::new("median", "Mediane leeftijd", days(f.median_age_days), None),
        Tile::new("p85", "85% van de open zaken is niet ouder dan", days(f.p85_age_days), None),
        Tile::new(
            "over-term",
            "Nieuwe aanvragen over de termijn",
            f.over_term.to_string(),
            Some(queue(&[("over_term", "1".into())])),
        ),
        Tile::new("decided", "Besluiten in de laatste 4 weken", f.decided_last_4_weeks.to_string(), None),
        Tile::new(
            "stalled",
            "Stilgevallen zaken",
            data.stalled.0.map_or("–".to_owned(), |n| n.to_string()),
            data.stalled.0.map(|_| queue(&[("stil", "1".into())])),
        ),
    ];
    let form_tile = |id, label, count: u64, state: FormState| {
        Tile::new(id, label, count.to_string(), Some(queue(&[("form", state.key().to_owned())])))
    };
    let form_tiles = vec![
        form_tile(
            "forms-missing",
            "Herindicaties zonder evaluatieformulier",
            f.forms_missing,
            FormState::Missing,
        ),
        form_tile("forms-to-assess", "Formulier nog te beoordelen", f.forms_to_assess(), FormState::ToAssess),
        form_tile("forms-incomplete", "Formulier incompleet", f.forms_incomplete, FormState::Incomplete),
        form_tile("ready", "Klaar voor papieren beoordeling", f.ready_for_assessment, FormState::Ready),
    ];
    let as_of_note = (data.info.as_of != data.info.snapshot.as_of)
        .then(|| format!(" U kijkt met peildatum {} naar deze export.", dutch_date(&data.info.as_of)));
    view! {
        <FilterBar path="/" info=data.info.clone() query=query.clone()/>
        <p class="view-note" data-testid="view-note">
            "Cijfers op peildatum " <strong>{dutch_date(&f.as_of)}</strong>
            ", uit de export van " {dutch_date(&data.info.snapshot.as_of)}
            " (momentopname " {data.info.snapshot.id} ")." {as_of_note}
        </p>
        <p class="lead" data-testid="oldest-sentence">{oldest_sentence}</p>
        <section class="tiles" aria-label="Kerncijfers">
            {tiles.into_iter().map(|t| view! { <TileView tile=t/> }).collect_view()}
        </section>
        <h2 class="tiles-heading">"Evaluatieformulieren van open herindicaties"</h2>
        <section class="tiles" aria-label="Evaluatieformulieren">
            {form_tiles.into_iter().map(|t| view! { <TileView tile=t/> }).collect_view()}
        </section>
        <p class="hint">
            "Leeftijd: dagen sinds de melding. De termijn voor een nieuwe aanvraag is " {term_text(data.term_days)}
            "; een herindicatie moet klaar zijn vóór de einddatum van de indicatie. Stilgevallen: open zaken "
            "waaraan in de laatste " {data.stalled.1} " exports niets veranderde."
        </p>
        <ForecastView answers=data.forecast.clone() open=f.open query=query.clone()/>
        <div class="charts">
            {data.charts.into_iter().map(|chart| view! { <ChartView chart/> }).collect_view()}
        </div>
        <ImportCount count=data.imports/>
    }
}

#[component]
fn ImportCount(count: i64) -> impl IntoView {
    view! {
        <p class="hint">
            "Ingelezen exports (momentopnamen): "
            <span data-testid="snapshot-count">{count}</span> ". "
            <a href="/import">"Naar Import"</a>
        </p>
    }
}

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
    let label_id = format!("tile-{}", tile.id);
    let body = view! {
        <span class="tile-label" id=label_id.clone()>{tile.label}</span>
        <span class="tile-value" data-testid=format!("tile-{}", tile.id)>{tile.value}</span>
    };
    match tile.link {
        Some(link) => view! {
            <a class="tile tile-link" href=link>{body}<span class="tile-more">"Bekijk de zaken"</span></a>
        }
        .into_any(),
        None => view! { <div class="tile">{body}</div> }.into_any(),
    }
}

/// `6 weken (42 dagen)`, or `30 dagen` when the term is no whole number of weeks.
fn term_text(days: i32) -> String {
    match days % 7 {
        0 => format!("{} weken ({days} dagen)", days / 7),
        _ => format!("{days} dagen"),
    }
}
