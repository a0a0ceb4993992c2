//! Import: upload an export, see what became of it (summary, or every problem by row), map
//! unrecognised columns by hand, and the import history. The forms are plain HTML posts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::nav_item;
use crate::components::data_quality::DataQualityNotes;
use crate::components::import_history::ImportHistory;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::field::Field;
use crate::domain::flow::DataQuality;
use crate::domain::report::{dutch_date, ImportOutcome, Rejection, SnapshotInfo};

/// The outcome of a form post, given as context to the page rendered in answer to it.
#[derive(Clone, Debug)]
pub struct PostedImport(pub ImportOutcome);

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImportPageData {
    pub today: String,
    pub history: Vec<SnapshotInfo>,
    pub mappings: Vec<String>,
    /// The data-quality warnings of the snapshot just stored (`?momentopname=`).
    pub data_quality: Option<DataQuality>,
    /// The admin may delete a wrong snapshot.
    pub may_delete: bool,
}

#[server]
pub async fn fetch_import_page_data(stored: Option<i64>) -> Result<ImportPageData, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Import).await?;
    let data_quality = match stored {
        Some(id) => expect_context::<crate::analytics::Analytics>().data_quality(id).await.ok(),
        None => None,
    };
    let db = expect_context::<crate::store::Db>();
    let unavailable = |e: crate::store::StoreError| {
        tracing::error!(error = %e, "import page data");
        ServerFnError::new("De importgeschiedenis kon niet worden opgehaald. Probeer het later opnieuw.")
    };
    let mut history = db.snapshot_history(50).await.map_err(unavailable)?;
    for snapshot in &mut history {
        // Stored in UTC; shown in the server's local time, as people read the clock.
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&snapshot.imported_at) {
            snapshot.imported_at = at.with_timezone(&chrono::Local).to_rfc3339();
        }
    }
    Ok(ImportPageData {
        today: chrono::Local::now().date_naive().format("%Y-%m-%d").to_string(),
        history,
        mappings: db.mapping_names().await.map_err(unavailable)?,
        data_quality,
        may_delete: grant.may(crate::domain::access::Action::Admin),
    })
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let posted = use_context::<PostedImport>().map(|p| p.0);
    let outcome = super::page_data(
        || (),
        move |_| {
            let posted = posted.clone();
            async move { posted }
        },
        false,
    );
    let query = use_query_map();
    let stored = move || query.read().get("momentopname").and_then(|v| v.parse::<i64>().ok());
    let data = super::page_data(stored, fetch_import_page_data, false);
    view! {
        <Title text="Import"/>
        <h1>"Import"</h1>
        <p class="lead">{nav_item("import").map(|i| i.heading().1)}</p>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                let outcome = outcome.await;
                match data.await {
                    Ok(data) => view! {
                        {outcome.map(|o| view! { <OutcomePanel outcome=o today=data.today.clone()/> })}
                        {stored().and_then(|id| data.history.iter().find(|s| s.id == id).cloned())
                            .map(|s| view! {
                                <StoredPanel snapshot_id=s.id rows=s.row_count as_of=s.as_of warnings=s.warnings
                                    quality=data.data_quality.clone()/>
                            })}
                        <UploadForm today=data.today.clone() mappings=data.mappings.clone()/>
                        <ImportHistory history=data.history may_delete=data.may_delete/>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The green panel after a stored import.
#[component]
fn StoredPanel(
    snapshot_id: i64,
    rows: i64,
    as_of: String,
    warnings: Vec<String>,
    quality: Option<DataQuality>,
) -> impl IntoView {
    view! {
        <div class="utrecht-alert utrecht-alert--ok" role="status">
            <h2>"De export is ingelezen"</h2>
            <p data-testid="import-summary">
                {format!("Momentopname {snapshot_id} is opgeslagen: {rows} zaken, peildatum {}.", dutch_date(&as_of))}
            </p>
            <Warnings warnings/>
            {quality.map(|quality| view! { <DataQualityNotes quality/> })}
        </div>
    }
}

#[component]
fn OutcomePanel(outcome: ImportOutcome, today: String) -> impl IntoView {
    match outcome {
        ImportOutcome::Stored(s) => view! {
            <StoredPanel snapshot_id=s.snapshot_id rows={s.rows as i64} as_of=s.as_of warnings=s.warnings
                quality=s.data_quality/>
        }.into_any(),
        ImportOutcome::Rejected(rejection) => view! { <RejectionPanel rejection today/> }.into_any(),
        ImportOutcome::AlreadyImported { snapshot_id } => view! {
            <div class="utrecht-alert utrecht-alert--warning" role="alert">
                <p>{format!("Dit bestand is al ingelezen als momentopname {snapshot_id}. Er is niets opnieuw opgeslagen.")}</p>
            </div>
        }.into_any(),
        ImportOutcome::Failed { message } | ImportOutcome::Busy { message } => view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert"><p>{message}</p></div>
        }.into_any(),
    }
}

#[component]
fn Warnings(warnings: Vec<String>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <h3>"Waarschuwingen"</h3>
            <ul class="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
        }
    })
}

