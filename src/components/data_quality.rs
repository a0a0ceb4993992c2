//! The data-quality warnings of an import (spec/flow.md): what changed against the export
//! before that should not have. Warnings only; the import is stored either way.

use leptos::prelude::*;

use crate::domain::flow::DataQuality;
use crate::i18n::{t, t_count, t_with, use_locale, Locale};

/// At most this many case numbers per warning; the rest are counted.
const SHOWN: usize = 20;

#[component]
pub fn DataQualityNotes(quality: DataQuality) -> impl IntoView {
    let locale = use_locale();
    let lines = [
        ("vanished", quality.vanished),
        ("returned", quality.returned),
        ("received-on-changed", quality.received_on_changed),
        ("reopened", quality.reopened),
    ];
    let lines: Vec<(&str, Vec<String>)> = lines.into_iter().filter(|(_, ids)| !ids.is_empty()).collect();
    (!lines.is_empty()).then(|| {
        view! {
            <h3>{t(locale, "quality-title")}</h3>
            <ul class="warnings" data-testid="data-quality">
                {lines.into_iter().map(|(what, ids)| view! { <li>{line(what, &ids, locale)}</li> }).collect_view()}
            </ul>
            <p class="view-note">{t(locale, "quality-note")}</p>
        }
    })
}

/// "3 zaken verdwenen zonder besluit: A, B, C" (`quality-vanished`).
fn line(what: &str, ids: &[String], locale: Locale) -> String {
    let mut shown = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        shown.push_str(&t_with(locale, "quality-more", &[("count", (ids.len() - SHOWN).into())]));
    }
    t_count(locale, &format!("quality-{what}"), ids.len() as u64, &[("cases", shown.into())])
}
