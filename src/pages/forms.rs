//! Evaluaties: the forms waiting for an assessment (consultants, team lead) or the provider's
//! own forms with their status; and the form pieces the case and provider pages share.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::nav_item;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::filters::encode;
use crate::domain::forms::{file_size, EvaluationForm, FormState};
use crate::domain::report::dutch_date;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FormsOverview {
    /// Forms nobody has assessed yet (for those who assess), the oldest upload first.
    pub to_assess: Vec<EvaluationForm>,
    /// The newest forms (a provider: its own organisation's).
    pub recent: Vec<EvaluationForm>,
    pub may_assess: bool,
}

#[server]
pub async fn fetch_forms() -> Result<FormsOverview, ServerFnError> {
    use crate::domain::access::Action;
    use crate::store::forms::FormQuery;
    let grant = super::require(Action::DownloadForm).await?;
    let db = expect_context::<crate::store::Db>();
    let may_assess = grant.may(Action::AssessForm);
    let to_assess = if may_assess {
        let query =
            FormQuery { to_assess_only: true, oldest_first: true, limit: 500, ..FormQuery::default() };
        db.forms(&query).await.map_err(super::store_error)?
    } else {
        Vec::new()
    };
    let query = FormQuery { organisation_id: grant.organisation_id(), limit: 100, ..FormQuery::default() };
    let recent = db.forms(&query).await.map_err(super::store_error)?;
    let mut entry = grant.entry("evaluatieformulieren bekeken", "gelukt");
    entry.detail = Some(format!("{} te beoordelen, {} recent", to_assess.len(), recent.len()));
    super::record(&grant, &entry).await?;
    Ok(FormsOverview { to_assess: grant.release(to_assess), recent: grant.release(recent), may_assess })
}

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    let data = super::page_data(|| (), |_| fetch_forms(), false);
    let purpose = nav_item("evaluaties").map_or(String::new(), |i| i.heading().1);
    view! {
        <Title text="Evaluaties"/>
        <h1>"Evaluaties"</h1>
        <p class="lead">{purpose}</p>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <Evaluations overview/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Evaluations(overview: FormsOverview) -> impl IntoView {
    let may_assess = overview.may_assess;
    view! {
        {may_assess.then(|| view! {
            <section aria-labelledby="te-beoordelen">
                <h2 id="te-beoordelen">"Nog te beoordelen"</h2>
                {if overview.to_assess.is_empty() {
                    view! { <p>"Er wachten geen formulieren op een beoordeling."</p> }.into_any()
                } else {
                    view! {
                        <p>{match overview.to_assess.len() {
                            1 => "Eén formulier wacht op een beoordeling.".to_owned(),
                            n => format!("{n} formulieren wachten op een beoordeling, het langst wachtende eerst."),
                        }}</p>
                        <FormList forms=overview.to_assess.clone() may_assess back="/evaluaties".into() with_case=true/>
                    }.into_any()
                }}
            </section>
        })}
        <section aria-labelledby="recent">
            <h2 id="recent">"Laatst ontvangen formulieren"</h2>
            {if overview.recent.is_empty() {
                view! { <p>"Er zijn nog geen evaluatieformulieren ontvangen."</p> }.into_any()
            } else {
                view! { <FormList forms=overview.recent may_assess=false back="/evaluaties".into() with_case=true/> }.into_any()
            }}
        </section>
    }
}

/// Form versions, newest first as given; each with its download link, state and (for those
/// who assess) the assessment form.
#[component]
pub fn FormList(
    forms: Vec<EvaluationForm>,
    may_assess: bool,
    back: String,
    with_case: bool,
    /// A provider may take back a form nobody assessed yet.
    #[prop(optional)]
    may_withdraw: bool,
) -> impl IntoView {
    view! {
        <ul class="form-versions" data-testid="forms">
            {forms.into_iter().map(|form| view! { <FormItem form may_assess back=back.clone() with_case may_withdraw/> }).collect_view()}
        </ul>
    }
}

#[component]
fn FormItem(
    form: EvaluationForm,
    may_assess: bool,
    back: String,
    with_case: bool,
    may_withdraw: bool,
) -> impl IntoView {
    let withdraw = (may_withdraw && form.assessment.is_none()).then(|| {
        let action = format!("/formulieren/{}/intrekken", form.id);
        view! {
            <form method="post" action=action class="withdraw-form">
                <input type="hidden" name="terug" value=back.clone()/>
                <button type="submit">"Formulier intrekken"</button>
                <span class="hint">" Het formulier en het bestand worden verwijderd."</span>
            </form>
        }
    });
    let state = form.state();
    let case_link = with_case.then(|| {
        let href = format!("/zaak/{}", encode(&form.case_id));
        view! { "Zaak " <a href=href>{form.case_id.clone()}</a> ", " }
    });
    let organisation = form.organisation.clone().map(|o| format!(" ({o})")).unwrap_or_default();
    let reason = form.assessment.as_ref().and_then(|a| a.reason.clone());
    let assessed = form
        .assessment
        .as_ref()
        .map(|a| {
            let by = a.assessed_by.clone().unwrap_or_else(|| "de gemeente".to_owned());
            format!(" Beoordeeld op {} door {by}.", dutch_date(&a.assessed_at))
        })
        .unwrap_or_default();
    let remark = form.remark.clone().map(|r| view! { <p>"Opmerking: " {r}</p> });
    view! {
        <li class="form-version" data-testid="form">
            <p>
                {case_link}
                "ontvangen op " {dutch_date(&form.uploaded_at)} {form.uploaded_by.clone().map(|by| format!(" van {by}"))} {organisation} ": "
                <a href=format!("/api/v1/forms/{}", form.id) download>{form.file_name.clone()}</a>
                " (" {file_size(form.size_bytes)} ")"
            </p>
            <p>
                "Begeleider: " {form.counsellor_name.clone()} ", " {form.counsellor_phone.clone()} ", "
                {form.counsellor_email.clone()} ". Periode: " {dutch_date(&form.period_from)} " t/m "
                {dutch_date(&form.period_to)} "."
            </p>
            {remark}
            <p class="form-state">
                "Status: " <FormStateBadge state=Some(state)/> {assessed}
                {reason.map(|r| view! { " Reden: " <span data-testid="form-reason">{r}</span> })}
            </p>
            {withdraw}
            {may_assess.then(|| view! { <AssessForm id=form.id back/> })}
        </li>
    }
}

#[component]
fn AssessForm(id: i64, back: String) -> impl IntoView {
    let reason_id = format!("reden-{id}");
    let (complete_id, incomplete_id) = (format!("compleet-{id}"), format!("incompleet-{id}"));
    view! {
        <form method="post" action=format!("/formulieren/{id}/beoordeling") class="inline-form assess-form">
            <input type="hidden" name="terug" value=back/>
            <fieldset>
                <legend>"Beoordeling"</legend>
                <input type="radio" id=complete_id.clone() name="oordeel" value="compleet" required/>
                <label for=complete_id>"Compleet"</label>
                <input type="radio" id=incomplete_id.clone() name="oordeel" value="incompleet"/>
                <label for=incomplete_id>"Incompleet"</label>
            </fieldset>
            <label for=reason_id.clone()>"Reden als het incompleet is"</label>
            <input type="text" id=reason_id name="reden" maxlength="2000"/>
            <button type="submit">"Opslaan"</button>
        </form>
    }
}

/// A form state as a short badge; "–" for a new request (no state).
#[component]
pub fn FormStateBadge(state: Option<FormState>) -> impl IntoView {
    let class = match state {
        Some(FormState::Ready) => "badge badge-success",
        Some(FormState::Incomplete) => "badge badge-error",
        Some(FormState::Missing) => "badge badge-warning",
        Some(FormState::ToAssess) => "badge badge-info",
        None => "",
    };
    let locale = super::use_body_locale();
    let label = state.map_or("–".to_owned(), |state| state.name(locale));
    view! { <span class=class data-form-state=state.map(FormState::key)>{label}</span> }
}

/// The upload form: for one case (`cases` with one entry: a hidden field) or a choice of cases.
#[component]
pub fn UploadForm(cases: Vec<(String, String)>, back: String) -> impl IntoView {
    let choice = if let [(case_id, _)] = cases.as_slice() {
        view! { <input type="hidden" name="case_id" value=case_id.clone()/> }.into_any()
    } else {
        view! {
            <div class="field">
                <label for="u-case">"Zaak"</label>
                <select id="u-case" name="case_id" required>
                    {cases.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any()
    };
    view! {
        <form method="post" action="/formulieren" enctype="multipart/form-data" class="form upload-form">
            <input type="hidden" name="terug" value=back/>
            {choice}
            <div class="field">
                <label for="u-name">"Naam van de begeleider"</label>
                <input type="text" id="u-name" name="counsellor_name" autocomplete="name" maxlength="200" required/>
            </div>
            <div class="field">
                <label for="u-phone">"Telefoon van de begeleider"</label>
                <input type="tel" id="u-phone" name="counsellor_phone" autocomplete="tel" required/>
            </div>
            <div class="field">
                <label for="u-email">"E-mail van de begeleider"</label>
                <input type="email" id="u-email" name="counsellor_email" autocomplete="email" required/>
            </div>
            <div class="field">
                <label for="u-from">"Evaluatie over de periode van"</label>
                <input type="date" id="u-from" name="period_from" required/>
            </div>
            <div class="field">
                <label for="u-to">"Evaluatie over de periode tot en met"</label>
                <input type="date" id="u-to" name="period_to" required/>
            </div>
            <div class="field">
                <label for="u-remark">"Opmerking (optioneel)"</label>
                <textarea id="u-remark" name="remark" rows="3" maxlength="2000"></textarea>
            </div>
            <div class="field">
                <label for="u-file">"Het evaluatieformulier: PDF, Word (.docx), OpenDocument (.odt), Excel (.xlsx), JPEG of PNG, hooguit 20 MB"</label>
                <input type="file" id="u-file" name="file" required accept=".pdf,.docx,.odt,.xlsx,.jpg,.jpeg,.png"/>
            </div>
            <button type="submit">"Formulier uploaden"</button>
        </form>
    }
}
