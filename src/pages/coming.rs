//! A page of the navigation whose content is built in a later issue: it says what will come.
//! Honest about it, so nobody mistakes an empty page for empty data.

use leptos::prelude::*;
use leptos_meta::Title;

use super::nav_item;

#[component]
pub fn ComingPage(slug: &'static str) -> impl IntoView {
    let item = nav_item(slug);
    let label = item.map_or("Pagina", |i| i.label);
    let purpose = item.map_or("", |i| i.purpose);
    view! {
        <Title text=label/>
        <h1>{label}</h1>
        <p class="lead">{purpose}</p>
        <div class="notice" role="note">
            <p>"Deze pagina is nog in aanbouw. Zodra zij klaar is, vindt u hier de gegevens."</p>
        </div>
    }
}
