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
use crate::auth::{add_user, password, timestamp, AuthError};
use crate::domain::access::{LogFilter, Role};
use crate::exports::{Cell, Rows, Table};
use crate::i18n::{current, t_with, Locale};
use crate::state::AppState;
use crate::store::StoreError;

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

/// What became of a change, to be worded in any language: logged in Dutch, shown in the admin's.
type Worded = Box<dyn Fn(Locale) -> String + Send + Sync>;

/// Message `key` with `args` (values the same in every language).
fn say(key: &'static str, args: &[(&'static str, String)]) -> Worded {
    let args = args.to_vec();
    Box::new(move |locale| {
        let values: Vec<_> = args.iter().map(|(name, value)| (*name, value.as_str().into())).collect();
        t_with(locale, key, &values)
    })
}

/// Runs an admin change, logs it, and goes back to the page (the change is made; a failure
/// to log it is reported instead of the success).
async fn change(
    state: &AppState,
    grant: &Grant,
    what: &str,
    work: impl std::future::Future<Output = Result<Worded, Worded>>,
) -> Result<Response, HttpError> {
    let result = work.await;
    let mut entry = grant.entry(what, if result.is_ok() { "gelukt" } else { "mislukt" });
    entry.detail = Some(match &result {
        Ok(worded) | Err(worded) => worded(Locale::Nl),
    });
    grant.record(&state.db, &entry).await?;
    let locale = current();
    Ok(super::back_with_notice("/beheer", result.map(|w| w(locale)).map_err(|w| w(locale))))
}

fn role(code: &str) -> Result<Role, Worded> {
    Role::from_code(code).ok_or_else(|| say("error-admin-choose-role", &[]))
}

/// A step the store could not take: the cause goes to the server log; the admin reads that
/// the change was not made.
fn store_failed(error: StoreError) -> Worded {
    tracing::error!(error = %error, "an admin change failed in the store");
    say("error-admin-failed", &[])
}

/// What is wrong with a new password or an organisation, in the admin's language.
fn auth_failed(error: AuthError) -> Worded {
    let key = match error {
        AuthError::WeakPassword => "error-admin-weak-password",
        AuthError::LongPassword => "error-admin-long-password",
        AuthError::OrganisationRequired => "error-admin-provider-organisation",
        AuthError::OrganisationNotAllowed => "error-admin-organisation-not-allowed",
        AuthError::Store(e) => return store_failed(e),
        other => {
            tracing::error!(error = %other, "an admin change failed");
            "error-admin-failed"
        }
    };
    say(key, &[])
}

pub async fn create_user(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<NewUserForm>,
) -> Result<Response, HttpError> {
    let work = async {
        let role = role(&form.role)?;
        let organisation = Some(form.organisation.trim()).filter(|o| !o.is_empty());
        let email = form.email.trim().to_owned();
        add_user(&state.db, &email, role, organisation, &form.password).await.map_err(|e| match e {
            crate::auth::AuthError::Store(_) => say("error-admin-user-exists", &[("email", email.clone())]),
            other => auth_failed(other),
        })?;
        Ok(Box::new(move |locale: Locale| {
            let args = [("email", email.as_str().into()), ("role", role.name(locale).into())];
            t_with(locale, "notice-post-user-created", &args)
        }) as Worded)
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
            return Err(say("error-admin-disable-self", &[]));
        }
        state.db.set_disabled(form.id, disable).await.map_err(store_failed)?;
        Ok(say(if disable { "notice-post-account-disabled" } else { "notice-post-account-enabled" }, &[]))
    };
    change(&state, &grant, "beheer: account in- of uitgeschakeld", work).await
}

pub async fn set_password(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let work = async {
        password::check_new(&form.password).map_err(auth_failed)?;
        let hash = password::hash(&form.password).await.map_err(auth_failed)?;
        state.db.set_password_hash(form.id, &hash).await.map_err(store_failed)?;
        Ok(say("notice-post-password-set", &[]))
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
            (Role::Provider, true) => return Err(say("error-admin-provider-organisation", &[])),
            (Role::Provider, false) => Some(
                state
                    .db
                    .ensure_organisation(organisation, &timestamp(Utc::now()))
                    .await
                    .map_err(store_failed)?,
            ),
            (_, _) => None,
        };
        if form.id == grant.user().user.id && role != Role::Admin {
            return Err(say("error-admin-own-admin-role", &[]));
        }
        state.db.set_role(form.id, role, organisation_id).await.map_err(store_failed)?;
        Ok(Box::new(move |locale: Locale| {
            t_with(locale, "notice-post-role-set", &[("role", role.name(locale).into())])
        }) as Worded)
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
            return Err(say("error-admin-name-too-long", &[]));
        }
        match state.db.set_consultant_name(form.id, name).await.map_err(store_failed)? {
            true if name.is_some() => Ok(say("notice-post-consultant-name-saved", &[])),
            true => Ok(say("notice-post-consultant-name-cleared", &[])),
            false => Err(say("error-admin-name-not-consultant", &[])),
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
            return Err(say("error-admin-link-both", &[]));
        }
        let id =
            state.db.ensure_organisation(organisation, &timestamp(Utc::now())).await.map_err(store_failed)?;
        state.db.link_export_name(name, id).await.map_err(store_failed)?;
        let args = [("name", name.to_owned()), ("organisation", organisation.to_owned())];
        Ok(say("notice-post-name-linked", &args))
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
