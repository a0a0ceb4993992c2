//! What each role receives (spec/access.md, "in every channel"), through the real server: for
//! every role, every data route of `http::table()` and every page, the keys, columns and text
//! that arrive — driven by the policy table, so a route added later is checked as well.
#![cfg(feature = "ssr")]

mod common;
use common::{client, email, TestServer};
use werkvoorraad::domain::access::{access, Access, Action, Role};
use werkvoorraad::domain::redact::sees_staff;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// The description of the declaration problem reported on A.
const PROBLEM: &str = "Niet te declareren";

/// The worked example plus E: an open reindication of Leger des Heils that Jansen picked up.
fn export() -> Vec<u8> {
    let extra =
        b"E;C5;;Herindicatie;BW;Dordrecht;Leger des Heils;Jansen;01-06-2025;02-06-2025;;;31-08-2025\r\n";
    [WORKED, extra.as_slice()].concat()
}

/// Names and addresses of municipal staff that the data of the server hold after `prepared`.
fn staff_markers() -> Vec<String> {
    let mut markers = vec!["Jansen".to_owned()];
    markers.extend([Role::Consultant, Role::ContractManager, Role::TeamLead].map(email));
    markers
}

/// The worked example imported; a form on A uploaded by the provider and assessed by a
/// consultant; a problem on A reported by the provider and closed by contract management.
async fn prepared() -> TestServer {
    let mut server = TestServer::start().await;
    let (status, _) = server.post_import("/api/v1/imports", &export(), "2025-06-26").await;
    assert_eq!(status, 201);
    server.sign_in_as(Role::Provider).await;
    assert_eq!(server.upload_form("A").await, 201);
    let (status, _) = server.post_form("/zaak/A/probleem", &[("description", PROBLEM)]).await;
    assert_eq!(status, 303);
    server.sign_in_as(Role::Consultant).await;
    let verdict = [("oordeel", "incompleet"), ("reden", "De handtekening ontbreekt")];
    assert_eq!(server.post_form("/formulieren/1/beoordeling", &verdict).await.0, 303);
    server.sign_in_as(Role::ContractManager).await;
    assert_eq!(server.post_form("/problemen/1/sluiten", &[("note", "Verlengd")]).await.0, 303);
    server
}

/// The status the policy promises `role` for a route of `action`.
fn expected_status(role: Role, action: Action) -> u16 {
    if access(role, action).allowed() {
        200
    } else {
        403
    }
}

