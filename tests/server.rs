//! The real server on an ephemeral loopback port with a fresh SQLite file, over real HTTP:
//! the health check (up and down) and the server-rendered shell in Dutch.
#![cfg(feature = "ssr")]

use std::net::SocketAddr;

use werkvoorraad::config::Config;
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::pages::NAVIGATION;
use werkvoorraad::server::{self, AppState};
use werkvoorraad::store::Db;

struct TestServer {
    addr: SocketAddr,
    db: Db,
    _dir: tempfile::TempDir,
}

impl TestServer {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("data").join("test.db");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let config = Config::from_vars(|key| match key {
            "DATABASE_URL" => Some(url.clone()),
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
            _ => None,
        })
        .expect("config");
        let db = Db::connect(&config.database_url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let listener = tokio::net::TcpListener::bind(config.site_addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = AppState::new(&config, db.clone(), Pseudonymizer::new(b"test-secret"));
        tokio::spawn(server::serve(listener, state));
        Self { addr, db, _dir: dir }
    }

    /// The text inside the element with this `data-testid`.
    async fn text_of(&self, path: &str, test_id: &str) -> String {
        let (_, html) = self.get(path).await;
        let marker = format!(r#"data-testid="{test_id}""#);
        let start = html.find(&marker).expect("test id present");
        let after = &html[start..];
        let open = after.find('>').expect("tag end") + 1;
        let close = after.find("</").expect("closing tag");
        after[open..close].to_string()
    }

    /// Posts an import form: the file and the as-of date.
    async fn post_import(&self, path: &str, file: &[u8], as_of: &str) -> (u16, String) {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(file.to_vec()).file_name("export.csv"))
            .text("as_of", as_of.to_string());
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let response =
            client.post(format!("http://{}{}", self.addr, path)).multipart(form).send().await.expect("post");
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap_or_default().to_string());
        let body = response.text().await.expect("body");
        (status, location.unwrap_or(body))
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://{}{}", self.addr, path)).await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

#[tokio::test]
async fn healthz_answers_ok_while_the_database_answers_and_503_after() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/healthz").await, (200, "ok".to_string()));
    server.db.close().await;
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 503);
}

#[tokio::test]
async fn the_shell_is_dutch_semantic_html_with_every_navigation_link() {
    let server = TestServer::start().await;
    let (status, html) = server.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="nl""#), "lang attribute");
    for landmark in ["<header", "<nav", "<main", "<footer", r##"href="#inhoud""##] {
        assert!(html.contains(landmark), "missing {landmark}");
    }
    for item in NAVIGATION {
        assert!(html.contains(&format!(r#"href="{}""#, item.href)), "link to {}", item.href);
        assert!(html.contains(item.label), "label {}", item.label);
    }
    assert!(html.contains(concat!("versie ", env!("CARGO_PKG_VERSION"))), "version in footer");
    assert!(html.contains("/pkg/werkvoorraad.js"), "hydration script");
}

#[tokio::test]
async fn the_overview_counts_the_snapshots_in_the_database() {
    let server = TestServer::start().await;
    assert_eq!(server.text_of("/", "snapshot-count").await, "0", "empty database");

    sqlx::query(
        "INSERT INTO snapshots (as_of, file_name, sha256, imported_at, row_count) \
         VALUES ('2025-06-26', 'export.csv', 'abc', '2025-06-26T10:00:00Z', 4)",
    )
    .execute(server.db.pool())
    .await
    .expect("insert");
    assert_eq!(server.text_of("/", "snapshot-count").await, "1", "one snapshot");
}

#[tokio::test]
async fn every_navigation_page_renders_and_unknown_pages_answer_404() {
    let server = TestServer::start().await;
    for item in NAVIGATION {
        let (status, html) = server.get(item.href).await;
        assert_eq!(status, 200, "{}", item.href);
        assert!(html.contains(&format!("<h1>{}</h1>", item.label)), "heading on {}", item.href);
    }
    let (status, html) = server.get("/bestaat-niet").await;
    assert_eq!(status, 404);
    assert!(html.contains("Pagina niet gevonden"));
}

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

#[tokio::test]
async fn the_import_api_answers_201_409_and_422_with_the_errors_as_json() {
    let server = TestServer::start().await;
    let (status, body) = server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
    assert_eq!(status, 201, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "stored");
    assert_eq!(json["snapshot_id"], 1);
    assert_eq!(json["rows"], 4);
    assert_eq!(json["as_of"], "2025-06-26");

    let (status, body) = server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
    assert_eq!(status, 409);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((json["status"].as_str(), json["snapshot_id"].as_i64()), (Some("already_imported"), Some(1)));

    let broken = b"Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;C1;Nieuw;BW;Dordrecht;32-01-2025\r\n";
    let (status, body) = server.post_import("/api/v1/imports", broken, "2025-06-26").await;
    assert_eq!(status, 422);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "rejected");
    assert_eq!(json["total"], 1);
    assert_eq!(json["problems"][0]["row"], 2);
    assert_eq!(json["problems"][0]["column"], "Datum melding");
    assert_eq!(json["problems"][0]["value"], "32-01-2025");
    assert_eq!(server.db.snapshot_count().await.unwrap(), 1, "the rejected export stored nothing");

    let (status, body) = server.post_import("/api/v1/imports", WORKED, "26 juni").await;
    assert_eq!(status, 400);
    assert!(body.contains("geen geldige datum"), "{body}");
}

#[tokio::test]
async fn the_import_form_redirects_after_storing_and_shows_errors_by_row() {
    let server = TestServer::start().await;
    let (status, location) = server.post_import("/import", WORKED, "2025-06-26").await;
    assert_eq!((status, location.as_str()), (303, "/import?momentopname=1"));
    assert_eq!(
        server.text_of("/import?momentopname=1", "import-summary").await,
        "Momentopname 1 is opgeslagen: 4 zaken, peildatum 26-06-2025."
    );
    let (_, html) = server.get("/import").await;
    assert!(html.contains("<td>export.csv</td>"), "history lists the file");

    let missing =
        b"Nr;Klant;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;C1;Nieuw;BW;Dordrecht;01-06-2025\r\n";
    let (status, html) = server.post_import("/import", missing, "2025-06-26").await;
    assert_eq!(status, 200);
    assert!(html.contains("De export is afgekeurd"), "{html}");
    assert!(html.contains("Kolommen zelf koppelen"), "mapping form offered");
    assert!(html.contains(r#"<option value="Klant">"#), "the file's headers are offered");
}
