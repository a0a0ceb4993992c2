//! The figures service the pages and handlers call: one method per thing they show, each
//! resolving the view and taking what it needs from the cache.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{blocking, Analytics, AnalyticsError};
use crate::domain::chart::Chart;
use crate::domain::figures::{Figures, LapsedReady, TrendPoint, WeekThroughput};
use crate::domain::filters::{Filters, ViewInfo, ViewQuery};
use crate::domain::flow::{AgingDot, CaseEvent, DataQuality, Flow};
use crate::domain::forms::FormState;
use crate::domain::queue::{CaseDetail, QueuePage, QueueParams, QueueRow};
use crate::domain::warning::WarningCase;
use crate::i18n::Locale;
use crate::metrics::queue::{self, RowSource};
use crate::metrics::series::Snapshot;
use crate::metrics::throughput::{closures, Period};
use crate::metrics::{self, Day};

impl Analytics {
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

    /// The figures across the view's series of snapshots: those with an as-of date up to the
    /// view's, oldest first.
    pub async fn flow(&self, query: &ViewQuery) -> Result<(ViewInfo, Arc<Flow>), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        Ok((info, self.flow_for(&key).await?))
    }

    /// The data-quality warnings of a snapshot against the one before it (spec/flow.md).
    pub async fn data_quality(&self, snapshot_id: i64) -> Result<DataQuality, AnalyticsError> {
        let query = ViewQuery { snapshot: Some(snapshot_id), ..ViewQuery::default() };
        Ok(self.flow(&query).await?.1.data_quality.clone())
    }

    /// The history of one case over the view's series, within the view's organisation scope
    /// (its other filters do not hide a case's past); `None` when no snapshot holds it there.
    /// It reads the case's own rows, not whole snapshots.
    pub async fn history(
        &self,
        query: &ViewQuery,
        case_id: &str,
    ) -> Result<Option<Vec<CaseEvent>>, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        let mut series = Vec::new();
        for (id, as_of) in self.series_ids(key.as_of).await? {
            series.push(Snapshot { as_of, cases: Arc::new(self.db.case_frame(id, case_id).await?) });
        }
        let scope = Filters { organisation_scope: key.filters.organisation_scope, ..Filters::default() };
        let case_id = case_id.to_owned();
        blocking(move || Ok(metrics::history::case_history(&series, &case_id, &scope)?)).await
    }

    /// The snapshots with an as-of date up to `as_of`, oldest first, with their cases.
    pub(super) async fn series(&self, as_of: NaiveDate) -> Result<Vec<Snapshot>, AnalyticsError> {
        let mut series = Vec::new();
        for (id, as_of) in self.series_ids(as_of).await? {
            series.push(Snapshot { as_of, cases: self.frame(id).await? });
        }
        Ok(series)
    }

    /// The ids and as-of dates of the series up to `as_of` (one snapshot per date), oldest first.
    async fn series_ids(&self, as_of: NaiveDate) -> Result<Vec<(i64, NaiveDate)>, AnalyticsError> {
        let dates = self.snapshots().await?.into_iter();
        let parsed =
            dates.filter_map(|(id, date)| Some((id, crate::ingest::values::parse_date(&date, false)?)));
        Ok(parsed.filter(|(_, date)| *date <= as_of).collect())
    }

    /// The figures of a view with charts drawn by `draw` from them and the backlog trend; the
    /// charts are kept with the figures, one set per language.
    pub async fn with_charts(
        &self,
        query: &ViewQuery,
        locale: Locale,
        draw: impl FnOnce(&Figures, &[TrendPoint]) -> Vec<Chart>,
    ) -> Result<(ViewInfo, Arc<Figures>, Arc<Vec<Chart>>), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let figures = self.figures_for(&key).await?;
        let charts_key = (key, query.clone(), locale);
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
        let (info, source) = self.queue_source(query, params).await?;
        Ok((info, source.page(params.page)?))
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

    /// Every matching queue row (a provider's own page).
    pub async fn queue_rows(
        &self,
        query: &ViewQuery,
        params: &QueueParams,
    ) -> Result<(ViewInfo, Vec<QueueRow>), AnalyticsError> {
        let (info, source) = self.queue_source(query, params).await?;
        let rows = blocking(move || Ok(source.slice(0, source.len())?)).await?;
        Ok((info, rows))
    }

    /// The matching queue cases in order, to be made into rows a slice at a time (downloads).
    pub async fn queue_source(
        &self,
        query: &ViewQuery,
        params: &QueueParams,
    ) -> Result<(ViewInfo, RowSource), AnalyticsError> {
        let (key, info) = self.resolve(query).await?;
        let sorted = self.sorted(&key, params).await?;
        Ok((info, RowSource::new(sorted, Day::new(key.as_of))))
    }

    /// The oldest open cases of each stage of a view (at most `limit` each), those of the
    /// consultant named `own` in the export marked: the dots of the ageing chart.
    pub async fn aging_dots(
        &self,
        query: &ViewQuery,
        limit: usize,
        own: Option<String>,
    ) -> Result<Vec<AgingDot>, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        let prepared = self.prepared(&key).await?;
        blocking(move || Ok(metrics::stages::oldest_per_stage(&prepared, limit, own.as_deref())?)).await
    }

    /// The view's reindications whose last day to act comes within four weeks, by that day.
    pub async fn early_warning(&self, query: &ViewQuery) -> Result<Vec<WarningCase>, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        let prepared = self.prepared(&key).await?;
        let (day, lead) = (Day::new(key.as_of), self.settings().warning_lead_days);
        blocking(move || Ok(metrics::warning::cases(&prepared, day, lead)?)).await
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
        Ok(metrics::risk::per_provider(&rows))
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

    /// Open, unassigned and the oldest unassigned month on each snapshot's own date, and on the
    /// dates of snapshots the retention job removed (from their groups), oldest first.
    pub async fn trend(&self, filters: &Filters) -> Result<Vec<TrendPoint>, AnalyticsError> {
        let snapshots = self.snapshots().await?;
        let retained = self.state().retained.clone();
        let mut points = metrics::trend::points(&retained, filters)?;
        // A date imported again after its snapshot went: the kept snapshot's own point counts.
        points.retain(|p| !snapshots.iter().any(|(_, d)| *d == p.as_of));
        for (id, as_of) in snapshots {
            let query = ViewQuery { snapshot: Some(id), as_of: None, filters: filters.clone() };
            let (_, figures) = self.figures(&query).await?;
            points.push(TrendPoint {
                as_of,
                open: figures.open,
                unassigned: figures.unassigned,
                oldest_unassigned_month: figures.oldest_unassigned_month.clone(),
            });
        }
        points.sort_by(|a, b| a.as_of.cmp(&b.as_of));
        Ok(points)
    }
}
