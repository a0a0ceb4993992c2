//! Who may do what, through the real server with real sessions (spec/access.md): the gate,
//! sign-in and lockout, the policy per role on the API, provider isolation, CSRF, session
//! expiry, security headers and the append-only access log.
#![cfg(feature = "ssr")]

mod common;
use common::{client, email, TestServer, PASSWORD};
use werkvoorraad::domain::access::{access, Action, Role};

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

async fn status(server: &TestServer, method: reqwest::Method, path: &str, cookie: Option<&str>) -> u16 {
    let mut request = client().request(method, format!("http://{}{}", server.addr, path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.expect("request").status().as_u16()
}

#[test]
fn without_a_session_only_sign_in_and_health_answer() {
    common::run(async {
        let server = TestServer::start().await;
        assert_eq!(status(&server, reqwest::Method::GET, "/healthz", None).await, 200);
        assert_eq!(status(&server, reqwest::Method::GET, "/aanmelden", None).await, 200);
        let response =
            client().get(format!("http://{}/werkvoorraad?page=2", server.addr)).send().await.expect("get");
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/aanmelden?terug=%2Fwerkvoorraad%3Fpage%3D2");
        for path in ["/api/v1/metrics", "/api/v1/cases", "/werkvoorraad/export.csv"] {
            let expected = if path.starts_with("/api/") { 401 } else { 303 };
            assert_eq!(status(&server, reqwest::Method::GET, path, None).await, expected, "{path}");
        }
        let forged =
            status(&server, reqwest::Method::GET, "/api/v1/metrics", Some("werkvoorraad_sessie=abc")).await;
        assert_eq!(forged, 401);
    })
}

#[test]
fn every_api_route_answers_each_role_as_the_table_says() {
    common::run(async {
        let server = TestServer::start().await;
        let (stored, _) = server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        assert_eq!(stored, 201);
        let routes = [
            ("/api/v1/metrics", Action::Dashboard),
            ("/api/v1/cases", Action::Queue),
            ("/werkvoorraad/export.csv", Action::Queue),
            ("/werkvoorraad/export.xlsx", Action::Queue),
        ];
        for role in Role::ALL {
            let cookie = server.session_for(&email(role)).await.expect("session");
            for (path, action) in routes {
                let expected = if access(role, action).allowed() { 200 } else { 403 };
                assert_eq!(
                    status(&server, reqwest::Method::GET, path, Some(&cookie)).await,
                    expected,
                    "{path} {role:?}"
                );
            }
            let form = reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(WORKED.to_vec()).file_name("x.csv"))
                .text("as_of", "2025-06-26");
            let response = client()
                .post(format!("http://{}/api/v1/imports", server.addr))
                .header("cookie", &cookie)
                .multipart(form)
                .send()
                .await
                .expect("post");
            let expected = if access(role, Action::Import).allowed() { 409 } else { 403 };
            assert_eq!(response.status().as_u16(), expected, "import {role:?}");
        }
    })
}

#[test]
fn a_provider_sees_only_its_own_cases_and_never_who_picked_them_up() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        server.sign_in_as(Role::Provider).await;
        let (status, cases) = server.json("/api/v1/cases").await;
        assert_eq!(status, 200);
        let ids: Vec<&str> =
            cases["cases"].as_array().unwrap().iter().map(|c| c["case_id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["A"], "only the open case of Leger des Heils");
        let (_, other_filter) = server.json("/api/v1/cases?provider=Anders%20BV").await;
        assert_eq!(other_filter["total"], 0);
        let (_, csv) = server.get("/werkvoorraad/export.csv").await;
        assert!(csv.contains("\r\nA;") && !csv.contains("\r\nB;") && !csv.contains("Jansen"));
        let (status, own) = server.get("/aanbieder").await;
        assert_eq!(status, 200);
        assert!(own.contains("1 open herindicaties, waarvan 1 met een verlopen indicatie."), "its own page");
        let at = own.find(r#"class="brand""#).expect("brand");
        let tag = &own[own[..at].rfind("<a").expect("anchor")..at];
        assert!(tag.contains(r#"href="/aanbieder""#), "the name leads a provider home: {tag}");
        let (_, page) = server.get("/werkvoorraad").await;
        assert!(
            !page.contains("Jansen") && !page.contains("Zwijndrecht"),
            "no other cases, no consultant names"
        );
        let other = server.session_for("andere@aanbieder.test").await.expect("session");
        server.cookie = other;
        let (_, cases) = server.json("/api/v1/cases").await;
        assert_eq!(cases["total"], 0, "another organisation sees none of them");
    })
}

#[test]
fn five_failures_in_a_row_lock_the_account_for_a_quarter_of_an_hour() {
    common::run(async {
        let server = TestServer::start().await;
        let target = email(Role::Consultant);
        for _ in 0..5 {
            let response = client()
                .post(format!("http://{}/api/v1/session", server.addr))
                .json(&serde_json::json!({"email": target, "password": "fout"}))
                .send()
                .await
                .expect("post");
            assert_eq!(response.status().as_u16(), 401);
        }
        assert_eq!(server.session_for(&target).await, Err(401), "locked, even with the right password");
        let locked: Option<String> = sqlx::query_scalar("SELECT locked_until FROM users WHERE email = $1")
            .bind(target.clone())
            .fetch_one(server.db.pool())
            .await
            .expect("query");
        assert!(locked.is_some());
        assert!(server.session_for(&email(Role::TeamLead)).await.is_ok(), "other accounts are not affected");
        let _ = PASSWORD;
    })
}

#[test]
fn a_post_from_another_site_is_refused() {
    common::run(async {
        let server = TestServer::start().await;
        let response = client()
            .post(format!("http://{}/afmelden", server.addr))
            .header("cookie", &server.cookie)
            .header("origin", "https://kwaadwillend.example")
            .send()
            .await
            .expect("post");
        assert_eq!(response.status().as_u16(), 403);
        let (status, _) = server.get("/api/v1/cases").await;
        assert_eq!(status, 404, "still signed in (404: no snapshot yet)");
    })
}

#[test]
fn an_idle_or_expired_session_ends_and_sign_out_ends_it_at_once() {
    common::run(async {
        let server = TestServer::start().await;
        let idle = "2000-01-01T00:00:00Z";
        sqlx::query("UPDATE sessions SET last_seen_at = $1")
            .bind(idle)
            .execute(server.db.pool())
            .await
            .expect("update");
        assert_eq!(status(&server, reqwest::Method::GET, "/api/v1/cases", Some(&server.cookie)).await, 401);
        let cookie = server.session_for(&email(Role::TeamLead)).await.expect("session");
        sqlx::query("UPDATE sessions SET expires_at = $1")
            .bind(idle)
            .execute(server.db.pool())
            .await
            .expect("update");
        assert_eq!(status(&server, reqwest::Method::GET, "/api/v1/cases", Some(&cookie)).await, 401);
        let cookie = server.session_for(&email(Role::TeamLead)).await.expect("session");
        assert_eq!(status(&server, reqwest::Method::DELETE, "/api/v1/session", Some(&cookie)).await, 204);
        assert_eq!(status(&server, reqwest::Method::GET, "/api/v1/cases", Some(&cookie)).await, 401);
    })
}

#[test]
fn pages_carry_security_headers_and_a_csp_with_the_script_nonce() {
    common::run(async {
        let server = TestServer::start().await;
        let base = format!("http://{}", server.addr);
        let signed_in = |path: &str| client().get(format!("{base}{path}")).header("cookie", &server.cookie);
        let failed_sign_in = client()
            .post(format!("{base}/aanmelden"))
            .form(&[("email", "niemand@gemeente.test"), ("password", "fout")]);
        // A page, a page after a post (rendered by the post's handler), and the page of a wrong address.
        for request in [signed_in("/"), signed_in("/meldingen"), failed_sign_in, signed_in("/bestaat-niet")] {
            let response = request.send().await.expect("request");
            let headers = response.headers().clone();
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["referrer-policy"], "same-origin");
            let csp = headers["content-security-policy"].to_str().unwrap().to_owned();
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"), "{csp}");
            let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_owned();
            let html = response.text().await.expect("body");
            let nonces: Vec<&str> =
                html.split("nonce=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
            assert!(!nonces.is_empty(), "the page has inline scripts");
            assert!(nonces.iter().all(|n| *n == nonce), "every inline script carries the header's nonce");
        }
    })
}

#[test]
fn the_access_log_records_sign_ins_and_cannot_be_changed() {
    common::run(async {
        let server = TestServer::start().await;
        let _ = server.session_for("onbekend@gemeente.test").await;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT action, outcome FROM access_log ORDER BY id")
                .fetch_all(server.db.pool())
                .await
                .expect("log");
        assert!(rows.contains(&("aanmelden".into(), "gelukt".into())));
        assert!(rows.contains(&("aanmelden".into(), "mislukt".into())));
        assert!(sqlx::query("UPDATE access_log SET outcome = 'gelukt'")
            .execute(server.db.pool())
            .await
            .is_err());
        assert!(sqlx::query("DELETE FROM access_log").execute(server.db.pool()).await.is_err());
        assert_eq!(server.db.access_log_count().await.expect("count"), rows.len() as i64);
    })
}

#[test]
fn the_admin_manages_users_and_organisations_and_reads_the_log() {
    common::run(async {
        let mut server = TestServer::start().await;
        let teamlead = server.cookie.clone();
        let (status, _) = server
            .post_form_as(
                &teamlead,
                "/beheer/gebruikers",
                &[("email", "x@y.nl"), ("role", "admin"), ("password", "x")],
            )
            .await;
        assert_eq!(status, 403, "only an admin");
        let (status, _) = server.get("/beheer").await;
        assert_eq!(status, 403);

        server.sign_in_as(Role::Admin).await;
        let admin = server.cookie.clone();
        let new_user = [
            ("email", "nieuw@gemeente.test"),
            ("role", "consultant"),
            ("organisation", ""),
            ("password", PASSWORD),
        ];
        let (status, location) = server.post_form_as(&admin, "/beheer/gebruikers", &new_user).await;
        assert_eq!((status, location.starts_with("/beheer?melding=")), (303, true));
        let (_, location) = server.post_form_as(&admin, "/beheer/gebruikers", &new_user).await;
        assert!(location.starts_with("/beheer?fout="), "the same address twice: {location}");
        let (_, location) = server
            .post_form_as(
                &admin,
                "/beheer/gebruikers",
                &[("email", "a@b.nl"), ("role", "provider"), ("password", PASSWORD)],
            )
            .await;
        assert!(location.starts_with("/beheer?fout="), "a provider needs an organisation");

        let cookie = server.session_for("nieuw@gemeente.test").await.expect("the new user signs in");
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'nieuw@gemeente.test'")
            .fetch_one(server.db.pool())
            .await
            .expect("id");
        server
            .post_form_as(&admin, "/beheer/gebruikers/status", &[("id", &id.to_string()), ("disabled", "1")])
            .await;
        assert_eq!(status_of(&server, "/api/v1/cases", &cookie).await, 401, "disabling ends the session");
        assert_eq!(server.session_for("nieuw@gemeente.test").await, Err(401));

        let link = [("export_name", "Leger des Heils Noord"), ("organisation", "Leger des Heils")];
        let (_, location) = server.post_form_as(&admin, "/beheer/organisaties", &link).await;
        assert!(location.starts_with("/beheer?melding="));
        assert_eq!(server.db.export_names(1).await.expect("names").len(), 2);

        let (_, page) = server.get("/beheer").await;
        assert!(page.contains("nieuw@gemeente.test") && page.contains("Leger des Heils Noord"));
        let (status, csv) = server.get("/beheer/logboek.csv?user=admin&case_id=").await;
        assert_eq!(status, 200);
        assert!(
            csv.contains("beheer: gebruiker aangemaakt") && csv.contains("beheer: aanbiedernaam gekoppeld")
        );
    })
}

async fn status_of(server: &TestServer, path: &str, cookie: &str) -> u16 {
    status(server, reqwest::Method::GET, path, Some(cookie)).await
}

#[test]
fn every_page_answers_each_role_as_the_table_says() {
    common::run(async {
        let mut server = TestServer::start().await;
        for role in Role::ALL {
            server.sign_in_as(role).await;
            for item in werkvoorraad::pages::NAVIGATION {
                let (status, _) = server.get(item.href).await;
                let expected = if access(role, item.action).allowed() { 200 } else { 403 };
                assert_eq!(status, expected, "{} for {role:?}", item.href);
            }
        }
    })
}

#[test]
fn a_case_page_is_logged_and_another_organisations_case_does_not_exist() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        let (status, page) = server.get("/zaak/B").await;
        assert_eq!(status, 200);
        assert!(page.contains("Zaak B") && page.contains("Jansen"));
        server.sign_in_as(Role::Provider).await;
        let (status, page) = server.get("/zaak/C").await;
        assert_eq!(status, 200, "a closed case of its own organisation");
        assert!(page.contains("afgesloten") && !page.contains("Jansen"), "no consultant names for providers");
        let (status, other) = server.get("/zaak/B").await;
        let (_, missing) = server.get("/zaak/BESTAAT-NIET").await;
        assert_eq!(status, 404);
        let body = |html: &str| html[html.find("<main").unwrap()..html.find("</main>").unwrap()].to_owned();
        assert_eq!(
            body(&other).replace("Zaak B", ""),
            body(&missing).replace("Zaak BESTAAT-NIET", ""),
            "the same answer"
        );
        let logged: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT action, case_id, outcome FROM access_log WHERE action = 'zaak bekeken' ORDER BY id",
        )
        .fetch_all(server.db.pool())
        .await
        .expect("log");
        assert_eq!(logged.len(), 4);
        assert_eq!(logged[0], ("zaak bekeken".into(), Some("B".into()), "gelukt".into()));
    })
}
