//! Import benchmark: read + validate + store of generated exports with 10k, 100k and 1M
//! cases on SQLite, and last an export at the cell limit (1M cases × 40 columns, 40 million
//! cells; left out when BENCH_SIZES names the sizes); prints the times and peak memory (no
//! assertions). `make bench-import`.

use std::time::Instant;

use chrono::NaiveDate;
use werkvoorraad::import::{import, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::ingest::{read_export, ImportOptions};
use werkvoorraad::store::Db;

mod common;
use common::{export, peak_mb, wide_export};

#[tokio::main]
async fn main() {
    let sizes = common::sizes();
    let key = Pseudonymizer::new(b"bench");
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
    println!(
        "{:>9} {:>8} {:>12} {:>12} {:>12} {:>10}",
        "zaken", "MB", "lezen+check", "opslaan", "totaal", "piek MB"
    );
    let at_the_limit = std::env::var("BENCH_SIZES").is_err().then_some((1_000_000, 28));
    let runs = sizes.into_iter().map(|n| (n, 0)).chain(at_the_limit);
    for (n, extra) in runs {
        let bytes = if extra == 0 { export(n) } else { wide_export(n, extra) };
        let megabytes = bytes.len() as f64 / 1e6;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("bench.db");
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.expect("db");
        db.migrate().await.expect("migrate");

        let start = Instant::now();
        let checked = read_export(
            &bytes,
            &ImportOptions {
                as_of,
                mapping: None,
                pseudonymizer: &key,
                locale: werkvoorraad::i18n::Locale::Nl,
            },
        )
        .map(|_| ());
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
            locale: werkvoorraad::i18n::Locale::Nl,
        };
        import(&db, &key, request).await.expect("import");
        let total = start.elapsed();
        println!(
            "{n:>9}{} {megabytes:>8.1} {:>10.2} s {:>10.2} s {:>10.2} s {:>10.0}",
            if extra == 0 { String::new() } else { format!(" × {} kolommen", 12 + extra) },
            read.as_secs_f64(),
            (total - read.min(total)).as_secs_f64(),
            total.as_secs_f64(),
            peak_mb()
        );
        db.close().await;
    }
}