#[component]
fn RejectionPanel(rejection: Rejection, today: String) -> impl IntoView {
    let shown = rejection.problems.len();
    let more = (rejection.total > shown).then(|| format!(
        "Hieronder staan de eerste {shown} van {} fouten. Herstel ze en lees het bestand opnieuw in om de rest te zien.",
        rejection.total
    ));
    let headers = rejection.headers.clone();
    view! {
        <div class="utrecht-alert utrecht-alert--error" role="alert">
            <h2>"De export is afgekeurd"</h2>
            <p>{format!(
                "Er {} {} gevonden. Er is niets opgeslagen: herstel het bestand en lees het opnieuw in.",
                if rejection.total == 1 { "is" } else { "zijn" },
                if rejection.total == 1 { "1 fout".to_string() } else { format!("{} fouten", rejection.total) }
            )}</p>
            {more.map(|m| view! { <p>{m}</p> })}
        </div>
        <div class="table-wrap">
            <table class="data-table" data-testid="import-errors">
                <caption>"Fouten per regel (regel 1 is de kopregel)"</caption>
                <thead><tr><th scope="col">"Regel"</th><th scope="col">"Kolom"</th><th scope="col">"Waarde"</th><th scope="col">"Wat is er mis"</th></tr></thead>
                <tbody>
                    {rejection.problems.into_iter().map(|p| view! {
                        <tr><td class="num">{p.row}</td><td>{p.column}</td><td><code>{p.value}</code></td><td>{p.reason}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Warnings warnings=rejection.warnings.iter().map(ToString::to_string).collect()/>
        {(!headers.is_empty()).then(|| view! { <MappingForm headers today/> })}
    }
}

#[component]
fn MappingForm(headers: Vec<String>, today: String) -> impl IntoView {
    view! {
        <form class="form" method="post" action="/import" enctype="multipart/form-data">
            <h2>"Kolommen zelf koppelen"</h2>
            <p>"Niet alle verplichte kolommen zijn herkend. Kies per veld de kolom uit uw bestand, \
                kies het bestand opnieuw en lees het in. Bewaar de koppeling onder een naam om haar \
                de volgende keer te hergebruiken."</p>
            <fieldset>
                <legend>"Welke kolom hoort bij welk veld?"</legend>
                {Field::ALL.into_iter().map(|field| {
                    let id = format!("map_{}", field.name());
                    let label = if field.is_required() { format!("{} (verplicht)", capitalized(field.label())) } else { capitalized(field.label()) };
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <select id=id.clone() name=id>
                                <option value="">"— niet in dit bestand —"</option>
                                {headers.iter().filter(|h| !h.is_empty()).map(|h| view! { <option value=h.clone()>{h.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <FileAndDate today prefix="map"/>
            <div class="field">
                <label for="save_as">"Bewaar deze koppeling als (optioneel)"</label>
                <input id="save_as" name="save_as" type="text" autocomplete="off"/>
            </div>
            <button type="submit">"Koppelen en inlezen"</button>
        </form>
    }
}

/// The file and as-of date inputs; `prefix` keeps ids unique when two forms are shown.
#[component]
fn FileAndDate(today: String, prefix: &'static str) -> impl IntoView {
    let (file, as_of, hint) =
        (format!("{prefix}-file"), format!("{prefix}-as-of"), format!("{prefix}-as-of-hint"));
    view! {
        <div class="field">
            <label for=file.clone()>"Exportbestand (CSV of Excel .xlsx)"</label>
            <input id=file name="file" type="file" accept=".csv,.txt,.xlsx" required/>
        </div>
        <div class="field">
            <label for=as_of.clone()>"Peildatum"</label>
            <p class="hint" id=hint.clone()>"De dag waarop de export uit het zaaksysteem is gemaakt."</p>
            <input id=as_of name="as_of" type="date" value=today aria-describedby=hint required/>
        </div>
    }
}

/// "datum melding" → "Datum melding".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[component]
fn UploadForm(today: String, mappings: Vec<String>) -> impl IntoView {
    let busy = RwSignal::new(false);
    view! {
        <form class="form" method="post" action="/import" enctype="multipart/form-data" on:submit=move |_| busy.set(true)>
            <h2>"Een export inlezen"</h2>
            <FileAndDate today prefix="upload"/>
            {(!mappings.is_empty()).then(|| view! {
                <div class="field">
                    <label for="mapping">"Kolomkoppeling"</label>
                    <select id="mapping" name="mapping">
                        <option value="">"Automatisch herkennen"</option>
                        {mappings.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit">"Inlezen"</button>
            <p class="progress" role="status" aria-live="polite">
                {move || busy.get().then(|| view! {
                    <progress aria-label="Bezig met inlezen"></progress>
                    " Het bestand wordt gelezen en gecontroleerd. Bij een grote export kan dat even duren."
                })}
            </p>
        </form>
    }
}
