//! Ingest: an export file's bytes become validated canonical cases, or a complete list of
//! problems. Knows nothing of the database or the web (spec/export-format.md).

pub mod columns;
pub mod csv;
pub mod decode;
pub mod rules;
pub mod table;
pub mod validate;
pub mod values;
pub mod xlsx;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::domain::report::{Problem, Rejection};
use crate::i18n::{t, t_with, Locale};
use columns::{map_columns, ColumnMapping};
use decode::{file_kind, FileKind};
pub use validate::Validated;
use values::Pseudonymizer;

/// File-level reasons to refuse an export, before any row is looked at; `message` words them.
#[derive(Debug, PartialEq, Eq)]
pub enum IngestError {
    Empty,
    Binary,
    OldExcel,
    LineTooLong { line: usize },
    SheetMissing { wanted: String, found: String },
    NoRecords,
    Unreadable(String),
    WorkbookTooLarge,
    TooManyColumns,
    TooManyRows,
    TooManyCells,
    CsvTooManyColumns,
    CsvTooManyRows,
    CsvTooManyCells,
}

impl IngestError {
    /// What is wrong with the file and what to do, in the importer's language.
    pub fn message(&self, locale: Locale) -> String {
        let key = match self {
            IngestError::Empty => "import-file-empty",
            IngestError::Binary => "import-file-binary",
            IngestError::OldExcel => "import-file-old-excel",
            IngestError::LineTooLong { line } => {
                return t_with(locale, "import-file-line-too-long", &[("line", (*line).into())])
            }
            IngestError::SheetMissing { wanted, found } => {
                let args = [("wanted", wanted.as_str().into()), ("found", found.as_str().into())];
                return t_with(locale, "import-file-sheet-missing", &args);
            }
            IngestError::NoRecords => "import-file-no-records",
            IngestError::Unreadable(detail) => {
                return t_with(locale, "import-file-unreadable", &[("detail", detail.as_str().into())])
            }
            IngestError::WorkbookTooLarge => "import-file-workbook-too-large",
            IngestError::TooManyColumns => "import-file-too-many-columns",
            IngestError::TooManyRows => "import-file-too-many-rows",
            IngestError::TooManyCells => "import-file-too-many-cells",
            IngestError::CsvTooManyColumns => "import-file-csv-too-many-columns",
            IngestError::CsvTooManyRows => "import-file-csv-too-many-rows",
            IngestError::CsvTooManyCells => "import-file-csv-too-many-cells",
        };
        t(locale, key)
    }
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::Nl))
    }
}

impl std::error::Error for IngestError {}

/// What an import needs besides the bytes.
pub struct ImportOptions<'a> {
    pub as_of: NaiveDate,
    pub mapping: Option<&'a ColumnMapping>,
    pub pseudonymizer: &'a Pseudonymizer,
    /// The language of the problems' reasons: the importer's.
    pub locale: Locale,
}

/// Reads, maps and validates an export as a whole. Never panics on any input: an internal
/// failure is reported as a refusal of the file.
pub fn read_export(bytes: &[u8], options: &ImportOptions) -> Result<Validated, Rejection> {
    std::panic::catch_unwind(|| read_unguarded(bytes, options))
        .unwrap_or_else(|_| Err(file_rejection(t(options.locale, "import-file-failed"))))
}

fn read_unguarded(bytes: &[u8], options: &ImportOptions) -> Result<Validated, Rejection> {
    let sheet = options.mapping.and_then(|m| m.sheet.as_deref());
    let table = match file_kind(bytes) {
        Ok(FileKind::Csv) => csv::read_csv(bytes),
        Ok(FileKind::Xlsx) => xlsx::read_xlsx(bytes, sheet),
        Err(e) => Err(e),
    }
    .map_err(|e| file_rejection(e.message(options.locale)))?;
    let (map, warnings) = map_columns(&table.headers, options.mapping, options.locale)
        .map_err(|p| Rejection { headers: table.headers.clone(), ..Rejection::new(p, vec![]) })?;
    let validated = validate::validate(&table, &map, warnings, options)
        .map_err(|e| file_rejection(IngestError::Unreadable(e.to_string()).message(options.locale)))??;
    if validated.cases.height() == 0 {
        return Err(file_rejection(IngestError::NoRecords.message(options.locale)));
    }
    Ok(validated)
}

fn file_rejection(reason: impl Into<String>) -> Rejection {
    Rejection::new(vec![Problem::file(reason)], vec![])
}
