//! The configuration of sign-in through the organisation's identity provider (spec/interfaces.md):
//! OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, and whether passwords stay possible.

use super::ConfigError;

/// The path the identity provider sends the browser back to (registered there as redirect URI).
pub const CALLBACK_PATH: &str = "/aanmelden/oidc/terug";

/// One identity provider. (Its `Debug` leaves out the client secret.)
#[derive(Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// OIDC_ISSUER exactly as the provider names itself (its discovery document must agree).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// WERKVOORRAAD_PUBLIC_URL + `CALLBACK_PATH`.
    pub redirect_url: String,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_url", &self.redirect_url)
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    /// From the variables: all three set, or none (passwords only); `public_url` is the
    /// application's own address without a trailing slash.
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
        public_url: &str,
    ) -> Result<Option<Self>, ConfigError> {
        let values = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"].map(&get);
        match values {
            [None, None, None] => Ok(None),
            [Some(issuer), Some(client_id), Some(client_secret)] => {
                if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
                    return Err(ConfigError::OidcIssuer(issuer));
                }
                let redirect_url = format!("{public_url}{CALLBACK_PATH}");
                Ok(Some(OidcConfig { issuer, client_id, client_secret, redirect_url }))
            }
            _ => Err(ConfigError::OidcIncomplete),
        }
    }
}

/// WERKVOORRAAD_PASSWORDS: `off` allows sign-in through the identity provider only; `on` by default.
pub fn passwords_allowed(value: Option<&str>, oidc: bool) -> Result<bool, ConfigError> {
    match value {
        None | Some("on") => Ok(true),
        Some("off") if oidc => Ok(false),
        Some("off") => Err(ConfigError::PasswordsOffWithoutOidc),
        Some(other) => Err(ConfigError::Passwords(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn all_three_or_none() {
        assert_eq!(OidcConfig::from_vars(vars(&[]), "http://x").unwrap(), None);
        let partial = OidcConfig::from_vars(vars(&[("OIDC_ISSUER", "https://idp")]), "http://x");
        assert_eq!(partial.unwrap_err(), ConfigError::OidcIncomplete);
        const ALL: &[(&str, &str)] =
            &[("OIDC_ISSUER", "https://idp.test"), ("OIDC_CLIENT_ID", "wv"), ("OIDC_CLIENT_SECRET", "s")];
        let config = OidcConfig::from_vars(vars(ALL), "https://wv.gemeente.test").unwrap().unwrap();
        assert_eq!(config.redirect_url, "https://wv.gemeente.test/aanmelden/oidc/terug");
        assert!(!format!("{config:?}").contains("\"s\""), "the secret stays out of Debug");
    }

    #[test]
    fn passwords_go_off_only_with_an_identity_provider() {
        assert_eq!(passwords_allowed(None, false), Ok(true));
        assert_eq!(passwords_allowed(Some("off"), true), Ok(false));
        assert_eq!(passwords_allowed(Some("off"), false), Err(ConfigError::PasswordsOffWithoutOidc));
        assert!(passwords_allowed(Some("uit"), true).is_err());
    }
}
