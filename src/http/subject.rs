//! The right of access as a CSV download (`/beheer/inzage.csv?client=…`): the same data as the
//! page, one table with a row per case, form, problem report and access-log line; logged.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;

use super::download::{file_response, Format};
use super::HttpError;
use crate::auth::guard::Grant;
use crate::domain::subject::SubjectAccess;
use crate::exports::{Cell, Rows, Table};
use crate::i18n::{current, t};
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct ClientQuery {
    client: Option<String>,
}

pub async fn subject_csv(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(query): Query<ClientQuery>,
) -> Result<Response, HttpError> {
    let client = query.client.unwrap_or_default().trim().to_owned();
    if client.is_empty() {
        return Err(HttpError::new(StatusCode::BAD_REQUEST, t(current(), "error-subject-no-client")));
    }
    let access = state.db.subject_access(&client).await?;
    let mut entry = grant.entry("inzageverzoek", "gelukt");
    entry.client_ref = Some(client.clone());
    entry.detail =
        Some(format!("csv: {} zaakregels, {} regels in het logboek", access.cases.len(), access.log.len()));
    grant.record(&state.db, &entry).await?;
    let table = Table {
        title: "Inzageverzoek".into(),
        headers: ["Soort", "Datum", "Zaak", "Gegevens"].map(String::from).to_vec(),
        rows: Rows::All(rows(&access)),
        notes: vec![("Cliëntnummer".to_owned(), client.clone())],
    };
    file_response(table, &format!("inzage-{}", file_safe(&client)), Format::Csv).await
}

/// A client number fit for a file name.
fn file_safe(client: &str) -> String {
    client.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect()
}

fn rows(access: &SubjectAccess) -> Vec<Vec<Cell>> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut rows = Vec::new();
    for c in &access.cases {
        let details = format!(
            "momentopname {}; {}; {}; {}; aanbieder {}; consulent {}; gemeld {}; in behandeling {}; besluit {} {}; einddatum indicatie {}",
            c.as_of, c.request_type, c.product, c.municipality, text(&c.provider), text(&c.consultant), c.received_on,
            text(&c.assigned_on), text(&c.decided_on), text(&c.outcome), text(&c.indication_end)
        );
        rows.push(vec![
            Cell::Text("zaak".into()),
            Cell::iso_date(Some(&c.as_of)),
            Cell::Text(c.case_id.clone()),
            Cell::Text(details),
        ]);
    }
    for f in &access.forms {
        let details = format!(
            "{} ({}, {} bytes), periode {} t/m {}",
            f.file_name, f.content_type, f.size_bytes, f.period_from, f.period_to
        );
        rows.push(vec![
            Cell::Text("evaluatieformulier".into()),
            Cell::Text(f.uploaded_at.clone()),
            Cell::Text(f.case_id.clone()),
            Cell::Text(details),
        ]);
    }
    for p in &access.problems {
        let details = format!(
            "gemeld door {}{}",
            p.organisation,
            p.closed_at.as_ref().map(|at| format!(", gesloten op {at}")).unwrap_or_default()
        );
        rows.push(vec![
            Cell::Text("declaratieprobleem".into()),
            Cell::Text(p.reported_at.clone()),
            Cell::Text(p.case_id.clone()),
            Cell::Text(details),
        ]);
    }
    for l in &access.log {
        let details = format!("{} ({}): {}, {}", text(&l.email), text(&l.role), l.action, l.outcome);
        rows.push(vec![
            Cell::Text("toegangslogboek".into()),
            Cell::Text(l.at.clone()),
            Cell::text(l.case_id.as_deref()),
            Cell::Text(details),
        ]);
    }
    rows
}
