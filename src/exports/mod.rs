//! Downloads of what a page shows: a table model (headers, typed cells, notes on the view) and
//! its writers to CSV (Excel-friendly: UTF-8 with BOM, `;`) and to .xlsx with rust_xlsxwriter.

pub mod csv;
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
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Sheet name and file name stem.
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// (label, value) pairs describing the view: peildatum, momentopname, filters.
    pub notes: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Het Excel-bestand kon niet worden gemaakt: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}
