//! Where the open cases stand (spec/flow.md): the percentiles of recent lead times, and the open
//! cases per stage with how many of them are older than the 85th percentile, and the oldest of
//! them as the dots of the ageing chart.

use polars::prelude::*;

use super::{count, first_int, ints, is_decision, nearest_rank, texts, within, Day};
use crate::domain::flow::{AgingDot, LeadTimes, Stage, StageAge};
use crate::domain::forms::FormState;

/// The full weeks before the as-of date's week whose decisions give the lead times.
pub const LEAD_TIME_WEEKS: i32 = 13;

/// Lead-time percentiles over a prepared frame (see `metrics::prepare`).
pub fn lead_times(frame: &DataFrame, day: Day) -> PolarsResult<LeadTimes> {
    let leads = frame
        .clone()
        .lazy()
        .filter(is_decision().and(within("dec", day.weeks_back(LEAD_TIME_WEEKS), day.this_week)))
        .select([(col("dec") - col("rec")).alias("lead")])
        .sort(["lead"], SortMultipleOptions::default())
        .collect()?;
    let sorted: Vec<i64> = ints(&leads, "lead")?.into_iter().flatten().collect();
    let at = |pct| nearest_rank(&sorted, pct);
    Ok(LeadTimes { p50: at(50), p70: at(70), p85: at(85), p95: at(95) })
}

/// Which open cases are in `stage`. As spec/flow.md defines them, an unassigned case whose form
/// is complete is in both "unassigned" and "ready".
fn in_stage(stage: Stage) -> Expr {
    let ready = col("form").eq(lit(FormState::Ready.code())).fill_null(lit(false));
    let mask = match stage {
        Stage::Unassigned => col("unassigned"),
        Stage::InProgress => col("unassigned").not().and(ready.not()),
        Stage::Ready => ready,
    };
    col("open").and(mask)
}

/// The open cases per stage, and per stage those whose age exceeds `p85` days (none without it).
pub fn aging_wip(frame: &DataFrame, p85: Option<i64>) -> PolarsResult<Vec<StageAge>> {
    let exprs: Vec<Expr> = Stage::ALL
        .iter()
        .enumerate()
        .flat_map(|(i, stage)| {
            let older = match p85 {
                Some(days) => count(in_stage(*stage).and(col("age").gt(lit(days)))),
                None => lit(0i64),
            };
            [count(in_stage(*stage)).alias(format!("count{i}")), older.alias(format!("older{i}"))]
        })
        .collect();
    let counts = frame.clone().lazy().select(exprs).collect()?;
    let read = |name: String| -> PolarsResult<u64> {
        Ok(first_int(&counts, &name)?.unwrap_or_default().max(0) as u64)
    };
    Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            Ok(StageAge {
                stage: *stage,
                count: read(format!("count{i}"))?,
                above_p85: read(format!("older{i}"))?,
            })
        })
        .collect()
}

/// The oldest open cases of each stage, at most `limit` per stage, oldest first within the
/// stage: the dots of the ageing chart. `own` is the looking consultant's name in the export.
pub fn oldest_per_stage(frame: &DataFrame, limit: usize, own: Option<&str>) -> PolarsResult<Vec<AgingDot>> {
    let mut dots = Vec::new();
    for stage in Stage::ALL {
        let oldest = frame
            .clone()
            .lazy()
            .filter(in_stage(stage))
            .select([col("case_id"), col("age"), col("consultant"), col("asg")])
            .sort_by_exprs(
                [col("age"), col("case_id")],
                SortMultipleOptions::default().with_order_descending_multi([true, false]),
            )
            .limit(limit as IdxSize)
            .collect()?;
        let ids = texts(&oldest, "case_id")?;
        let ages = ints(&oldest, "age")?;
        let consultants = texts(&oldest, "consultant")?;
        let assigned = ints(&oldest, "asg")?;
        for (((id, age), consultant), asg) in ids.into_iter().zip(ages).zip(consultants).zip(assigned) {
            let mine = asg.is_some() && own.is_some() && consultant.as_deref() == own;
            dots.push(AgingDot {
                case_id: id.unwrap_or_default(),
                stage,
                age_days: age.unwrap_or_default(),
                mine,
            });
        }
    }
    Ok(dots)
}
