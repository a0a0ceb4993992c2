//! A case's history as a timeline in plain Dutch (spec/flow.md): one line per event, oldest
//! first, derived from the exports one after the other.

use leptos::prelude::*;

use crate::domain::flow::CaseEvent;

#[component]
pub fn Timeline(events: Vec<CaseEvent>) -> impl IntoView {
    view! {
        <section aria-labelledby="geschiedenis">
            <h2 id="geschiedenis">"Geschiedenis"</h2>
            <ol class="timeline" data-testid="history">
                {events.iter().map(|event| view! { <li>{event.describe()}</li> }).collect_view()}
            </ol>
            <p class="view-note">"Afgeleid uit de exports na elkaar: wat in een export anders was dan in de vorige."</p>
        </section>
    }
}
