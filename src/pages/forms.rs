//! Evaluaties: the forms waiting for an assessment (consultants, team lead) and the newest
//! forms (a provider: its own), each with its status.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Loading, PageHeading};
use crate::components::evaluation_form::FormList;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::forms::EvaluationForm;
use crate::i18n::{t, t_with, use_locale};

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
    view! {
        <PageHeading slug="evaluaties" purpose=true/>
        <PostNotice/>
        <Suspense fallback=Loading>
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
    let (may_assess, locale) = (overview.may_assess, use_locale());
    let waiting = match overview.to_assess.len() {
        1 => t(locale, "forms-waiting-one"),
        n => t_with(locale, "forms-waiting", &[("count", n.into())]),
    };
    view! {
        {may_assess.then(|| view! {
            <section aria-labelledby="te-beoordelen">
                <h2 id="te-beoordelen">{t(locale, "forms-to-assess")}</h2>
                {if overview.to_assess.is_empty() {
                    view! { <p>{t(locale, "forms-none-waiting")}</p> }.into_any()
                } else {
                    view! {
                        <p>{waiting}</p>
                        <FormList forms=overview.to_assess.clone() may_assess back="/evaluaties".into() with_case=true/>
                    }.into_any()
                }}
            </section>
        })}
        <section aria-labelledby="recent">
            <h2 id="recent">{t(locale, "forms-recent")}</h2>
            {if overview.recent.is_empty() {
                view! { <p>{t(locale, "forms-none-received")}</p> }.into_any()
            } else {
                view! { <FormList forms=overview.recent may_assess=false back="/evaluaties".into() with_case=true/> }.into_any()
            }}
        </section>
    }
}
