//! The right of access (spec/retention.md) through the real server: an admin looks up client C1
//! and gets its case R1 in both snapshots, its form and problem report, and the access-log lines
//! that name R1 or C1 (and none of another client's case), on screen and as CSV; itself logged.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::{LogFilter, Role};

const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");

async fn with_history() -> TestServer {
    let mut server = TestServer::start().await;
    assert_eq!(server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
    let later =
        String::from_utf8(EXPORT.to_vec()).expect("utf-8").replace("N1;C7;Nieuw;MO", "N1;C7;Nieuw;IB");
    assert_eq!(server.post_import("/api/v1/imports", later.as_bytes(), "2025-07-03").await.0, 201);
    assert_eq!(server.get("/zaak/R1").await.0, 200, "the team lead looks at R1");
    assert_eq!(server.get("/zaak/R2").await.0, 200, "and at another client's case");
    server.provider_reports_on("R1").await;
    server
}

#[test]
fn the_admin_sees_everything_held_about_one_client_and_who_looked() {
    common::run(async {
        let server = with_history().await;
        let (status, page) = server.get("/beheer/inzage?client=C1").await;
        assert_eq!(status, 200);
        let cases = page.split(r#"data-testid="subject-cases""#).nth(1).unwrap_or_default();
        let cases = cases.split("</table>").next().unwrap_or_default();
        assert_eq!(cases.matches("<td>R1</td>").count(), 2, "R1 in both snapshots: {cases}");
        assert!(cases.contains("26-06-2025") && cases.contains("03-07-2025"));
        assert!(!cases.contains("R2"));
        let forms = page.split(r#"data-testid="subject-forms""#).nth(1).unwrap_or_default();
        assert!(forms.contains("Zaak R1: evaluatie.pdf"), "{forms}");
        let problems = page.split(r#"data-testid="subject-problems""#).nth(1).unwrap_or_default();
        assert!(problems.contains("Zaak R1: gemeld door Leger des Heils"), "{problems}");
        let log = page.split(r#"data-testid="subject-log""#).nth(1).unwrap_or_default();
        let log = log.split("</table>").next().unwrap_or_default();
        assert!(log.contains("teamlead@gemeente.test") && log.contains("provider@gemeente.test"), "{log}");
        assert!(!log.contains("<td>R2</td>"), "another client's case: {log}");

        let (status, _, bytes) = server.get_bytes("/beheer/inzage.csv?client=C1").await;
        assert_eq!(status, 200);
        let csv = String::from_utf8_lossy(&bytes).into_owned();
        let kinds = |kind: &str| csv.lines().filter(|l| l.starts_with(&format!("{kind};"))).count();
        assert_eq!(
            (kinds("zaak"), kinds("evaluatieformulier"), kinds("declaratieprobleem")),
            (2, 1, 1),
            "{csv}"
        );
        assert!(kinds("toegangslogboek") >= 3, "the case page, the upload and the report: {csv}");
        assert!(!csv.contains(";R2;"), "{csv}");

        let lines = server.db.access_log(&LogFilter::default(), 50).await.expect("log");
        let requests: Vec<_> = lines.iter().filter(|l| l.action == "inzageverzoek").collect();
        assert_eq!(requests.len(), 2, "the page and the CSV");
        assert!(requests.iter().all(|l| l.client_ref.as_deref() == Some("C1")));
    })
}

#[test]
fn only_the_admin_may_ask_and_an_unknown_client_has_nothing() {
    common::run(async {
        let mut server = with_history().await;
        let (_, page) = server.get("/beheer/inzage?client=C99").await;
        assert!(page.contains("Geen zaken met dit cliëntnummer"), "unknown client");
        assert_eq!(server.get("/beheer/inzage.csv").await.0, 400, "no client number");
        server.sign_in_as(Role::TeamLead).await;
        assert_eq!(server.get("/beheer/inzage.csv?client=C1").await.0, 403);
        let (status, page) = server.get("/beheer/inzage?client=C1").await;
        assert_eq!(status, 403);
        assert!(!page.contains("evaluatie.pdf"));
    })
}
