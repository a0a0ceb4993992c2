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
    /// WERKVOORRAAD_SECRET when set; otherwise `secret()` reads or creates one in the data folder.
    pub secret: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("LEPTOS_SITE_ADDR \"{0}\" is geen geldig adres; gebruik de vorm 127.0.0.1:3000.")]
    SiteAddr(String),
    #[error("Het geheim kon niet worden gelezen of aangemaakt in {path}: {reason}")]
    Secret { path: String, reason: String },
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
        let secret = Some(get("WERKVOORRAAD_SECRET", "")).filter(|s| !s.is_empty());
        Ok(Self { database_url, site_addr, site_root, secret })
    }

    /// Where the application keeps its own files: the SQLite file's folder, else `var`.
    pub fn data_dir(&self) -> PathBuf {
        self.sqlite_file()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("var"))
    }

    /// The key for BSN pseudonyms and sessions: WERKVOORRAAD_SECRET, or the file `secret` in
    /// the data folder, created with 32 random bytes (readable by the owner only) on first use.
    pub fn secret(&self) -> Result<Vec<u8>, ConfigError> {
        if let Some(secret) = &self.secret {
            return Ok(secret.as_bytes().to_vec());
        }
        let path = self.data_dir().join("secret");
        let fail = |reason: String| ConfigError::Secret { path: path.display().to_string(), reason };
        match std::fs::read_to_string(&path) {
            Ok(text) if !text.trim().is_empty() => return Ok(text.trim().as_bytes().to_vec()),
            Ok(_) => return Err(fail("het bestand is leeg".into())),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e.to_string())),
            Err(_) => {}
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| fail(e.to_string()))?;
        let secret = hex::encode(bytes);
        std::fs::create_dir_all(self.data_dir()).map_err(|e| fail(e.to_string()))?;
        write_private(&path, &secret).map_err(|e| fail(e.to_string()))?;
        Ok(secret.into_bytes())
    }

    /// The SQLite database file, when the database is SQLite in a file.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        crate::store::db::sqlite_file(&self.database_url)
    }
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(content.as_bytes())
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
    fn the_secret_comes_from_the_variable_or_is_created_once_in_the_data_folder() {
        let given = config(&[("WERKVOORRAAD_SECRET", "s3cret")]).unwrap();
        assert_eq!(given.secret().unwrap(), b"s3cret");

        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/wv.db", dir.path().display());
        let generated = config(&[("DATABASE_URL", &url)]).unwrap();
        assert_eq!(generated.data_dir(), dir.path());
        let first = generated.secret().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(generated.secret().unwrap(), first, "stable across calls");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn sqlite_file_handles_the_url_forms() {
        let file = |url: &str| config(&[("DATABASE_URL", url)]).unwrap().sqlite_file();
        assert_eq!(file("sqlite:data/x.db"), Some(PathBuf::from("data/x.db")));
        assert_eq!(file("sqlite:///tmp/x.db?mode=rwc"), Some(PathBuf::from("/tmp/x.db")));
        assert_eq!(file("sqlite::memory:"), None);
    }
}
