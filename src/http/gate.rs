//! The gate in front of every route: security headers on every answer, the CSRF check on
//! every state-changing request, and a session for everything but sign-in, health and assets.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use super::HttpError;
use crate::auth::cookie::session_token;
use crate::auth::authenticate;
use crate::auth::guard::Refusal;
use crate::domain::filters::encode;
use crate::store::Db;

/// Paths that answer without a session.
fn is_public(path: &str) -> bool {
    matches!(path, "/aanmelden" | "/healthz" | "/api/v1/session") || is_asset(path)
}

/// The built scripts, styles and icon: the same for everyone, no personal data.
fn is_asset(path: &str) -> bool {
    path == "/favicon.svg" || path.starts_with("/pkg/")
}

/// Whether the request came over HTTPS: a proxy in front says so in `X-Forwarded-Proto`.
pub fn over_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// The header a script sends with a state-changing request (spec/access.md, CSRF): a
/// cross-site form cannot set it, and a cross-site script may not without CORS, which this
/// server never allows.
pub const SCRIPT_HEADER: &str = "x-requested-with";

/// Adds the headers every answer carries; pages set their own CSP (with the script nonce).
/// Everything but the static assets may hold personal data: `no-store`. HSTS when the request
/// came over HTTPS (through a proxy that says so).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let asset = is_asset(request.uri().path());
    let https = over_https(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
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
/// its Referer) names this host. With neither, it passes only without a session cookie
/// (nothing to forge) or as a script that sends `X-Requested-With`.
pub fn same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER));
    match source.map(|s| s.to_str().ok()) {
        Some(url) => url
            .and_then(|url| url.split_once("://"))
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host)),
        None => session_token(headers).is_none() || headers.contains_key(SCRIPT_HEADER),
    }
}

/// Refuses cross-site posts (403), and requests without a valid session: 401 for the API,
/// a redirect to the sign-in page otherwise.
pub async fn require_session(State(db): State<Db>, mut request: Request, next: Next) -> Response {
    if !same_origin(request.method(), request.headers()) {
        let message = "Dit verzoek kwam niet van een pagina van werkvoorraad en is geweigerd. Ga naar de \
                       pagina terug, laad haar opnieuw en probeer het nog eens.";
        return HttpError::new(StatusCode::FORBIDDEN, message).into_response();
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
        Ok(None) if path.starts_with("/api/") => HttpError::from(Refusal::SignedOut).into_response(),
        Ok(None) => {
            let back = request.uri().path_and_query().map_or("/".to_owned(), |p| p.as_str().to_owned());
            Redirect::to(&format!("/aanmelden?terug={}", encode(&back))).into_response()
        }
        Err(e) => HttpError::fault("looking up a session failed", &e).into_response(),
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
        let cookie = ("cookie", "werkvoorraad_sessie=abc");
        assert!(!same_origin(&post, &headers(&[("host", "wv.local"), cookie])), "neither Origin nor Referer");
        assert!(same_origin(&post, &headers(&[("host", "wv.local"), cookie, ("x-requested-with", "script")])));
        assert!(same_origin(&post, &headers(&[("host", "wv.local")])), "no session: sign-in");
        assert!(same_origin(&Method::GET, &headers(&[("origin", "https://evil.example")])));
    }
}
