//! The gate in front of every route: security headers on every answer, the CSRF check on
//! every state-changing request, and a session for everything but sign-in, health and assets.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use super::HttpError;
use crate::app::PageNonce;
use crate::auth::cookie::session_token;
use crate::auth::guard::Refusal;
use crate::auth::CurrentUser;
use crate::config::oidc::CALLBACK_PATH;
use crate::domain::filters::encode;
use crate::i18n::{t, with_locale};
use crate::state::AppState;

/// Paths that answer without a session.
fn is_public(path: &str) -> bool {
    matches!(path, "/aanmelden" | "/aanmelden/oidc" | CALLBACK_PATH | "/healthz" | "/api/v1/session")
        || is_asset(path)
}

/// Paths that a visitor without a session may use besides the public ones, and a signed-in user
/// too: the language switch (a visitor's choice goes into a cookie instead of the account).
fn is_for_visitors(path: &str) -> bool {
    path == "/taal"
}

/// The built scripts, styles (ours and the NL Design System's) and icon: the same for everyone,
/// no personal data.
fn is_asset(path: &str) -> bool {
    path == "/favicon.svg" || path.starts_with("/pkg/") || path.starts_with("/nlds/")
}

/// Whether the request came over HTTPS: a proxy in front says so in `X-Forwarded-Proto`.
pub fn over_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// The client of a request: the peer, unless the peer is a trusted proxy; then the nearest
/// address in `X-Forwarded-For` that is not a trusted proxy itself.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
    hops.iter()
        .rev()
        .map(|hop| hop.parse::<IpAddr>())
        .take_while(Result::is_ok)
        .flatten()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

/// The header a script sends with a state-changing request (spec/access.md, CSRF): a
/// cross-site form cannot set it, and a cross-site script may not without CORS, which this
/// server never allows.
pub const SCRIPT_HEADER: &str = "x-requested-with";

/// Adds the headers every answer carries; a page (HTML) gets the CSP with the script nonce
/// that its scripts were rendered with (`PageNonce`, which it finds in the request).
/// Everything but the static assets may hold personal data: `no-store`. HSTS when the request
/// came over HTTPS (through a proxy that says so).
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let asset = is_asset(request.uri().path());
    let https = over_https(request.headers());
    let nonce = PageNonce::random();
    request.extensions_mut().insert(nonce.clone());
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
    let page = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let page_csp = page.then(|| HeaderValue::from_str(&nonce.page_csp()).ok()).flatten();
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(
        page_csp.unwrap_or(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'")),
    );
    response
}

/// Whether a request may change something (and so falls under the CSRF rule).
fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A state-changing request must come from a page of this site: its Origin (or, without one,
/// its Referer) names one of `hosts`, the names this site answers as. With neither, it passes
/// only without a session cookie (nothing to forge) or as a script that sends `X-Requested-With`.
pub fn same_origin(headers: &HeaderMap, hosts: &[&str]) -> bool {
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER));
    match source.map(|s| s.to_str().ok()) {
        Some(url) => url
            .and_then(|url| url.split_once("://"))
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .is_some_and(|origin_host| hosts.iter().any(|host| origin_host.eq_ignore_ascii_case(host))),
        None => session_token(headers).is_none() || headers.contains_key(SCRIPT_HEADER),
    }
}

/// The names a request reached this site by: its `Host` (or, over HTTP/2, the URI's
/// authority), and the `X-Forwarded-Host` of a trusted proxy.
fn own_hosts<'a>(request: &'a Request, trusted: &[IpAddr]) -> Vec<&'a str> {
    let headers = request.headers();
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let mut hosts: Vec<&str> = text(header::HOST.as_str()).into_iter().collect();
    hosts.extend(request.uri().authority().map(|a| a.as_str()));
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if peer.is_some_and(|peer| trusted.contains(&peer)) {
        hosts.extend(text("x-forwarded-host").into_iter().flat_map(|h| h.split(',')).map(str::trim));
    }
    hosts
}

