//! Mijn zaken: a provider's own page, where it lands after signing in. Its organisation's open
//! reindications, the oldest first: received, picked up or not, indication end, lapsed or not.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{FormStateBadge, UploadForm};
use super::nav_item;
use crate::components::early_warning::EarlyWarning;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::filters::encode;
use crate::domain::queue::QueueRow;
use crate::domain::report::dutch_date;
use crate::domain::warning::WarningCase;

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

#[component]
pub fn ProviderPage() -> impl IntoView {
    let data = super::page_data(|| (), |_| fetch_own_cases(), false);
    let purpose = nav_item("aanbieder").map_or(String::new(), |i| i.heading().1);
    view! {
        <Title text="Mijn zaken"/>
        <h1>"Mijn zaken"</h1>
        <p class="lead">{purpose}</p>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) => view! {
                        <EarlyWarning cases=data.early_warning lead_days=data.warning_lead_days/>
                        <OwnCases rows=data.rows/>
                    }
                    .into_any(),
                    Ok(None) => view! { <p>"Er is nog geen export van de gemeente ingelezen."</p> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnCases(rows: Vec<QueueRow>) -> impl IntoView {
    let lapsed = rows.iter().filter(|r| r.lapsed).count();
    let summary = match (rows.len(), lapsed) {
        (0, _) => "Uw organisatie heeft geen open herindicaties.".to_owned(),
        (n, 0) => format!("{n} open herindicaties; geen daarvan is verlopen."),
        (n, l) => format!("{n} open herindicaties, waarvan {l} met een verlopen indicatie."),
    };
    let choices: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.case_id.clone(), format!("{} (cliënt {})", r.case_id, r.client_ref)))
        .collect();
    let upload = (!choices.is_empty()).then(|| view! {
        <section aria-labelledby="uploaden">
            <h2 id="uploaden">"Een evaluatieformulier uploaden"</h2>
            <p>"Hoort bij een herindicatie. U kunt ook op de pagina van de zaak uploaden; daar ziet u eerdere versies en of ze compleet zijn."</p>
            <UploadForm cases=choices back="/aanbieder".into()/>
        </section>
    });
    view! {
        <p data-testid="own-summary">{summary}</p>
        <div class="table-wrap">
            <table class="data-table" data-testid="own-cases">
                <caption class="visually-hidden">"Open herindicaties van uw organisatie"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Zaak"</th>
                        <th scope="col">"Cliënt"</th>
                        <th scope="col">"Product"</th>
                        <th scope="col">"Gemeente"</th>
                        <th scope="col" class="date">"Melding"</th>
                        <th scope="col">"Opgepakt"</th>
                        <th scope="col" class="date">"Einddatum indicatie"</th>
                        <th scope="col">"Evaluatieformulier"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row"><a href=format!("/zaak/{}", encode(&row.case_id))>{row.case_id.clone()}</a></th>
                            <td>{row.client_ref}</td>
                            <td>{row.product}</td>
                            <td>{row.municipality}</td>
                            <td class="date">{dutch_date(&row.received_on)}</td>
                            <td>{if row.picked_up { "ja" } else { "nog niet" }}</td>
                            <td class="date">
                                {row.indication_end.as_deref().map(dutch_date).unwrap_or_default()}
                                {row.lapsed.then(|| view! { " " <span class="badge badge-error">"verlopen"</span> })}
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
