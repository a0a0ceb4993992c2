//! A real OpenID provider for the tests (tests/oidc_provider.mjs: npm's oidc-provider) on a
//! loopback port, and a driver that signs in at it as a browser would (login and consent forms).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};

/// The client the provider knows (tests/oidc_provider.mjs).
pub const CLIENT_ID: &str = "werkvoorraad";
pub const CLIENT_SECRET: &str = "test-geheim-van-de-client";
/// The application's address as the provider knows it; the driver hands the callback to the
/// real server instead.
pub const PUBLIC_URL: &str = "http://werkvoorraad.test";

pub struct OidcProvider {
    pub issuer: String,
    process: Option<(Child, ChildStdin)>,
}

impl OidcProvider {
    /// A provider whose one client sends browsers back to `PUBLIC_URL`'s callback.
    pub fn start() -> OidcProvider {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc_provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg(format!("{PUBLIC_URL}/aanmelden/oidc/terug"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node with oidc-provider (make test installs it)");
        let stdin = child.stdin.take().expect("stdin");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("ready line");
        let issuer =
            line.trim().strip_prefix("READY ").unwrap_or_else(|| panic!("no provider: {line:?}")).to_owned();
        OidcProvider { issuer, process: Some((child, stdin)) }
    }

    /// The variables that configure a server for this provider.
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OIDC_ISSUER", self.issuer.clone()),
            ("OIDC_CLIENT_ID", CLIENT_ID.into()),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET.into()),
            ("WERKVOORRAAD_PUBLIC_URL", PUBLIC_URL.into()),
        ]
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.process.take() {
            drop(stdin);
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A browser: one cookie jar for the application and the provider, redirects followed by hand.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Starts a sign-in at the server `app` ("127.0.0.1:port") and signs in at the provider as
/// `login`; returns the callback's path and query as the provider sent it (not yet followed).
pub async fn sign_in_at_provider(browser: &reqwest::Client, app: &str, login: &str) -> String {
    let start = browser.get(format!("http://{app}/aanmelden/oidc")).send().await.expect("start");
    assert_eq!(start.status(), 303, "the start sends the browser to the provider");
    let mut next = location(&start, "");
    for _ in 0..12 {
        if let Some(callback) = next.strip_prefix(PUBLIC_URL) {
            return callback.to_owned();
        }
        let response = browser.get(&next).send().await.expect("provider");
        if response.status().is_redirection() {
            next = location(&response, &next);
            continue;
        }
        let form = if response.text().await.expect("page").contains("name=\"login\"") {
            vec![("prompt", "login"), ("login", login), ("password", "willekeurig")]
        } else {
            vec![("prompt", "consent")]
        };
        let posted = browser.post(&next).form(&form).send().await.expect("form");
        next = location(&posted, &next);
    }
    panic!("the provider did not send the browser back");
}

/// Where a redirect goes, absolute (relative to `from`'s origin).
fn location(response: &reqwest::Response, from: &str) -> String {
    let to = response.headers()["location"].to_str().expect("location").to_owned();
    if to.starts_with('/') {
        let origin: String = from.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        return format!("{origin}{to}");
    }
    to
}
