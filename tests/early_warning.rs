//! The early warning of spec/notifications.md through the real server: as of 26-06-2025, with a
//! lead time of 56 days, R1 (last day 06-06, passed), R2 (24-07, the 28th day) and R5 (15-05) are
//! on the list; R3 (25-07) is a day too far, R4 has lapsed, R6 is decided, N1 is no
//! reindication. Per provider on the pages, in the metrics and in both downloads; each provider
//! sees only its own.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use serde_json::json;
use werkvoorraad::domain::access::Role;

const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");

async fn with_export() -> TestServer {
    let server = TestServer::start().await;
    let (status, body) = server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await;
    assert_eq!(status, 201, "{body}");
    server
}

#[test]
fn the_list_holds_the_reindications_whose_last_day_to_act_comes_within_four_weeks() {
    common::run(async {
        let mut server = with_export().await;
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(
            m["early_warning"],
            json!([
                {"provider": "Anders BV", "count": 1, "first_last_day": "2025-05-15"},
                {"provider": "Leger des Heils", "count": 2, "first_last_day": "2025-06-06"},
            ])
        );
        let (_, page) = server.get("/declaratierisico").await;
        let list = page.split(r#"data-testid="early-warning""#).nth(1).unwrap_or_default();
        let (r1, r2, r5) = (list.find(">R1<"), list.find(">R2<"), list.find(">R5<"));
        assert!(r1.is_some() && r2.is_some() && r5.is_some(), "{list}");
        assert!(r1 < r2, "by last day within a provider");
        for absent in [">R3<", ">R4<", ">R6<", ">N1<"] {
            assert!(!list.split("Gemelde declaratieproblemen").next().unwrap_or_default().contains(absent));
        }
        assert!(list.contains("06-06-2025") && list.contains("20 dagen geleden"), "R1");
        assert!(list.contains("24-07-2025") && list.contains("nog 28 dagen"), "R2");

        // A longer lead time moves R3 onto the list.
        let (status, _) = server.post_form("/instellingen", &[("warning_lead_days", "57")]).await;
        assert_eq!(status, 303);
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["early_warning"][1]["count"], 3, "{}", m["early_warning"]);
        let (status, _) = server.post_form("/instellingen", &[("warning_lead_days", "0")]).await;
        assert_eq!(status, 303);
        let (_, m) = server.json("/api/v1/metrics").await;
        assert_eq!(m["early_warning"][1]["count"], 3, "0 days is refused, nothing saved");

        server.sign_in_as(Role::Provider).await;
        let (_, own) = server.get("/aanbieder").await;
        let list = own.split(r#"data-testid="early-warning""#).nth(1).unwrap_or_default();
        let list = list.split(r#"data-testid="own-summary""#).next().unwrap_or_default();
        assert!(list.contains(">R1<") && list.contains(">R2<") && list.contains(">R3<"), "{list}");
        assert!(!own.contains("Anders BV") && !own.contains(">R5<"), "another organisation's case");
        server.sign_in_as(Role::Consultant).await;
        let (_, m) = server.json("/api/v1/metrics").await;
        assert!(m.get("early_warning").is_none(), "as declaration_risk: absent for a consultant");
    })
}

#[test]
fn both_downloads_carry_the_last_day_to_act() {
    common::run(async {
        let server = with_export().await;
        let (status, _, csv) = server.get_bytes("/declaratierisico/export.csv").await;
        assert_eq!(status, 200);
        let csv = String::from_utf8_lossy(&csv).trim_start_matches('\u{feff}').to_owned();
        let header = csv.lines().find(|l| l.starts_with("Aanbieder")).unwrap_or_default();
        assert!(
            header.ends_with(";Laatste dag om te handelen binnen 28 dagen;Eerste laatste dag om te handelen;Namen in de export"),
            "{csv}"
        );
        let leger = csv.lines().find(|l| l.starts_with("Leger des Heils")).unwrap_or_default();
        assert!(
            leger.ends_with(";2;06-06-2025;Leger des Heils") || leger.ends_with(";2;06-06-2025;"),
            "{leger}"
        );
        let total = csv.lines().find(|l| l.starts_with("Totaal")).unwrap_or_default();
        assert!(total.ends_with(";3;15-05-2025;"), "{total}");

        let (status, _, csv) = server.get_bytes("/werkvoorraad/export.csv").await;
        assert_eq!(status, 200);
        let csv = String::from_utf8_lossy(&csv).trim_start_matches('\u{feff}').to_owned();
        let header: Vec<&str> =
            csv.lines().find(|l| l.starts_with("Zaaknummer")).unwrap_or_default().split(';').collect();
        let column = header.iter().position(|h| *h == "Laatste dag om te handelen").expect("the column");
        let cell = |id: &str| {
            let row = csv.lines().find(|l| l.starts_with(&format!("{id};"))).unwrap_or_default();
            row.split(';').nth(column).unwrap_or("?").to_owned()
        };
        assert_eq!(cell("R3"), "25-07-2025");
        assert_eq!(cell("N1"), "", "only for a reindication");
    })
}
