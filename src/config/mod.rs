//! Configuration of the server binary: read once from the environment (or a `.env` file).
//! Owns the defaults of spec/interfaces.md and turns bad values into clear Dutch messages.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://var/werkvoorraad.db?mode=rwc";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
/// The shortest secret accepted, in bytes: the generated one is 64 hexadecimal characters.
pub const MIN_SECRET_LEN: usize = 32;

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// Folder with the built assets (`pkg/`, favicon); cargo-leptos writes it.
    pub site_root: String,
    /// WERKVOORRAAD_SECRET when set; otherwise `secret()` reads or creates one in the data folder.
    pub secret: Option<String>,
    /// WERKVOORRAAD_TRUSTED_PROXIES: the proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Mail and the notices' worker (config/notify.rs).
    pub notify: NotifyConfig,
    /// Sign-in through the organisation's identity provider, when configured (config/oidc.rs).
    pub oidc: Option<OidcConfig>,
    /// WERKVOORRAAD_PASSWORDS: whether passwords stay possible beside the identity provider.
    pub passwords: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("LEPTOS_SITE_ADDR \"{0}\" is geen geldig adres; gebruik de vorm 127.0.0.1:3000.")]
    SiteAddr(String),
    #[error("Het geheim kon niet worden gelezen of aangemaakt in {path}: {reason}")]
    Secret { path: String, reason: String },
    #[error(
        "WERKVOORRAAD_SECRET is te kort: gebruik minstens 32 tekens, bijvoorbeeld de uitvoer van \
         `openssl rand -hex 32`."
    )]
    ShortSecret,
    #[error(
        "Het geheim in {path} is te kort: gebruik minstens 32 tekens, bijvoorbeeld de uitvoer van \
         `openssl rand -hex 32`."
    )]
    ShortSecretFile { path: String },
    #[error(
        "Het geheim in {path} is leesbaar of schrijfbaar voor anderen dan de eigenaar. Maak het \
         alleen leesbaar voor de eigenaar: chmod 600 {path}"
    )]
    OpenSecret { path: String },
    #[error(
        "DATABASE_URL moet beginnen met sqlite: of postgres:// (nu: \"{0}\"); \
         laat de variabele leeg voor de ingebouwde SQLite-database."
    )]
    DatabaseUrl(String),
    #[error("WERKVOORRAAD_TRUSTED_PROXIES bevat \"{0}\", geen IP-adres; geef de adressen van de proxy's, gescheiden door komma's.")]
    TrustedProxy(String),
    #[error("SMTP_URL moet beginnen met smtp:// of smtps://, bijvoorbeeld smtp://mail.gemeente.nl:25.")]
    SmtpUrl,
    #[error(
        "MAIL_FROM (\"{0}\") is geen afzender; geef met SMTP_URL een adres, bijvoorbeeld \
         Werkvoorraad <werkvoorraad@gemeente.nl>."
    )]
    MailFrom(String),
    #[error("WERKVOORRAAD_PUBLIC_URL moet beginnen met http:// of https:// (nu: \"{0}\").")]
    PublicUrl(String),
    #[error("{key} is \"{value}\"; geef een aantal seconden, bijvoorbeeld 30.")]
    Seconds { key: String, value: String },
    #[error("WERKVOORRAAD_RETENTION_JOB is \"{0}\"; geef on (standaard) of off.")]
    RetentionJob(String),
    #[error(
        "Voor aanmelden via de identity provider zijn OIDC_ISSUER, OIDC_CLIENT_ID en OIDC_CLIENT_SECRET \
         alle drie nodig; laat ze alle drie leeg om alleen met wachtwoorden aan te melden."
    )]
    OidcIncomplete,
    #[error("OIDC_ISSUER moet beginnen met https:// (nu: \"{0}\"); geef het adres precies zoals de identity provider het noemt.")]
    OidcIssuer(String),
    #[error("WERKVOORRAAD_PASSWORDS is \"{0}\"; geef on (standaard) of off.")]
    Passwords(String),
    #[error(
        "WERKVOORRAAD_PASSWORDS=off kan alleen met een identity provider (OIDC_ISSUER en de andere twee)."
    )]
    PasswordsOffWithoutOidc,
}

mod notify;
pub mod oidc;
mod secret;
pub use notify::NotifyConfig;
pub use oidc::OidcConfig;

