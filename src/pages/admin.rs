//! Beheer: users (create, disable, new password, role and organisation), organisations with the
//! provider names of the exports that belong to them, and the access log. Plain form posts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{Loading, PageHeading};
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::table::ColumnHeads;
use crate::domain::access::{LogFilter, LogLine, Role, UserSummary};
use crate::domain::dates::local_date;
use crate::domain::filters::href;
use crate::i18n::{t, t_with, use_locale, Locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AdminData {
    pub users: Vec<UserSummary>,
    /// Organisation name and its spellings in the exports.
    pub organisations: Vec<(String, Vec<String>)>,
    /// Provider names in the newest export that belong to no organisation yet.
    pub unlinked: Vec<String>,
    pub log: Vec<LogLine>,
    /// Mails the SMTP server refused for good.
    pub refused_mail: Vec<crate::domain::notice::RefusedMail>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_admin(filter: LogFilter) -> Result<AdminData, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Admin).await?;
    let db = expect_context::<crate::store::Db>();
    let analytics = expect_context::<crate::analytics::Analytics>();
    let organisations = db.organisations().await.map_err(super::store_error)?;
    let linked: Vec<&String> = organisations.iter().flat_map(|(_, names)| names).collect();
    let providers = analytics.provider_names().await.unwrap_or_default();
    let unlinked = providers.into_iter().filter(|p| !linked.contains(&p)).collect();
    let log = db.access_log(&filter.normalized(), 200).await.map_err(super::store_error)?;
    let mut entry = grant.entry("toegangslogboek bekeken", "gelukt");
    entry.detail = Some(format!("{} regels", log.len()));
    super::record(&grant, &entry).await?;
    let refused_mail = db.refused_mail(50).await.map_err(super::store_error)?;
    Ok(AdminData {
        users: db.users().await.map_err(super::store_error)?,
        log,
        organisations,
        unlinked,
        refused_mail,
    })
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        LogFilter { user: q.get("user"), case_id: q.get("case_id"), from: q.get("from"), to: q.get("to") }
            .normalized()
    };
    let data = super::page_data(filter, fetch_admin, false);
    view! {
        <PageHeading slug="beheer"/>
        <PostNotice/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Admin data filter=filter()/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Admin(data: AdminData, filter: LogFilter) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Users users=data.users/>
        <NewUser/>
        <Organisations organisations=data.organisations unlinked=data.unlinked/>
        <crate::components::refused_mail::RefusedMail mails=data.refused_mail/>
        <h2>{t(locale, "subject-title")}</h2>
        <p><a href="/beheer/inzage">{t(locale, "admin-subject-link")}</a></p>
        <AccessLog log=data.log filter/>
    }
}

fn role_name(code: &str, locale: Locale) -> String {
    Role::from_code(code).map_or_else(|| t(locale, "admin-role-unknown"), |role| role.name(locale))
}

