//! Ingest: an export file's bytes become validated canonical cases, or a complete list of
//! row errors. Knows nothing of the database or the web.

pub mod csv;
pub mod decode;
pub mod table;

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
    #[error("Het bestand kon niet worden gelezen: {0}")]
    Unreadable(String),
}
