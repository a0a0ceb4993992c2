//! Import over HTTP: `POST /api/v1/imports` answers JSON (201, 409, 422, 400), and the
//! Import page's own form `POST /import` answers with the page showing the outcome.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use axum::Json;
use leptos::prelude::provide_context;

use super::upload::{read_import_form, ImportForm};
use super::HttpError;
use crate::app::PageNonce;
use crate::auth::guard::Grant;
use crate::domain::flow::DataQuality;
use crate::domain::report::ImportOutcome;
use crate::i18n::t;
use crate::import::{import, log_summary, save_mapping, to_outcome, ImportRequest, MappingChoice};
use crate::pages::import::PostedImport;
use crate::state::AppState;
use crate::store::StoreError;

pub async fn api_import(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let outcome = run(&state, &grant, multipart).await?;
    let status = match &outcome {
        ImportOutcome::Stored(_) => StatusCode::CREATED,
        ImportOutcome::Rejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ImportOutcome::AlreadyImported { .. } => StatusCode::CONFLICT,
        ImportOutcome::Failed { .. } => StatusCode::BAD_REQUEST,
        ImportOutcome::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
    };
    Ok((status, Json(outcome)).into_response())
}

/// The HTML form: a stored import redirects to the page that shows it (so a reload does not
/// post again); any other outcome is rendered at once (a normal page, status 200), nothing
/// having been stored.
pub async fn form_import(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Extension(nonce): Extension<PageNonce>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let outcome = run(&state, &grant, multipart).await?;
    if let ImportOutcome::Stored(summary) = &outcome {
        return Ok(Redirect::to(&format!("/import?momentopname={}", summary.snapshot_id)).into_response());
    }
    let posted = PostedImport(outcome);
    let user = Some(grant.user().clone());
    Ok(super::render_page(&state, ("/import", nonce), user, move || provide_context(posted.clone())).await)
}

/// Reads the form, imports, and writes the attempt to the access log.
async fn run(state: &AppState, grant: &Grant, multipart: Multipart) -> Result<ImportOutcome, HttpError> {
    let mut outcome = import_form(state, grant, multipart).await;
    if let ImportOutcome::Stored(summary) = &mut outcome {
        summary.data_quality = data_quality(state, summary.snapshot_id).await;
    }
    let (result, detail) = log_summary(&outcome);
    let mut entry = grant.entry("import", result);
    entry.detail = Some(detail);
    grant.record(&state.db, &entry).await?;
    Ok(outcome)
}

/// The data-quality warnings of a stored snapshot; `None` (and logged) when they cannot be
/// computed, which never undoes the import.
pub async fn data_quality(state: &AppState, snapshot_id: i64) -> Option<DataQuality> {
    // The revisions were read when the request came in, before this import moved them.
    if let Err(e) = state.db.revisions().await {
        tracing::warn!(error = %e, "reading the revisions after an import");
    }
    match state.analytics.data_quality(snapshot_id).await {
        Ok(quality) => Some(quality),
        Err(e) => {
            tracing::warn!(error = %e, "data quality after an import");
            None
        }
    }
}

async fn import_form(state: &AppState, grant: &Grant, multipart: Multipart) -> ImportOutcome {
    let (today, locale) = (chrono::Local::now().date_naive(), crate::i18n::current());
    let form = match read_import_form(multipart, today).await {
        Ok(form) => form,
        Err(e) => return ImportOutcome::Failed { message: e.message(locale) },
    };
    if let Err(e) = save_given_mapping(state, &form).await {
        tracing::error!(error = %e, "saving a column mapping failed");
        return ImportOutcome::Failed { message: t(locale, "import-mapping-not-saved") };
    }
    let request = ImportRequest {
        bytes: form.bytes,
        file_name: form.file_name,
        as_of: form.as_of,
        mapping: form.mapping,
        imported_by: Some(grant.user().user.email.clone()),
        locale,
    };
    let outcome = to_outcome(import(&state.db, &state.pseudonymizer, request).await, locale);
    state.notify.wake();
    outcome
}

async fn save_given_mapping(state: &AppState, form: &ImportForm) -> Result<(), StoreError> {
    let (MappingChoice::Given(mapping), Some(name)) = (&form.mapping, &form.save_as) else { return Ok(()) };
    save_mapping(&state.db, name, mapping).await
}
