//! The state of the queue on the as-of date: headline figures, age buckets by request type and
//! open cases per received month (spec/metrics.md, "Headline figures" and "Age buckets").

use polars::prelude::*;

use super::calendar::{date_of, month_key, month_key_expr, month_label};
use super::{count, first_int, ints, is_decision, lower_median, nearest_rank, within, Day, Settings};
use crate::domain::figures::{AgeBucket, MonthCount, AGE_BUCKETS};
use crate::domain::forms::FormState;

/// The headline figures except the lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headline {
    pub open: u64,
    pub unassigned: u64,
    pub oldest_open_month: Option<String>,
    pub oldest_unassigned_month: Option<String>,
    pub median_age_days: Option<i64>,
    pub p85_age_days: Option<i64>,
    pub over_term: u64,
    pub decided_last_4_weeks: u64,
    /// Open reindications without a form, with an incomplete one, and ready.
    pub forms: [u64; 3],
}

/// The form states the headline counts (spec/metrics.md, "Evaluation-form readiness").
const COUNTED_FORMS: [FormState; 3] = [FormState::Missing, FormState::Incomplete, FormState::Ready];

pub fn headline(frame: &DataFrame, day: Day, settings: &Settings) -> PolarsResult<Headline> {
    let over_term = col("open")
        .and(col("request_type").eq(lit("new")))
        .and(col("age").gt(lit(settings.new_request_term_days)));
    let mut sums = vec![
        count(col("open")).alias("open"),
        count(col("unassigned")).alias("unassigned"),
        col("rec").filter(col("open")).min().alias("oldest_open"),
        col("rec").filter(col("unassigned")).min().alias("oldest_unassigned"),
        count(over_term).alias("over_term"),
        count(is_decision().and(within("dec", day.weeks_back(4), day.this_week))).alias("decided_4w"),
    ];
    sums.extend(
        COUNTED_FORMS
            .map(|state| count(col("open").and(col("form").eq(lit(state.code())))).alias(state.code())),
    );
    let sums = frame.clone().lazy().select(sums).collect()?;
    let ages = open_ages(frame)?;
    let number = |name: &str| first_int(&sums, name).map(|v| v.unwrap_or_default() as u64);
    Ok(Headline {
        open: number("open")?,
        unassigned: number("unassigned")?,
        oldest_open_month: month_of(first_int(&sums, "oldest_open")?),
        oldest_unassigned_month: month_of(first_int(&sums, "oldest_unassigned")?),
        median_age_days: lower_median(&ages),
        p85_age_days: nearest_rank(&ages, 85),
        over_term: number("over_term")?,
        decided_last_4_weeks: number("decided_4w")?,
        forms: [
            number(COUNTED_FORMS[0].code())?,
            number(COUNTED_FORMS[1].code())?,
            number(COUNTED_FORMS[2].code())?,
        ],
    })
}

/// `2025-03` for a day number.
pub(crate) fn month_of(day: Option<i64>) -> Option<String> {
    let date = date_of(i32::try_from(day?).ok()?)?;
    Some(month_label(month_key(date)))
}

/// The ages of the open cases, ascending.
fn open_ages(frame: &DataFrame) -> PolarsResult<Vec<i64>> {
    let sorted = frame
        .clone()
        .lazy()
        .filter(col("open"))
        .select([col("age").sort(SortOptions::default())])
        .collect()?;
    Ok(ints(&sorted, "age")?.into_iter().flatten().collect())
}

/// The bucket index (0–4) of an age in days.
/// The index in `AGE_BUCKETS` of a case's age.
fn bucket_expr() -> Expr {
    let mut bucket = lit(AGE_BUCKETS.len() as i32 - 1);
    for (index, range) in AGE_BUCKETS.iter().enumerate().rev() {
        if let Some(end) = range.to_days {
            bucket = when(col("age").lt(lit(end))).then(lit(index as i32)).otherwise(bucket);
        }
    }
    bucket
}

/// All five buckets in order, each split by request type.
pub fn age_buckets(frame: &DataFrame) -> PolarsResult<Vec<AgeBucket>> {
    let groups = frame
        .clone()
        .lazy()
        .filter(col("open"))
        .group_by([bucket_expr().alias("bucket"), col("request_type")])
        .agg([len().alias("n")])
        .collect()?;
    let mut buckets: Vec<AgeBucket> = AGE_BUCKETS
        .iter()
        .map(|range| AgeBucket { bucket: range.key.to_owned(), new: 0, reindication: 0 })
        .collect();
    let kinds = super::texts(&groups, "request_type")?;
    for ((index, kind), n) in ints(&groups, "bucket")?.into_iter().zip(kinds).zip(ints(&groups, "n")?) {
        let Some(bucket) = index.and_then(|i| buckets.get_mut(i as usize)) else { continue };
        let n = n.unwrap_or_default() as u64;
        match kind.as_deref() {
            Some("new") => bucket.new += n,
            Some("reindication") => bucket.reindication += n,
            _ => {}
        }
    }
    Ok(buckets)
}

/// Open cases per month of receipt, ascending; months without open cases are left out.
pub fn open_by_received_month(frame: &DataFrame) -> PolarsResult<Vec<MonthCount>> {
    let groups = frame
        .clone()
        .lazy()
        .filter(col("open"))
        .group_by([month_key_expr(col("rec").cast(DataType::Date)).alias("month")])
        .agg([len().alias("n")])
        .sort(["month"], SortMultipleOptions::default())
        .collect()?;
    Ok(ints(&groups, "month")?
        .into_iter()
        .zip(ints(&groups, "n")?)
        .filter_map(|(month, n)| {
            Some(MonthCount { month: month_label(i32::try_from(month?).ok()?), count: n? as u64 })
        })
        .collect())
}
