//! Inzageverzoek (Beheer): an admin enters a client number and sees everything held about that
//! client — cases per snapshot, forms (names and dates), problem reports, who looked — with a CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::table::ColumnHeads;
use crate::domain::access::{LogLine, Role};
use crate::domain::dates::local_date;
use crate::domain::filters::encode;
use crate::domain::subject::{ClientCase, SubjectAccess};
use crate::domain::{Outcome, RequestType};
use crate::i18n::{t, t_count, t_with, use_locale};

#[server]
pub async fn fetch_subject(client: String) -> Result<Option<SubjectAccess>, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Admin).await?;
    let client = client.trim().to_owned();
    if client.is_empty() {
        return Ok(None);
    }
    let db = expect_context::<crate::store::Db>();
    let access = db.subject_access(&client).await.map_err(super::store_error)?;
    let mut entry = grant.entry("inzageverzoek", "gelukt");
    entry.client_ref = Some(client);
    entry.detail = Some(format!(
        "scherm: {} zaakregels, {} regels in het logboek",
        access.cases.len(),
        access.log.len()
    ));
    super::record(&grant, &entry).await?;
    Ok(Some(access))
}

#[component]
pub fn SubjectPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let client = move || query.read().get("client").unwrap_or_default();
    let data = super::page_data(client, fetch_subject, false);
    view! {
        <Title text=t(locale, "subject-title")/>
        <h1>{t(locale, "subject-heading")}</h1>
        <PostNotice/>
        <p class="lead">{t(locale, "subject-lead")}</p>
        <form method="get" action="/beheer/inzage" class="form filter-form">
            <div class="field">
                <label for="client">{t(locale, "export-client")}</label>
                <input type="text" id="client" name="client" required value=client/>
            </div>
            <button type="submit">{t(locale, "subject-look-up")}</button>
        </form>
        <Suspense fallback=super::Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(access)) => view! { <Subject access/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Subject(access: SubjectAccess) -> impl IntoView {
    let locale = use_locale();
    let csv = format!("/beheer/inzage.csv?client={}", encode(&access.client));
    let back = format!("/beheer/inzage?client={}", encode(&access.client));
    let count = |key: &str, n: usize| t_with(locale, key, &[("count", n.into())]);
    let lines = |key: &str, n: usize| t_count(locale, key, n as u64, &[]);
    let day = move |at: &str| local_date(at.get(..10).unwrap_or_default(), locale);
    view! {
        <section data-testid="subject-access" aria-labelledby="subject-heading">
            <h2 id="subject-heading">{t(locale, "export-client")} " " {access.client.clone()}</h2>
            <p><a href=csv download>{t(locale, "subject-csv")}</a></p>
            <h3>{lines("subject-cases", access.cases.len())}</h3>
            {access.cases.is_empty().then(|| view! { <p>{t(locale, "subject-no-cases")}</p> })}
            <SubjectCases cases=access.cases/>
            <h3>{count("subject-forms", access.forms.len())}</h3>
            <ul data-testid="subject-forms">{access.forms.into_iter().map(|f| {
                let args = [("case", f.case_id.into()), ("file", f.file_name.into()), ("date", day(&f.uploaded_at).into())];
                view! {
                    <li>
                        {t_with(locale, "subject-form", &args)}
                        <DeleteForm id=f.id back=back.clone()/>
                    </li>
                }
            }).collect_view()}</ul>
            <h3>{count("subject-problems", access.problems.len())}</h3>
            <ul data-testid="subject-problems">{access.problems.into_iter().map(|p| {
                let key = if p.closed_at.is_some() { "subject-problem-closed" } else { "subject-problem" };
                let args = [("case", p.case_id.into()), ("organisation", p.organisation.into()), ("date", day(&p.reported_at).into())];
                view! { <li>{t_with(locale, key, &args)}</li> }
            }).collect_view()}</ul>
            <h3>{lines("subject-log", access.log.len())}</h3>
            <SubjectLog log=access.log/>
        </section>
    }
}

/// The client's cases, one row per snapshot that holds one.
#[component]
fn SubjectCases(cases: Vec<ClientCase>) -> impl IntoView {
    let locale = use_locale();
    let text = |v: Option<String>| v.unwrap_or_default();
    let date = move |v: Option<String>| v.map(|d| local_date(&d, locale)).unwrap_or_default();
    let request_type =
        move |code: &str| RequestType::from_key(code).map_or(code.to_owned(), |r| r.name(locale));
    let outcome = move |code: &str| Outcome::from_key(code).map_or(code.to_owned(), |o| o.name(locale));
    const COLUMNS: &[&str] = &[
        "filter-snapshot",
        "chart-case",
        "queue-kind",
        "filter-product",
        "filter-provider",
        "filter-consultant",
        "subject-received",
        "subject-decision",
        "queue-indication-end",
    ];
    view! {
        <div class="table-wrap"><table data-testid="subject-cases">
            <ColumnHeads keys=COLUMNS/>
            <tbody>{cases.into_iter().map(|c| view! {
                <tr><td>{local_date(&c.as_of, locale)}</td><td>{c.case_id}</td><td>{request_type(&c.request_type)}</td><td>{c.product}</td><td>{text(c.provider)}</td><td>{text(c.consultant)}</td><td>{local_date(&c.received_on, locale)}</td><td>{date(c.decided_on)} " " {c.outcome.as_deref().map(outcome).unwrap_or_default()}</td><td>{date(c.indication_end)}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

/// Who looked at the client's data: every access-log line that names it or one of its cases.
#[component]
fn SubjectLog(log: Vec<LogLine>) -> impl IntoView {
    let locale = use_locale();
    // The log's actions and outcomes are kept in Dutch: marked so for another reader.
    let lang = locale.of_stored_dutch();
    let text = |v: Option<String>| v.unwrap_or_default();
    let role = move |code: &str| Role::from_code(code).map_or(code.to_owned(), |r| r.name(locale));
    const COLUMNS: &[&str] = &[
        "subject-log-time",
        "admin-user",
        "admin-role",
        "admin-log-action",
        "chart-case",
        "admin-log-outcome",
    ];
    view! {
        <div class="table-wrap"><table data-testid="subject-log">
            <ColumnHeads keys=COLUMNS/>
            <tbody>{log.into_iter().map(|l| view! {
                <tr><td>{l.at}</td><td>{text(l.email)}</td><td>{l.role.as_deref().map(role).unwrap_or_default()}</td><td lang=lang>{l.action}</td><td>{text(l.case_id)}</td><td lang=lang>{l.outcome}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

/// The admin's deletion of one form, with the reason the access log keeps.
#[component]
fn DeleteForm(id: i64, back: String) -> impl IntoView {
    let locale = use_locale();
    let field = format!("reden-{id}");
    view! {
        <form method="post" action=format!("/beheer/formulieren/{id}/verwijderen") class="inline-form">
            <input type="hidden" name="terug" value=back/>
            <label for=field.clone()>{t(locale, "subject-delete-reason")}</label>
            <input type="text" id=field name="reden" required maxlength="500"/>
            <button type="submit">{t(locale, "subject-delete")}</button>
        </form>
    }
}
