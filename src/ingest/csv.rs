//! Reading a CSV export through polars: the delimiter (`;`, `,` or tab) found on the header
//! line, `"` quoting, CRLF or LF; every cell read as text so that validation sees it as written.

use std::io::Cursor;

use polars::prelude::*;

use super::decode::decode_text;
use super::table::RawTable;
use super::IngestError;

pub fn read_csv(bytes: &[u8]) -> Result<RawTable, IngestError> {
    let text = decode_text(bytes)?;
    let body = skip_leading_blank_lines(&text);
    let header = body.lines().next().unwrap_or_default();
    let separator = detect_separator(header);
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

/// The candidate that occurs most often outside quotes on the header line; `;` on a tie or
/// when there is none (a one-column file then reports its missing columns).
pub fn detect_separator(header: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(entry) = counts.iter_mut().find(|(sep, _)| *sep == byte) {
                entry.1 += 1;
            }
        }
    }
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
}
