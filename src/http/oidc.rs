//! Sign-in through the organisation's identity provider over HTTP: the start (off to the
//! provider, the login kept for ten minutes) and the callback (state, browser, code, account).

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::gate::over_https;
use crate::auth::cookie::{cookie_value, session_cookie};
use crate::auth::identity::sign_in_with_identity;
use crate::auth::{timestamp, AuthError, CurrentUser};
use crate::domain::redirect::local_path;
use crate::i18n::{current, t};
use crate::state::AppState;
use crate::store::oidc::PendingLogin;

/// The cookie that binds a login under way to the browser that started it (Lax: the provider's
/// redirect back is a cross-site navigation).
const LOGIN_COOKIE: &str = "werkvoorraad_oidc";
/// How long a login under way may take.
const LOGIN_MINUTES: i64 = 10;
/// How many logins may be under way at once (a municipality's staff is far fewer).
const MAX_UNDER_WAY: i64 = 10_000;
/// The catalogue's messages of a refusal (in the visitor's language).
const UNAVAILABLE: &str = "signin-oidc-unavailable";
const STALE: &str = "signin-oidc-stale";

#[derive(Deserialize)]
pub struct Start {
    #[serde(default)]
    terug: String,
}

#[derive(Deserialize)]
pub struct Callback {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
}

fn hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Back to the sign-in page with what went wrong and what to do: the catalogue's message `key`
/// in the visitor's language.
fn refused(key: &str) -> Response {
    super::back_with_notice("/aanmelden", Err(t(current(), key)))
}

/// `GET /aanmelden/oidc`: a fresh state, nonce and PKCE verifier kept, the browser to the provider.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(start): Query<Start>,
) -> Response {
    let Some(provider) = &state.identity_provider else { return StatusCode::NOT_FOUND.into_response() };
    let authorization = match provider.authorize().await {
        Ok(authorization) => authorization,
        Err(e) => {
            tracing::error!(error = %e, "the identity provider could not be reached");
            return refused(UNAVAILABLE);
        }
    };
    let browser = authorization.browser;
    let login = PendingLogin {
        browser_hash: hash(&browser),
        nonce: authorization.nonce,
        verifier: authorization.verifier,
        back: local_path(&start.terug).unwrap_or("").to_owned(),
    };
    let now = Utc::now();
    let stale = timestamp(now - Duration::minutes(LOGIN_MINUTES));
    let now_text = timestamp(now);
    let times = (now_text.as_str(), stale.as_str());
    match state.db.save_pending_login(&hash(&authorization.state), &login, times, MAX_UNDER_WAY).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!("too many logins under way at the identity provider");
            return refused(UNAVAILABLE);
        }
        Err(e) => {
            tracing::error!(error = %e, "keeping a login under way failed");
            return refused(UNAVAILABLE);
        }
    }
    let secure = if over_https(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{LOGIN_COOKIE}={browser}; Path=/aanmelden/oidc; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        LOGIN_MINUTES * 60
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&authorization.url)).into_response()
}

/// `GET /aanmelden/oidc/terug`: the login of this state, once, from this browser; the code traded
/// and checked at the provider; the account found; a session. Anything else: back to Aanmelden.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(back): Query<Callback>,
) -> Response {
    let Some(provider) = &state.identity_provider else { return StatusCode::NOT_FOUND.into_response() };
    let Some(sent_state) = back.state.as_deref() else { return refused(STALE) };
    let stale = timestamp(Utc::now() - Duration::minutes(LOGIN_MINUTES));
    let login = match state.db.take_pending_login(&hash(sent_state), &stale).await {
        Ok(Some(login)) => login,
        Ok(None) => return refused(STALE),
        Err(e) => {
            tracing::error!(error = %e, "reading a login under way failed");
            return refused(UNAVAILABLE);
        }
    };
    let browser = cookie_value(&headers, LOGIN_COOKIE).map(|value| hash(&value));
    if browser.as_deref() != Some(login.browser_hash.as_str()) {
        return refused(STALE);
    }
    if back.error.is_some() {
        return refused("signin-oidc-cancelled");
    }
    let Some(code) = back.code else { return refused(STALE) };
    let identity = match provider.identify(code, &login.nonce, &login.verifier).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::warn!(error = %e, "the identity provider's answer was refused");
            return refused(UNAVAILABLE);
        }
    };
    match sign_in_with_identity(&state.db, &identity, Utc::now()).await {
        Ok((token, user)) => signed_in(&session_cookie(&token, over_https(&headers)), &login.back, &user),
        Err(AuthError::UnknownIdentity) => refused("signin-unknown-identity"),
        Err(AuthError::Disabled) => refused("signin-disabled"),
        Err(e) => {
            tracing::error!(error = %e, "signing in an identity failed");
            refused(UNAVAILABLE)
        }
    }
}

/// The session cookie, on a page of this site that goes on to `back`: a redirect straight from
/// the provider's cross-site navigation would arrive without the (SameSite=Strict) cookie.
fn signed_in(cookie: &str, back: &str, user: &CurrentUser) -> Response {
    let path = crate::domain::html::escape(&super::session::landing(back, user.user.role));
    let locale = user.user.locale;
    let (lang, title) = (locale.code(), t(locale, "signin-done-title"));
    let (done, go_on) = (t(locale, "signin-done"), t(locale, "signin-done-continue"));
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"0;url={path}\"><title>{title} · werkvoorraad</title></head>\
         <body><p>{done} <a href=\"{path}\">{go_on}</a></p></body></html>"
    );
    let expired = format!("{LOGIN_COOKIE}=; Path=/aanmelden/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
    let mut response = Html(page).into_response();
    for value in [cookie.to_owned(), expired] {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
