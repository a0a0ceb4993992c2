//! How a page says that its data could not be fetched: the server's own Dutch message when it
//! sent one, otherwise a general one. Never technical details.

use leptos::prelude::*;

#[component]
pub fn LoadError(error: ServerFnError) -> impl IntoView {
    let message = match error {
        ServerFnError::ServerError(message) => message,
        _ => "De gegevens konden niet worden opgehaald. Probeer het later opnieuw.".to_owned(),
    };
    view! { <p class="error" role="alert">{message}</p> }
}
