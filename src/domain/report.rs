//! What an import tells its user: problems (row, column, value, reason in their language) that reject
//! the export, and warnings that do not. At most 200 problems are listed, with the total.

use serde::{Deserialize, Serialize};

use super::dates::local_date;
use super::field::Field;
use super::figures::Forecast;
// Dates were written here first; the pages still find the Dutch ones here.
pub use super::dates::{dutch_date, month_name};
use crate::i18n::{t, t_count, t_with, FluentValue, Locale};

/// How many problems a rejection lists; the total is always given.
pub const MAX_LISTED: usize = 200;

/// One reason to reject the export, pointing at a spreadsheet row (header row = 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub row: u32,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl Problem {
    pub fn missing_column(field: Field, mapped_to: Option<&String>, locale: Locale) -> Self {
        let reason = match mapped_to {
            Some(header) => {
                t_with(locale, "import-reason-mapped-column-missing", &[("header", header.as_str().into())])
            }
            None => t_with(
                locale,
                "import-reason-column-missing",
                &[("aliases", field.aliases().join(", ").into())],
            ),
        };
        Self { row: 1, column: field.label(locale), value: String::new(), reason }
    }

    /// A problem with the file as a whole, reported on the header row.
    pub fn file(reason: impl Into<String>) -> Self {
        Self { row: 1, column: String::new(), value: String::new(), reason: reason.into() }
    }
}

/// What the importer should know but that does not refuse the export; stored with the
/// snapshot as data, and put into words when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Columns that are not part of the export format; their contents are not stored. A column
    /// without a name is kept by its number (1 = the first).
    IgnoredColumns {
        columns: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unnamed: Vec<u32>,
    },
    /// A trailing totals row that was left out.
    SummaryRowSkipped { row: u32 },
}

impl Warning {
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Warning::IgnoredColumns { columns, unnamed } => {
                let unnamed = unnamed
                    .iter()
                    .map(|&number| t_with(locale, "import-column-unnamed", &[("number", number.into())]));
                let all: Vec<String> = columns.iter().cloned().chain(unnamed).collect();
                t_with(locale, "import-warning-ignored-columns", &[("columns", all.join(", ").into())])
            }
            Warning::SummaryRowSkipped { row } => {
                t_with(locale, "import-warning-summary-row", &[("row", (*row).into())])
            }
        }
    }
}

/// A warning as read back from the store: coded, or, for imports from before the codes, the
/// Dutch sentence stored then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredWarning {
    Coded(Warning),
    Dutch(String),
}

impl StoredWarning {
    /// The words, and `lang="nl"` for an English reader of a sentence stored in Dutch.
    pub fn text(&self, locale: Locale) -> (String, Option<&'static str>) {
        match self {
            StoredWarning::Coded(warning) => (warning.text(locale), None),
            StoredWarning::Dutch(text) => (text.clone(), locale.of_stored_dutch()),
        }
    }
}

/// Why an export was refused: the first problems (sorted by row), their total, the warnings,
/// and, when required columns were not recognised, the file's headers to map them by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub problems: Vec<Problem>,
    pub total: usize,
    pub warnings: Vec<Warning>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

impl Rejection {
    /// Sorts by row (keeping the order within a row) and keeps the first `MAX_LISTED`.
    pub fn new(problems: Vec<Problem>, warnings: Vec<Warning>) -> Self {
        let total = problems.len();
        Self::of_total(problems, total, warnings)
    }

    /// As `new`, for a caller that found `total` problems but passes only the first of them.
    pub fn of_total(mut problems: Vec<Problem>, total: usize, warnings: Vec<Warning>) -> Self {
        problems.sort_by_key(|p| p.row);
        problems.truncate(MAX_LISTED);
        Self { problems, total, warnings, headers: vec![] }
    }
}

/// A stored import: which snapshot, its as-of date (YYYY-MM-DD), how many cases, warnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub snapshot_id: i64,
    pub as_of: String,
    pub rows: usize,
    pub warnings: Vec<String>,
    /// The new snapshot against the one before (spec/flow.md); warnings, never a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quality: Option<crate::domain::flow::DataQuality>,
}