impl Config {
    /// Reads `.env` from the working folder and from the binary's folder (real environment
    /// variables win), then the variables themselves.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        if let Some(dir) = std::env::current_exe().ok().as_deref().and_then(Path::parent) {
            let _ = dotenvy::from_path(dir.join(".env"));
        }
        Self::from_vars(|key| std::env::var(key).ok())
    }

    /// Builds the configuration from a variable lookup; empty values count as unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str, default: &str| {
            var(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let database_url = get("DATABASE_URL", DEFAULT_DATABASE_URL);
        if !is_supported_database_url(&database_url) {
            return Err(ConfigError::DatabaseUrl(database_url));
        }
        let addr = get("LEPTOS_SITE_ADDR", DEFAULT_SITE_ADDR);
        let site_addr = addr.parse().map_err(|_| ConfigError::SiteAddr(addr))?;
        let site_root = get("LEPTOS_SITE_ROOT", DEFAULT_SITE_ROOT);
        let secret = Some(get("WERKVOORRAAD_SECRET", "")).filter(|s| !s.is_empty());
        if secret.as_ref().is_some_and(|s| s.len() < MIN_SECRET_LEN) {
            return Err(ConfigError::ShortSecret);
        }
        let trusted_proxies = get("WERKVOORRAAD_TRUSTED_PROXIES", "")
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.parse().map_err(|_| ConfigError::TrustedProxy(p.to_owned())))
            .collect::<Result<_, _>>()?;
        let set = |key: &str| Some(get(key, "")).filter(|v| !v.is_empty());
        let notify = NotifyConfig::from_vars(set, site_addr)?;
        let oidc = OidcConfig::from_vars(set, &notify.public_url)?;
        let passwords = oidc::passwords_allowed(set("WERKVOORRAAD_PASSWORDS").as_deref(), oidc.is_some())?;
        Ok(Self { database_url, site_addr, site_root, secret, trusted_proxies, notify, oidc, passwords })
    }

    /// Where the application keeps its own files: the SQLite file's folder, else `var`.
    pub fn data_dir(&self) -> PathBuf {
        self.sqlite_file()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("var"))
    }

    /// The SQLite database file, when the database is SQLite in a file.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        crate::store::db::sqlite_file(&self.database_url)
    }
}

fn is_supported_database_url(url: &str) -> bool {
    url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The configuration of these variables (the rest unset).
    pub(crate) fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_vars(|key| vars.get(key).cloned())
    }

    #[test]
    fn defaults_follow_the_interface_spec() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://var/werkvoorraad.db?mode=rwc");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, "target/site");
        assert_eq!(c.sqlite_file(), Some(PathBuf::from("var/werkvoorraad.db")));
    }

    #[test]
    fn variables_override_defaults_and_blank_means_unset() {
        let c = config(&[
            ("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/wv"),
            ("LEPTOS_SITE_ADDR", " 0.0.0.0:8080 "),
            ("LEPTOS_SITE_ROOT", ""),
        ])
        .unwrap();
        assert_eq!(c.database_url, "postgres://u:p@127.0.0.1:5432/wv");
        assert_eq!(c.site_addr.to_string(), "0.0.0.0:8080");
        assert_eq!(c.site_root, DEFAULT_SITE_ROOT);
        assert_eq!(c.sqlite_file(), None);
    }

    #[test]
    fn bad_values_are_refused_with_a_dutch_message() {
        let err = config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(err, ConfigError::SiteAddr("localhost".into()));
        assert!(err.to_string().contains("geen geldig adres"));
        let err = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert!(matches!(err, ConfigError::DatabaseUrl(_)));
        let err = config(&[("WERKVOORRAAD_TRUSTED_PROXIES", "10.0.0.1, proxy")]).unwrap_err();
        assert_eq!(err, ConfigError::TrustedProxy("proxy".into()));
        let proxies = config(&[("WERKVOORRAAD_TRUSTED_PROXIES", " 10.0.0.1,::1 ")]).unwrap().trusted_proxies;
        assert_eq!(proxies.len(), 2);
    }

    #[test]
    fn sqlite_file_handles_the_url_forms() {
        let file = |url: &str| config(&[("DATABASE_URL", url)]).unwrap().sqlite_file();
        assert_eq!(file("sqlite:data/x.db"), Some(PathBuf::from("data/x.db")));
        assert_eq!(file("sqlite:///tmp/x.db?mode=rwc"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(file("sqlite::memory:"), None);
    }
}
