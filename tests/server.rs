//! The real server on an ephemeral loopback port with a fresh SQLite file, over real HTTP:
//! the health check (up and down) and the server-rendered shell in Dutch.
#![cfg(feature = "ssr")]

use std::net::SocketAddr;

use werkvoorraad::config::Config;
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
        let db = Db::connect(&config.database_url, config.sqlite_file().as_deref()).await.expect("connect");
        db.migrate().await.expect("migrate");
        let listener = tokio::net::TcpListener::bind(config.site_addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = AppState::new(&config, db.clone());
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
