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
use columns::{map_columns, ColumnMapping};
use decode::{file_kind, FileKind};
pub use validate::Validated;
use values::Pseudonymizer;

/// File-level reasons to refuse an export, before any row is looked at.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    #[error("Het bestand is leeg.")]
    Empty,
    #[error("Het bestand lijkt geen CSV- of Excelbestand te zijn (het bevat binaire gegevens). Kies een export als .csv of .xlsx.")]
    Binary,
    #[error("Excel 97-2003 (.xls) wordt niet ondersteund. Sla het bestand in Excel op als .xlsx of als CSV en probeer het opnieuw.")]
    OldExcel,
    #[error("Regel {line} van het bestand is langer dan 64 kB. Dit lijkt geen export uit het zaaksysteem; controleer het bestand.")]
    LineTooLong { line: usize },
    #[error("Het werkblad \"{wanted}\" staat niet in het bestand. Gevonden werkbladen: {found}.")]
    SheetMissing { wanted: String, found: String },
    #[error("Het bestand bevat wel kolomnamen maar geen enkele zaak.")]
    NoRecords,
    #[error("Het bestand kon niet worden gelezen: {0}")]
    Unreadable(String),
    #[error("Dit Excelbestand wordt uitgepakt groter dan 1 GB (of bestaat uit meer dan 10.000 delen). Sla het werkblad op als CSV, of lever een kleinere export aan.")]
    WorkbookTooLarge,
    #[error("Het werkblad heeft gegevens voorbij kolom 200. Een export heeft hooguit 200 kolommen: verwijder de overbodige kolommen (ook losse cellen ver naar rechts) of sla alleen de export op als CSV.")]
    TooManyColumns,
    #[error("Het werkblad heeft meer dan 1.000.000 regels met gegevens. Splits de export, of verwijder losse cellen ver onder de gegevens.")]
    TooManyRows,
    #[error("Het werkblad is te groot om in te lezen (meer dan 40 miljoen cellen tussen de kopregel en de laatste waarde). Verwijder losse cellen ver onder of naast de gegevens, of sla de export op als CSV.")]
    TooManyCells,
    #[error("De kopregel van het bestand heeft meer dan 200 kolommen. Een export heeft hooguit 200 kolommen: controleer of dit de export uit het zaaksysteem is, of verwijder de overbodige kolommen.")]
    CsvTooManyColumns,
    #[error("Het bestand heeft meer dan 1.000.000 regels met gegevens. Splits de export in delen van hooguit 1.000.000 zaken.")]
    CsvTooManyRows,
    #[error("Het bestand is te groot om in te lezen (meer dan 40 miljoen cellen). Lever alleen de kolommen van de export aan, of splits het bestand.")]
    CsvTooManyCells,
}

/// What an import needs besides the bytes.
pub struct ImportOptions<'a> {
    pub as_of: NaiveDate,
    pub mapping: Option<&'a ColumnMapping>,
    pub pseudonymizer: &'a Pseudonymizer,
}

/// Reads, maps and validates an export as a whole. Never panics on any input: an internal
/// failure is reported as a refusal of the file.
pub fn read_export(bytes: &[u8], options: &ImportOptions) -> Result<Validated, Rejection> {
    std::panic::catch_unwind(|| read_unguarded(bytes, options)).unwrap_or_else(|_| {
        Err(file_rejection(
            "Het bestand kon niet worden verwerkt. Controleer of het een export als CSV of .xlsx is.",
        ))
    })
}

fn read_unguarded(bytes: &[u8], options: &ImportOptions) -> Result<Validated, Rejection> {
    let sheet = options.mapping.and_then(|m| m.sheet.as_deref());
    let table = match file_kind(bytes) {
        Ok(FileKind::Csv) => csv::read_csv(bytes),
        Ok(FileKind::Xlsx) => xlsx::read_xlsx(bytes, sheet),
        Err(e) => Err(e),
    }
    .map_err(|e| file_rejection(e.to_string()))?;
    let (map, warnings) = map_columns(&table.headers, options.mapping)
        .map_err(|p| Rejection { headers: table.headers.clone(), ..Rejection::new(p, vec![]) })?;
    let validated = validate::validate(&table, &map, warnings, options.as_of, options.pseudonymizer)
        .map_err(|e| file_rejection(IngestError::Unreadable(e.to_string()).to_string()))??;
    if validated.cases.height() == 0 {
        return Err(file_rejection(IngestError::NoRecords.to_string()));
    }
    Ok(validated)
}

fn file_rejection(reason: impl Into<String>) -> Rejection {
    Rejection::new(vec![Problem::file(reason)], vec![])
}
