//! Evaluation forms through the real server on the worked example (A: an open, lapsed
//! reindication of Leger des Heils): every accepted kind, every refused kind, the 20 MB limit,
//! other organisations, downloads, assessment and readiness; the all-or-nothing write on both
//! database engines.
#![cfg(feature = "ssr")]

mod common;
use common::backends::Backend;
use common::{client, TestServer};
use werkvoorraad::domain::access::Role;
use werkvoorraad::store::forms::{FormQuery, NewForm};
use werkvoorraad::store::Db;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");
const PDF: &[u8] = include_bytes!("fixtures/forms/evaluatie.pdf");

/// The details every upload needs.
const DETAILS: [(&str, &str); 5] = [
    ("counsellor_name", "Sanne de Vries"),
    ("counsellor_phone", "06-12345678"),
    ("counsellor_email", "sanne@legerdesheils.test"),
    ("period_from", "2025-01-01"),
    ("period_to", "2025-06-30"),
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/forms/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// A real workbook, written as Excel writes one.
fn xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "Evaluatie herindicatie").expect("cell");
    book.save_to_buffer().expect("xlsx")
}

/// Posts a form through the JSON API: status and body.
async fn upload(server: &TestServer, case_id: &str, name: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
    let mut form = reqwest::multipart::Form::new();
    for (key, value) in DETAILS {
        form = form.text(key, value);
    }
    form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let response = client()
        .post(format!("http://{}/api/v1/cases/{case_id}/forms", server.addr))
        .header("cookie", &server.cookie)
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

async fn started_as(role: Role) -> TestServer {
    let mut server = TestServer::start().await;
    let (status, _) = server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
    assert_eq!(status, 201);
    server.sign_in_as(role).await;
    server
}

#[test]
fn every_accepted_kind_is_stored_by_its_content_with_its_type() {
    common::run(async {
        let server = started_as(Role::Provider).await;
        let kinds = [
            ("evaluatie.pdf", fixture("evaluatie.pdf"), "application/pdf"),
            (
                "evaluatie.docx",
                fixture("evaluatie.docx"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("evaluatie.odt", fixture("evaluatie.odt"), "application/vnd.oasis.opendocument.text"),
            ("evaluatie.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("foto.jpg", fixture("evaluatie.jpg"), "image/jpeg"),
            // The name says nothing: a PNG called .pdf is a PNG.
            ("scan.pdf", fixture("evaluatie.png"), "image/png"),
        ];
        for (name, bytes, kind) in kinds {
            let (status, receipt) = upload(&server, "A", name, bytes).await;
            assert_eq!(status, 201, "{name}: {receipt}");
            assert_eq!(receipt["content_type"], kind, "{name}");
            assert_eq!(receipt["duplicate"], false);
        }
        assert_eq!(server.db.form_counts().await.expect("counts"), (6, 6));
    })
}

#[test]
fn refused_content_sizes_and_cases_store_nothing_and_say_why() {
    common::run(async {
        let server = started_as(Role::Provider).await;
        let html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".to_vec();
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
        let refused: [(&str, Vec<u8>, u16, &str); 7] = [
            ("formulier.pdf", html, 415, "geen PDF"),
            ("tekening.svg", svg, 415, "geen PDF"),
            ("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(), 415, "geen PDF"),
            ("leeg.pdf", Vec::new(), 415, "leeg"),
            ("groot.pdf", [PDF, &vec![b' '; 21 * 1024 * 1024]].concat(), 413, "groter dan 20 MB"),
            ("bom.docx", fixture("zipbomb.docx"), 415, "te groot worden"),
            ("archief.docx", fixture("archief.docx"), 415, "geen Word-document"),
        ];
        for (name, bytes, status, message) in refused {
            let (got, body) = upload(&server, "A", name, bytes).await;
            assert_eq!(got, status, "{name}: {body}");
            let text = body["error"].as_str().unwrap_or_default();
            assert!(text.contains(message), "{name}: {text}");
        }
        let (status, body) = upload(&server, "C", "evaluatie.pdf", PDF.to_vec()).await;
        assert_eq!(status, 409, "C is closed: {body}");
        assert!(body["error"].as_str().unwrap_or_default().contains("afgesloten"));
        assert_eq!(server.db.form_counts().await.expect("counts"), (0, 0));
        let log = server.db.access_log(&Default::default(), 50).await.expect("log");
        let refusals =
            log.iter().filter(|l| l.action == "evaluatieformulier geüpload" && l.outcome == "afgekeurd");
        assert_eq!(refusals.count(), 8);
    })
}

#[test]
fn missing_details_are_named_and_the_same_file_is_stored_once() {
    common::run(async {
        let server = started_as(Role::Provider).await;
        let form = reqwest::multipart::Form::new()
            .text("counsellor_name", "Sanne de Vries")
            .part("file", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("evaluatie.pdf"));
        let response = client()
            .post(format!("http://{}/api/v1/cases/A/forms", server.addr))
            .header("cookie", &server.cookie)
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status().as_u16(), 422);
        let text = response.text().await.unwrap_or_default();
        assert!(
            text.contains("telefoonnummer") && text.contains("e-mailadres") && text.contains("periode"),
            "{text}"
        );

        let (first, receipt) = upload(&server, "A", "evaluatie.pdf", PDF.to_vec()).await;
        let (again, duplicate) = upload(&server, "A", "nog-een-keer.pdf", PDF.to_vec()).await;
        assert_eq!((first, again), (201, 200));
        assert_eq!(duplicate["duplicate"], true);
        assert_eq!(duplicate["form_id"], receipt["form_id"]);
        assert_eq!(server.db.form_counts().await.expect("counts"), (1, 1));
    })
}

#[test]
fn other_organisations_get_404_for_uploads_and_downloads_and_downloads_are_attachments() {
    common::run(async {
        let mut server = started_as(Role::Provider).await;
        let (_, receipt) = upload(&server, "A", "Evaluatie Jansen.pdf", PDF.to_vec()).await;
        let id = receipt["form_id"].as_i64().expect("id");

        let response = client()
            .get(format!("http://{}/api/v1/forms/{id}", server.addr))
            .header("cookie", &server.cookie)
            .send()
            .await
            .expect("get");
        assert_eq!(response.status().as_u16(), 200);
        let header = |name: &str| response.headers()[name].to_str().unwrap_or_default().to_owned();
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(header("content-disposition"), "attachment; filename=\"Evaluatie-Jansen.pdf\"");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(response.bytes().await.expect("body").as_ref(), PDF);

        server.cookie = server.session_for("andere@aanbieder.test").await.expect("other provider");
        let (status, _) = upload(&server, "A", "evaluatie.pdf", fixture("evaluatie.png")).await;
        assert_eq!(status, 404, "another organisation's case");
        let (status, body) = server.get(&format!("/api/v1/forms/{id}")).await;
        assert_eq!(status, 404, "another organisation's form");
        let (missing, missing_body) = server.get("/api/v1/forms/999").await;
        assert_eq!((missing, &missing_body), (404, &body), "the same answer as a form that does not exist");

        server.sign_in_as(Role::ContractManager).await;
        assert_eq!(server.get(&format!("/api/v1/forms/{id}")).await.0, 403);
        let log = server.db.access_log(&Default::default(), 50).await.expect("log");
        let downloads: Vec<_> = log.iter().filter(|l| l.action == "evaluatieformulier gedownload").collect();
        assert_eq!(downloads.len(), 3);
        assert!(downloads.iter().any(|l| l.outcome == "gelukt" && l.case_id.as_deref() == Some("A")));
        assert_eq!(server.db.form_counts().await.expect("counts"), (1, 1));
    })
}

/// Posts an assessment as a browser form; the redirect's location.
async fn assess(server: &TestServer, id: i64, verdict: &str, reason: &str) -> String {
    let path = format!("/formulieren/{id}/beoordeling");
    let (status, location) = server.post_form(&path, &[("oordeel", verdict), ("reden", reason)]).await;
    assert_eq!(status, 303);
    location
}

#[test]
fn an_assessed_complete_form_makes_the_case_ready_everywhere() {
    common::run(async {
        let mut server = started_as(Role::Provider).await;
        let (_, metrics) = {
            server.sign_in_as(Role::TeamLead).await;
            server.json("/api/v1/metrics").await
        };
        assert_eq!(
            (metrics["forms_missing"].as_u64(), metrics["ready_for_assessment"].as_u64()),
            (Some(1), Some(0))
        );

        server.sign_in_as(Role::Provider).await;
        let (_, first) = upload(&server, "A", "evaluatie.pdf", PDF.to_vec()).await;
        let first = first["form_id"].as_i64().expect("id");
        server.sign_in_as(Role::Consultant).await;
        let (_, metrics) = server.json("/api/v1/metrics").await;
        assert!(metrics.get("forms_to_assess").is_none(), "only the keys the issue names");
        let refused = assess(&server, first, "incompleet", " ").await;
        assert!(refused.contains("fout="), "a reason is needed: {refused}");
        let location = assess(&server, first, "incompleet", "De periode ontbreekt op het formulier.").await;
        assert!(location.starts_with("/zaak/A?melding="), "{location}");

        server.sign_in_as(Role::Provider).await;
        let (_, page) = server.get("/zaak/A").await;
        assert!(page.contains("De periode ontbreekt op het formulier."), "the provider sees the reason");
        let (_, own) = server.get("/aanbieder").await;
        assert!(own.contains(r#"data-form-state="incompleet""#), "Mijn zaken shows the state");
        let (_, second) = upload(&server, "A", "scan.png", fixture("evaluatie.png")).await;
        let second = second["form_id"].as_i64().expect("id");

        server.sign_in_as(Role::TeamLead).await;
        let (_, metrics) = server.json("/api/v1/metrics").await;
        assert_eq!(
            (metrics["forms_incomplete"].as_u64(), metrics["forms_missing"].as_u64()),
            (Some(0), Some(0))
        );
        assert_eq!(server.text_of("/", "tile-forms-to-assess").await, "1");
        assess(&server, second, "compleet", "").await;
        let (_, metrics) = server.json("/api/v1/metrics").await;
        assert_eq!(metrics["ready_for_assessment"], 1);
        assert_eq!(metrics["forms_missing"], 0);
        assert_eq!(server.text_of("/declaratierisico", "total-lapsed-ready").await, "1");
        let (_, ready) = server.json("/api/v1/cases?form=klaar").await;
        assert_eq!(ready["cases"][0]["case_id"], "A", "{ready}");
        assert_eq!(ready["cases"][0]["form"], "ready");
        assert_eq!(server.text_of("/", "tile-ready").await, "1");
        let (_, queue) = server.get("/werkvoorraad").await;
        assert!(queue.contains("klaar voor papieren beoordeling"));
        let (_, csv) = server.get("/werkvoorraad/export.csv").await;
        assert!(csv.contains(";klaar voor papieren beoordeling"), "{csv}");

        server.sign_in_as(Role::Provider).await;
        let path = format!("/formulieren/{second}/beoordeling");
        assert_eq!(
            server.post_form(&path, &[("oordeel", "compleet")]).await.0,
            403,
            "providers do not assess"
        );
    })
}

#[test]
fn the_browser_form_goes_back_to_the_page_with_a_notice() {
    common::run(async {
        let server = started_as(Role::Provider).await;
        let mut form = reqwest::multipart::Form::new().text("terug", "/aanbieder").text("case_id", "A");
        for (key, value) in DETAILS {
            form = form.text(key, value);
        }
        let post = |form: reqwest::multipart::Form| {
            client()
                .post(format!("http://{}/formulieren", server.addr))
                .header("cookie", &server.cookie)
                .multipart(form)
                .send()
        };
        let ok = post(form.part("file", reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("e.pdf")))
            .await
            .expect("post");
        assert_eq!(ok.status().as_u16(), 303);
        assert!(ok.headers()["location"].to_str().unwrap_or_default().starts_with("/aanbieder?melding="));
        let bad = reqwest::multipart::Form::new()
            .text("terug", "https://elders.test/")
            .text("case_id", "A")
            .part("file", reqwest::multipart::Part::bytes(b"<html></html>".to_vec()).file_name("e.pdf"));
        let bad = post(bad).await.expect("post");
        let location = bad.headers()["location"].to_str().unwrap_or_default().to_owned();
        assert!(location.starts_with("/zaak/A?fout="), "never back to another site: {location}");
        let (_, page) = server.get("/zaak/A").await;
        assert!(page.contains("e.pdf") && page.contains("nog te beoordelen"), "the version is listed");
    })
}

/// A form as the store receives it, with good details.
fn stored_form<'a>(case_id: &'a str, sha256: &'a str) -> NewForm<'a> {
    NewForm {
        case_id,
        organisation_id: None,
        bytes: PDF,
        sha256,
        file_name: "evaluatie.pdf",
        content_type: "application/pdf",
        counsellor_name: "Sanne",
        counsellor_phone: "0612345678",
        counsellor_email: "s@x.nl",
        period_from: "2025-01-01",
        period_to: "2025-07-01",
        remark: None,
        uploaded_by: "test",
        now: "2025-06-26T10:00:00Z",
    }
}

/// A write that fails half-way (the metadata breaks a rule of the schema after the file was
/// written) leaves neither the file nor the metadata.
async fn a_failed_write_leaves_nothing(db: Db, _backend: Backend) {
    let new = NewForm { period_from: "2025-07-01", period_to: "2025-01-01", ..stored_form("A", "abc") };
    assert!(db.store_form(&new).await.is_err());
    assert_eq!(db.form_counts().await.expect("counts"), (0, 0));
    let good = stored_form("A", "abc");
    assert!(db.store_form(&good).await.is_ok());
    assert_eq!(db.form_counts().await.expect("counts"), (1, 1));
    let states = db.form_states().await.expect("states");
    assert_eq!(states, vec![("A".to_owned(), werkvoorraad::domain::forms::FormState::ToAssess)]);
}

/// Forms list newest first, or (waiting for an assessment) the oldest first, within the limit.
async fn forms_list_in_either_order(db: Db, _backend: Backend) {
    for (case_id, sha256) in [("A", "1"), ("B", "2"), ("C", "3")] {
        db.store_form(&stored_form(case_id, sha256)).await.expect("stored");
    }
    let cases = |forms: Vec<werkvoorraad::domain::forms::EvaluationForm>| {
        forms.into_iter().map(|f| f.case_id).collect::<Vec<_>>()
    };
    let newest = FormQuery { limit: 2, ..FormQuery::default() };
    assert_eq!(cases(db.forms(&newest).await.expect("forms")), ["C", "B"]);
    let oldest = FormQuery { to_assess_only: true, oldest_first: true, limit: 2, ..FormQuery::default() };
    assert_eq!(cases(db.forms(&oldest).await.expect("forms")), ["A", "B"]);
}

on_both_backends!(a_failed_write_leaves_nothing, forms_list_in_either_order);
