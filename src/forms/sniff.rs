//! What an uploaded file is, decided by its content alone (magic bytes, and for zip-based
//! documents the type the container declares), never by its name or the browser's word.

use crate::i18n::Locale;
use std::io::{Cursor, Read};

/// The kinds of evaluation form that are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Jpeg,
    Png,
}

impl FormKind {
    pub fn mime(self) -> &'static str {
        match self {
            FormKind::Pdf => "application/pdf",
            FormKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FormKind::Odt => "application/vnd.oasis.opendocument.text",
            FormKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FormKind::Jpeg => "image/jpeg",
            FormKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FormKind::Pdf => "pdf",
            FormKind::Docx => "docx",
            FormKind::Odt => "odt",
            FormKind::Xlsx => "xlsx",
            FormKind::Jpeg => "jpg",
            FormKind::Png => "png",
        }
    }

    /// The kind of a stored content type (for the extension of a download).
    pub fn from_mime(mime: &str) -> Option<Self> {
        [FormKind::Pdf, FormKind::Docx, FormKind::Odt, FormKind::Xlsx, FormKind::Jpeg, FormKind::Png]
            .into_iter()
            .find(|k| k.mime() == mime)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SniffError {
    #[error("{}", self.message_in(Locale::Nl))]
    Empty,
    #[error("{}", self.message_in(Locale::Nl))]
    Unknown,
    #[error("{}", self.message_in(Locale::Nl))]
    OtherZip,
    #[error("{}", self.message_in(Locale::Nl))]
    BrokenZip,
    #[error("{}", self.message_in(Locale::Nl))]
    ZipBomb,
}

impl SniffError {
    /// What the user is told, in their language (`Display` stays Dutch).
    pub fn user_message(&self) -> String {
        self.message_in(crate::i18n::current())
    }

    /// What is wrong with the file and what to do, in `locale` (`Display`: in Dutch).
    pub fn message_in(&self, locale: Locale) -> String {
        let key = match self {
            SniffError::Empty => "error-form-empty",
            SniffError::Unknown => "error-form-unknown-type",
            SniffError::OtherZip => "error-form-other-zip",
            SniffError::BrokenZip => "error-form-broken-zip",
            SniffError::ZipBomb => "error-form-zip-bomb",
        };
        crate::i18n::t(locale, key)
    }
}

/// Most that the parts of a zip-based document may add up to when unpacked (as declared).
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;
/// Most read of the one small part that declares a document's type.
const MAX_TYPE_PART: u64 = 256 * 1024;

const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const EXCEL: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/// The kind of `bytes`, or why they are refused.
pub fn sniff(bytes: &[u8]) -> Result<FormKind, SniffError> {
    match bytes {
        [] => Err(SniffError::Empty),
        [b'%', b'P', b'D', b'F', b'-', ..] => Ok(FormKind::Pdf),
        [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', ..] => Ok(FormKind::Png),
        [0xff, 0xd8, 0xff, ..] => Ok(FormKind::Jpeg),
        [b'P', b'K', 3, 4, ..] => zipped(bytes),
        _ => Err(SniffError::Unknown),
    }
}

/// A zip container: ODT declares itself in `mimetype`, Office Open XML in `[Content_Types].xml`.
fn zipped(bytes: &[u8]) -> Result<FormKind, SniffError> {
    let (parts, unpacked) = crate::ingest::xlsx::declared_parts(bytes).ok_or(SniffError::BrokenZip)?;
    if parts > MAX_ENTRIES || unpacked > MAX_UNPACKED {
        return Err(SniffError::ZipBomb);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SniffError::BrokenZip)?;
    if let Some(mimetype) = part(&mut archive, "mimetype")? {
        return match mimetype.trim() {
            "application/vnd.oasis.opendocument.text" => Ok(FormKind::Odt),
            _ => Err(SniffError::OtherZip),
        };
    }
    match part(&mut archive, "[Content_Types].xml")? {
        Some(types) if types.contains(WORD) => Ok(FormKind::Docx),
        Some(types) if types.contains(EXCEL) => Ok(FormKind::Xlsx),
        _ => Err(SniffError::OtherZip),
    }
}

/// One part of the archive as text, read no further than `MAX_TYPE_PART` bytes.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, SniffError> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(SniffError::BrokenZip),
    };
    let mut text = Vec::new();
    entry.take(MAX_TYPE_PART).read_to_end(&mut text).map_err(|_| SniffError::BrokenZip)?;
    Ok(Some(String::from_utf8_lossy(&text).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide_and_names_do_not_matter() {
        assert_eq!(sniff(b"%PDF-1.4\n%..."), Ok(FormKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(FormKind::Png));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Ok(FormKind::Jpeg));
        assert_eq!(sniff(b""), Err(SniffError::Empty));
        assert_eq!(sniff(b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>"), Err(SniffError::Unknown));
        assert_eq!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
            Err(SniffError::Unknown)
        );
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), Err(SniffError::Unknown));
        assert_eq!(sniff(b"#!/bin/sh\nrm -rf /\n"), Err(SniffError::Unknown));
        assert_eq!(sniff(b"PK\x03\x04 not really a zip"), Err(SniffError::BrokenZip));
    }

    #[test]
    fn stored_types_map_back_to_kinds() {
        assert_eq!(FormKind::from_mime("image/png"), Some(FormKind::Png));
        assert_eq!(FormKind::from_mime("text/html"), None);
    }
}
