//! The work queue as a download: the columns of the Werkvoorraad page, one row per open case,
//! and notes that name the snapshot, the as-of date and the filters of the view.

use super::{Cell, ExportError, Rows, Table};
use crate::domain::access::SessionUser;
use crate::domain::dates::local_date;
use crate::domain::filters::{filter_label, Filters, ViewInfo};
use crate::domain::queue::{QueueParams, QueueRow};
use crate::domain::redact::sees_staff;
use crate::domain::{product_label, RequestType};
use crate::i18n::{t, t_with, Locale};

/// The columns' names in the catalogue.
const HEADERS: [&str; 13] = [
    "export-case-id",
    "export-client",
    "filter-request-type",
    "filter-product",
    "filter-municipality",
    "filter-provider",
    "filter-consultant",
    "export-received",
    "queue-days-open",
    "queue-indication-end",
    "export-last-day",
    "queue-chip-lapsed",
    "queue-form-label",
];

/// The download for `user`, in their language, of `count` rows that `rows(start, len)` makes a
/// chunk at a time: whoever sees no staff names gets "Opgepakt" (ja/nee) instead of the
/// consultant's column. A reindication's last day to act is its indication end less `lead_days`.
pub fn table(
    info: &ViewInfo,
    filters: &Filters,
    params: &QueueParams,
    count: usize,
    rows: impl Fn(usize, usize) -> Result<Vec<QueueRow>, ExportError> + Send + Sync + 'static,
    user: &SessionUser,
    lead_days: i32,
) -> Table {
    let (staff, locale) = (sees_staff(user.role), user.locale);
    let mut headers = HEADERS;
    if !staff {
        headers[CONSULTANT] = "chart-picked-up";
    }
    let make = move |start, len| {
        Ok(rows(start, len)?.iter().map(|row| cells(row, staff, lead_days, locale)).collect())
    };
    Table {
        title: t(locale, "nav-queue"),
        headers: headers.iter().map(|key| t(locale, key)).collect(),
        rows: Rows::Chunked { count, make: Box::new(make) },
        notes: notes(info, filters, params, count, locale),
    }
}

/// The consultant's column in `HEADERS`.
const CONSULTANT: usize = 6;

fn cells(row: &QueueRow, staff: bool, lead_days: i32, locale: Locale) -> Vec<Cell> {
    let yes_no = |yes: bool| t(locale, if yes { "yes" } else { "no" });
    let handled_by = match (staff, &row.consultant) {
        (false, _) => yes_no(row.picked_up),
        (true, Some(name)) => name.clone(),
        (true, None) => t(locale, "stage-unassigned"),
    };
    let kind = RequestType::from_key(&row.request_type).map_or(row.request_type.clone(), |t| t.name(locale));
    let end =
        row.indication_end.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let last_day = end
        .filter(|_| row.request_type == RequestType::Reindication.code())
        .and_then(|end| end.checked_sub_signed(chrono::Duration::days(i64::from(lead_days))));
    vec![
        Cell::Text(row.case_id.clone()),
        Cell::Text(row.client_ref.clone()),
        Cell::Text(kind),
        Cell::Text(row.product.clone()),
        Cell::Text(row.municipality.clone()),
        Cell::text(row.provider.as_deref()),
        Cell::Text(handled_by),
        Cell::iso_date(Some(&row.received_on)),
        Cell::Int(row.days_open),
        Cell::iso_date(row.indication_end.as_deref()),
        last_day.map_or(Cell::Empty, Cell::Date),
        Cell::Text(yes_no(row.lapsed)),
        row.form.map_or(Cell::Empty, |state| Cell::Text(state.name(locale))),
    ]
}

/// Peildatum, momentopname, each active filter and narrowing, and the number of cases.
pub fn notes(
    info: &ViewInfo,
    filters: &Filters,
    params: &QueueParams,
    count: usize,
    locale: Locale,
) -> Vec<(String, String)> {
    let snapshot =
        [("id", info.snapshot.id.into()), ("date", local_date(&info.snapshot.as_of, locale).into())];
    let mut notes = vec![
        (t(locale, "status-as-of-label"), local_date(&info.as_of, locale)),
        (t(locale, "filter-snapshot"), t_with(locale, "export-snapshot-of", &snapshot)),
    ];
    for key in Filters::KEYS {
        if let Some(value) = filters.get(key) {
            let shown = match key {
                "product" => {
                    product_label(value, locale).map_or(value.to_owned(), |l| format!("{value} ({l})"))
                }
                _ => value.to_owned(),
            };
            notes.push((filter_label(key, locale), shown));
        }
    }
    for (key, value) in params.pairs(false) {
        let label = match key {
            "status" => "queue-status",
            "age" => "chart-age",
            "month" => "chart-axis-month-received",
            "over_term" => "export-only-over-term",
            "indication" => "export-indication",
            "form" => "queue-form-label",
            "stil" => "export-only-stalled",
            _ => continue,
        };
        notes.push((t(locale, label), value));
    }
    notes.push((t(locale, "export-count"), count.to_string()));
    notes
}
