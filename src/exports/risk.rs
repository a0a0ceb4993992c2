//! The declaration risk as a download: one row per provider and a totals row, with the as-of
//! date, the filters, the window and the tariffs written in the file.

use super::{Cell, Rows, Table};
use crate::domain::figures::{LapsedReady, ProviderRisk};
use crate::domain::filters::{Filters, ViewInfo};
use crate::domain::queue::QueueParams;
use crate::domain::warning::ProviderWarning;
use crate::metrics::Settings;

const HEADERS: [&str; 10] = [
    "Aanbieder",
    "Verlopen",
    "Dagen zonder geldige indicatie",
    "Niet te declareren (euro)",
    "Dagen zonder tarief",
    "Bijna verlopen",
    "Verlopen met compleet evaluatieformulier",
    "Laatste dag om te handelen binnen 28 dagen",
    "Eerste laatste dag om te handelen",
    "Namen in de export",
];

pub fn table(
    info: &ViewInfo,
    filters: &Filters,
    settings: &Settings,
    rows: &[ProviderRisk],
    ready: &LapsedReady,
    warnings: &[ProviderWarning],
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
                Cell::Text(r.provider.clone().unwrap_or_else(|| "(geen aanbieder)".into())),
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
    cells.push(vec![
        Cell::Text("Totaal".into()),
        Cell::Int(rows.iter().map(|r| r.lapsed as i64).sum()),
        Cell::Int(rows.iter().map(|r| r.uncovered_days).sum()),
        Cell::Money(rows.iter().map(|r| r.exposure_eur).sum()),
        Cell::Int(rows.iter().map(|r| r.untariffed_days).sum()),
        Cell::Int(rows.iter().map(|r| r.expiring as i64).sum()),
        Cell::Int(ready.total() as i64),
        Cell::Int(warnings.iter().map(|w| w.count as i64).sum()),
        warnings.iter().filter_map(|w| w.first_last_day.parse().ok()).min().map_or(Cell::Empty, Cell::Date),
        Cell::Empty,
    ]);
    let mut notes =
        super::queue::notes(info, filters, &QueueParams::default(), rows.len(), crate::i18n::Locale::Nl);
    notes.pop();
    notes.push((
        "Bijna verlopen".into(),
        format!("einddatum binnen {} dagen na de peildatum", settings.expiring_window_days),
    ));
    notes.push((
        "Laatste dag om te handelen".into(),
        format!("einddatum indicatie min {} dagen", settings.warning_lead_days),
    ));
    for (product, tariff) in &settings.tariffs {
        notes.push((format!("Dagtarief {product}"), format!("{tariff:.2} euro")));
    }
    notes.push(("Aantal aanbieders".into(), rows.len().to_string()));
    Table {
        title: "Declaratierisico".into(),
        headers: HEADERS.map(String::from).to_vec(),
        rows: Rows::All(cells),
        notes,
    }
}
