//! Keeping data as long as needed (spec/retention.md): the terms as settings, what the next run
//! of the retention job would remove, and what stays of a removed snapshot's backlog trend.

#[cfg(feature = "ssr")]
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The least term of the access log in years: NEN 7513 asks five, and the database refuses to
/// delete a younger line whatever this setting says.
pub const MIN_LOG_YEARS: u32 = 5;

/// One term: its setting key, its default and its bounds; its name and unit are in the
/// catalogue (`retention-label-…`, for Instellingen and its messages).
pub struct Term {
    pub key: &'static str,
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

pub const TERMS: [Term; 4] = [
    Term { key: "retention_snapshot_months", default: 24, min: 1, max: 120 },
    Term { key: "retention_form_months", default: 12, min: 1, max: 120 },
    Term { key: "retention_problem_months", default: 24, min: 1, max: 120 },
    Term { key: "retention_log_years", default: 5, min: MIN_LOG_YEARS, max: 30 },
];

/// The setting of the hour (Europe/Amsterdam) at which the daily job runs; 02:00 unless set.
pub const HOUR_KEY: &str = "retention_hour";
pub const DEFAULT_HOUR: u32 = 2;

/// The terms in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub snapshot_months: u32,
    pub form_months: u32,
    pub problem_months: u32,
    pub log_years: u32,
    /// The hour of the daily run, Europe/Amsterdam.
    pub hour: u32,
}

impl Terms {
    /// From stored settings; a missing or unreadable value, or one outside its bounds, keeps
    /// its default.
    pub fn from_rows(rows: &[(String, String)]) -> Self {
        let value = |term: &Term| {
            let stored = rows.iter().find(|(k, _)| k == term.key).and_then(|(_, v)| v.parse::<u32>().ok());
            stored.filter(|v| (term.min..=term.max).contains(v)).unwrap_or(term.default)
        };
        let hour = rows.iter().find(|(k, _)| k == HOUR_KEY).and_then(|(_, v)| v.parse::<u32>().ok());
        Terms {
            snapshot_months: value(&TERMS[0]),
            form_months: value(&TERMS[1]),
            problem_months: value(&TERMS[2]),
            log_years: value(&TERMS[3]),
            hour: hour.filter(|h| *h < 24).unwrap_or(DEFAULT_HOUR),
        }
    }

    /// The values in the order of `TERMS`.
    pub fn values(&self) -> [u32; 4] {
        [self.snapshot_months, self.form_months, self.problem_months, self.log_years]
    }

    /// The first date each term keeps on `today`: what lies before it has passed its term.
    #[cfg(feature = "ssr")]
    pub fn cutoffs(&self, today: NaiveDate) -> Cutoffs {
        let back = |months: u32| today.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
        Cutoffs {
            snapshots: back(self.snapshot_months),
            forms: back(self.form_months),
            problems: back(self.problem_months),
            // A day's margin: the job's date may run ahead of the database's clock, which has
            // the last word on the access log (it refuses a line younger than five years).
            log: back(self.log_years.max(MIN_LOG_YEARS) * 12).pred_opt().unwrap_or(NaiveDate::MIN),
        }
    }
}

/// Dates before which each kind of data has passed its term.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cutoffs {
    /// A snapshot's as-of date.
    pub snapshots: NaiveDate,
    /// The decision on a form's case.
    pub forms: NaiveDate,
    /// A problem report's closing.
    pub problems: NaiveDate,
    /// A log line's time.
    pub log: NaiveDate,
}

/// What a run removes (or, as a dry run, would remove): counts, and the snapshots' dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The as-of dates of the snapshots, oldest first (one per snapshot).
    pub snapshots: Vec<String>,
    pub cases: i64,
    pub forms: i64,
    pub problems: i64,
    pub log_lines: i64,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty() && self.forms == 0 && self.problems == 0 && self.log_lines == 0
    }

    /// In words, for the access log and the page: counts only.
    pub fn describe(&self) -> String {
        self.describe_in(crate::i18n::Locale::Nl)
    }

    /// In words in `locale` (the notice after "Nu opruimen").
    pub fn describe_in(&self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::{t_with, FluentValue};
        let count = |n: i64, what: &str| {
            let key = format!("retention-removed-{what}-{}", if n == 1 { "one" } else { "many" });
            FluentValue::from(t_with(locale, &key, &[("count", n.to_string().into())]))
        };
        let args = [
            ("snapshots", count(i64::try_from(self.snapshots.len()).unwrap_or(i64::MAX), "snapshots")),
            ("cases", count(self.cases, "cases")),
            ("forms", count(self.forms, "forms")),
            ("problems", count(self.problems, "problems")),
            ("lines", count(self.log_lines, "lines")),
        ];
        t_with(locale, "retention-removed", &args)
    }
}

/// A removed snapshot's open and not-picked-up cases for one combination of the filter columns
/// but the consultant (no staff names are kept): what its trend point is summed from under
/// those filters and any provider scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendGroup {
    pub as_of: String,
    pub municipality: Option<String>,
    pub product: Option<String>,
    pub request_type: Option<String>,
    pub provider: Option<String>,
    pub open: i64,
    pub unassigned: i64,
    /// `YYYY-MM`: the receipt month of the oldest open case not picked up.
    pub oldest_unassigned: Option<String>,
}

/// The last run of the retention job, for Instellingen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastRun {
    pub finished_at: String,
    pub succeeded: bool,
    /// What it removed, in words; for a failed run also what went wrong.
    pub removed: String,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn terms_have_their_defaults_and_bounds() {
        let terms = Terms::from_rows(&[]);
        assert_eq!(terms.values(), [24, 12, 24, 5]);
        assert_eq!(terms.hour, 2);
        let rows = [
            ("retention_snapshot_months".to_owned(), "36".to_owned()),
            ("retention_log_years".to_owned(), "2".to_owned()),
            ("retention_form_months".to_owned(), "twaalf".to_owned()),
            (HOUR_KEY.to_owned(), "23".to_owned()),
        ];
        let terms = Terms::from_rows(&rows);
        assert_eq!(terms.values(), [36, 12, 24, 5], "a log term under five years is not taken");
        assert_eq!(terms.hour, 23);
    }

    #[test]
    fn cutoffs_count_calendar_months_back() {
        let cutoffs = Terms::from_rows(&[]).cutoffs(date("2026-12-04"));
        assert_eq!(cutoffs.snapshots, date("2024-12-04"));
        assert_eq!(cutoffs.forms, date("2025-12-04"));
        assert_eq!(cutoffs.problems, date("2024-12-04"));
        assert_eq!(cutoffs.log, date("2021-12-03"), "a day's margin for the database's clock");
        // The end of a month: 31 March less one month is the last day of February.
        let one = Terms { snapshot_months: 1, ..Terms::from_rows(&[]) };
        assert_eq!(one.cutoffs(date("2026-03-31")).snapshots, date("2026-02-28"));
    }

    #[test]
    fn a_plan_says_what_it_removes_in_counts() {
        let plan =
            Plan { snapshots: vec!["2024-01-05".into()], cases: 10, forms: 2, problems: 1, log_lines: 0 };
        assert!(!plan.is_empty());
        assert_eq!(
            plan.describe(),
            "1 momentopname met 10 zaakregels, 2 evaluatieformulieren, 1 declaratieprobleem en 0 regels uit het toegangslogboek"
        );
        assert_eq!(
            plan.describe_in(crate::i18n::Locale::En),
            "1 snapshot with 10 case rows, 2 evaluation forms, 1 declaration problem and 0 lines of the access log"
        );
        assert!(Plan::default().is_empty());
    }
}
