//! The fields of a case export (spec/export-format.md) with their accepted headers, and a
//! user's own column mapping. Shared by the server (ingest) and the browser (mapping form).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The canonical fields of a case export, in the order of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    CaseId,
    ClientRef,
    Bsn,
    RequestType,
    Product,
    Municipality,
    Provider,
    Consultant,
    ReceivedOn,
    AssignedOn,
    DecidedOn,
    Outcome,
    IndicationEnd,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::CaseId,
        Field::ClientRef,
        Field::Bsn,
        Field::RequestType,
        Field::Product,
        Field::Municipality,
        Field::Provider,
        Field::Consultant,
        Field::ReceivedOn,
        Field::AssignedOn,
        Field::DecidedOn,
        Field::Outcome,
        Field::IndicationEnd,
    ];

    /// The canonical name, also the column name in frames and the store.
    pub fn name(self) -> &'static str {
        match self {
            Field::CaseId => "case_id",
            Field::ClientRef => "client_ref",
            Field::Bsn => "bsn",
            Field::RequestType => "request_type",
            Field::Product => "product",
            Field::Municipality => "municipality",
            Field::Provider => "provider",
            Field::Consultant => "consultant",
            Field::ReceivedOn => "received_on",
            Field::AssignedOn => "assigned_on",
            Field::DecidedOn => "decided_on",
            Field::Outcome => "outcome",
            Field::IndicationEnd => "indication_end",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The accepted headers; the first is the Dutch name used in messages.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::CaseId => &["zaaknummer", "dossiernummer", "zaak id", "case id"],
            Field::ClientRef => &["clientnummer", "cliëntnummer", "client id", "client ref"],
            Field::Bsn => &["bsn", "burgerservicenummer"],
            Field::RequestType => &["soort aanvraag", "aanvraagsoort", "type aanvraag", "request type"],
            Field::Product => &["product", "voorziening", "productcode"],
            Field::Municipality => &["gemeente", "municipality"],
            Field::Provider => &["aanbieder", "zorgaanbieder", "provider"],
            Field::Consultant => &["consulent", "wmo consulent", "behandelaar", "consultant"],
            Field::ReceivedOn => &["datum melding", "datum aanvraag", "ontvangstdatum", "received on"],
            Field::AssignedOn => {
                &["datum in behandeling", "datum toegewezen", "startdatum onderzoek", "assigned on"]
            }
            Field::DecidedOn => &["datum besluit", "besluitdatum", "datum beschikking", "decided on"],
            Field::Outcome => &["resultaat", "uitkomst", "besluit", "outcome"],
            Field::IndicationEnd => &[
                "einddatum indicatie",
                "einddatum huidige indicatie",
                "einddatum toewijzing",
                "indication end",
            ],
        }
    }

    /// The column name shown to users (`field-…` in the catalogue; in Dutch the first accepted
    /// header).
    pub fn label(self, locale: crate::i18n::Locale) -> String {
        crate::i18n::t(locale, &format!("field-{}", self.name().replace('_', "-")))
    }

    /// A column that every export must have.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Field::CaseId
                | Field::ClientRef
                | Field::RequestType
                | Field::Product
                | Field::Municipality
                | Field::ReceivedOn
        )
    }

    pub fn is_date(self) -> bool {
        matches!(self, Field::ReceivedOn | Field::AssignedOn | Field::DecidedOn | Field::IndicationEnd)
    }
}

/// A user's own mapping: field → the header text in their files (and optionally the sheet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub fields: BTreeMap<Field, String>,
    pub sheet: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::Field;
    use crate::i18n::Locale;

    #[test]
    fn a_field_is_named_by_its_first_header_in_dutch_and_in_words_in_english() {
        for field in Field::ALL {
            assert_eq!(field.label(Locale::Nl), field.aliases()[0], "{field:?}");
            assert!(!field.label(Locale::En).starts_with("field-"), "{field:?}");
        }
        assert_eq!(Field::DecidedOn.label(Locale::En), "date of decision");
    }
}
