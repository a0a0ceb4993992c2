//! The enumerations of a case and their accepted spellings (spec/export-format.md, "Values").
//! Parsing takes a normalised key (lower case, no accents or separators); see ingest::columns.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Locale};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestType {
    New,
    Reindication,
}

impl RequestType {
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "nieuw" | "nieuwemelding" | "eersteaanvraag" | "new" => Some(Self::New),
            "herindicatie" | "verlenging" | "reindication" => Some(Self::Reindication),
            _ => None,
        }
    }

    /// The code stored and used in the JSON interfaces.
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Reindication => "reindication",
        }
    }

    /// Its name in the interface (`request-type-new`, `request-type-reindication`).
    pub fn name(self, locale: Locale) -> String {
        t(locale, &format!("request-type-{}", self.code()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Granted,
    Refused,
    Withdrawn,
}

impl Outcome {
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "toegekend" | "toekenning" | "granted" => Some(Self::Granted),
            "afgewezen" | "afwijzing" | "refused" => Some(Self::Refused),
            "ingetrokken" | "withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Its name in the interface (`outcome-granted`, …).
    pub fn name(self, locale: Locale) -> String {
        t(locale, &format!("outcome-{}", self.code()))
    }
}

/// The label of a known product code; other codes are shown as they are.
pub fn product_label(code: &str, locale: Locale) -> Option<String> {
    is_product(code).then(|| t(locale, &format!("product-{}", code.to_ascii_lowercase())))
}

/// Whether `code` is one of the known products (in any case).
pub fn is_product(code: &str) -> bool {
    PRODUCTS.iter().any(|p| p.eq_ignore_ascii_case(code))
}

/// The products of spec/export-format.md by their code.
const PRODUCTS: [&str; 4] = ["BW", "BT", "MO", "IB"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_the_spec_parses() {
        for key in ["nieuw", "nieuwemelding", "eersteaanvraag", "new"] {
            assert_eq!(RequestType::from_key(key), Some(RequestType::New), "{key}");
        }
        for key in ["herindicatie", "verlenging", "reindication"] {
            assert_eq!(RequestType::from_key(key), Some(RequestType::Reindication), "{key}");
        }
        for (key, outcome) in [
            ("toegekend", Outcome::Granted),
            ("toekenning", Outcome::Granted),
            ("granted", Outcome::Granted),
            ("afgewezen", Outcome::Refused),
            ("afwijzing", Outcome::Refused),
            ("refused", Outcome::Refused),
            ("ingetrokken", Outcome::Withdrawn),
            ("withdrawn", Outcome::Withdrawn),
        ] {
            assert_eq!(Outcome::from_key(key), Some(outcome), "{key}");
        }
        assert_eq!(RequestType::from_key("onbekend"), None);
        assert_eq!(Outcome::from_key(""), None);
    }

    #[test]
    fn known_products_get_a_label_and_others_none() {
        assert_eq!(product_label("BW", Locale::Nl).as_deref(), Some("Beschermd Wonen"));
        assert_eq!(product_label("mo", Locale::En).as_deref(), Some("Social shelter"));
        assert_eq!(product_label("WMO-X", Locale::Nl), None);
    }
}
