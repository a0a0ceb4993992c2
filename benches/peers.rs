//! Peers benchmark (no assertions): one generated export of 1M cases in the demo's shape
//! (Windows-1252, `;`, d-m-Y dates, a BSN column) read by `werkvoorraad check`, `import` and
//! `metrics` and, in the same run, by DuckDB and pandas (benches/peers/figures.py says exactly
//! which figures they compute); medians of wall time and peak memory over BENCH_PEERS_RUNS runs
//! (3), each time also as a ratio to DuckDB's. `make bench-peers` (PEERS_PYTHON: a python with
//! duckdb and pandas; BENCH_PEERS_CASES: the size, 1,000,000; BENCH_PEERS_FILE: where the export
//! is written and kept, for profiling).

use std::path::Path;
use std::process::{Command, Stdio};

mod common;

const AS_OF: &str = "2025-06-30";
const SECRET: &str = "een-geheim-van-minstens-tweeëndertig-tekens";

#[derive(Clone, Copy)]
struct Measured {
    seconds: f64,
    peak_mb: f64,
}

/// One run of `program` under /usr/bin/time: its wall time and peak resident memory.
fn timed(program: &str, args: &[&str], database: &str) -> Measured {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M", program])
        .args(args)
        .env("DATABASE_URL", database)
        .env("WERKVOORRAAD_SECRET", SECRET)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{program} {args:?}: {stderr}");
    let mut last = stderr.lines().last().unwrap_or_default().split_whitespace();
    let mut number = || last.next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
    Measured { seconds: number(), peak_mb: number() / 1024.0 }
}

/// The medians of `runs` runs; `before` runs ahead of each (not timed).
fn median(runs: usize, before: impl Fn(), run: impl Fn() -> Measured) -> Measured {
    let all: Vec<Measured> = (0..runs)
        .map(|_| {
            before();
            run()
        })
        .collect();
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Measured {
        seconds: middle(all.iter().map(|m| m.seconds).collect()),
        peak_mb: middle(all.iter().map(|m| m.peak_mb).collect()),
    }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let (cases, runs) = (setting("BENCH_PEERS_CASES", 1_000_000), setting("BENCH_PEERS_RUNS", 3));
    let python = std::env::var("PEERS_PYTHON").unwrap_or_else(|_| "target/peers-venv/bin/python".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/figures.py");
    let bin = env!("CARGO_BIN_EXE_werkvoorraad");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = std::env::var("BENCH_PEERS_FILE").map_or_else(|_| dir.path().join("export.csv"), Into::into);
    let bytes = common::demo_shaped_export(cases);
    std::fs::write(&file, &bytes).expect("export");
    let (file, script) = (file.display().to_string(), script.display().to_string());
    let db_file = dir.path().join("wv.db");
    let url = format!("sqlite://{}?mode=rwc", db_file.display());
    let fresh = || {
        let _ = std::fs::remove_file(&db_file);
        let _ = std::fs::remove_file(dir.path().join("wv.db-wal"));
        let _ = std::fs::remove_file(dir.path().join("wv.db-shm"));
    };
    let none = || {};
    let rows = [
        (
            "DuckDB: lezen, datums, kerncijfers, consulent-weken, risico",
            median(runs, none, || timed(&python, &[&script, "duckdb", &file, AS_OF], &url)),
        ),
        (
            "pandas: hetzelfde",
            median(runs, none, || timed(&python, &[&script, "pandas", &file, AS_OF], &url)),
        ),
        (
            "werkvoorraad check --json (lezen, controleren, alle cijfers)",
            median(runs, none, || timed(bin, &["check", &file, "--as-of", AS_OF, "--json"], &url)),
        ),
        (
            "werkvoorraad import (lezen, controleren, opslaan in SQLite)",
            median(runs, fresh, || timed(bin, &["import", &file, "--as-of", AS_OF], &url)),
        ),
        (
            "werkvoorraad metrics --json (teruglezen + alle cijfers)",
            median(runs, none, || timed(bin, &["metrics", "--json"], &url)),
        ),
    ];
    let duckdb = rows[0].1.seconds;
    println!("{} zaken, {:.0} MB, mediaan van {runs} runs", cases, bytes.len() as f64 / 1e6);
    println!("{:<64} {:>8} {:>10} {:>12}", "wat", "tijd s", "piek MB", "× DuckDB");
    for (what, m) in rows {
        println!("{what:<64} {:>8.2} {:>10.0} {:>12.2}", m.seconds, m.peak_mb, m.seconds / duckdb);
    }
    println!("Doelen: check ≤ 0,8 × DuckDB; import ≤ 2,5 s en ≤ 700 MB; metrics ≤ 0,3 s.");
    serve_and_export(bin, &url).await;
}

/// The server on the imported snapshot: its memory after the first Overzicht and while it
/// serves the whole queue as CSV and as a workbook (aim: peak ≤ 600 MB).
async fn serve_and_export(bin: &str, url: &str) {
    common::server::add_team_lead(bin, url);
    let (mut child, addr) = common::server::serve(bin, url);
    let (client, cookie) = common::server::connection(&addr).await;
    let mut report = Vec::new();
    for path in ["/", "/werkvoorraad/export.csv", "/werkvoorraad/export.xlsx"] {
        let start = std::time::Instant::now();
        let response = client.get(format!("http://{addr}{path}")).header("cookie", &cookie).send().await;
        let bytes = match response {
            Ok(r) if r.status().is_success() => r.bytes().await.map_or(0, |b| b.len()),
            _ => 0,
        };
        let rss = common::server::peak_mb_of(child.id());
        report.push(format!(
            "{path}: {:.1} MB in {:.2} s, piek {rss:.0} MB",
            bytes as f64 / 1e6,
            start.elapsed().as_secs_f64()
        ));
    }
    println!("Server (doel: piek ≤ 600 MB): {}", report.join("; "));
    let _ = child.kill();
    let _ = child.wait();
}
