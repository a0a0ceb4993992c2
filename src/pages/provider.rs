//! Mijn zaken: a provider's own page, where it lands after signing in. Its organisation's open
//! reindications, the oldest first: received, picked up or not, indication end, lapsed or not.

use leptos::prelude::*;

use super::{Loading, PageHeading};
use crate::components::early_warning::EarlyWarning;
use crate::components::evaluation_form::{FormStateBadge, UploadForm};
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::table::ColumnHeads;
use crate::domain::dates::local_date;
use crate::domain::filters::encode;
use crate::domain::queue::QueueRow;
use crate::domain::warning::WarningCase;
use crate::i18n::{t, t_with, use_locale};

/// A provider's open reindications, and those whose last day to act comes soon.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct OwnCasesData {
    pub rows: Vec<QueueRow>,
    pub early_warning: Vec<WarningCase>,
    pub warning_lead_days: i32,
}

#[server]
pub async fn fetch_own_cases() -> Result<Option<OwnCasesData>, ServerFnError> {
    use crate::analytics::{Analytics, AnalyticsError};
    let grant = super::require(crate::domain::access::Action::OwnCases).await?;
    let mut query = grant.view(crate::domain::filters::ViewQuery::default());
    query.filters.request_type = Some("reindication".into());
    let params = crate::domain::queue::QueueParams { page: 1, ..Default::default() };
    let analytics = expect_context::<Analytics>();
    let (info, rows) = match analytics.queue_rows(&query, &params).await {
        Ok(found) => found,
        Err(AnalyticsError::NoSnapshot) => return Ok(None),
        Err(e) => return Err(super::analytics_error(e)),
    };
    let mut entry = grant.entry("zaken bekeken", "gelukt");
    entry.detail = Some(format!("mijn zaken, {} zaken, peildatum {}", rows.len(), info.as_of));
    super::record(&grant, &entry).await?;
    let early_warning = analytics.early_warning(&query).await.map_err(super::analytics_error)?;
    let warning_lead_days = analytics.settings().warning_lead_days;
    Ok(Some(OwnCasesData { rows: grant.release(rows), early_warning, warning_lead_days }))
}

/// The columns of the provider's own cases.
const HEADS: &[&str] = &[
    "chart-case",
    "queue-client",
    "filter-product",
    "filter-municipality",
    "queue-received",
    "chart-picked-up",
    "queue-indication-end",
    "queue-form-label",
];

#[component]
pub fn ProviderPage() -> impl IntoView {
    let data = super::page_data(|| (), |_| fetch_own_cases(), false);
    view! {
        <PageHeading slug="aanbieder" purpose=true/>
        <PostNotice/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) => view! {
                        <EarlyWarning cases=data.early_warning lead_days=data.warning_lead_days/>
                        <OwnCases rows=data.rows/>
                    }
                    .into_any(),
                    Ok(None) => view! { <p>{t(use_locale(), "own-no-export")}</p> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnCases(rows: Vec<QueueRow>) -> impl IntoView {
    let locale = use_locale();
    let lapsed = rows.iter().filter(|r| r.lapsed).count();
    let summary = match (rows.len(), lapsed) {
        (0, _) => t(locale, "own-none"),
        (n, 0) => t_with(locale, "own-none-lapsed", &[("count", n.into())]),
        (n, l) => t_with(locale, "own-some-lapsed", &[("count", n.into()), ("lapsed", l.into())]),
    };
    let choices: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let args = [("case", r.case_id.clone().into()), ("client", r.client_ref.clone().into())];
            (r.case_id.clone(), t_with(locale, "own-choice", &args))
        })
        .collect();
    let upload = (!choices.is_empty()).then(|| {
        view! {
            <section aria-labelledby="uploaden">
                <h2 id="uploaden">{t(locale, "own-upload")}</h2>
                <p>{t(locale, "own-upload-hint")}</p>
                <UploadForm cases=choices back="/aanbieder".into()/>
            </section>
        }
    });
    let date = move |d: &str| local_date(d, locale);
    view! {
        <p data-testid="own-summary">{summary}</p>
        <div class="table-wrap">
            <table class="data-table" data-testid="own-cases">
                <caption class="visually-hidden">{t(locale, "own-caption")}</caption>
                <ColumnHeads keys=HEADS classes=&["", "", "", "", "date", "", "date"]/>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row"><a href=format!("/zaak/{}", encode(&row.case_id))>{row.case_id.clone()}</a></th>
                            <td>{row.client_ref}</td>
                            <td>{row.product}</td>
                            <td>{row.municipality}</td>
                            <td class="date">{date(&row.received_on)}</td>
                            <td>{t(locale, if row.picked_up { "yes" } else { "own-not-yet" })}</td>
                            <td class="date">
                                {row.indication_end.as_deref().map(date).unwrap_or_default()}
                                {row.lapsed.then(|| view! { " " <span class="badge badge-error">{t(locale, "queue-lapsed")}</span> })}
                            </td>
                            <td><FormStateBadge state=row.form/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {upload}
    }
}
