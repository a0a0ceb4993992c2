//! The figures over HTTP: `GET /api/v1/metrics` (the object of `metrics --json`), the paged
//! `GET /api/v1/cases`, and the queue's CSV and XLSX downloads. The URL query is the view.

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use crate::analytics::AnalyticsError;
use crate::auth::CurrentUser;
use crate::domain::access::Action;
use crate::domain::filters::ViewQuery;
use crate::domain::queue::QueueParams;
use crate::exports;
use crate::server::AppState;
use crate::store::Db;

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

/// 403 with a Dutch message, logged.
pub async fn refuse(db: &Db, user: &CurrentUser, action: Action) -> Response {
    user.log_refusal(db, action).await;
    let message = "U heeft hiervoor geen toegang. Vraag de beheerder als u denkt dat dit niet klopt.";
    (StatusCode::FORBIDDEN, Json(serde_json::json!({ "error": message }))).into_response()
}

/// The view of the URL within the user's rights for `action`, or the refusal.
async fn allowed(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
    pairs: &[(String, String)],
) -> Result<ViewQuery, Response> {
    if !user.user.may(action) {
        return Err(refuse(&state.db, user, action).await);
    }
    let mut query = view_query(pairs);
    query.filters.organisation_scope = user.scope();
    Ok(query)
}

pub async fn api_metrics(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(pairs): Pairs,
) -> Response {
    let query = match allowed(&state, &user, Action::Dashboard, &pairs).await {
        Ok(query) => query,
        Err(refused) => return refused,
    };
    match state.analytics.figures(&query).await {
        Ok((_, figures)) => Json(figures.as_ref().clone()).into_response(),
        Err(e) => error_response(e),
    }
}

pub async fn api_cases(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(pairs): Pairs,
) -> Response {
    let query = match allowed(&state, &user, Action::Queue, &pairs).await {
        Ok(query) => query,
        Err(refused) => return refused,
    };
    match state.analytics.queue_page(&query, &queue_params(&pairs)).await {
        Ok((info, page)) => Json(serde_json::json!({ "as_of": info.as_of, "snapshot": info.snapshot.id,
            "total": page.total, "page": page.page, "pages": page.pages, "cases": page.rows }))
        .into_response(),
        Err(e) => error_response(e),
    }
}

pub async fn queue_csv(state: State<AppState>, user: Extension<CurrentUser>, pairs: Pairs) -> Response {
    queue_download(state, user, pairs, Format::Csv).await
}

pub async fn queue_xlsx(state: State<AppState>, user: Extension<CurrentUser>, pairs: Pairs) -> Response {
    queue_download(state, user, pairs, Format::Xlsx).await
}

enum Format {
    Csv,
    Xlsx,
}

async fn queue_download(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(pairs): Pairs,
    format: Format,
) -> Response {
    let query = match allowed(&state, &user, Action::Queue, &pairs).await {
        Ok(query) => query,
        Err(refused) => return refused,
    };
    let params = queue_params(&pairs);
    let (info, rows) = match state.analytics.queue_rows(&query, &params).await {
        Ok(found) => found,
        Err(e) => return error_response(e),
    };
    let mut entry = user.entry("export", "gelukt");
    entry.detail = Some(format!("werkvoorraad, {} zaken, peildatum {}", rows.len(), info.as_of));
    if let Err(e) = state.db.log_access(&entry).await {
        tracing::error!(error = %e, "logging an export failed");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "De export kon niet worden vastgelegd en is daarom niet gemaakt.",
        )
            .into_response();
    }
    let table = exports::queue::table(&info, &query.filters, &params, &rows);
    file_response(&table, &format!("werkvoorraad-{}", info.as_of), format)
}

/// A table as a CSV or XLSX attachment.
fn file_response(table: &exports::Table, stem: &str, format: Format) -> Response {
    let (bytes, content_type, extension) = match format {
        Format::Csv => (exports::csv::write(table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => match exports::xlsx::write(table) {
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

pub async fn risk_csv(state: State<AppState>, user: Extension<CurrentUser>, pairs: Pairs) -> Response {
    risk_download(state, user, pairs, Format::Csv).await
}

pub async fn risk_xlsx(state: State<AppState>, user: Extension<CurrentUser>, pairs: Pairs) -> Response {
    risk_download(state, user, pairs, Format::Xlsx).await
}

/// The declaration risk of the view (a provider: its own rows only), logged as an export.
async fn risk_download(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(pairs): Pairs,
    format: Format,
) -> Response {
    let query = match allowed(&state, &user, Action::Risk, &pairs).await {
        Ok(query) => query,
        Err(refused) => return refused,
    };
    let (info, figures) = match state.analytics.figures(&query).await {
        Ok(found) => found,
        Err(e) => return error_response(e),
    };
    let ready = match state.analytics.lapsed_ready(&query).await {
        Ok(ready) => ready,
        Err(e) => return error_response(e),
    };
    let mut entry = user.entry("export", "gelukt");
    entry.detail = Some(format!("declaratierisico, peildatum {}", info.as_of));
    if state.db.log_access(&entry).await.is_err() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "De export kon niet worden vastgelegd en is daarom niet gemaakt.",
        )
            .into_response();
    }
    let settings = state.analytics.settings();
    let table = exports::risk::table(&info, &query.filters, &settings, &figures.declaration_risk, &ready);
    file_response(&table, &format!("declaratierisico-{}", info.as_of), format)
}
