//! Declaration risk through the real server: the worked example (26 uncovered days), tariffs
//! set on the settings page price them, the downloads carry the figures and the view, and a
//! provider sees only its own organisation.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

async fn post_settings(server: &TestServer, form: &[(&str, &str)]) -> String {
    let (status, location) = server.post_form("/instellingen", form).await;
    assert_eq!(status, 303);
    location
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
        assert_eq!(server.post_form("/instellingen", &[("tariff:BW", "1")]).await.0, 403);
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

#[test]
fn a_provider_reports_a_problem_and_contract_management_closes_it() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        server.sign_in_as(Role::Provider).await;
        let report = [
            ("description", "Zorg sinds 1 juni niet te declareren"),
            ("amount", "3.913,00"),
            ("period_from", "2025-06-01"),
            ("period_to", "2025-06-26"),
        ];
        let (status, location) = server.post_form("/zaak/A/probleem", &report).await;
        assert_eq!((status, location.starts_with("/zaak/A?melding=")), (303, true), "{location}");
        let (status, _) = server.post_form("/zaak/B/probleem", &report).await;
        assert_eq!(status, 404, "not its organisation's case");
        let (_, location) = server.post_form("/zaak/A/probleem", &[("description", " ")]).await;
        assert!(location.starts_with("/zaak/A?fout="));
        let (_, page) = server.get("/zaak/A").await;
        assert!(page.contains("Zorg sinds 1 juni") && page.contains("Open") && page.contains("3.913,00"));

        server.sign_in_as(Role::Consultant).await;
        let (status, _) = server.post_form("/problemen/1/sluiten", &[("note", "x")]).await;
        assert_eq!(status, 403, "only contract management closes");

        server.sign_in_as(Role::ContractManager).await;
        let (_, risk) = server.get("/declaratierisico").await;
        assert!(risk.contains("Zorg sinds 1 juni"), "open reports beside the risk figures");
        let (_, location) = server.post_form("/problemen/1/sluiten", &[("note", "Verlengd tot 31-07")]).await;
        assert!(location.starts_with("/zaak/A?melding="));
        let (_, location) = server.post_form("/problemen/1/sluiten", &[("note", "nog eens")]).await;
        assert!(location.starts_with("/zaak/A?fout="), "closed once");

        server.sign_in_as(Role::Provider).await;
        let (_, page) = server.get("/zaak/A").await;
        assert!(page.contains("Gesloten op") && page.contains("Verlengd tot 31-07"));
        let logged: Vec<String> =
            sqlx::query_scalar("SELECT action FROM access_log WHERE action LIKE 'declaratieprobleem%'")
                .fetch_all(server.db.pool())
                .await
                .expect("log");
        assert_eq!(logged.iter().filter(|a| a.ends_with("gemeld")).count(), 1);
        assert!(logged.iter().any(|a| a.ends_with("gesloten")));
        let refused: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM access_log WHERE action = 'weigering' AND case_id = 'B'",
        )
        .fetch_one(server.db.pool())
        .await
        .expect("log");
        assert_eq!(refused, 1, "the refused report on another organisation's case is logged");
    })
}

/// Two spellings of one provider in the export, as the demo has them.
const TWO_SPELLINGS: &str = "Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Aanbieder;Consulent;Datum melding;Datum in behandeling;Datum besluit;Resultaat;Einddatum indicatie
M1;C1;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom;;01-03-2025;;;;01-06-2025
M2;C2;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom B.V.;;02-03-2025;;;;11-06-2025
M3;C3;Herindicatie;BW;Dordrecht;Zorggroep Merwestroom B.V.;;03-03-2025;;;;30-07-2025
L1;C4;Herindicatie;BW;Dordrecht;Leger des Heils;;04-03-2025;;;;16-06-2025
";

#[test]
fn the_risk_view_and_its_download_count_per_organisation_with_the_spellings_listed() {
    common::run(async {
        let server = TestServer::start().await;
        let (status, body) =
            server.post_import("/api/v1/imports", TWO_SPELLINGS.as_bytes(), "2025-06-26").await;
        assert_eq!(status, 201, "{body}");
        server
            .link_spellings("Zorggroep Merwestroom", &["Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."])
            .await;
        let (_, page) = server.get("/declaratierisico").await;
        let table = page.split(r#"data-testid="risk""#).nth(1).unwrap_or_default();
        let table = table.split("</table>").next().unwrap_or_default();
        assert_eq!(table.matches("<tr>").count(), 1 + 2 + 1, "head, two organisations, totals: {table}");
        assert!(table.contains("Zorggroep Merwestroom B.V.</a></li>"), "the spellings under it: {table}");
        // 26 + 15 uncovered days in one row: M1 since 01-06, M2 since 11-06.
        assert!(table.contains(r#"<td class="num">2</td><td class="num">40</td>"#), "{table}");

        let (_, _, csv) = server.get_bytes("/declaratierisico/export.csv").await;
        let csv = String::from_utf8_lossy(&csv).into_owned();
        let merwestroom: Vec<&str> = csv.lines().filter(|l| l.starts_with("Zorggroep Merwestroom")).collect();
        assert_eq!(merwestroom.len(), 1, "{csv}");
        assert!(merwestroom[0].starts_with("Zorggroep Merwestroom;2;40;"), "{csv}");
        assert!(merwestroom[0].ends_with(";Zorggroep Merwestroom, Zorggroep Merwestroom B.V."), "{csv}");

        let (_, metrics) = server.json("/api/v1/metrics").await;
        let providers: Vec<&str> = metrics["declaration_risk"]
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r["provider"].as_str())
            .collect();
        assert_eq!(
            providers,
            ["Leger des Heils", "Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."],
            "the JSON keeps the export's values (spec/interfaces.md)"
        );
        assert!(metrics["declaration_risk"][1].get("spellings").is_none());
    })
}
