//! Downloads of what a page shows: a table model (typed cells, notes on the view, rows made a chunk
//! at a time) written to CSV (Excel-friendly) or .xlsx, and Stand van zaken as a PDF (`pdf`).

pub mod csv;
pub mod pdf;
pub mod queue;
pub mod risk;
pub mod xlsx;

use chrono::NaiveDate;

/// One value of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    /// Euros, two decimals.
    Money(f64),
    Empty,
}

impl Cell {
    pub fn text(value: Option<&str>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()))
    }

    /// An ISO date (`2025-06-26`) as a date cell; anything else stays text.
    pub fn iso_date(value: Option<&str>) -> Cell {
        match value {
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_or_else(|_| Cell::Text(text.to_owned()), Cell::Date),
            None => Cell::Empty,
        }
    }
}

/// A table to download, with lines that say which view it is (as-of date, filters).
pub struct Table {
    /// Sheet name and file name stem.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Rows,
    /// (label, value) pairs describing the view: peildatum, momentopname, filters.
    pub notes: Vec<(String, String)>,
}

/// Rows per chunk: a chunk is written (and a CSV chunk sent) before the next one is made.
pub const CHUNK_ROWS: usize = 10_000;

/// The function that makes rows `start..start + len` of a chunked table.
pub type MakeRows = Box<dyn Fn(usize, usize) -> Result<Vec<Vec<Cell>>, ExportError> + Send + Sync>;

/// A table's rows: all at hand (small tables), or `count` rows made a chunk at a time.
pub enum Rows {
    All(Vec<Vec<Cell>>),
    Chunked { count: usize, make: MakeRows },
}

impl Rows {
    pub fn count(&self) -> usize {
        match self {
            Rows::All(rows) => rows.len(),
            Rows::Chunked { count, .. } => *count,
        }
    }

    /// Hands the rows to `each` in order, a chunk at a time, until `each` answers `false`.
    pub fn each_chunk(
        &self,
        mut each: impl FnMut(&[Vec<Cell>]) -> Result<bool, ExportError>,
    ) -> Result<(), ExportError> {
        match self {
            Rows::All(rows) => {
                each(rows)?;
            }
            Rows::Chunked { count, make } => {
                for start in (0..*count).step_by(CHUNK_ROWS) {
                    if !each(&make(start, CHUNK_ROWS.min(count - start))?)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Het Excel-bestand kon niet worden gemaakt: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("De rijen van de download konden niet worden gemaakt: {0}")]
    Rows(String),
    #[error("De pdf kon niet worden gemaakt: {0}")]
    Pdf(String),
}
