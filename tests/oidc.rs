//! Sign-in through the organisation's identity provider, end to end against a real OpenID provider
//! on loopback: the account is found by e-mail and then by subject, and every callback that is not
//! this browser's own, once, with the right state, nonce and PKCE verifier, is refused.
#![cfg(feature = "ssr")]

mod common;

use common::backends::engine;
use common::oidc::{sign_in_at_provider, OidcProvider};
use common::TestServer;

/// A server of the engine under test that knows the provider.
async fn server_for(provider: &OidcProvider, extra: &[(&'static str, String)]) -> TestServer {
    let mut vars = provider.vars();
    vars.extend_from_slice(extra);
    TestServer::start_with(engine(), &vars).await.expect("server")
}

/// Hands the provider's callback to the server; the answer's status, session cookie and text.
async fn finish(
    browser: &reqwest::Client,
    server: &TestServer,
    callback: &str,
) -> (u16, Option<String>, String) {
    let response = browser.get(format!("http://{}{callback}", server.addr)).send().await.expect("callback");
    let status = response.status().as_u16();
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("werkvoorraad_sessie=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned());
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, session, format!("{location}{}", response.text().await.unwrap_or_default()))
}

/// The last access-log line of sign-ins: outcome and detail.
async fn last_sign_in(server: &TestServer) -> (String, String) {
    sqlx::query_as(
        "SELECT outcome, COALESCE(detail, '') FROM access_log WHERE action = 'aanmelden' ORDER BY id DESC",
    )
    .fetch_one(server.db.pool())
    .await
    .expect("log line")
}

#[test]
fn an_account_signs_in_through_its_organisation_and_is_then_known_by_subject() {
    common::run(async {
        let provider = OidcProvider::start();
        let server = server_for(&provider, &[]).await;
        let page = reqwest::get(format!("http://{}/aanmelden", server.addr)).await.expect("page");
        assert!(page.text().await.expect("html").contains("Aanmelden via uw organisatie"));

        let browser = common::oidc::browser();
        let callback = sign_in_at_provider(&browser, &server.addr.to_string(), "teamleider").await;
        let (status, session, text) = finish(&browser, &server, &callback).await;
        assert_eq!(status, 200, "{text}");
        assert!(text.contains("U bent aangemeld"), "{text}");
        let session = session.expect("a session cookie");
        let me = reqwest::Client::new()
            .get(format!("http://{}/api/v1/metrics", server.addr))
            .header("cookie", &session)
            .send()
            .await
            .expect("metrics");
        assert_ne!(me.status(), 401, "the session works");
        assert_eq!(last_sign_in(&server).await, ("gelukt".into(), "via de identity provider".into()));

        // The address changes in werkvoorraad; the subject still finds the account.
        sqlx::query("UPDATE users SET email = 'nieuw@gemeente.test' WHERE email = 'teamlead@gemeente.test'")
            .execute(server.db.pool())
            .await
            .expect("rename");
        let browser = common::oidc::browser();
        let callback = sign_in_at_provider(&browser, &server.addr.to_string(), "teamleider").await;
        let (status, session, _) = finish(&browser, &server, &callback).await;
        assert_eq!((status, session.is_some()), (200, true));

        // Signing out ends the session here and offers the provider's own sign-out.
        let out = common::client()
            .post(format!("http://{}/afmelden", server.addr))
            .header("cookie", session.expect("session"))
            .send()
            .await
            .expect("sign out");
        assert_eq!(out.headers()["location"], "/aanmelden?afgemeld=ja");
        let page = reqwest::get(format!("http://{}/aanmelden?afgemeld=ja", server.addr)).await.expect("page");
        let html = page.text().await.expect("html");
        assert!(html.contains(&format!("{}/session/end?client_id=werkvoorraad", provider.issuer)), "{html}");
    })
}

#[test]
fn unknown_and_unverified_identities_are_refused_with_a_message_and_logged() {
    common::run(async {
        let provider = OidcProvider::start();
        let server = server_for(&provider, &[]).await;
        for login in ["onbekend", "onbevestigd"] {
            let browser = common::oidc::browser();
            let callback = sign_in_at_provider(&browser, &server.addr.to_string(), login).await;
            let (status, session, text) = finish(&browser, &server, &callback).await;
            assert_eq!((status, session), (303, None), "{login}");
            assert!(text.contains("/aanmelden?fout="), "{text}");
            let (outcome, detail) = last_sign_in(&server).await;
            assert_eq!(outcome, "mislukt");
            assert!(detail.contains("geen account"), "{detail}");
        }
    })
}

#[test]
fn a_forged_replayed_foreign_or_tampered_callback_starts_no_session() {
    common::run(async {
        let provider = OidcProvider::start();
        let server = server_for(&provider, &[]).await;
        let addr = server.addr.to_string();

        // A forged state, then the real one, then the real one again.
        let browser = common::oidc::browser();
        let callback = sign_in_at_provider(&browser, &addr, "teamleider").await;
        let forged = callback.replace("state=", "state=x");
        assert_eq!(finish(&browser, &server, &forged).await.1, None, "forged state");
        assert!(finish(&browser, &server, &callback).await.1.is_some(), "the real callback");
        assert_eq!(finish(&browser, &server, &callback).await.1, None, "replayed");

        // Another browser (without the login's cookie) brings this browser's callback.
        let browser = common::oidc::browser();
        let callback = sign_in_at_provider(&browser, &addr, "teamleider").await;
        assert_eq!(finish(&common::oidc::browser(), &server, &callback).await.1, None, "foreign browser");

        // The nonce or the PKCE verifier kept for the login no longer matches what the provider got.
        for column in ["nonce", "verifier"] {
            let browser = common::oidc::browser();
            let callback = sign_in_at_provider(&browser, &addr, "teamleider").await;
            let tamper =
                format!("UPDATE oidc_logins SET {column} = 'vervalst-vervalst-vervalst-vervalst-vervalst-1'");
            sqlx::query(sqlx::AssertSqlSafe(tamper)).execute(server.db.pool()).await.expect("tamper");
            assert_eq!(finish(&browser, &server, &callback).await.1, None, "{column}");
        }
    })
}

#[test]
fn passwords_can_be_turned_off_beside_the_identity_provider() {
    common::run(async {
        let provider = OidcProvider::start();
        let first = server_for(&provider, &[]).await;
        let mut vars = provider.vars();
        vars.push(("WERKVOORRAAD_PASSWORDS", "off".into()));
        let server = TestServer::beside_signed_out(&first, &vars).await;
        let page = reqwest::get(format!("http://{}/aanmelden", server.addr)).await.expect("page");
        let html = page.text().await.expect("html");
        assert!(html.contains("Aanmelden via uw organisatie") && !html.contains("type=\"password\""));
        let refused = reqwest::Client::new()
            .post(format!("http://{}/api/v1/session", server.addr))
            .json(&serde_json::json!({"email": "teamlead@gemeente.test", "password": common::PASSWORD}))
            .send()
            .await
            .expect("sign-in");
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.expect("body").contains("Meld u aan via uw organisatie"));
    })
}
