//! Signing in and out over HTTP: the sign-in page's form (a redirect with the session cookie,
//! or the page again with the reason), the sign-out button, and `POST/DELETE /api/v1/session`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use chrono::Utc;
use leptos::prelude::provide_context;
use serde::Deserialize;

use crate::auth::middleware::{expired_cookie, session_cookie, session_token};
use crate::auth::{authenticate, sign_in, sign_out, AuthError, CurrentUser};
use crate::domain::access::Role;
use crate::pages::sign_in::SignInFailure;
use crate::server::AppState;

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

/// Behind an HTTPS proxy the cookie gets `Secure`.
fn over_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// Where a user goes after signing in: back where they came from (a local path only), else
/// the first page of their role.
fn landing(back: &str, role: Role) -> String {
    if back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/aanmelden") {
        return back.to_owned();
    }
    match role {
        Role::Provider => "/aanbieder".into(),
        _ => "/".into(),
    }
}

fn failure_message(error: &AuthError) -> String {
    match error {
        AuthError::Invalid | AuthError::Locked(_) => error.to_string(),
        other => {
            tracing::error!(error = %other, "sign-in failed");
            "Aanmelden lukt nu niet door een storing. Probeer het over een paar minuten opnieuw.".into()
        }
    }
}

pub async fn form_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    match sign_in(&state.db, &form.email, &form.password, Utc::now()).await {
        Ok((token, user)) => {
            let cookie = session_cookie(&token, over_https(&headers));
            ([(header::SET_COOKIE, cookie)], Redirect::to(&landing(&form.terug, user.user.role)))
                .into_response()
        }
        Err(error) => {
            let failure = SignInFailure { message: failure_message(&error), email: form.email.clone() };
            let status = if matches!(error, AuthError::Invalid | AuthError::Locked(_)) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let page =
                super::render_page(&state, "/aanmelden", None, move || provide_context(failure.clone()))
                    .await;
            (status, page).into_response()
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
    ([(header::SET_COOKIE, expired_cookie())], Redirect::to("/aanmelden")).into_response()
}

pub async fn api_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<SignInJson>,
) -> Response {
    match sign_in(&state.db, &body.email, &body.password, Utc::now()).await {
        Ok((token, user)) => {
            let cookie = session_cookie(&token, over_https(&headers));
            let body = serde_json::json!({
                "email": user.user.email, "role": user.user.role.code(), "organisation": user.user.organisation,
            });
            ([(header::SET_COOKIE, cookie)], Json(body)).into_response()
        }
        Err(error) => {
            let status = match error {
                AuthError::Invalid | AuthError::Locked(_) => StatusCode::UNAUTHORIZED,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            (status, Json(serde_json::json!({ "error": failure_message(&error) }))).into_response()
        }
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
