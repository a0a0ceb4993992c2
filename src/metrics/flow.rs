//! Flow over the last 26 full ISO weeks (spec/metrics.md, "Flow"): inflow, outflow (all
//! outcomes), net flow and the number open on each week's Sunday.

use std::collections::HashMap;

use polars::prelude::*;

use super::calendar::{week_label, week_start_expr};
use super::{count, first_int, ints, within, Day};
use crate::domain::figures::WeekFlow;

pub const FLOW_WEEKS: i32 = 26;

pub fn by_week(frame: &DataFrame, day: Day) -> PolarsResult<Vec<WeekFlow>> {
    let start = day.weeks_back(FLOW_WEEKS);
    let before = frame
        .clone()
        .lazy()
        .select([
            count(col("rec").lt(lit(start))).alias("received"),
            count(col("dec").lt(lit(start))).alias("decided"),
        ])
        .collect()?;
    let mut open = first_int(&before, "received")?.unwrap_or_default()
        - first_int(&before, "decided")?.unwrap_or_default();
    let inflow = per_week(frame, "rec", lit(true), start, day.this_week)?;
    let outflow = per_week(frame, "dec", lit(true), start, day.this_week)?;
    Ok((0..FLOW_WEEKS)
        .map(|k| {
            let monday = start + 7 * k;
            let inflow = inflow.get(&monday).copied().unwrap_or_default();
            let outflow = outflow.get(&monday).copied().unwrap_or_default();
            open += inflow - outflow;
            WeekFlow {
                week: week_label(monday),
                inflow: inflow as u64,
                outflow: outflow as u64,
                net: inflow - outflow,
                open_end: open.max(0) as u64,
            }
        })
        .collect())
}

/// How many cases matching `mask` have their `column` day in each week from `from` to `to`
/// (by Monday).
pub(crate) fn per_week(
    frame: &DataFrame,
    column: &str,
    mask: Expr,
    from: i32,
    to: i32,
) -> PolarsResult<HashMap<i32, i64>> {
    let groups = frame
        .clone()
        .lazy()
        .filter(mask.and(within(column, from, to)))
        .group_by([week_start_expr(col(column)).alias("week")])
        .agg([len().alias("n")])
        .collect()?;
    Ok(ints(&groups, "week")?
        .into_iter()
        .zip(ints(&groups, "n")?)
        .filter_map(|(week, n)| Some((week? as i32, n?)))
        .collect())
}
