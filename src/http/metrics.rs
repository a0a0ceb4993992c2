//! The figures over HTTP: `GET /api/v1/metrics` (the object of `metrics --json`), the paged
//! `GET /api/v1/cases`, and the queue's and the risk's CSV and XLSX downloads, each logged.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::HttpError;
use crate::auth::guard::Grant;
use crate::domain::filters::ViewQuery;
use crate::domain::queue::QueueParams;
use crate::exports;
use crate::state::AppState;

type Pairs = Query<Vec<(String, String)>>;

/// The view of the URL as the grant allows it.
fn view_query(grant: &Grant, pairs: &[(String, String)]) -> ViewQuery {
    grant.view(ViewQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

fn queue_params(grant: &Grant, pairs: &[(String, String)]) -> QueueParams {
    grant.queue_params(QueueParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

pub async fn api_metrics(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(pairs): Pairs,
) -> Result<Response, HttpError> {
    let (_, figures) = state.analytics.figures(&view_query(&grant, &pairs)).await?;
    Ok(Json(grant.release(figures.as_ref().clone())).into_response())
}

/// A page of the queue: a list with client numbers, so logged first (and not served unlogged).
pub async fn api_cases(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(pairs): Pairs,
) -> Result<Response, HttpError> {
    let (query, params) = (view_query(&grant, &pairs), queue_params(&grant, &pairs));
    let (info, page) = state.analytics.queue_page(&query, &params).await?;
    let mut entry = grant.entry("zaken bekeken", "gelukt");
    entry.detail = Some(format!("api, {} zaken, pagina {}, peildatum {}", page.rows.len(), page.page, info.as_of));
    grant.record(&state.db, &entry).await?;
    let page = grant.release(page);
    Ok(Json(serde_json::json!({ "as_of": info.as_of, "snapshot": info.snapshot.id,
        "total": page.total, "page": page.page, "pages": page.pages, "cases": page.rows }))
    .into_response())
}

pub async fn queue_csv(state: State<AppState>, grant: Extension<Grant>, pairs: Pairs) -> Result<Response, HttpError> {
    queue_download(state, grant, pairs, Format::Csv).await
}

pub async fn queue_xlsx(state: State<AppState>, grant: Extension<Grant>, pairs: Pairs) -> Result<Response, HttpError> {
    queue_download(state, grant, pairs, Format::Xlsx).await
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

async fn queue_download(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(pairs): Pairs,
    format: Format,
) -> Result<Response, HttpError> {
    let (query, params) = (view_query(&grant, &pairs), queue_params(&grant, &pairs));
    let (info, rows) = state.analytics.queue_rows(&query, &params).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("werkvoorraad, {} zaken, peildatum {}", rows.len(), info.as_of));
    grant.record(&state.db, &entry).await?;
    let rows = grant.release(rows);
    let table = exports::queue::table(&info, &query.filters, &params, &rows, grant.role());
    file_response(&table, &format!("werkvoorraad-{}", info.as_of), format)
}

/// A table as a CSV or XLSX attachment.
fn file_response(table: &exports::Table, stem: &str, format: Format) -> Result<Response, HttpError> {
    let (bytes, content_type, extension) = match format {
        Format::Csv => (exports::csv::write(table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            exports::xlsx::write(table).map_err(|e| HttpError::fault("an xlsx export failed", &e))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    let headers = [(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)];
    Ok((headers, bytes).into_response())
}

/// A CSV attachment of a table (the access log's export).
pub fn csv_response(table: &exports::Table, stem: &str) -> Result<Response, HttpError> {
    file_response(table, stem, Format::Csv)
}

pub async fn risk_csv(state: State<AppState>, grant: Extension<Grant>, pairs: Pairs) -> Result<Response, HttpError> {
    risk_download(state, grant, pairs, Format::Csv).await
}

pub async fn risk_xlsx(state: State<AppState>, grant: Extension<Grant>, pairs: Pairs) -> Result<Response, HttpError> {
    risk_download(state, grant, pairs, Format::Xlsx).await
}

/// The declaration risk of the view (a provider: its own rows only), logged as an export.
async fn risk_download(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(pairs): Pairs,
    format: Format,
) -> Result<Response, HttpError> {
    let query = view_query(&grant, &pairs);
    let (info, figures) = state.analytics.figures(&query).await?;
    let ready = state.analytics.lapsed_ready(&query).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("declaratierisico, peildatum {}", info.as_of));
    grant.record(&state.db, &entry).await?;
    let settings = state.analytics.settings();
    let figures = grant.release(figures.as_ref().clone());
    let table = exports::risk::table(&info, &query.filters, &settings, figures.risk(), &ready);
    file_response(&table, &format!("declaratierisico-{}", info.as_of), format)
}
