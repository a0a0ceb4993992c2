//! Import benchmark: read + validate + store of generated exports with 10k, 100k and 1M
//! cases on SQLite; prints the times and peak memory (no assertions). `make bench-import`.

use std::time::Instant;

use chrono::NaiveDate;
use werkvoorraad::import::{import, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::ingest::{read_export, ImportOptions};
use werkvoorraad::store::Db;

const MUNICIPALITIES: [&str; 5] = ["Dordrecht", "Zwijndrecht", "Papendrecht", "Gorinchem", "Molenlanden"];
const PROVIDERS: [&str; 4] =
    ["Stichting Drechtwonen", "Zorggroep Merwestroom", "Huis aan de Linge", "Opvang De Overkant"];

/// A municipal-style export of `n` cases, half of them re-indications, a third closed.
fn export(n: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(n as u64);
    let mut text = String::with_capacity(n * 120);
    text.push_str("Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n");
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    for i in 0..n {
        let received = base + chrono::Days::new(rng.u64(0..850));
        let reindication = rng.bool();
        let assigned = rng.bool().then(|| received + chrono::Days::new(rng.u64(1..20)));
        let decided = assigned.filter(|_| rng.u8(0..3) == 0).map(|a| a + chrono::Days::new(rng.u64(1..30)));
        let dmy = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
        text.push_str(&format!(
            "Z{i:07};C{};{};{};{};{};{};{};{};{};{};{}\r\n",
            rng.u32(100_000..999_999),
            if reindication { "Herindicatie" } else { "Nieuw" },
            ["BW", "BT", "MO", "IB"][rng.usize(0..4)],
            MUNICIPALITIES[rng.usize(0..MUNICIPALITIES.len())],
            if reindication { PROVIDERS[rng.usize(0..PROVIDERS.len())] } else { "" },
            if assigned.is_some() { "A. Jansen" } else { "" },
            dmy(received),
            assigned.map(dmy).unwrap_or_default(),
            decided.map(dmy).unwrap_or_default(),
            if decided.is_some() { "Toegekend" } else { "" },
            if reindication { dmy(received + chrono::Days::new(60)) } else { String::new() },
        ));
    }
    text.into_bytes()
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    let key = Pseudonymizer::new(b"bench");
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
    println!(
        "{:>9} {:>8} {:>12} {:>12} {:>12} {:>10}",
        "zaken", "MB", "lezen+check", "opslaan", "totaal", "piek MB"
    );
    for n in sizes {
        let bytes = export(n);
        let megabytes = bytes.len() as f64 / 1e6;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("bench.db");
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.expect("db");
        db.migrate().await.expect("migrate");

        let start = Instant::now();
        let checked =
            read_export(&bytes, &ImportOptions { as_of, mapping: None, pseudonymizer: &key }).map(|_| ());
        let read = start.elapsed();
        if let Err(rejection) = checked {
            panic!("the generated export must be valid: {:?}", rejection.problems.first());
        }

        let start = Instant::now();
        let request = ImportRequest {
            bytes,
            file_name: "bench.csv".into(),
            as_of,
            mapping: MappingChoice::Aliases,
            imported_by: None,
        };
        import(&db, &key, request).await.expect("import");
        let total = start.elapsed();
        println!(
            "{n:>9} {megabytes:>8.1} {:>10.2} s {:>10.2} s {:>10.2} s {:>10.0}",
            read.as_secs_f64(),
            (total - read.min(total)).as_secs_f64(),
            total.as_secs_f64(),
            peak_mb()
        );
        db.close().await;
    }
}
