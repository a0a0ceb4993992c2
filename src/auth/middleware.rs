//! The gate in front of every route: security headers on every answer, the Origin check on
//! every state-changing request, and a session for everything but sign-in, health and assets.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use chrono::Utc;

use super::{authenticate, SESSION_COOKIE};
use crate::domain::filters::encode;
use crate::store::Db;

/// Paths that answer without a session.
fn is_public(path: &str) -> bool {
    matches!(path, "/aanmelden" | "/healthz" | "/api/v1/session" | "/favicon.svg")
        || path.starts_with("/pkg/")
}

/// Adds the headers every answer carries; pages set their own CSP (with the script nonce).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    response
}

/// The Content-Security-Policy of a page: scripts only from here or with this response's nonce.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// A state-changing request must come from a page of this site: its Origin (or, without one,
/// its Referer) names this host. Requests with neither come from scripts, not browsers.
pub fn same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER));
    match source.and_then(|s| s.to_str().ok()) {
        Some(url) => url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        None => true,
    }
}

/// The session cookie's token, if the request has one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The cookie that carries a session (`Secure` when the site is served over HTTPS).
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = super::SESSION_HOURS * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

pub fn expired_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Refuses cross-site posts (403), and requests without a valid session: 401 for the API,
/// a redirect to the sign-in page otherwise.
pub async fn require_session(State(db): State<Db>, mut request: Request, next: Next) -> Response {
    if !same_origin(request.method(), request.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "Dit verzoek kwam niet van een pagina van werkvoorraad en is geweigerd.",
        )
            .into_response();
    }
    let path = request.uri().path().to_owned();
    if is_public(&path) {
        return next.run(request).await;
    }
    let user = match session_token(request.headers()) {
        Some(token) => authenticate(&db, &token, Utc::now()).await,
        None => Ok(None),
    };
    match user {
        Ok(Some(user)) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Ok(None) if path.starts_with("/api/") => {
            (StatusCode::UNAUTHORIZED, Json(serde_json::json!({"error": "Meld u eerst aan."})))
                .into_response()
        }
        Ok(None) => {
            let back = request.uri().path_and_query().map_or("/".to_owned(), |p| p.as_str().to_owned());
            Redirect::to(&format!("/aanmelden?terug={}", encode(&back))).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            (StatusCode::SERVICE_UNAVAILABLE, "De database is niet bereikbaar. Probeer het zo opnieuw.")
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_posts_from_this_host_pass() {
        let post = Method::POST;
        assert!(same_origin(
            &post,
            &headers(&[("host", "wv.local:3000"), ("origin", "http://wv.local:3000")])
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("host", "wv.local:3000"), ("origin", "https://evil.example")])
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("host", "wv.local"), ("referer", "https://evil.example/wv.local")])
        ));
        assert!(same_origin(&post, &headers(&[("host", "wv.local")])), "a script without Origin");
        assert!(same_origin(&Method::GET, &headers(&[("origin", "https://evil.example")])));
    }

    #[test]
    fn the_session_cookie_is_found_among_others_and_is_strict() {
        let map = headers(&[("cookie", "a=1; werkvoorraad_sessie=abc; b=2")]);
        assert_eq!(session_token(&map).as_deref(), Some("abc"));
        let cookie = session_cookie("abc", true);
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.ends_with("Secure")
        );
    }
}
