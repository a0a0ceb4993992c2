//! Signing in and out over HTTP: the sign-in page's form (a redirect with the session cookie,
//! or the page again with the reason), the sign-out button, and `POST/DELETE /api/v1/session`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use chrono::Utc;
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::gate::{client_address, over_https};
use super::HttpError;
use crate::app::PageNonce;
use crate::auth::cookie::{expired_cookie, session_cookie, session_token};
use crate::auth::throttle::FAILED_SIGN_INS;
use crate::auth::{authenticate, log_throttled_sign_in, sign_in, sign_out, AuthError, CurrentUser};
use crate::auth::{LOGGED_CHARS, MAX_EMAIL_BYTES};
use crate::domain::access::Role;
use crate::domain::redirect::local_path;
use crate::i18n::{current, t, t_with};
use crate::pages::sign_in::SignInFailure;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    terug: String,
}

#[derive(Deserialize)]
pub struct SignInJson {
    email: String,
    password: String,
}

/// Where a user goes after signing in: back where they came from (a local path only), else
/// the first page of their role.
pub(super) fn landing(back: &str, role: Role) -> String {
    if let Some(path) = local_path(back).filter(|path| !path.starts_with("/aanmelden")) {
        return path.to_owned();
    }
    match role {
        Role::Provider => "/aanbieder".into(),
        _ => "/".into(),
    }
}

/// Why a sign-in started no session.
enum Refusal {
    /// The client's address failed too often lately.
    Throttled,
    Auth(AuthError),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::Throttled => StatusCode::TOO_MANY_REQUESTS,
            Refusal::Auth(AuthError::Invalid | AuthError::Locked(_)) => StatusCode::UNAUTHORIZED,
            Refusal::Auth(AuthError::PasswordsOff) => StatusCode::FORBIDDEN,
            Refusal::Auth(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What the visitor reads, in the request's language.
    fn message(&self) -> String {
        let locale = current();
        match self {
            Refusal::Throttled => t(locale, "signin-throttled"),
            Refusal::Auth(AuthError::Invalid) => t(locale, "signin-invalid"),
            Refusal::Auth(AuthError::Locked(time)) => {
                t_with(locale, "signin-locked", &[("time", time.as_str().into())])
            }
            Refusal::Auth(AuthError::PasswordsOff) => t(locale, "signin-passwords-off"),
            Refusal::Auth(other) => {
                tracing::error!(error = %other, "sign-in failed");
                t(locale, "signin-failure")
            }
        }
    }
}

/// Signs in unless the client's address failed too often lately; a refusal of the password or
/// the account (and an attempt cut off halfway) counts against the address.
async fn attempt(
    state: &AppState,
    client: IpAddr,
    email: &str,
    password: &str,
) -> Result<(String, CurrentUser), Refusal> {
    if !state.passwords {
        return Err(Refusal::Auth(AuthError::PasswordsOff));
    }
    let db = &state.db;
    let Some(admitted) = FAILED_SIGN_INS.admit(client) else {
        if let Err(e) = log_throttled_sign_in(db, email, Utc::now()).await {
            tracing::error!(error = %e, "logging a throttled sign-in failed");
        }
        return Err(Refusal::Throttled);
    };
    let result = sign_in(db, email, password, Utc::now()).await;
    admitted.settle(matches!(result, Err(AuthError::Invalid | AuthError::Locked(_))));
    result.map_err(Refusal::Auth)
}

pub async fn form_sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Extension(nonce): Extension<PageNonce>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let client = client_address(peer.ip(), &headers, &state.trusted_proxies);
    match attempt(&state, client, &form.email, &form.password).await {
        Ok((token, user)) => {
            let cookie = session_cookie(&token, over_https(&headers));
            ([(header::SET_COOKIE, cookie)], Redirect::to(&landing(&form.terug, user.user.role)))
                .into_response()
        }
        Err(refusal) => {
            // Typed input goes back into the page only within its bound.
            let email = if form.email.len() <= MAX_EMAIL_BYTES {
                form.email.clone()
            } else {
                crate::domain::access::clip(&form.email, LOGGED_CHARS).to_owned()
            };
            let failure = SignInFailure { message: refusal.message(), email };
            let page = super::render_page(&state, ("/aanmelden", nonce), None, move || {
                provide_context(failure.clone())
            })
            .await;
            (refusal.status(), page).into_response()
        }
    }
}

pub async fn form_sign_out(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Response {
    if let Err(e) = sign_out(&state.db, &user).await {
        tracing::error!(error = %e, "sign-out failed");
    }
    let to = if state.identity_provider.is_some() { "/aanmelden?afgemeld=ja" } else { "/aanmelden" };
    ([(header::SET_COOKIE, expired_cookie())], Redirect::to(to)).into_response()
}

pub async fn api_sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<SignInJson>,
) -> Response {
    let client = client_address(peer.ip(), &headers, &state.trusted_proxies);
    match attempt(&state, client, &body.email, &body.password).await {
        Ok((token, user)) => {
            let cookie = session_cookie(&token, over_https(&headers));
            let body = serde_json::json!({
                "email": user.user.email, "role": user.user.role.code(), "organisation": user.user.organisation,
            });
            ([(header::SET_COOKIE, cookie)], Json(body)).into_response()
        }
        Err(refusal) => HttpError::new(refusal.status(), refusal.message()).into_response(),
    }
}

/// Public like sign-in, so it finds the session itself.
pub async fn api_sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers) {
        if let Ok(Some(user)) = authenticate(&state.db, &token, Utc::now()).await {
            if let Err(e) = sign_out(&state.db, &user).await {
                tracing::error!(error = %e, "sign-out failed");
            }
        }
    }
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired_cookie())]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_sign_in_only_a_local_path_other_than_the_sign_in_page_is_followed() {
        assert_eq!(landing("/werkvoorraad?page=2", Role::TeamLead), "/werkvoorraad?page=2");
        assert_eq!(landing("/aanmelden?terug=/x", Role::TeamLead), "/");
        assert_eq!(landing("//evil.example", Role::Consultant), "/");
        assert_eq!(landing("/\\evil.example", Role::Provider), "/aanbieder");
        assert_eq!(landing("/%2F%2Fevil", Role::Provider), "/aanbieder");
        assert_eq!(landing("", Role::Admin), "/");
    }
}
