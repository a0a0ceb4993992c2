//! Every message a user receives is in their language, through the real server: notices after
//! a form post, the API's `{"error"}`, a server function's error; Dutch users keep the Dutch.
#![cfg(feature = "ssr")]

mod common;
use common::catalogue::{dutch_left, in_english};
use common::TestServer;
use leptos::server_fn::ServerFn;
use werkvoorraad::domain::access::Role;
use werkvoorraad::domain::filters::ViewQuery;
use werkvoorraad::pages::overview::FetchOverview;

const EXPORT: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// The `fout=` or `melding=` of a redirect's location, decoded.
fn notice(location: &str, key: &str) -> String {
    let value = location.split(&format!("{key}=")).nth(1).unwrap_or_default();
    let value = value.split('&').next().unwrap_or_default();
    percent_decode(value)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The overview's data through the server function's own endpoint, as the browser asks it.
async fn overview_by_http(server: &TestServer, window: &str) -> (u16, String) {
    let body = serde_json::json!({
        "query": ViewQuery::default(), "window": window, "extra": null, "by": null
    });
    let response = common::client()
        .post(format!("http://{}{}", server.addr, FetchOverview::PATH))
        .header("cookie", &server.cookie)
        .json(&body)
        .send()
        .await
        .expect("server function");
    (response.status().as_u16(), response.text().await.unwrap_or_default())
}

#[test]
fn a_failed_settings_post_is_told_in_english_and_shown_without_dutch() {
    common::run(async {
        let server = TestServer::start().await;
        in_english(&server).await;
        let (status, location) =
            server.post_form("/instellingen", &[("new_request_term_days", "acht")]).await;
        assert_eq!(status, 303);
        assert_eq!(notice(&location, "fout"), "“acht” is not a number of days.", "{location}");
        let (_, page) = server.get(&location).await;
        assert!(page.contains("“acht” is not a number of days."), "{page}");
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {location}");

        let (_, location) = server.post_form("/instellingen", &[("stalled_snapshots", "40")]).await;
        assert_eq!(notice(&location, "fout"), "Stalled: choose between 2 and 12 exports.");
        let (_, location) = server.post_form("/instellingen", &[("new_request_term_days", "42")]).await;
        assert_eq!(notice(&location, "melding"), "The settings have been saved.", "{location}");
        let (_, page) = server.get(&location).await;
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {location}");
    })
}

#[test]
fn the_admin_and_the_retention_terms_are_answered_in_english() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.sign_in_as(Role::Admin).await;
        in_english(&server).await;
        let (_, location) =
            server.post_form("/instellingen/bewaartermijnen", &[("retention_log_years", "4")]).await;
        assert_eq!(
            notice(&location, "fout"),
            "Retention term for the access log: choose a whole number from 5 up to and including 30 years."
        );
        let (_, location) =
            server.post_form("/beheer/gebruikers/rol", &[("id", "1"), ("role", "koning")]).await;
        assert_eq!(notice(&location, "fout"), "Choose a role from the list.");
        let (_, page) = server.get(&location).await;
        assert!(page.contains("Choose a role from the list."));
        let log = server.db.access_log(&Default::default(), 5).await.expect("log");
        assert!(
            log.iter().any(|line| line.detail.as_deref() == Some("Kies een rol uit de lijst.")),
            "the access log keeps its Dutch"
        );
        let (_, location) =
            server.post_form("/beheer/momentopnamen/999/verwijderen", &[("reden", "fout")]).await;
        assert!(notice(&location, "fout").starts_with("Snapshot 999 does not exist"), "{location}");
    })
}

#[test]
fn api_and_server_function_errors_come_in_english() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await;
        in_english(&server).await;
        let (status, body) = server.json("/api/v1/metrics?window=7").await;
        assert_eq!(status, 400);
        assert_eq!(body["error"], "The window “7” is not possible. Choose 6, 12 or 26 weeks.");
        let (status, body) = server.json("/api/v1/cases?request_type=vreemd").await;
        assert_eq!(status, 400, "{body}");
        assert!(body["error"].as_str().unwrap_or_default().starts_with("Unknown type of request"), "{body}");
        let (status, body) = server.json("/api/v1/cases/ONBEKEND/history").await;
        assert_eq!(status, 404);
        assert_eq!(body["error"], "This case is in no export at all, or you do not have access to it.");

        // The page renders the server function's error, and its endpoint answers it the same.
        let (_, page) = server.get("/?window=7").await;
        assert!(page.contains("Choose 6, 12 or 26 weeks"), "{page}");
        assert_eq!(dutch_left(&page), Vec::<String>::new());
        let (_, answer) = overview_by_http(&server, "7").await;
        assert!(answer.contains("Choose 6, 12 or 26 weeks") && !answer.contains("Kies"), "{answer}");

        // A provider's form that is refused, and a declaration problem with a wrong amount.
        server.sign_in_as(Role::Provider).await;
        in_english(&server).await;
        let response = server.upload_file("A", b"not a form at all".to_vec()).await;
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert!(body["error"].as_str().unwrap_or_default().starts_with("This file is not a PDF"), "{body}");
        let report = [("description", "Declaratie geweigerd"), ("amount", "veel")];
        let (_, location) = server.post_form("/zaak/A/probleem", &report).await;
        assert!(notice(&location, "fout").starts_with("The amount is not an amount in euros"), "{location}");
        let (_, page) = server.get(&location).await;
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {location}");

        // Refused: a consultant may not see the access log, in English.
        server.sign_in_as(Role::Consultant).await;
        in_english(&server).await;
        let (status, body) = server.json("/beheer/logboek.csv").await;
        assert_eq!(status, 403);
        assert_eq!(
            body["error"],
            "You do not have access to this. Ask the administrator if you think this is wrong."
        );
    })
}

#[test]
fn dutch_users_keep_the_dutch_messages() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await;
        let (_, location) = server.post_form("/instellingen", &[("new_request_term_days", "acht")]).await;
        assert_eq!(notice(&location, "fout"), "“acht” is geen aantal dagen.");
        let (_, location) = server.post_form("/instellingen", &[("new_request_term_days", "42")]).await;
        assert_eq!(notice(&location, "melding"), "De instellingen zijn opgeslagen.");
        let (_, body) = server.json("/api/v1/metrics?window=7").await;
        assert_eq!(body["error"], "Het venster “7” kan niet. Kies 6, 12 of 26 weken.");
        let (_, answer) = overview_by_http(&server, "7").await;
        assert!(answer.contains("Kies 6, 12 of 26 weken"), "{answer}");
        let (status, body) = server.json("/beheer/logboek.csv").await;
        assert_eq!(status, 403);
        assert_eq!(
            body["error"],
            "U heeft hiervoor geen toegang. Vraag de beheerder als u denkt dat dit niet klopt."
        );
    })
}
