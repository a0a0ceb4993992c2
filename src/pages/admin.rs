//! Beheer: users (create, disable, new password, role and organisation), organisations with the
//! provider names of the exports that belong to them, and the access log. Plain form posts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::access::{LogFilter, LogLine, Role, UserSummary};
use crate::domain::filters::href;
use crate::domain::report::dutch_date;

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
        <Title text="Beheer"/>
        <h1>"Beheer"</h1>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
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
    view! {
        <Users users=data.users/>
        <NewUser/>
        <Organisations organisations=data.organisations unlinked=data.unlinked/>
        <crate::components::refused_mail::RefusedMail mails=data.refused_mail/>
        <h2>"Inzageverzoek"</h2>
        <p><a href="/beheer/inzage">"Alles wat over één cliëntnummer is bewaard, en wie het bekeek"</a></p>
        <AccessLog log=data.log filter/>
    }
}

fn role_label(code: &str) -> &'static str {
    Role::from_code(code).map_or("onbekend", Role::label)
}

#[component]
fn RoleSelect(id: String, current: Option<String>) -> impl IntoView {
    view! {
        <select id=id name="role">
            {Role::ALL.into_iter().map(|r| {
                let selected = current.as_deref() == Some(r.code());
                view! { <option value=r.code() selected=selected>{r.label()}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
fn Users(users: Vec<UserSummary>) -> impl IntoView {
    view! {
        <h2>"Gebruikers"</h2>
        <div class="table-wrap">
            <table class="data-table" data-testid="users">
                <thead>
                    <tr>
                        <th scope="col">"E-mailadres"</th>
                        <th scope="col">"Rol en organisatie"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Nieuw wachtwoord"</th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().map(|u| view! { <UserRow user=u/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserRow(user: UserSummary) -> impl IntoView {
    let id = user.id.to_string();
    let status = match (user.disabled, &user.locked_until) {
        (true, _) => "uitgeschakeld".to_owned(),
        (false, Some(until)) => format!("geblokkeerd tot {}", until.replace('T', " ").trim_end_matches('Z')),
        (false, None) => "actief".to_owned(),
    };
    let (toggle_value, toggle_label) =
        if user.disabled { ("0", "Inschakelen") } else { ("1", "Uitschakelen") };
    let email = user.email.clone();
    view! {
        <tr>
            <th scope="row">{user.email.clone()}</th>
            <td>
                <form method="post" action="/beheer/gebruikers/rol" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for=format!("role-{id}")>{format!("Rol van {email}")}</label>
                    <RoleSelect id=format!("role-{id}") current=Some(user.role.clone())/>
                    <label class="visually-hidden" for=format!("org-{id}")>{format!("Organisatie van {email}")}</label>
                    <input type="text" id=format!("org-{id}") name="organisation" placeholder="organisatie (aanbieder)"
                        value=user.organisation.clone().unwrap_or_default()/>
                    <button type="submit">"Opslaan"</button>
                </form>
                <span class="hint">{role_label(&user.role)}</span>
                {(user.role == Role::Consultant.code()).then(|| view! { <ConsultantName user=user.clone()/> })}
            </td>
            <td>
                <form method="post" action="/beheer/gebruikers/status" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="disabled" value=toggle_value/>
                    <span>{status}</span>
                    <button type="submit">{toggle_label}</button>
                </form>
            </td>
            <td>
                <form method="post" action="/beheer/gebruikers/wachtwoord" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for=format!("pw-{id}")>{format!("Nieuw wachtwoord voor {}", user.email)}</label>
                    <input type="password" id=format!("pw-{id}") name="password" autocomplete="new-password" minlength="12" required/>
                    <button type="submit">"Instellen"</button>
                </form>
            </td>
        </tr>
    }
}

/// A consultant's name as the exports spell it, so that the pages mark their own cases.
#[component]
fn ConsultantName(user: UserSummary) -> impl IntoView {
    let field = format!("consultant-{}", user.id);
    view! {
        <form method="post" action="/beheer/gebruikers/consulent" class="inline-form">
            <input type="hidden" name="id" value=user.id.to_string()/>
            <label for=field.clone()>"Naam als consulent in de export"</label>
            <input type="text" id=field name="consultant_name" maxlength="200"
                value=user.consultant_name.clone().unwrap_or_default()/>
            <button type="submit">"Opslaan"</button>
        </form>
    }
}

#[component]
fn NewUser() -> impl IntoView {
    view! {
        <form method="post" action="/beheer/gebruikers" class="form">
            <h2>"Nieuwe gebruiker"</h2>
            <div class="field">
                <label for="new-email">"E-mailadres"</label>
                <input type="email" id="new-email" name="email" required/>
            </div>
            <div class="field">
                <label for="new-role">"Rol"</label>
                <RoleSelect id="new-role".to_owned() current=None/>
            </div>
            <div class="field">
                <label for="new-org">"Organisatie (alleen voor een aanbieder)"</label>
                <input type="text" id="new-org" name="organisation"/>
            </div>
            <div class="field">
                <label for="new-password">"Wachtwoord (minstens 12 tekens)"</label>
                <input type="password" id="new-password" name="password" autocomplete="new-password" minlength="12" required/>
            </div>
            <button type="submit">"Gebruiker aanmaken"</button>
        </form>
    }
}

#[component]
fn Organisations(organisations: Vec<(String, Vec<String>)>, unlinked: Vec<String>) -> impl IntoView {
    view! {
        <h2>"Organisaties en hun namen in de exports"</h2>
        <p>"Een aanbieder ziet alleen de zaken waarvan de aanbieder in de export een van de namen van de eigen organisatie is."</p>
        <div class="table-wrap">
            <table class="data-table" data-testid="organisations">
                <thead><tr><th scope="col">"Organisatie"</th><th scope="col">"Namen in de exports"</th></tr></thead>
                <tbody>
                    {organisations.into_iter().map(|(name, names)| view! {
                        <tr><th scope="row">{name}</th><td>{if names.is_empty() { "nog geen".to_owned() } else { names.join(" · ") }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <form method="post" action="/beheer/organisaties" class="form">
            <h3>"Een naam uit de exports koppelen"</h3>
            <div class="field">
                <label for="link-name">"Naam in de export"</label>
                <input type="text" id="link-name" name="export_name" list="unlinked-names" required/>
                <datalist id="unlinked-names">
                    {unlinked.into_iter().map(|n| view! { <option value=n/> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="link-org">"Organisatie"</label>
                <input type="text" id="link-org" name="organisation" required/>
            </div>
            <button type="submit">"Koppelen"</button>
        </form>
    }
}

#[component]
fn AccessLog(log: Vec<LogLine>, filter: LogFilter) -> impl IntoView {
    let csv = href("/beheer/logboek.csv", &filter.pairs());
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    view! {
        <h2>"Toegangslogboek"</h2>
        <form method="get" action="/beheer" class="filter-bar" aria-label="Logboek filteren">
            <div class="filter-fields">
                <div class="field"><label for="log-user">"Gebruiker (deel van e-mailadres)"</label>
                    <input type="text" id="log-user" name="user" value=value(&filter.user)/></div>
                <div class="field"><label for="log-case">"Zaaknummer"</label>
                    <input type="text" id="log-case" name="case_id" value=value(&filter.case_id)/></div>
                <div class="field"><label for="log-from">"Vanaf"</label>
                    <input type="date" id="log-from" name="from" value=value(&filter.from)/></div>
                <div class="field"><label for="log-to">"Tot en met"</label>
                    <input type="date" id="log-to" name="to" value=value(&filter.to)/></div>
            </div>
            <div class="filter-actions"><button type="submit">"Toon"</button> <a href=csv download>"Download als CSV"</a></div>
        </form>
        <div class="table-wrap">
            <table class="data-table" data-testid="access-log">
                <caption>"De nieuwste 200 regels van deze selectie (tijden in UTC)"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Tijdstip"</th><th scope="col">"Gebruiker"</th><th scope="col">"Actie"</th>
                        <th scope="col">"Zaak"</th><th scope="col">"Toelichting"</th><th scope="col">"Uitkomst"</th>
                    </tr>
                </thead>
                <tbody>
                    {log.into_iter().map(|l| view! {
                        <tr>
                            <td class="date">{format!("{} {}", dutch_date(&l.at), l.at.get(11..16).unwrap_or_default())}</td>
                            <td>{l.email.unwrap_or_default()}</td>
                            <td>{l.action}</td>
                            <td>{l.case_id.unwrap_or_default()}</td>
                            <td>{l.detail.unwrap_or_default()}</td>
                            <td>{l.outcome}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
