//! Evaluation forms over HTTP: upload (JSON API and the pages' form post), download as an
//! attachment, and assessment. Every upload, download and assessment is in the access log.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form, Json};
use serde::Deserialize;

use super::form_upload::{read_form_upload, ReceivedUpload};
use super::HttpError;
use crate::auth::guard::Grant;
use crate::domain::filters::encode;
use crate::domain::forms::UploadReceipt;
use crate::domain::redirect::local_path;
use crate::forms::sniff::FormKind;
use crate::forms::{self, safe_file_name, FormError};
use crate::i18n::{current, t, t_with};
use crate::state::AppState;

/// Message `key` about case `case_id`, in the user's language.
pub(super) fn of_case(key: &str, case_id: &str) -> String {
    t_with(current(), key, &[("case", case_id.to_owned().into())])
}

/// Writes one line to the access log; a failure refuses the answer (fail closed).
pub(super) async fn log(
    state: &AppState,
    grant: &Grant,
    action: &str,
    case_id: Option<&str>,
    result: Result<String, &FormError>,
) -> Result<(), HttpError> {
    let outcome = match result {
        Ok(_) => "gelukt",
        Err(FormError::NoCase | FormError::NoForm) => "niet gevonden",
        Err(FormError::Store(_) | FormError::Analytics(_) | FormError::Body(_)) => "mislukt",
        Err(_) => "afgekeurd",
    };
    let mut entry = grant.entry(action, outcome);
    entry.case_id = case_id.map(str::to_owned);
    entry.detail = Some(match result {
        Ok(detail) => detail,
        Err(error) => error_kind(error).to_owned(),
    });
    Ok(grant.record(&state.db, &entry).await?)
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
        FormError::Assessed => "al beoordeeld",
        FormError::Body(_) => "ontvangst afgebroken",
        FormError::Store(_) | FormError::Analytics(_) => "opslaan mislukt",
    }
}

/// Checks and stores what was received for `case_id`, and logs the attempt.
async fn upload(
    state: &AppState,
    grant: &Grant,
    case_id: &str,
    received: ReceivedUpload,
) -> Result<Result<UploadReceipt, FormError>, HttpError> {
    let result = match received.problem {
        Some(problem) => Err(problem),
        None if !received.has_file => Err(FormError::NoFile),
        None => forms::receive(&state.db, &state.analytics, grant, case_id, &received.upload).await,
    };
    let detail = result.as_ref().map(|r| {
        format!(
            "{}, {} bytes{}",
            r.content_type,
            received.upload.bytes.len(),
            if r.duplicate { ", al aanwezig" } else { "" }
        )
    });
    log(state, grant, "evaluatieformulier geüpload", Some(case_id), detail).await?;
    Ok(result)
}

/// `POST /api/v1/cases/{case_id}/forms`: 201 with the receipt (200 when the file was already
/// there), or the status of the refusal with `{"error": …}`.
pub async fn api_upload(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(case_id): Path<String>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let received = read_form_upload(multipart).await;
    let receipt = upload(&state, &grant, &case_id, received).await??;
    let code = if receipt.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    Ok((code, Json(receipt)).into_response())
}

/// A local path to go back to after a form post (never another site), else the case page.
pub(super) fn back_path(asked: Option<&str>, case_id: &str) -> String {
    asked.and_then(local_path).map_or_else(|| format!("/zaak/{}", encode(case_id)), str::to_owned)
}

/// `POST /formulieren`: the pages' upload form (the case in the field `case_id`); back to the
/// page it came from with what became of it.
pub async fn form_upload(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let received = read_form_upload(multipart).await;
    let case_id = received.case_id.clone().unwrap_or_default();
    let back = back_path(received.back.as_deref(), &case_id);
    let Some(_) = received.case_id else {
        let message = received
            .problem
            .as_ref()
            .map_or_else(|| t(current(), "error-form-no-case-chosen"), FormError::user_message);
        return Ok(super::back_with_notice(&back, Err(message)));
    };
    let notice = match upload(&state, &grant, &case_id, received).await? {
        Ok(receipt) if receipt.duplicate => Ok(of_case("notice-post-form-duplicate", &case_id)),
        Ok(_) => Ok(of_case("notice-post-form-received", &case_id)),
        Err(error @ (FormError::NoCase | FormError::Store(_) | FormError::Analytics(_))) => {
            return Err(error.into())
        }
        Err(error) => Err(error.user_message()),
    };
    Ok(super::back_with_notice(&back, notice))
}

/// `GET /api/v1/forms/{id}`: the file as an attachment with its stored type; logged first.
pub async fn download(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    let found = match forms::visible_form(&state.db, &grant, id).await {
        Ok(_) => state.db.form_file(id).await?,
        Err(FormError::NoForm) => None,
        Err(error) => return Err(error.into()),
    };
    let action = "evaluatieformulier gedownload";
    let Some((form, bytes)) = found else {
        log(&state, &grant, action, None, Err(&FormError::NoForm)).await?;
        return Err(FormError::NoForm.into());
    };
    log(&state, &grant, action, Some(&form.case_id), Ok(format!("formulier {id}"))).await?;
    let name = safe_file_name(&form.file_name, FormKind::from_mime(&form.content_type));
    let headers = [
        (header::CONTENT_TYPE, form.content_type.clone()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    Ok((headers, bytes).into_response())
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
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
    Form(form): Form<AssessmentForm>,
) -> Result<Response, HttpError> {
    let complete = match form.oordeel.as_str() {
        "compleet" => true,
        "incompleet" => false,
        _ => {
            return Err(HttpError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                t(current(), "error-form-no-verdict"),
            ))
        }
    };
    let action = "evaluatieformulier beoordeeld";
    let case_id = match forms::visible_form(&state.db, &grant, id).await {
        Ok(case_id) => case_id,
        Err(error) => {
            log(&state, &grant, action, None, Err(&error)).await?;
            return Err(error.into());
        }
    };
    let result = forms::assess(&state.db, grant.user(), id, complete, &form.reden).await;
    let verdict = if complete { "compleet" } else { "incompleet" };
    let logged = result.as_ref().map(|_| format!("formulier {id}: {verdict}"));
    log(&state, &grant, action, Some(&case_id), logged).await?;
    let back = back_path(form.terug.as_deref(), &case_id);
    let marked = if complete { "notice-post-form-complete" } else { "notice-post-form-incomplete" };
    let notice = result.map(|_| of_case(marked, &case_id)).map_err(|error| error.user_message());
    Ok(super::back_with_notice(&back, notice))
}
