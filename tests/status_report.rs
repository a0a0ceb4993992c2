//! Stand van zaken as a PDF from the real server, read back with a real PDF reader (poppler's
//! pdftotext and pdfinfo): the page's figures, the trend chart, the chosen as-of date, the risk
//! per organisation, no case ids or names, one access-log line; refusals in Dutch.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::Role;

/// Two exports, two spellings of one provider, a consultant and case ids the PDF must not show.
const FIRST: &str = "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie
ZK-4711;CL-0815;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom;;01-03-2025;;;;01-06-2025
ZK-4712;CL-0816;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom B.V.;Pietersen;02-03-2025;05-03-2025;;;11-06-2025
ZK-4713;CL-0817;Herindicatie;BW;Dordrecht;Leger des Heils;;04-03-2025;;;;16-06-2025
";
const SECOND: &str = "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie
ZK-4711;CL-0815;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom;Pietersen;01-03-2025;20-06-2025;;;01-06-2025
ZK-4712;CL-0816;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom B.V.;Pietersen;02-03-2025;05-03-2025;;;11-06-2025
";

/// The output of one of poppler's tools on the PDF.
fn poppler(tool: &str, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stand.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let mut command = std::process::Command::new(tool);
    command.arg(&path);
    if tool == "pdftotext" {
        command.args(["-layout", "-"]);
    }
    let output = command.output().unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(output.status.success(), "{tool}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn pdf_of(server: &TestServer, path: &str) -> (u16, String, Vec<u8>) {
    let response = server.get_response(path).await;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    let head = format!("{}|{}", header("content-type"), header("content-disposition"));
    (status, head, response.bytes().await.expect("body").to_vec())
}

#[test]
fn the_pdf_holds_the_page_figures_and_the_trend_chart_without_ids_or_names() {
    common::run(async {
        let server = TestServer::start().await;
        for (file, date) in [(FIRST, "2025-06-26"), (SECOND, "2025-07-24")] {
            let (status, body) = server.post_import("/api/v1/imports", file.as_bytes(), date).await;
            assert_eq!(status, 201, "{body}");
        }
        server
            .link_spellings("Zorggroep Merwestroom", &["Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."])
            .await;
        let (_, metrics) = server.json("/api/v1/metrics?as_of=2025-06-26").await;
        assert_eq!((metrics["open"].as_u64(), metrics["unassigned"].as_u64()), (Some(3), Some(2)));

        let (status, head, pdf) = pdf_of(&server, "/stand-van-zaken.pdf?as_of=2025-06-26").await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(head, "application/pdf|attachment; filename=\"stand-van-zaken-2025-06-26.pdf\"");
        assert!(pdf.starts_with(b"%PDF-"));

        let info = poppler("pdfinfo", &pdf);
        assert!(info.contains("Title:           Stand van zaken"), "{info}");
        assert!(
            info.contains("Page size:       595.") && info.contains(" x 841.") && info.contains("(A4)"),
            "{info}"
        );
        let text = poppler("pdftotext", &pdf);
        assert!(text.contains("Stand van zaken"), "{text}");
        assert!(text.contains("Peildatum 26-06-2025, uit de export van 26-06-2025."), "{text}");
        let line = |label: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label))
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
        };
        assert_eq!(
            line("Open zaken").and_then(|w| w.last().map(|s| s.to_string())),
            Some("3".into()),
            "{text}"
        );
        assert_eq!(line("Nog niet opgepakt").and_then(|w| w.last().map(|s| s.to_string())), Some("2".into()));
        assert!(text.contains("Wanneer is de achterstand weg?"));
        // The trend chart is drawn in it: its title, legend and axis titles are text in the PDF.
        assert!(text.contains("Verloop van de werkvoorraad per momentopname"), "{text}");
        assert!(
            text.contains("Niet opgepakt") && text.contains("Zaken"),
            "the chart's legend and axis: {text}"
        );
        // The risk per organisation: the two spellings counted as one, the other on its own.
        let merwestroom: Vec<&str> = text.lines().filter(|l| l.contains("Zorggroep Merwestroom")).collect();
        assert_eq!(merwestroom.len(), 1, "{text}");
        assert!(text.contains("Leger des Heils"));
        for secret in ["ZK-47", "CL-08", "Pietersen"] {
            assert!(!text.contains(secret), "{secret} in the PDF: {text}");
        }

        let (_, _, later) = pdf_of(&server, "/stand-van-zaken.pdf").await;
        assert!(
            poppler("pdftotext", &later).contains("Peildatum 24-07-2025"),
            "the newest export by default"
        );

        let logged: Vec<String> = sqlx::query_scalar(
            "SELECT detail FROM access_log WHERE action = 'export' AND detail LIKE 'stand van zaken%'",
        )
        .fetch_all(server.db.pool())
        .await
        .expect("log");
        assert_eq!(
            logged,
            ["stand van zaken (pdf), peildatum 2025-06-26", "stand van zaken (pdf), peildatum 2025-07-24"]
        );
    })
}

#[test]
fn a_pdf_that_cannot_be_made_is_refused_in_dutch() {
    common::run(async {
        let mut server = TestServer::start().await;
        let (status, head, body) = pdf_of(&server, "/stand-van-zaken.pdf").await;
        let body = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(status, 404, "{body}");
        assert!(!head.starts_with("application/pdf"));
        assert!(body.contains("Er is nog geen export ingelezen"), "{body}");

        server.post_import("/api/v1/imports", FIRST.as_bytes(), "2025-06-26").await;
        let (status, _, body) = pdf_of(&server, "/stand-van-zaken.pdf?as_of=morgen").await;
        assert_eq!(status, 400);
        assert!(String::from_utf8_lossy(&body).contains("is geen datum"));

        server.sign_in_as(Role::Provider).await;
        let (status, _, _) = pdf_of(&server, "/stand-van-zaken.pdf").await;
        assert_eq!(status, 403, "a provider has no Stand van zaken");
    })
}

#[test]
fn an_english_reader_gets_the_page_and_the_pdf_in_english() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", FIRST.as_bytes(), "2025-06-26").await;
        assert_eq!(server.post_form("/taal", &[("taal", "en"), ("terug", "/stand-van-zaken")]).await.0, 303);
        let (_, page) = server.get("/stand-van-zaken").await;
        for english in [
            "<h1>State of affairs</h1>",
            "Reference date 26 Jun 2025, from the export of 26 Jun 2025.",
            "Key figures",
            "Open cases",
            "When will the backlog be cleared?",
            "The backlog per snapshot over time",
            "Declaration risk per provider",
            "Download as PDF",
        ] {
            assert!(page.contains(english), "{english}");
        }
        let (status, _, pdf) = pdf_of(&server, "/stand-van-zaken.pdf").await;
        assert_eq!(status, 200);
        assert!(poppler("pdfinfo", &pdf).contains("Title:           State of affairs"));
        let text = poppler("pdftotext", &pdf);
        for english in [
            "Reference date 26 Jun 2025",
            "Key figure",
            "Not yet picked up",
            "Not picked up",
            "Cases",
            "Lapsed",
        ] {
            assert!(text.contains(english), "{english}: {text}");
        }
        for dutch in ["Peildatum", "Kerncijfer", "opgepakt", "Zaken", "Verlopen", "Gemaakt op", "pagina"] {
            assert!(!text.contains(dutch), "{dutch} left in the English PDF: {text}");
        }
    })
}
