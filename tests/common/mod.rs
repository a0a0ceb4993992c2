//! The test server shared by the integration tests: the real server on an ephemeral loopback
//! port with a fresh SQLite file, and small helpers for real HTTP requests.
#![allow(dead_code)]

use std::net::SocketAddr;

use werkvoorraad::config::Config;
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::server::{self, AppState};
use werkvoorraad::store::Db;

pub struct TestServer {
    pub addr: SocketAddr,
    pub db: Db,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
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
    pub async fn text_of(&self, path: &str, test_id: &str) -> String {
        let (_, html) = self.get(path).await;
        let marker = format!(r#"data-testid="{test_id}""#);
        let start = html.find(&marker).expect("test id present");
        let after = &html[start..];
        let open = after.find('>').expect("tag end") + 1;
        let close = after.find("</").expect("closing tag");
        after[open..close].to_string()
    }

    /// Posts an import form: the file and the as-of date.
    pub async fn post_import(&self, path: &str, file: &[u8], as_of: &str) -> (u16, String) {
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

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = client().get(format!("http://{}{}", self.addr, path)).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}

/// A client that gives up after 60 s, so that a stuck request fails the test instead of the run.
fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(60)).build().expect("client")
}

impl TestServer {
    /// A GET with the response's status, content type and bytes.
    pub async fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let response = client().get(format!("http://{}{}", self.addr, path)).send().await.expect("request");
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        (status, kind, response.bytes().await.expect("body").to_vec())
    }

    /// A GET parsed as JSON.
    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path).await;
        (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)))
    }
}
