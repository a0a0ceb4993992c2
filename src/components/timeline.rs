//! A case's history as a timeline in plain Dutch (spec/flow.md): one line per event, oldest
//! first, derived from the exports one after the other, with the traces of removed forms.

use leptos::prelude::*;

use crate::domain::flow::CaseEvent;

/// `events` in their order, and each removed form's line (`removed_forms`: the dates they came)
/// before the first event of a later date.
#[component]
pub fn Timeline(events: Vec<CaseEvent>, removed_forms: Vec<String>) -> impl IntoView {
    view! {
        <section aria-labelledby="geschiedenis">
            <h2 id="geschiedenis">"Geschiedenis"</h2>
            <ol class="timeline" data-testid="history">
                {lines(&events, &removed_forms).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ol>
            <p class="view-note">"Afgeleid uit de exports na elkaar: wat in een export anders was dan in de vorige."</p>
        </section>
    }
}

fn lines(events: &[CaseEvent], removed_forms: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut forms = removed_forms.iter().peekable();
    for event in events {
        while let Some(date) = forms.next_if(|date| date.as_str() < event.date.as_str()) {
            lines.push(removed_form(date));
        }
        lines.push(event.describe());
    }
    lines.extend(forms.map(|date| removed_form(date)));
    lines
}

fn removed_form(date: &str) -> String {
    format!(
        "formulier ontvangen op {} (verwijderd na bewaartermijn)",
        crate::domain::report::dutch_date(date)
    )
}
