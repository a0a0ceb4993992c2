//! A table as an Excel workbook: the data on the first sheet (bold header, real date cells
//! shown as 26-06-2025, filter buttons, frozen header) and the view's notes on a second sheet.
//! The data sheet is written in constant-memory mode: each row goes to a temporary file.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

use super::{Cell, ExportError, Table};

pub fn write(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name(&table.title))?;
    for (c, header) in table.headers.iter().enumerate() {
        sheet.set_column_width(c as u16, (header.chars().count() + 4).max(12) as f64)?;
    }
    if !table.headers.is_empty() {
        sheet.autofilter(0, 0, table.rows.count() as u32, table.headers.len() as u16 - 1)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
    }
    let formats = CellFormats {
        date: Format::new().set_num_format("dd-mm-yyyy"),
        money: Format::new().set_num_format("#,##0.00"),
    };
    let mut next = 1u32;
    table.rows.each_chunk(|rows| {
        for row in rows {
            write_row(sheet, next, row, &formats)?;
            next += 1;
        }
        Ok(true)
    })?;
    let notes = workbook.add_worksheet();
    notes.set_name("Toelichting")?;
    notes.set_column_width(0, 22)?;
    notes.set_column_width(1, 40)?;
    for (r, (label, value)) in table.notes.iter().enumerate() {
        notes.write_string_with_format(r as u32, 0, label, &bold)?;
        notes.write_string(r as u32, 1, value)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// How dates and amounts look.
struct CellFormats {
    date: Format,
    money: Format,
}

fn write_row(sheet: &mut Worksheet, r: u32, row: &[Cell], formats: &CellFormats) -> Result<(), ExportError> {
    let CellFormats { date, money } = formats;
    for (c, value) in row.iter().enumerate() {
        let c = c as u16;
        match value {
            Cell::Text(text) => sheet.write_string(r, c, text)?,
            Cell::Int(n) => sheet.write_number(r, c, *n as f64)?,
            Cell::Money(amount) => sheet.write_number_with_format(r, c, *amount + 0.0, money)?,
            Cell::Date(day) => {
                let day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
                sheet.write_date_with_format(r, c, &day, date)?
            }
            Cell::Empty => sheet,
        };
    }
    Ok(())
}

/// Excel allows 31 characters and no `[]:*?/\` in a sheet name.
fn sheet_name(title: &str) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if clean.is_empty() {
        "Blad1".to_owned()
    } else {
        clean
    }
}
