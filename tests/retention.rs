//! The retention job (spec/retention.md) on both engines with a clock the test sets: data on both
//! sides of each term, what stays (newest snapshot, trend, traces), and the log's database rule.
#![cfg(feature = "ssr")]

mod common;
use chrono::NaiveDate;
use common::backends::Backend;
use werkvoorraad::analytics::Analytics;
use werkvoorraad::domain::access::LogLine;
use werkvoorraad::domain::filters::Filters;
use werkvoorraad::domain::retention::{Plan, Terms};
use werkvoorraad::import::{import, ImportError, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::retention;
use werkvoorraad::store::forms::NewForm;
use werkvoorraad::store::problems::NewProblem;
use werkvoorraad::store::Db;

on_both_backends!(
    multi_thread:
    the_job_removes_what_passed_its_term_and_keeps_the_rest,
    the_newest_snapshot_stays_and_the_trend_keeps_every_point,
    the_access_log_lets_go_only_of_lines_older_than_five_years,
);

const WEEKS: [(&str, &[u8]); 3] = [
    ("2025-06-12", include_bytes!("fixtures/flow/2025-06-12.csv")),
    ("2025-06-19", include_bytes!("fixtures/flow/2025-06-19.csv")),
    ("2025-06-26", include_bytes!("fixtures/flow/2025-06-26.csv")),
];

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

/// The three weekly exports of the flow example.
async fn import_weeks(db: &Db) {
    for (as_of, bytes) in WEEKS {
        import_week(db, as_of, bytes).await;
    }
}

async fn import_week(db: &Db, as_of: &str, bytes: &[u8]) {
    let pseudonymizer = Pseudonymizer::new(b"test-secret");
    // On PostgreSQL the previous import's lock ends when its connection has closed.
    for _ in 0..100 {
        let request = ImportRequest {
            bytes: bytes.to_vec(),
            file_name: format!("{as_of}.csv"),
            as_of: date(as_of),
            mapping: MappingChoice::Aliases,
            imported_by: Some("test".into()),
            locale: werkvoorraad::i18n::Locale::Nl,
        };
        match import(db, &pseudonymizer, request).await {
            Err(ImportError::Busy) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            other => return other.map(|_| ()).expect("import"),
        }
    }
    panic!("the import stayed busy");
}

/// The trend as a team lead, a provider (Leger des Heils) and one municipality's filter see it.
async fn trends(db: &Db) -> Vec<Vec<werkvoorraad::domain::figures::TrendPoint>> {
    let analytics = Analytics::new(db.clone());
    let views = [
        Filters::default(),
        Filters { organisation_scope: Some(vec!["Leger des Heils".into()]), ..Filters::default() },
        Filters { municipality: Some("Dordrecht".into()), ..Filters::default() },
    ];
    let mut trends = Vec::new();
    for filters in &views {
        trends.push(analytics.trend(filters).await.expect("trend"));
    }
    trends
}

async fn add_form(db: &Db, case_id: &str, organisation_id: Option<i64>, marker: &str) {
    let bytes = format!("%PDF-1.4 {marker}").into_bytes();
    let sha = format!("{:0>64}", marker.len() + case_id.len());
    let form = NewForm {
        case_id,
        organisation_id,
        bytes: &bytes,
        sha256: &sha,
        file_name: "evaluatie.pdf",
        content_type: "application/pdf",
        counsellor_name: "Sanne de Vries",
        counsellor_phone: "06-12345678",
        counsellor_email: "sanne@example.test",
        period_from: "2025-01-01",
        period_to: "2025-06-30",
        remark: None,
        uploaded_by: "aanbieder@example.test",
        now: "2025-06-20T09:00:00Z",
    };
    db.store_form(&form).await.expect("form");
}

/// A problem report on case A, closed at `closed_at` when given.
async fn add_problem(db: &Db, organisation: i64, closed_at: Option<&str>) {
    let new = NewProblem {
        case_id: "A",
        organisation_id: organisation,
        reported_by: "aanbieder@example.test",
        now: "2024-01-10T09:00:00Z",
        description: "Declaratie afgewezen",
        amount_eur: Some(100.0),
        period_from: None,
        period_to: None,
    };
    let id = db.report_problem(&new).await.expect("problem");
    if let Some(at) = closed_at {
        assert!(db.close_problem(id, "contract@example.test", at, "Opgelost").await.expect("close"));
    }
}

async fn log_line(db: &Db, at: &str) {
    let line = LogLine {
        at: at.into(),
        action: "zaak bekeken".into(),
        outcome: "gelukt".into(),
        ..LogLine::default()
    };
    db.log_access(&line).await.expect("log");
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.expect("count")
}

async fn form_cases(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT case_id FROM evaluation_forms ORDER BY case_id")
        .fetch_all(db.pool())
        .await
        .expect("forms")
}

/// Snapshots 12 months, forms 12 months after the decision, reports 24 months after closing,
/// the log 5 years.
fn terms() -> Terms {
    Terms { snapshot_months: 12, ..Terms::from_rows(&[]) }
}

async fn the_job_removes_what_passed_its_term_and_keeps_the_rest(db: Db, _: Backend) {
    import_weeks(&db).await;
    let before = trends(&db).await;
    let organisation = db.ensure_organisation("Leger des Heils", "2024-01-01T00:00:00Z").await.expect("org");
    // A open; C decided 17-06-2025; I withdrawn 18-06 and open again in the newest export; Z in
    // no export, its form younger than the term.
    for case_id in ["A", "C", "I", "Z"] {
        add_form(&db, case_id, Some(organisation), &format!("MARKER-{case_id}")).await;
    }
    add_problem(&db, organisation, Some("2024-06-16T10:00:00Z")).await;
    add_problem(&db, organisation, Some("2024-06-17T10:00:00Z")).await;
    add_problem(&db, organisation, None).await;
    log_line(&db, "2021-06-01T00:00:00Z").await;
    log_line(&db, "2021-07-01T00:00:00Z").await;

    // The day before: C's decision is exactly twelve months old, and still kept.
    let dry = retention::plan(&db, &terms(), date("2026-06-17")).await.expect("plan");
    let expected =
        Plan { snapshots: vec!["2025-06-12".into()], cases: 8, forms: 0, problems: 1, log_lines: 1 };
    assert_eq!(dry, expected);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM snapshots").await, 3, "a dry run removes nothing");

    let today = date("2026-06-18");
    let planned = retention::plan(&db, &terms(), today).await.expect("plan");
    let removed = retention::run(&db, &terms(), today, "2026-06-18T02:00:00Z").await.expect("run");
    assert_eq!(removed, planned, "the run removes what the dry run showed");
    assert_eq!(removed, Plan { forms: 1, problems: 2, ..expected });

    assert_eq!(count(&db, "SELECT COUNT(*) FROM snapshots").await, 2);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM cases WHERE snapshot_id = 1").await,
        0,
        "its cases went with it"
    );
    assert_eq!(form_cases(&db).await, ["A", "I", "Z"], "an open case's form stays, and a young one");
    assert_eq!(db.form_traces("C", None).await.expect("traces"), ["2025-06-20T09:00:00Z"]);
    assert_eq!(db.form_traces("C", Some(organisation)).await.expect("traces").len(), 1);
    assert!(db.form_traces("C", Some(organisation + 1)).await.expect("traces").is_empty(), "not another's");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM form_files").await, 3, "the file went with its form");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM declaration_problems").await, 1, "the open report stays");
    let old_lines = count(&db, "SELECT COUNT(*) FROM access_log WHERE at < '2022-01-01'").await;
    assert_eq!(old_lines, 1, "the line of 01-07-2021 is younger than five years on 18-06-2026");
    assert_eq!(trends(&db).await, before, "the trend keeps the removed snapshot's point, in every view");
    let jansen = Filters { consultant: Some("Jansen".into()), ..Filters::default() };
    let theirs = Analytics::new(db.clone()).trend(&jansen).await.expect("trend");
    let dates: Vec<&str> = theirs.iter().map(|p| p.as_of.as_str()).collect();
    assert_eq!(
        dates,
        ["2025-06-19", "2025-06-26"],
        "no staff names are kept, so a consultant's trend is shorter"
    );
    assert!(retention::plan(&db, &terms(), today).await.expect("plan").is_empty(), "nothing left to remove");
    // The removed week imported again and removed again: still one point for its date.
    import_week(&db, WEEKS[0].0, WEEKS[0].1).await;
    let again = retention::run(&db, &terms(), today, "2026-06-18T03:00:00Z").await.expect("run");
    assert_eq!(again.snapshots, ["2025-06-12"]);
    assert_eq!(trends(&db).await, before, "no point counted twice");
}

