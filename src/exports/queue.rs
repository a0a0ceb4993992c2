//! The work queue as a download: the columns of the Werkvoorraad page, one row per open case,
//! and notes that name the snapshot, the as-of date and the filters of the view.

use super::{Cell, ExportError, Rows, Table};
use crate::domain::access::Role;
use crate::domain::filters::{filter_label, Filters, ViewInfo};
use crate::domain::forms::FormState;
use crate::domain::queue::{QueueParams, QueueRow};
use crate::domain::redact::sees_staff;
use crate::domain::report::dutch_date;
use crate::domain::{product_label, RequestType};

const HEADERS: [&str; 13] = [
    "Zaaknummer",
    "Cliëntnummer",
    "Soort aanvraag",
    "Product",
    "Gemeente",
    "Aanbieder",
    "Consulent",
    "Datum melding",
    "Dagen open",
    "Einddatum indicatie",
    "Laatste dag om te handelen",
    "Indicatie verlopen",
    "Evaluatieformulier",
];

/// The download for `role`, of `count` rows that `rows(start, len)` makes a chunk at a time:
/// whoever sees no staff names gets "Opgepakt" (ja/nee) instead of the consultant's column. A
/// reindication's last day to act is its indication end less `lead_days`.
pub fn table(
    info: &ViewInfo,
    filters: &Filters,
    params: &QueueParams,
    count: usize,
    rows: impl Fn(usize, usize) -> Result<Vec<QueueRow>, ExportError> + Send + Sync + 'static,
    role: Role,
    lead_days: i32,
) -> Table {
    let staff = sees_staff(role);
    let mut headers = HEADERS.to_vec();
    if !staff {
        headers[CONSULTANT] = "Opgepakt";
    }
    let make =
        move |start, len| Ok(rows(start, len)?.iter().map(|row| cells(row, staff, lead_days)).collect());
    Table {
        title: "Werkvoorraad".to_owned(),
        headers,
        rows: Rows::Chunked { count, make: Box::new(make) },
        notes: notes(info, filters, params, count),
    }
}

/// The consultant's column in `HEADERS`.
const CONSULTANT: usize = 6;

fn cells(row: &QueueRow, staff: bool, lead_days: i32) -> Vec<Cell> {
    let handled_by = match (staff, row.picked_up, &row.consultant) {
        (false, true, _) => "ja".to_owned(),
        (false, false, _) => "nee".to_owned(),
        (true, _, Some(name)) => name.clone(),
        (true, _, None) => "niet opgepakt".to_owned(),
    };
    let kind = RequestType::from_key(&row.request_type)
        .map_or(row.request_type.clone(), |t| t.name(crate::i18n::Locale::Nl));
    let end =
        row.indication_end.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let last_day = end
        .filter(|_| row.request_type == RequestType::Reindication.code())
        .and_then(|end| end.checked_sub_signed(chrono::Duration::days(i64::from(lead_days))));
    vec![
        Cell::Text(row.case_id.clone()),
        Cell::Text(row.client_ref.clone()),
        Cell::Text(kind.to_owned()),
        Cell::Text(row.product.clone()),
        Cell::Text(row.municipality.clone()),
        Cell::text(row.provider.as_deref()),
        Cell::Text(handled_by),
        Cell::iso_date(Some(&row.received_on)),
        Cell::Int(row.days_open),
        Cell::iso_date(row.indication_end.as_deref()),
        last_day.map_or(Cell::Empty, Cell::Date),
        Cell::Text(if row.lapsed { "ja" } else { "nee" }.to_owned()),
        Cell::text(row.form.map(FormState::label)),
    ]
}

/// Peildatum, momentopname, each active filter and narrowing, and the number of cases.
pub fn notes(
    info: &ViewInfo,
    filters: &Filters,
    params: &QueueParams,
    count: usize,
) -> Vec<(String, String)> {
    let mut notes = vec![
        ("Peildatum".to_owned(), dutch_date(&info.as_of)),
        ("Momentopname".to_owned(), format!("{} van {}", info.snapshot.id, dutch_date(&info.snapshot.as_of))),
    ];
    for key in Filters::KEYS {
        if let Some(value) = filters.get(key) {
            let shown = match key {
                "product" => product_label(value, crate::i18n::Locale::Nl)
                    .map_or(value.to_owned(), |l| format!("{value} ({l})")),
                _ => value.to_owned(),
            };
            notes.push((filter_label(key, crate::i18n::Locale::Nl), shown));
        }
    }
    for (key, value) in params.pairs(false) {
        let label = match key {
            "status" => "Status",
            "age" => "Leeftijd",
            "month" => "Maand van melding",
            "over_term" => "Alleen over de termijn",
            "indication" => "Indicatie",
            "form" => "Evaluatieformulier",
            "stil" => "Alleen stilgevallen zaken",
            _ => continue,
        };
        notes.push((label.to_owned(), value));
    }
    notes.push(("Aantal zaken".to_owned(), count.to_string()));
    notes
}