#[component]
fn RoleSelect(id: String, current: Option<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <select id=id name="role">
            {Role::ALL.into_iter().map(|r| {
                let selected = current.as_deref() == Some(r.code());
                view! { <option value=r.code() selected=selected>{r.name(locale)}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
fn Users(users: Vec<UserSummary>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "admin-users")}</h2>
        <div class="table-wrap">
            <table class="data-table" data-testid="users">
                <ColumnHeads keys=&["admin-email", "admin-role-organisation", "queue-status", "admin-new-password"]/>
                <tbody>
                    {users.into_iter().map(|u| view! { <UserRow user=u/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A user's state in words, and the key and value of the button that turns it round.
fn user_status(user: &UserSummary, locale: Locale) -> (String, &'static str, &'static str) {
    let status = match (user.disabled, &user.locked_until) {
        (true, _) => t(locale, "admin-disabled"),
        (false, Some(until)) => {
            let until = until.replace('T', " ").trim_end_matches('Z').to_owned();
            t_with(locale, "admin-locked-until", &[("until", until.into())])
        }
        (false, None) => t(locale, "admin-active"),
    };
    match user.disabled {
        true => (status, "0", "admin-enable"),
        false => (status, "1", "admin-disable"),
    }
}

#[component]
fn UserRow(user: UserSummary) -> impl IntoView {
    let locale = use_locale();
    let id = user.id.to_string();
    let (status, toggle_value, toggle_key) = user_status(&user, locale);
    let about = |key: &str| t_with(locale, key, &[("email", user.email.clone().into())]);
    view! {
        <tr>
            <th scope="row">{user.email.clone()}</th>
            <td>
                <form method="post" action="/beheer/gebruikers/rol" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for=format!("role-{id}")>{about("admin-role-of")}</label>
                    <RoleSelect id=format!("role-{id}") current=Some(user.role.clone())/>
                    <label class="visually-hidden" for=format!("org-{id}")>{about("admin-organisation-of")}</label>
                    <input type="text" id=format!("org-{id}") name="organisation" placeholder=t(locale, "admin-organisation-placeholder")
                        value=user.organisation.clone().unwrap_or_default()/>
                    <button type="submit">{t(locale, "settings-save")}</button>
                </form>
                <span class="hint">{role_name(&user.role, locale)}</span>
                {(user.role == Role::Consultant.code()).then(|| view! { <ConsultantName user=user.clone()/> })}
            </td>
            <td>
                <form method="post" action="/beheer/gebruikers/status" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="disabled" value=toggle_value/>
                    <span>{status}</span>
                    <button type="submit">{t(locale, toggle_key)}</button>
                </form>
            </td>
            <td>
                <form method="post" action="/beheer/gebruikers/wachtwoord" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for=format!("pw-{id}")>{about("admin-password-for")}</label>
                    <input type="password" id=format!("pw-{id}") name="password" autocomplete="new-password" minlength="12" required/>
                    <button type="submit">{t(locale, "admin-set")}</button>
                </form>
            </td>
        </tr>
    }
}

/// A consultant's name as the exports spell it, so that the pages mark their own cases.
#[component]
fn ConsultantName(user: UserSummary) -> impl IntoView {
    let locale = use_locale();
    let field = format!("consultant-{}", user.id);
    view! {
        <form method="post" action="/beheer/gebruikers/consulent" class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string()/>
            <label for=field.clone()>{t(locale, "admin-consultant-name")}</label>
            <input type="text" id=field name="consultant_name" maxlength="200"
                value=user.consultant_name.clone().unwrap_or_default()/>
            <button type="submit">{t(locale, "settings-save")}</button>
        </form>
    }
}

#[component]
fn NewUser() -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="post" action="/beheer/gebruikers" class="form">
            <h2>{t(locale, "admin-new-user")}</h2>
            <div class="field">
                <label for="new-email">{t(locale, "admin-email")}</label>
                <input type="email" id="new-email" name="email" required/>
            </div>
            <div class="field">
                <label for="new-role">{t(locale, "admin-role")}</label>
                <RoleSelect id="new-role".to_owned() current=None/>
            </div>
            <div class="field">
                <label for="new-org">{t(locale, "admin-new-organisation")}</label>
                <input type="text" id="new-org" name="organisation"/>
            </div>
            <div class="field">
                <label for="new-password">{t(locale, "admin-password")}</label>
                <input type="password" id="new-password" name="password" autocomplete="new-password" minlength="12" required/>
            </div>
            <button type="submit">{t(locale, "admin-create-user")}</button>
        </form>
    }
}

#[component]
fn Organisations(organisations: Vec<(String, Vec<String>)>, unlinked: Vec<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "admin-organisations")}</h2>
        <p>{t(locale, "admin-organisations-hint")}</p>
        <div class="table-wrap">
            <table class="data-table" data-testid="organisations">
                <ColumnHeads keys=&["admin-organisation", "admin-export-names"]/>
                <tbody>
                    {organisations.into_iter().map(|(name, names)| view! {
                        <tr><th scope="row">{name}</th><td>{if names.is_empty() { t(locale, "admin-no-names") } else { names.join(" · ") }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <form method="post" action="/beheer/organisaties" class="form">
            <h3>{t(locale, "admin-link-name")}</h3>
            <div class="field">
                <label for="link-name">{t(locale, "admin-export-name")}</label>
                <input type="text" id="link-name" name="export_name" list="unlinked-names" required/>
                <datalist id="unlinked-names">
                    {unlinked.into_iter().map(|n| view! { <option value=n/> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="link-org">{t(locale, "admin-organisation")}</label>
                <input type="text" id="link-org" name="organisation" required/>
            </div>
            <button type="submit">{t(locale, "admin-link")}</button>
        </form>
    }
}

#[component]
fn AccessLog(log: Vec<LogLine>, filter: LogFilter) -> impl IntoView {
    let locale = use_locale();
    // The log's actions, details and outcomes are kept in Dutch: marked so for another reader.
    let lang = locale.of_stored_dutch();
    view! {
        <h2>{t(locale, "admin-log")}</h2>
        <LogFilterForm filter/>
        <div class="table-wrap">
            <table class="data-table" data-testid="access-log">
                <caption>{t(locale, "admin-log-caption")}</caption>
                <ColumnHeads keys=&["admin-log-time", "admin-user", "admin-log-action", "chart-case", "admin-log-detail", "admin-log-outcome"]/>
                <tbody>
                    {log.into_iter().map(|l| view! {
                        <tr>
                            <td class="date">{format!("{} {}", local_date(&l.at, locale), l.at.get(11..16).unwrap_or_default())}</td>
                            <td>{l.email.unwrap_or_default()}</td>
                            <td lang=lang>{l.action}</td>
                            <td>{l.case_id.unwrap_or_default()}</td>
                            <td lang=lang>{l.detail.unwrap_or_default()}</td>
                            <td lang=lang>{l.outcome}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The access log's filter: part of an e-mail address, a case, a period; and its CSV.
#[component]
fn LogFilterForm(filter: LogFilter) -> impl IntoView {
    let locale = use_locale();
    let csv = href("/beheer/logboek.csv", &filter.pairs());
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    view! {
        <form method="get" action="/beheer" class="filter-bar" aria-label=t(locale, "admin-log-filter")>
            <div class="filter-fields">
                <div class="field"><label for="log-user">{t(locale, "admin-log-user")}</label>
                    <input type="text" id="log-user" name="user" value=value(&filter.user)/></div>
                <div class="field"><label for="log-case">{t(locale, "export-case-id")}</label>
                    <input type="text" id="log-case" name="case_id" value=value(&filter.case_id)/></div>
                <div class="field"><label for="log-from">{t(locale, "admin-log-from")}</label>
                    <input type="date" id="log-from" name="from" value=value(&filter.from)/></div>
                <div class="field"><label for="log-to">{t(locale, "admin-log-to")}</label>
                    <input type="date" id="log-to" name="to" value=value(&filter.to)/></div>
            </div>
            <div class="filter-actions"><button type="submit">{t(locale, "status-show")}</button> <a href=csv download>{t(locale, "admin-log-csv")}</a></div>
        </form>
    }
}
