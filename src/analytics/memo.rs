//! The figures cache and its change check: what is kept per snapshot and per view, and when it is
//! dropped (the data revision moved: a snapshot, a setting or an evaluation form changed).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;

use super::cache::Bounded;
use super::{blocking, Analytics, AnalyticsError};
use crate::domain::chart::Chart;
use crate::domain::figures::{Figures, WeekThroughput};
use crate::domain::filters::{FilterOptions, Filters, ViewQuery};
use crate::domain::flow::Flow;
use crate::domain::queue::QueueParams;
use crate::metrics::{self, queue, Day, Settings};

/// A view resolved to one snapshot and one as-of date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Key {
    pub(super) snapshot: i64,
    pub(super) as_of: NaiveDate,
    pub(super) filters: Filters,
    /// The forms revision the figures are for: a computation that was under way while a form
    /// came in cannot serve its outdated result afterwards.
    pub(super) forms: Option<(i64, i64)>,
}

pub(super) struct State {
    /// The data revision the snapshot list, settings and forms below were read at.
    pub(super) revision: Option<i64>,
    /// The snapshot list and the settings rows the cached values were computed against.
    pub(super) snapshots: Vec<(i64, String)>,
    /// The trend's groups of the snapshots the retention job removed (counts only), as one frame.
    pub(super) retained: Arc<DataFrame>,
    pub(super) setting_rows: Vec<(String, String)>,
    pub(super) settings: Arc<Settings>,
    /// The evaluation forms' revision and each case's newest form state (see `metrics::form_frame`).
    pub(super) forms_revision: Option<(i64, i64)>,
    pub(super) forms: Arc<DataFrame>,
    pub(super) frames: Bounded<i64, DataFrame>,
    pub(super) prepared: Bounded<Key, DataFrame>,
    /// Matching queue cases in order, per view and queue parameters (without the page).
    pub(super) sorted: Bounded<(Key, QueueParams), DataFrame>,
    pub(super) figures: Bounded<Key, Figures>,
    /// The figures across the series of snapshots up to each view's as-of date.
    pub(super) flows: Bounded<Key, Flow>,
    /// Decisions and withdrawals per consultant per month (the Consulenten page).
    pub(super) closures: Bounded<Key, BTreeMap<String, Vec<WeekThroughput>>>,
    /// The Overzicht's charts, drawn once per view (and URL: their links repeat it).
    pub(super) charts: Bounded<(Key, ViewQuery, crate::i18n::Locale), Vec<Chart>>,
    /// The filter choices per snapshot and scope: small, and wanted for every snapshot of a
    /// series (the trend resolves each), so many more than frames are kept.
    pub(super) options: Bounded<(i64, Option<Vec<String>>), FilterOptions>,
    /// Each snapshot's oldest received date: the start of the as-of dates it accepts.
    pub(super) oldest_received: Bounded<i64, Option<NaiveDate>>,
}

impl State {
    /// An empty cache; the first request reads the snapshot list, settings and forms.
    pub(super) fn new() -> Self {
        State {
            revision: None,
            snapshots: Vec::new(),
            retained: Arc::new(DataFrame::empty()),
            setting_rows: Vec::new(),
            settings: Arc::new(Settings::default()),
            forms_revision: None,
            forms: Arc::new(DataFrame::empty()),
            frames: Bounded::new(8),
            prepared: Bounded::new(4),
            sorted: Bounded::new(8),
            figures: Bounded::new(512),
            flows: Bounded::new(64),
            closures: Bounded::new(64),
            charts: Bounded::new(64),
            options: Bounded::new(256),
            oldest_received: Bounded::new(256),
        }
    }
}

impl Analytics {
    /// The snapshots, one per as-of date, oldest first; a new snapshot, changed settings or a
    /// new or assessed evaluation form empty the cache, also when another instance made the change.
    /// Read again only when the data revision moved.
    pub(super) async fn snapshots(&self) -> Result<Vec<(i64, String)>, AnalyticsError> {
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
        // The groups change only when a snapshot goes, and with it the list.
        let moved = {
            let state = self.state();
            state.revision.is_none() || state.snapshots != list
        };
        let retained = match moved {
            true => Some(Arc::new(metrics::trend::frame(&self.db.trend_groups().await?)?)),
            false => None,
        };
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
            state.flows.clear();
            state.closures.clear();
            state.charts.clear();
            state.options.clear();
            state.oldest_received.clear();
            state.snapshots = list.clone();
        }
        if let Some(retained) = retained {
            state.retained = retained;
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

    pub(super) async fn frame(&self, snapshot: i64) -> Result<Arc<DataFrame>, AnalyticsError> {
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

    pub(super) async fn prepared(&self, key: &Key) -> Result<Arc<DataFrame>, AnalyticsError> {
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

    pub(super) async fn figures_for(&self, key: &Key) -> Result<Arc<Figures>, AnalyticsError> {
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

    /// The figures across the series of snapshots up to the view's as-of date.
    pub(super) async fn flow_for(&self, key: &Key) -> Result<Arc<Flow>, AnalyticsError> {
        if let Some(flow) = self.state().flows.get(key) {
            return Ok(flow);
        }
        let series = self.series(key.as_of).await?;
        let view = self.prepared(key).await?;
        let (filters, n) = (key.filters.clone(), self.settings().stalled_snapshots);
        let flow = Arc::new(blocking(move || Ok(metrics::series::flow(&series, &view, &filters, n)?)).await?);
        self.state().flows.insert(key.clone(), flow.clone());
        Ok(flow)
    }

    /// The matching queue cases in order; paging through them reuses the sorted frame.
    pub(super) async fn sorted(
        &self,
        key: &Key,
        params: &QueueParams,
    ) -> Result<Arc<DataFrame>, AnalyticsError> {
        let sorted_key = (key.clone(), QueueParams { page: 1, ..params.clone() });
        if let Some(sorted) = self.state().sorted.get(&sorted_key) {
            return Ok(sorted);
        }
        let prepared = self.prepared(key).await?;
        let stalled = match params.stalled {
            true => Some(self.flow_for(key).await?),
            false => None,
        };
        let (params, settings) = (params.clone(), self.settings());
        let sorted = Arc::new(
            blocking(move || {
                let stalled =
                    stalled.map(|flow| queue::only_cases(&prepared, &flow.stalled_ids)).transpose()?;
                Ok(queue::matching(stalled.as_ref().unwrap_or(&prepared), &params, &settings)?)
            })
            .await?,
        );
        self.state().sorted.insert(sorted_key, sorted.clone());
        Ok(sorted)
    }
}
