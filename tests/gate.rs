//! The gate through the real server: the CSRF rule of spec/access.md for every state-changing
//! request with the session cookie, the headers of answers with personal data, and where a
//! form post may send the browser back to.
#![cfg(feature = "ssr")]

mod common;
use common::{bare_client, TestServer};
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// A sign-out post with the session cookie and the given extra headers: its status.
async fn sign_out_with(server: &TestServer, headers: &[(&str, String)]) -> u16 {
    let mut request =
        bare_client().post(format!("http://{}/afmelden", server.addr)).header("cookie", &server.cookie);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.expect("post").status().as_u16()
}

#[test]
fn a_state_changing_request_with_the_cookie_needs_a_same_origin_or_the_script_header() {
    common::run(async {
        let mut server = TestServer::start().await;
        let here = format!("http://{}", server.addr);
        assert_eq!(sign_out_with(&server, &[]).await, 403, "neither Origin nor Referer");
        let delete = bare_client().delete(format!("{here}/api/v1/session")).header("cookie", &server.cookie);
        assert_eq!(delete.send().await.expect("delete").status().as_u16(), 403, "a DELETE as well");
        let evil = [("origin", "https://kwaadwillend.example".to_owned())];
        assert_eq!(sign_out_with(&server, &evil).await, 403, "another site");
        let evil_referer = [("referer", format!("https://kwaadwillend.example/{}", server.addr))];
        assert_eq!(sign_out_with(&server, &evil_referer).await, 403, "another site's page");
        let (status, _) = server.get("/api/v1/cases").await;
        assert_eq!(status, 404, "still signed in after all these (404: no snapshot yet)");
        assert_eq!(sign_out_with(&server, &[("referer", format!("{here}/werkvoorraad"))]).await, 303);
        server.sign_in_as(Role::TeamLead).await;
        assert_eq!(sign_out_with(&server, &[("origin", here.clone())]).await, 303, "a page of this site");
        server.sign_in_as(Role::TeamLead).await;
        assert_eq!(sign_out_with(&server, &[("x-requested-with", "script".into())]).await, 303, "a script");
        let sign_in = bare_client()
            .post(format!("{here}/api/v1/session"))
            .json(&serde_json::json!({"email": common::email(Role::TeamLead), "password": common::PASSWORD}));
        assert_eq!(sign_in.send().await.expect("post").status().as_u16(), 200, "no cookie: nothing to forge");
    })
}

#[test]
fn answers_with_personal_data_are_not_stored_and_https_gets_hsts() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        for path in
            ["/", "/werkvoorraad", "/zaak/A", "/api/v1/cases", "/api/v1/metrics", "/werkvoorraad/export.csv"]
        {
            let response = common::client()
                .get(format!("http://{}{path}", server.addr))
                .header("cookie", &server.cookie)
                .send()
                .await
                .expect("get");
            let cache =
                response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(cache.contains("no-store"), "{path}: {cache:?}");
            assert!(response.headers().get("strict-transport-security").is_none(), "{path}: plain HTTP");
        }
        let response = common::client()
            .get(format!("http://{}/", server.addr))
            .header("cookie", &server.cookie)
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .expect("get");
        let hsts = response.headers().get("strict-transport-security").and_then(|v| v.to_str().ok());
        assert!(hsts.is_some_and(|h| h.starts_with("max-age=")), "{hsts:?}");
    })
}

#[test]
fn a_form_post_goes_back_only_to_a_local_path() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        server.sign_in_as(Role::Provider).await;
        assert_eq!(server.upload_form("A").await, 201);
        server.sign_in_as(Role::Consultant).await;
        let hostile =
            ["//evil.example", "/\\evil.example", "/\tevil.example", "https://evil.example", "/%5Cevil"];
        for back in hostile.into_iter().chain(["/evaluaties"]) {
            let verdict = [("oordeel", "compleet"), ("terug", back)];
            let (status, location) = server.post_form("/formulieren/1/beoordeling", &verdict).await;
            assert_eq!(status, 303, "{back:?}");
            let expected = if back == "/evaluaties" { "/evaluaties?" } else { "/zaak/A?" };
            assert!(location.starts_with(expected), "{back:?} sent to {location}");
        }
    })
}

/// A GET without automatic decompression: the content encoding and the size of the body.
async fn encoded(server: &TestServer, path: &str, accept: &str) -> (String, usize) {
    let client = reqwest::Client::builder().no_gzip().no_brotli().build().expect("client");
    let response = client
        .get(format!("http://{}{path}", server.addr))
        .header("cookie", &server.cookie)
        .header("accept-encoding", accept)
        .send()
        .await
        .expect("get");
    let encoding =
        response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (encoding, response.bytes().await.expect("body").len())
}

#[test]
fn pages_and_answers_are_compressed_as_the_browser_accepts_and_workbooks_are_not() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        let (plain_encoding, plain) = encoded(&server, "/", "identity").await;
        assert_eq!(plain_encoding, "");
        let (brotli, brotli_size) = encoded(&server, "/", "br").await;
        let (gzip, gzip_size) = encoded(&server, "/", "gzip").await;
        assert_eq!((brotli.as_str(), gzip.as_str()), ("br", "gzip"));
        assert!(
            brotli_size * 3 < plain && gzip_size * 3 < plain,
            "{plain} → br {brotli_size}, gzip {gzip_size}"
        );
        let (status, page) = server.get("/").await;
        assert!(status == 200 && page.contains("Overzicht"), "the decoded page is whole");
        assert_eq!(encoded(&server, "/api/v1/metrics", "br, gzip").await.0, "br");
        assert_eq!(encoded(&server, "/werkvoorraad/export.xlsx", "br, gzip").await.0, "", "a zip already");
    })
}
