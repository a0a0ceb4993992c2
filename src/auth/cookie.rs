//! The session cookie: how it is written (HttpOnly, SameSite=Strict, Secure over HTTPS) and
//! how a request's token is found in its `Cookie` headers.

use axum::http::{header, HeaderMap};

use super::SESSION_COOKIE;

/// The session cookie's token, if the request has one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, SESSION_COOKIE)
}

/// The value of the cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others_and_is_strict() {
        let mut map = HeaderMap::new();
        map.insert("cookie", HeaderValue::from_static("a=1; werkvoorraad_sessie=abc; b=2"));
        assert_eq!(session_token(&map).as_deref(), Some("abc"));
        let cookie = session_cookie("abc", true);
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.ends_with("Secure")
        );
    }
}
