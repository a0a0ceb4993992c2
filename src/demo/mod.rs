//! Demo data: a seeded simulation written as a series of municipal exports in data/, and
//! loading that series (with example tariffs) into an empty database so that a first start
//! shows a living dashboard.

pub mod accounts;
pub mod simulate;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::report::ImportOutcome;
use crate::domain::report::ImportSummary;
use crate::import::{import_unattended, ImportRequest, MappingChoice};
use crate::ingest::values::Pseudonymizer;
use crate::store::Db;

/// The as-of dates of the demo series, four weeks apart; the workbook repeats one of them.
pub const AS_OF_DATES: [(i32, u32, u32); 4] = [(2025, 5, 1), (2025, 5, 29), (2025, 6, 26), (2025, 7, 24)];
const XLSX_AS_OF: (i32, u32, u32) = (2025, 6, 26);
const SEED: u64 = 20250626;

fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The files of the demo series with their contents, for writing into `data/`.
pub fn generate() -> Result<Vec<(String, Vec<u8>)>, String> {
    let last = day(AS_OF_DATES[AS_OF_DATES.len() - 1]);
    let cases = simulate::simulate(SEED, last);
    let mut files: Vec<(String, Vec<u8>)> = AS_OF_DATES
        .iter()
        .map(|&d| (format!("export-{}.csv", day(d)), write::csv_bytes(&write::rows_on(&cases, day(d)))))
        .collect();
    let xlsx_rows = write::rows_on(&cases, day(XLSX_AS_OF));
    let xlsx = write::xlsx_bytes(&xlsx_rows, day(XLSX_AS_OF)).map_err(|e| e.to_string())?;
    files.push((format!("export-{}.xlsx", day(XLSX_AS_OF)), xlsx));
    Ok(files)
}

/// The CSV exports in `dir` with the as-of date in their name, oldest first.
pub fn series(dir: &Path) -> std::io::Result<Vec<(PathBuf, NaiveDate)>> {
    let mut files: Vec<(PathBuf, NaiveDate)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let date = name.strip_prefix("export-")?.strip_suffix(".csv")?;
            Some((path.clone(), NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?))
        })
        .collect();
    files.sort_by_key(|(_, date)| *date);
    Ok(files)
}

/// Imports the series into the database when it holds no snapshot yet; `None` when it did.
pub async fn load(
    db: &Db,
    pseudonymizer: &Pseudonymizer,
    dir: &Path,
) -> Result<Option<Vec<ImportSummary>>, String> {
    if db.snapshot_count().await.map_err(|e| e.to_string())? > 0 {
        return Ok(None);
    }
    let files = series(dir).map_err(|e| format!("kan de demomap {} niet lezen: {e}", dir.display()))?;
    let mut summaries = Vec::with_capacity(files.len());
    for (path, as_of) in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("kan {} niet lezen: {e}", path.display()))?;
        let request = ImportRequest {
            bytes,
            file_name: path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            as_of,
            mapping: MappingChoice::Aliases,
            imported_by: Some("demo".into()),
            locale: crate::i18n::Locale::Nl,
        };
        match import_unattended(db, pseudonymizer, request).await {
            ImportOutcome::Stored(summary) => summaries.push(summary),
            ImportOutcome::Rejected(r) => {
                return Err(format!("demobestand {} is afgekeurd: {:?}", path.display(), r.problems.first()))
            }
            ImportOutcome::AlreadyImported { snapshot_id } => {
                return Err(format!(
                    "demobestand {} is al ingelezen als momentopname {snapshot_id}",
                    path.display()
                ))
            }
            ImportOutcome::Failed { message } | ImportOutcome::Busy { message } => return Err(message),
        }
    }
    set_tariffs(db).await?;
    Ok(Some(summaries))
}

/// Daily tariffs in euros for the demo's products, so that its declaration risk shows euros:
/// plausible for sheltered housing and shelter, not any municipality's own.
const TARIFFS: [(&str, &str); 4] = [("BW", "152.40"), ("BT", "98.70"), ("MO", "89.50"), ("IB", "61.20")];

async fn set_tariffs(db: &Db) -> Result<(), String> {
    let now = crate::auth::timestamp(chrono::Utc::now());
    for (product, tariff) in TARIFFS {
        let key = format!("{}{product}", crate::metrics::TARIFF_PREFIX);
        db.set_setting(&key, Some(tariff), &now, "demo").await.map_err(|e| e.to_string())?;
    }
    Ok(())
}
