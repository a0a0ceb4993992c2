//! The language of a request: `POST /taal` remembers the choice (in the account when signed in,
//! in a cookie always); a visitor's is that cookie, else the browser's `Accept-Language`, else Dutch.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use super::gate::over_https;
use super::{back_with_notice, HttpError};
use crate::auth::cookie::cookie_value;
use crate::auth::CurrentUser;
use crate::domain::redirect::local_path;
use crate::i18n::Locale;
use crate::state::AppState;

/// The cookie with a visitor's choice of language (nothing personal: `nl` or `en`).
pub const LANGUAGE_COOKIE: &str = "werkvoorraad_taal";
/// How long a visitor's choice is kept: a year.
const COOKIE_SECONDS: u32 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    taal: String,
    /// The page to go back to (a path of this site).
    #[serde(default)]
    terug: String,
}

/// Stores the language asked for (in the account when signed in, in a cookie always) and goes
/// back; an unknown one goes back with a message.
pub async fn switch(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Result<Response, HttpError> {
    let Some(locale) = Locale::from_code(&form.taal) else {
        let message = crate::i18n::t(crate::i18n::current(), "language-unknown");
        return Ok(back_with_notice(&form.terug, Err(message)));
    };
    if let Some(Extension(user)) = user {
        state.db.set_locale(user.user.id, locale).await?;
    }
    let secure = if over_https(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={COOKIE_SECONDS}{secure}",
        locale.code()
    );
    let back = Redirect::to(local_path(&form.terug).unwrap_or("/"));
    Ok(([(header::SET_COOKIE, cookie)], back).into_response())
}

/// A signed-out visitor's language: the switch's cookie, else the first of Dutch and English
/// that the browser prefers, else Dutch.
pub fn visitor_locale(headers: &HeaderMap) -> Locale {
    let chosen = cookie_value(headers, LANGUAGE_COOKIE).and_then(|code| Locale::from_code(&code));
    let browser = || {
        let accepted = headers.get_all(header::ACCEPT_LANGUAGE).iter().filter_map(|v| v.to_str().ok());
        preferred(&accepted.collect::<Vec<_>>().join(","))
    };
    chosen.or_else(browser).unwrap_or_default()
}

/// The first of our languages in an `Accept-Language` value, by its weight (`q`), then its order.
fn preferred(accept: &str) -> Option<Locale> {
    let mut ranked: Vec<(f32, usize, Locale)> = accept
        .split(',')
        .take(50)
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .next()
                .unwrap_or(1.0);
            let locale = Locale::from_code(&primary)?;
            (weight > 0.0 && weight.is_finite()).then_some((weight, order, locale))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|(_, _, locale)| *locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_browser_s_first_language_of_ours_by_weight_then_order() {
        assert_eq!(preferred("en-GB,en;q=0.9"), Some(Locale::En));
        assert_eq!(preferred("fr-FR, nl;q=0.8, en;q=0.5"), Some(Locale::Nl));
        assert_eq!(preferred("de, en;q=0.4, nl;q=0.7"), Some(Locale::Nl));
        assert_eq!(preferred("EN_us;q=0.2, nl-BE;q=0"), Some(Locale::En));
        assert_eq!(preferred("fr, *;q=0.1"), None);
        assert_eq!(preferred("nonsense;q=abc,,;"), None);
        assert_eq!(preferred(""), None);
    }

    #[test]
    fn a_visitor_s_cookie_wins_over_the_browser() {
        let mut headers = HeaderMap::new();
        assert_eq!(visitor_locale(&headers), Locale::Nl);
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        assert_eq!(visitor_locale(&headers), Locale::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("werkvoorraad_taal=nl"));
        assert_eq!(visitor_locale(&headers), Locale::Nl);
        headers.insert(header::COOKIE, HeaderValue::from_static("werkvoorraad_taal=fr"));
        assert_eq!(visitor_locale(&headers), Locale::En, "an unknown choice is no choice");
    }
}
