//! Figures for a view, from the store through the metrics: chooses the snapshot and as-of date,
//! and keeps frames and figures in memory until the list of snapshots in the database changes.

mod cache;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use polars::prelude::*;

use crate::domain::chart::Chart;
use crate::domain::figures::{Figures, Forecast, LapsedReady, TrendPoint, WeekThroughput};
use crate::domain::filters::{FilterOptions, Filters, SnapshotRef, ViewInfo, ViewQuery};
use crate::domain::forms::FormState;
use crate::domain::queue::{CaseDetail, QueuePage, QueueParams, QueueRow};
use crate::metrics::throughput::{closures, Period};
use crate::metrics::{self, queue, Day, MetricsError, Settings};
use crate::store::{Db, StoreError};
use cache::Bounded;

#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error("Er is nog geen export ingelezen. Lees eerst een export in via Import.")]
    NoSnapshot,
    #[error("Momentopname {0} bestaat niet (meer). Kies een momentopname uit de lijst.")]
    UnknownSnapshot(i64),
    #[error("De peildatum \u{201c}{0}\u{201d} is geen datum. Schrijf hem als 26-06-2025 of 2025-06-26.")]
    BadDate(String),
    #[error("De peildatum {asked} ligt buiten de gegevens. Kies een datum van {from} tot en met {to}.")]
    DateOutOfSpan { asked: String, from: String, to: String },
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("De berekening is afgebroken: {0}")]
    Task(String),
}

impl From<PolarsError> for AnalyticsError {
    fn from(error: PolarsError) -> Self {
        AnalyticsError::Metrics(MetricsError::Frame(error))
    }
}

/// Whose fault a failed figures request is: decides the status and whether it is logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blame {
    /// No export imported yet.
    NothingYet,
    /// The request itself was wrong (a 4xx).
    Request,
    Server,
}

impl AnalyticsError {
    pub fn blame(&self) -> Blame {
        match self {
            AnalyticsError::NoSnapshot => Blame::NothingYet,
            AnalyticsError::UnknownSnapshot(_)
            | AnalyticsError::BadDate(_)
            | AnalyticsError::DateOutOfSpan { .. }
            | AnalyticsError::Metrics(MetricsError::UnknownRequestType(_)) => Blame::Request,
            _ => Blame::Server,
        }
    }

    /// What the user is told; a server fault is logged here, once, and not shown in detail.
    pub fn user_message(&self) -> String {
        if self.blame() != Blame::Server {
            return self.to_string();
        }
        tracing::error!(error = %self, "figures failed");
        "De cijfers konden niet worden berekend. Probeer het later opnieuw.".to_owned()
    }
}

/// How far past the newest snapshot an as-of date may lie.
const AS_OF_DAYS_AFTER_NEWEST: i64 = 365;

/// A view resolved to one snapshot and one as-of date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    snapshot: i64,
    as_of: NaiveDate,
    filters: Filters,
    /// The forms revision the figures are for: a computation that was under way while a form
    /// came in cannot serve its outdated result afterwards.
    forms: Option<(i64, i64)>,
}

struct State {
    /// The data revision the snapshot list, settings and forms below were read at.
    revision: Option<i64>,
    /// The snapshot list and the settings rows the cached values were computed against.
    snapshots: Vec<(i64, String)>,
    setting_rows: Vec<(String, String)>,
    settings: Arc<Settings>,
    /// The evaluation forms' revision and each case's newest form state (see `metrics::form_frame`).
    forms_revision: Option<(i64, i64)>,
    forms: Arc<DataFrame>,
    frames: Bounded<i64, DataFrame>,
    prepared: Bounded<Key, DataFrame>,
    /// Matching queue cases in order, per view and queue parameters (without the page).
    sorted: Bounded<(Key, QueueParams), DataFrame>,
    figures: Bounded<Key, Figures>,
    /// Decisions and withdrawals per consultant per month (the Consulenten page).
    closures: Bounded<Key, BTreeMap<String, Vec<WeekThroughput>>>,
    /// The Overzicht's charts, drawn once per view (and URL: their links repeat it).
    charts: Bounded<(Key, ViewQuery), Vec<Chart>>,
    options: Bounded<(i64, Option<Vec<String>>), FilterOptions>,
    /// Each snapshot's oldest received date: the start of the as-of dates it accepts.
    oldest_received: Bounded<i64, Option<NaiveDate>>,
}

