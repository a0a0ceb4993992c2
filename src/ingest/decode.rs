//! From uploaded bytes to text: the file kind (CSV text or an .xlsx workbook), the encoding
//! (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) and the sanity checks.

use super::IngestError;

/// Longest physical line accepted; a real export row is a few hundred characters.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

/// Decides by content, never by the file name.
pub fn file_kind(bytes: &[u8]) -> Result<FileKind, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(IngestError::OldExcel);
    }
    Ok(FileKind::Csv)
}

/// Decodes CSV bytes to text, refusing binary content and overlong lines.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return checked(text.into_owned());
    }
    check_line_lengths(bytes)?;
    if bytes.contains(&0) {
        return Err(IngestError::Binary);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    };
    checked(text)
}

fn checked(text: String) -> Result<String, IngestError> {
    check_line_lengths(text.as_bytes())?;
    if control_characters(text.as_bytes()) >= 8 || text.contains('\0') {
        return Err(IngestError::Binary);
    }
    Ok(text)
}

/// Control characters other than line breaks and tabs, counted up to 8, from the UTF-8 bytes:
/// C0 and DEL are one byte, C1 (U+0080 to U+009F) is 0xC2 followed by 0x80 to 0x9F.
fn control_characters(bytes: &[u8]) -> usize {
    let c0 = |b: u8| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7F;
    let c1 = |pair: &[u8]| pair[0] == 0xC2 && (0x80..=0x9F).contains(&pair[1]);
    let single = bytes.iter().filter(|b| c0(**b)).take(8).count();
    single + bytes.windows(2).filter(|pair| c1(pair)).take(8 - single).count()
}

fn check_line_lengths(bytes: &[u8]) -> Result<(), IngestError> {
    match bytes.split(|&b| b == b'\n').position(|chunk| chunk.len() > MAX_LINE_BYTES) {
        Some(index) => Err(IngestError::LineTooLong { line: index + 1 }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa;b\r\n").unwrap(), "a;b\r\n");
        assert_eq!(decode_text("cliënt;ç\n".as_bytes()).unwrap(), "cliënt;ç\n");
    }

    #[test]
    fn windows_1252_when_not_utf8() {
        // 0xEB is ë, 0x80 is € in Windows-1252.
        assert_eq!(decode_text(b"Cli\xEBntnummer;\x80\n").unwrap(), "Cliëntnummer;€\n");
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "zaak\tdatum\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(&bytes).unwrap(), "zaak\tdatum\r\n");
    }

    #[test]
    fn binary_empty_and_old_excel_are_refused() {
        assert_eq!(decode_text(b"abc\x00\x01\x02def"), Err(IngestError::Binary));
        let noise: Vec<u8> = (0u8..=31).filter(|b| *b != b'\n' && *b != b'\r').collect();
        assert_eq!(decode_text(&noise), Err(IngestError::Binary));
        assert_eq!(file_kind(b""), Err(IngestError::Empty));
        assert_eq!(file_kind(b" \r\n\t"), Err(IngestError::Empty));
        assert_eq!(file_kind(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]), Err(IngestError::OldExcel));
        assert_eq!(file_kind(b"PK\x03\x04rest"), Ok(FileKind::Xlsx));
    }

    #[test]
    fn control_characters_are_counted_as_chars_would_count_them() {
        let text = "a\u{1}b\tc\u{7f}d\u{85}e\u{9f}\r\n\u{a0}é\u{80}";
        let by_chars = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
        assert_eq!(control_characters(text.as_bytes()), by_chars);
        assert_eq!(by_chars, 5);
    }

    #[test]
    fn an_overlong_line_is_refused_with_its_line_number() {
        let mut bytes = b"zaaknummer;product\n1;BW\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
        assert_eq!(decode_text(&bytes), Err(IngestError::LineTooLong { line: 3 }));
    }
}
