//! Backup and restore (spec/retention.md) for both engines: SQLite through `VACUUM INTO` (a
//! consistent copy while the server runs), PostgreSQL through Debian's `pg_dump` and `pg_restore`.

use std::path::Path;
use std::process::Command;

use super::db::{sqlite_file, Backend};
use super::{Db, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} bestaat al; kies een nieuwe bestandsnaam, zodat er niets wordt overschreven.")]
    Exists(String),
    #[error("{0} bestaat niet of is niet leesbaar.")]
    Missing(String),
    #[error("De database is niet leeg: terugzetten kan alleen in een lege database, zodat er niets verloren gaat. Maak een nieuwe database en zet DATABASE_URL daarop.")]
    NotEmpty,
    #[error("Terugzetten in SQLite kan alleen in een bestand; DATABASE_URL wijst niet naar een bestand.")]
    NoFile,
    #[error("{program} is niet gelukt: {message}")]
    Tool { program: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Het bestand kon niet worden geschreven: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs `program` with `args`; its error output becomes the message.
fn run(program: &'static str, args: &[&str]) -> Result<(), BackupError> {
    let output = Command::new(program).args(args).output().map_err(|e| BackupError::Tool {
        program,
        message: format!("{e} (staat PostgreSQL's {program} op deze machine?)"),
    })?;
    match output.status.success() {
        true => Ok(()),
        false => Err(BackupError::Tool {
            program,
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        }),
    }
}

impl Db {
    /// Writes a consistent copy of the whole database to `file`, which must not exist yet.
    pub async fn backup(&self, url: &str, file: &Path) -> Result<(), BackupError> {
        let name = file.display().to_string();
        if file.exists() {
            return Err(BackupError::Exists(name));
        }
        match self.backend() {
            Backend::Sqlite => {
                sqlx::query("VACUUM INTO $1")
                    .bind(name)
                    .execute(self.pool())
                    .await
                    .map_err(StoreError::from)?;
                #[cfg(unix)]
                std::fs::set_permissions(file, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
                Ok(())
            }
            Backend::Postgres => {
                run("pg_dump", &["--format=custom", "--no-owner", "--file", &name, "--dbname", url])
            }
        }
    }

    /// Whether this database holds nothing yet: no account, organisation, setting, snapshot,
    /// form or log line.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let tables: i64 = sqlx::query_scalar(match self.backend() {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'",
            Backend::Postgres => "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'users'",
        })
        .fetch_one(self.pool())
        .await?;
        if tables == 0 {
            return Ok(true);
        }
        let rows: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM snapshots) + (SELECT COUNT(*) FROM access_log) \
             + (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM settings) + (SELECT COUNT(*) FROM form_files)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(rows == 0)
    }
}

/// Loads the backup `file` into the empty database at `url` (`db` is connected to it; it is
/// closed here, because SQLite's file is replaced).
pub async fn restore(db: Db, url: &str, file: &Path) -> Result<(), BackupError> {
    if !file.is_file() {
        return Err(BackupError::Missing(file.display().to_string()));
    }
    if !db.is_empty().await? {
        return Err(BackupError::NotEmpty);
    }
    let backend = db.backend();
    match backend {
        Backend::Sqlite => {
            db.close().await;
            let target = sqlite_file(url).ok_or(BackupError::NoFile)?;
            for extra in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{extra}", target.display()));
            }
            std::fs::copy(file, &target)?;
            #[cfg(unix)]
            std::fs::set_permissions(&target, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            Ok(())
        }
        Backend::Postgres => {
            // An empty database after `migrate` still has the tables; the dump brings its own.
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'",
            )
            .fetch_one(db.pool())
            .await
            .map_err(StoreError::from)?;
            if tables > 0 {
                sqlx::query("DROP SCHEMA public CASCADE")
                    .execute(db.pool())
                    .await
                    .map_err(StoreError::from)?;
                sqlx::query("CREATE SCHEMA public").execute(db.pool()).await.map_err(StoreError::from)?;
            }
            db.close().await;
            let name = file.display().to_string();
            run(
                "pg_restore",
                &["--no-owner", "--exit-on-error", "--single-transaction", "--dbname", url, &name],
            )
        }
    }
}
