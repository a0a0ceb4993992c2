//! The figures of spec/metrics.md as pure functions `(cases frame, as-of date, filters,
//! settings) → figures`, written with polars' lazy API; no database, no web.

pub mod backlog;
pub mod calendar;
pub mod flow;
pub mod forecast;
pub mod history;
pub mod queue;
pub mod risk;
pub mod series;
pub mod stages;
#[cfg(test)]
mod tests;
pub mod throughput;
pub mod trend;
pub mod warning;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::domain::figures::Figures;
use crate::domain::filters::Filters;
use crate::domain::forms::FormState;
use crate::domain::RequestType;
use calendar::{day_number, iso_date, week_start};

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(
        "Onbekende soort aanvraag \u{201c}{0}\u{201d}: kies nieuw (new) of herindicatie (reindication)."
    )]
    UnknownRequestType(String),
    #[error("De cijfers konden niet worden berekend: {0}")]
    Frame(#[from] PolarsError),
}

/// Terms and tariffs (spec/metrics.md, "Terms" and "Declaration risk"); settings, with defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Days after received_on within which a new request is due (Wmo 2015 art. 2.3.2).
    pub new_request_term_days: i32,
    /// The "expiring" window after the as-of date.
    pub expiring_window_days: i32,
    /// Daily tariff in euros per product; none are built in.
    pub tariffs: BTreeMap<String, f64>,
    /// N of "stalled" (spec/flow.md): unchanged in each of the last N snapshots.
    pub stalled_snapshots: usize,
    /// Days before the indication end by which a reindication must be decided (its last day
    /// to act, spec/notifications.md).
    pub warning_lead_days: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            new_request_term_days: 42,
            expiring_window_days: 56,
            tariffs: BTreeMap::new(),
            stalled_snapshots: 3,
            warning_lead_days: 56,
        }
    }
}

pub const NEW_REQUEST_TERM: &str = "new_request_term_days";
pub const EXPIRING_WINDOW: &str = "expiring_window_days";
pub const TARIFF_PREFIX: &str = "tariff:";
pub const STALLED_SNAPSHOTS: &str = "stalled_snapshots";
pub const WARNING_LEAD: &str = "warning_lead_days";

impl Settings {
    /// From stored key/value rows; unreadable or missing values keep their default.
    pub fn from_rows(rows: &[(String, String)]) -> Self {
        let mut settings = Settings::default();
        for (key, value) in rows {
            match key.as_str() {
                NEW_REQUEST_TERM => settings.new_request_term_days = value.parse().unwrap_or(42),
                EXPIRING_WINDOW => settings.expiring_window_days = value.parse().unwrap_or(56),
                STALLED_SNAPSHOTS => settings.stalled_snapshots = value.parse().unwrap_or(3),
                WARNING_LEAD => settings.warning_lead_days = value.parse().unwrap_or(56),
                _ => {
                    if let (Some(product), Ok(tariff)) =
                        (key.strip_prefix(TARIFF_PREFIX), value.parse::<f64>())
                    {
                        settings.tariffs.insert(product.to_owned(), tariff);
                    }
                }
            }
        }
        settings
    }
}

/// The as-of date as a day number, with the week boundaries that several figures share.
#[derive(Clone, Copy, Debug)]
pub struct Day {
    pub today: i32,
    /// Monday of the as-of date's own week: "full weeks before T" end the day before.
    pub this_week: i32,
}

impl Day {
    pub fn new(as_of: NaiveDate) -> Self {
        let today = day_number(as_of);
        Day { today, this_week: week_start(today) }
    }

    /// The first day of the `weeks` full ISO weeks before the as-of date's week.
    pub fn weeks_back(self, weeks: i32) -> i32 {
        self.this_week - 7 * weeks
    }
}

