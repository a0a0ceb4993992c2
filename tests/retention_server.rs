//! Retention through the real server (spec/retention.md): terms, dry run and a run now on Instellingen,
//! the daily run once among two instances, a wrong snapshot deleted; the bytes gone (SQLite).
#![cfg(feature = "ssr")]

mod common;
use std::time::{Duration, Instant};

use common::notify::scalar;
use common::{backends, TestServer};
use werkvoorraad::domain::access::{LogFilter, LogLine, Role};

const NEWER: &[u8] = include_bytes!("fixtures/flow/2025-06-26.csv");
const MARKER: &str = "BEWAAR7F3AMARKER";

/// An export of 30-06-2023, long past the default term of 24 months; its client numbers carry
/// `MARKER`.
fn old_export() -> Vec<u8> {
    let mut text = String::from(
        "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;\
         Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n",
    );
    for (i, consultant) in ["", "Jansen", ""].iter().enumerate() {
        text.push_str(&format!(
            "OUD{i};{MARKER}{i};Herindicatie;BW;Dordrecht;Leger des Heils;{consultant};0{}-03-2023;{};;;31-12-2023\r\n",
            i + 1,
            if consultant.is_empty() { "" } else { "10-04-2023" },
        ));
    }
    text.into_bytes()
}

async fn with_old_and_new(server: &TestServer) {
    for (bytes, as_of) in [(old_export(), "2023-06-30"), (NEWER.to_vec(), "2025-06-26")] {
        let (status, body) = server.post_import("/api/v1/imports", &bytes, as_of).await;
        assert_eq!(status, 201, "{body}");
    }
}

