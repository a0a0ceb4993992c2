//! Import over HTTP: `POST /api/v1/imports` answers JSON (201, 409, 422, 400), and the
//! Import page's own form `POST /import` answers with the page showing the outcome.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use axum::Json;
use leptos::prelude::provide_context;

use super::upload::{read_import_form, ImportForm};
use crate::auth::CurrentUser;
use crate::domain::access::Action;
use crate::domain::report::ImportOutcome;
use crate::import::{import, save_mapping, ImportRequest, MappingChoice};
use crate::pages::import::PostedImport;
use crate::server::AppState;

pub async fn api_import(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> Response {
    if !user.user.may(Action::Import) {
        return super::metrics::refuse(&state.db, &user, Action::Import).await;
    }
    let outcome = run(&state, &user, multipart).await;
    let status = match &outcome {
        ImportOutcome::Stored(_) => StatusCode::CREATED,
        ImportOutcome::Rejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ImportOutcome::AlreadyImported { .. } => StatusCode::CONFLICT,
        ImportOutcome::Failed { .. } => StatusCode::BAD_REQUEST,
    };
    (status, Json(outcome)).into_response()
}

/// The HTML form: a stored import redirects to the page that shows it (so a reload does not
/// post again); any other outcome is rendered at once (a normal page, status 200), nothing
/// having been stored.
pub async fn form_import(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> Response {
    if !user.user.may(Action::Import) {
        return super::metrics::refuse(&state.db, &user, Action::Import).await;
    }
    let outcome = run(&state, &user, multipart).await;
    if let ImportOutcome::Stored(summary) = &outcome {
        return Redirect::to(&format!("/import?momentopname={}", summary.snapshot_id)).into_response();
    }
    let posted = PostedImport(outcome);
    super::render_page(&state, "/import", Some(user), move || provide_context(posted.clone())).await
}

/// Reads the form, imports, and writes the attempt to the access log.
async fn run(state: &AppState, user: &CurrentUser, multipart: Multipart) -> ImportOutcome {
    let outcome = import_form(state, user, multipart).await;
    let (result, detail) = match &outcome {
        ImportOutcome::Stored(s) => ("gelukt", format!("momentopname {}, {} zaken", s.snapshot_id, s.rows)),
        ImportOutcome::Rejected(r) => ("afgekeurd", format!("{} fouten", r.total)),
        ImportOutcome::AlreadyImported { .. } => ("afgekeurd", "al ingelezen".to_owned()),
        ImportOutcome::Failed { .. } => ("mislukt", String::new()),
    };
    let mut entry = user.entry("import", result);
    entry.detail = Some(detail);
    if let Err(e) = state.db.log_access(&entry).await {
        tracing::error!(error = %e, "logging an import failed");
    }
    outcome
}

async fn import_form(state: &AppState, user: &CurrentUser, multipart: Multipart) -> ImportOutcome {
    let today = chrono::Local::now().date_naive();
    let form = match read_import_form(multipart, today).await {
        Ok(form) => form,
        Err(e) => return ImportOutcome::Failed { message: e.to_string() },
    };
    if let Err(message) = save_given_mapping(state, &form).await {
        return ImportOutcome::Failed { message };
    }
    let request = ImportRequest {
        bytes: form.bytes,
        file_name: form.file_name,
        as_of: form.as_of,
        mapping: form.mapping,
        imported_by: Some(user.user.email.clone()),
    };
    import(&state.db, &state.pseudonymizer, request).await.into()
}

async fn save_given_mapping(state: &AppState, form: &ImportForm) -> Result<(), String> {
    let (MappingChoice::Given(mapping), Some(name)) = (&form.mapping, &form.save_as) else { return Ok(()) };
    save_mapping(&state.db, name, mapping).await.map_err(|e| {
        tracing::error!(error = %e, "saving a column mapping failed");
        "De kolomkoppeling kon niet worden opgeslagen; er is niets ingelezen. Probeer het opnieuw.".to_owned()
    })
}
