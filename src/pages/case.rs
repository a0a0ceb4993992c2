//! A case page: everything the export says about one case, as far as the user's role may see
//! it. Every view is written to the access log; a case outside the user's scope is a 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::timeline::Timeline;
use crate::domain::filters::ViewInfo;
use crate::domain::problems::DeclarationProblem;
use crate::domain::queue::CaseDetail;
use crate::domain::report::dutch_date;
use crate::domain::{product_label, Outcome, RequestType};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseView {
    pub info: ViewInfo,
    pub case: CaseDetail,
    /// Declaration problems reported on the case (a provider: its own organisation's).
    pub problems: Vec<DeclarationProblem>,
    pub may_report: bool,
    pub may_close: bool,
    /// The case's evaluation forms, newest first (a provider: its own organisation's); shown to
    /// those who may download or upload them.
    pub forms: Option<Vec<crate::domain::forms::EvaluationForm>>,
    /// An open reindication and a user who may upload a form for it.
    pub may_upload: bool,
    pub may_assess: bool,
    /// Whether the user sees the municipality's handling (who, when, the decision).
    pub sees_staff: bool,
    /// What changed between the exports, oldest first (a provider: without staff names).
    pub history: Vec<crate::domain::flow::CaseEvent>,
    /// When the forms that passed their term came (`YYYY-MM-DD`), for those who see forms.
    pub removed_forms: Vec<String>,
    /// N when the case is stalled: unchanged in each of the last N exports.
    pub stalled: Option<usize>,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_case(case_id: String) -> Result<CaseView, ServerFnError> {
    use crate::domain::access::Action;
    let grant = super::require(Action::Queue).await?;
    let query = grant.view(crate::domain::filters::ViewQuery::default());
    let analytics = expect_context::<crate::analytics::Analytics>();
    let found = analytics.case(&query, &case_id).await.map_err(super::analytics_error)?;
    let mut entry = grant.entry("zaak bekeken", if found.is_some() { "gelukt" } else { "niet gevonden" });
    entry.case_id = Some(case_id.clone());
    entry.client_ref = found.as_ref().map(|(_, c)| c.row.client_ref.clone());
    super::record(&grant, &entry).await?;
    let Some((info, case)) = grant.release(found) else {
        super::set_status(axum::http::StatusCode::NOT_FOUND);
        return Err(ServerFnError::new(
            "Deze zaak staat niet in de nieuwste export, of u heeft er geen toegang toe.",
        ));
    };
    let history = analytics.history(&query, &case_id).await.map_err(super::analytics_error)?;
    let (_, flow) = analytics.flow(&query).await.map_err(super::analytics_error)?;
    let stalled =
        flow.stalled_ids.binary_search(&case_id).is_ok().then(|| analytics.settings().stalled_snapshots);
    let db = expect_context::<crate::store::Db>();
    let organisation_id = grant.organisation_id();
    let problems_query =
        crate::store::problems::ProblemQuery { case_id: Some(&case_id), organisation_id, open_only: false };
    // Declaration problems belong to the declaration-risk view (spec/access.md).
    let problems = match grant.may(Action::Risk) {
        true => db.problems(&problems_query).await.map_err(super::store_error)?,
        false => Vec::new(),
    };
    let may_upload = grant.may(Action::UploadForm) && case.open && case.row.request_type == "reindication";
    let forms = if grant.may(Action::DownloadForm) || may_upload {
        let query = crate::store::forms::FormQuery {
            case_id: Some(&case_id),
            organisation_id,
            limit: 100,
            ..Default::default()
        };
        Some(db.forms(&query).await.map_err(super::store_error)?)
    } else {
        None
    };
    let removed_forms = match forms.is_some() {
        true => db.form_traces(&case_id, organisation_id).await.map_err(super::store_error)?,
        false => Vec::new(),
    };
    Ok(CaseView {
        info,
        case,
        problems: grant.release(problems),
        may_report: grant.may(Action::ReportProblem),
        may_close: grant.may(Action::CloseProblem),
        forms: grant.release(forms),
        may_upload,
        may_assess: grant.may(Action::AssessForm),
        sees_staff: crate::domain::redact::sees_staff(grant.role()),
        history: grant.release(history.unwrap_or_default()),
        removed_forms: removed_forms.iter().map(|at| amsterdam_date(at)).collect(),
        stalled,
    })
}

/// The day of an RFC 3339 time in the Netherlands, `YYYY-MM-DD`.
#[cfg(feature = "ssr")]
fn amsterdam_date(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%Y-%m-%d").to_string(),
        Err(_) => at.chars().take(10).collect(),
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let case_id = move || params.read().get("id").unwrap_or_default();
    let data = super::page_data(case_id, fetch_case, false);
    view! {
        <Title text="Zaak"/>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Case view/> }.into_any(),
                    Err(e) => view! { <h1>"Zaak"</h1> <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Case(view: CaseView) -> impl IntoView {
    let case = view.case;
    let row = case.row.clone();
    let date = |d: &Option<String>| d.as_deref().map_or("–".to_owned(), dutch_date);
    let kind = RequestType::from_key(&row.request_type)
        .map_or(row.request_type.clone(), |t| t.name(crate::i18n::Locale::Nl));
    let product = product_label(&row.product, crate::i18n::Locale::Nl)
        .map_or(row.product.clone(), |l| format!("{} – {l}", row.product));
    let state = match (case.open, row.picked_up) {
        (false, _) => "afgesloten".to_owned(),
        (true, false) => "open, nog niet opgepakt".to_owned(),
        (true, true) => "open, opgepakt".to_owned(),
    };
    let outcome = case
        .outcome
        .as_deref()
        .and_then(Outcome::from_key)
        .map_or("–".to_owned(), |o| o.name(crate::i18n::Locale::Nl));
    let handling = [
        ("In behandeling sinds", date(&case.assigned_on)),
        ("Datum besluit", date(&case.decided_on)),
        ("Uitkomst", outcome.to_owned()),
    ];
    let mut fields: Vec<(&str, String)> = vec![
        ("Cliëntnummer", row.client_ref.clone()),
        ("Soort aanvraag", kind),
        ("Product", product),
        ("Gemeente", row.municipality.clone()),
        ("Aanbieder", row.provider.clone().unwrap_or_else(|| "–".into())),
        ("Status", state),
        ("Datum melding", dutch_date(&row.received_on)),
        ("Dagen open", if case.open { row.days_open.to_string() } else { "–".into() }),
        ("Einddatum indicatie", date(&row.indication_end)),
        ("Indicatie verlopen", if row.lapsed { "ja" } else { "nee" }.to_owned()),
    ];
    if view.sees_staff {
        fields.splice(8..8, handling);
    }
    // A provider sees that someone picked the case up (the status), not who.
    if view.sees_staff {
        fields.insert(6, ("Consulent", row.consultant.clone().unwrap_or_else(|| "niet opgepakt".to_owned())));
    }
    view! {
        <h1>{format!("Zaak {}", row.case_id)}</h1>
        <p class="view-note">"Volgens de export van " {dutch_date(&view.info.snapshot.as_of)} "."</p>
        <dl class="case-fields" data-testid="case">
            {fields.into_iter().map(|(label, value)| view! { <dt>{label}</dt> <dd>{value}</dd> }).collect_view()}
        </dl>
        {view.stalled.map(|n| view! {
            <p class="utrecht-alert utrecht-alert--warning" role="note" data-testid="stalled">
                {format!("Stilgevallen: in de laatste {n} exports is aan deze zaak niets veranderd (consulent, datums, einddatum indicatie).")}
            </p>
        })}
        <Timeline events=view.history removed_forms=view.removed_forms/>
        {view.forms.map(|forms| view! {
            <Forms case_id=row.case_id.clone() forms may_upload=view.may_upload may_assess=view.may_assess/>
        })}
        <Problems case_id=row.case_id.clone() problems=view.problems may_report=view.may_report may_close=view.may_close/>
        <p><a href="/werkvoorraad">"Terug naar de werkvoorraad"</a></p>
    }
}

/// The evaluation forms of a reindication, and the upload form when it is still open.
#[component]
fn Forms(
    case_id: String,
    forms: Vec<crate::domain::forms::EvaluationForm>,
    may_upload: bool,
    may_assess: bool,
) -> impl IntoView {
    use super::forms::{FormList, FormStateBadge, UploadForm};
    let back = format!("/zaak/{}", crate::domain::filters::encode(&case_id));
    let state = forms.first().map_or(crate::domain::forms::FormState::Missing, |f| f.state());
    let count = match forms.len() {
        0 => "Er is nog geen evaluatieformulier ontvangen.".to_owned(),
        1 => "Eén versie ontvangen.".to_owned(),
        n => format!("{n} versies ontvangen, de nieuwste eerst; de nieuwste telt."),
    };
    view! {
        <section aria-labelledby="evaluatie">
            <h2 id="evaluatie">"Evaluatieformulier"</h2>
            <p data-testid="case-form-state">"Stand: " <FormStateBadge state=Some(state)/> " " {count}</p>
            {(!forms.is_empty()).then(|| view! { <FormList forms may_assess back=back.clone() with_case=false may_withdraw=may_upload && !may_assess/> })}
            {may_upload.then(|| view! {
                <h3>"Een (nieuwe versie van het) evaluatieformulier uploaden"</h3>
                <UploadForm cases=vec![(case_id.clone(), case_id.clone())] back/>
            })}
        </section>
    }
}

/// The declaration problems of a case, the report form (providers) and the close form
/// (contract management).
#[component]
fn Problems(
    case_id: String,
    problems: Vec<DeclarationProblem>,
    may_report: bool,
    may_close: bool,
) -> impl IntoView {
    let shown = !problems.is_empty() || may_report;
    let action = format!("/zaak/{}/probleem", crate::domain::filters::encode(&case_id));
    shown.then(|| view! {
        <section aria-labelledby="problemen">
            <h2 id="problemen">"Declaratieproblemen"</h2>
            {problems.is_empty().then(|| view! { <p>"Er zijn geen problemen gemeld bij deze zaak."</p> })}
            <ul class="problems" data-testid="problems">
                {problems.into_iter().map(|p| view! { <ProblemItem problem=p may_close/> }).collect_view()}
            </ul>
            {may_report.then(|| view! {
                <form method="post" action=action class="form">
                    <h3>"Een declaratieprobleem melden"</h3>
                    <div class="field">
                        <label for="p-description">"Wat gaat er mis?"</label>
                        <textarea id="p-description" name="description" rows="4" maxlength="2000" required></textarea>
                    </div>
                    <div class="field">
                        <label for="p-amount">"Bedrag in euro (optioneel)"</label>
                        <input type="text" inputmode="decimal" id="p-amount" name="amount"/>
                    </div>
                    <div class="field">
                        <label for="p-from">"Periode vanaf (optioneel)"</label>
                        <input type="date" id="p-from" name="period_from"/>
                    </div>
                    <div class="field">
                        <label for="p-to">"Periode tot en met (optioneel)"</label>
                        <input type="date" id="p-to" name="period_to"/>
                    </div>
                    <button type="submit">"Melding versturen"</button>
                </form>
            })}
        </section>
    })
}

#[component]
fn ProblemItem(problem: DeclarationProblem, may_close: bool) -> impl IntoView {
    let state = match (&problem.closed_at, &problem.close_note) {
        (Some(at), note) => format!("Gesloten op {}: {}", dutch_date(at), note.clone().unwrap_or_default()),
        (None, _) => "Open".to_owned(),
    };
    let period = match (&problem.period_from, &problem.period_to) {
        (None, None) => String::new(),
        (from, to) => format!(
            " Periode: {} t/m {}.",
            from.as_deref().map_or("–".into(), dutch_date),
            to.as_deref().map_or("–".into(), dutch_date)
        ),
    };
    let amount = problem
        .amount_eur
        .map(|a| format!(" Bedrag: {} euro.", crate::domain::report::euros(a)))
        .unwrap_or_default();
    let close = format!("/problemen/{}/sluiten", problem.id);
    let note_id = format!("note-{}", problem.id);
    let open = problem.is_open();
    view! {
        <li class="problem">
            <p><strong>{problem.organisation.clone()}</strong> ", " {dutch_date(&problem.reported_at)} ": " {problem.description.clone()} {amount} {period}</p>
            <p class="problem-state">{state}</p>
            {(may_close && open).then(|| view! {
                <form method="post" action=close class="inline-form">
                    <label for=note_id.clone()>"Notitie bij het sluiten"</label>
                    <input type="text" id=note_id name="note" required/>
                    <button type="submit">"Sluiten"</button>
                </form>
            })}
        </li>
    }
}
