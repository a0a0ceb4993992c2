//! Aanmelden, in the visitor's language: through the organisation's identity provider (a button)
//! and/or a plain password form; a failed attempt comes back with the reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::notice::PostNotice;
use crate::domain::access::SignInOptions;
use crate::i18n::{t, use_locale, Locale};

/// Given as context when the page answers a failed sign-in.
#[derive(Clone, Debug)]
pub struct SignInFailure {
    pub message: String,
    pub email: String,
}

/// How one may sign in on this server (its configuration; nothing about the visitor).
#[server]
pub async fn fetch_sign_in_options() -> Result<SignInOptions, ServerFnError> {
    let provider = use_context::<Option<crate::auth::oidc::IdentityProvider>>().flatten();
    let passwords = use_context::<crate::state::SignInPolicy>().is_none_or(|policy| policy.passwords);
    let end_session = match &provider {
        Some(provider) => provider.end_session_url().await,
        None => None,
    };
    Ok(SignInOptions { organisation: provider.is_some(), passwords, end_session })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let failure = use_context::<SignInFailure>();
    let query = use_query_map().read_untracked();
    let back = query.get("terug").unwrap_or_default();
    let signed_out = query.get("afgemeld").is_some();
    let email = failure.as_ref().map(|f| f.email.clone()).unwrap_or_default();
    let options = super::page_data(|| (), |_| fetch_sign_in_options(), true);
    let locale = use_locale();
    view! {
        <Title text=t(locale, "signin-title")/>
        <h1>{t(locale, "signin-title")}</h1>
        <p class="lead">{t(locale, "signin-lead")}</p>
        <PostNotice/>
        {failure.map(|f| view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert" data-testid="sign-in-error"><p>{f.message}</p></div>
        })}
        <Suspense fallback=|| ()>
            {move || {
                let (back, email) = (back.clone(), email.clone());
                Suspend::new(async move {
                let fallback = SignInOptions { organisation: false, passwords: true, end_session: None };
                let options = options.await.unwrap_or(fallback);
                view! {
                    {options.end_session.filter(|_| signed_out).map(|url| view! {
                        <div class="utrecht-alert utrecht-alert--ok" role="status" data-testid="signed-out">
                            <p>{t(locale, "signin-signed-out")} " "
                                <a href=url rel="external">{t(locale, "signin-signed-out-link")}</a>"."</p>
                        </div>
                    })}
                    {options.organisation.then(|| organisation_button(back.clone(), locale))}
                    {options.passwords.then(|| password_form(back, email, locale))}
                }
            })}}
        </Suspense>
        <p class="hint">{t(locale, "signin-hint")}</p>
    }
}

/// Off to the organisation's identity provider: a link (a form's redirect to another site would
/// break the page's CSP `form-action 'self'`), outside the router, so it works before the wasm too.
fn organisation_button(back: String, locale: Locale) -> impl IntoView {
    let href = format!("/aanmelden/oidc?terug={}", crate::domain::filters::encode(&back));
    view! {
        <div class="form sign-in" data-testid="sign-in-organisation">
            <p>{t(locale, "signin-organisation-lead")}</p>
            <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
                href=href rel="external">{t(locale, "signin-organisation-button")}</a>
        </div>
    }
}

fn password_form(back: String, email: String, locale: Locale) -> impl IntoView {
    view! {
        <form class="form sign-in" method="post" action="/aanmelden">
            <input type="hidden" name="terug" value=back/>
            <div class="field">
                <label for="email">{t(locale, "signin-email")}</label>
                <input type="email" id="email" name="email" autocomplete="username" required value=email/>
            </div>
            <div class="field">
                <label for="password">{t(locale, "signin-password")}</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required/>
            </div>
            <button type="submit">{t(locale, "signin-submit")}</button>
        </form>
    }
}
