//! The test server shared by the integration tests: the real server on an ephemeral loopback
//! port with a fresh SQLite file, and small helpers for real HTTP requests. Every test runs on
//! one shared multi-thread runtime (`run`), as requests do in the real server. Many instances in
//! one process is what made pages hang now and then: see `server::ROUTES`.
#![allow(dead_code)]

pub mod backends;
pub mod catalogue;
pub mod files;
pub mod notify;
pub mod oidc;
pub mod smtp;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::LazyLock;

use werkvoorraad::auth::add_user;
use werkvoorraad::config::Config;
use werkvoorraad::domain::access::Role;
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::server;
use werkvoorraad::state::AppState;
use werkvoorraad::store::Db;

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().expect("runtime")
});

/// Runs a test body on the shared runtime.
pub fn run<F: Future>(test: F) -> F::Output {
    RUNTIME.block_on(test)
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub db: Db,
    /// The database's URL (SQLite file or PostgreSQL database).
    pub url: String,
    /// The session cookie sent with every request (a team lead unless changed).
    pub cookie: String,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// A server on a new database of the engine under test (`backends::engine`), with an
    /// account per role, signed in as the team lead.
    pub async fn start() -> Self {
        Self::start_on(backends::engine()).await.expect("a database for the tests")
    }

    /// A server like `start`'s on a new database of `backend`; `None` without a test PostgreSQL.
    pub async fn start_on(backend: backends::Backend) -> Option<Self> {
        Self::start_with(backend, &[]).await
    }

    /// A server like `start_on`'s with these variables set too (e.g. SMTP_URL).
    pub async fn start_with(backend: backends::Backend, vars: &[(&str, String)]) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = backends::fresh_url(backend, dir.path()).await?;
        let server = Self::on(&url, dir, vars).await;
        add_accounts(&server.db).await;
        Some(server.signed_in().await)
    }

    /// A server on the (empty) database at `url`, with the accounts of `start`.
    pub async fn on_database(url: &str) -> Self {
        let server = Self::on(url, tempfile::tempdir().expect("temp dir"), &[]).await;
        add_accounts(&server.db).await;
        server.signed_in().await
    }

    /// A second server on the database of `first`: another instance of the same installation.
    pub async fn beside(first: &TestServer) -> Self {
        Self::beside_with(first, &[]).await
    }

    /// Another instance like `beside`'s, with these variables set too.
    pub async fn beside_with(first: &TestServer, vars: &[(&str, String)]) -> Self {
        Self::beside_signed_out(first, vars).await.signed_in().await
    }

    /// Another instance like `beside_with`'s where nobody signed in (e.g. passwords are off there).
    pub async fn beside_signed_out(first: &TestServer, vars: &[(&str, String)]) -> Self {
        Self::on(&first.url, tempfile::tempdir().expect("temp dir"), vars).await
    }

    async fn on(url: &str, dir: tempfile::TempDir, vars: &[(&str, String)]) -> Self {
        let config = config_for(url, vars);
        let db = Db::connect(&config.database_url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let listener = tokio::net::TcpListener::bind(config.site_addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(server::serve(listener, Self::state_of(&config, &db)));
        Self { addr, db, url: url.to_owned(), cookie: String::new(), _dir: dir }
    }

    /// The application state an instance on `db` starts with.
    fn state_of(config: &Config, db: &Db) -> AppState {
        AppState::new(config, db.clone(), Pseudonymizer::new(b"test-secret"))
    }

    /// The router another instance on this database would build (without serving it).
    pub fn another_router(&self) -> axum::Router {
        server::router(Self::state_of(&config_for(&self.url, &[]), &self.db))
    }

    async fn signed_in(mut self) -> Self {
        self.sign_in_as(Role::TeamLead).await;
        self
    }

    /// Signs in through the API and uses that session from now on.
    pub async fn sign_in_as(&mut self, role: Role) {
        self.cookie = self.session_for(&email(role)).await.expect("sign-in");
    }

    /// The cookie of a fresh session, or the status of the refusal.
    pub async fn session_for(&self, email: &str) -> Result<String, u16> {
        let response = client()
            .post(format!("http://{}/api/v1/session", self.addr))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("post");
        if !response.status().is_success() {
            return Err(response.status().as_u16());
        }
        let set_cookie =
            response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(set_cookie.split(';').next().unwrap_or_default().to_owned())
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
        let response = client()
            .post(format!("http://{}{}", self.addr, path))
            .header("cookie", &self.cookie)
            .multipart(form)
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap_or_default().to_string());
        let body = response.text().await.expect("body");
        (status, location.unwrap_or(body))
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let (status, _, bytes) = self.get_bytes(path).await;
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The configuration of a test instance on the database at `url`.
fn config_for(url: &str, vars: &[(&str, String)]) -> Config {
    Config::from_vars(|key| match key {
        "DATABASE_URL" => Some(url.to_owned()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        // The daily retention job would make a test depend on the hour it runs at; the tests
        // of retention switch it on.
        "WERKVOORRAAD_RETENTION_JOB" => {
            Some(vars.iter().find(|(k, _)| *k == key).map_or("off".into(), |(_, v)| v.clone()))
        }
        _ => vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()),
    })
    .expect("config")
}

/// An account per role (the provider at Leger des Heils, linked to its export name) and a
/// second provider.
async fn add_accounts(db: &Db) {
    for (role, organisation) in [
        (Role::TeamLead, None),
        (Role::Consultant, None),
        (Role::ContractManager, None),
        (Role::Provider, Some("Leger des Heils")),
        (Role::Admin, None),
    ] {
        add_user(db, &email(role), role, organisation, PASSWORD).await.expect("user");
    }
    let other = add_user(db, "andere@aanbieder.test", Role::Provider, Some("Anders BV"), PASSWORD).await;
    other.expect("second provider");
    let now = werkvoorraad::auth::timestamp(chrono::Utc::now());
    let id = db.ensure_organisation("Leger des Heils", &now).await.expect("organisation");
    db.link_export_name("Leger des Heils", id).await.expect("link");
}

/// A client that gives up after 60 s, so that a stuck request fails the test instead of the run.
/// It sends `X-Requested-With` as documented for scripts (the CSRF rule); `bare_client` does not.
pub fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-requested-with", reqwest::header::HeaderValue::from_static("werkvoorraad-tests"));
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(std::time::Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A client like a browser's without a page: no `X-Requested-With`, no Origin.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub const PASSWORD: &str = "een lang testwachtwoord";

/// The `werkvoorraad` binary with a database and a key, quiet but for warnings.
pub fn command(url: &str) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_werkvoorraad"));
    command.env("DATABASE_URL", url).env("WERKVOORRAAD_SECRET", SECRET).env("RUST_LOG", "warn");
    command.env("WERKVOORRAAD_RETENTION_JOB", "off");
    command
}

/// The pseudonym key of the binary in tests.
const SECRET: &str = "een-geheim-van-minstens-tweeëndertig-tekens";

/// The test account of a role.
pub fn email(role: Role) -> String {
    format!("{}@gemeente.test", role.code())
}

impl TestServer {
    /// A GET with this server's session.
    pub async fn get_response(&self, path: &str) -> reqwest::Response {
        client()
            .get(format!("http://{}{}", self.addr, path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("request")
    }

    /// An organisation the admin made, with these export spellings linked to it.
    pub async fn link_spellings(&self, organisation: &str, spellings: &[&str]) {
        let now = werkvoorraad::auth::timestamp(chrono::Utc::now());
        let id = self.db.ensure_organisation(organisation, &now).await.expect("organisation");
        for spelling in spellings {
            self.db.link_export_name(spelling, id).await.expect("link");
        }
    }

    /// A GET with the response's status, content type and bytes.
    pub async fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let response = self.get_response(path).await;
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        (status, kind, response.bytes().await.expect("body").to_vec())
    }

    /// Posts a plain form with this server's session: the status and the redirect's location.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        self.post_form_as(&self.cookie, path, form).await
    }

    /// Posts a plain form with the session `cookie`: the status and the redirect's location.
    pub async fn post_form_as(&self, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = client()
            .post(format!("http://{}{}", self.addr, path))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .expect("post");
        let location =
            response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (response.status().as_u16(), location)
    }

    /// The provider uploads a form for `case_id` and reports a declaration problem on it; then
    /// the admin is signed in (what a subject access request finds).
    pub async fn provider_reports_on(&mut self, case_id: &str) {
        self.sign_in_as(Role::Provider).await;
        assert_eq!(self.upload_form(case_id).await, 201);
        let problem = [("description", "Zorg na de einddatum")];
        assert_eq!(self.post_form(&format!("/zaak/{case_id}/probleem"), &problem).await.0, 303);
        self.sign_in_as(Role::Admin).await;
    }

    /// Uploads the test PDF as the evaluation form of `case_id` through the JSON API, with
    /// complete details: the status.
    pub async fn upload_form(&self, case_id: &str) -> u16 {
        let pdf = include_bytes!("../fixtures/forms/evaluatie.pdf");
        self.upload_file(case_id, pdf.to_vec()).await.status().as_u16()
    }

    /// Uploads `bytes` as the evaluation form `evaluatie.pdf` of `case_id`, with its details.
    pub async fn upload_file(&self, case_id: &str, bytes: Vec<u8>) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (key, value) in [
            ("counsellor_name", "Sanne de Vries"),
            ("counsellor_phone", "06-12345678"),
            ("counsellor_email", "sanne@legerdesheils.test"),
            ("period_from", "2025-01-01"),
            ("period_to", "2025-06-30"),
        ] {
            form = form.text(key, value);
        }
        form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name("evaluatie.pdf"));
        let url = format!("http://{}/api/v1/cases/{case_id}/forms", self.addr);
        client().post(url).header("cookie", &self.cookie).multipart(form).send().await.expect("upload")
    }

    /// A GET parsed as JSON.
    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path).await;
        (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)))
    }
}
