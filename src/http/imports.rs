//! Import over HTTP: `POST /api/v1/imports` answers JSON (201, 409, 422, 400), and the
//! Import page's own form `POST /import` answers with the page showing the outcome.

use axum::body::Body;
use axum::extract::{Multipart, State};
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use leptos::prelude::provide_context;

use super::upload::{read_import_form, ImportForm};
use crate::app::shell;
use crate::domain::report::ImportOutcome;
use crate::import::{import, save_mapping, ImportRequest, MappingChoice};
use crate::pages::import::PostedImport;
use crate::server::AppState;

pub async fn api_import(State(state): State<AppState>, multipart: Multipart) -> Response {
    let outcome = run(&state, multipart).await;
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
pub async fn form_import(State(state): State<AppState>, multipart: Multipart) -> Response {
    let outcome = run(&state, multipart).await;
    if let ImportOutcome::Stored(summary) = &outcome {
        return Redirect::to(&format!("/import?momentopname={}", summary.snapshot_id)).into_response();
    }
    let options = state.leptos_options.clone();
    let context = state.clone();
    let posted = PostedImport(outcome);
    let render = leptos_axum::render_app_async_with_context(
        move || {
            context.provide();
            provide_context(posted.clone());
        },
        move || shell(options.clone()),
    );
    let request = Request::get("/import").header(header::ACCEPT, "text/html").body(Body::empty());
    match request {
        Ok(request) => render(request).await,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn run(state: &AppState, multipart: Multipart) -> ImportOutcome {
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
        imported_by: None,
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
