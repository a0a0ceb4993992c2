//! Aanmelden: the only page that answers without a session. Through the organisation's identity
//! provider (a button) and/or a plain password form; a failed attempt comes back with the reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::notice::PostNotice;
use crate::domain::access::SignInOptions;

/// Given as context when the page answers a failed sign-in.
#[derive(Clone, Debug)]
pub struct SignInFailure {
    pub message: String,
    pub email: String,
}

/// How one may sign in on this server (its configuration; nothing about the visitor).
#[server]
pub async fn fetch_sign_in_options() -> Result<SignInOptions, ServerFnError> {
    use_context::<SignInOptions>().ok_or_else(|| ServerFnError::new("geen aanmeldopties"))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let failure = use_context::<SignInFailure>();
    let back = use_query_map().read_untracked().get("terug").unwrap_or_default();
    let email = failure.as_ref().map(|f| f.email.clone()).unwrap_or_default();
    let options = super::page_data(|| (), |_| fetch_sign_in_options(), true);
    view! {
        <Title text="Aanmelden"/>
        <h1>"Aanmelden"</h1>
        <p class="lead">"Werkvoorraad bevat gegevens over kwetsbare mensen. Meld u aan met uw eigen account."</p>
        <PostNotice/>
        {failure.map(|f| view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert" data-testid="sign-in-error"><p>{f.message}</p></div>
        })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let options = options.await.unwrap_or(SignInOptions { organisation: false, passwords: true });
                view! {
                    {options.organisation.then(|| organisation_button(back.clone()))}
                    {options.passwords.then(|| password_form(back.clone(), email.clone()))}
                }
            })}
        </Suspense>
        <p class="hint">"Wachtwoord vergeten of geen account? Vraag het de beheerder van werkvoorraad in uw gemeente."</p>
    }
}

/// Off to the organisation's identity provider (a GET form: it works before the wasm has loaded).
fn organisation_button(back: String) -> impl IntoView {
    view! {
        <form class="form sign-in" method="get" action="/aanmelden/oidc" data-testid="sign-in-organisation">
            <input type="hidden" name="terug" value=back/>
            <p>"Met het account van uw organisatie, zoals bij uw andere werkapplicaties."</p>
            <button type="submit">"Aanmelden via uw organisatie"</button>
        </form>
    }
}

fn password_form(back: String, email: String) -> impl IntoView {
    view! {
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
    }
}
