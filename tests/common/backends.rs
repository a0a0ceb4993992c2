//! Store tests on both engines: a fresh, migrated database per scenario, SQLite in a file and
//! PostgreSQL from `make test` (tests/postgres.sh), and the macro that runs a scenario on both.

use sqlx::AssertSqlSafe;
use werkvoorraad::store::Db;

/// The server that `make test` starts (tests/postgres.sh); without it the PostgreSQL runs
/// say so and stop.
const POSTGRES_VAR: &str = "WERKVOORRAAD_TEST_POSTGRES_URL";

pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, migrated database of the backend; `None` when no PostgreSQL is configured.
pub async fn fresh_db(backend: Backend) -> Option<(Db, tempfile::TempDir)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_url(backend, dir.path()).await?;
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    Some((db, dir))
}

/// The URL of a new, empty database: a SQLite file in `dir`, or a new database on the test
/// PostgreSQL (`None` when none is configured).
pub async fn fresh_url(backend: Backend, dir: &std::path::Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!("sqlite://{}?mode=rwc", dir.join("data").join("wv.db").display())),
        Backend::Postgres => {
            let Ok(admin_url) = std::env::var(POSTGRES_VAR) else {
                eprintln!("{POSTGRES_VAR} is not set: PostgreSQL not tested (make test sets it)");
                return None;
            };
            let name = format!("wv_{}", fastrand::u64(..));
            let admin = Db::connect(&admin_url).await.expect("connect admin");
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(admin.pool())
                .await
                .expect("create");
            admin.close().await;
            Some(format!(
                "{}/{name}",
                admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base)
            ))
        }
    }
}

/// The engine the HTTP tests run on: PostgreSQL when `WERKVOORRAAD_TEST_ENGINE=postgres` (the
/// second run of `make test`), SQLite otherwise.
pub fn engine() -> Backend {
    match std::env::var("WERKVOORRAAD_TEST_ENGINE").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Runs a scenario once on SQLite and once on PostgreSQL; `multi_thread:` first runs them on a
/// multi-thread runtime, as in the server (polars reads Parquet with blocking calls that need one).
#[macro_export]
macro_rules! on_both_backends {
    (@test #[$test:meta] $($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(#[$test]
            async fn $scenario() {
                if let Some((db, _dir)) = $crate::common::backends::fresh_db($crate::common::backends::Backend::Sqlite).await {
                    super::$scenario(db, $crate::common::backends::Backend::Sqlite).await;
                }
            })*
        }
        mod postgres {
            $(#[$test]
            async fn $scenario() {
                if let Some((db, _dir)) = $crate::common::backends::fresh_db($crate::common::backends::Backend::Postgres).await {
                    super::$scenario(db, $crate::common::backends::Backend::Postgres).await;
                }
            })*
        }
    };
    (multi_thread: $($scenario:ident),* $(,)?) => {
        $crate::on_both_backends!(@test #[tokio::test(flavor = "multi_thread", worker_threads = 2)] $($scenario),*);
    };
    ($($scenario:ident),* $(,)?) => {
        $crate::on_both_backends!(@test #[tokio::test] $($scenario),*);
    };
}
