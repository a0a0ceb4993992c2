//! Faults through the real binary and real databases: an import killed halfway leaves the
//! database whole, SIGTERM lets a request in flight finish, and a database that goes away gives
//! 503 with a Dutch message meanwhile and works again by itself when it is back.
#![cfg(all(feature = "ssr", unix))]

mod common;

use std::io::{BufRead, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::TestServer;
use werkvoorraad::store::Db;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// An export of `rows` reindications.
fn big_export(rows: usize) -> Vec<u8> {
    let mut text = String::from(
        "Zaaknummer;Cliëntnummer;BSN;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;\
         Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "Z{i};C{i};;Herindicatie;BW;Dordrecht;Leger des Heils;Jansen;10-03-2025;;;;31-05-2025\n"
        ));
    }
    text.into_bytes()
}

/// Waits for a child to end, at most `limit`; kills it if it does not.
fn ended_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    None
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status();
    assert!(status.expect("kill").success());
}

/// Snapshots and cases in the database at `url`, after checking that SQLite finds it whole.
fn stored(url: &str) -> (i64, i64) {
    common::run(async {
        let db = Db::connect(url).await.expect("connect");
        let check: String =
            sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db.pool()).await.expect("check");
        assert_eq!(check, "ok");
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(db.pool());
        let counts =
            (count("SELECT COUNT(*) FROM snapshots").await, count("SELECT COUNT(*) FROM cases").await);
        db.close().await;
        (counts.0.expect("snapshots"), counts.1.expect("cases"))
    })
}

#[test]
fn an_import_killed_halfway_leaves_the_database_whole_and_the_file_importable() {
    const ROWS: usize = 200_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, db_file) = (dir.path().join("export.csv"), dir.path().join("wv.db"));
    std::fs::write(&file, big_export(ROWS)).expect("write");
    let url = format!("sqlite://{}?mode=rwc", db_file.display());
    let import = |url: &str| {
        let mut command = common::command(url);
        command.args(["import", &file.display().to_string(), "--as-of", "2025-06-26"]);
        command
    };
    assert!(common::command(&url).arg("migrate").status().expect("migrate").success());
    let mut child = import(&url).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("import");
    // Killed once its transaction is writing: the write-ahead log has grown past 4 MB.
    let wal = dir.path().join("wv.db-wal");
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 4 << 20 {
        assert!(child.try_wait().expect("wait").is_none(), "the import ended before it could be killed");
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, "KILL");
    child.wait().expect("killed");
    let after_kill = stored(&url);
    assert!(after_kill == (0, 0) || after_kill == (1, ROWS as i64), "all or nothing: {after_kill:?}");
    let again = import(&url).output().expect("import again");
    assert!(after_kill.0 == 1 || again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(stored(&url), (1, ROWS as i64), "the same file imported whole");
}

/// The binary serving a fresh SQLite database with a team lead: the child and its address.
fn serving(dir: &std::path::Path) -> (Child, String) {
    let url = format!("sqlite://{}?mode=rwc", dir.join("wv.db").display());
    assert!(common::command(&url).arg("migrate").status().expect("migrate").success());
    let mut add = common::command(&url)
        .args(["user", "add", "--email", "tl@gemeente.test", "--role", "teamlead", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    add.stdin.take().expect("stdin").write_all(common::PASSWORD.as_bytes()).expect("password");
    assert!(add.wait().expect("user add").success());
    let mut child = common::command(&url)
        .arg("serve")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("address");
    let addr = line.trim().rsplit("http://").next().expect("address").to_owned();
    (child, addr)
}

/// The start of a raw import request with a body of `length` bytes (sent separately).
fn import_head(addr: &str, cookie: &str, length: usize) -> String {
    format!(
        "POST /api/v1/imports HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nX-Requested-With: tests\r\n\
         Content-Type: multipart/form-data; boundary=grens\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

fn multipart_import(file: &[u8]) -> Vec<u8> {
    let mut body =
        b"--grens\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2025-06-26\r\n".to_vec();
    body.extend_from_slice(
        b"--grens\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.csv\"\r\n\r\n",
    );
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--grens--\r\n");
    body
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_stops_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = serving(dir.path());
    let cookie = common::run(async {
        let response = common::client()
            .post(format!("http://{addr}/api/v1/session"))
            .json(&serde_json::json!({"email": "tl@gemeente.test", "password": common::PASSWORD}))
            .send()
            .await
            .expect("sign in");
        let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
        cookie.split(';').next().unwrap_or_default().to_owned()
    });
    let body = multipart_import(WORKED);
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream.write_all(import_head(&addr, &cookie, body.len()).as_bytes()).expect("head");
    stream.write_all(&body[..body.len() / 2]).expect("first half");
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(500));
    stream.write_all(&body[body.len() / 2..]).expect("second half, after SIGTERM");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 201"), "the import in flight finished: {answer}");
    let status = ended_within(&mut child, Duration::from_secs(30)).expect("stopped after SIGTERM");
    assert!(status.success(), "{status:?}");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display());
    assert_eq!(stored(&url), (1, 4), "and its snapshot kept");
}

/// A PostgreSQL of the test's own, stopped and removed when the test ends (also on failure).
struct OwnPostgres(std::path::PathBuf);

impl OwnPostgres {
    fn script(&self, action: &str) -> String {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/postgres.sh");
        let output = Command::new("bash").args([script, action, &self.0.display().to_string()]).output();
        let output = output.expect("postgres.sh");
        assert!(output.status.success(), "{action}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        self.script("stop");
    }
}

#[test]
fn while_the_database_is_away_the_server_says_so_and_recovers_by_itself() {
    let dir = tempfile::Builder::new().prefix("werkvoorraad-pg").tempdir().expect("temp dir");
    let postgres = OwnPostgres(dir.path().join("cluster"));
    let url = postgres.script("start");
    common::run(async {
        let server = TestServer::on_database(&url).await;
        assert_eq!(server.post_import("/api/v1/imports", WORKED, "2025-06-26").await.0, 201);
        assert_eq!(server.get("/api/v1/metrics").await.0, 200);
        postgres.script("halt");
        let (status, body) = server.json("/api/v1/metrics").await;
        assert_eq!(status, 503);
        assert!(body["error"].as_str().is_some_and(|e| e.contains("even niet bereikbaar")), "{body}");
        let (status, page) = server.get("/werkvoorraad").await;
        assert!(status == 503 && page.contains("even niet bereikbaar"), "{status}: {page}");
        postgres.script("resume");
        let mut status = 0;
        for _ in 0..30 {
            status = server.get("/api/v1/metrics").await.0;
            if status == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        assert_eq!(status, 200, "back by itself");
        assert_eq!(server.get("/werkvoorraad").await.0, 200);
    })
}
