//! Deleting by hand (spec/retention.md): a provider withdraws its own unassessed form; an admin
//! deletes any form or a wrong snapshot with a reason. Each is an access-log line; the bytes are gone.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;

use super::forms::{back_path, log, of_case};
use super::HttpError;
use crate::auth::guard::Grant;
use crate::forms::{self, FormError};
use crate::i18n::{current, t, t_with};
use crate::state::AppState;
use crate::store::deletion::Deleted;

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    terug: Option<String>,
}

/// `POST /formulieren/{id}/intrekken`: a provider's own form, while unassessed.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, HttpError> {
    let action = "evaluatieformulier ingetrokken";
    // Only a provider takes its own form back; the municipality's side marks it incomplete.
    if grant.organisation_id().is_none() {
        grant.record(&state.db, &grant.entry("weigering", "geweigerd")).await?;
        return Err(crate::auth::guard::Refusal::Forbidden.into());
    }
    let case_id = match forms::visible_form(&state.db, &grant, id).await {
        Ok(case_id) => case_id,
        Err(error) => {
            log(&state, &grant, action, None, Err(&error)).await?;
            return Err(error.into());
        }
    };
    let result = match state.db.delete_form(id, true).await? {
        Deleted::Gone => Ok(format!("formulier {id}")),
        Deleted::Assessed => Err(FormError::Assessed),
        Deleted::Missing => Err(FormError::NoForm),
    };
    log(&state, &grant, action, Some(&case_id), result.as_ref().map(Clone::clone)).await?;
    let notice =
        result.map(|_| of_case("notice-post-form-withdrawn", &case_id)).map_err(|e| e.user_message());
    Ok(super::back_with_notice(&back_path(form.terug.as_deref(), &case_id), notice))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    reden: String,
    #[serde(default)]
    terug: Option<String>,
}

/// `POST /beheer/formulieren/{id}/verwijderen`: the admin deletes any form, with a reason.
pub async fn delete(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, HttpError> {
    let back =
        form.terug.as_deref().and_then(crate::domain::redirect::local_path).unwrap_or("/beheer").to_owned();
    let Some(reason) = reason(&form.reden) else {
        return Ok(super::back_with_notice(&back, Err(t(current(), NO_REASON))));
    };
    let Some((case_id, _)) = state.db.form_owner(id).await? else {
        log(&state, &grant, "evaluatieformulier verwijderd", None, Err(&FormError::NoForm)).await?;
        return Err(FormError::NoForm.into());
    };
    let deleted = state.db.delete_form(id, false).await?;
    let result = match deleted {
        Deleted::Gone => Ok(format!("formulier {id}: {reason}")),
        _ => Err(FormError::NoForm),
    };
    log(&state, &grant, "evaluatieformulier verwijderd", Some(&case_id), result.as_ref().map(Clone::clone))
        .await?;
    let notice = result.map(|_| of_case("notice-post-form-deleted", &case_id)).map_err(|e| e.user_message());
    Ok(super::back_with_notice(&back, notice))
}

/// The message key when the reason is missing or too long.
const NO_REASON: &str = "error-deletion-no-reason";

/// The reason given, trimmed, when there is one of at most 500 characters.
fn reason(text: &str) -> Option<&str> {
    let reason = text.trim();
    (!reason.is_empty() && reason.chars().count() <= 500).then_some(reason)
}

#[derive(Deserialize)]
pub struct DeleteSnapshot {
    #[serde(default)]
    reden: String,
}

/// `POST /beheer/momentopnamen/{id}/verwijderen`: the admin deletes a wrong snapshot with its
/// cases, with a reason; it leaves no trend point. The figures follow on every instance.
pub async fn delete_snapshot(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
    Form(form): Form<DeleteSnapshot>,
) -> Result<Response, HttpError> {
    const BACK: &str = "/import";
    let Some(reason) = reason(&form.reden) else {
        return Ok(super::back_with_notice(BACK, Err(t(current(), NO_REASON))));
    };
    let mut entry = grant.entry("momentopname verwijderd", "niet gevonden");
    entry.detail = Some(format!("momentopname {id}"));
    let found = state.db.snapshot(id).await?;
    let gone = match &found {
        Some(_) => state.db.delete_snapshot(id, &[]).await? == Deleted::Gone,
        None => false,
    };
    let Some(snapshot) = found.filter(|_| gone) else {
        grant.record(&state.db, &entry).await?;
        let message = t_with(current(), "error-snapshot-gone", &[("id", id.to_string().into())]);
        return Ok(super::back_with_notice(BACK, Err(message)));
    };
    entry.outcome = "gelukt".to_owned();
    entry.detail = Some(format!(
        "momentopname {id}, peildatum {}, {} zaken, bestand {}: {reason}",
        snapshot.as_of, snapshot.row_count, snapshot.file_name
    ));
    grant.record(&state.db, &entry).await?;
    state.db.scrub().await?;
    let locale = current();
    let date = crate::domain::dates::local_date(&snapshot.as_of, locale);
    let (key, count) = match snapshot.row_count {
        1 => ("notice-post-snapshot-deleted-one", 1.to_string()),
        n => ("notice-post-snapshot-deleted", n.to_string()),
    };
    let message = t_with(locale, key, &[("date", date.into()), ("count", count.into())]);
    Ok(super::back_with_notice(BACK, Ok(message)))
}
