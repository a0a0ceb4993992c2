//! Several instances of the server on one PostgreSQL: what is done through one is seen by the
//! other at the next request (sessions, imports, forms, settings, sign-out and disabling), and
//! one import runs at a time across them.
#![cfg(feature = "ssr")]

mod common;
use common::backends::Backend;
use common::TestServer;
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// Case A's form state in the queue as `server` answers it.
async fn form_of_a(server: &TestServer) -> serde_json::Value {
    let (status, body) = server.json("/api/v1/cases").await;
    assert_eq!(status, 200, "{body}");
    let rows = body["cases"].as_array().cloned().unwrap_or_default();
    rows.into_iter().find(|row| row["case_id"] == "A").map(|row| row["form"].clone()).expect("case A")
}

#[test]
fn what_one_instance_does_the_other_sees_at_once() {
    common::run(async {
        let Some(mut first) = TestServer::start_on(Backend::Postgres).await else { return };
        let mut second = TestServer::beside(&first).await;
        assert_eq!(second.json("/api/v1/metrics").await.0, 404, "nothing imported yet");
        assert_eq!(first.post_import("/api/v1/imports", WORKED, "2025-06-26").await.0, 201);
        let (status, metrics) = second.json("/api/v1/metrics").await;
        assert_eq!((status, metrics["as_of"].as_str()), (200, Some("2025-06-26")), "{metrics}");

        first.sign_in_as(Role::Provider).await;
        second.cookie = first.cookie.clone();
        assert_eq!(second.get("/aanbieder").await.0, 200, "a session made through the first");
        assert_eq!(form_of_a(&second).await, "missing");
        assert_eq!(first.upload_form("A").await, 201);
        assert_eq!(form_of_a(&second).await, "to_assess", "the form uploaded through the first");

        first.sign_in_as(Role::TeamLead).await;
        second.cookie = first.cookie.clone();
        assert!(second.get("/").await.1.contains("42 dagen"));
        let term = werkvoorraad::metrics::NEW_REQUEST_TERM;
        assert_eq!(first.post_form("/instellingen", &[(term, "30")]).await.0, 303);
        assert!(second.get("/").await.1.contains("30 dagen"), "the setting changed through the first");

        assert_eq!(first.post_form("/afmelden", &[]).await.0, 303);
        assert_eq!(second.json("/api/v1/metrics").await.0, 401, "signed out through the first");
    })
}

#[test]
fn a_disabled_account_is_out_on_every_instance_at_once() {
    common::run(async {
        let Some(mut first) = TestServer::start_on(Backend::Postgres).await else { return };
        let mut second = TestServer::beside(&first).await;
        second.sign_in_as(Role::Consultant).await;
        assert_eq!(second.json("/api/v1/metrics").await.0, 404, "signed in; nothing imported");
        let id =
            first.db.user_by_email(&common::email(Role::Consultant)).await.expect("query").expect("user").id;
        first.sign_in_as(Role::Admin).await;
        let disable = [("id", id.to_string()), ("disabled", "1".to_owned())];
        let disable: Vec<(&str, &str)> = disable.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(first.post_form("/beheer/gebruikers/status", &disable).await.0, 303);
        assert_eq!(second.json("/api/v1/metrics").await.0, 401, "disabled through the first");
    })
}

#[test]
fn one_import_at_a_time_across_instances() {
    common::run(async {
        let Some(first) = TestServer::start_on(Backend::Postgres).await else { return };
        let second = TestServer::beside(&first).await;
        let turn = first.db.import_turn().await.expect("asked").expect("the turn is free");
        let (status, body) = second.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("al een export ingelezen"), "{body}");
        drop(turn);
        // The lock ends when its connection has closed, which the pool does in the background.
        let mut status = 0;
        for _ in 0..50 {
            status = second.post_import("/api/v1/imports", WORKED, "2025-06-26").await.0;
            if status != 503 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, 201, "its turn now");
    })
}
