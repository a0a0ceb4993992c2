//! Figures across the series of snapshots up to the as-of date (spec/flow.md): stalled cases, the
//! cumulative flow, and the data-quality warnings of the newest snapshot against the one before.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;

use super::calendar::{day_number, iso_date};
use super::{count, filter_mask, first_int, ints, texts, MetricsError};
use crate::domain::filters::Filters;
use crate::domain::flow::{CfdPoint, DataQuality, Flow};

/// One snapshot of the series: its as-of date and its cases as stored.
pub struct Snapshot {
    pub as_of: NaiveDate,
    pub cases: Arc<DataFrame>,
}

/// The flow figures of a series (oldest first, one snapshot per as-of date, up to T). `view` is
/// T's prepared frame (`metrics::prepare`); `stalled_snapshots` is N of "stalled".
pub fn flow(
    series: &[Snapshot],
    view: &DataFrame,
    filters: &Filters,
    stalled_snapshots: usize,
) -> Result<Flow, MetricsError> {
    let stalled_ids = stalled(series, view, stalled_snapshots)?;
    Ok(Flow {
        stalled: stalled_ids.as_ref().map(|ids| ids.len() as u64),
        stalled_ids: stalled_ids.unwrap_or_default(),
        cfd: cfd(series, filters)?,
        data_quality: data_quality(series, filters)?,
    })
}

/// The rows of `series` with the columns the flow reads (dates as day numbers) and `seq`, the
/// snapshot's place in the series.
pub(super) fn rows(series: &[Snapshot]) -> PolarsResult<LazyFrame> {
    let text = |name: &str| col(name).cast(DataType::String);
    let day = |name: &str, alias: &str| col(name).cast(DataType::Int32).alias(alias);
    let frames: Vec<LazyFrame> = series
        .iter()
        .enumerate()
        .map(|(seq, snapshot)| {
            snapshot.cases.as_ref().clone().lazy().select([
                text("case_id"),
                text("request_type"),
                text("product"),
                text("municipality"),
                text("provider"),
                text("consultant"),
                text("outcome"),
                day("received_on", "rec"),
                day("assigned_on", "asg"),
                day("decided_on", "dec"),
                day("indication_end", "end"),
                lit(seq as i32).alias("seq"),
            ])
        })
        .collect();
    concat(frames, UnionArgs::default())
}

/// Open cases at T (in `view`) that are in each of the last `n` snapshots with the same
/// consultant, assigned_on, decided_on and indication_end, sorted; `None` with fewer than `n`
/// snapshots.
fn stalled(series: &[Snapshot], view: &DataFrame, n: usize) -> PolarsResult<Option<Vec<String>>> {
    if n == 0 || series.len() < n {
        return Ok(None);
    }
    let same = |name: &str| col(name).n_unique().eq(lit(1u32));
    let unchanged = rows(&series[series.len() - n..])?
        .group_by([col("case_id")])
        .agg([
            len().alias("snapshots"),
            same("consultant").alias("c"),
            same("asg").alias("a"),
            same("dec").alias("d"),
            same("end").alias("e"),
        ])
        .filter(col("snapshots").eq(lit(n as u32)).and(col("c")).and(col("a")).and(col("d")).and(col("e")))
        .select([col("case_id")]);
    let open = view.clone().lazy().filter(col("open")).select([col("case_id")]);
    // Both sides hold each case once, so an inner join keeps the open cases that stalled.
    let args = JoinArgs::new(JoinType::Inner);
    let stalled = open
        .join(unchanged, [col("case_id")], [col("case_id")], args)
        .sort(["case_id"], SortMultipleOptions::default())
        .collect()?;
    Ok(Some(texts(&stalled, "case_id")?.into_iter().flatten().collect()))
}