/// Everything an import attempt can end in, as shown on the Import page and by the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportOutcome {
    Stored(ImportSummary),
    Rejected(Rejection),
    AlreadyImported {
        snapshot_id: i64,
    },
    /// The request itself was wrong or the server failed; the message says what to do.
    Failed {
        message: String,
    },
    /// Another import was running; nothing was read. The message says to try again shortly.
    Busy {
        message: String,
    },
}

/// One line of the import history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub id: i64,
    pub as_of: String,
    pub file_name: String,
    pub imported_by: Option<String>,
    pub imported_at: String,
    pub row_count: i64,
    pub warnings: Vec<StoredWarning>,
}

/// `1250.5` → `1.250,50` in Dutch, `1,250.50` in English: the way amounts in euros are written.
pub fn euros(amount: f64, locale: Locale) -> String {
    let (group, decimal) = match locale {
        Locale::Nl => ('.', ','),
        Locale::En => (',', '.'),
    };
    let text = format!("{:.2}", amount.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    format!("{}{grouped}{decimal}{cents}", if amount < 0.0 { "-" } else { "" })
}

/// An amount as people type it: `150,50`, `1.250,00`, `1,250.00` or `99.5`; `None` when it is
/// none. With both signs, the last is the decimal sign. A sign alone followed by exactly three
/// digits groups thousands when it is the reader's grouping sign (`1.250` in Dutch, `1,250` in
/// English); otherwise a sign alone is the decimal sign.
pub fn parse_euros(text: &str, locale: Locale) -> Option<f64> {
    let text = text.trim();
    let grouping = match locale {
        Locale::Nl => '.',
        Locale::En => ',',
    };
    let decimal = match (text.rfind(','), text.rfind('.')) {
        (Some(comma), Some(point)) => Some(if point > comma { '.' } else { ',' }),
        (Some(at), None) | (None, Some(at)) => {
            let sign = if text[at..].starts_with(',') { ',' } else { '.' };
            let thousands = sign == grouping && text.len() - at - 1 == 3;
            (!thousands).then_some(sign)
        }
        (None, None) => None,
    };
    let normalized: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '.') || Some(*c) == decimal)
        .map(|c| if Some(c) == decimal { '.' } else { c })
        .collect();
    normalized.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// "7 weken (14-08-2025)".
fn weeks_and_date(weeks: u32, date: &Option<String>, locale: Locale) -> String {
    let unit = t(locale, if weeks == 1 { "unit-week" } else { "unit-weeks" });
    format!("{weeks} {unit} ({})", date.as_deref().map(|d| local_date(d, locale)).unwrap_or_default())
}

/// "How many by a date" in one sentence, at 85 % (spec/flow.md).
pub fn decisions_by_sentence(by: &crate::domain::flow::ForecastByDate, locale: Locale) -> String {
    t_count(locale, "forecast-decided", by.p85, &[("date", local_date(&by.date, locale).into())])
}

