//! The data-quality warnings of an import (spec/flow.md): what changed against the export
//! before that should not have. Warnings only; the import is stored either way.

use leptos::prelude::*;

use crate::domain::flow::DataQuality;

/// At most this many case numbers per warning; the rest are counted.
const SHOWN: usize = 20;

#[component]
pub fn DataQualityNotes(quality: DataQuality) -> impl IntoView {
    let lines = [
        ("verdwenen zonder besluit", quality.vanished),
        ("weer terug na eerder te zijn verdwenen", quality.returned),
        ("met een andere datum melding", quality.received_on_changed),
        ("weer open na een besluit", quality.reopened),
    ];
    let lines: Vec<(&str, Vec<String>)> = lines.into_iter().filter(|(_, ids)| !ids.is_empty()).collect();
    (!lines.is_empty()).then(|| {
        view! {
            <h3>"Vergeleken met de export hiervoor"</h3>
            <ul class="warnings" data-testid="data-quality">
                {lines.into_iter().map(|(what, ids)| view! { <li>{line(what, &ids)}</li> }).collect_view()}
            </ul>
            <p class="view-note">"Dit zijn waarschuwingen: de export is wel opgeslagen. Controleer deze zaken in het zaaksysteem."</p>
        }
    })
}

/// "3 zaken verdwenen zonder besluit: A, B, C".
fn line(what: &str, ids: &[String]) -> String {
    let cases = if ids.len() == 1 { "zaak" } else { "zaken" };
    let mut shown = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        shown.push_str(&format!(" en {} meer", ids.len() - SHOWN));
    }
    format!("{} {cases} {what}: {shown}", ids.len())
}
