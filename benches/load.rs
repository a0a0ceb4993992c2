//! Load benchmark (no assertions): the release server with a 100k-case snapshot, signed-in
//! connections requesting the Overzicht, queue pages, Consulenten, Declaratierisico and the
//! metrics API for a while; prints requests/s, p50/p99, errors and the server's peak RSS.
//! `make bench-load`; BENCH_LOAD_BINS (binaries, comma-separated) compares builds in one run.

use std::time::{Duration, Instant};

mod common;

use common::server::{connection, database, peak_mb_of, serve};

const PATHS: [&str; 6] = [
    "/",
    "/werkvoorraad",
    "/werkvoorraad?page=2&sort=age",
    "/consulenten",
    "/declaratierisico",
    "/api/v1/metrics",
];

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Requests the paths in turn until `end`: each latency in µs, and the number of errors.
async fn load(
    addr: String,
    client: reqwest::Client,
    cookie: String,
    offset: usize,
    end: Instant,
) -> (Vec<u32>, u64) {
    let (mut latencies, mut errors) = (Vec::new(), 0);
    let mut next = offset;
    while Instant::now() < end {
        let path = PATHS[next % PATHS.len()];
        next += 1;
        let start = Instant::now();
        let response = client.get(format!("http://{addr}{path}")).header("cookie", &cookie).send().await;
        let whole = match response {
            Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
            _ => false,
        };
        latencies.push(u32::try_from(start.elapsed().as_micros()).unwrap_or(u32::MAX));
        errors += u64::from(!whole);
    }
    (latencies, errors)
}

async fn measure(bin: &str, url: &str) {
    let (connections, seconds) = (setting("BENCH_LOAD_CONNECTIONS", 200), setting("BENCH_LOAD_SECONDS", 60));
    let (mut child, addr) = serve(bin, url);
    let mut clients = Vec::new();
    for _ in 0..connections {
        clients.push(connection(&addr).await);
    }
    for path in PATHS {
        let (client, cookie) = &clients[0];
        let warm = client.get(format!("http://{addr}{path}")).header("cookie", cookie).send().await;
        assert!(warm.is_ok_and(|r| r.status().is_success()), "{path}");
    }
    let end = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, (client, cookie))| tokio::spawn(load(addr.clone(), client, cookie, i, end)))
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (some, failed) = task.await.expect("task");
        latencies.extend(some);
        errors += failed;
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        f64::from(latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)]) / 1000.0
    };
    println!(
        "{bin}\n  {connections} verbindingen, {seconds} s: {:.0} verzoeken/s, p50 {:.1} ms, p99 {:.1} ms, {errors} fouten, piekgeheugen server {:.0} MB",
        latencies.len() as f64 / seconds as f64,
        at(0.50),
        at(0.99),
        peak_mb_of(child.id())
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::main]
async fn main() {
    let own = env!("CARGO_BIN_EXE_werkvoorraad").to_owned();
    let bins: Vec<String> = std::env::var("BENCH_LOAD_BINS")
        .map(|v| v.split(',').map(str::to_owned).collect())
        .unwrap_or_else(|_| vec![own.clone()]);
    let cases = usize::try_from(setting("BENCH_LOAD_CASES", 100_000)).unwrap_or(100_000);
    for bin in &bins {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = database(bin, dir.path(), cases);
        measure(bin, &url).await;
    }
}
