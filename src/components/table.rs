//! The pieces of a data table that pages share: its column headings, each from the catalogue,
//! lined up with their column ("num", "date") where a class is given.

use leptos::prelude::*;

use crate::i18n::{t, use_locale};

/// A table's `<thead>`: one heading per catalogue key; `classes[i]`, when given and not empty,
/// is the class of the i-th heading.
#[component]
pub fn ColumnHeads(
    keys: &'static [&'static str],
    #[prop(optional)] classes: &'static [&'static str],
) -> impl IntoView {
    let locale = use_locale();
    let heads = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let class = classes.get(i).copied().filter(|class| !class.is_empty());
            view! { <th scope="col" class=class>{t(locale, key)}</th> }
        })
        .collect_view();
    view! { <thead><tr>{heads}</tr></thead> }
}
