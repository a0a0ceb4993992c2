//! What the notice tests share: a server that mails through a test SMTP server and looks every
//! tenth of a second, choosing on Meldingen, importing, and waiting until the notices settled.

use std::time::{Duration, Instant};

use super::{backends, email, TestServer};
use werkvoorraad::domain::access::Role;

/// As of 26-06-2025: R1 and R2 (Leger des Heils) and R5 (Anders BV) on the early-warning list,
/// R4 (Anders BV) lapsed, R2 Jansen's, R5 and R6 Bakker's.
pub const EXPORT: &[u8] = include_bytes!("../fixtures/early-warning.csv");

pub fn mail_vars(smtp_url: String) -> Vec<(&'static str, String)> {
    vec![
        ("SMTP_URL", smtp_url),
        ("MAIL_FROM", "Werkvoorraad <werkvoorraad@gemeente.test>".to_owned()),
        ("WERKVOORRAAD_PUBLIC_URL", "https://werkvoorraad.test".to_owned()),
        ("WERKVOORRAAD_NOTIFY_POLL_SECONDS", "0.1".to_owned()),
        ("WERKVOORRAAD_MAIL_RETRY_SECONDS", "0.2".to_owned()),
    ]
}

pub async fn server_with(vars: &[(&str, String)]) -> TestServer {
    let server = TestServer::start_with(backends::engine(), vars).await.expect("a database");
    let now = werkvoorraad::auth::timestamp(chrono::Utc::now());
    let other = server.db.ensure_organisation("Anders BV", &now).await.expect("organisation");
    server.db.link_export_name("Anders BV", other).await.expect("link");
    let consultant = server.db.user_by_email(&email(Role::Consultant)).await.expect("query").expect("user");
    assert!(server.db.set_consultant_name(consultant.id, Some("Jansen")).await.expect("name"));
    server
}

/// `user` saves these choices on Meldingen.
pub async fn choose(server: &TestServer, user: &str, form: &[(&str, &str)]) {
    let cookie = server.session_for(user).await.expect("sign-in");
    let (status, location) = server.post_form_as(&cookie, "/meldingen", form).await;
    assert_eq!(status, 303);
    assert!(location.contains("melding="), "saved: {location}");
}

pub async fn import(server: &TestServer, bytes: &[u8], as_of: &str) {
    let (status, body) = server.post_import("/api/v1/imports", bytes, as_of).await;
    assert_eq!(status, 201, "{body}");
}

pub async fn scalar(server: &TestServer, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(server.db.pool()).await.expect("count")
}

/// Waits (at most 30 s) until every cause became notices and no mail waits any more.
pub async fn settled(server: &TestServer) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        let open = scalar(server, "SELECT COUNT(*) FROM notice_causes WHERE done_at IS NULL").await;
        let waiting = scalar(server, "SELECT COUNT(*) FROM notices WHERE mail = 'waiting'").await;
        if open == 0 && waiting == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the notices did not settle within 30 s");
}

pub async fn send_digests_now(server: &TestServer) {
    let (status, location) = server.post_form("/instellingen/overzichten", &[]).await;
    assert_eq!(status, 303, "{location}");
}
