//! The figures through the real server: `GET /api/v1/metrics` on the worked example of
//! spec/metrics.md, filters and errors, the cache after a new import, the pages, the exports.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

async fn with_worked_example() -> TestServer {
    let server = TestServer::start().await;
    let (status, _) = server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
    assert_eq!(status, 201);
    server
}

#[test]
fn the_metrics_api_gives_the_worked_example_of_the_spec() {
    common::run(async {
        let server = with_worked_example().await;
        let (status, m) = server.json("/api/v1/metrics").await;
        assert_eq!(status, 200);
        assert_eq!(m["as_of"], "2025-06-26");
        assert_eq!((m["open"].as_u64(), m["unassigned"].as_u64()), (Some(3), Some(2)));
        assert_eq!(
            (m["oldest_open_month"].as_str(), m["oldest_unassigned_month"].as_str()),
            (Some("2025-03"), Some("2025-03"))
        );
        assert_eq!((m["median_age_days"].as_i64(), m["p85_age_days"].as_i64()), (Some(85), Some(108)));
        assert_eq!((m["over_term"].as_u64(), m["decided_last_4_weeks"].as_u64()), (Some(1), Some(1)));
        assert_eq!(
            m["throughput_by_consultant"],
            serde_json::json!([{"consultant": "Jansen", "wip": 1, "decided_last_4_weeks": 1,
                "median_lead_time_days": 28, "oldest_open_received_on": "2025-04-02",
                "weeks": [{"week": "2025-W25", "decisions": 1, "withdrawals": 0}]}])
        );
        assert_eq!(
            m["declaration_risk"],
            serde_json::json!([{"provider": "Leger des Heils", "lapsed": 1, "uncovered_days": 26, "expiring": 0,
                "exposure_eur": 0.0, "untariffed_days": 26}])
        );
        assert_eq!(m["flow_by_week"].as_array().map(Vec::len), Some(26));
        assert_eq!(m["forecast"]["cleared_within_horizon"], false, "one decision in 12 weeks, 3 came in");
    })
}

#[test]
fn filters_narrow_the_figures_and_mistakes_get_a_clear_400() {
    common::run(async {
        let server = with_worked_example().await;
        let (_, new) = server.json("/api/v1/metrics?request_type=new&municipality=Zwijndrecht").await;
        assert_eq!((new["open"].as_u64(), new["over_term"].as_u64()), (Some(1), Some(1)));
        let (_, earlier) = server.json("/api/v1/metrics?as_of=2025-06-01").await;
        assert_eq!((earlier["as_of"].as_str(), earlier["open"].as_u64()), (Some("2025-06-01"), Some(3)));
        let (status, body) = server.json("/api/v1/metrics?request_type=spoed").await;
        assert_eq!(status, 400);
        assert!(body["error"].as_str().unwrap_or_default().contains("soort aanvraag"));
        let (status, _) = server.json("/api/v1/metrics?as_of=gisteren").await;
        assert_eq!(status, 400);
        let (status, _) = server.json("/api/v1/metrics?snapshot=99").await;
        assert_eq!(status, 400);
    })
}

