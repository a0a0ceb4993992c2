//! Inzageverzoek (Beheer): an admin enters a client number and sees everything held about that
//! client — cases per snapshot, forms (names and dates), problem reports, who looked — with a CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::filters::encode;
use crate::domain::report::dutch_date;
use crate::domain::subject::SubjectAccess;

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
    let query = use_query_map();
    let client = move || query.read().get("client").unwrap_or_default();
    let data = super::page_data(client, fetch_subject, false);
    view! {
        <Title text="Inzageverzoek"/>
        <h1>"Inzageverzoek van een cliënt"</h1>
        <PostNotice/>
        <p class="lead">"Alles wat werkvoorraad over één cliëntnummer bewaart: de zaken in elke momentopname, de evaluatieformulieren (naam en datum, niet de inhoud), de declaratieproblemen en wie deze gegevens heeft bekeken. Ook dit verzoek komt in het toegangslogboek."</p>
        <form method="get" action="/beheer/inzage" class="form filter-form">
            <div class="field">
                <label for="client">"Cliëntnummer"</label>
                <input type="text" id="client" name="client" required value=client/>
            </div>
            <button type="submit">"Opzoeken"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
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
    let csv = format!("/beheer/inzage.csv?client={}", encode(&access.client));
    let back = format!("/beheer/inzage?client={}", encode(&access.client));
    let text = |v: Option<String>| v.unwrap_or_default();
    let date = |v: Option<String>| v.as_deref().map(dutch_date).unwrap_or_default();
    view! {
        <section data-testid="subject-access" aria-labelledby="subject-heading">
            <h2 id="subject-heading">"Cliëntnummer " {access.client.clone()}</h2>
            <p><a href=csv download>"Alles als CSV downloaden"</a></p>
            <h3>"Zaken (" {access.cases.len()} " regels)"</h3>
            {access.cases.is_empty().then(|| view! { <p>"Geen zaken met dit cliëntnummer in de bewaarde momentopnamen."</p> })}
            <div class="table-wrap"><table data-testid="subject-cases">
                <thead><tr><th scope="col">"Momentopname"</th><th scope="col">"Zaak"</th><th scope="col">"Soort"</th><th scope="col">"Product"</th><th scope="col">"Aanbieder"</th><th scope="col">"Consulent"</th><th scope="col">"Gemeld"</th><th scope="col">"Besluit"</th><th scope="col">"Einddatum indicatie"</th></tr></thead>
                <tbody>{access.cases.into_iter().map(|c| view! {
                    <tr><td>{dutch_date(&c.as_of)}</td><td>{c.case_id}</td><td>{c.request_type}</td><td>{c.product}</td><td>{text(c.provider)}</td><td>{text(c.consultant)}</td><td>{dutch_date(&c.received_on)}</td><td>{date(c.decided_on)} " " {text(c.outcome)}</td><td>{date(c.indication_end)}</td></tr>
                }).collect_view()}</tbody>
            </table></div>
            <h3>"Evaluatieformulieren (" {access.forms.len()} ")"</h3>
            <ul data-testid="subject-forms">{access.forms.into_iter().map(|f| view! {
                <li>
                    {format!("Zaak {}: {} (ontvangen {})", f.case_id, f.file_name, dutch_date(f.uploaded_at.get(..10).unwrap_or_default()))}
                    <DeleteForm id=f.id back=back.clone()/>
                </li>
            }).collect_view()}</ul>
            <h3>"Declaratieproblemen (" {access.problems.len()} ")"</h3>
            <ul data-testid="subject-problems">{access.problems.into_iter().map(|p| view! {
                <li>{format!("Zaak {}: gemeld door {} op {}{}", p.case_id, p.organisation, dutch_date(p.reported_at.get(..10).unwrap_or_default()), if p.closed_at.is_some() { ", gesloten" } else { "" })}</li>
            }).collect_view()}</ul>
            <h3>"Wie heeft deze gegevens bekeken (" {access.log.len()} " regels)"</h3>
            <div class="table-wrap"><table data-testid="subject-log">
                <thead><tr><th scope="col">"Tijdstip (UTC)"</th><th scope="col">"Gebruiker"</th><th scope="col">"Rol"</th><th scope="col">"Actie"</th><th scope="col">"Zaak"</th><th scope="col">"Uitkomst"</th></tr></thead>
                <tbody>{access.log.into_iter().map(|l| view! {
                    <tr><td>{l.at}</td><td>{text(l.email)}</td><td>{text(l.role)}</td><td>{l.action}</td><td>{text(l.case_id)}</td><td>{l.outcome}</td></tr>
                }).collect_view()}</tbody>
            </table></div>
        </section>
    }
}

/// The admin's deletion of one form, with the reason the access log keeps.
#[component]
fn DeleteForm(id: i64, back: String) -> impl IntoView {
    let field = format!("reden-{id}");
    view! {
        <form method="post" action=format!("/beheer/formulieren/{id}/verwijderen") class="inline-form">
            <input type="hidden" name="terug" value=back/>
            <label for=field.clone()>"Reden van verwijderen"</label>
            <input type="text" id=field name="reden" required maxlength="500"/>
            <button type="submit">"Formulier verwijderen"</button>
        </form>
    }
}
