//! The lost wake-up (leptos-rs/leptos#4851): thousands of page requests over every page and role
//! at high concurrency through the real server, each answered completely. Counts, no timings.
#![cfg(feature = "ssr")]

mod common;
use std::sync::Arc;

use common::{client, email, TestServer};
use futures_util::stream::{self, StreamExt};
use werkvoorraad::domain::access::{access, Role};

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");
/// Requests in all, and at once.
const REQUESTS: usize = 1_200;
const AT_ONCE: usize = 64;

#[test]
fn every_page_request_under_load_is_answered_completely() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        let mut targets = Vec::new();
        for role in Role::ALL {
            let cookie = server.session_for(&email(role)).await.expect("session");
            for item in werkvoorraad::pages::NAVIGATION {
                let expected = if access(role, item.action).allowed() { 200 } else { 403 };
                targets.push((cookie.clone(), item.href, expected));
            }
            targets.push((cookie.clone(), "/zaak/A", 200));
        }
        let (targets, addr) = (Arc::new(targets), server.addr);
        let answers: Vec<Result<(), String>> = stream::iter(0..REQUESTS)
            .map(|n| {
                let targets = targets.clone();
                async move {
                    let (cookie, path, expected) = &targets[n % targets.len()];
                    let response = client()
                        .get(format!("http://{addr}{path}"))
                        .header("cookie", cookie)
                        .send()
                        .await
                        .map_err(|e| format!("{path}: {e}"))?;
                    let status = response.status().as_u16();
                    let body = response.text().await.map_err(|e| format!("{path}: {e}"))?;
                    // A whole page: the main part and, last of the stream, Leptos' closing script.
                    let whole = body.contains("</main>") && body.trim_end().ends_with("</script>");
                    match status == *expected && whole {
                        true => Ok(()),
                        false => Err(format!("{path}: {status}, {} bytes", body.len())),
                    }
                }
            })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
        let failed: Vec<&String> = answers.iter().filter_map(|a| a.as_ref().err()).collect();
        assert_eq!(answers.len(), REQUESTS);
        assert!(
            failed.is_empty(),
            "{} of {REQUESTS} not answered completely: {:?}",
            failed.len(),
            &failed[..failed.len().min(5)]
        );
    })
}
