//! The page for an address that does not exist, with a way back.
//! Sets the 404 status on the server response.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let locale = crate::i18n::use_locale();
    let title = t(locale, "not-found-title");
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p>{t(locale, "not-found-text")} " " <a href="/">{t(locale, "nav-overview")}</a> "."</p>
    }
}
