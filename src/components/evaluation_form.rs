//! The pieces of an evaluation form that several pages show: its versions with their state,
//! the assessment form, the state badge and the upload form (plain forms that work without wasm).

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::filters::encode;
use crate::domain::forms::{file_size, EvaluationForm, FormState};
use crate::i18n::{t, t_with, use_locale, Locale};

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
    let locale = use_locale();
    view! {
        <ul class="form-versions" data-testid="forms">
            {forms.into_iter().map(|form| view! { <FormItem form may_assess back=back.clone() with_case may_withdraw locale/> }).collect_view()}
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
    locale: Locale,
) -> impl IntoView {
    let withdraw = (may_withdraw && form.assessment.is_none())
        .then(|| view! { <WithdrawForm id=form.id back=back.clone() locale/> });
    let state = form.state();
    let case_link = with_case.then(|| {
        let href = format!("/zaak/{}", encode(&form.case_id));
        view! { {t(locale, "chart-case")} " " <a href=href>{form.case_id.clone()}</a> ", " }
    });
    let date = |d: &str| local_date(d, locale);
    let received = t_with(locale, "form-received", &[("date", date(&form.uploaded_at).into())]);
    let by =
        form.uploaded_by.clone().map(|by| format!(" {}", t_with(locale, "form-by", &[("name", by.into())])));
    let organisation = form.organisation.clone().map(|o| format!(" ({o})")).unwrap_or_default();
    let reason = form.assessment.as_ref().and_then(|a| a.reason.clone());
    let assessed = form.assessment.as_ref().map(|a| {
        let by = a.assessed_by.clone().unwrap_or_else(|| t(locale, "form-the-municipality"));
        let args = [("date", date(&a.assessed_at).into()), ("name", by.into())];
        format!(" {}", t_with(locale, "form-assessed", &args))
    });
    let counsellor = t_with(
        locale,
        "form-counsellor",
        &[
            ("name", form.counsellor_name.clone().into()),
            ("phone", form.counsellor_phone.clone().into()),
            ("email", form.counsellor_email.clone().into()),
            ("from", date(&form.period_from).into()),
            ("to", date(&form.period_to).into()),
        ],
    );
    let remark = form.remark.clone().map(|r| view! { <p>{t(locale, "form-remark")} " " {r}</p> });
    view! {
        <li class="form-version" data-testid="form">
            <p>
                {case_link} {received} {by} {organisation} ": "
                <a href=format!("/api/v1/forms/{}", form.id) download>{form.file_name.clone()}</a>
                " (" {file_size(form.size_bytes)} ")"
            </p>
            <p>{counsellor}</p>
            {remark}
            <p class="form-state">
                {t(locale, "form-status")} " " <FormStateBadge state=Some(state)/> {assessed}
                {reason.map(|r| view! { " " {t(locale, "form-reason")} " " <span data-testid="form-reason">{r}</span> })}
            </p>
            {withdraw}
            {may_assess.then(|| view! { <AssessForm id=form.id back locale/> })}
        </li>
    }
}

/// The uploader's withdrawal of a form not yet assessed.
#[component]
fn WithdrawForm(id: i64, back: String, locale: Locale) -> impl IntoView {
    view! {
        <form method="post" action=format!("/formulieren/{id}/intrekken") class="withdraw-form">
            <input type="hidden" name="terug" value=back/>
            <button type="submit">{t(locale, "form-withdraw")}</button>
            <span class="hint">" " {t(locale, "form-withdraw-hint")}</span>
        </form>
    }
}

#[component]
fn AssessForm(id: i64, back: String, locale: Locale) -> impl IntoView {
    let reason_id = format!("reden-{id}");
    let (complete_id, incomplete_id) = (format!("compleet-{id}"), format!("incompleet-{id}"));
    view! {
        <form method="post" action=format!("/formulieren/{id}/beoordeling") class="inline-form assess-form">
            <input type="hidden" name="terug" value=back/>
            <fieldset>
                <legend>{t(locale, "form-assessment")}</legend>
                <input type="radio" id=complete_id.clone() name="oordeel" value="compleet" required/>
                <label for=complete_id>{t(locale, "form-complete")}</label>
                <input type="radio" id=incomplete_id.clone() name="oordeel" value="incompleet"/>
                <label for=incomplete_id>{t(locale, "form-incomplete")}</label>
            </fieldset>
            <label for=reason_id.clone()>{t(locale, "form-reason-label")}</label>
            <input type="text" id=reason_id name="reden" maxlength="2000"/>
            <button type="submit">{t(locale, "form-save")}</button>
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
    let label = state.map_or("–".to_owned(), |state| state.name(use_locale()));
    view! { <span class=class data-form-state=state.map(FormState::key)>{label}</span> }
}

/// The upload form: for one case (`cases` with one entry: a hidden field) or a choice of cases.
#[component]
pub fn UploadForm(cases: Vec<(String, String)>, back: String) -> impl IntoView {
    let locale = use_locale();
    let choice = if let [(case_id, _)] = cases.as_slice() {
        view! { <input type="hidden" name="case_id" value=case_id.clone()/> }.into_any()
    } else {
        view! {
            <div class="field">
                <label for="u-case">{t(locale, "chart-case")}</label>
                <select id="u-case" name="case_id" required>
                    {cases.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any()
    };
    let label = |key: &str| t(locale, key);
    view! {
        <form method="post" action="/formulieren" enctype="multipart/form-data" class="form upload-form">
            <input type="hidden" name="terug" value=back/>
            {choice}
            <div class="field">
                <label for="u-name">{label("upload-name")}</label>
                <input type="text" id="u-name" name="counsellor_name" autocomplete="name" maxlength="200" required/>
            </div>
            <div class="field">
                <label for="u-phone">{label("upload-phone")}</label>
                <input type="tel" id="u-phone" name="counsellor_phone" autocomplete="tel" required/>
            </div>
            <div class="field">
                <label for="u-email">{label("upload-email")}</label>
                <input type="email" id="u-email" name="counsellor_email" autocomplete="email" required/>
            </div>
            <div class="field">
                <label for="u-from">{label("upload-from")}</label>
                <input type="date" id="u-from" name="period_from" required/>
            </div>
            <div class="field">
                <label for="u-to">{label("upload-to")}</label>
                <input type="date" id="u-to" name="period_to" required/>
            </div>
            <div class="field">
                <label for="u-remark">{label("upload-remark")}</label>
                <textarea id="u-remark" name="remark" rows="3" maxlength="2000"></textarea>
            </div>
            <div class="field">
                <label for="u-file">{label("upload-file")}</label>
                <input type="file" id="u-file" name="file" required accept=".pdf,.docx,.odt,.xlsx,.jpg,.jpeg,.png"/>
            </div>
            <button type="submit">{label("upload-submit")}</button>
        </form>
    }
}
