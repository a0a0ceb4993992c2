//! The demo series: data/ holds exactly what the seeded generator writes, it loads into an
//! empty database (and not twice) with tariffs for its products, and the workbook reads to the
//! same cases as its CSV twin.
#![cfg(feature = "ssr")]

use std::path::Path;

use chrono::NaiveDate;
use werkvoorraad::demo;
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::ingest::{read_export, ImportOptions};
use werkvoorraad::store::Db;

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

#[test]
fn data_holds_exactly_the_generated_series() {
    let files = demo::generate().expect("generate");
    assert_eq!(files.len(), 5);
    for (name, bytes) in files {
        let stored = std::fs::read(data_dir().join(&name)).unwrap_or_default();
        assert!(stored == bytes, "data/{name} differs from the generator: run `werkvoorraad demo-data`");
    }
}

#[test]
fn the_workbook_reads_to_the_same_cases_as_the_csv_of_that_day() {
    let key = Pseudonymizer::new(b"demo");
    let options = ImportOptions {
        as_of: NaiveDate::from_ymd_opt(2025, 6, 26).unwrap(),
        mapping: None,
        pseudonymizer: &key,
        locale: werkvoorraad::i18n::Locale::Nl,
    };
    let read =
        |name: &str| read_export(&std::fs::read(data_dir().join(name)).unwrap(), &options).expect(name);
    let csv = read("export-2025-06-26.csv");
    let xlsx = read("export-2025-06-26.xlsx");
    assert!(csv.cases.height() > 100);
    assert!(csv.cases.equals_missing(&xlsx.cases), "xlsx and csv give different cases");
}

#[tokio::test]
async fn the_series_loads_into_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wv.db");
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display())).await.unwrap();
    db.migrate().await.unwrap();
    let key = Pseudonymizer::new(b"demo");
    let loaded = demo::load(&db, &key, data_dir()).await.unwrap().expect("loaded");
    let dates: Vec<&str> = loaded.iter().map(|s| s.as_of.as_str()).collect();
    assert_eq!(dates, ["2025-05-01", "2025-05-29", "2025-06-26", "2025-07-24"]);
    assert!(loaded.iter().all(|s| s.warnings.iter().any(|w| w.contains("totaalregel"))));
    assert_eq!(demo::load(&db, &key, data_dir()).await.unwrap(), None, "a filled database is left alone");
    assert_eq!(db.snapshot_count().await.unwrap(), 4);
    let settings = werkvoorraad::metrics::Settings::from_rows(&db.settings().await.unwrap());
    for product in ["BW", "BT", "MO", "IB"] {
        assert!(settings.tariffs.get(product).is_some_and(|t| *t > 50.0), "a daily tariff for {product}");
    }
    let log = db.access_log(&Default::default(), 10).await.unwrap();
    assert_eq!(log.len(), 4, "each demo import is in the access log");
    assert!(log
        .iter()
        .all(|l| l.action == "import" && l.detail.as_deref().is_some_and(|d| d.starts_with("demo: "))));
}

#[tokio::test]
async fn an_empty_database_gets_one_demo_account_per_role_and_two_providers() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    let created = demo::accounts::create(&db).await.unwrap();
    let roles: Vec<_> = created.iter().map(|(_, role)| *role).collect();
    for role in werkvoorraad::domain::access::Role::ALL {
        assert!(roles.contains(&role), "{role:?}");
    }
    let now = chrono::Utc::now();
    let (_, merwestroom) = werkvoorraad::auth::sign_in(
        &db,
        "aanbieder@merwestroom.demo.werkvoorraad.nl",
        demo::accounts::DEMO_PASSWORD,
        now,
    )
    .await
    .unwrap();
    assert_eq!(merwestroom.export_names, ["Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."]);
    assert!(demo::accounts::create(&db).await.unwrap().is_empty(), "only on an empty user table");
}
