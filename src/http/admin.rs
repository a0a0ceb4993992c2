//! The admin's form posts (plain HTML, so they work without wasm): users, roles, passwords,
//! organisations and their export spellings; and the access log as CSV. Each is logged.

use axum::extract::{Query, State};
use axum::response::Response;
use axum::{Extension, Form};
use chrono::Utc;
use serde::Deserialize;

use super::download::{file_response, Format};
use super::HttpError;
use crate::auth::guard::Grant;
use crate::auth::{add_user, password, timestamp};
use crate::domain::access::{LogFilter, Role};
use crate::exports::{Cell, Rows, Table};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct NewUserForm {
    email: String,
    role: String,
    #[serde(default)]
    organisation: String,
    password: String,
}

#[derive(Deserialize)]
pub struct StatusForm {
    id: i64,
    disabled: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    id: i64,
    password: String,
}

#[derive(Deserialize)]
pub struct RoleForm {
    id: i64,
    role: String,
    #[serde(default)]
    organisation: String,
}

#[derive(Deserialize)]
pub struct ConsultantForm {
    id: i64,
    consultant_name: String,
}

#[derive(Deserialize)]
pub struct LinkForm {
    export_name: String,
    organisation: String,
}

/// Runs an admin change, logs it, and goes back to the page (the change is made; a failure
/// to log it is reported instead of the success).
async fn change(
    state: &AppState,
    grant: &Grant,
    what: &str,
    work: impl std::future::Future<Output = Result<String, String>>,
) -> Result<Response, HttpError> {
    let result = work.await;
    let mut entry = grant.entry(what, if result.is_ok() { "gelukt" } else { "mislukt" });
    entry.detail = Some(result.clone().unwrap_or_else(|e| e));
    grant.record(&state.db, &entry).await?;
    Ok(super::back_with_notice("/beheer", result))
}

fn role(code: &str) -> Result<Role, String> {
    Role::from_code(code).ok_or_else(|| "Kies een rol uit de lijst.".to_owned())
}

fn failed<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

pub async fn create_user(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<NewUserForm>,
) -> Result<Response, HttpError> {
    let work = async {
        let role = role(&form.role)?;
        let organisation = Some(form.organisation.trim()).filter(|o| !o.is_empty());
        add_user(&state.db, form.email.trim(), role, organisation, &form.password).await.map_err(
            |e| match e {
                crate::auth::AuthError::Store(_) => {
                    format!("{} bestaat al of kon niet worden opgeslagen.", form.email.trim())
                }
                other => other.to_string(),
            },
        )?;
        Ok(format!("Gebruiker {} is aangemaakt als {}.", form.email.trim(), role.label()))
    };
    change(&state, &grant, "beheer: gebruiker aangemaakt", work).await
}

pub async fn set_status(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<StatusForm>,
) -> Result<Response, HttpError> {
    let disable = form.disabled == "1";
    let work = async {
        if disable && form.id == grant.user().user.id {
            return Err("U kunt uw eigen account niet uitschakelen.".to_owned());
        }
        state.db.set_disabled(form.id, disable).await.map_err(failed)?;
        Ok(if disable { "Het account is uitgeschakeld." } else { "Het account is weer ingeschakeld." }
            .to_owned())
    };
    change(&state, &grant, "beheer: account in- of uitgeschakeld", work).await
}

pub async fn set_password(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let work = async {
        password::check_new(&form.password).map_err(failed)?;
        let hash = password::hash(&form.password).await.map_err(failed)?;
        state.db.set_password_hash(form.id, &hash).await.map_err(failed)?;
        Ok("Het nieuwe wachtwoord is ingesteld; lopende sessies van deze gebruiker zijn beëindigd."
            .to_owned())
    };
    change(&state, &grant, "beheer: wachtwoord opnieuw ingesteld", work).await
}

pub async fn set_role(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<RoleForm>,
) -> Result<Response, HttpError> {
    let work = async {
        let role = role(&form.role)?;
        let organisation = form.organisation.trim();
        let organisation_id = match (role, organisation.is_empty()) {
            (Role::Provider, true) => {
                return Err("Een aanbieder hoort bij een organisatie: vul die in.".to_owned())
            }
            (Role::Provider, false) => Some(
                state.db.ensure_organisation(organisation, &timestamp(Utc::now())).await.map_err(failed)?,
            ),
            (_, _) => None,
        };
        if form.id == grant.user().user.id && role != Role::Admin {
            return Err("U kunt uw eigen beheerrol niet weghalen.".to_owned());
        }
        state.db.set_role(form.id, role, organisation_id).await.map_err(failed)?;
        Ok(format!("De rol is nu {}.", role.label()))
    };
    change(&state, &grant, "beheer: rol gewijzigd", work).await
}

/// The name under which a consultant appears in the exports; empty clears it.
pub async fn set_consultant_name(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<ConsultantForm>,
) -> Result<Response, HttpError> {
    let work = async {
        let name = Some(form.consultant_name.trim()).filter(|n| !n.is_empty());
        if name.is_some_and(|n| n.chars().count() > 200) {
            return Err("Een naam heeft hoogstens 200 tekens.".to_owned());
        }
        match state.db.set_consultant_name(form.id, name).await.map_err(failed)? {
            true if name.is_some() => {
                Ok("De naam in de export is opgeslagen; de eigen zaken worden gemarkeerd.".to_owned())
            }
            true => Ok("De naam in de export is gewist.".to_owned()),
            false => Err("Alleen een consulent heeft een naam in de export.".to_owned()),
        }
    };
    change(&state, &grant, "beheer: naam in de export gewijzigd", work).await
}

pub async fn link_name(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<LinkForm>,
) -> Result<Response, HttpError> {
    let work = async {
        let (name, organisation) = (form.export_name.trim(), form.organisation.trim());
        if name.is_empty() || organisation.is_empty() {
            return Err("Vul zowel de naam in de export als de organisatie in.".to_owned());
        }
        let id = state.db.ensure_organisation(organisation, &timestamp(Utc::now())).await.map_err(failed)?;
        state.db.link_export_name(name, id).await.map_err(failed)?;
        Ok(format!("\u{201c}{name}\u{201d} hoort nu bij {organisation}."))
    };
    change(&state, &grant, "beheer: aanbiedernaam gekoppeld", work).await
}

/// The filtered access log as CSV (at most 100 000 lines), itself an export in the log.
pub async fn log_csv(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Query(filter): Query<LogFilter>,
) -> Result<Response, HttpError> {
    let lines = state.db.access_log(&filter.normalized(), 100_000).await?;
    let mut entry = grant.entry("export", "gelukt");
    entry.detail = Some(format!("toegangslogboek, {} regels", lines.len()));
    grant.record(&state.db, &entry).await?;
    let text = |v: &Option<String>| Cell::text(v.as_deref());
    let table = Table {
        title: "Toegangslogboek".into(),
        headers: [
            "Tijdstip (UTC)",
            "Gebruiker",
            "Rol",
            "Organisatie",
            "Actie",
            "Zaak",
            "Cliënt",
            "Toelichting",
            "Uitkomst",
        ]
        .map(String::from)
        .to_vec(),
        rows: Rows::All(
            lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::Text(l.at.clone()),
                        text(&l.email),
                        text(&l.role),
                        text(&l.organisation),
                        Cell::Text(l.action.clone()),
                        text(&l.case_id),
                        text(&l.client_ref),
                        text(&l.detail),
                        Cell::Text(l.outcome.clone()),
                    ]
                })
                .collect(),
        ),
        notes: Vec::new(),
    };
    file_response(table, "toegangslogboek", Format::Csv).await
}
