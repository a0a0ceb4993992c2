//! Resolving a view: the snapshot and as-of date a query asks for (within the span of the data),
//! and the filter bar's options per snapshot and scope.

use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;

use super::memo::Key;
use super::{blocking, Analytics, AnalyticsError};
use crate::domain::filters::{FilterOptions, Filters, SnapshotRef, ViewInfo, ViewQuery};
use crate::metrics;

/// How far past the newest snapshot an as-of date may lie.
const AS_OF_DAYS_AFTER_NEWEST: i64 = 365;

impl Analytics {
    /// The snapshot asked for (or the one of the asked as-of date, or the newest) and the date.
    pub(super) async fn resolve(&self, query: &ViewQuery) -> Result<(Key, ViewInfo), AnalyticsError> {
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
    pub(super) async fn within_span(
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
    pub(super) async fn oldest_received(&self, snapshot: i64) -> Result<Option<NaiveDate>, AnalyticsError> {
        if let Some(oldest) = self.state().oldest_received.get(&snapshot) {
            return Ok(*oldest);
        }
        let cases = self.frame(snapshot).await?;
        let oldest = blocking(move || Ok(metrics::calendar::oldest_received(&cases)?)).await?;
        self.state().oldest_received.insert(snapshot, Arc::new(oldest));
        Ok(oldest)
    }

    /// The distinct values per filter in one snapshot, within a provider's scope.
    pub(super) async fn options(
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
