//! Imports into a real database, SQLite in a file and PostgreSQL (from `make test`): a valid
//! export becomes one snapshot with its cases, the same file again is refused, and a rejected
//! or failing import (also one posted to the real server) leaves the database as it was.
#![cfg(feature = "ssr")]

#[macro_use]
mod common;
use common::backends::Backend;
use common::TestServer;

use chrono::NaiveDate;
use werkvoorraad::import::{import, ImportError, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::store::Db;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

on_both_backends!(
    a_valid_export_is_stored_once_with_all_its_cases,
    a_rejected_export_writes_nothing,
    a_failure_halfway_through_storing_leaves_nothing_behind,
    two_different_exports_with_the_same_as_of_date_are_both_kept,
    the_cases_frame_reads_back_what_was_stored,
);

fn request(bytes: &[u8], name: &str) -> ImportRequest {
    ImportRequest {
        bytes: bytes.to_vec(),
        file_name: name.into(),
        as_of: NaiveDate::from_ymd_opt(2025, 6, 26).unwrap(),
        mapping: MappingChoice::Aliases,
        imported_by: Some("teamleider@example.nl".into()),
        locale: werkvoorraad::i18n::Locale::Nl,
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = match table {
        "cases" => "SELECT COUNT(*) FROM cases",
        _ => "SELECT COUNT(*) FROM snapshots",
    };
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.expect("count")
}

/// The file with every `from` replaced by `to`, byte for byte (it is Windows-1252).
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn key() -> Pseudonymizer {
    Pseudonymizer::new(b"test-secret")
}

async fn a_valid_export_is_stored_once_with_all_its_cases(db: Db, _: Backend) {
    let summary = import(&db, &key(), request(WORKED, "export.csv")).await.expect("imported");
    assert_eq!((summary.snapshot_id, summary.rows), (1, 4));
    assert_eq!(count(&db, "cases").await, 4);

    let row: (String, Option<String>, String, Option<String>) = sqlx::query_as(
        "SELECT request_type, consultant, received_on, indication_end FROM cases WHERE case_id = 'A'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(row, ("reindication".into(), None, "2025-03-10".into(), Some("2025-05-31".into())));
    let keys: Vec<Option<String>> = sqlx::query_scalar("SELECT client_key FROM cases ORDER BY case_id")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(keys[0].as_deref().is_some_and(|k| k.len() == 64 && !k.contains("111222333")));

    let history = db.snapshot_history(10).await.unwrap();
    assert_eq!(history[0].as_of, "2025-06-26");
    assert_eq!(history[0].file_name, "export.csv");
    assert_eq!(history[0].row_count, 4);

    match import(&db, &key(), request(WORKED, "nogmaals.csv")).await {
        Err(ImportError::AlreadyImported { snapshot_id }) => assert_eq!(snapshot_id, 1),
        other => panic!("expected already imported, got {other:?}"),
    }
    assert_eq!((count(&db, "snapshots").await, count(&db, "cases").await), (1, 4));
}

async fn a_rejected_export_writes_nothing(db: Db, _: Backend) {
    let broken = replace_bytes(WORKED, b"20-06-2025", b"31-06-2025");
    match import(&db, &key(), request(&broken, "kapot.csv")).await {
        Err(ImportError::Rejected(rejection)) => {
            assert_eq!(rejection.total, 1);
            assert_eq!(rejection.problems[0].row, 5);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    let counts =
        (count(&db, "snapshots").await, count(&db, "cases").await, count(&db, "snapshot_frames").await);
    assert_eq!(counts, (0, 0, 0));
}

async fn a_failure_halfway_through_storing_leaves_nothing_behind(db: Db, backend: Backend) {
    // A trigger makes the 3000th case fail, after a full batch has been written.
    let statements: &[&'static str] = match backend {
        Backend::Sqlite => &["CREATE TRIGGER fail_late BEFORE INSERT ON cases WHEN NEW.case_id = 'Z2999' \
                              BEGIN SELECT RAISE(ABORT, 'disk full'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION fail_late() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.case_id = 'Z2999' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER fail_late BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION fail_late()",
        ],
    };
    for statement in statements {
        sqlx::query(*statement).execute(db.pool()).await.unwrap();
    }
    let mut csv = String::from("Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\n");
    for i in 0..3000 {
        csv.push_str(&format!("Z{i};C{i};Nieuw;BW;Dordrecht;01-06-2025\r\n"));
    }
    let result = import(&db, &key(), request(csv.as_bytes(), "groot.csv")).await;
    assert!(matches!(result, Err(ImportError::Store(_))), "{result:?}");
    let counts =
        (count(&db, "snapshots").await, count(&db, "cases").await, count(&db, "snapshot_frames").await);
    assert_eq!(counts, (0, 0, 0));
}

async fn two_different_exports_with_the_same_as_of_date_are_both_kept(db: Db, _: Backend) {
    import(&db, &key(), request(WORKED, "a.csv")).await.unwrap();
    let second = [WORKED, b"E;C5;;Nieuw;BW;Dordrecht;;;21-06-2025;;;;\r\n"].concat();
    let summary = import(&db, &key(), request(&second, "b.csv")).await.unwrap();
    assert_eq!((summary.snapshot_id, summary.rows), (2, 5));
    assert_eq!(count(&db, "snapshots").await, 2);
}

/// The text values of one column of a frame sorted by case id.
fn column(frame: &polars::prelude::DataFrame, name: &str) -> Vec<Option<String>> {
    let sorted = frame.sort(["case_id"], Default::default()).expect("sort");
    let values = sorted.column(name).expect("column").cast(&polars::prelude::DataType::String).expect("cast");
    values.str().expect("text").iter().map(|v| v.map(str::to_owned)).collect()
}

async fn the_cases_frame_reads_back_what_was_stored(db: Db, _: Backend) {
    import(&db, &key(), request(WORKED, "export.csv")).await.expect("imported");
    let packed = db.packed_cases_frame(1).await.expect("packed").expect("the packed read works here");
    let saved = db.saved_frame(1).await.expect("saved").expect("the import saved its frame");
    assert_eq!(saved, packed, "the saved frame is what the rows give");
    let frame = db.cases_frame(1).await.expect("frame");
    assert_eq!(frame.height(), 4);
    let text = |v: &[Option<&str>]| v.iter().map(|s| s.map(str::to_owned)).collect::<Vec<_>>();
    assert_eq!(column(&frame, "consultant"), text(&[None, Some("Jansen"), Some("Jansen"), None]));
    assert_eq!(
        column(&frame, "provider"),
        text(&[Some("Leger des Heils"), None, Some("Leger des Heils"), None])
    );
    assert_eq!(column(&frame, "indication_end"), text(&[Some("2025-05-31"), None, Some("2025-07-31"), None]));
    assert_eq!(column(&frame, "outcome"), text(&[None, None, Some("granted"), None]));
    // A value holding the separator of the packed read still comes back whole.
    sqlx::query(
        "INSERT INTO cases (snapshot_id, case_id, client_ref, request_type, product, municipality, consultant, \
         received_on) VALUES (1, 'E', 'C5', 'new', 'BW', 'Dordrecht', $1, '2025-06-01')",
    )
    .bind("Jan\u{1e}sen")
    .execute(db.pool())
    .await
    .expect("insert");
    assert!(db.saved_frame(1).await.expect("saved").is_none(), "a case added beside it: not used");
    assert!(db.packed_cases_frame(1).await.expect("packed").is_none(), "the separator: row by row");
    let frame = db.cases_frame(1).await.expect("frame");
    assert_eq!(frame.height(), 5);
    assert_eq!(column(&frame, "consultant")[4].as_deref(), Some("Jan\u{1e}sen"));
    // A snapshot of an older version, without a saved frame, reads from its rows.
    sqlx::query("DELETE FROM snapshot_frames").execute(db.pool()).await.expect("delete");
    assert_eq!(db.cases_frame(1).await.expect("frame").height(), 5);
}

/// An export whose client numbers are mostly valid BSNs (20 of 30) is refused by the server
/// as a whole, with the column named and no number shown, and nothing is stored.
#[test]
fn an_export_with_bsns_as_client_numbers_is_refused_through_the_server() {
    let bsns: Vec<String> = (100_000_000u32..)
        .map(|n| n.to_string())
        .filter(|s| werkvoorraad::ingest::values::is_valid_bsn(s))
        .take(20)
        .collect();
    let mut csv = String::from("Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\n");
    let refs = bsns.iter().cloned().chain((0..10).map(|i| format!("C{i}")));
    for (i, client_ref) in refs.enumerate() {
        csv.push_str(&format!("Z{i};{client_ref};Nieuw;BW;Dordrecht;01-06-2025\r\n"));
    }
    common::run(async {
        let server = TestServer::start().await;
        let (status, body) = server.post_import("/api/v1/imports", csv.as_bytes(), "2025-06-26").await;
        assert_eq!(status, 422, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!((json["status"].as_str(), json["total"].as_u64()), (Some("rejected"), Some(1)));
        assert_eq!(json["problems"][0]["column"], "Clientnummer");
        let reason = json["problems"][0]["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("lijkt BSN's te bevatten"), "{reason}");
        assert!(bsns.iter().all(|bsn| !body.contains(bsn.as_str())), "no BSN in the answer: {body}");
        assert_eq!(server.db.snapshot_count().await.expect("count"), 0, "nothing is stored");
    })
}