/// All figures of one view.
pub fn figures(
    cases: &DataFrame,
    as_of: NaiveDate,
    filters: &Filters,
    settings: &Settings,
    forms: &DataFrame,
) -> Result<Figures, MetricsError> {
    let day = Day::new(as_of);
    let frame = prepare(cases, day, filters, forms)?;
    let headline = backlog::headline(&frame, day, settings)?;
    let lead_times = stages::lead_times(&frame, day)?;
    Ok(Figures {
        as_of: iso_date(day.today),
        open: headline.open,
        unassigned: headline.unassigned,
        oldest_open_month: headline.oldest_open_month,
        oldest_unassigned_month: headline.oldest_unassigned_month,
        median_age_days: headline.median_age_days,
        p85_age_days: headline.p85_age_days,
        over_term: headline.over_term,
        decided_last_4_weeks: headline.decided_last_4_weeks,
        forms_missing: headline.forms[0],
        forms_incomplete: headline.forms[1],
        ready_for_assessment: headline.forms[2],
        age_buckets: backlog::age_buckets(&frame)?,
        open_by_received_month: backlog::open_by_received_month(&frame)?,
        throughput_by_consultant: Some(throughput::by_consultant(&frame, day)?),
        flow_by_week: flow::by_week(&frame, day)?,
        declaration_risk: Some(risk::by_provider(&frame, day, settings)?),
        early_warning: Some(warning::per_provider(&warning::cases(&frame, day, settings.warning_lead_days)?)),
        forecast: Some(forecast::forecast(&frame, day, headline.open, 0, forecast::HISTORY_WEEKS)?),
        aging_wip: stages::aging_wip(&frame, lead_times.p85)?,
        lead_time_percentiles: Some(lead_times),
    })
}

/// The cases as they stood on the as-of date, filtered, with day numbers and states:
/// `rec asg dec end` (Int32 days; a later assignment or decision is not yet known, so null),
/// `open`, `unassigned`, `age` (days since received, for every case) and `form` (a reindication's
/// `FormState` code from `forms`, see `form_frame`; null for new requests).
pub fn prepare(
    cases: &DataFrame,
    day: Day,
    filters: &Filters,
    forms: &DataFrame,
) -> Result<DataFrame, MetricsError> {
    let today = lit(day.today);
    let days = |name: &str| col(name).cast(DataType::Int32);
    let known = |name: &str| when(days(name).lt_eq(today.clone())).then(days(name)).otherwise(lit(NULL));
    let decided_by_then = days("decided_on").lt_eq(today.clone());
    let frame = cases
        .clone()
        .lazy()
        .filter(filter_mask(filters)?.and(days("received_on").lt_eq(today.clone())))
        .select([
            col("case_id"),
            col("client_ref"),
            col("request_type"),
            col("product"),
            col("municipality"),
            col("provider"),
            col("consultant"),
            days("received_on").alias("rec"),
            known("assigned_on").cast(DataType::Int32).alias("asg"),
            known("decided_on").cast(DataType::Int32).alias("dec"),
            when(decided_by_then)
                .then(col("outcome"))
                .otherwise(lit(NULL))
                .cast(DataType::String)
                .alias("outcome"),
            days("indication_end").alias("end"),
        ]);
    let frame = with_forms(frame, forms)
        .with_columns([(today - col("rec")).alias("age"), col("dec").is_null().alias("open")])
        .with_column(
            col("open").and(col("consultant").is_null().or(col("asg").is_null())).alias("unassigned"),
        )
        .collect()?;
    Ok(frame)
}

/// The state of each case's newest evaluation form as a frame for `prepare`.
pub fn form_frame(states: &[(String, FormState)]) -> PolarsResult<DataFrame> {
    let ids: Vec<&str> = states.iter().map(|(id, _)| id.as_str()).collect();
    let codes: Vec<&str> = states.iter().map(|(_, state)| state.code()).collect();
    DataFrame::new(states.len(), vec![Column::new("case_id".into(), ids), Column::new("form".into(), codes)])
}

