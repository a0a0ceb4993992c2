//! The release server for the benchmarks: a database with one generated snapshot and a team
//! lead, the server on a free port, a signed-in client, and a process's peak memory.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};

pub const SECRET: &str = "een-geheim-van-minstens-tweeëndertig-tekens";
pub const PASSWORD: &str = "een lang wachtwoord";

/// Runs a subcommand of `bin` on the database at `url`; it must succeed.
pub fn run(bin: &str, url: &str, args: &[&str]) {
    let status = Command::new(bin)
        .args(args)
        .env("DATABASE_URL", url)
        .env("WERKVOORRAAD_SECRET", SECRET)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .status();
    assert!(status.is_ok_and(|s| s.success()), "{args:?}");
}

/// A database with one snapshot of `cases` cases and a team lead.
pub fn database(bin: &str, dir: &std::path::Path, cases: usize) -> String {
    let url = format!("sqlite://{}?mode=rwc", dir.join("wv.db").display());
    let file = dir.join("export.csv");
    std::fs::write(&file, super::export(cases)).expect("export");
    run(bin, &url, &["import", &file.display().to_string(), "--as-of", "2025-06-30"]);
    add_team_lead(bin, &url);
    url
}

/// The team lead whose sessions `connection` opens.
pub fn add_team_lead(bin: &str, url: &str) {
    let mut add = Command::new(bin)
        .args(["user", "add", "--email", "tl@gemeente.test", "--role", "teamlead", "--password-stdin"])
        .env("DATABASE_URL", url)
        .env("WERKVOORRAAD_SECRET", SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    std::io::Write::write_all(&mut add.stdin.take().expect("stdin"), PASSWORD.as_bytes()).expect("password");
    assert!(add.wait().is_ok_and(|s| s.success()));
}

/// The server on `url`: the child and its address.
pub fn serve(bin: &str, url: &str) -> (Child, String) {
    let mut child = Command::new(bin)
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("WERKVOORRAAD_SECRET", SECRET)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("address");
    (child, line.trim().rsplit("http://").next().unwrap_or_default().to_owned())
}

/// Peak resident memory of a process, in MB (Linux).
pub fn peak_mb_of(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1));
    kb.and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

/// One connection's client (as a browser: gzip and brotli) and its own session.
pub async fn connection(addr: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("client");
    let response = client
        .post(format!("http://{addr}/api/v1/session"))
        .json(&serde_json::json!({"email": "tl@gemeente.test", "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
    (client, cookie.split(';').next().unwrap_or_default().to_owned())
}
