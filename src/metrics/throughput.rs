//! Throughput per consultant (spec/metrics.md): decisions and withdrawals per ISO week or month,
//! work in progress, decisions in the last 4 full weeks, median lead time, oldest open case.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::calendar::{iso_date, month_key_expr, month_label, week_label, week_start_expr};
use super::{count, ints, is_decision, is_withdrawal, lower_median, texts, within, Day};
use crate::domain::figures::{ConsultantThroughput, WeekThroughput};

/// A period (ISO week or month) for counting closures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

impl Period {
    fn key(self) -> Expr {
        match self {
            Period::Week => week_start_expr(col("dec")),
            Period::Month => month_key_expr(col("dec").cast(DataType::Date)),
        }
    }

    fn label(self, key: i32) -> String {
        match self {
            Period::Week => week_label(key),
            Period::Month => month_label(key),
        }
    }
}

fn assigned_open() -> Expr {
    col("open").and(col("unassigned").not())
}

/// One entry per consultant named on a case, by name.
pub fn by_consultant(frame: &DataFrame, day: Day) -> PolarsResult<Vec<ConsultantThroughput>> {
    let named = frame.clone().lazy().filter(col("consultant").is_not_null());
    let summary = named
        .clone()
        .group_by([col("consultant")])
        .agg([
            count(assigned_open()).alias("wip"),
            count(is_decision().and(within("dec", day.weeks_back(4), day.this_week))).alias("d4"),
            col("rec").filter(assigned_open()).min().alias("oldest"),
        ])
        .sort(["consultant"], SortMultipleOptions::default())
        .collect()?;
    let mut lead_times = lead_times(named, day)?;
    let mut weeks = closures(frame, Period::Week)?;
    let names = texts(&summary, "consultant")?;
    let rows = names.into_iter().zip(ints(&summary, "wip")?).zip(ints(&summary, "d4")?);
    Ok(rows
        .zip(ints(&summary, "oldest")?)
        .filter_map(|(((name, wip), d4), oldest)| {
            let name = name?;
            let leads = lead_times.remove(&name).unwrap_or_default();
            Some(ConsultantThroughput {
                wip: wip.unwrap_or_default() as u64,
                decided_last_4_weeks: d4.unwrap_or_default() as u64,
                median_lead_time_days: lower_median(&leads),
                oldest_open_received_on: oldest.map(|d| iso_date(d as i32)),
                weeks: weeks.remove(&name).unwrap_or_default(),
                consultant: name,
            })
        })
        .collect())
}

/// Lead times of each consultant's decisions in the last 13 full weeks, ascending.
fn lead_times(named: LazyFrame, day: Day) -> PolarsResult<BTreeMap<String, Vec<i64>>> {
    let leads = named
        .filter(is_decision().and(within("dec", day.weeks_back(13), day.this_week)))
        .select([col("consultant"), (col("dec") - col("rec")).alias("lead")])
        .sort(["lead"], SortMultipleOptions::default())
        .collect()?;
    let mut map: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (name, lead) in texts(&leads, "consultant")?.into_iter().zip(ints(&leads, "lead")?) {
        if let (Some(name), Some(lead)) = (name, lead) {
            map.entry(name).or_default().push(lead);
        }
    }
    Ok(map)
}

/// Per consultant the periods with a decision or withdrawal, ascending.
pub fn closures(frame: &DataFrame, period: Period) -> PolarsResult<BTreeMap<String, Vec<WeekThroughput>>> {
    let groups = frame
        .clone()
        .lazy()
        .filter(col("consultant").is_not_null().and(col("dec").is_not_null()))
        .group_by([col("consultant"), period.key().alias("period")])
        .agg([count(is_decision()).alias("decisions"), count(is_withdrawal()).alias("withdrawals")])
        .sort(["consultant", "period"], SortMultipleOptions::default())
        .collect()?;
    let (names, keys) = (texts(&groups, "consultant")?, ints(&groups, "period")?);
    let (decisions, withdrawals) = (ints(&groups, "decisions")?, ints(&groups, "withdrawals")?);
    let mut map: BTreeMap<String, Vec<WeekThroughput>> = BTreeMap::new();
    for (i, name) in names.into_iter().enumerate() {
        let (Some(name), Some(key)) = (name, keys[i]) else { continue };
        let decisions = decisions[i].unwrap_or_default() as u64;
        let withdrawals = withdrawals[i].unwrap_or_default() as u64;
        if decisions + withdrawals > 0 {
            let week = period.label(key as i32);
            map.entry(name).or_default().push(WeekThroughput { week, decisions, withdrawals });
        }
    }
    Ok(map)
}
