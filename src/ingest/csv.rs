//! Reading a CSV export through polars: the delimiter (`;`, `,` or tab) found on the header
//! line, `"` quoting, CRLF or LF; every cell read as text so that validation sees it as written.
//! The limits of spec/export-format.md are checked before polars allocates a cell.

use std::io::Cursor;

use polars::prelude::*;

use super::decode::decode_text;
use super::table::RawTable;
use super::xlsx::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use super::IngestError;

/// Lines beyond `MAX_ROWS` that the check before reading lets pass: blank lines and values
/// that span lines; the rows read are then counted exactly.
const LINE_SLACK: u64 = 1_000;

pub fn read_csv(bytes: &[u8]) -> Result<RawTable, IngestError> {
    let text = decode_text(bytes)?;
    let body = skip_leading_blank_lines(&text);
    let header = body.lines().next().unwrap_or_default();
    let separator = detect_separator(header);
    check_size(body, header, separator)?;
    let frame = CsvReadOptions::default()
        .with_has_header(false)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .map_parse_options(|options| {
            options
                .with_separator(separator)
                .with_quote_char(Some(b'"'))
                .with_missing_is_null(true)
                .with_truncate_ragged_lines(true)
        })
        .into_reader_with_file_handle(Cursor::new(body.as_bytes()))
        .finish()
        .map_err(|e| IngestError::Unreadable(e.to_string()))?;
    if frame.height() == 0 {
        return Err(IngestError::Empty);
    }
    if frame.height() > MAX_ROWS as usize + 1 {
        return Err(IngestError::CsvTooManyRows);
    }
    RawTable::from_frame_with_header_row(frame, false).map_err(|e| IngestError::Unreadable(e.to_string()))
}

fn skip_leading_blank_lines(text: &str) -> &str {
    let mut rest = text;
    while let Some(end) = rest.find('\n') {
        if !rest[..end].trim().is_empty() {
            break;
        }
        rest = &rest[end + 1..];
    }
    rest
}

/// The header's columns (polars reads as many), the lines (an upper bound of the rows) and their
/// product within the limits, before anything is read.
fn check_size(body: &str, header: &str, separator: u8) -> Result<(), IngestError> {
    let columns = outside_quotes(header, separator) as u64 + 1;
    if columns > u64::from(MAX_COLUMNS) {
        return Err(IngestError::CsvTooManyColumns);
    }
    let rows = body.bytes().filter(|&b| b == b'\n').count() as u64;
    if rows > u64::from(MAX_ROWS) + LINE_SLACK {
        return Err(IngestError::CsvTooManyRows);
    }
    if rows.min(u64::from(MAX_ROWS)) * columns > MAX_CELLS {
        return Err(IngestError::CsvTooManyCells);
    }
    Ok(())
}

/// How often `byte` occurs outside `"` quotes on a line.
fn outside_quotes(line: &str, byte: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            !quoted && b == byte
        })
        .count()
}

/// The candidate that occurs most often outside quotes on the header line; `;` on a tie or
/// when there is none (a one-column file then reports its missing columns).
pub fn detect_separator(header: &str) -> u8 {
    let counts = [b';', b',', b'\t'].map(|sep| (sep, outside_quotes(header, sep)));
    counts.iter().fold((b';', 0), |best, &c| if c.1 > best.1 { c } else { best }).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::ROW;

    fn cells(table: &RawTable, index: usize) -> Vec<Option<String>> {
        let column = table.frame.column(&format!("c{index}")).unwrap().str().unwrap().clone();
        column.iter().map(|v| v.map(str::to_owned)).collect()
    }

    fn rows(table: &RawTable) -> Vec<u32> {
        table.frame.column(ROW).unwrap().u32().unwrap().iter().flatten().collect()
    }

    #[test]
    fn separators_are_found_on_the_header_line() {
        assert_eq!(detect_separator("zaak;datum;\"a,b,c,d\""), b';');
        assert_eq!(detect_separator("zaak,datum,product"), b',');
        assert_eq!(detect_separator("zaak\tdatum\tproduct"), b'\t');
        assert_eq!(detect_separator("zaaknummer"), b';');
    }

    #[test]
    fn quoted_fields_crlf_blank_rows_and_trimming() {
        let csv = "\r\nZaaknummer;Opmerking\r\n Z1 ;\"a;b\"\r\n\r\nZ2;\"twee\nregels\"\r\nZ3; \r\n";
        let table = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["Zaaknummer", "Opmerking"]);
        assert_eq!(rows(&table), [2, 3, 4, 5]);
        assert_eq!(cells(&table, 0), [Some("Z1".into()), None, Some("Z2".into()), Some("Z3".into())]);
        assert_eq!(cells(&table, 1), [Some("a;b".into()), None, Some("twee\nregels".into()), None]);
    }

    #[test]
    fn comma_and_tab_files_read_alike() {
        for csv in ["a,b\n1,2\n", "a\tb\n1\t2\n"] {
            let table = read_csv(csv.as_bytes()).unwrap();
            assert_eq!(table.headers, ["a", "b"]);
            assert_eq!(cells(&table, 1), [Some("2".into())]);
        }
    }

    #[test]
    fn a_header_only_file_has_no_records() {
        let table = read_csv(b"zaaknummer;product\r\n").unwrap();
        assert_eq!(table.record_count(), 0);
    }

    #[test]
    fn nothing_but_blank_lines_is_empty() {
        assert_eq!(read_csv(b"\r\n\r\n   \n").err(), Some(IngestError::Empty));
    }

    #[test]
    fn a_file_past_the_limits_is_refused_before_it_is_read() {
        let wide = format!("{}\n1\n", vec!["kolom"; 201].join(";"));
        assert!(matches!(read_csv(wide.as_bytes()), Err(IngestError::CsvTooManyColumns)));
        let long = format!("zaak\n{}", "x\n".repeat(1_001_001));
        assert!(matches!(read_csv(long.as_bytes()), Err(IngestError::CsvTooManyRows)));
        // 200 columns of nothing on 210,000 lines: 42 million cells from 42 MB.
        let empty_line = format!("{}\n", ";".repeat(199));
        let sparse = format!("{}\n{}", vec!["k"; 200].join(";"), empty_line.repeat(210_000));
        assert!(matches!(read_csv(sparse.as_bytes()), Err(IngestError::CsvTooManyCells)));
        let quoted = "\"a;b\";c\n1;2\n";
        assert!(read_csv(quoted.as_bytes()).is_ok(), "a separator inside quotes is no column");
    }
}
