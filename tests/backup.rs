//! Backup and restore (spec/retention.md) on both engines, through the command line: a backup
//! taken while an import and an upload run restores to a consistent database, and one taken at
//! rest gives the same figures, the same forms by SHA-256 and the same access log.
#![cfg(feature = "ssr")]

mod common;
use common::backends::{self, Backend};
use common::TestServer;
use sha2::{Digest, Sha256};
use werkvoorraad::store::Db;

const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");
const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// Runs `werkvoorraad ARGS` on the database at `url`; its output when it fails.
async fn cli(url: &str, args: &[&str]) -> Result<String, String> {
    let mut command = common::command(url);
    command.args(args);
    let output = tokio::task::spawn_blocking(move || command.output()).await.expect("join").expect("run");
    let text =
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

/// Every form file with the SHA-256 it was stored under, and that of its bytes.
async fn forms(db: &Db) -> Vec<(String, String)> {
    let rows: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT sha256, content FROM form_files ORDER BY id")
        .fetch_all(db.pool())
        .await
        .expect("forms");
    rows.into_iter().map(|(sha, bytes)| (sha, hex::encode(Sha256::digest(&bytes)))).collect()
}

async fn log(db: &Db) -> Vec<String> {
    let lines = db.access_log(&Default::default(), 10_000).await.expect("log");
    lines.iter().rev().filter(|l| !l.action.starts_with("reservekopie")).map(|l| format!("{l:?}")).collect()
}

/// A fresh database of `backend` with `file` restored into it, and its folder.
async fn restored(backend: Backend, file: &std::path::Path) -> (String, Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    let url = backends::fresh_url(backend, dir.path()).await.expect("database");
    cli(&url, &["restore", &file.display().to_string()]).await.expect("restore");
    let db = Db::connect(&url).await.expect("connect");
    (url, db, dir)
}

fn engine_of(server: &TestServer) -> Backend {
    if server.url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    }
}

#[test]
fn a_backup_restores_the_same_figures_forms_and_log() {
    common::run(async {
        let mut server = TestServer::start().await;
        assert_eq!(server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
        server.sign_in_as(werkvoorraad::domain::access::Role::Provider).await;
        assert_eq!(server.upload_form("R1").await, 201);
        server.sign_in_as(werkvoorraad::domain::access::Role::TeamLead).await;
        let dir = tempfile::tempdir().expect("dir");

        let during = dir.path().join("tijdens.bak");
        let during_name = during.display().to_string();
        let args = ["backup", during_name.as_str()];
        let backup = cli(&server.url, &args);
        let import = server.post_import("/api/v1/imports", WORKED, "2025-06-27");
        let (backup, (status, _)) = tokio::join!(backup, import);
        backup.expect("backup while importing");
        assert_eq!(status, 201);
        let (_, db, _keep) = restored(engine_of(&server), &during).await;
        for (stored, actual) in forms(&db).await {
            assert_eq!(stored, actual, "every form's bytes match their SHA-256");
        }
        let counts: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT s.row_count, (SELECT COUNT(*) FROM cases c WHERE c.snapshot_id = s.id) FROM snapshots s",
        )
        .fetch_all(db.pool())
        .await
        .expect("snapshots");
        assert!(
            !counts.is_empty() && counts.iter().all(|(rows, cases)| rows == cases),
            "whole snapshots: {counts:?}"
        );

        let at_rest = dir.path().join("na.bak");
        let before = log(&server.db).await;
        cli(&server.url, &["backup", &at_rest.display().to_string()]).await.expect("backup");
        let (url, db, _keep) = restored(engine_of(&server), &at_rest).await;
        assert_eq!(forms(&db).await, forms(&server.db).await);
        assert_eq!(log(&db).await, before, "the same access log");
        let figures = |url: String| async move { cli(&url, &["metrics", "--json"]).await.expect("metrics") };
        assert_eq!(figures(url).await, figures(server.url.clone()).await, "the same figures");
    })
}

#[test]
fn nothing_is_overwritten_or_restored_over_data() {
    common::run(async {
        let server = TestServer::start().await;
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("kopie.bak");
        cli(&server.url, &["backup", &file.display().to_string()]).await.expect("backup");
        let again = cli(&server.url, &["backup", &file.display().to_string()]).await.expect_err("exists");
        assert!(again.contains("bestaat al"), "{again}");
        let over = cli(&server.url, &["restore", &file.display().to_string()]).await.expect_err("not empty");
        assert!(over.contains("niet leeg"), "{over}");
        let missing = cli(&server.url, &["restore", "/bestaat/niet.bak"]).await.expect_err("missing");
        assert!(missing.contains("bestaat niet"), "{missing}");
    })
}
