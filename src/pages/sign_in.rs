//! Aanmelden: the only page that answers without a session. A plain form post; after a failed
//! attempt the same page comes back with the reason and the e-mail address filled in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Given as context when the page answers a failed sign-in.
#[derive(Clone, Debug)]
pub struct SignInFailure {
    pub message: String,
    pub email: String,
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let failure = use_context::<SignInFailure>();
    let back = use_query_map().read_untracked().get("terug").unwrap_or_default();
    let email = failure.as_ref().map(|f| f.email.clone()).unwrap_or_default();
    view! {
        <Title text="Aanmelden"/>
        <h1>"Aanmelden"</h1>
        <p class="lead">"Werkvoorraad bevat gegevens over kwetsbare mensen. Meld u aan met uw eigen account."</p>
        {failure.map(|f| view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert" data-testid="sign-in-error"><p>{f.message}</p></div>
        })}
        <form class="form sign-in" method="post" action="/aanmelden">
            <input type="hidden" name="terug" value=back/>
            <div class="field">
                <label for="email">"E-mailadres"</label>
                <input type="email" id="email" name="email" autocomplete="username" required value=email/>
            </div>
            <div class="field">
                <label for="password">"Wachtwoord"</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required/>
            </div>
            <button type="submit">"Aanmelden"</button>
        </form>
        <p class="hint">"Wachtwoord vergeten of geen account? Vraag het de beheerder van werkvoorraad in uw gemeente."</p>
    }
}