/// The figures service; cheap to clone, one cache per server process.
#[derive(Clone)]
pub struct Analytics {
    db: Db,
    /// True in the server, where the gate reads the revisions once per request (`Db::revisions`);
    /// elsewhere (the command line, tests) each use reads them itself.
    checked_per_request: bool,
    state: Arc<Mutex<State>>,
    /// Held while a snapshot's frame is read, so that requests arriving meanwhile (or the
    /// warm-up) wait for that read instead of reading the same rows again.
    loading: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for Analytics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analytics")
    }
}

impl Analytics {
    /// A figures service that reads the revisions itself on every use.
    pub fn new(db: Db) -> Self {
        Self::with_checks(db, false)
    }

    /// The server's figures service: it trusts the revisions the gate read for the request.
    pub fn checked_per_request(db: Db) -> Self {
        Self::with_checks(db, true)
    }

    fn with_checks(db: Db, checked_per_request: bool) -> Self {
        let state = State {
            revision: None,
            snapshots: Vec::new(),
            setting_rows: Vec::new(),
            settings: Arc::new(Settings::default()),
            forms_revision: None,
            forms: Arc::new(DataFrame::empty()),
            frames: Bounded::new(8),
            prepared: Bounded::new(4),
            sorted: Bounded::new(8),
            figures: Bounded::new(512),
            closures: Bounded::new(64),
            charts: Bounded::new(64),
            options: Bounded::new(8),
            oldest_received: Bounded::new(8),
        };
        let (state, loading) = (Arc::new(Mutex::new(state)), Arc::new(tokio::sync::Mutex::new(())));
        Analytics { db, checked_per_request, state, loading }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The settings in force (as of the last request's check).
    pub fn settings(&self) -> Arc<Settings> {
        self.state().settings.clone()
    }

    /// The snapshots, one per as-of date, oldest first; a new snapshot, changed settings or a
    /// new or assessed evaluation form empty the cache, also when another instance made the change.
    /// Read again only when the data revision moved.
    async fn snapshots(&self) -> Result<Vec<(i64, String)>, AnalyticsError> {
        let revision = match self.db.revisions_seen().filter(|_| self.checked_per_request) {
            Some(seen) => seen.data,
            None => self.db.revisions().await?.data,
        };
        {
            let state = self.state();
            if state.revision == Some(revision) {
                return Ok(state.snapshots.clone());
            }
        }
        let list = self.db.snapshot_dates().await?;
        let rows = self.db.settings().await?;
        self.refresh_forms().await?;
        let mut state = self.state();
        if state.setting_rows != rows {
            state.settings = Arc::new(Settings::from_rows(&rows));
            state.setting_rows = rows;
            state.snapshots.clear();
        }
        if state.snapshots != list {
            state.frames.clear();
            state.prepared.clear();
            state.sorted.clear();
            state.figures.clear();
            state.closures.clear();
            state.charts.clear();
            state.options.clear();
            state.oldest_received.clear();
            state.snapshots = list.clone();
        }
        state.revision = Some(revision);
        Ok(list)
    }

    /// Reads the newest form state per case when forms were added or assessed since last time;
    /// the figures computed with the old states are dropped.
    async fn refresh_forms(&self) -> Result<(), AnalyticsError> {
        let revision = self.db.forms_revision().await?;
        if self.state().forms_revision == Some(revision) {
            return Ok(());
        }
        let states = self.db.form_states().await?;
        let forms = Arc::new(metrics::form_frame(&states)?);
        let mut state = self.state();
        state.forms = forms;
        state.forms_revision = Some(revision);
        state.prepared.clear();
        state.sorted.clear();
        state.figures.clear();
        state.closures.clear();
        state.charts.clear();
        Ok(())
    }

    /// The snapshot asked for (or the one of the asked as-of date, or the newest) and the date.
    async fn resolve(&self, query: &ViewQuery) -> Result<(Key, ViewInfo), AnalyticsError> {
        let list = self.snapshots().await?;
        let as_of = match query.as_of.as_deref() {
            Some(text) => Some(
                crate::ingest::values::parse_date(text, false)
                    .ok_or_else(|| AnalyticsError::BadDate(text.to_owned()))?,
            ),
            None => None,
        };
        let chosen = match query.snapshot {
            Some(id) => list.iter().find(|(i, _)| *i == id).ok_or(AnalyticsError::UnknownSnapshot(id))?,
            None => as_of
                .and_then(|d| list.iter().find(|(_, date)| *date == d.format("%Y-%m-%d").to_string()))
                .or(list.last())
                .ok_or(AnalyticsError::NoSnapshot)?,
        };
        let snapshot_date = crate::ingest::values::parse_date(&chosen.1, false)
            .ok_or_else(|| AnalyticsError::BadDate(chosen.1.clone()))?;
        if let Some(asked) = as_of {
            self.within_span(chosen.0, asked, &list).await?;
        }
        let as_of = as_of.unwrap_or(snapshot_date);
        let forms = self.state().forms_revision;
        let key = Key { snapshot: chosen.0, as_of, filters: query.filters.clone(), forms };
        let info = ViewInfo {
            snapshot: SnapshotRef { id: chosen.0, as_of: chosen.1.clone() },
            as_of: as_of.format("%Y-%m-%d").to_string(),
            snapshots: list
                .iter()
                .rev()
                .map(|(id, as_of)| SnapshotRef { id: *id, as_of: as_of.clone() })
                .collect(),
            options: self.options(chosen.0, &query.filters.organisation_scope).await?.as_ref().clone(),
        };
        Ok((key, info))
    }

    /// An as-of date asked for must lie between the snapshot's oldest received date and a year
    /// after the newest snapshot: beyond that the figures mean nothing and the charts grow
    /// without bound (one bar per month).
    async fn within_span(
        &self,
        snapshot: i64,
        asked: NaiveDate,
        list: &[(i64, String)],
    ) -> Result<(), AnalyticsError> {
        let newest = list.last().and_then(|(_, d)| crate::ingest::values::parse_date(d, false));
        let to = newest.unwrap_or(asked) + chrono::Duration::days(AS_OF_DAYS_AFTER_NEWEST);
        let from = self.oldest_received(snapshot).await?.unwrap_or(asked);
        if (from..=to).contains(&asked) {
            return Ok(());
        }
        let dutch = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
        Err(AnalyticsError::DateOutOfSpan { asked: dutch(asked), from: dutch(from), to: dutch(to) })
    }

    /// The snapshot's oldest received date, computed once per snapshot.
    async fn oldest_received(&self, snapshot: i64) -> Result<Option<NaiveDate>, AnalyticsError> {
        if let Some(oldest) = self.state().oldest_received.get(&snapshot) {
            return Ok(*oldest);
        }
        let cases = self.frame(snapshot).await?;
        let oldest = blocking(move || Ok(metrics::calendar::oldest_received(&cases)?)).await?;
        self.state().oldest_received.insert(snapshot, Arc::new(oldest));
        Ok(oldest)
    }

    async fn frame(&self, snapshot: i64) -> Result<Arc<DataFrame>, AnalyticsError> {
        if let Some(frame) = self.state().frames.get(&snapshot) {
            return Ok(frame);
        }
        let _loading = self.loading.lock().await;
        if let Some(frame) = self.state().frames.get(&snapshot) {
            return Ok(frame);
        }
        let frame = Arc::new(self.db.cases_frame(snapshot).await?);
        self.state().frames.insert(snapshot, frame.clone());
        Ok(frame)
    }

    async fn prepared(&self, key: &Key) -> Result<Arc<DataFrame>, AnalyticsError> {
        if let Some(frame) = self.state().prepared.get(key) {
            return Ok(frame);
        }
        let cases = self.frame(key.snapshot).await?;
        let (day, filters, forms) = (Day::new(key.as_of), key.filters.clone(), self.state().forms.clone());
        let prepared =
            Arc::new(blocking(move || Ok(metrics::prepare(&cases, day, &filters, &forms)?)).await?);
        self.state().prepared.insert(key.clone(), prepared.clone());
        Ok(prepared)
    }

    async fn figures_for(&self, key: &Key) -> Result<Arc<Figures>, AnalyticsError> {
        if let Some(figures) = self.state().figures.get(key) {
            return Ok(figures);
        }
        let cases = self.frame(key.snapshot).await?;
        let (as_of, filters, settings) = (key.as_of, key.filters.clone(), self.settings());
        let forms = self.state().forms.clone();
        let figures = Arc::new(
            blocking(move || Ok(metrics::figures(&cases, as_of, &filters, &settings, &forms)?)).await?,
        );
        self.state().figures.insert(key.clone(), figures.clone());
        Ok(figures)
    }

    /// Loads the newest snapshot and its figures ahead of the first visitor (a 1M-case snapshot
    /// takes seconds to read from the database).
    pub async fn warm_up(&self) {
        match self.figures(&ViewQuery::default()).await {
            Ok(_) | Err(AnalyticsError::NoSnapshot) => {}
            Err(e) => tracing::warn!(error = %e, "warming the figures cache failed"),
        }
    }

    /// The provider names in the newest snapshot (for linking them to organisations).
    pub async fn provider_names(&self) -> Result<Vec<String>, AnalyticsError> {
        Ok(self.resolve(&ViewQuery::default()).await?.1.options.provider)
    }

    /// The product codes in the newest snapshot (for the tariff settings).
    pub async fn product_codes(&self) -> Result<Vec<String>, AnalyticsError> {
        Ok(self.resolve(&ViewQuery::default()).await?.1.options.product)
    }

    /// All figures of a view.
    pub async fn figures(&self, query: &ViewQuery) -> Result<(ViewInfo, Arc<Figures>), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        Ok((info, self.figures_for(&key).await?))
    }

    /// The matching queue cases in order; paging through them reuses the sorted frame.
    async fn sorted(&self, key: &Key, params: &QueueParams) -> Result<Arc<DataFrame>, AnalyticsError> {
        let sorted_key = (key.clone(), QueueParams { page: 1, ..params.clone() });
        if let Some(sorted) = self.state().sorted.get(&sorted_key) {
            return Ok(sorted);
        }
        let prepared = self.prepared(key).await?;
        let (params, settings) = (params.clone(), self.settings());
        let sorted = Arc::new(blocking(move || Ok(queue::matching(&prepared, &params, &settings)?)).await?);
        self.state().sorted.insert(sorted_key, sorted.clone());
        Ok(sorted)
    }

    /// The figures of a view with charts drawn by `draw` from them and the backlog trend; the
    /// charts are kept with the figures.
    pub async fn with_charts(
        &self,
        query: &ViewQuery,
        draw: impl FnOnce(&Figures, &[TrendPoint]) -> Vec<Chart>,
    ) -> Result<(ViewInfo, Arc<Figures>, Arc<Vec<Chart>>), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let figures = self.figures_for(&key).await?;
        let charts_key = (key, query.clone());
        if let Some(charts) = self.state().charts.get(&charts_key) {
            return Ok((info, figures, charts));
        }
        let trend = self.trend(&query.filters).await?;
        let charts = Arc::new(draw(&figures, &trend));
        self.state().charts.insert(charts_key, charts.clone());
        Ok((info, figures, charts))
    }

