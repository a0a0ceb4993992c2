//! The figures over HTTP: `GET /api/v1/metrics`, the paged `GET /api/v1/cases`, and the logged
//! downloads (the queue's and the risk's CSV and XLSX, the PDF of Stand van zaken).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::download::{file_response, Format};
use super::HttpError;
use crate::analytics::Pace;
use crate::auth::guard::Grant;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::MetricsAnswer;
use crate::domain::queue::QueueParams;
use crate::exports;
use crate::i18n::{current, t};
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
    let (query, pace) = (view_query(&grant, &pairs), Pace::from_pairs(&pairs)?);
    let answer = state.analytics.metrics(&query, &pace).await?;
    Ok(Json(MetricsAnswer { figures: grant.release(answer.figures), ..answer }).into_response())
}

/// The history of one case (spec/flow.md), logged; a case outside the scope is a 404.
pub async fn api_history(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(case_id): Path<String>,
) -> Result<Response, HttpError> {
    let query = grant.view(ViewQuery::default());
    let events = state.analytics.history(&query, &case_id).await?;
    let mut entry =
        grant.entry("zaakgeschiedenis bekeken", if events.is_some() { "gelukt" } else { "niet gevonden" });
    entry.case_id = Some(case_id.clone());
    grant.record(&state.db, &entry).await?;
    let Some(events) = grant.release(events) else {
        return Err(HttpError::new(StatusCode::NOT_FOUND, t(current(), "error-case-in-no-export")));
    };
    Ok(Json(serde_json::json!({ "case_id": case_id, "events": events })).into_response())
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
    entry.detail =
        Some(format!("api, {} zaken, pagina {}, peildatum {}", page.rows.len(), page.page, info.as_of));
    grant.record(&state.db, &entry).await?;
    let page = grant.release(page);
    Ok(Json(serde_json::json!({ "as_of": info.as_of, "snapshot": info.snapshot.id,
        "total": page.total, "page": page.page, "pages": page.pages, "cases": page.rows }))
    .into_response())
}

/// The queue of the view as CSV or XLSX (by the path's extension), logged as an export.
pub async fn queue_download(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    uri: Uri,
    Query(pairs): Pairs,
) -> Result<Response, HttpError> {
    let (query, params) = (view_query(&grant, &pairs), queue_params(&grant, &pairs));
    let (info, source) = state.analytics.queue_source(&query, &params).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("werkvoorraad, {} zaken, peildatum {}", source.len(), info.as_of));
    grant.record(&state.db, &entry).await?;
    let (count, releaser) = (source.len(), grant.clone());
    let rows = move |start, len| {
        let rows = source.slice(start, len).map_err(|e| exports::ExportError::Rows(e.to_string()))?;
        Ok(releaser.release(rows))
    };
    let lead_days = state.analytics.settings().warning_lead_days;
    let table =
        exports::queue::table(&info, &query.filters, &params, count, rows, &grant.user().user, lead_days);
    file_response(table, &format!("werkvoorraad-{}", info.as_of), Format::of(&uri)).await
}

/// The declaration risk of the view (a provider: its own rows only) as CSV or XLSX, logged as
/// an export.
pub async fn risk_download(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    uri: Uri,
    Query(pairs): Pairs,
) -> Result<Response, HttpError> {
    let query = view_query(&grant, &pairs);
    let (info, figures) = state.analytics.figures(&query).await?;
    let ready = state.analytics.lapsed_ready(&query).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("declaratierisico, peildatum {}", info.as_of));
    grant.record(&state.db, &entry).await?;
    let settings = state.analytics.settings();
    let figures = grant.release(figures.as_ref().clone());
    let warnings = figures.early_warning.as_deref().unwrap_or_default();
    let rows = crate::domain::figures::by_organisation(figures.risk(), &state.db.organisations().await?);
    let table = exports::risk::table(
        &info,
        &query.filters,
        &settings,
        &rows,
        &ready,
        warnings,
        grant.user().user.locale,
    );
    file_response(table, &format!("declaratierisico-{}", info.as_of), Format::of(&uri)).await
}

/// Stand van zaken of the chosen as-of date as a PDF, logged as an export.
pub async fn status_pdf(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(pairs): Pairs,
) -> Result<Response, HttpError> {
    let report =
        crate::status::report(&state.analytics, &state.db, &grant, view_query(&grant, &pairs)).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("stand van zaken (pdf), peildatum {}", report.figures.as_of));
    grant.record(&state.db, &entry).await?;
    let locale = grant.user().user.locale;
    super::download::status_pdf_response(report, crate::retention::today().to_string(), locale).await
}
