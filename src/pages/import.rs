//! Import: upload an export, see what became of it (summary, or every problem by row), map
//! unrecognised columns by hand, and the import history. The forms are plain HTML posts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{Loading, PageHeading};
use crate::components::data_quality::DataQualityNotes;
use crate::components::import_history::ImportHistory;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::components::table::ColumnHeads;
use crate::domain::dates::local_date;
use crate::domain::field::Field;
use crate::domain::flow::DataQuality;
use crate::domain::report::{ImportOutcome, Rejection, SnapshotInfo};
use crate::i18n::{t, t_count, t_with, use_locale, Locale};

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
    let locale = crate::i18n::current();
    let data_quality = match stored {
        Some(id) => expect_context::<crate::analytics::Analytics>().data_quality(id).await.ok(),
        None => None,
    };
    let db = expect_context::<crate::store::Db>();
    let unavailable = |e: crate::store::StoreError| {
        tracing::error!(error = %e, "import page data");
        ServerFnError::new(t(locale, "import-history-unavailable"))
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
        <PageHeading slug="import" purpose=true/>
        <PostNotice/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let outcome = outcome.await;
                match data.await {
                    Ok(data) => view! {
                        {outcome.map(|o| view! { <OutcomePanel outcome=o today=data.today.clone()/> })}
                        {stored().and_then(|id| data.history.iter().find(|s| s.id == id).cloned())
                            .map(|s| {
                                let locale = use_locale();
                                let warnings = s.warnings.iter().map(|w| w.text(locale)).collect();
                                view! {
                                    <StoredPanel snapshot_id=s.id rows=s.row_count as_of=s.as_of warnings
                                        quality=data.data_quality.clone()/>
                                }
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

/// A warning's words, with `lang="nl"` when it was stored in Dutch before warnings had codes.
type WarningText = (String, Option<&'static str>);

/// The green panel after a stored import.
#[component]
fn StoredPanel(
    snapshot_id: i64,
    rows: i64,
    as_of: String,
    warnings: Vec<WarningText>,
    quality: Option<DataQuality>,
) -> impl IntoView {
    let locale = use_locale();
    let summary = t_count(
        locale,
        "import-stored-summary",
        rows as u64,
        &[
            ("snapshot", snapshot_id.into()),
            ("rows", rows.into()),
            ("date", local_date(&as_of, locale).into()),
        ],
    );
    view! {
        <div class="utrecht-alert utrecht-alert--ok" role="status">
            <h2>{t(locale, "import-stored-title")}</h2>
            <p data-testid="import-summary">{summary}</p>
            <Warnings warnings/>
            {quality.map(|quality| view! { <DataQualityNotes quality/> })}
        </div>
    }
}

#[component]
fn OutcomePanel(outcome: ImportOutcome, today: String) -> impl IntoView {
    let locale = use_locale();
    match outcome {
        ImportOutcome::Stored(s) => {
            let warnings = s.warnings.into_iter().map(|w| (w, None)).collect();
            view! {
                <StoredPanel snapshot_id=s.snapshot_id rows={s.rows as i64} as_of=s.as_of warnings
                    quality=s.data_quality/>
            }
            .into_any()
        }
        ImportOutcome::Rejected(rejection) => view! { <RejectionPanel rejection today/> }.into_any(),
        ImportOutcome::AlreadyImported { snapshot_id } => view! {
            <div class="utrecht-alert utrecht-alert--warning" role="alert">
                <p>{t_with(locale, "import-already-imported", &[("snapshot", snapshot_id.into())])}</p>
            </div>
        }
        .into_any(),
        ImportOutcome::Failed { message } | ImportOutcome::Busy { message } => view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert"><p>{message}</p></div>
        }
        .into_any(),
    }
}

#[component]
fn Warnings(warnings: Vec<WarningText>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <h3>{t(use_locale(), "import-warnings")}</h3>
            <ul class="warnings">
                {warnings.into_iter().map(|(text, lang)| view! { <li lang=lang>{text}</li> }).collect_view()}
            </ul>
        }
    })
}

/// "Er zijn 3 fouten gevonden. …", and when not all are listed, which ones are.
fn rejection_sentences(rejection: &Rejection, locale: Locale) -> (String, Option<String>) {
    let (total, shown) = (rejection.total, rejection.problems.len());
    let count = t_count(locale, "import-rejected-count", total as u64, &[]);
    let more = (total > shown)
        .then(|| t_with(locale, "import-rejected-more", &[("shown", shown.into()), ("total", total.into())]));
    (count, more)
}

#[component]
fn RejectionPanel(rejection: Rejection, today: String) -> impl IntoView {
    let locale = use_locale();
    let (count, more) = rejection_sentences(&rejection, locale);
    let headers = rejection.headers.clone();
    let warnings = rejection.warnings.iter().map(|w| (w.text(locale), None)).collect();
    view! {
        <div class="utrecht-alert utrecht-alert--error" role="alert">
            <h2>{t(locale, "import-rejected-title")}</h2>
            <p>{count}</p>
            {more.map(|m| view! { <p>{m}</p> })}
        </div>
        <div class="table-wrap">
            <table class="data-table" data-testid="import-errors">
                <caption>{t(locale, "import-errors-caption")}</caption>
                <ColumnHeads keys=&["import-col-row", "import-col-column", "import-col-value", "import-col-reason"]/>
                <tbody>
                    {rejection.problems.into_iter().map(|p| view! {
                        <tr><td class="num">{p.row}</td><td>{p.column}</td><td><code>{p.value}</code></td><td>{p.reason}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Warnings warnings/>
        {(!headers.is_empty()).then(|| view! { <MappingForm headers today/> })}
    }
}

#[component]
fn MappingForm(headers: Vec<String>, today: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form class="form" method="post" action="/import" enctype="multipart/form-data">
            <h2>{t(locale, "import-mapping-title")}</h2>
            <p>{t(locale, "import-mapping-intro")}</p>
            <fieldset>
                <legend>{t(locale, "import-mapping-legend")}</legend>
                {Field::ALL.into_iter().map(|field| {
                    let id = format!("map_{}", field.name());
                    let name = capitalized(&field.label(locale));
                    let label = if field.is_required() {
                        t_with(locale, "import-mapping-required", &[("field", name.into())])
                    } else {
                        name
                    };
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <select id=id.clone() name=id>
                                <option value="">{t(locale, "import-mapping-not-in-file")}</option>
                                {headers.iter().filter(|h| !h.is_empty()).map(|h| view! { <option value=h.clone()>{h.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <FileAndDate today prefix="map"/>
            <div class="field">
                <label for="save_as">{t(locale, "import-mapping-save-as")}</label>
                <input id="save_as" name="save_as" type="text" autocomplete="off"/>
            </div>
            <button type="submit">{t(locale, "import-mapping-submit")}</button>
        </form>
    }
}

/// The file and as-of date inputs; `prefix` keeps ids unique when two forms are shown.
#[component]
fn FileAndDate(today: String, prefix: &'static str) -> impl IntoView {
    let locale = use_locale();
    let (file, as_of, hint) =
        (format!("{prefix}-file"), format!("{prefix}-as-of"), format!("{prefix}-as-of-hint"));
    view! {
        <div class="field">
            <label for=file.clone()>{t(locale, "import-file-label")}</label>
            <input id=file name="file" type="file" accept=".csv,.txt,.xlsx" required/>
        </div>
        <div class="field">
            <label for=as_of.clone()>{t(locale, "import-as-of")}</label>
            <p class="hint" id=hint.clone()>{t(locale, "import-as-of-hint")}</p>
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
    let locale = use_locale();
    let busy = RwSignal::new(false);
    view! {
        <form class="form" method="post" action="/import" enctype="multipart/form-data" on:submit=move |_| busy.set(true)>
            <h2>{t(locale, "import-upload-title")}</h2>
            <FileAndDate today prefix="upload"/>
            {(!mappings.is_empty()).then(|| view! {
                <div class="field">
                    <label for="mapping">{t(locale, "import-mapping-choice")}</label>
                    <select id="mapping" name="mapping">
                        <option value="">{t(locale, "import-mapping-automatic")}</option>
                        {mappings.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit">{t(locale, "import-submit")}</button>
            <p class="progress" role="status" aria-live="polite">
                {move || busy.get().then(|| view! {
                    <progress aria-label=t(locale, "import-busy-label")></progress>
                    {format!(" {}", t(locale, "import-busy-text"))}
                })}
            </p>
        </form>
    }
}