#[test]
fn without_exports_the_api_says_so_and_the_pages_point_to_import() {
    common::run(async {
        let server = TestServer::start().await;
        let (status, body) = server.json("/api/v1/metrics").await;
        assert_eq!(status, 404);
        assert!(body["error"].as_str().unwrap_or_default().contains("Import"));
        for path in ["/", "/werkvoorraad", "/consulenten"] {
            let (status, html) = server.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(html.contains(r#"data-testid="no-snapshot""#), "{path}");
        }
    })
}

#[test]
fn a_new_snapshot_replaces_the_cached_figures() {
    common::run(async {
        let server = with_worked_example().await;
        let (_, before) = server.json("/api/v1/metrics").await;
        assert_eq!(before["open"], 3);
        let later = encoding_rs::WINDOWS_1252
            .decode(WORKED)
            .0
            .replace(";20-06-2025;;;;", ";20-06-2025;;27-06-2025;Ingetrokken;");
        let later = encoding_rs::WINDOWS_1252.encode(&later).0.into_owned();
        let (status, _) = server.post_import("/api/v1/imports", &later, "2025-06-27").await;
        assert_eq!(status, 201);
        let (_, after) = server.json("/api/v1/metrics").await;
        assert_eq!((after["as_of"].as_str(), after["open"].as_u64()), (Some("2025-06-27"), Some(2)));
    })
}

#[test]
fn the_pages_show_the_figures_and_the_queue_narrowed_by_a_tile() {
    common::run(async {
        let server = with_worked_example().await;
        assert_eq!(server.text_of("/", "tile-open").await, "3");
        assert_eq!(server.text_of("/", "tile-unassigned").await, "2");
        assert_eq!(server.text_of("/", "tile-oldest").await, "maart 2025");
        let sentence = server.text_of("/", "oldest-sentence").await;
        assert_eq!(sentence, "De oudste zaken die nog niet zijn opgepakt dateren uit maart 2025.");
        let (_, html) = server.get("/").await;
        for id in ["open-per-maand", "leeftijd", "instroom-uitstroom", "verloop"] {
            assert!(html.contains(&format!(r#"data-testid="chart-{id}""#)), "chart {id}");
        }
        assert!(html.contains("<title>Open zaken per maand van melding</title>"));
        assert!(html.contains(r#"href="/werkvoorraad?month=2025-03""#), "a bar links into the queue");
        assert_eq!(
            server.text_of("/", "forecast").await,
            "Bij dit tempo is de werkvoorraad niet binnen twee jaar weg."
        );
        let what_if = server.text_of("/?extra=1", "forecast-what-if").await;
        assert!(
            what_if.starts_with(
                "Met 1 zaak per week extra afgehandeld: naar verwachting is de werkvoorraad weg over"
            ),
            "{what_if}"
        );
        assert_eq!(server.text_of("/werkvoorraad", "queue-total").await, "3 open zaken, de oudste eerst.");
        assert_eq!(
            server.text_of("/werkvoorraad?status=niet-opgepakt", "queue-total").await,
            "2 open zaken, de oudste eerst."
        );
        assert_eq!(server.text_of("/werkvoorraad?month=2025-03", "queue-total").await, "1 open zaak.");
        let (_, consultants) = server.get("/consulenten").await;
        assert!(consultants.contains("Jansen") && consultants.contains("28 dagen"));
    })
}

#[test]
fn the_queue_downloads_as_csv_and_as_excel_with_the_same_rows() {
    common::run(async {
        let server = with_worked_example().await;
        let (status, kind, csv) = server.get_bytes("/werkvoorraad/export.csv?status=niet-opgepakt").await;
        assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
        let text = String::from_utf8(csv).expect("utf-8");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 3, "header and the two unassigned cases");
        assert!(lines[0].starts_with("Zaaknummer;Cliëntnummer;Soort aanvraag"));
        assert!(lines[1].starts_with(
            "A;C1;Herindicatie;BW;Dordrecht;Leger des Heils;niet opgepakt;10-03-2025;108;31-05-2025;05-04-2025;ja"
        ));
        let (status, _, xlsx) = server.get_bytes("/werkvoorraad/export.xlsx?status=niet-opgepakt").await;
        assert_eq!(status, 200);
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("xlsx");
        let sheet = book.worksheet_range("Werkvoorraad").expect("sheet");
        assert_eq!(sheet.height(), 3);
        assert_eq!(sheet.get((1, 0)).map(|c| c.to_string()), Some("A".into()));
        assert_eq!(sheet.get((1, 8)).and_then(calamine::DataType::as_i64), Some(108));
        let notes = book.worksheet_range("Toelichting").expect("notes");
        assert_eq!(notes.get((0, 1)).map(|c| c.to_string()), Some("26-06-2025".into()));
    })
}

#[test]
fn the_overzicht_explains_the_term_that_is_set() {
    common::run(async {
        let server = with_worked_example().await;
        assert!(server.get("/").await.1.contains("6 weken (42 dagen)"), "the default");
        let key = werkvoorraad::metrics::NEW_REQUEST_TERM;
        let (status, location) = server.post_form("/instellingen", &[(key, "30")]).await;
        assert!(status == 303 && location.contains("melding="), "{location}");
        let (_, page) = server.get("/").await;
        assert!(page.contains("30 dagen") && !page.contains("42 dagen"), "the setting, not a fixed 42");
    })
}

#[test]
fn a_page_holds_each_chart_image_once_and_the_overzicht_no_lists_it_does_not_show() {
    common::run(async {
        let server = with_worked_example().await;
        for path in ["/", "/declaratierisico"] {
            let (_, html) = server.get(path).await;
            let markup = html.matches("<svg").count();
            assert!(markup >= 2, "{path}: the charts are on the page");
            // Every SVG names its namespace once; the page's hydration data holds none of them.
            assert_eq!(html.matches("www.w3.org/2000/svg").count(), markup, "{path}");
        }
        let (_, overview) = server.get("/").await;
        assert!(!overview.contains("throughput_by_consultant"), "the Overzicht shows no consultants");
    })
}

/// An export of `n` open cases, alternately of Leger des Heils (picked up by Jansen) and of
/// another provider (not picked up).
fn many_open_cases(n: usize) -> Vec<u8> {
    let mut text = String::from(
        "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie\r\n",
    );
    for i in 0..n {
        let (provider, consultant, assigned) =
            if i % 2 == 0 { ("Leger des Heils", "Jansen", "02-05-2025") } else { ("Anders BV", "", "") };
        let received = format!("{:02}-04-2025", 1 + i % 28);
        text.push_str(&format!(
            "Z{i:06};C{i};Herindicatie;BW;Dordrecht;{provider};{consultant};{received};{assigned};;;31-07-2025\r\n"
        ));
    }
    text.into_bytes()
}

#[test]
fn a_queue_download_larger_than_a_chunk_has_every_row_once_in_order_within_the_role() {
    common::run(async {
        let mut server = TestServer::start().await;
        let (status, body) =
            server.post_import("/api/v1/imports", &many_open_cases(25_000), "2025-06-26").await;
        assert_eq!(status, 201, "{body}");
        let ids = |csv: &str| -> Vec<String> {
            csv.trim_start_matches('\u{feff}')
                .lines()
                .skip(1)
                .map(|l| l.split(';').next().unwrap_or_default().to_owned())
                .collect()
        };
        let (_, csv) = server.get("/werkvoorraad/export.csv?sort=age").await;
        let all = ids(&csv);
        assert_eq!(all.len(), 25_000);
        assert_eq!(all.iter().collect::<std::collections::BTreeSet<_>>().len(), 25_000, "each case once");
        let (_, first_page) = server.json("/api/v1/cases?sort=age").await;
        let page: Vec<&str> = first_page["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .filter_map(|c| c["case_id"].as_str())
            .collect();
        assert_eq!(&all[..page.len()], page.as_slice(), "the queue's order");
        let (_, _, xlsx) = server.get_bytes("/werkvoorraad/export.xlsx?sort=age").await;
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("xlsx");
        let sheet = book.worksheet_range("Werkvoorraad").expect("sheet");
        let in_book: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
        assert_eq!(in_book, all, "the workbook holds the same rows in the same order");

        server.sign_in_as(werkvoorraad::domain::access::Role::Provider).await;
        let (_, own) = server.get("/werkvoorraad/export.csv").await;
        assert_eq!(ids(&own).len(), 12_500, "only its own cases, over every chunk");
        assert!(own.lines().next().unwrap_or_default().contains("Opgepakt") && !own.contains("Jansen"));
    })
}

#[test]
fn the_stand_van_zaken_holds_figures_trend_forecast_and_risk_totals_without_case_ids_or_names() {
    common::run(async {
        let mut server = with_worked_example().await;
        let (status, page) = server.get("/stand-van-zaken?as_of=2025-06-26").await;
        assert_eq!(status, 200, "{page}");
        let main = page.split("<main").nth(1).unwrap_or_default();
        assert!(main.contains("Peildatum 26-06-2025, uit de export van 26-06-2025."), "{main}");
        assert!(
            main.contains(r#"data-testid="status-figures""#)
                && main.contains(r#"data-testid="status-forecast""#)
        );
        assert!(main.contains(r#"data-testid="chart-verloop""#), "the trend");
        let risk = main.split(r#"data-testid="status-risk""#).nth(1).unwrap_or_default();
        assert!(risk.contains("Leger des Heils") && risk.contains("<td class=\"num\">26</td>"), "{risk}");
        assert!(!main.contains("/zaak/") && !main.contains(">C1<"), "no case ids, no client numbers");
        for name in ["Jansen", "Bakker", "De Vries"] {
            assert!(!main.contains(name), "no staff name: {name}");
        }
        server.sign_in_as(Role::Consultant).await;
        let (_, page) = server.get("/stand-van-zaken").await;
        assert!(
            page.contains(r#"data-testid="status-figures""#)
                && !page.contains(r#"data-testid="status-risk""#)
        );
        server.sign_in_as(Role::Provider).await;
        assert_eq!(server.get("/stand-van-zaken").await.0, 403);
    })
}
