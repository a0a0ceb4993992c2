//! A table as an Excel workbook: the data on the first sheet (bold header, real date cells
//! shown as 26-06-2025, filter buttons, frozen header) and the view's notes on a second sheet.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{Cell, ExportError, Table};

pub fn write(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&table.title))?;
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *header, &bold)?;
        sheet.set_column_width(c as u16, (header.chars().count() + 4).max(12) as f64)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Cell::Text(text) => sheet.write_string(r, c, text)?,
                Cell::Int(n) => sheet.write_number(r, c, *n as f64)?,
                Cell::Money(amount) => sheet.write_number_with_format(r, c, *amount + 0.0, &money)?,
                Cell::Date(day) => {
                    let day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
                    sheet.write_date_with_format(r, c, &day, &date)?
                }
                Cell::Empty => sheet,
            };
        }
    }
    if !table.headers.is_empty() {
        sheet.autofilter(0, 0, table.rows.len() as u32, table.headers.len() as u16 - 1)?;
        sheet.set_freeze_panes(1, 0)?;
    }
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

/// Excel allows 31 characters and no `[]:*?/\` in a sheet name.
fn sheet_name(title: &str) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if clean.is_empty() {
        "Blad1".to_owned()
    } else {
        clean
    }
}
