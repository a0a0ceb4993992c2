//! Reading an .xlsx export with calamine, within the limits of spec/export-format.md: the parts'
//! declared sizes first, then the sheet cell by cell, so nothing is allocated for an empty used range.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx};

use super::table::RawTable;
use super::values::excel_date;
use super::IngestError;

/// Most that a workbook's parts may add up to when unpacked (as declared), and most parts.
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
pub const MAX_PARTS: usize = 10_000;
/// Most data rows and columns of an export (spec/export-format.md, "Limits").
pub const MAX_ROWS: u32 = 1_000_000;
pub const MAX_COLUMNS: u32 = 200;
/// Most cells of the area between the header and the last value: keeps one import's table of
/// text cells well under 2 GB however sparse the sheet is.
pub const MAX_CELLS: u64 = 40_000_000;

/// The number of parts of a zip container and their declared unpacked size, read from its
/// directory without unpacking anything; `None` for a broken container.
pub fn declared_parts(bytes: &[u8]) -> Option<(usize, u64)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        unpacked = unpacked.saturating_add(archive.by_index_raw(index).ok()?.size());
    }
    Some((archive.len(), unpacked))
}

pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, IngestError> {
    let unreadable = |e: calamine::XlsxError| IngestError::Unreadable(e.to_string());
    match declared_parts(bytes) {
        None => return Err(IngestError::Unreadable("het bestand is geen geldig zip-bestand".into())),
        Some((parts, unpacked)) if parts > MAX_PARTS || unpacked > MAX_UNPACKED_BYTES => {
            return Err(IngestError::WorkbookTooLarge)
        }
        Some(_) => {}
    }
    let mut workbook = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)).map_err(unreadable)?;
    let name = sheet_name(&workbook.sheet_names(), sheet)?;
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut values: Vec<((u32, u32), String)> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let Some(text) = cell_text(cell.get_value()).filter(|t| !t.trim().is_empty()) else { continue };
        let (row, column) = cell.get_position();
        if column >= MAX_COLUMNS {
            return Err(IngestError::TooManyColumns);
        }
        if row > MAX_ROWS + 1_000 {
            return Err(IngestError::TooManyRows);
        }
        values.push(((row, column), text));
    }
    dense(values)
}

fn sheet_name(names: &[String], wanted: Option<&str>) -> Result<String, IngestError> {
    match wanted {
        Some(wanted) => {
            names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())).cloned().ok_or_else(|| {
                IngestError::SheetMissing { wanted: wanted.to_owned(), found: names.join(", ") }
            })
        }
        None => names.first().cloned().ok_or(IngestError::Empty),
    }
}

/// The table from the first row with a value (the header) to the last value, as wide as the
/// widest row: a used range that Excel stretched past the data costs nothing.
fn dense(values: Vec<((u32, u32), String)>) -> Result<RawTable, IngestError> {
    let (Some(first), Some(last)) =
        (values.iter().map(|((r, _), _)| *r).min(), values.iter().map(|((r, _), _)| *r).max())
    else {
        return Err(IngestError::Empty);
    };
    let width = values.iter().map(|((_, c), _)| *c + 1).max().unwrap_or(0);
    let height = last - first + 1;
    if height > MAX_ROWS + 1 {
        return Err(IngestError::TooManyRows);
    }
    if u64::from(height) * u64::from(width) > MAX_CELLS {
        return Err(IngestError::TooManyCells);
    }
    let mut columns = vec![vec![None; height as usize]; width as usize];
    for ((row, column), text) in values {
        columns[column as usize][(row - first) as usize] = Some(text);
    }
    RawTable::from_columns(columns, true).map_err(|e| IngestError::Unreadable(e.to_string()))
}

/// A cell as the text a user would see; dates as `YYYY-MM-DD`, whole numbers without `.0`.
fn cell_text(cell: &DataRef) -> Option<String> {
    match cell {
        DataRef::Empty => None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s.clone()),
        DataRef::SharedString(s) => Some((*s).to_owned()),
        DataRef::Int(i) => Some(i.to_string()),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        DataRef::Float(f) => Some(f.to_string()),
        DataRef::Bool(b) => Some(if *b { "ja" } else { "nee" }.to_owned()),
        DataRef::DateTime(dt) => {
            excel_date(dt.as_f64().floor() as i64).map(|d| d.format("%Y-%m-%d").to_string())
        }
        DataRef::Error(e) => Some(format!("#{e:?}")),
    }
}
