//! Parsers for single cell values: Dutch dates (and Excel serial numbers in workbooks), and
//! the BSN (elfproef) with its keyed pseudonym. Validation applies them per distinct value.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `2025-03-14`, `14-03-2025`, `14-3-2025`, `14/03/2025`, `14.03.2025` (day before month);
/// a time part after the date is ignored. With `serial`, a whole number is an Excel date.
pub fn parse_date(text: &str, serial: bool) -> Option<NaiveDate> {
    let text = text.trim();
    let date_part = text.split([' ', 'T']).next().unwrap_or_default();
    if serial && !date_part.is_empty() && date_part.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if let Some(date) = excel_serial(date_part) {
            return Some(date);
        }
    }
    let separator = date_part.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = date_part.split(separator).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let number = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    if a.len() == 4 && separator == '-' {
        NaiveDate::from_ymd_opt(number(a, 4)? as i32, number(b, 2)?, number(c, 2)?)
    } else if c.len() == 4 {
        NaiveDate::from_ymd_opt(number(c, 4)? as i32, number(b, 2)?, number(a, 2)?)
    } else {
        None
    }
}

/// A whole Excel serial number written as text.
fn excel_serial(text: &str) -> Option<NaiveDate> {
    let value: f64 = text.parse().ok()?;
    if value.fract() != 0.0 {
        return None;
    }
    excel_date(value as i64)
}

/// Excel's day number (1900 date system), from 1-3-1900 (day 61; day 60 is Excel's
/// fictitious 29-2-1900) to 31-12-9999.
pub fn excel_date(serial: i64) -> Option<NaiveDate> {
    if !(61..=2_958_465).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

/// The eleven-test: nine digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11.
pub fn is_valid_bsn(text: &str) -> bool {
    let digits: Vec<i32> = text.bytes().map(|b| i32::from(b) - i32::from(b'0')).collect();
    if digits.len() != 9 || digits.iter().any(|d| !(0..=9).contains(d)) || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i32 = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2, -1]).map(|(d, w)| d * w).sum();
    sum % 11 == 0
}

/// Turns a BSN into a keyed pseudonym (HMAC-SHA-256, hex) that links a person across
/// snapshots without storing the number. The key is WERKVOORRAAD_SECRET.
#[derive(Clone)]
pub struct Pseudonymizer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer(<geheim>)")
    }
}

impl Pseudonymizer {
    pub fn new(secret: &[u8]) -> Self {
        Self { key: secret.to_vec() }
    }

    /// The pseudonym of a valid BSN; `None` for anything that fails the eleven-test.
    pub fn pseudonym(&self, bsn: &str) -> Option<String> {
        let bsn = normalize_bsn(bsn);
        if !is_valid_bsn(&bsn) {
            return None;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).ok()?;
        mac.update(bsn.as_bytes());
        Some(hex::encode(mac.finalize().into_bytes()))
    }
}

/// True when `text` would be accepted as a BSN: after the same normalisation as the BSN
/// column, nine digits that pass the eleven-test. Used to keep BSNs out of other columns.
pub fn looks_like_bsn(text: &str) -> bool {
    is_valid_bsn(&normalize_bsn(text))
}

/// Spaces and dots inside the number are ignored; 8 digits get the leading zero back.
fn normalize_bsn(text: &str) -> String {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    if digits.len() == 8 {
        format!("0{digits}")
    } else {
        digits
    }
}

/// A BSN as it may be shown in an error message: only the last three digits.
pub fn mask_bsn(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep = chars.len().min(3);
    let hidden = chars.len() - keep;
    "•".repeat(hidden) + &chars[hidden..].iter().collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_date_form_of_the_spec() {
        for text in ["2025-03-14", "14-03-2025", "14-3-2025", "14/03/2025", "14.03.2025", " 14-3-2025 "] {
            assert_eq!(parse_date(text, false), d(2025, 3, 14), "{text}");
        }
        assert_eq!(parse_date("03-04-2025", false), d(2025, 4, 3), "day before month");
        assert_eq!(parse_date("2025-03-14 00:00:00", false), d(2025, 3, 14));
        assert_eq!(parse_date("2025-03-14T10:30:00", false), d(2025, 3, 14));
        assert_eq!(parse_date("29-02-2024", false), d(2024, 2, 29), "leap day");
    }

    #[test]
    fn impossible_or_ambiguous_dates_are_refused() {
        for text in [
            "31-02-2025",
            "29-02-2025",
            "14-13-2025",
            "14-03-25",
            "2025/03/14",
            "maart 2025",
            "45000",
            "",
            "1-2-3-2025",
        ] {
            assert_eq!(parse_date(text, false), None, "{text}");
        }
    }

    #[test]
    fn excel_serial_numbers_only_in_workbooks() {
        assert_eq!(parse_date("45730", true), d(2025, 3, 14));
        assert_eq!(parse_date("45730.0", true), d(2025, 3, 14));
        assert_eq!(parse_date("45730.5", true), None);
        assert_eq!(parse_date("61", true), d(1900, 3, 1));
        assert_eq!(parse_date("45730", false), None);
        assert_eq!(parse_date("14-03-2025", true), d(2025, 3, 14));
    }

    #[test]
    fn the_eleven_test() {
        assert!(is_valid_bsn("111222333"));
        assert!(is_valid_bsn("123456782"));
        assert!(!is_valid_bsn("123456789"));
        assert!(!is_valid_bsn("000000000"));
        assert!(!is_valid_bsn("12345678"));
        assert!(!is_valid_bsn("12345678a"));
    }

    #[test]
    fn a_value_looks_like_a_bsn_as_the_bsn_column_would_read_it() {
        assert!(looks_like_bsn("111222333"));
        assert!(looks_like_bsn("111 222 333"));
        assert!(looks_like_bsn("1112.22.333"));
        assert_eq!(looks_like_bsn("11222333"), is_valid_bsn("011222333"));
        assert!(!looks_like_bsn("123456789"));
        assert!(!looks_like_bsn("C111222333"));
        assert!(!looks_like_bsn("C1"));
    }

    #[test]
    fn pseudonyms_are_keyed_stable_and_never_the_number() {
        let a = Pseudonymizer::new(b"geheim-a");
        let b = Pseudonymizer::new(b"geheim-b");
        let p = a.pseudonym("111222333").unwrap();
        assert_eq!(p.len(), 64);
        assert!(!p.contains("111222333"));
        assert_eq!(a.pseudonym("111 222 333"), Some(p.clone()));
        assert_ne!(b.pseudonym("111222333"), Some(p));
        assert_eq!(a.pseudonym("123456789"), None);
        assert_eq!(a.pseudonym("11222333").is_some(), is_valid_bsn("011222333"));
    }

    #[test]
    fn masked_bsn_shows_three_digits() {
        assert_eq!(mask_bsn("123456789"), "••••••789");
        assert_eq!(mask_bsn("12"), "12");
    }
}