/// The forecast in one sentence: the 50 % week, and the 85 % and 95 % ones as far as they came.
pub fn forecast_sentence(forecast: &Forecast, open: u64, locale: Locale) -> String {
    if open == 0 {
        return t(locale, "forecast-no-backlog");
    }
    let Some(p50) = forecast.p50_weeks else { return t(locale, "forecast-not-in-two-years") };
    let when = |weeks, date| FluentValue::from(weeks_and_date(weeks, date, locale));
    let first = t_with(locale, "forecast-p50", &[("when", when(p50, &forecast.p50_date))]);
    let rest = match (forecast.p85_weeks, forecast.p95_weeks) {
        (Some(p85), Some(p95)) => t_with(
            locale,
            "forecast-p85-p95",
            &[("p85", when(p85, &forecast.p85_date)), ("p95", when(p95, &forecast.p95_date))],
        ),
        (Some(p85), None) => t_with(locale, "forecast-p85-only", &[("p85", when(p85, &forecast.p85_date))]),
        _ => t(locale, "forecast-below-85"),
    };
    format!("{first}{rest}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_written_and_read_in_either_language() {
        use crate::i18n::Locale::{En, Nl};
        assert_eq!(super::euros(1250.5, Nl), "1.250,50");
        assert_eq!(super::euros(0.0, Nl), "0,00");
        assert_eq!(super::euros(1234567.891, Nl), "1.234.567,89");
        assert_eq!(super::euros(1234567.891, En), "1,234,567.89");
        assert_eq!(super::euros(-12.5, En), "-12.50");
        let typed =
            [("150,50", 150.5), ("1.250,00", 1250.0), ("1,250.00", 1250.0), ("99.5", 99.5), ("12", 12.0)];
        for locale in [Nl, En] {
            for (text, amount) in typed {
                assert_eq!(super::parse_euros(text, locale), Some(amount), "{text}");
            }
            for amount in [0.0, 12.5, 1250.0, 1234567.89] {
                assert_eq!(
                    super::parse_euros(&super::euros(amount, locale), locale),
                    Some(amount),
                    "{amount}"
                );
            }
            assert_eq!(super::parse_euros("twaalf", locale), None);
        }
        // A sign alone before three digits: the reader's way of grouping thousands.
        assert_eq!(super::parse_euros("1.250", Nl), Some(1250.0));
        assert_eq!(super::parse_euros("1,250", Nl), Some(1.25));
        assert_eq!(super::parse_euros("1,250", En), Some(1250.0));
        assert_eq!(super::parse_euros("1.250", En), Some(1.25));
        assert_eq!(super::parse_euros("1.234.567", Nl), Some(1234567.0));
    }

    #[test]
    fn months_are_named_in_dutch() {
        assert_eq!(super::month_name("2025-03"), "maart 2025");
        assert_eq!(super::month_name("2025-13"), "2025-13");
    }

    #[test]
    fn dates_are_shown_day_month_year() {
        assert_eq!(super::dutch_date("2025-06-26"), "26-06-2025");
        assert_eq!(super::dutch_date("2025-06-26T10:00:00+00:00"), "26-06-2025");
        assert_eq!(super::dutch_date("onbekend"), "onbekend");
    }

    use super::*;

    #[test]
    fn a_rejection_lists_200_problems_sorted_and_counts_all() {
        let problems = (0..450u32)
            .rev()
            .map(|i| Problem {
                row: i + 2,
                column: "zaaknummer".into(),
                value: String::new(),
                reason: "leeg".into(),
            })
            .collect();
        let rejection = Rejection::new(problems, vec![]);
        assert_eq!(rejection.total, 450);
        assert_eq!(rejection.problems.len(), MAX_LISTED);
        assert_eq!(rejection.problems[0].row, 2);
        assert_eq!(rejection.problems[199].row, 201);
    }

    #[test]
    fn warnings_are_stored_as_codes_and_read_in_either_language() {
        use crate::i18n::Locale;
        let ignored =
            Warning::IgnoredColumns { columns: vec!["Opmerking".into(), "Team".into()], unnamed: vec![8] };
        let dutch =
            "Deze kolommen zijn niet gebruikt en niet opgeslagen: Opmerking, Team, (kolom 8 zonder naam).";
        assert_eq!(ignored.text(Locale::Nl), dutch);
        let english =
            "These columns were not used and not stored: Opmerking, Team, (column 8 without a name).";
        assert_eq!(ignored.text(Locale::En), english);
        let skipped = Warning::SummaryRowSkipped { row: 12 };
        assert_eq!(skipped.text(Locale::Nl), "Regel 12 is een totaalregel en is overgeslagen.");

        let stored = serde_json::to_string(&[ignored.clone(), skipped]).unwrap();
        let read: Vec<StoredWarning> = serde_json::from_str(&stored).unwrap();
        assert_eq!(read[0], StoredWarning::Coded(ignored));
        let before_codes: Vec<StoredWarning> =
            serde_json::from_str(r#"["Regel 3 is een totaalregel."]"#).unwrap();
        assert_eq!(before_codes[0].text(Locale::En), ("Regel 3 is een totaalregel.".into(), Some("nl")));
    }
}
