//! The figures over HTTP: `GET /api/v1/metrics` (the object of `metrics --json`), the paged
//! `GET /api/v1/cases`, and the queue's CSV and XLSX downloads. The URL query is the view.

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::analytics::{Analytics, AnalyticsError};
use crate::domain::filters::ViewQuery;
use crate::domain::queue::QueueParams;
use crate::exports;

type Pairs = Query<Vec<(String, String)>>;

fn view_query(pairs: &[(String, String)]) -> ViewQuery {
    ViewQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn queue_params(pairs: &[(String, String)]) -> QueueParams {
    QueueParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// 404 without snapshots, 400 for a wrong request, 500 otherwise; the message in Dutch.
pub fn error_response(error: AnalyticsError) -> Response {
    let status = match &error {
        AnalyticsError::NoSnapshot => StatusCode::NOT_FOUND,
        e if e.is_request_error() => StatusCode::BAD_REQUEST,
        e => {
            tracing::error!(error = %e, "figures failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    (status, Json(serde_json::json!({ "error": error.to_string() }))).into_response()
}

pub async fn api_metrics(State(analytics): State<Analytics>, Query(pairs): Pairs) -> Response {
    match analytics.figures(&view_query(&pairs)).await {
        Ok((_, figures)) => Json(figures.as_ref().clone()).into_response(),
        Err(e) => error_response(e),
    }
}

pub async fn api_cases(State(analytics): State<Analytics>, Query(pairs): Pairs) -> Response {
    match analytics.queue_page(&view_query(&pairs), &queue_params(&pairs)).await {
        Ok((info, page)) => Json(serde_json::json!({ "as_of": info.as_of, "snapshot": info.snapshot.id,
            "total": page.total, "page": page.page, "pages": page.pages, "cases": page.rows }))
        .into_response(),
        Err(e) => error_response(e),
    }
}

pub async fn queue_csv(state: State<Analytics>, pairs: Pairs) -> Response {
    queue_download(state, pairs, Format::Csv).await
}

pub async fn queue_xlsx(state: State<Analytics>, pairs: Pairs) -> Response {
    queue_download(state, pairs, Format::Xlsx).await
}

enum Format {
    Csv,
    Xlsx,
}

async fn queue_download(State(analytics): State<Analytics>, Query(pairs): Pairs, format: Format) -> Response {
    let (query, params) = (view_query(&pairs), queue_params(&pairs));
    let (info, rows) = match analytics.queue_rows(&query, &params).await {
        Ok(found) => found,
        Err(e) => return error_response(e),
    };
    let table = exports::queue::table(&info, &query.filters, &params, &rows);
    let stem = format!("werkvoorraad-{}", info.as_of);
    let (bytes, content_type, extension) = match format {
        Format::Csv => (exports::csv::write(&table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => match exports::xlsx::write(&table) {
            Ok(bytes) => (bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Err(e) => {
                tracing::error!(error = %e, "xlsx export failed");
                return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
            }
        },
    };
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}
