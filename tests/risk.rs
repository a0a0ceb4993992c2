//! Declaration risk through the real server: the worked example (26 uncovered days), tariffs
//! set on the settings page price them, the downloads carry the figures and the view, and a
//! provider sees only its own organisation.
#![cfg(feature = "ssr")]

mod common;
use common::{client, TestServer};
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

async fn post_settings(server: &TestServer, form: &[(&str, &str)]) -> String {
    let response = client()
        .post(format!("http://{}/instellingen", server.addr))
        .header("cookie", &server.cookie)
        .form(form)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 303);
    response.headers()["location"].to_str().unwrap_or_default().to_owned()
}

#[test]
fn tariffs_price_the_uncovered_days_of_the_worked_example() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        let (status, page) = server.get("/declaratierisico").await;
        assert_eq!(status, 200);
        assert!(page.contains("Leger des Heils"));
        assert_eq!(server.text_of("/declaratierisico", "total-days").await, "26");
        assert_eq!(server.text_of("/declaratierisico", "total-eur").await, "0,00");
        assert!(page.contains("BW, IB, MO"), "every product lacks a tariff");

        let refused = post_settings(&server, &[("new_request_term_days", "42"), ("tariff:BW", "veel")]).await;
        assert!(refused.starts_with("/instellingen?fout="), "{refused}");
        let saved = post_settings(
            &server,
            &[("new_request_term_days", "42"), ("expiring_window_days", "56"), ("tariff:BW", "150,50")],
        )
        .await;
        assert!(saved.starts_with("/instellingen?melding="));
        assert_eq!(server.text_of("/declaratierisico", "total-eur").await, "3.913,00");
        let (_, metrics) = server.json("/api/v1/metrics").await;
        assert_eq!(metrics["declaration_risk"][0]["exposure_eur"], 3913.0);
        assert_eq!(metrics["declaration_risk"][0]["untariffed_days"], 0);

        let (status, _, xlsx) = server.get_bytes("/declaratierisico/export.xlsx").await;
        assert_eq!(status, 200);
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("xlsx");
        let sheet = book.worksheet_range("Declaratierisico").expect("sheet");
        assert_eq!(sheet.get((1, 0)).map(|c| c.to_string()), Some("Leger des Heils".into()));
        assert_eq!(sheet.get((1, 2)).and_then(calamine::DataType::as_i64), Some(26));
        assert_eq!(sheet.get((1, 3)).and_then(calamine::DataType::as_f64), Some(3913.0));
        let notes = book.worksheet_range("Toelichting").expect("notes");
        assert_eq!(notes.get((0, 1)).map(|c| c.to_string()), Some("26-06-2025".into()));
        let (_, csv) = server.get("/declaratierisico/export.csv?request_type=reindication").await;
        assert!(
            csv.contains("Leger des Heils;1;26;3913,50") || csv.contains("Leger des Heils;1;26;3913,00"),
            "{csv}"
        );
    })
}

#[test]
fn only_the_team_lead_and_the_admin_change_settings() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.sign_in_as(Role::Consultant).await;
        let response = client()
            .post(format!("http://{}/instellingen", server.addr))
            .header("cookie", &server.cookie)
            .form(&[("tariff:BW", "1")])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status().as_u16(), 403);
        assert!(server.db.settings().await.expect("settings").is_empty());
    })
}

#[test]
fn a_provider_sees_only_its_own_risk_row() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        server.sign_in_as(Role::Provider).await;
        let (_, own) = server.get("/declaratierisico").await;
        assert!(own.contains("Leger des Heils"));
        server.cookie = server.session_for("andere@aanbieder.test").await.expect("session");
        let (status, other) = server.get("/declaratierisico?provider=Leger%20des%20Heils").await;
        assert_eq!(status, 200);
        let table = &other[other.find(r#"data-testid="risk""#).expect("table")..];
        assert!(
            !table.contains("Leger des Heils"),
            "no row of another organisation (the filter bar echoes the URL)"
        );
        let (_, csv) = server.get("/declaratierisico/export.csv").await;
        assert!(!csv.contains("Leger des Heils") && csv.contains("Totaal;0;0;0,00;0;0"), "{csv}");
    })
}