/// What must not be in an answer to `role`, whatever the route: staff names for a role that
/// sees only its own organisation, and the keys of rows of the table it has "—" for.
fn forbidden_text(role: Role) -> Vec<String> {
    let mut forbidden = Vec::new();
    if !sees_staff(role) {
        forbidden.extend(staff_markers());
        // The municipality's handling and who did it: the keys themselves are absent.
        for key in ["assigned_on", "decided_on", "assessed_by", "uploaded_by", "closed_by"] {
            forbidden.push(key.to_owned());
        }
        forbidden.extend([r#""consultant":["#, r#"consultant\":["#].map(String::from));
    }
    if !access(role, Action::Risk).allowed() {
        forbidden.push(PROBLEM.to_owned());
    }
    if !access(role, Action::Throughput).allowed() {
        forbidden.push("throughput_by_consultant".to_owned());
    }
    if !access(role, Action::Risk).allowed() {
        forbidden.extend(["declaration_risk", "early_warning"].map(String::from));
    }
    forbidden
}

/// A concrete path for a route of the table (its parameters filled in; the right of access asks
/// for a client number).
fn concrete(path: &str) -> String {
    let path = path.replace("{id}", "1").replace("{case_id}", "A");
    if path == "/beheer/inzage.csv" {
        format!("{path}?client=C1")
    } else {
        path
    }
}

#[test]
fn every_role_receives_from_every_route_only_what_the_table_allows() {
    common::run(async {
        let mut server = prepared().await;
        let pages = werkvoorraad::pages::NAVIGATION.iter().map(|item| (item.href.to_owned(), item.action));
        // Every GET route but the sign-in through the identity provider (public, before any role).
        let routes = werkvoorraad::http::table()
            .into_iter()
            .filter(|r| r.method == reqwest::Method::GET && !r.path.starts_with("/aanmelden/"));
        let routes: Vec<(String, Action)> = routes
            .map(|r| (concrete(r.path), r.action.expect("every GET route names its action")))
            .chain(pages)
            .chain(["/zaak/A", "/zaak/C", "/zaak/E"].map(|p| (p.to_owned(), Action::Queue)))
            .chain([("/beheer/inzage?client=C1".to_owned(), Action::Admin)])
            .collect();
        for role in Role::ALL {
            server.sign_in_as(role).await;
            for (path, action) in &routes {
                let (status, _, bytes) = server.get_bytes(path).await;
                let body = String::from_utf8_lossy(&bytes);
                let expected = expected_status(role, *action);
                assert_eq!(status, expected, "{path} for {role:?}: {}", &body[..body.len().min(400)]);
                for text in forbidden_text(role) {
                    assert!(!body.contains(&text), "{path} gives {role:?} \u{201c}{text}\u{201d}");
                }
            }
        }
    })
}

/// The keys of a JSON object.
fn keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

#[test]
fn the_metrics_carry_the_keys_of_each_roles_rows_and_no_others() {
    common::run(async {
        let mut server = prepared().await;
        for role in Role::ALL {
            server.sign_in_as(role).await;
            let (status, metrics) = server.json("/api/v1/metrics").await;
            assert_eq!(status, expected_status(role, Action::Dashboard), "{role:?}");
            if status != 200 {
                assert_eq!(keys(&metrics), ["error"], "a refusal says only why");
                continue;
            }
            let got = keys(&metrics);
            for (key, action) in [
                ("throughput_by_consultant", Action::Throughput),
                ("declaration_risk", Action::Risk),
                ("early_warning", Action::Risk),
            ] {
                assert_eq!(
                    got.contains(&key.to_owned()),
                    access(role, action).allowed(),
                    "{key} for {role:?}"
                );
            }
            for key in ["as_of", "open", "unassigned", "age_buckets", "flow_by_week", "forecast"] {
                assert!(got.contains(&key.to_owned()), "{key} for {role:?}");
            }
        }
    })
}

#[test]
fn queue_rows_and_downloads_name_a_consultant_only_for_roles_that_see_staff() {
    common::run(async {
        let mut server = prepared().await;
        for role in Role::ALL.into_iter().filter(|r| access(*r, Action::Queue).allowed()) {
            server.sign_in_as(role).await;
            let (_, cases) = server.json("/api/v1/cases").await;
            let rows = cases["cases"].as_array().cloned().unwrap_or_default();
            let e = rows.iter().find(|r| r["case_id"] == "E").expect("E is open for every role");
            assert_eq!(e["picked_up"], true, "{role:?}");
            assert_eq!(e.get("consultant").is_some(), sees_staff(role), "{role:?}: {e}");
            let (_, csv) = server.get("/werkvoorraad/export.csv").await;
            let header = csv.lines().find(|l| l.contains("Zaaknummer")).unwrap_or_default().to_owned();
            assert_eq!(header.contains("Consulent"), sees_staff(role), "{role:?}: {header}");
            assert_eq!(header.contains("Opgepakt"), !sees_staff(role), "{role:?}: {header}");
        }
    })
}

#[test]
fn a_provider_can_neither_filter_nor_sort_by_consultant() {
    common::run(async {
        let mut server = prepared().await;
        server.sign_in_as(Role::Provider).await;
        let total = |v: &serde_json::Value| v["total"].as_u64();
        let (_, all) = server.json("/api/v1/cases").await;
        let (_, named) = server.json("/api/v1/cases?consultant=Jansen").await;
        let (_, nobody) = server.json("/api/v1/cases?consultant=Niemand").await;
        assert_eq!(
            (total(&all), total(&named), total(&nobody)),
            (Some(2), Some(2), Some(2)),
            "the filter is ignored"
        );
        let order = |v: &serde_json::Value| -> Vec<String> {
            v["cases"].as_array().into_iter().flatten().map(|c| c["case_id"].to_string()).collect()
        };
        let (_, sorted) = server.json("/api/v1/cases?sort=-consulent").await;
        assert_eq!(order(&sorted), order(&all), "the sort is ignored");
        let (_, page) = server.get("/werkvoorraad?consultant=Niemand").await;
        assert!(page.contains(">E</a>"), "the page ignores it too");
    })
}

#[test]
fn a_provider_sees_its_forms_and_problems_without_staff_addresses() {
    common::run(async {
        let mut server = prepared().await;
        server.sign_in_as(Role::Provider).await;
        let (_, case) = server.get("/zaak/A").await;
        assert!(case.contains("De handtekening ontbreekt"), "the reason of the assessment");
        assert!(case.contains("door de gemeente"), "who assessed it, as the municipality");
        assert!(case.contains("Verlengd"), "the note of the closure");
        server.sign_in_as(Role::TeamLead).await;
        let (_, case) = server.get("/zaak/A").await;
        assert!(case.contains(&email(Role::Consultant)), "staff see who assessed it");
    })
}

#[test]
fn the_own_organisation_routes_stay_within_it() {
    common::run(async {
        let server = prepared().await;
        let other = server.session_for("andere@aanbieder.test").await.expect("session");
        for path in ["/api/v1/forms/1", "/zaak/A"] {
            let response =
                client().get(format!("http://{}{path}", server.addr)).header("cookie", &other).send();
            assert_eq!(response.await.expect("get").status().as_u16(), 404, "{path}");
        }
        assert_eq!(access(Role::Provider, Action::DownloadForm), Access::OwnOrganisation);
    })
}
