//! Sign-in that cannot be flooded, through the real server: many wrong passwords at once still
//! lock the account, an address that fails too often is throttled, and oversized input is refused.
#![cfg(feature = "ssr")]

mod common;

use std::net::IpAddr;

use common::{email, TestServer, PASSWORD};
use werkvoorraad::auth::throttle;
use werkvoorraad::domain::access::Role;

/// A client whose requests come from `from` (any 127.x.y.z is this machine's loopback), so that
/// each test has addresses of its own for the throttle, which the whole test process shares.
fn client_from(from: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::from(from))
        .build()
        .expect("client")
}

/// The status of a sign-in through the API.
async fn api_sign_in(client: &reqwest::Client, server: &TestServer, email: &str, password: &str) -> u16 {
    let response = client
        .post(format!("http://{}/api/v1/session", server.addr))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("post");
    response.status().as_u16()
}

/// The status and page of a sign-in through the form.
async fn form_sign_in(
    client: &reqwest::Client,
    server: &TestServer,
    email: &str,
    password: &str,
) -> (u16, String) {
    let response = client
        .post(format!("http://{}/aanmelden", server.addr))
        .form(&[("email", email), ("password", password), ("terug", "")])
        .send()
        .await
        .expect("post");
    (response.status().as_u16(), response.text().await.expect("body"))
}

async fn failures_and_lock(server: &TestServer, email: &str) -> (i64, Option<String>) {
    sqlx::query_as("SELECT failed_logins, locked_until FROM users WHERE email = $1")
        .bind(email.to_owned())
        .fetch_one(server.db.pool())
        .await
        .expect("query")
}

#[test]
fn forty_wrong_passwords_at_once_lock_the_account_and_the_right_one_is_then_refused() {
    common::run(async {
        let server = TestServer::start().await;
        let target = email(Role::Consultant);
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..40u8 {
            // Ten from each of four addresses: under the address throttle, so that only the
            // account's lockout is tested here.
            let client = client_from([127, 0, 1, 1 + n % 4]);
            let url = format!("http://{}/api/v1/session", server.addr);
            let body = serde_json::json!({"email": target, "password": format!("fout {n}")});
            attempts.spawn(async move { client.post(url).json(&body).send().await.expect("post").status() });
        }
        let statuses = attempts.join_all().await;
        assert!(statuses.iter().all(|s| s.as_u16() == 401), "{statuses:?}");
        let (failures, locked_until) = failures_and_lock(&server, &target).await;
        assert!(failures >= 5, "every failure counted: {failures}");
        let now = werkvoorraad::auth::timestamp(chrono::Utc::now());
        assert!(locked_until.as_deref().is_some_and(|until| until > now.as_str()), "{locked_until:?}");
        let status = api_sign_in(&client_from([127, 0, 1, 9]), &server, &target, PASSWORD).await;
        assert_eq!(status, 401, "locked, even with the right password");
    })
}

#[test]
fn an_address_that_fails_too_often_is_throttled_even_with_the_right_password() {
    common::run(async {
        let server = TestServer::start().await;
        let client = client_from([127, 0, 2, 1]);
        let mut statuses = Vec::new();
        for n in 0..200 {
            statuses.push(api_sign_in(&client, &server, &format!("onbekend{n}@gemeente.test"), "fout").await);
        }
        let allowed = throttle::MAX_FAILURES as usize;
        assert!(statuses[..allowed].iter().all(|s| *s == 401), "{statuses:?}");
        assert!(statuses[allowed..].iter().all(|s| *s == 429), "{statuses:?}");
        let team_lead = email(Role::TeamLead);
        assert_eq!(api_sign_in(&client, &server, &team_lead, PASSWORD).await, 429, "while the window lasts");
        let (status, page) = form_sign_in(&client, &server, &team_lead, PASSWORD).await;
        assert_eq!(status, 429);
        assert!(page.contains("Wacht een kwartier en probeer het opnieuw."), "the page says to wait");
        let elsewhere = client_from([127, 0, 2, 2]);
        assert_eq!(api_sign_in(&elsewhere, &server, &team_lead, PASSWORD).await, 200, "another address");
        let (failures, _) = failures_and_lock(&server, &team_lead).await;
        assert_eq!(failures, 0, "throttled attempts never reach the account");
        let logged: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM access_log WHERE action = 'aanmelden' AND outcome = 'mislukt' \
             AND detail LIKE 'te veel mislukte%'",
        )
        .fetch_one(server.db.pool())
        .await
        .expect("query");
        assert_eq!(logged, 182, "every throttled attempt is logged");
    })
}

#[test]
fn successful_sign_ins_do_not_count_against_an_address() {
    common::run(async {
        let server = TestServer::start().await;
        let client = client_from([127, 0, 3, 1]);
        for _ in 0..throttle::MAX_FAILURES + 5 {
            assert_eq!(api_sign_in(&client, &server, &email(Role::Admin), PASSWORD).await, 200);
        }
        assert_eq!(api_sign_in(&client, &server, &email(Role::Admin), "fout").await, 401);
    })
}

#[test]
fn oversized_fields_are_refused_and_logged_cut_short() {
    common::run(async {
        let server = TestServer::start().await;
        let client = client_from([127, 0, 4, 1]);
        let huge_email = format!("{}@gemeente.test", "ë".repeat(1_000_000));
        assert!(huge_email.len() > 2_000_000);
        assert_eq!(api_sign_in(&client, &server, &huge_email, PASSWORD).await, 401);
        let (status, page) = form_sign_in(&client, &server, &"a".repeat(2_000_000), PASSWORD).await;
        assert_eq!(status, 401);
        assert!(page.contains("Het e-mailadres of het wachtwoord klopt niet."));
        assert!(page.len() < 100_000, "the page does not echo the input: {} bytes", page.len());
        let consultant = email(Role::Consultant);
        assert_eq!(api_sign_in(&client, &server, &consultant, &"x".repeat(2000)).await, 401);
        let long_but_allowed = "x".repeat(werkvoorraad::auth::MAX_PASSWORD_BYTES);
        assert_eq!(api_sign_in(&client, &server, &consultant, &long_but_allowed).await, 401);
        assert_eq!(failures_and_lock(&server, &consultant).await.0, 1, "only the bounded one was checked");
        let logged: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT email, detail FROM access_log WHERE action = 'aanmelden' AND outcome = 'mislukt' ORDER BY id",
        )
        .fetch_all(server.db.pool())
        .await
        .expect("query");
        assert_eq!(logged.len(), 4);
        for (email, detail) in &logged {
            let email = email.as_deref().unwrap_or_default();
            assert!(email.chars().count() <= 100, "{} characters logged", email.chars().count());
            assert!(detail.as_deref().unwrap_or_default().chars().count() <= 100);
        }
        assert!(logged[0].0.as_deref().is_some_and(|e| e.starts_with("ëëë")), "cut on a character boundary");
        assert!(logged[0].1.as_deref().is_some_and(|d| d.starts_with("invoer te lang")));
    })
}
