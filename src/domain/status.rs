//! Stand van zaken as one report, the same on the page and in its PDF: the headline figures,
//! the trend, the forecast sentence and the risk per organisation as totals (no ids, no names).

use serde::{Deserialize, Serialize};

use super::chart::Chart;
use super::figures::{Figures, ProviderRisk};
use super::filters::ViewInfo;
use super::report::{dutch_date, forecast_sentence, month_name};

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
    pub fn as_of_sentence(&self) -> String {
        format!(
            "Peildatum {}, uit de export van {}.",
            dutch_date(&self.figures.as_of),
            dutch_date(&self.info.snapshot.as_of)
        )
    }

    /// The key figures as (label, value) rows.
    pub fn key_figures(&self) -> Vec<(&'static str, String)> {
        let f = &self.figures;
        let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| format!("{d} dagen"));
        let month = |m: &Option<String>| m.as_deref().map_or("–".to_owned(), month_name);
        vec![
            ("Open zaken", f.open.to_string()),
            ("Nog niet opgepakt", f.unassigned.to_string()),
            ("Oudste maand niet opgepakt", month(&f.oldest_unassigned_month)),
            ("Mediane leeftijd", days(f.median_age_days)),
            ("85% van de open zaken is niet ouder dan", days(f.p85_age_days)),
            ("Nieuwe aanvragen over de termijn", f.over_term.to_string()),
            ("Besluiten in de laatste 4 weken", f.decided_last_4_weeks.to_string()),
            ("Stilgevallen zaken", self.stalled.0.map_or("–".to_owned(), |n| n.to_string())),
        ]
    }

    /// When the backlog is gone at the recent pace, or that there is no forecast yet.
    pub fn forecast(&self) -> String {
        let f = &self.figures;
        f.forecast
            .as_ref()
            .map_or("Er is nog geen voorspelling.".to_owned(), |x| forecast_sentence(x, f.open))
    }
}

/// The risk table's column headings, the organisation first.
pub const RISK_HEADERS: [&str; 5] = [
    "Aanbieder",
    "Verlopen",
    "Dagen zonder geldige indicatie",
    "Niet te declareren (euro)",
    "Bijna verlopen",
];

/// The name a risk row is shown under.
pub fn provider_label(row: &ProviderRisk) -> String {
    row.provider.clone().unwrap_or_else(|| "(geen aanbieder)".into())
}
