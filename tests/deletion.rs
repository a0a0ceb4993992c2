//! Deleting by hand (spec/retention.md) through the real server: a provider withdraws its own
//! unassessed form, not an assessed one or another's; an admin deletes any form with a reason;
//! each is logged, every instance follows, and on SQLite no bytes of the form are left.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::{LogFilter, Role};

const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");

/// A PDF that carries `marker` (after its end, where readers ignore it).
fn pdf_with(marker: &str) -> Vec<u8> {
    let mut bytes = include_bytes!("fixtures/forms/evaluatie.pdf").to_vec();
    bytes.extend_from_slice(format!("\n% {marker}\n").as_bytes());
    bytes
}

/// Uploads `bytes` to `case_id` as the server's user; the new form's id.
async fn upload(server: &TestServer, case_id: &str, bytes: Vec<u8>) -> i64 {
    let response = server.upload_file(case_id, bytes).await;
    assert_eq!(response.status().as_u16(), 201);
    let receipt: serde_json::Value = response.json().await.expect("receipt");
    receipt["form_id"].as_i64().expect("form id")
}

async fn forms_of(server: &TestServer, case_id: &str) -> usize {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_forms WHERE case_id = $1")
        .bind(case_id.to_owned())
        .fetch_one(server.db.pool())
        .await
        .expect("count");
    count as usize
}

#[test]
fn a_provider_withdraws_its_own_unassessed_form_and_its_bytes_are_gone() {
    common::run(async {
        let mut server = TestServer::start().await;
        assert_eq!(server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
        server.sign_in_as(Role::Provider).await;
        let marker = "WERKVOORRAAD-MARKER-INGETROKKEN-7f3a";
        let id = upload(&server, "R1", pdf_with(marker)).await;
        assert_ne!(server.stored(marker), Some(false), "the marker is stored first");
        let (status, location) = server.post_form(&format!("/formulieren/{id}/intrekken"), &[]).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/zaak/R1?melding="), "{location}");
        assert_eq!(forms_of(&server, "R1").await, 0);
        assert_ne!(server.stored(marker), Some(true), "no bytes of the withdrawn form are left");
        let lines = server.db.access_log(&LogFilter::default(), 20).await.expect("log");
        let line = lines.iter().find(|l| l.action == "evaluatieformulier ingetrokken").expect("logged");
        assert_eq!((line.case_id.as_deref(), line.outcome.as_str()), (Some("R1"), "gelukt"));
    })
}

#[test]
fn an_assessed_or_anothers_form_stays_and_the_admin_deletes_with_a_reason() {
    common::run(async {
        let mut server = TestServer::start().await;
        assert_eq!(server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
        server.sign_in_as(Role::Provider).await;
        let marker = "WERKVOORRAAD-MARKER-VERWIJDERD-91bc";
        let id = upload(&server, "R2", pdf_with(marker)).await;
        server.sign_in_as(Role::Consultant).await;
        let (status, _) = server.post_form(&format!("/formulieren/{id}/intrekken"), &[]).await;
        assert_eq!(status, 403, "only the provider takes its form back");
        assert_eq!(
            server.post_form(&format!("/formulieren/{id}/beoordeling"), &[("oordeel", "compleet")]).await.0,
            303
        );
        server.sign_in_as(Role::Provider).await;
        let (status, location) = server.post_form(&format!("/formulieren/{id}/intrekken"), &[]).await;
        assert_eq!(status, 303);
        assert!(location.contains("fout=") && location.contains("al%20beoordeeld"), "{location}");
        assert_eq!(forms_of(&server, "R2").await, 1);
        server.cookie = server.session_for("andere@aanbieder.test").await.expect("sign-in");
        assert_eq!(server.post_form(&format!("/formulieren/{id}/intrekken"), &[]).await.0, 404);

        server.sign_in_as(Role::Admin).await;
        let path = format!("/beheer/formulieren/{id}/verwijderen");
        let (_, location) =
            server.post_form(&path, &[("reden", " "), ("terug", "/beheer/inzage?client=C2")]).await;
        assert!(location.contains("fout="), "a reason is needed: {location}");
        assert_eq!(forms_of(&server, "R2").await, 1);
        let form = [("reden", "Verkeerde cliënt"), ("terug", "/beheer/inzage?client=C2")];
        let (status, location) = server.post_form(&path, &form).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/beheer/inzage?client=C2&melding="), "{location}");
        assert_eq!(forms_of(&server, "R2").await, 0);
        assert_ne!(server.stored(marker), Some(true));
        let lines = server.db.access_log(&LogFilter::default(), 20).await.expect("log");
        let line = lines.iter().find(|l| l.action == "evaluatieformulier verwijderd").expect("logged");
        assert_eq!(line.detail.as_deref(), Some(format!("formulier {id}: Verkeerde cliënt").as_str()));
        let (_, case) = server.get("/zaak/R2").await;
        assert!(!case.contains("evaluatie.pdf"));
    })
}

#[test]
fn a_deleted_form_leaves_the_figures_of_every_instance() {
    common::run(async {
        let mut first = TestServer::start().await;
        let second = TestServer::beside(&first).await;
        assert_eq!(first.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
        let missing = |metrics: &serde_json::Value| metrics["forms_missing"].as_u64();
        let (_, before) = second.json("/api/v1/metrics").await;
        first.sign_in_as(Role::Provider).await;
        let id = upload(&first, "R1", pdf_with("WERKVOORRAAD-MARKER-TWEE-INSTANTIES")).await;
        let (_, with_form) = second.json("/api/v1/metrics").await;
        assert_eq!(missing(&with_form), missing(&before).map(|n| n - 1), "the upload counts there");
        let (_, case) = second.get("/zaak/R1").await;
        assert!(case.contains("evaluatie.pdf"));

        first.sign_in_as(Role::Admin).await;
        let form = [("reden", "Verkeerde zaak"), ("terug", "/beheer/inzage?client=C1")];
        assert_eq!(first.post_form(&format!("/beheer/formulieren/{id}/verwijderen"), &form).await.0, 303);
        let (_, after) = second.json("/api/v1/metrics").await;
        assert_eq!(missing(&after), missing(&before), "the other instance follows the deletion");
        let (_, case) = second.get("/zaak/R1").await;
        assert!(!case.contains("evaluatie.pdf"), "nor does its case page show the form");
    })
}
