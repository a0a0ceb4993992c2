//! The declaration risk as a download: one row per provider and a totals row, with the as-of
//! date, the filters, the window and the tariffs written in the file.

use super::{Cell, Rows, Table};
use crate::domain::figures::{LapsedReady, ProviderRisk};
use crate::domain::filters::{Filters, ViewInfo};
use crate::domain::queue::QueueParams;
use crate::domain::warning::ProviderWarning;
use crate::i18n::{t, t_with, Locale};
use crate::metrics::Settings;

/// The columns' names in the catalogue.
const HEADERS: [&str; 10] = [
    "risk-col-provider",
    "risk-col-lapsed",
    "risk-col-days",
    "risk-col-euros",
    "risk-col-untariffed",
    "risk-col-expiring",
    "risk-col-lapsed-ready",
    "risk-col-warned",
    "risk-col-first-last-day",
    "risk-spellings",
];

/// The download in `locale`.
pub fn table(
    info: &ViewInfo,
    filters: &Filters,
    settings: &Settings,
    rows: &[ProviderRisk],
    ready: &LapsedReady,
    warnings: &[ProviderWarning],
    locale: Locale,
) -> Table {
    // An organisation's row counts the warnings of each of its spellings.
    let warning = |row: &ProviderRisk| {
        let names = row.export_names();
        let mine: Vec<&ProviderWarning> = warnings.iter().filter(|w| names.contains(&w.provider)).collect();
        let count: u64 = mine.iter().map(|w| w.count).sum();
        let first = mine.iter().filter_map(|w| w.first_last_day.parse().ok()).min();
        (count, first)
    };
    let mut cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let (warned, first) = warning(r);
            vec![
                Cell::Text(r.provider.clone().unwrap_or_else(|| t(locale, "risk-no-provider"))),
                Cell::Int(r.lapsed as i64),
                Cell::Int(r.uncovered_days),
                Cell::Money(r.exposure_eur),
                Cell::Int(r.untariffed_days),
                Cell::Int(r.expiring as i64),
                Cell::Int(ready.of_row(r) as i64),
                Cell::Int(warned as i64),
                first.map_or(Cell::Empty, Cell::Date),
                Cell::Text(r.spellings.join(", ")),
            ]
        })
        .collect();
    cells.push(totals(rows, ready, warnings, locale));
    Table {
        title: t(locale, "nav-risk"),
        headers: HEADERS.map(|key| t(locale, key)).to_vec(),
        rows: Rows::All(cells),
        notes: notes(info, filters, settings, rows.len(), locale),
    }
}

/// The totals row: every column summed, the earliest last day of all warnings.
fn totals(
    rows: &[ProviderRisk],
    ready: &LapsedReady,
    warnings: &[ProviderWarning],
    locale: Locale,
) -> Vec<Cell> {
    vec![
        Cell::Text(t(locale, "chart-total")),
        Cell::Int(rows.iter().map(|r| r.lapsed as i64).sum()),
        Cell::Int(rows.iter().map(|r| r.uncovered_days).sum()),
        Cell::Money(rows.iter().map(|r| r.exposure_eur).sum()),
        Cell::Int(rows.iter().map(|r| r.untariffed_days).sum()),
        Cell::Int(rows.iter().map(|r| r.expiring as i64).sum()),
        Cell::Int(ready.total() as i64),
        Cell::Int(warnings.iter().map(|w| w.count as i64).sum()),
        warnings.iter().filter_map(|w| w.first_last_day.parse().ok()).min().map_or(Cell::Empty, Cell::Date),
        Cell::Empty,
    ]
}

/// The notes under the table: the view, the windows and tariffs used, how many providers.
fn notes(
    info: &ViewInfo,
    filters: &Filters,
    settings: &Settings,
    providers: usize,
    locale: Locale,
) -> Vec<(String, String)> {
    let mut notes = super::queue::notes(info, filters, &QueueParams::default(), providers, locale);
    notes.pop();
    let days = |key: &str, days: i32| t_with(locale, key, &[("days", days.into())]);
    notes.push((t(locale, "risk-col-expiring"), days("risk-note-expiring", settings.expiring_window_days)));
    notes.push((t(locale, "export-last-day"), days("risk-note-last-day", settings.warning_lead_days)));
    for (product, tariff) in &settings.tariffs {
        let label = t_with(locale, "risk-note-tariff", &[("product", product.clone().into())]);
        notes.push((label, format!("{tariff:.2} {}", t(locale, "chart-euro").to_lowercase())));
    }
    notes.push((t(locale, "risk-note-count"), providers.to_string()));
    notes
}
