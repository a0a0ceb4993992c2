//! Overzicht: the team lead's first page. For now it shows how many snapshots are stored,
//! fetched through a server function; the backlog figures arrive with the metrics issue.

use leptos::prelude::*;
use leptos_meta::Title;

use super::nav_item;
use crate::components::load_error::LoadError;

/// How many snapshots (imported exports) the database holds.
#[server]
pub async fn snapshot_count() -> Result<i64, ServerFnError> {
    let db = expect_context::<crate::store::Db>();
    db.snapshot_count().await.map_err(|e| {
        tracing::error!(error = %e, "snapshot count failed");
        ServerFnError::new("De gegevens konden niet worden opgehaald. Probeer het later opnieuw.")
    })
}

#[component]
pub fn Overview() -> impl IntoView {
    let count = Resource::new(|| (), |_| snapshot_count());
    let purpose = nav_item("").map_or("", |i| i.purpose);
    view! {
        <Title text="Overzicht"/>
        <h1>"Overzicht"</h1>
        <p class="lead">{purpose}</p>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || count.get().map(|result| match result {
                Ok(n) => view! { <SnapshotTile count=n/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SnapshotTile(count: i64) -> impl IntoView {
    let explanation = if count == 0 {
        "Er is nog geen export uit het zaaksysteem ingelezen. Zodra dat gebeurd is, \
         verschijnen hier de cijfers over de werkvoorraad."
    } else {
        "Elke ingelezen export is een momentopname van de werkvoorraad op één peildatum."
    };
    view! {
        <section class="tiles" aria-label="Kerncijfers">
            <div class="tile">
                <p class="tile-label" id="tile-snapshots">"Momentopnamen in de database"</p>
                <p class="tile-value" aria-describedby="tile-snapshots" data-testid="snapshot-count">
                    {count}
                </p>
            </div>
        </section>
        <p>{explanation}</p>
    }
}
