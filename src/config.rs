//! Configuration of the server binary: read once from the environment (or a `.env` file).
//! Owns the defaults of spec/interfaces.md and turns bad values into clear Dutch messages.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://var/werkvoorraad.db?mode=rwc";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// Folder with the built assets (`pkg/`, favicon); cargo-leptos writes it.
    pub site_root: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("LEPTOS_SITE_ADDR \"{0}\" is geen geldig adres; gebruik de vorm 127.0.0.1:3000.")]
    SiteAddr(String),
    #[error(
        "DATABASE_URL moet beginnen met sqlite: of postgres:// (nu: \"{0}\"); \
         laat de variabele leeg voor de ingebouwde SQLite-database."
    )]
    DatabaseUrl(String),
}

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
        Ok(Self { database_url, site_addr, site_root })
    }

    /// The SQLite database file, when the database is SQLite in a file.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite:")?;
        let path = rest.trim_start_matches("//").split('?').next()?;
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }
}

fn is_supported_database_url(url: &str) -> bool {
    url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
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
    }

    #[test]
    fn sqlite_file_handles_the_url_forms() {
        let file = |url: &str| config(&[("DATABASE_URL", url)]).unwrap().sqlite_file();
        assert_eq!(file("sqlite:data/x.db"), Some(PathBuf::from("data/x.db")));
        assert_eq!(file("sqlite:///tmp/x.db?mode=rwc"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(file("sqlite::memory:"), None);
    }
}
