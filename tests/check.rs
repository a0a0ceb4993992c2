//! `werkvoorraad check FILE` (spec/interfaces.md): the import's reading and validation and the
//! figures' code on the file alone. The same figures as an import followed by `metrics`, the
//! same refusals, and nothing stored: it needs neither a database nor a key.
#![cfg(feature = "ssr")]

mod common;

use std::process::{Command, Output};

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// `check` with no configuration at all: no database, no key.
fn check(file: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_werkvoorraad"))
        .arg("check")
        .arg(file)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("WERKVOORRAAD_SECRET")
        .env("RUST_LOG", "warn")
        .current_dir(file.parent().expect("folder"))
        .output()
        .expect("run")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn check_gives_the_figures_of_an_import_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, WORKED).expect("write");
    let checked = check(&file, &["--as-of", "2025-06-26", "--json"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "no database was made");

    let url = format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display());
    let mut import = common::command(&url);
    import.args(["import", "export.csv", "--as-of", "2025-06-26"]).current_dir(dir.path());
    assert!(import.output().expect("import").status.success());
    let metrics = common::command(&url).args(["metrics", "--json"]).output().expect("metrics");
    let json = |output: &Output| -> serde_json::Value {
        serde_json::from_slice(&output.stdout).expect("one JSON object")
    };
    assert_eq!(json(&checked), json(&metrics), "one code path for the figures");
    assert_eq!(json(&checked)["open"], 3);
}

#[test]
fn check_summarises_in_dutch_and_says_that_nothing_was_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, WORKED).expect("write");
    let output = check(&file, &["--as-of", "2025-06-26"]);
    let said = text(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("De export is goedgekeurd: 4 zaken, peildatum 26-06-2025."), "{said}");
    assert!(said.contains("Er is niets opgeslagen."), "{said}");
    assert!(said.contains("Open zaken:                 3"), "{said}");
    assert!(said.contains("Oudste maand niet opgepakt: maart 2025"), "{said}");
}

#[test]
fn check_lists_the_problems_of_a_wrong_export_with_exit_code_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("export.csv");
    let at = WORKED.windows(10).position(|w| w == b"02-04-2025").expect("a date");
    let wrong = [&WORKED[..at], b"31-02-2025", &WORKED[at + 10..]].concat();
    std::fs::write(&file, wrong).expect("write");
    let output = check(&file, &["--as-of", "2025-06-26"]);
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("regel 3\tDatum melding\t\"31-02-2025\""), "{said}");
    assert!(said.contains("De export is afgekeurd: 1 fout(en)."), "{said}");
    let missing = check(&dir.path().join("er-niet.csv"), &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("kan"), "{}", text(&missing));
}
