//! The work queue as the Werkvoorraad page asks for it: which open cases (state, age bucket,
//! month of receipt), in which order, which page; and one row of the answer.

use serde::{Deserialize, Serialize};

use super::forms::FormState;

/// Rows per page of the queue.
pub const PAGE_SIZE: usize = 50;

/// The narrowing and ordering on top of the filter bar; kept in the URL like the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueueParams {
    /// `niet-opgepakt` or `opgepakt`.
    pub status: Option<String>,
    /// An age bucket key of the JSON (`6-13w`).
    pub age: Option<String>,
    /// Month of receipt, `YYYY-MM`.
    pub month: Option<String>,
    /// Only new requests past their term.
    pub over_term: bool,
    /// `verlopen` (a reindication open after its indication end) or `bijna-verlopen` (ending
    /// within the expiring window).
    pub indication: Option<String>,
    /// Reindications whose evaluation form is in this state.
    pub form: Option<FormState>,
    /// Only stalled cases (spec/flow.md): `stil=1`.
    pub stalled: bool,
    pub sort: SortKey,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortKey {
    /// Days open: the oldest first unless reversed.
    #[default]
    DaysOpen,
    IndicationEnd,
    Consultant,
    RequestType,
    CaseId,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::DaysOpen,
        SortKey::IndicationEnd,
        SortKey::Consultant,
        SortKey::RequestType,
        SortKey::CaseId,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::DaysOpen => "dagen",
            SortKey::IndicationEnd => "einddatum",
            SortKey::Consultant => "consulent",
            SortKey::RequestType => "soort",
            SortKey::CaseId => "zaak",
        }
    }
}

impl QueueParams {
    pub const KEYS: [&'static str; 9] =
        ["status", "age", "month", "over_term", "indication", "form", "stil", "sort", "page"];

    /// Reads the queue parameters; anything unreadable falls back to the default.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut params = QueueParams { page: 1, ..QueueParams::default() };
        for (key, value) in pairs {
            let value = value.trim();
            let text = Some(value.to_owned()).filter(|v| !v.is_empty());
            match key {
                "status" => params.status = text.filter(|v| v == "niet-opgepakt" || v == "opgepakt"),
                "age" => params.age = text,
                "month" => params.month = text,
                "over_term" => params.over_term = value == "1" || value == "ja",
                "indication" => params.indication = text.filter(|v| v == "verlopen" || v == "bijna-verlopen"),
                "form" => params.form = FormState::from_key(value),
                "stil" => params.stalled = value == "1" || value == "ja",
                "sort" => {
                    params.descending = value.starts_with('-');
                    let key = value.trim_start_matches('-');
                    params.sort = SortKey::ALL.into_iter().find(|s| s.key() == key).unwrap_or_default();
                }
                "page" => params.page = value.parse().unwrap_or(1).max(1),
                _ => {}
            }
        }
        params
    }

    /// The parameters that differ from the defaults; `page` only when asked.
    pub fn pairs(&self, with_page: bool) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut push = |key, value: &Option<String>| {
            if let Some(value) = value {
                pairs.push((key, value.clone()));
            }
        };
        push("status", &self.status);
        push("age", &self.age);
        push("month", &self.month);
        if self.over_term {
            pairs.push(("over_term", "1".to_owned()));
        }
        if let Some(indication) = &self.indication {
            pairs.push(("indication", indication.clone()));
        }
        if let Some(form) = self.form {
            pairs.push(("form", form.key().to_owned()));
        }
        if self.stalled {
            pairs.push(("stil", "1".to_owned()));
        }
        if self.sort != SortKey::DaysOpen || self.descending {
            pairs.push(("sort", format!("{}{}", if self.descending { "-" } else { "" }, self.sort.key())));
        }
        if with_page && self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }
}

/// One open case as the queue shows it. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub case_id: String,
    pub client_ref: String,
    pub request_type: String,
    pub product: String,
    pub municipality: String,
    pub provider: Option<String>,
    /// Whether a consultant has picked it up.
    pub picked_up: bool,
    /// Who picked it up; absent for a provider, who never sees staff names (domain/redact.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant: Option<String>,
    pub received_on: String,
    pub days_open: i64,
    pub indication_end: Option<String>,
    /// A reindication still open after its indication end.
    pub lapsed: bool,
    /// A reindication's evaluation form; `None` for a new request.
    pub form: Option<FormState>,
}

/// One case as its page shows it. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub row: QueueRow,
    /// The municipality's handling (absent for a provider, spec/access.md): picked up on,
    /// decided on, and `granted`, `refused` or `withdrawn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    pub open: bool,
}

/// One page of the queue and how many cases match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_parameters_round_trip_and_fall_back_kindly() {
        let params = QueueParams::from_pairs([
            ("status", "niet-opgepakt"),
            ("sort", "-einddatum"),
            ("page", "3"),
            ("month", "2025-03"),
            ("form", "klaar"),
        ]);
        assert_eq!(params.form, Some(FormState::Ready));
        assert_eq!(params.sort, SortKey::IndicationEnd);
        assert!(params.descending);
        assert_eq!(params.page, 3);
        let again = QueueParams::from_pairs(params.pairs(true).iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(again, params);
        let odd = QueueParams::from_pairs([("status", "x"), ("page", "-2"), ("sort", "?")]);
        assert_eq!(odd, QueueParams { page: 1, ..QueueParams::default() });
    }
}
