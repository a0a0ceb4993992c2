//! Metrics benchmark (no assertions): all figures of one view on 10k, 100k and 1M cases, cold
//! (no cache), and a cached Overzicht page served by the real server. `make bench-metrics`.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use polars::prelude::DataFrame;
use werkvoorraad::config::Config;
use werkvoorraad::domain::access::Role;
use werkvoorraad::domain::filters::Filters;
use werkvoorraad::domain::forms::FormState;
use werkvoorraad::import::{import, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::ingest::{read_export, ImportOptions};
use werkvoorraad::metrics::{figures, form_frame, Settings};
use werkvoorraad::server;
use werkvoorraad::state::AppState;
use werkvoorraad::store::Db;

mod common;
use common::export;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let sizes = common::sizes();
    let key = Pseudonymizer::new(b"bench");
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
    let settings = Settings::default();
    let one_municipality = Filters { municipality: Some("Dordrecht".into()), ..Filters::default() };
    println!(
        "{:>9} {:>22} {:>22} {:>26}",
        "zaken", "alle cijfers (koud)", "met filter gemeente", "met formulieren (1 op 5)"
    );
    for &n in &sizes {
        let bytes = export(n);
        let options = ImportOptions {
            as_of,
            mapping: None,
            pseudonymizer: &key,
            locale: werkvoorraad::i18n::Locale::Nl,
        };
        let Ok(validated) = read_export(&bytes, &options) else {
            panic!("the generated export must be valid")
        };
        let cases = validated.cases;
        let forms = form_states(&cases);
        let time = |filters: &Filters, forms: &DataFrame| {
            let runs: Vec<Duration> = (0..5)
                .map(|_| {
                    let start = Instant::now();
                    figures(&cases, as_of, filters, &settings, forms).expect("figures");
                    start.elapsed()
                })
                .collect();
            median(runs)
        };
        let none = DataFrame::empty();
        println!(
            "{n:>9} {:>19.1} ms {:>19.1} ms {:>23.1} ms",
            ms(time(&Filters::default(), &none)),
            ms(time(&one_municipality, &none)),
            ms(time(&Filters::default(), &forms))
        );
    }
    let n = *sizes.last().unwrap_or(&100_000);
    overview_page(n, &key, as_of).await;
}

/// An evaluation form for every fifth case, the states in turn.
fn form_states(cases: &DataFrame) -> DataFrame {
    let ids = cases.column("case_id").and_then(|c| c.str().cloned()).expect("case ids");
    let states: Vec<(String, FormState)> = ids
        .iter()
        .flatten()
        .step_by(5)
        .enumerate()
        .map(|(i, id)| (id.to_owned(), FormState::ALL[1 + i % 3]))
        .collect();
    form_frame(&states).expect("forms")
}

/// Serves a database with one snapshot of `n` cases and times GET / (the first request fills
/// the cache; the rest are served from it).
async fn overview_page(n: usize, key: &Pseudonymizer, as_of: NaiveDate) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
    let config = Config::from_vars(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        _ => None,
    })
    .expect("config");
    let db = Db::connect(&config.database_url).await.expect("db");
    db.migrate().await.expect("migrate");
    let request = ImportRequest {
        bytes: export(n),
        file_name: "bench.csv".into(),
        as_of,
        mapping: MappingChoice::Aliases,
        imported_by: None,
        locale: werkvoorraad::i18n::Locale::Nl,
    };
    let stored = import(&db, key, request).await.expect("import");
    let start = Instant::now();
    let frame = db.cases_frame(stored.snapshot_id).await.expect("read");
    println!("{} zaken uit de database lezen: {:.0} ms", frame.height(), ms(start.elapsed()));
    werkvoorraad::auth::add_user(&db, "bench@gemeente.test", Role::TeamLead, None, "een lang wachtwoord")
        .await
        .expect("user");
    let listener = tokio::net::TcpListener::bind(config.site_addr).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(server::serve(listener, AppState::new(&config, db, key.clone())));
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let session = client
        .post(format!("http://{addr}/api/v1/session"))
        .json(&serde_json::json!({"email": "bench@gemeente.test", "password": "een lang wachtwoord"}))
        .send()
        .await
        .expect("sign in");
    let cookie = session.headers()["set-cookie"]
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let get = |path: &'static str| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            let start = Instant::now();
            let response = client
                .get(format!("http://{addr}{path}"))
                .header("cookie", cookie)
                .send()
                .await
                .expect("get");
            assert_eq!(response.status().as_u16(), 200, "{path}");
            response.bytes().await.expect("body");
            start.elapsed()
        }
    };
    let first = get("/").await;
    println!("{n} zaken, eerste Overzicht: {:.0} ms (laden uit de database + berekenen)", ms(first));
    for path in ["/", "/werkvoorraad", "/werkvoorraad?page=200", "/werkvoorraad?sort=einddatum&page=3"] {
        get(path).await;
        let mut runs = Vec::new();
        for _ in 0..30 {
            runs.push(get(path).await);
        }
        runs.sort();
        let (median, p95) = (runs[runs.len() / 2], runs[runs.len() * 95 / 100]);
        println!("  {path:<40} mediaan {:>6.1} ms, p95 {:>6.1} ms", ms(median), ms(p95));
    }
}