async fn the_newest_snapshot_stays_and_the_trend_keeps_every_point(db: Db, _: Backend) {
    import_weeks(&db).await;
    let before = trends(&db).await;
    assert_eq!(before[0].len(), 3);
    let terms = Terms { snapshot_months: 1, ..terms() };
    let removed = retention::run(&db, &terms, date("2030-01-01"), "2030-01-01T02:00:00Z").await.expect("run");
    assert_eq!(removed.snapshots, ["2025-06-12", "2025-06-19"]);
    let left: Vec<String> =
        sqlx::query_scalar("SELECT as_of FROM snapshots").fetch_all(db.pool()).await.expect("snapshots");
    assert_eq!(left, ["2025-06-26"], "the newest snapshot is never removed");
    assert_eq!(trends(&db).await, before);
    let again = retention::run(&db, &terms, date("2030-01-01"), "2030-01-01T02:00:00Z").await.expect("run");
    assert!(again.is_empty(), "a second run finds nothing: {again:?}");
    assert_eq!(trends(&db).await, before, "and stores no second point");
}

async fn the_access_log_lets_go_only_of_lines_older_than_five_years(db: Db, backend: Backend) {
    // Relative to the database's clock, which the trigger reads: six and three years ago.
    let years_ago = |years: i64| chrono::Utc::now() - chrono::Duration::days(365 * years + 2);
    let (old, young) =
        (werkvoorraad::auth::timestamp(years_ago(6)), werkvoorraad::auth::timestamp(years_ago(3)));
    log_line(&db, &old).await;
    log_line(&db, &young).await;
    let pool = db.pool().clone();
    let statement = |sql: String| {
        let pool = pool.clone();
        async move { sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await }
    };
    assert!(statement(format!("DELETE FROM access_log WHERE at = '{young}'")).await.is_err());
    assert!(statement(format!("UPDATE access_log SET detail = 'gewijzigd' WHERE at = '{old}'"))
        .await
        .is_err());
    if matches!(backend, Backend::Postgres) {
        assert!(statement("TRUNCATE access_log".into()).await.is_err());
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM access_log").await, 2, "nothing changed");
    // A clock set three years ahead does not fool the database: it keeps its own.
    let ahead = chrono::Utc::now().date_naive() + chrono::Duration::days(3 * 365);
    let run = retention::run(&db, &terms(), ahead, "2030-01-01T02:00:00Z").await;
    assert!(run.is_err(), "the database refuses to delete a line younger than five years");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM access_log").await, 2);
    let done =
        statement(format!("DELETE FROM access_log WHERE at = '{old}'")).await.expect("an old line may go");
    assert_eq!(done.rows_affected(), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM access_log").await, 1);
}