/// Per snapshot S: of every case seen up to S, each in its newest row up to S, the number that
/// had arrived, been picked up and been decided by S's date (the filters on that row).
fn cfd(series: &[Snapshot], filters: &Filters) -> Result<Vec<CfdPoint>, MetricsError> {
    if series.is_empty() {
        return Ok(Vec::new());
    }
    let next = col("seq").shift(lit(-1)).over([col("case_id")])?.alias("next");
    let history =
        rows(series)?.sort(["case_id", "seq"], SortMultipleOptions::default()).with_column(next).collect()?;
    let history = history.lazy().filter(filter_mask(filters)?);
    let mut points = Vec::with_capacity(series.len());
    for (seq, snapshot) in series.iter().enumerate() {
        let (seq, today) = (seq as i32, lit(day_number(snapshot.as_of)));
        let known = col("seq").lt_eq(lit(seq)).and(col("next").is_null().or(col("next").gt(lit(seq))));
        let by = |name: &str| count(col(name).lt_eq(today.clone())).alias(name);
        let counts = history.clone().filter(known).select([by("rec"), by("asg"), by("dec")]).collect()?;
        let read =
            |name| -> PolarsResult<u64> { Ok(first_int(&counts, name)?.unwrap_or_default().max(0) as u64) };
        points.push(CfdPoint {
            as_of: iso_date(day_number(snapshot.as_of)),
            arrived: read("rec")?,
            picked_up: read("asg")?,
            decided: read("dec")?,
        });
    }
    Ok(points)
}

/// A case's row as data quality compares it.
struct Compared {
    rec: Option<i64>,
    dec: Option<i64>,
    /// Whether the row passes the filters.
    shown: bool,
}

/// The cases of one snapshot by id.
fn compared(snapshot: &Snapshot, filters: &Filters) -> Result<HashMap<String, Compared>, MetricsError> {
    let frame = rows(std::slice::from_ref(snapshot))?
        .select([col("case_id"), col("rec"), col("dec"), filter_mask(filters)?.alias("shown")])
        .collect()?;
    let shown = frame.column("shown")?.bool()?.iter().map(|v| v.unwrap_or(false)).collect::<Vec<_>>();
    let (ids, rec, dec) = (texts(&frame, "case_id")?, ints(&frame, "rec")?, ints(&frame, "dec")?);
    Ok(ids
        .into_iter()
        .zip(rec.into_iter().zip(dec).zip(shown))
        .filter_map(|(id, ((rec, dec), shown))| Some((id?, Compared { rec, dec, shown })))
        .collect())
}

/// The newest snapshot of the series against the one before; each list sorted.
fn data_quality(series: &[Snapshot], filters: &Filters) -> Result<DataQuality, MetricsError> {
    let [earlier @ .., before, newest] = series else {
        return Ok(DataQuality::default());
    };
    let (old, new) = (compared(before, filters)?, compared(newest, filters)?);
    let before_day = i64::from(day_number(before.as_of));
    let mut quality = DataQuality::default();
    for (id, row) in old.iter().filter(|(_, row)| row.shown) {
        let open = row.dec.is_none_or(|dec| dec > before_day);
        if open && !new.contains_key(id) {
            quality.vanished.push(id.clone());
        }
    }
    let seen_earlier = earlier_ids(earlier)?;
    for (id, row) in new.iter().filter(|(_, row)| row.shown) {
        match old.get(id) {
            None if seen_earlier.contains(id.as_str()) => quality.returned.push(id.clone()),
            None => {}
            Some(was) => {
                if was.rec != row.rec {
                    quality.received_on_changed.push(id.clone());
                }
                if was.dec.is_some() && row.dec.is_none() {
                    quality.reopened.push(id.clone());
                }
            }
        }
    }
    for list in [
        &mut quality.vanished,
        &mut quality.returned,
        &mut quality.received_on_changed,
        &mut quality.reopened,
    ] {
        list.sort();
    }
    Ok(quality)
}

/// Every case id of the snapshots before the last two.
fn earlier_ids(earlier: &[Snapshot]) -> PolarsResult<HashSet<String>> {
    let mut ids = HashSet::new();
    for snapshot in earlier {
        ids.extend(snapshot.cases.column("case_id")?.str()?.iter().flatten().map(str::to_owned));
    }
    Ok(ids)
}
