//! A table as CSV the way Dutch Excel opens it without a wizard: UTF-8 with BOM, `;` between
//! fields, CRLF, dates as 26-06-2025; text that Excel would run as a formula is defused.

use super::{Cell, ExportError, Table};

/// The whole file at once (small tables and tests; downloads send `head` and `lines` as made).
pub fn write(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut out = head(table);
    table.rows.each_chunk(|rows| {
        out.extend(lines(rows));
        Ok(true)
    })?;
    Ok(out)
}

/// The byte order mark and the header line.
pub fn head(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_line(&mut out, table.headers.iter().map(|h| field(h)));
    out.into_bytes()
}

/// Rows as CSV lines.
pub fn lines(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::with_capacity(rows.len() * 120);
    for row in rows {
        push_line(&mut out, row.iter().map(cell));
    }
    out.into_bytes()
}

fn push_line(out: &mut String, fields: impl Iterator<Item = String>) {
    out.push_str(&fields.collect::<Vec<_>>().join(";"));
    out.push_str("\r\n");
}

fn cell(value: &Cell) -> String {
    match value {
        Cell::Text(text) => field(text),
        Cell::Int(n) => n.to_string(),
        Cell::Date(date) => date.format("%d-%m-%Y").to_string(),
        // `+ 0.0` turns the -0.0 of an empty sum into 0.
        Cell::Money(amount) => format!("{:.2}", amount + 0.0).replace('.', ","),
        Cell::Empty => String::new(),
    }
}

/// Quotes when needed; a leading `= + - @` gets an apostrophe so Excel shows it as text.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let table = Table {
            title: "t".into(),
            headers: ["Naam", "Datum", "Aantal"].map(String::from).to_vec(),
            rows: super::super::Rows::All(vec![
                vec![
                    Cell::Text("De \"Brug\"; Zorg".into()),
                    Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 26).unwrap()),
                    Cell::Int(3),
                ],
                vec![Cell::Text("=SOM(A1)".into()), Cell::Empty, Cell::Int(-1)],
            ]),
            notes: vec![],
        };
        let text = String::from_utf8(write(&table).unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}Naam;Datum;Aantal\r\n\"De \"\"Brug\"\"; Zorg\";26-06-2025;3\r\n'=SOM(A1);;-1\r\n"
        );
    }
}
