//! When a digest's turn has come: its weekday and hour in Europe/Amsterdam (settings), and the
//! name of that turn, which the database keeps once so that a cluster makes each turn once.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::domain::notice::{schedule_keys, Kind, Schedule};

/// A turn is still made this long after its hour (a server that was down at 08:00 sends at
/// 10:00); later, it waits for the next week.
pub const CATCH_UP_HOURS: i64 = 6;

/// The turn of `kind` whose hour passed at most `CATCH_UP_HOURS` before `now`: its name, the
/// digest and the ISO week, e.g. `backlog:2026-W50` — one turn a week, also when the weekday
/// or hour is changed after this week's went out.
pub fn due_turn(kind: Kind, schedule: Schedule, now: DateTime<Utc>) -> Option<String> {
    let local = now.with_timezone(&Amsterdam);
    let back = (local.weekday().number_from_monday() + 7 - schedule.weekday) % 7;
    let mut day = local.date_naive() - Duration::days(i64::from(back));
    if back == 0 && local.hour() < schedule.hour {
        day -= Duration::days(7);
    }
    let at = turn_instant(day, schedule.hour)?;
    let late = now - at;
    (late >= Duration::zero() && late <= Duration::hours(CATCH_UP_HOURS))
        .then(|| format!("{}:{}-W{:02}", kind.code(), day.iso_week().year(), day.iso_week().week()))
}

/// The day (in Amsterdam) whose `hour` passed at most `CATCH_UP_HOURS` before `now`: the turn
/// of a daily job, such as the retention job.
pub fn due_day(hour: u32, now: DateTime<Utc>) -> Option<NaiveDate> {
    let today = now.with_timezone(&Amsterdam).date_naive();
    [Some(today), today.pred_opt()].into_iter().flatten().find(|day| {
        turn_instant(*day, hour).is_some_and(|at| {
            let late = now - at;
            late >= Duration::zero() && late <= Duration::hours(CATCH_UP_HOURS)
        })
    })
}

/// The hour on `day` in Amsterdam; in the hour skipped when summer time starts, the next one.
fn turn_instant(day: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    let local = day.and_hms_opt(hour, 0, 0)?;
    let found = Amsterdam.from_local_datetime(&local).earliest();
    found
        .or_else(|| Amsterdam.from_local_datetime(&(local + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// The weekday and hour of `now` in Europe/Amsterdam (what "now" is for the schedules).
pub fn current(now: DateTime<Utc>) -> Schedule {
    let local = now.with_timezone(&Amsterdam);
    Schedule { weekday: local.weekday().number_from_monday(), hour: local.hour() }
}

/// A digest's schedule from the settings (Monday 08:00 unless set).
pub fn of(settings: &[(String, String)], kind: Kind) -> Schedule {
    let (day_key, hour_key) = schedule_keys(kind);
    let value = |key: &str| settings.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<u32>().ok());
    let default = Schedule::default();
    Schedule {
        weekday: value(&day_key).filter(|d| (1..=7).contains(d)).unwrap_or(default.weekday),
        hour: value(&hour_key).filter(|h| *h < 24).unwrap_or(default.hour),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_turn_is_due_from_its_hour_in_amsterdam_for_six_hours() {
        let monday_eight = Schedule { weekday: 1, hour: 8 };
        // Monday 7 December 2026, 08:00 in Amsterdam is 07:00 UTC (winter time).
        assert_eq!(due_turn(Kind::Backlog, monday_eight, utc("2026-12-07T06:59:00Z")), None);
        let due = due_turn(Kind::Backlog, monday_eight, utc("2026-12-07T07:00:00Z"));
        assert_eq!(due.as_deref(), Some("backlog:2026-W50"));
        let later_that_week =
            due_turn(Kind::Backlog, Schedule { weekday: 3, hour: 9 }, utc("2026-12-09T08:30:00Z"));
        assert_eq!(later_that_week, due, "a changed schedule makes no second turn in the week");
        assert_eq!(due_turn(Kind::Backlog, monday_eight, utc("2026-12-07T13:00:00Z")), due);
        assert_eq!(due_turn(Kind::Backlog, monday_eight, utc("2026-12-07T13:01:00Z")), None);
        assert_eq!(due_turn(Kind::Backlog, monday_eight, utc("2026-12-08T07:30:00Z")), None);
        // Summer time: 08:00 is 06:00 UTC.
        let summer = due_turn(Kind::Risk, monday_eight, utc("2026-06-29T06:10:00Z"));
        assert_eq!(summer.as_deref(), Some("risk:2026-W27"));
        // Sunday at 23:00, seen on Monday at 01:00.
        let sunday = Schedule { weekday: 7, hour: 23 };
        let late = due_turn(Kind::MyCases, sunday, utc("2026-12-07T00:00:00Z"));
        assert_eq!(late.as_deref(), Some("my_cases:2026-W49"), "Sunday's week");
    }

    #[test]
    fn a_daily_turn_is_due_from_its_hour_for_six_hours_also_past_midnight() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        // 02:00 in Amsterdam on 4 December 2026 is 01:00 UTC.
        assert_eq!(due_day(2, utc("2026-12-04T00:59:00Z")), None);
        assert_eq!(due_day(2, utc("2026-12-04T01:00:00Z")), day("2026-12-04"));
        assert_eq!(due_day(2, utc("2026-12-04T07:00:00Z")), day("2026-12-04"));
        assert_eq!(due_day(2, utc("2026-12-04T07:01:00Z")), None);
        // 23:00 on the 3rd, seen at 01:30 on the 4th (Amsterdam).
        assert_eq!(due_day(23, utc("2026-12-04T00:30:00Z")), day("2026-12-03"));
    }

    #[test]
    fn the_schedule_comes_from_the_settings_or_is_monday_at_eight() {
        let settings = vec![
            ("schedule_day:risk".to_owned(), "4".to_owned()),
            ("schedule_hour:risk".to_owned(), "30".to_owned()),
        ];
        assert_eq!(of(&settings, Kind::Risk), Schedule { weekday: 4, hour: 8 });
        assert_eq!(of(&[], Kind::Backlog), Schedule::default());
    }
}
