//! Evaluation forms over HTTP: upload (JSON API and the pages' form post), download as an
//! attachment, and assessment. Every upload, download and assessment is in the access log.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form, Json};
use serde::Deserialize;

use super::form_upload::{read_form_upload, ReceivedUpload};
use crate::auth::CurrentUser;
use crate::domain::access::Action;
use crate::domain::filters::encode;
use crate::domain::forms::UploadReceipt;
use crate::forms::sniff::FormKind;
use crate::forms::{self, safe_file_name, FormError};
use crate::server::AppState;

fn status(error: &FormError) -> StatusCode {
    match error {
        FormError::NoFile | FormError::Details(_) => StatusCode::UNPROCESSABLE_ENTITY,
        FormError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        FormError::Content(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        FormError::NoCase | FormError::NoForm => StatusCode::NOT_FOUND,
        FormError::NotReindication(_) | FormError::Closed(_) => StatusCode::CONFLICT,
        FormError::Body(_) => StatusCode::BAD_REQUEST,
        FormError::Store(_) | FormError::Analytics(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A form's own answer when the thing asked for is not there (or not the user's).
fn not_found(error: &FormError) -> Response {
    (StatusCode::NOT_FOUND, error.to_string()).into_response()
}

/// Writes one line to the access log; a failure to log is itself logged.
async fn log(
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    case_id: Option<&str>,
    result: Result<String, &FormError>,
) {
    let outcome = match result {
        Ok(_) => "gelukt",
        Err(FormError::NoCase | FormError::NoForm) => "niet gevonden",
        Err(FormError::Store(_) | FormError::Analytics(_) | FormError::Body(_)) => "mislukt",
        Err(_) => "afgekeurd",
    };
    let mut entry = user.entry(action, outcome);
    entry.case_id = case_id.map(str::to_owned);
    entry.detail = Some(match result {
        Ok(detail) => detail,
        Err(error) => error_kind(error).to_owned(),
    });
    if let Err(e) = state.db.log_access(&entry).await {
        tracing::error!(error = %e, "logging a form action failed");
    }
}

/// A short name for a refusal in the log (no personal data).
fn error_kind(error: &FormError) -> &'static str {
    match error {
        FormError::NoFile => "geen bestand",
        FormError::TooLarge => "groter dan 20 MB",
        FormError::Content(_) => "soort bestand geweigerd",
        FormError::Details(_) => "gegevens onvolledig",
        FormError::NoCase => "zaak niet gevonden",
        FormError::NotReindication(_) => "geen herindicatie",
        FormError::Closed(_) => "zaak afgesloten",
        FormError::NoForm => "formulier niet gevonden",
        FormError::Body(_) => "ontvangst afgebroken",
        FormError::Store(_) | FormError::Analytics(_) => "opslaan mislukt",
    }
}

/// Checks and stores what was received for `case_id`, and logs the attempt.
async fn upload(
    state: &AppState,
    user: &CurrentUser,
    case_id: &str,
    received: ReceivedUpload,
) -> Result<UploadReceipt, FormError> {
    let result = match received.problem {
        Some(problem) => Err(problem),
        None if !received.has_file => Err(FormError::NoFile),
        None => forms::receive(&state.db, &state.analytics, user, case_id, &received.upload).await,
    };
    match &result {
        Err(FormError::Store(e)) => tracing::error!(error = %e, "storing an evaluation form failed"),
        Err(FormError::Analytics(e)) => tracing::error!(error = %e, "finding the case of a form failed"),
        _ => {}
    }
    let detail = result.as_ref().map(|r| {
        format!(
            "{}, {} bytes{}",
            r.content_type,
            received.upload.bytes.len(),
            if r.duplicate { ", al aanwezig" } else { "" }
        )
    });
    log(state, user, "evaluatieformulier geüpload", Some(case_id), detail).await;
    result
}

/// `POST /api/v1/cases/{case_id}/forms`: 201 with the receipt (200 when the file was already
/// there), or the status of the refusal with `{"error": …}`.
pub async fn api_upload(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(case_id): Path<String>,
    multipart: Multipart,
) -> Response {
    if !user.user.may(Action::UploadForm) {
        return super::metrics::refuse(&state.db, &user, Action::UploadForm).await;
    }
    let received = read_form_upload(multipart).await;
    match upload(&state, &user, &case_id, received).await {
        Ok(receipt) => {
            let code = if receipt.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            (code, Json(receipt)).into_response()
        }
        Err(error) => {
            (status(&error), Json(serde_json::json!({ "error": error.to_string() }))).into_response()
        }
    }
}

/// A local path to go back to after a form post (never another site).
fn back_path(asked: Option<&str>, case_id: &str) -> String {
    match asked.map(str::trim) {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.contains(['\\', '\r', '\n']) =>
        {
            path.to_owned()
        }
        _ => format!("/zaak/{}", encode(case_id)),
    }
}

/// `POST /formulieren`: the pages' upload form (the case in the field `case_id`); back to the
/// page it came from with what became of it.
pub async fn form_upload(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> Response {
    if !user.user.may(Action::UploadForm) {
        return super::metrics::refuse(&state.db, &user, Action::UploadForm).await;
    }
    let received = read_form_upload(multipart).await;
    let case_id = received.case_id.clone().unwrap_or_default();
    let back = back_path(received.back.as_deref(), &case_id);
    let Some(_) = received.case_id else {
        let message = received
            .problem
            .as_ref()
            .map_or("Kies de zaak waar het formulier bij hoort.".to_owned(), ToString::to_string);
        return super::back_with_notice(&back, Err(message));
    };
    match upload(&state, &user, &case_id, received).await {
        Ok(receipt) if receipt.duplicate => super::back_with_notice(
            &back,
            Ok(format!("Dit bestand stond al bij zaak {case_id}; het is niet nog eens bewaard.")),
        ),
        Ok(_) => super::back_with_notice(
            &back,
            Ok(format!("Het evaluatieformulier voor zaak {case_id} is ontvangen.")),
        ),
        Err(error @ FormError::NoCase) => not_found(&error),
        Err(error) => super::back_with_notice(&back, Err(error.to_string())),
    }
}

/// `GET /api/v1/forms/{id}`: the file as an attachment with its stored type.
pub async fn download(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> Response {
    if !user.user.may(Action::DownloadForm) {
        return super::metrics::refuse(&state.db, &user, Action::DownloadForm).await;
    }
    let found = match forms::visible_form(&state.db, &user, id).await {
        Ok(_) => state.db.form_file(id).await.map_err(FormError::from),
        Err(error) => Err(error),
    };
    let (form, bytes) = match found {
        Ok(Some(found)) => found,
        Ok(None) | Err(FormError::NoForm) => {
            log(&state, &user, "evaluatieformulier gedownload", None, Err(&FormError::NoForm)).await;
            return not_found(&FormError::NoForm);
        }
        Err(error) => {
            tracing::error!(error = ?error, "reading an evaluation form failed");
            return (status(&error), error.to_string()).into_response();
        }
    };
    log(&state, &user, "evaluatieformulier gedownload", Some(&form.case_id), Ok(format!("formulier {id}")))
        .await;
    let name = safe_file_name(&form.file_name, FormKind::from_mime(&form.content_type));
    let headers = [
        (header::CONTENT_TYPE, form.content_type.clone()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    (headers, bytes).into_response()
}

#[derive(Deserialize)]
pub struct AssessmentForm {
    /// `compleet` or `incompleet`.
    oordeel: String,
    #[serde(default)]
    reden: String,
    #[serde(default)]
    terug: Option<String>,
}

/// `POST /formulieren/{id}/beoordeling`: complete, or incomplete with a reason.
pub async fn assess(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<AssessmentForm>,
) -> Response {
    if !user.user.may(Action::AssessForm) {
        return super::metrics::refuse(&state.db, &user, Action::AssessForm).await;
    }
    let complete = match form.oordeel.as_str() {
        "compleet" => true,
        "incompleet" => false,
        _ => return (StatusCode::UNPROCESSABLE_ENTITY, "Kies compleet of incompleet.").into_response(),
    };
    let case_id = match forms::visible_form(&state.db, &user, id).await {
        Ok(case_id) => case_id,
        Err(error) => {
            log(&state, &user, "evaluatieformulier beoordeeld", None, Err(&error)).await;
            return (status(&error), error.to_string()).into_response();
        }
    };
    let result = forms::assess(&state.db, &user, id, complete, &form.reden).await;
    let verdict = if complete { "compleet" } else { "incompleet" };
    let logged = result.as_ref().map(|_| format!("formulier {id}: {verdict}"));
    log(&state, &user, "evaluatieformulier beoordeeld", Some(&case_id), logged).await;
    let back = back_path(form.terug.as_deref(), &case_id);
    match result {
        Ok(_) => super::back_with_notice(
            &back,
            Ok(format!("Het formulier van zaak {case_id} is als {verdict} gemarkeerd.")),
        ),
        Err(error) => super::back_with_notice(&back, Err(error.to_string())),
    }
}
