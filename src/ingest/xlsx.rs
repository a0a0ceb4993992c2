//! Reading an .xlsx export with calamine: the first sheet (or the one a mapping names), the
//! first non-empty row as header, real date cells as dates and numbers as written.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::table::RawTable;
use super::values::excel_date;
use super::IngestError;

pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, IngestError> {
    let mut workbook = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| IngestError::Unreadable(e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => {
            names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())).cloned().ok_or_else(|| {
                IngestError::SheetMissing { wanted: wanted.to_owned(), found: names.join(", ") }
            })?
        }
        None => names.first().cloned().ok_or(IngestError::Empty)?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    let rows: Vec<&[Data]> = range.rows().skip_while(|row| row.iter().all(is_blank)).collect();
    if rows.is_empty() {
        return Err(IngestError::Empty);
    }
    let width = range.width();
    let columns =
        (0..width).map(|c| rows.iter().map(|row| row.get(c).and_then(cell_text)).collect()).collect();
    RawTable::from_columns(columns, true).map_err(|e| IngestError::Unreadable(e.to_string()))
}

fn is_blank(cell: &Data) -> bool {
    cell_text(cell).is_none_or(|t| t.trim().is_empty())
}

/// A cell as the text a user would see; dates as `YYYY-MM-DD`, whole numbers without `.0`.
fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(if *b { "ja" } else { "nee" }.to_owned()),
        Data::DateTime(dt) => {
            excel_date(dt.as_f64().floor() as i64).map(|d| d.format("%Y-%m-%d").to_string())
        }
        Data::Error(e) => Some(format!("#{e:?}")),
    }
}
