//! How a page says that its data could not be fetched: the server's own message (in the user's
//! language) when it sent one, otherwise a general one. Never technical details.

use leptos::prelude::*;

#[component]
pub fn LoadError(error: ServerFnError) -> impl IntoView {
    let message = match error {
        ServerFnError::ServerError(message) => message,
        _ => crate::i18n::t(crate::i18n::current(), "error-load-failed"),
    };
    view! { <p class="error" role="alert">{message}</p> }
}
