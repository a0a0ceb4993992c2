//! Early warning before declaration risk (spec/notifications.md): a reindication's last day to
//! act, the reindications whose day comes within four weeks, and how many per provider.

use serde::{Deserialize, Serialize};

/// The list looks this many days past the as-of date.
pub const LOOKAHEAD_DAYS: i32 = 28;

/// Per provider: how many reindications are on the list, and the earliest last day among them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderWarning {
    /// `None` for reindications without a provider.
    pub provider: Option<String>,
    pub count: u64,
    /// `YYYY-MM-DD`.
    pub first_last_day: String,
}

/// An open reindication on the early-warning list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningCase {
    pub case_id: String,
    pub provider: Option<String>,
    /// `YYYY-MM-DD`.
    pub indication_end: String,
    /// `YYYY-MM-DD`: the indication end less the lead time.
    pub last_day: String,
    /// From the as-of date to the last day; negative when that day has passed.
    pub days_left: i64,
}

impl WarningCase {
    /// "nog 12 dagen", "vandaag", "3 dagen geleden".
    pub fn days_left_text(&self, locale: crate::i18n::Locale) -> String {
        let key = match self.days_left {
            0 => "warning-today",
            1 => "warning-day-left",
            -1 => "warning-day-ago",
            days if days < 0 => "warning-days-ago",
            _ => "warning-days-left",
        };
        crate::i18n::t_with(locale, key, &[("days", self.days_left.abs().into())])
    }
}
