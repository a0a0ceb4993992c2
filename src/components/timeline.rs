//! A case's history as a timeline in plain words (spec/flow.md): one line per event, oldest
//! first, derived from the exports one after the other, with the traces of removed forms.

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::flow::CaseEvent;
use crate::i18n::{t, t_with, Locale};

/// `events` in their order, and each removed form's line (`removed_forms`: the dates they came)
/// before the first event of a later date.
#[component]
pub fn Timeline(events: Vec<CaseEvent>, removed_forms: Vec<String>) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    view! {
        <section aria-labelledby="geschiedenis">
            <h2 id="geschiedenis">{t(locale, "timeline-title")}</h2>
            <ol class="timeline" data-testid="history">
                {lines(&events, &removed_forms, locale).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ol>
            <p class="view-note">{t(locale, "timeline-note")}</p>
        </section>
    }
}

fn lines(events: &[CaseEvent], removed_forms: &[String], locale: Locale) -> Vec<String> {
    let removed_form =
        |date: &str| t_with(locale, "timeline-removed-form", &[("date", local_date(date, locale).into())]);
    let mut lines = Vec::new();
    let mut forms = removed_forms.iter().peekable();
    for event in events {
        while let Some(date) = forms.next_if(|date| date.as_str() < event.date.as_str()) {
            lines.push(removed_form(date));
        }
        lines.push(event.describe(locale));
    }
    lines.extend(forms.map(|date| removed_form(date)));
    lines
}
