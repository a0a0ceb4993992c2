//! Calendar arithmetic of the figures: a date is a day number since 1970-01-01 (polars' Date),
//! weeks are ISO weeks (Monday–Sunday, `2025-W24`) and months read `2025-03`.

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

pub fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_FROM_CE
}

pub fn date_of(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(EPOCH_FROM_CE)?)
}

/// The earliest received date of a snapshot's cases, `None` without cases.
pub fn oldest_received(cases: &DataFrame) -> PolarsResult<Option<NaiveDate>> {
    let oldest = cases.clone().lazy().select([col("received_on").cast(DataType::Int32).min()]).collect()?;
    Ok(oldest.column("received_on")?.i32()?.get(0).and_then(date_of))
}

/// `YYYY-MM-DD`, or empty for a day outside the calendar.
pub fn iso_date(day: i32) -> String {
    date_of(day).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The Monday that starts the ISO week of `day` (1970-01-01 was a Thursday).
pub fn week_start(day: i32) -> i32 {
    day - (day + 3).rem_euclid(7)
}

/// `2025-W24` for the week that starts on Monday `monday`.
pub fn week_label(monday: i32) -> String {
    date_of(monday)
        .map(|d| {
            let week = d.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        })
        .unwrap_or_default()
}

/// A month as one number: `year * 12 + month - 1`.
pub fn month_key(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// `2025-03` for a month key.
pub fn month_label(key: i32) -> String {
    format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1)
}

/// The Monday of the week in polars: days are ≥ −70 000 (the year 1778) for `%` to stay positive.
pub fn week_start_expr(day: Expr) -> Expr {
    day.clone() - (day + lit(3 + 7 * 10_000)) % lit(7)
}

/// The month key of a Date column in polars.
pub fn month_key_expr(date: Expr) -> Expr {
    date.clone().dt().year().cast(DataType::Int32) * lit(12) + date.dt().month().cast(DataType::Int32)
        - lit(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i32 {
        day_number(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn weeks_follow_iso_8601_around_new_year() {
        // 2020 has 53 ISO weeks; 2021-01-03 (a Sunday) still belongs to 2020-W53.
        assert_eq!(week_label(week_start(day("2021-01-03"))), "2020-W53");
        assert_eq!(week_label(week_start(day("2021-01-04"))), "2021-W01");
        // 2024-12-30 (a Monday) starts 2025-W01.
        assert_eq!(week_label(week_start(day("2024-12-31"))), "2025-W01");
        assert_eq!(week_label(week_start(day("2025-06-26"))), "2025-W26");
        assert_eq!(iso_date(week_start(day("2025-06-26"))), "2025-06-23");
        assert_eq!(iso_date(day("2024-02-29")), "2024-02-29");
    }

    #[test]
    fn months_and_days_round_trip() {
        let date = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        assert_eq!(month_label(month_key(date)), "2025-03");
        assert_eq!(date_of(day_number(date)), Some(date));
        assert_eq!(day("1970-01-01"), 0);
    }
}