    /// One page of the work queue.
    pub async fn queue_page(
        &self,
        query: &ViewQuery,
        params: &QueueParams,
    ) -> Result<(ViewInfo, QueuePage), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let sorted = self.sorted(&key, params).await?;
        let page = queue::page(&sorted, params.page, Day::new(key.as_of))?;
        Ok((info, page))
    }

    /// One case of the view's snapshot, within the view's scope; `None` when it is not there.
    pub async fn case(
        &self,
        query: &ViewQuery,
        case_id: &str,
    ) -> Result<Option<(ViewInfo, CaseDetail)>, AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let prepared = self.prepared(&key).await?;
        let (case_id, day) = (case_id.to_owned(), Day::new(key.as_of));
        let found = blocking(move || Ok(queue::case_detail(&prepared, &case_id, day)?)).await?;
        Ok(found.map(|detail| (info, detail)))
    }

    /// Every matching queue row, for an export.
    pub async fn queue_rows(
        &self,
        query: &ViewQuery,
        params: &QueueParams,
    ) -> Result<(ViewInfo, Vec<QueueRow>), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let sorted = self.sorted(&key, params).await?;
        let day = Day::new(key.as_of);
        let rows = blocking(move || Ok(queue::rows(&sorted, day)?)).await?;
        Ok((info, rows))
    }

    /// The forecast of a view with `extra` decisions a week on top of the recent pace ("what if").
    pub async fn forecast_with(&self, query: &ViewQuery, extra: u32) -> Result<Forecast, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        let open = self.figures_for(&key).await?.open;
        let prepared = self.prepared(&key).await?;
        let day = Day::new(key.as_of);
        blocking(move || Ok(metrics::forecast::forecast(&prepared, day, open, extra)?)).await
    }

    /// Lapsed reindications with a complete evaluation form, per provider (for the risk view).
    pub async fn lapsed_ready(&self, query: &ViewQuery) -> Result<LapsedReady, AnalyticsError> {
        let params = QueueParams {
            indication: Some("verlopen".to_owned()),
            form: Some(FormState::Ready),
            page: 1,
            ..QueueParams::default()
        };
        let (_, rows) = self.queue_rows(query, &params).await?;
        let mut counts: BTreeMap<Option<String>, u64> = BTreeMap::new();
        for row in rows {
            *counts.entry(row.provider).or_default() += 1;
        }
        Ok(LapsedReady(counts.into_iter().collect()))
    }

    /// Decisions and withdrawals per consultant per month, computed once per view.
    pub async fn closures_by_month(
        &self,
        query: &ViewQuery,
    ) -> Result<Arc<BTreeMap<String, Vec<WeekThroughput>>>, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        if let Some(months) = self.state().closures.get(&key) {
            return Ok(months);
        }
        let prepared = self.prepared(&key).await?;
        let months = Arc::new(blocking(move || Ok(closures(&prepared, Period::Month)?)).await?);
        self.state().closures.insert(key, months.clone());
        Ok(months)
    }

    /// Open, unassigned and the oldest unassigned month on each snapshot's own date.
    pub async fn trend(&self, filters: &Filters) -> Result<Vec<TrendPoint>, AnalyticsError> {
        let mut points = Vec::new();
        for (id, as_of) in self.snapshots().await? {
            let query = ViewQuery { snapshot: Some(id), as_of: None, filters: filters.clone() };
            let (_, figures) = self.figures(&query).await?;
            points.push(TrendPoint {
                as_of,
                open: figures.open,
                unassigned: figures.unassigned,
                oldest_unassigned_month: figures.oldest_unassigned_month.clone(),
            });
        }
        Ok(points)
    }

    /// The distinct values per filter in one snapshot, within a provider's scope.
    async fn options(
        &self,
        snapshot: i64,
        scope: &Option<Vec<String>>,
    ) -> Result<Arc<FilterOptions>, AnalyticsError> {
        let key = (snapshot, scope.clone());
        if let Some(options) = self.state().options.get(&key) {
            return Ok(options);
        }
        let cases = self.frame(snapshot).await?;
        let scope = scope.clone();
        let options = Arc::new(
            blocking(move || {
                let Some(names) = scope else { return Ok(filter_options(&cases)?) };
                let filters = Filters { organisation_scope: Some(names), ..Filters::default() };
                let own = metrics::scoped(&cases, &filters)?;
                Ok(filter_options(&own)?)
            })
            .await?,
        );
        self.state().options.insert(key, options.clone());
        Ok(options)
    }
}

fn filter_options(cases: &DataFrame) -> PolarsResult<FilterOptions> {
    let distinct = |name: &str| -> PolarsResult<Vec<String>> {
        let values = cases.column(name)?.str()?.unique()?.sort(false);
        Ok(values.iter().flatten().map(str::to_owned).collect())
    };
    Ok(FilterOptions {
        municipality: distinct("municipality")?,
        product: distinct("product")?,
        provider: distinct("provider")?,
        consultant: Some(distinct("consultant")?),
    })
}

/// Runs polars work off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AnalyticsError> + Send + 'static,
) -> Result<T, AnalyticsError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AnalyticsError::Task(e.to_string()))?
}
