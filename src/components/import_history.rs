//! The imports so far, newest first, on the Import page; for the admin each with a way to delete
//! a wrong one (with a reason, a plain form post that works without wasm).

use leptos::prelude::*;

use crate::domain::report::{dutch_date, SnapshotInfo};

#[component]
pub fn ImportHistory(history: Vec<SnapshotInfo>, may_delete: bool) -> impl IntoView {
    if history.is_empty() {
        return view! { <h2>"Eerder ingelezen"</h2><p>"Er is nog geen export ingelezen."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="import-history">
                <caption>"Eerder ingelezen, nieuwste eerst"</caption>
                <thead><tr>
                    <th scope="col">"Momentopname"</th><th scope="col">"Peildatum"</th><th scope="col">"Bestand"</th>
                    <th scope="col">"Ingelezen op"</th><th scope="col">"Zaken"</th><th scope="col">"Waarschuwingen"</th>
                    {may_delete.then(|| view! { <th scope="col">"Verwijderen"</th> })}
                </tr></thead>
                <tbody>
                    {history.into_iter().map(|s| view! {
                        <tr>
                            <td class="num">{s.id}</td>
                            <td class="date">{dutch_date(&s.as_of)}</td>
                            <td>{s.file_name.clone()}</td>
                            <td class="date">{format!("{} {}", dutch_date(&s.imported_at), s.imported_at.get(11..16).unwrap_or_default())}</td>
                            <td class="num">{s.row_count}</td>
                            <td>{if s.warnings.is_empty() { "—".to_string() } else { s.warnings.join(" ") }}</td>
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
    let field = format!("reden-{id}");
    view! {
        <details class="delete-snapshot">
            <summary>"Verwijderen…"</summary>
            <form method="post" action=format!("/beheer/momentopnamen/{id}/verwijderen")>
                <p class="hint">{format!("Verwijdert de momentopname van {} met al haar zaken, ook uit de trend. Dat kan niet ongedaan worden gemaakt.", dutch_date(&as_of))}</p>
                <label for=field.clone()>"Reden"</label>
                <input type="text" id=field name="reden" required maxlength="500"/>
                <button type="submit">"Definitief verwijderen"</button>
            </form>
        </details>
    }
}
