//! The real server on an ephemeral loopback port with a fresh SQLite file, over real HTTP:
//! the health check (up and down) and the server-rendered shell in Dutch.
#![cfg(feature = "ssr")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use werkvoorraad::domain::access::{access, Role};
use werkvoorraad::pages::NAVIGATION;

mod common;
use common::TestServer;

#[test]
fn healthz_answers_ok_while_the_database_answers_and_503_after() {
    common::run(async {
        let server = TestServer::start().await;
        assert_eq!(server.get("/healthz").await, (200, "ok".to_string()));
        server.db.close().await;
        let (status, _) = server.get("/healthz").await;
        assert_eq!(status, 503);
    })
}

#[test]
fn the_shell_is_dutch_semantic_html_with_the_navigation_of_the_role() {
    common::run(async {
        let mut server = TestServer::start().await;
        for role in Role::ALL {
            server.sign_in_as(role).await;
            let (status, html) = server.get("/werkvoorraad").await;
            assert_eq!(status, 200);
            let nav = &html[html.find("<nav").expect("nav")..html.find("</nav>").expect("nav end")];
            for item in NAVIGATION {
                let shown = nav.contains(&format!(r#"href="{}""#, item.href));
                assert_eq!(shown, access(role, item.action).allowed(), "{} for {role:?}", item.href);
            }
        }
        let (_, html) = server.get("/werkvoorraad").await;
        assert!(html.contains(r#"<html lang="nl""#), "lang attribute");
        for landmark in ["<header", "<nav", "<main", "<footer", r##"href="#inhoud""##] {
            assert!(html.contains(landmark), "missing {landmark}");
        }
        assert!(html.contains(concat!("versie ", env!("CARGO_PKG_VERSION"))), "version in footer");
        assert!(html.contains("/pkg/werkvoorraad.js"), "hydration script");
    })
}

#[test]
fn the_overview_counts_the_snapshots_in_the_database() {
    common::run(async {
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
    })
}

#[test]
fn every_navigation_page_renders_and_unknown_pages_answer_404() {
    common::run(async {
        let mut server = TestServer::start().await;
        for item in NAVIGATION {
            let role = Role::ALL.into_iter().find(|r| access(*r, item.action).allowed()).expect("a role");
            server.sign_in_as(role).await;
            let (status, html) = server.get(item.href).await;
            assert_eq!(status, 200, "{}", item.href);
            assert!(
                html.contains(&format!("<h1>{}</h1>", item.label(werkvoorraad::i18n::Locale::Nl))),
                "heading on {}",
                item.href
            );
        }
        server.sign_in_as(Role::TeamLead).await;
        let (status, html) = server.get("/bestaat-niet").await;
        assert_eq!(status, 404);
        assert!(html.contains("Pagina niet gevonden"));
    })
}

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

#[test]
fn the_import_api_answers_201_409_and_422_with_the_errors_as_json() {
    common::run(async {
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
        assert_eq!(
            (json["status"].as_str(), json["snapshot_id"].as_i64()),
            (Some("already_imported"), Some(1))
        );

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
    })
}

#[test]
fn the_import_form_redirects_after_storing_and_shows_errors_by_row() {
    common::run(async {
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
    })
}

#[test]
fn a_get_without_an_answer_in_time_ends_with_503_and_a_post_is_left_alone() {
    use axum::routing::get;
    use std::time::Duration;
    common::run(async {
        let slow = || async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            "klaar"
        };
        let app = axum::Router::new().route("/traag", get(slow).post(slow)).layer(
            axum::middleware::from_fn_with_state(
                Duration::from_millis(50),
                werkvoorraad::server::answer_within,
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let url = format!("http://{addr}/traag");
        let got = common::client().get(&url).send().await.expect("get");
        assert_eq!(got.status().as_u16(), 503);
        assert!(got.text().await.unwrap_or_default().contains("Laad haar opnieuw"));
        let posted = common::client().post(&url).send().await.expect("post");
        assert_eq!(
            (posted.status().as_u16(), posted.text().await.unwrap_or_default()),
            (200, "klaar".into())
        );
    })
}

/// Building a router renders the app once to list its routes, and while it does, Leptos holds
/// back every resource that starts to load anywhere in the process (leptos-rs/leptos#4773): a page
/// that rendered at that moment never finished. Another instance starting in the same process (as
/// in these tests) must not stall this one's pages.
#[test]
fn pages_finish_while_another_instance_builds_its_router() {
    common::run(async {
        let server = Arc::new(TestServer::start().await);
        let done = Arc::new(AtomicBool::new(false));
        let builder = {
            let (server, done) = (server.clone(), done.clone());
            tokio::task::spawn_blocking(move || {
                let mut built = 0;
                while !done.load(Ordering::Relaxed) {
                    drop(server.another_router());
                    built += 1;
                }
                built
            })
        };
        let mut stalled = Vec::new();
        for round in 0..30 {
            let path = ["/", "/declaratierisico", "/werkvoorraad"][round % 3];
            match tokio::time::timeout(Duration::from_secs(5), server.get(path)).await {
                Ok((200, _)) => {}
                Ok((status, _)) => stalled.push(format!("{path}: {status}")),
                Err(_) => stalled.push(format!("{path}: no answer in 5 s")),
            }
        }
        done.store(true, Ordering::Relaxed);
        let built = builder.await.expect("builder");
        assert!(built > 0, "routers were built meanwhile");
        assert!(stalled.is_empty(), "pages that did not finish ({built} routers built): {stalled:?}");
    })
}
