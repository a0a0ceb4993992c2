//! Declaration problems over HTTP: a provider reports one on a case of its organisation, a
//! contract manager closes one with a note. Plain form posts, back to the case page; logged.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use super::HttpError;
use crate::auth::guard::Grant;
use crate::auth::timestamp;
use crate::domain::filters::{encode, ViewQuery};
use crate::domain::report::parse_euros;
use crate::i18n::{current, t, t_with};
use crate::state::AppState;
use crate::store::problems::NewProblem;

#[derive(Deserialize)]
pub struct ReportForm {
    description: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    period_from: String,
    #[serde(default)]
    period_to: String,
}

#[derive(Deserialize)]
pub struct CloseForm {
    note: String,
}

/// Back to the case page with what became of the post (message keys, or a message made).
fn back_to(case_id: &str, result: Result<&str, &str>) -> Response {
    let path = format!("/zaak/{}", encode(case_id));
    super::back_with_notice(&path, result.map(|key| t(current(), key)).map_err(|key| t(current(), key)))
}

/// A report's optional fields, checked: the amount and the period (`YYYY-MM-DD`).
struct Checked {
    amount_eur: Option<f64>,
    period_from: Option<String>,
    period_to: Option<String>,
}

/// The report's optional fields, checked; the message says what to fix.
fn checked(form: &ReportForm) -> Result<Checked, String> {
    if form.description.trim().is_empty() || form.description.chars().count() > 2000 {
        return Err(t(current(), "error-problem-description"));
    }
    let amount = match form.amount.trim() {
        "" => None,
        text => Some(
            parse_euros(text, current())
                .filter(|a| *a >= 0.0)
                .ok_or_else(|| t(current(), "error-problem-not-amount"))?,
        ),
    };
    let date = |text: &str| -> Result<Option<String>, String> {
        match text.trim() {
            "" => Ok(None),
            text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| Some(d.format("%Y-%m-%d").to_string()))
                .map_err(|_| {
                    t_with(current(), "error-problem-not-a-date", &[("value", text.to_owned().into())])
                }),
        }
    };
    let (from, to) = (date(&form.period_from)?, date(&form.period_to)?);
    if let (Some(from), Some(to)) = (&from, &to) {
        if from > to {
            return Err(t(current(), "error-problem-period-reversed"));
        }
    }
    Ok(Checked { amount_eur: amount, period_from: from, period_to: to })
}

pub async fn report(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(case_id): Path<String>,
    Form(form): Form<ReportForm>,
) -> Result<Response, HttpError> {
    let scope = grant.view(ViewQuery::default());
    let organisation_id = grant.organisation_id();
    let (Some(_), Some(organisation_id)) = (state.analytics.case(&scope, &case_id).await?, organisation_id)
    else {
        let mut entry = grant.entry("weigering", "niet gevonden");
        entry.case_id = Some(case_id.clone());
        entry.detail = Some("declaratieprobleem melden".into());
        grant.record(&state.db, &entry).await?;
        return Err(HttpError::new(StatusCode::NOT_FOUND, t(current(), "error-form-no-case")));
    };
    let Checked { amount_eur, period_from, period_to } = match checked(&form) {
        Ok(values) => values,
        Err(message) => {
            let path = format!("/zaak/{}", encode(&case_id));
            return Ok(super::back_with_notice(&path, Err(message)));
        }
    };
    let now = timestamp(Utc::now());
    let new = NewProblem {
        case_id: &case_id,
        organisation_id,
        reported_by: &grant.user().user.email,
        now: &now,
        description: form.description.trim(),
        amount_eur,
        period_from: period_from.as_deref(),
        period_to: period_to.as_deref(),
    };
    let stored = state.db.report_problem(&new).await;
    let mut entry =
        grant.entry("declaratieprobleem gemeld", if stored.is_ok() { "gelukt" } else { "mislukt" });
    entry.case_id = Some(case_id.clone());
    grant.record(&state.db, &entry).await?;
    Ok(match stored {
        Ok(_) => back_to(&case_id, Ok("notice-post-problem-reported")),
        Err(e) => {
            tracing::error!(error = %e, "storing a problem report failed");
            back_to(&case_id, Err("error-problem-not-stored"))
        }
    })
}

pub async fn close(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Path(id): Path<i64>,
    Form(form): Form<CloseForm>,
) -> Result<Response, HttpError> {
    let Some(case_id) = state.db.problem_case(id).await? else {
        return Err(HttpError::new(StatusCode::NOT_FOUND, t(current(), "error-problem-gone")));
    };
    if form.note.trim().is_empty() {
        return Ok(back_to(&case_id, Err("error-problem-no-note")));
    }
    let email = &grant.user().user.email;
    let closed = state.db.close_problem(id, email, &timestamp(Utc::now()), form.note.trim()).await;
    let mut entry = grant
        .entry("declaratieprobleem gesloten", if matches!(closed, Ok(true)) { "gelukt" } else { "mislukt" });
    entry.case_id = Some(case_id.clone());
    grant.record(&state.db, &entry).await?;
    Ok(match closed {
        Ok(true) => back_to(&case_id, Ok("notice-post-problem-closed")),
        Ok(false) => back_to(&case_id, Err("error-problem-already-closed")),
        Err(e) => {
            tracing::error!(error = %e, "closing a problem failed");
            back_to(&case_id, Err("error-problem-not-closed"))
        }
    })
}
