//! A case page: everything the export says about one case, as far as the user's role may see
//! it. Every view is written to the access log; a case outside the user's scope is a 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::evaluation_form::{FormList, FormStateBadge, UploadForm};
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::problems::Problems;
use crate::components::timeline::Timeline;
use crate::domain::dates::local_date;
use crate::domain::filters::ViewInfo;
use crate::domain::problems::DeclarationProblem;
use crate::domain::queue::CaseDetail;
use crate::domain::{product_label, Outcome, RequestType};
use crate::i18n::{t, t_with, use_locale, Locale};

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
        return Err(ServerFnError::new(t(crate::i18n::current(), "error-case-not-found")));
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
        <Title text=t(use_locale(), "chart-case")/>
        <PostNotice/>
        <Suspense fallback=super::Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Case view/> }.into_any(),
                    Err(e) => view! { <h1>{t(use_locale(), "chart-case")}</h1> <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Case(view: CaseView) -> impl IntoView {
    let (case, locale) = (view.case, use_locale());
    let row = case.row.clone();
    let fields = fields(&case, view.sees_staff, locale);
    let export = local_date(&view.info.snapshot.as_of, locale);
    view! {
        <h1>{format!("{} {}", t(locale, "chart-case"), row.case_id)}</h1>
        <p class="view-note">{t_with(locale, "case-export", &[("date", export.into())])}</p>
        <dl class="case-fields" data-testid="case">
            {fields.into_iter().map(|(label, value)| view! { <dt>{t(locale, label)}</dt> <dd>{value}</dd> }).collect_view()}
        </dl>
        {view.stalled.map(|n| view! {
            <p class="utrecht-alert utrecht-alert--warning" role="note" data-testid="stalled">
                {t_with(locale, "case-stalled", &[("count", n.into())])}
            </p>
        })}
        <Timeline events=view.history removed_forms=view.removed_forms/>
        {view.forms.map(|forms| view! {
            <Forms case_id=row.case_id.clone() forms may_upload=view.may_upload may_assess=view.may_assess/>
        })}
        <Problems case_id=row.case_id.clone() problems=view.problems may_report=view.may_report may_close=view.may_close/>
        <p><a href="/werkvoorraad">{t(locale, "case-back")}</a></p>
    }
}

/// The case's fields as (catalogue key of the label, value); the municipality's handling only
/// for those who see staff: a provider sees that someone picked the case up, not who.
fn fields(case: &CaseDetail, sees_staff: bool, locale: Locale) -> Vec<(&'static str, String)> {
    let row = &case.row;
    let date = |d: &Option<String>| d.as_deref().map_or("–".to_owned(), |d| local_date(d, locale));
    let kind = RequestType::from_key(&row.request_type).map_or(row.request_type.clone(), |t| t.name(locale));
    let product =
        product_label(&row.product, locale).map_or(row.product.clone(), |l| format!("{} – {l}", row.product));
    let state = match (case.open, row.picked_up) {
        (false, _) => "case-closed",
        (true, false) => "case-open-unassigned",
        (true, true) => "case-open-picked-up",
    };
    let outcome =
        case.outcome.as_deref().and_then(Outcome::from_key).map_or("–".to_owned(), |o| o.name(locale));
    let mut fields = vec![
        ("export-client", row.client_ref.clone()),
        ("filter-request-type", kind),
        ("filter-product", product),
        ("filter-municipality", row.municipality.clone()),
        ("filter-provider", row.provider.clone().unwrap_or_else(|| "–".into())),
        ("queue-status", t(locale, state)),
        ("export-received", date(&Some(row.received_on.clone()))),
        ("queue-days-open", if case.open { row.days_open.to_string() } else { "–".into() }),
        ("queue-indication-end", date(&row.indication_end)),
        ("queue-chip-lapsed", t(locale, if row.lapsed { "yes" } else { "no" })),
    ];
    if sees_staff {
        let handling = [
            ("case-assigned-on", date(&case.assigned_on)),
            ("case-decided-on", date(&case.decided_on)),
            ("case-outcome", outcome),
        ];
        fields.splice(8..8, handling);
        let consultant = row.consultant.clone().unwrap_or_else(|| t(locale, "stage-unassigned"));
        fields.insert(6, ("filter-consultant", consultant));
    }
    fields
}

/// The evaluation forms of a reindication, and the upload form when it is still open.
#[component]
fn Forms(
    case_id: String,
    forms: Vec<crate::domain::forms::EvaluationForm>,
    may_upload: bool,
    may_assess: bool,
) -> impl IntoView {
    let (back, locale) = (format!("/zaak/{}", crate::domain::filters::encode(&case_id)), use_locale());
    let state = forms.first().map_or(crate::domain::forms::FormState::Missing, |f| f.state());
    let count = match forms.len() {
        0 => t(locale, "case-no-form"),
        1 => t(locale, "case-one-version"),
        n => t_with(locale, "case-versions", &[("count", n.into())]),
    };
    view! {
        <section aria-labelledby="evaluatie">
            <h2 id="evaluatie">{t(locale, "queue-form-label")}</h2>
            <p data-testid="case-form-state">{t(locale, "case-form-state")} " " <FormStateBadge state=Some(state)/> " " {count}</p>
            {(!forms.is_empty()).then(|| view! { <FormList forms may_assess back=back.clone() with_case=false may_withdraw=may_upload && !may_assess/> })}
            {may_upload.then(|| view! {
                <h3>{t(locale, "case-upload")}</h3>
                <UploadForm cases=vec![(case_id.clone(), case_id.clone())] back/>
            })}
        </section>
    }
}
