//! The imports so far, newest first, on the Import page; for the admin each with a way to delete
//! a wrong one (with a reason, a plain form post that works without wasm).

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::report::SnapshotInfo;
use crate::i18n::{t, t_with, use_locale};

#[component]
pub fn ImportHistory(history: Vec<SnapshotInfo>, may_delete: bool) -> impl IntoView {
    let locale = use_locale();
    if history.is_empty() {
        return view! {
            <h2>{t(locale, "import-history-title")}</h2>
            <p>{t(locale, "import-history-none")}</p>
        }
        .into_any();
    }
    let head = ["snapshot", "as-of", "file", "imported-at", "cases", "warnings"];
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="import-history">
                <caption>{t(locale, "import-history-caption")}</caption>
                <thead><tr>
                    {head.map(|key| view! { <th scope="col">{t(locale, &format!("import-history-col-{key}"))}</th> }).collect_view()}
                    {may_delete.then(|| view! { <th scope="col">{t(locale, "import-history-col-delete")}</th> })}
                </tr></thead>
                <tbody>
                    {history.into_iter().map(|s| view! {
                        <tr>
                            <td class="num">{s.id}</td>
                            <td class="date">{local_date(&s.as_of, locale)}</td>
                            <td>{s.file_name.clone()}</td>
                            <td class="date">{format!("{} {}", local_date(&s.imported_at, locale), s.imported_at.get(11..16).unwrap_or_default())}</td>
                            <td class="num">{s.row_count}</td>
                            <td>{if s.warnings.is_empty() { "—".into_any() } else {
                                s.warnings.iter().map(|w| {
                                    let (text, lang) = w.text(locale);
                                    view! { <span lang=lang>{text}</span>" " }
                                }).collect_view().into_any()
                            }}</td>
                            {may_delete.then(|| view! { <td><DeleteSnapshot id=s.id as_of=s.as_of.clone()/></td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}

/// A wrong snapshot's deletion: folded away, with the reason that goes into the access log.
#[component]
fn DeleteSnapshot(id: i64, as_of: String) -> impl IntoView {
    let locale = use_locale();
    let field = format!("reden-{id}");
    let hint = t_with(locale, "import-delete-hint", &[("date", local_date(&as_of, locale).into())]);
    view! {
        <details class="delete-snapshot">
            <summary>{t(locale, "import-delete-open")}</summary>
            <form method="post" action=format!("/beheer/momentopnamen/{id}/verwijderen")>
                <p class="hint">{hint}</p>
                <label for=field.clone()>{t(locale, "import-delete-reason")}</label>
                <input type="text" id=field name="reden" required maxlength="500"/>
                <button type="submit">{t(locale, "import-delete-submit")}</button>
            </form>
        </details>
    }
}
