//! The key for BSN pseudonyms: WERKVOORRAAD_SECRET, or a file in the data folder made on first
//! use; refused when it is short or when others could read the file.

use std::path::Path;

use super::{Config, ConfigError, MIN_SECRET_LEN};

impl Config {
    /// The key for BSN pseudonyms and sessions: WERKVOORRAAD_SECRET, or the file `secret` in
    /// the data folder, created with 32 random bytes (readable by the owner only) on first use.
    /// A secret shorter than `MIN_SECRET_LEN` or a file open to others is refused.
    pub fn secret(&self) -> Result<Vec<u8>, ConfigError> {
        if let Some(secret) = &self.secret {
            if secret.len() < MIN_SECRET_LEN {
                return Err(ConfigError::ShortSecret);
            }
            return Ok(secret.as_bytes().to_vec());
        }
        let path = self.data_dir().join("secret");
        if let Some(secret) = read_secret_file(&path)? {
            return Ok(secret);
        }
        let fail = |reason: String| ConfigError::Secret { path: path.display().to_string(), reason };
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| fail(e.to_string()))?;
        let secret = hex::encode(bytes);
        crate::store::db::create_data_dir(&self.data_dir()).map_err(|e| fail(e.to_string()))?;
        write_private(&path, &secret).map_err(|e| fail(e.to_string()))?;
        Ok(secret.into_bytes())
    }
}

/// The secret in the file `path`, `None` when there is no such file. The file must be its
/// owner's alone and hold at least `MIN_SECRET_LEN` bytes besides surrounding white space.
fn read_secret_file(path: &Path) -> Result<Option<Vec<u8>>, ConfigError> {
    let shown = path.display().to_string();
    let fail = |reason: String| ConfigError::Secret { path: shown.clone(), reason };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(e.to_string())),
    };
    if is_open_to_others(&metadata) {
        return Err(ConfigError::OpenSecret { path: shown });
    }
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    match text.trim() {
        "" => Err(fail("het bestand is leeg".into())),
        secret if secret.len() < MIN_SECRET_LEN => Err(ConfigError::ShortSecretFile { path: shown }),
        secret => Ok(Some(secret.as_bytes().to_vec())),
    }
}

/// True when group or others may read or write the file (mode & 0o077).
#[cfg(unix)]
fn is_open_to_others(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o077 != 0
}

#[cfg(not(unix))]
fn is_open_to_others(_: &std::fs::Metadata) -> bool {
    false
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    crate::store::db::create_private_file(path)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::config;

    const LONG_SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn the_secret_comes_from_the_variable_or_is_created_once_in_the_data_folder() {
        let given = config(&[("WERKVOORRAAD_SECRET", LONG_SECRET)]).unwrap();
        assert_eq!(given.secret().unwrap(), LONG_SECRET.as_bytes());

        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("var");
        let url = format!("sqlite://{}/wv.db", data.display());
        let generated = config(&[("DATABASE_URL", &url)]).unwrap();
        assert_eq!(generated.data_dir(), data);
        let first = generated.secret().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(generated.secret().unwrap(), first, "stable across calls");
        #[cfg(unix)]
        {
            assert_eq!(mode(&data.join("secret")), 0o600);
            assert_eq!(mode(&data), 0o700, "the data folder is the owner's alone");
        }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// A configuration whose data folder is `dir`, holding a file `secret` with `content`.
    fn with_secret_file(dir: &Path, content: &str) -> Config {
        std::fs::write(dir.join("secret"), content).unwrap();
        #[cfg(unix)]
        set_mode(&dir.join("secret"), 0o600);
        config(&[("DATABASE_URL", &format!("sqlite://{}/wv.db", dir.display()))]).unwrap()
    }

    #[cfg(unix)]
    fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_secret_shorter_than_32_bytes_is_refused() {
        let err = config(&[("WERKVOORRAAD_SECRET", "s3cret")]).unwrap_err();
        assert_eq!(err, ConfigError::ShortSecret);
        assert!(err.to_string().contains("minstens 32 tekens"), "{err}");
        assert!(err.to_string().contains("openssl rand -hex 32"), "{err}");
        assert_eq!(
            config(&[("WERKVOORRAAD_SECRET", &LONG_SECRET[1..])]).unwrap_err(),
            ConfigError::ShortSecret
        );
        assert!(config(&[("WERKVOORRAAD_SECRET", LONG_SECRET)]).is_ok(), "32 bytes is enough");

        let dir = tempfile::tempdir().unwrap();
        let short = with_secret_file(dir.path(), "s3cret\n");
        let path = dir.path().join("secret").display().to_string();
        assert_eq!(short.secret().unwrap_err(), ConfigError::ShortSecretFile { path });
        let long = with_secret_file(dir.path(), &format!("{LONG_SECRET}\n"));
        assert_eq!(
            long.secret().unwrap(),
            LONG_SECRET.as_bytes(),
            "surrounding white space is not part of it"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_file_open_to_group_or_others_is_refused_saying_how_to_fix_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = with_secret_file(dir.path(), LONG_SECRET);
        let file = dir.path().join("secret");
        let path = file.display().to_string();
        for open in [0o644, 0o640, 0o620, 0o604, 0o602] {
            set_mode(&file, open);
            let err = config.secret().unwrap_err();
            assert_eq!(err, ConfigError::OpenSecret { path: path.clone() }, "{open:o}");
            assert!(err.to_string().contains(&format!("chmod 600 {path}")), "{err}");
        }
        for private in [0o600, 0o400] {
            set_mode(&file, private);
            assert_eq!(config.secret().unwrap(), LONG_SECRET.as_bytes(), "{private:o}");
        }
    }
}
