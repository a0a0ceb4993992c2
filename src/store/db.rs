//! The database handle: one pool over SQLite (embedded default) or PostgreSQL, chosen by URL.
//! Owns connecting, per-connection settings (WAL, foreign keys), the private data folder and
//! database file (0700, 0600), and running the migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use super::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database file of a SQLite URL (`sqlite://var/x.db?mode=rwc` → `var/x.db`); `None` for
/// PostgreSQL and in-memory SQLite.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.trim_start_matches("//").split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Creates the data folder and any missing parents, open to the owner only (0700); a folder
/// that exists already is left as it is.
pub fn create_data_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates a new, empty file that only its owner may read and write (0600); fails when it
/// exists already.
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// True when the URL lets SQLite create a missing database file (`mode=rwc`).
fn creates_missing_file(url: &str) -> bool {
    url.split_once('?').is_some_and(|(_, query)| query.split('&').any(|p| p == "mode=rwc"))
}

/// Prepares a SQLite file database: its folder (0700) and, when SQLite would create the file,
/// the empty file itself (0600), so that it is never readable by others, not even briefly.
/// SQLite gives the -wal and -shm files the mode of the database file.
fn prepare_sqlite_file(url: &str) -> Result<(), StoreError> {
    let Some(file) = sqlite_file(url) else { return Ok(()) };
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_data_dir(dir)
            .map_err(|source| StoreError::DataDir { path: dir.display().to_string(), source })?;
    }
    if file.exists() {
        return make_private(&file);
    }
    if !creates_missing_file(url) {
        return Ok(());
    }
    match create_private_file(&file) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::Connect(sqlx::Error::Io(e)))
        }
        _ => Ok(()),
    }
}

/// An existing database file that others may read is made the owner's only (0600): it holds
/// personal data. Said in the log, since it changes the file.
fn make_private(file: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let io = |e: std::io::Error| StoreError::Connect(sqlx::Error::Io(e));
        let mode = std::fs::metadata(file).map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
            tracing::warn!(file = %file.display(), "the database file was readable by others; it is now 0600");
        }
    }
    Ok(())
}

/// The key of the PostgreSQL advisory lock that one import at a time holds.
const IMPORT_LOCK: i64 = 0x7765_726b_696d_7074;

/// The turn to import; the next import may start when it is dropped.
pub struct ImportTurn {
    _permit: tokio::sync::OwnedSemaphorePermit,
    _lock: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
}

/// A cheap-to-clone handle on the pool.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// One import at a time through this handle: each holds a whole export in memory.
    importing: std::sync::Arc<tokio::sync::Semaphore>,
    seen: super::revisions::Seen,
}

impl Db {
    /// The turn to import, or `None` while another import runs: through this handle, or on
    /// PostgreSQL through any instance (an advisory lock on a connection of its own).
    pub async fn import_turn(&self) -> Result<Option<ImportTurn>, StoreError> {
        let Ok(permit) = self.importing.clone().try_acquire_owned() else { return Ok(None) };
        let lock = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let mut connection = self.pool.acquire().await?;
                let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(IMPORT_LOCK)
                    .fetch_one(&mut *connection)
                    .await?;
                if !taken {
                    return Ok(None);
                }
                // Closing the connection ends the lock, also when the import fails halfway.
                connection.close_on_drop();
                Some(connection)
            }
        };
        Ok(Some(ImportTurn { _permit: permit, _lock: lock }))
    }

    /// Connects to `url`; for a SQLite file its folder (0700) and the file (0600) are
    /// created first.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        prepare_sqlite_file(url)?;
        let options: AnyConnectOptions = url.parse().map_err(StoreError::Connect)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        // Deleted rows are overwritten with zeros (spec/retention.md: the bytes are gone).
                        conn.execute("PRAGMA secure_delete = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        let importing = std::sync::Arc::new(tokio::sync::Semaphore::new(1));
        Ok(Self { pool, backend, importing, seen: Default::default() })
    }

    /// Brings the schema up to date (idempotent).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub(super) fn seen(&self) -> &super::revisions::Seen {
        &self.seen
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection; later queries fail (used at shutdown and in tests).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or_default()
    }

    #[tokio::test]
    async fn a_fresh_sqlite_database_is_private_to_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("var").join("data");
        let file = data.join("wv.db");
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
        db.migrate().await.unwrap();
        assert_eq!(mode(&dir.path().join("var")), 0o700, "missing parents too");
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&file), 0o600);
        for companion in ["wv.db-wal", "wv.db-shm"] {
            let path = data.join(companion);
            assert!(!path.exists() || mode(&path) == 0o600, "{companion}: {:o}", mode(&path));
        }
        db.close().await;
    }

    #[tokio::test]
    async fn an_existing_database_file_open_to_others_is_made_private() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wv.db");
        std::fs::write(&file, b"").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
        assert_eq!(mode(&file), 0o600);
        db.close().await;
    }

    #[tokio::test]
    async fn without_mode_rwc_a_missing_file_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wv.db");
        assert!(Db::connect(&format!("sqlite://{}", file.display())).await.is_err());
        assert!(!file.exists());
    }
}