/// The trend's table on the Overzicht.
async fn trend_table(server: &TestServer) -> String {
    let (_, page) = server.get("/").await;
    let start = page.find(r#"data-testid="chart-verloop""#).expect("the trend");
    page[start..].split("</figure>").next().unwrap_or_default().to_owned()
}

async fn log_lines(server: &TestServer, action: &str) -> Vec<LogLine> {
    let lines = server.db.access_log(&LogFilter::default(), 500).await.expect("log");
    lines.into_iter().filter(|l| l.action == action).collect()
}

#[test]
fn the_admin_sets_the_terms_sees_the_dry_run_and_runs_it_now() {
    common::run(async {
        let mut server = TestServer::start().await;
        with_old_and_new(&server).await;
        let trend_before = trend_table(&server).await;
        assert!(trend_before.contains("30-06-2023") && trend_before.contains("26-06-2025"), "{trend_before}");

        let (_, page) = server.get("/instellingen").await;
        assert!(!page.contains("retention-terms"), "the team lead does not see the terms");
        assert_eq!(
            server.post_form("/instellingen/bewaartermijnen", &[("retention_log_years", "6")]).await.0,
            403
        );
        assert_eq!(server.post_form("/instellingen/opruimen", &[]).await.0, 403);

        server.sign_in_as(Role::Admin).await;
        let plan = server.text_of("/instellingen", "retention-plan").await;
        let (_, page) = server.get("/instellingen").await;
        assert!(page.contains(r#"data-testid="retention-terms""#), "the admin sets the terms");
        let plan_section = page.split(r#"data-testid="retention-plan""#).nth(1).unwrap_or_default();
        assert!(plan_section.contains("Momentopnamen: 1, met samen 3 zaakregels"), "{plan}{plan_section}");
        assert!(plan_section.contains("30-06-2023"), "{plan_section}");

        let (_, location) =
            server.post_form("/instellingen/bewaartermijnen", &[("retention_log_years", "4")]).await;
        assert!(location.contains("fout=") && location.contains("5%20tot%20en%20met%2030"), "{location}");
        let (_, location) =
            server.post_form("/instellingen/bewaartermijnen", &[("retention_snapshot_months", "30")]).await;
        assert!(location.contains("melding="), "{location}");
        let (_, page) = server.get("/instellingen").await;
        assert!(page.contains(r#"value="30""#), "the term is kept");
        assert_eq!(
            server.post_form("/instellingen/bewaartermijnen", &[("retention_snapshot_months", "24")]).await.0,
            303
        );

        assert_ne!(server.stored(MARKER), Some(false), "the old export is stored first");
        let (status, location) = server.post_form("/instellingen/opruimen", &[]).await;
        assert_eq!(status, 303);
        assert!(
            location.contains("melding=") && location.contains("1%20momentopname%20met%203%20zaakregels"),
            "{location}"
        );
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM snapshots").await, 1);
        assert_ne!(server.stored(MARKER), Some(true), "no byte of the removed cases is left");
        assert_eq!(trend_table(&server).await, trend_before, "the trend keeps the removed snapshot's point");

        let lines = log_lines(&server, "bewaartermijnen toegepast").await;
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].email.as_deref(), Some("admin@gemeente.test"));
        assert_eq!(lines[0].outcome, "gelukt");
        assert!(lines[0]
            .detail
            .as_deref()
            .unwrap_or_default()
            .starts_with("1 momentopname met 3 zaakregels"));
        let last = server.text_of("/instellingen", "retention-last").await;
        assert!(last.starts_with("Laatst opgeruimd op "), "{last}");
        let plan = server.text_of("/instellingen", "retention-plan").await;
        assert!(plan.contains("niets"), "{plan}");
    })
}

#[test]
fn the_daily_run_is_made_once_by_two_instances_at_its_hour() {
    common::run(async {
        let vars = [
            ("WERKVOORRAAD_NOTIFY_POLL_SECONDS", "0.1".to_owned()),
            ("WERKVOORRAAD_RETENTION_JOB", "on".to_owned()),
        ];
        let mut first = TestServer::start_with(backends::engine(), &vars).await.expect("a database");
        let second = TestServer::beside_with(&first, &vars).await;
        with_old_and_new(&first).await;
        first.sign_in_as(Role::Admin).await;
        // The default hour's turn may have run at the start, on no data: then an hour before,
        // which is due as well.
        let now = werkvoorraad::notify::schedule::current(chrono::Utc::now()).hour;
        let hour = if now == werkvoorraad::domain::retention::DEFAULT_HOUR { (now + 23) % 24 } else { now };
        let form = [("retention_hour", hour.to_string())];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(first.post_form("/instellingen/bewaartermijnen", &form).await.0, 303);
        let removing = "SELECT COUNT(*) FROM retention_runs WHERE removed LIKE '1 momentopname met %'";
        let start = Instant::now();
        while scalar(&first, removing).await == 0 {
            assert!(start.elapsed() < Duration::from_secs(30), "no run at its hour");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(scalar(&first, removing).await, 1, "one run of a turn in a cluster");
        let lines = log_lines(&first, "bewaartermijnen toegepast").await;
        let removals: Vec<_> = lines
            .iter()
            .filter(|l| l.detail.as_deref().unwrap_or_default().starts_with("1 momentopname met "))
            .collect();
        assert_eq!(removals.len(), 1, "one line per run");
        assert_eq!((removals[0].email.as_deref(), removals[0].outcome.as_str()), (None, "gelukt"));
        assert_eq!(scalar(&second, "SELECT COUNT(*) FROM snapshots").await, 1);
        let (status, _) = second.json("/api/v1/cases/OUD0/history").await;
        assert_eq!(status, 404, "the other instance holds no history of the removed cases");
    })
}

#[test]
fn the_admin_deletes_a_wrong_snapshot_with_a_reason_and_every_instance_follows() {
    common::run(async {
        let mut first = TestServer::start().await;
        let second = TestServer::beside(&first).await;
        with_old_and_new(&first).await;
        let wrong = scalar(&first, "SELECT MAX(id) FROM snapshots").await;
        let (_, metrics) = second.json("/api/v1/metrics").await;
        assert_eq!(metrics["as_of"], "2025-06-26");

        let path = format!("/beheer/momentopnamen/{wrong}/verwijderen");
        assert_eq!(
            first.post_form(&path, &[("reden", "Verkeerde export")]).await.0,
            403,
            "the team lead may not"
        );
        first.sign_in_as(Role::Admin).await;
        let (_, page) = first.get("/import").await;
        assert!(page.contains(&format!(r#"action="{path}""#)), "the admin finds the button on Import");
        let (_, location) = first.post_form(&path, &[("reden", "  ")]).await;
        assert!(location.contains("fout="), "a reason is needed: {location}");
        assert_eq!(scalar(&first, "SELECT COUNT(*) FROM snapshots").await, 2);
        let (status, location) = first.post_form(&path, &[("reden", "Verkeerde export")]).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/import?melding="), "{location}");
        assert_eq!(scalar(&first, "SELECT COUNT(*) FROM snapshots").await, 1);
        let trend = trend_table(&first).await;
        assert!(
            !trend.contains("26-06-2025") && trend.contains("30-06-2023"),
            "a wrong snapshot leaves no trend: {trend}"
        );

        let (_, metrics) = second.json("/api/v1/metrics").await;
        assert_eq!(metrics["as_of"], "2023-06-30", "the other instance follows at once");
        let lines = log_lines(&first, "momentopname verwijderd").await;
        assert_eq!(lines.len(), 1);
        let detail = lines[0].detail.clone().unwrap_or_default();
        assert!(
            detail.contains("peildatum 2025-06-26, 9 zaken") && detail.ends_with(": Verkeerde export"),
            "{detail}"
        );
        let (_, location) = first.post_form(&path, &[("reden", "Nog eens")]).await;
        assert!(location.contains("fout=") && location.contains("bestaat%20niet"), "{location}");
    })
}

#[test]
fn an_admin_deletion_of_a_snapshot_leaves_no_bytes() {
    common::run(async {
        let mut server = TestServer::start().await;
        with_old_and_new(&server).await;
        server.sign_in_as(Role::Admin).await;
        assert_ne!(server.stored(MARKER), Some(false));
        let old = scalar(&server, "SELECT MIN(id) FROM snapshots").await;
        let path = format!("/beheer/momentopnamen/{old}/verwijderen");
        assert_eq!(server.post_form(&path, &[("reden", "Proefbestand")]).await.0, 303);
        assert_ne!(server.stored(MARKER), Some(true), "no byte of the deleted cases is left");
        let (_, page) = server.get("/").await;
        assert!(!page.contains("30-06-2023"), "a deleted snapshot leaves the trend too");
    })
}

/// One reindication of Leger des Heils: open on 01-06-2025, decided on 20-06-2025 by 26-06-2025.
fn reindication(decided: bool) -> Vec<u8> {
    let decision = if decided { "20-06-2025;Toegekend" } else { ";" };
    format!(
        "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;\
         Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n\
         R1;C1;Herindicatie;BW;Dordrecht;Leger des Heils;Jansen;02-05-2025;05-05-2025;{decision};31-07-2025\r\n"
    )
    .into_bytes()
}

#[test]
fn a_form_past_its_term_leaves_its_trace_in_the_case_history() {
    common::run(async {
        let mut server = TestServer::start().await;
        assert_eq!(server.post_import("/api/v1/imports", &reindication(false), "2025-06-01").await.0, 201);
        server.sign_in_as(Role::Provider).await;
        assert_eq!(server.upload_form("R1").await, 201);
        server.sign_in_as(Role::TeamLead).await;
        assert_eq!(server.post_import("/api/v1/imports", &reindication(true), "2025-06-26").await.0, 201);
        let received =
            chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y").to_string();
        server.sign_in_as(Role::Admin).await;
        let (_, location) = server.post_form("/instellingen/opruimen", &[]).await;
        assert!(
            location.contains("%201%20evaluatieformulier%2C"),
            "decided more than 12 months ago: {location}"
        );
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM evaluation_forms").await, 0);
        server.sign_in_as(Role::Provider).await;
        let (_, page) = server.get("/zaak/R1").await;
        let history = page.split(r#"data-testid="history""#).nth(1).unwrap_or_default();
        let history = history.split("</ol>").next().unwrap_or_default();
        let trace = format!("formulier ontvangen op {received} (verwijderd na bewaartermijn)");
        assert!(history.contains(&trace), "{history}");
        assert!(!page.contains("evaluatie.pdf"), "the form itself is gone");
    })
}
