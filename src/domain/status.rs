//! Stand van zaken as one report, the same on the page and in its PDF: the headline figures,
//! the trend, the forecast sentence and the risk per organisation as totals (no ids, no names).

use serde::{Deserialize, Serialize};

use super::chart::Chart;
use super::dates::{days_text, local_date, local_month};
use super::figures::{Figures, ProviderRisk};
use super::filters::ViewInfo;
use super::report::forecast_sentence;
use crate::i18n::{t, t_with, Locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StatusReport {
    pub info: ViewInfo,
    pub figures: Figures,
    /// Open cases unchanged in the last N exports (`None` with fewer) and N.
    pub stalled: (Option<u64>, usize),
    /// The trend across the snapshots.
    pub trend: Chart,
    /// Per organisation; empty for a role without the risk view.
    pub risk: Vec<ProviderRisk>,
}

impl StatusReport {
    /// "Peildatum 26-06-2025, uit de export van 26-06-2025."
    pub fn as_of_sentence(&self, locale: Locale) -> String {
        let as_of = local_date(&self.figures.as_of, locale).into();
        let export = local_date(&self.info.snapshot.as_of, locale).into();
        t_with(locale, "status-as-of", &[("as_of", as_of), ("export", export)])
    }

    /// The key figures as (label, value) rows.
    pub fn key_figures(&self, locale: Locale) -> Vec<(String, String)> {
        let f = &self.figures;
        let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| days_text(d, locale));
        let month = |m: &Option<String>| m.as_deref().map_or("–".to_owned(), |m| local_month(m, locale));
        [
            ("status-open", f.open.to_string()),
            ("status-unassigned", f.unassigned.to_string()),
            ("status-oldest-unassigned", month(&f.oldest_unassigned_month)),
            ("status-median-age", days(f.median_age_days)),
            ("status-p85-age", days(f.p85_age_days)),
            ("status-over-term", f.over_term.to_string()),
            ("status-decided-4-weeks", f.decided_last_4_weeks.to_string()),
            ("status-stalled", self.stalled.0.map_or("–".to_owned(), |n| n.to_string())),
        ]
        .into_iter()
        .map(|(key, value)| (t(locale, key), value))
        .collect()
    }

    /// When the backlog is gone at the recent pace, or that there is no forecast yet.
    pub fn forecast(&self, locale: Locale) -> String {
        let f = &self.figures;
        f.forecast
            .as_ref()
            .map_or_else(|| t(locale, "forecast-none"), |x| forecast_sentence(x, f.open, locale))
    }
}

/// The risk table's column headings, the organisation first.
pub fn risk_headers(locale: Locale) -> Vec<String> {
    ["risk-col-provider", "risk-col-lapsed", "risk-col-days", "risk-col-euros", "risk-col-expiring"]
        .map(|key| t(locale, key))
        .to_vec()
}

/// The name a risk row is shown under.
pub fn provider_label(row: &ProviderRisk, locale: Locale) -> String {
    row.provider.clone().unwrap_or_else(|| t(locale, "risk-no-provider"))
}
