//! The view a user asks for: which snapshot, which as-of date and which filters (spec/metrics.md),
//! read from and written to the URL query so that every view can be bookmarked and shared.

use serde::{Deserialize, Serialize};

/// The five filters of the filter bar; `None` is "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filters {
    pub municipality: Option<String>,
    pub product: Option<String>,
    pub request_type: Option<String>,
    pub provider: Option<String>,
    pub consultant: Option<String>,
    /// Set by the server, never from a URL: a provider user sees only the cases whose provider
    /// value is one of these (their organisation's spellings in the exports).
    #[serde(skip)]
    pub organisation_scope: Option<Vec<String>>,
}

/// A snapshot (default: the newest), an as-of date (default: the snapshot's) and the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ViewQuery {
    pub snapshot: Option<i64>,
    /// `YYYY-MM-DD`.
    pub as_of: Option<String>,
    pub filters: Filters,
}

impl Filters {
    /// The URL parameter names, in the order of the filter bar.
    pub const KEYS: [&'static str; 5] = ["municipality", "product", "request_type", "provider", "consultant"];

    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "municipality" => self.municipality.as_deref(),
            "product" => self.product.as_deref(),
            "request_type" => self.request_type.as_deref(),
            "provider" => self.provider.as_deref(),
            "consultant" => self.consultant.as_deref(),
            _ => None,
        }
    }

    /// Sets one filter; an empty or blank value clears it. Unknown keys are ignored.
    pub fn set(&mut self, key: &str, value: Option<&str>) {
        let value = value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        match key {
            "municipality" => self.municipality = value,
            "product" => self.product = value,
            "request_type" => self.request_type = value,
            "provider" => self.provider = value,
            "consultant" => self.consultant = value,
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        Self::KEYS.iter().all(|key| self.get(key).is_none())
    }
}

impl ViewQuery {
    /// Reads the view from URL parameters; unknown parameters and unreadable numbers are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = ViewQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "snapshot" => query.snapshot = value.parse().ok(),
                "as_of" => query.as_of = Some(value.to_owned()).filter(|v| !v.is_empty()),
                _ => query.filters.set(key, Some(value)),
            }
        }
        query
    }

    /// The parameters that differ from the defaults, in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(id) = self.snapshot {
            pairs.push(("snapshot", id.to_string()));
        }
        if let Some(as_of) = &self.as_of {
            pairs.push(("as_of", as_of.clone()));
        }
        for key in Filters::KEYS {
            if let Some(value) = self.filters.get(key) {
                pairs.push((key, value.to_owned()));
            }
        }
        pairs
    }
}

/// A stored snapshot: its id and as-of date (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRef {
    pub id: i64,
    pub as_of: String,
}

/// What a view was computed on, and what the filter bar can offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewInfo {
    pub snapshot: SnapshotRef,
    /// The as-of date the figures are for (`YYYY-MM-DD`).
    pub as_of: String,
    /// Every snapshot, the newest as-of date first (one per date).
    pub snapshots: Vec<SnapshotRef>,
    pub options: FilterOptions,
}

/// The distinct values of each filter in the snapshot, sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub municipality: Vec<String>,
    pub product: Vec<String>,
    pub provider: Vec<String>,
    /// Absent for a role that sees no staff names (domain/redact.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant: Option<Vec<String>>,
}

/// The label of a filter key, as the filter bar shows it (`filter-municipality`, …).
pub fn filter_label(key: &str, locale: crate::i18n::Locale) -> String {
    let known = Filters::KEYS.contains(&key);
    crate::i18n::t(locale, &format!("filter-{}", if known { key } else { "other" }).replace('_', "-"))
}

/// `path?key=value&…` with the values percent-encoded; just `path` without pairs.
pub fn href(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    format!("{path}?{}", query.join("&"))
}

/// A link into the queue: `base` (the view's URL parameters) with `extra` set.
pub fn queue_link(base: &[(&'static str, String)], extra: &[(&'static str, String)]) -> String {
    let mut pairs: Vec<(&str, String)> =
        base.iter().filter(|(k, _)| !extra.iter().any(|(e, _)| e == k)).cloned().collect();
    pairs.extend(extra.iter().cloned());
    href("/werkvoorraad", &pairs)
}

/// Percent-encoding for a query value (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_survives_the_round_trip_through_the_url() {
        let query = ViewQuery::from_pairs([
            ("snapshot", "3"),
            ("as_of", "2025-06-26"),
            ("provider", " De Brug & Co "),
            ("consultant", ""),
            ("other", "x"),
        ]);
        assert_eq!(query.snapshot, Some(3));
        assert_eq!(query.filters.provider.as_deref(), Some("De Brug & Co"));
        assert_eq!(query.filters.consultant, None);
        assert_eq!(
            href("/werkvoorraad", &query.pairs()),
            "/werkvoorraad?snapshot=3&as_of=2025-06-26&provider=De%20Brug%20%26%20Co"
        );
        assert_eq!(href("/", &ViewQuery::default().pairs()), "/");
    }
}
