//! Writes simulated cases as the case system would export them on an as-of date: Dutch
//! headers, d-m-Y dates, `;`, Windows-1252, a trailing totals row; or as an .xlsx workbook.

use chrono::Datelike;
use chrono::{Days, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::simulate::SimCase;

const HEADERS: [&str; 14] = [
    "Zaaknummer",
    "Cliëntnummer",
    "BSN",
    "Soort aanvraag",
    "Product",
    "Gemeente",
    "Zorgaanbieder",
    "Wmo-consulent",
    "Datum melding",
    "Datum in behandeling",
    "Datum besluit",
    "Resultaat",
    "Einddatum huidige indicatie",
    "Team",
];

/// How long closed cases stay in an export.
const CLOSED_KEPT_DAYS: u64 = 56;

/// The cases of an export on `as_of`, as known that day, oldest first.
pub fn rows_on(cases: &[SimCase], as_of: NaiveDate) -> Vec<[Option<String>; 14]> {
    let closed_since = as_of.checked_sub_days(Days::new(CLOSED_KEPT_DAYS)).unwrap_or(as_of);
    cases
        .iter()
        .filter(|c| c.received_on <= as_of && c.decided_on.is_none_or(|d| d > closed_since))
        .map(|c| row_on(c, as_of))
        .collect()
}

fn row_on(case: &SimCase, as_of: NaiveDate) -> [Option<String>; 14] {
    let known = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
    let assigned = known(case.assigned_on);
    let decided = known(case.decided_on);
    let dmy = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
    [
        Some(case.case_id.clone()),
        Some(case.client_ref.clone()),
        case.bsn.clone(),
        Some(if case.reindication { "Herindicatie" } else { "Nieuwe melding" }.into()),
        Some(case.product.into()),
        Some(case.municipality.into()),
        case.provider.map(Into::into),
        assigned.and(case.consultant).map(Into::into),
        Some(dmy(case.received_on)),
        assigned.map(dmy),
        decided.map(dmy),
        decided.and(case.outcome).map(Into::into),
        case.indication_end.map(dmy),
        Some(if case.reindication { "BW&O herindicaties" } else { "Wmo intake" }.into()),
    ]
}

/// The CSV bytes in Windows-1252, CRLF, with the totals row a municipal system appends.
pub fn csv_bytes(rows: &[[Option<String>; 14]]) -> Vec<u8> {
    let mut text = HEADERS.join(";") + "\r\n";
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| quoted(c.as_deref().unwrap_or_default())).collect();
        text.push_str(&cells.join(";"));
        text.push_str("\r\n");
    }
    text.push_str(&format!(";Totaal: {} zaken{}\r\n", rows.len(), ";".repeat(HEADERS.len() - 2)));
    encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
}

fn quoted(cell: &str) -> String {
    if cell.contains([';', '"', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// The same export as a workbook: dates as real date cells, two empty rows above the header.
pub fn xlsx_bytes(rows: &[[Option<String>; 14]], as_of: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the file byte-for-byte the same for the same seed.
    let created = excel_date(as_of)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet().set_name("Werkvoorraad")?;
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let bold = Format::new().set_bold();
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *header, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            let Some(text) = cell else { continue };
            let (r, c) = (r as u32 + 3, col as u16);
            match NaiveDate::parse_from_str(text, "%d-%m-%Y") {
                Ok(d) => sheet.write_datetime_with_format(r, c, &excel_date(d)?, &date_format)?,
                Err(_) => sheet.write_string(r, c, text)?,
            };
        }
    }
    workbook.save_to_buffer()
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}
