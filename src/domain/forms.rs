//! Evaluation forms as pages see them: one uploaded version with its counsellor, period and
//! assessment, and the readiness of a reindication for a paper assessment. Shared, pure.

use serde::{Deserialize, Serialize};

/// Where a reindication stands with its evaluation form: by its newest version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormState {
    /// No form uploaded yet.
    Missing,
    /// The newest form waits for a consultant's assessment.
    ToAssess,
    /// The newest form was marked incomplete.
    Incomplete,
    /// The newest form was marked complete: ready for a paper assessment.
    Ready,
}

impl FormState {
    pub const ALL: [FormState; 4] =
        [FormState::Missing, FormState::ToAssess, FormState::Incomplete, FormState::Ready];

    /// The value in the metrics frame.
    pub fn code(self) -> &'static str {
        match self {
            FormState::Missing => "missing",
            FormState::ToAssess => "to_assess",
            FormState::Incomplete => "incomplete",
            FormState::Ready => "ready",
        }
    }

    /// The value in a URL (`form=klaar`).
    pub fn key(self) -> &'static str {
        match self {
            FormState::Missing => "ontbreekt",
            FormState::ToAssess => "te-beoordelen",
            FormState::Incomplete => "incompleet",
            FormState::Ready => "klaar",
        }
    }

    /// Its name in the interface (`form-state-missing`, …).
    pub fn name(self, locale: crate::i18n::Locale) -> String {
        let key = match self {
            FormState::Missing => "form-state-missing",
            FormState::ToAssess => "form-state-to-assess",
            FormState::Incomplete => "form-state-incomplete",
            FormState::Ready => "form-state-ready",
        };
        crate::i18n::t(locale, key)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        FormState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn from_key(key: &str) -> Option<Self> {
        FormState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A consultant's word on a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub complete: bool,
    /// Why it is incomplete (always given then).
    pub reason: Option<String>,
    /// The consultant's address; absent for a provider ("beoordeeld door de gemeente").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_by: Option<String>,
    /// RFC 3339 UTC.
    pub assessed_at: String,
}

/// One uploaded version of an evaluation form (without its bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationForm {
    pub id: i64,
    pub case_id: String,
    /// The provider organisation whose form it is.
    pub organisation: Option<String>,
    /// The name as uploaded, made safe for a download.
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub counsellor_name: String,
    pub counsellor_phone: String,
    pub counsellor_email: String,
    /// `YYYY-MM-DD`.
    pub period_from: String,
    pub period_to: String,
    pub remark: Option<String>,
    /// Who uploaded it; absent for a provider (it may be a consultant's address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_by: Option<String>,
    /// RFC 3339 UTC.
    pub uploaded_at: String,
    /// The newest assessment; `None` while nobody has assessed it.
    pub assessment: Option<Assessment>,
}

impl EvaluationForm {
    pub fn state(&self) -> FormState {
        match &self.assessment {
            None => FormState::ToAssess,
            Some(a) if a.complete => FormState::Ready,
            Some(_) => FormState::Incomplete,
        }
    }
}

/// What became of an upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadReceipt {
    pub form_id: i64,
    pub case_id: String,
    /// The identical file was already stored for this case; nothing new was stored.
    pub duplicate: bool,
    pub sha256: String,
    pub content_type: String,
}

/// A file size for people: `1,4 MB`, `820 kB`.
pub fn file_size(bytes: i64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0).replace('.', ",")
    } else {
        format!("{} kB", (bytes + 999) / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_codes_and_keys() {
        for state in FormState::ALL {
            assert_eq!(FormState::from_code(state.code()), Some(state));
            assert_eq!(FormState::from_key(state.key()), Some(state));
        }
        assert_eq!(FormState::from_key("ready"), None);
    }

    #[test]
    fn sizes_read_as_dutch() {
        assert_eq!(file_size(1_400_000), "1,4 MB");
        assert_eq!(file_size(820_001), "821 kB");
        assert_eq!(file_size(1), "1 kB");
    }
}