/// Refuses cross-site posts (403) before anything is looked up, and requests without a valid
/// session: 401 for the API, a redirect to the sign-in page otherwise. The rest of the request
/// runs in its reader's language (`i18n::current`): the user's, or a visitor's own.
pub async fn require_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    // A visitor's language (a cookie, the browser's): for the sign-in page, and for an answer
    // given before the session is known.
    let visitor = super::language::visitor_locale(request.headers());
    if changes_state(request.method())
        && !same_origin(request.headers(), &own_hosts(&request, &state.trusted_proxies))
    {
        return HttpError::new(StatusCode::FORBIDDEN, t(visitor, "error-cross-site")).into_response();
    }
    let user = match is_public(&path) {
        true => None,
        false => match with_locale(visitor, signed_in(&state, request.headers())).await {
            Ok(user) => user,
            Err(unavailable) => return with_locale(visitor, async { unavailable.for_path(&path) }).await,
        },
    };
    let locale = user.as_ref().map_or(visitor, |user| user.user.locale);
    request.extensions_mut().insert(locale);
    with_locale(locale, admit(request, next, user)).await
}

/// The user of the request's session, if any. The one change check of the request is made
/// here: the caches behind it trust what it read.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, HttpError> {
    let revisions = state.db.revisions().await.map_err(|e| HttpError::unavailable(&e))?;
    match session_token(headers) {
        Some(token) => state
            .sessions
            .user(&state.db, &token, Utc::now(), revisions.access)
            .await
            .map_err(|e| HttpError::unavailable(&e)),
        None => Ok(None),
    }
}

/// The request with its user, or what a request without one gets.
async fn admit(mut request: Request, next: Next, user: Option<CurrentUser>) -> Response {
    let path = request.uri().path();
    match user {
        _ if is_public(path) => next.run(request).await,
        Some(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        None if is_for_visitors(path) => next.run(request).await,
        None if path.starts_with("/api/") => HttpError::from(Refusal::SignedOut).into_response(),
        None => {
            let back = request.uri().path_and_query().map_or("/".to_owned(), |p| p.as_str().to_owned());
            Redirect::to(&format!("/aanmelden?terug={}", encode(&back))).into_response()
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
        let here = ["wv.local:3000"];
        assert!(same_origin(&headers(&[("origin", "http://wv.local:3000")]), &here));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example")]), &here));
        assert!(!same_origin(&headers(&[("referer", "https://evil.example/wv.local:3000")]), &here));
        let cookie = ("cookie", "werkvoorraad_sessie=abc");
        assert!(!same_origin(&headers(&[cookie]), &here), "neither Origin nor Referer");
        assert!(same_origin(&headers(&[cookie, ("x-requested-with", "script")]), &here));
        assert!(same_origin(&headers(&[]), &here), "no session: sign-in");
        assert!(
            !changes_state(&Method::GET) && changes_state(&Method::POST) && changes_state(&Method::DELETE)
        );
        assert!(!same_origin(&headers(&[("origin", "http://wv.local:3000")]), &[]), "no name known");
    }

    #[test]
    fn the_client_behind_a_trusted_proxy_is_the_nearest_untrusted_hop() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let forwarded = headers(&[("x-forwarded-for", "6.6.6.6, 10.1.1.1, 10.0.0.2")]);
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        assert_eq!(client_address(ip("10.0.0.1"), &forwarded, &trusted), ip("10.1.1.1"));
        assert_eq!(client_address(ip("8.8.8.8"), &forwarded, &trusted), ip("8.8.8.8"), "not via a proxy");
        assert_eq!(client_address(ip("10.0.0.1"), &headers(&[]), &trusted), ip("10.0.0.1"));
        let garbage = headers(&[("x-forwarded-for", "nonsense")]);
        assert_eq!(client_address(ip("10.0.0.1"), &garbage, &trusted), ip("10.0.0.1"));
    }
}
