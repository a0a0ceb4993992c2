//! When the backlog is cleared at the current pace (spec/metrics.md, "Forecast"), and how many
//! decisions there are by a date (spec/flow.md): Monte Carlo over the weekly inflow and decisions
//! of the last full weeks (the window, 12 unless asked), with a fixed seed per date.

use polars::prelude::*;

use super::calendar::iso_date;
use super::flow::per_week;
use super::{is_decision, nearest_rank, Day};
use crate::domain::figures::Forecast;
use crate::domain::flow::ForecastByDate;

/// The throughput windows one may ask for, in full weeks, and the default.
pub use crate::domain::flow::{DEFAULT_WINDOW as HISTORY_WEEKS, WINDOWS};
pub const HORIZON_WEEKS: u32 = 104;
pub const TRIALS: usize = 10_000;

/// The forecast for `open` cases on the as-of date over the last `window` full weeks, with
/// `extra` decisions per week on top of the history ("what if").
pub fn forecast(frame: &DataFrame, day: Day, open: u64, extra: u32, window: i32) -> PolarsResult<Forecast> {
    let weeks = weekly(frame, day, extra, window)?;
    Ok(summary(&simulate(open, &weeks, seed(day)), day))
}

/// How many decisions at least 50, 85 and 95 % of the trials reach in the full weeks from the
/// as-of date to `by` (a day number), drawing the same weeks with the same seed as `forecast`.
pub fn decisions_by(frame: &DataFrame, day: Day, window: i32, by: i32) -> PolarsResult<ForecastByDate> {
    let weeks = weekly(frame, day, 0, window)?;
    let horizon = u32::try_from((by - day.today) / 7).unwrap_or(0).min(HORIZON_WEEKS);
    let mut rng = fastrand::Rng::with_seed(seed(day));
    let mut reached: Vec<i64> =
        (0..TRIALS).map(|_| (0..horizon).map(|_| weeks[rng.usize(..weeks.len())].1).sum::<i64>()).collect();
    reached.sort_unstable();
    // At least pct % of the trials reach the value at this index of the ascending list.
    let at_least = |pct: usize| {
        let index = reached.len().saturating_sub((pct * reached.len()).div_ceil(100));
        reached.get(index).map_or(0, |v| *v as u64)
    };
    Ok(ForecastByDate { date: iso_date(by), p50: at_least(50), p85: at_least(85), p95: at_least(95) })
}

/// The (inflow, decisions + extra) of each of the last `window` full weeks.
fn weekly(frame: &DataFrame, day: Day, extra: u32, window: i32) -> PolarsResult<Vec<(i64, i64)>> {
    let start = day.weeks_back(window);
    let inflow = per_week(frame, "rec", lit(true), start, day.this_week)?;
    let decided = per_week(frame, "dec", is_decision(), start, day.this_week)?;
    Ok((0..window)
        .map(|k| {
            let monday = start + 7 * k;
            let get =
                |counts: &std::collections::HashMap<i32, i64>| counts.get(&monday).copied().unwrap_or(0);
            (get(&inflow), get(&decided) + i64::from(extra))
        })
        .collect())
}

fn seed(day: Day) -> u64 {
    0x5eed_0000_u64 ^ day.today as u64
}

/// For each trial the week in which no open case was left, `None` when not within the horizon.
pub fn simulate(open: u64, weeks: &[(i64, i64)], seed: u64) -> Vec<Option<u32>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..TRIALS)
        .map(|_| {
            let mut left = i64::try_from(open).unwrap_or(i64::MAX);
            if left == 0 {
                return Some(0);
            }
            for week in 1..=HORIZON_WEEKS {
                let (inflow, decided) = weeks[rng.usize(..weeks.len())];
                left += inflow - decided;
                if left <= 0 {
                    return Some(week);
                }
            }
            None
        })
        .collect()
}

/// The weeks by which 50, 85 and 95 % of the trials were cleared (nearest rank), and their dates.
pub fn summary(trials: &[Option<u32>], day: Day) -> Forecast {
    let mut cleared: Vec<i64> = trials.iter().map(|t| t.map_or(i64::MAX, i64::from)).collect();
    cleared.sort_unstable();
    let at = |pct| nearest_rank(&cleared, pct).filter(|w| *w != i64::MAX).map(|w| w as u32);
    let date = |weeks: Option<u32>| weeks.map(|w| iso_date(day.today + 7 * w as i32));
    let (p50, p85, p95) = (at(50), at(85), at(95));
    Forecast {
        p50_weeks: p50,
        p85_weeks: p85,
        p95_weeks: p95,
        p50_date: date(p50),
        p85_date: date(p85),
        p95_date: date(p95),
        cleared_within_horizon: p50.is_some(),
    }
}