/// Adds `form`: a reindication's form state (`missing` without a form), null for new requests.
fn with_forms(frame: LazyFrame, forms: &DataFrame) -> LazyFrame {
    let frame = if forms.height() == 0 {
        frame.with_column(lit(NULL).cast(DataType::String).alias("form"))
    } else {
        let args = JoinArgs { maintain_order: MaintainOrderJoin::Left, ..JoinArgs::new(JoinType::Left) };
        frame.join(forms.clone().lazy(), [col("case_id")], [col("case_id")], args)
    };
    let missing = lit(FormState::Missing.code());
    frame.with_column(
        when(col("request_type").eq(lit("reindication")))
            .then(col("form").fill_null(missing))
            .otherwise(lit(NULL).cast(DataType::String))
            .alias("form"),
    )
}

/// The cases that pass the filters, without any date logic (for the filter bar's options).
pub fn scoped(cases: &DataFrame, filters: &Filters) -> Result<DataFrame, MetricsError> {
    Ok(cases.clone().lazy().filter(filter_mask(filters)?).collect()?)
}

/// Every set filter must match; the request type and known product codes as the import writes them.
pub(crate) fn filter_mask(filters: &Filters) -> Result<Expr, MetricsError> {
    let mut conditions = Vec::new();
    let equals = |column: &str, value: String| col(column).eq(lit(value));
    if let Some(text) = &filters.request_type {
        let key = crate::ingest::columns::normalize_key(text);
        let kind =
            RequestType::from_key(&key).ok_or_else(|| MetricsError::UnknownRequestType(text.clone()))?;
        conditions.push(equals("request_type", kind.code().to_owned()));
    }
    if let Some(product) = &filters.product {
        let upper = product.to_uppercase();
        let code = if crate::domain::is_product(&upper) { upper } else { product.clone() };
        conditions.push(equals("product", code));
    }
    if let Some(names) = &filters.organisation_scope {
        conditions.push(names.iter().fold(lit(false), |any, name| any.or(equals("provider", name.clone()))));
    }
    for (column, value) in [
        ("municipality", &filters.municipality),
        ("provider", &filters.provider),
        ("consultant", &filters.consultant),
    ] {
        if let Some(value) = value {
            conditions.push(equals(column, value.clone()));
        }
    }
    Ok(conditions.into_iter().fold(lit(true), Expr::and))
}

/// A count of a boolean expression, as Int64 for uniform reading.
pub(crate) fn count(mask: Expr) -> Expr {
    mask.cast(DataType::Int64).sum()
}

/// Reads column `name` of `frame` as i64 values (null stays `None`).
pub(crate) fn ints(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let column = frame.column(name)?.cast(&DataType::Int64)?;
    Ok(column.i64()?.iter().collect())
}

/// Reads text column `name` of `frame`.
pub(crate) fn texts(frame: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    Ok(column.str()?.iter().map(|v| v.map(str::to_owned)).collect())
}

/// The first value of an integer column, or `None`.
pub(crate) fn first_int(frame: &DataFrame, name: &str) -> PolarsResult<Option<i64>> {
    Ok(ints(frame, name)?.into_iter().next().flatten())
}

/// A closure that is a decision: granted or refused.
pub(crate) fn is_decision() -> Expr {
    col("outcome").eq(lit("granted")).or(col("outcome").eq(lit("refused")))
}

pub(crate) fn is_withdrawal() -> Expr {
    col("outcome").eq(lit("withdrawn"))
}

/// `from <= column < to`.
pub(crate) fn within(column: &str, from: i32, to: i32) -> Expr {
    col(column).gt_eq(lit(from)).and(col(column).lt(lit(to)))
}

/// The lower middle value of sorted values (spec: "the lower middle value for an even count").
pub(crate) fn lower_median(sorted: &[i64]) -> Option<i64> {
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
}

/// The `pct`-th percentile of sorted values by the nearest-rank method: the ⌈pct·n/100⌉-th value.
pub(crate) fn nearest_rank(sorted: &[i64], pct: usize) -> Option<i64> {
    let rank = (pct * sorted.len()).div_ceil(100);
    sorted.get(rank.checked_sub(1)?).copied()
}
