//! The sign-in page in the visitor's language, through the real server: the cookie the switch
//! sets while signed out, else the browser's `Accept-Language`, else Dutch; its messages too.
#![cfg(feature = "ssr")]

mod common;

use common::catalogue::dutch_left;
use common::{bare_client, email, TestServer};
use werkvoorraad::domain::access::Role;

/// The `lang` of the page's `<html>`.
fn lang(page: &str) -> &str {
    page.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default()
}

/// The sign-in page as a signed-out visitor with these headers sees it.
async fn sign_in_page(server: &TestServer, headers: &[(&str, &str)]) -> String {
    let mut request = bare_client().get(format!("http://{}/aanmelden", server.addr));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("get");
    assert_eq!(response.status().as_u16(), 200);
    response.text().await.expect("page")
}

/// A wrong password through the sign-in form: the status and the page.
async fn wrong_password(server: &TestServer, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = bare_client().post(format!("http://{}/aanmelden", server.addr));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let form = [("email", email(Role::TeamLead)), ("password", "fout".to_owned()), ("terug", String::new())];
    let response = request.form(&form).send().await.expect("post");
    (response.status().as_u16(), response.text().await.expect("page"))
}

#[test]
fn a_visitor_reads_the_sign_in_page_in_the_language_of_their_browser() {
    common::run(async {
        let server = TestServer::start().await;
        let page = sign_in_page(&server, &[("accept-language", "en-GB,en;q=0.9")]).await;
        assert_eq!(lang(&page), "en");
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "{page}");
        assert!(page.contains("<h1>Sign in</h1>") && page.contains(">E-mail address</label>"), "{page}");
        assert!(!page.contains("Aanmelden") && !page.contains("Wachtwoord"), "{page}");
        assert!(page.contains(r#"lang="nl">Nederlands</button>"#), "the switch, on the sign-in page too");

        let page = sign_in_page(&server, &[("accept-language", "fr-FR,nl;q=0.8,en;q=0.5")]).await;
        assert_eq!(lang(&page), "nl", "the first of Dutch and English the browser prefers");
        let page = sign_in_page(&server, &[("accept-language", "de, en;q=0.4, nl;q=0.3")]).await;
        assert_eq!(lang(&page), "en");

        let page = sign_in_page(&server, &[]).await;
        assert_eq!(lang(&page), "nl", "Dutch without a preference");
        assert!(page.contains("<h1>Aanmelden</h1>") && page.contains(">E-mailadres</label>"), "{page}");
        assert!(page.contains("Werkvoorraad bevat gegevens over kwetsbare mensen."), "{page}");
        assert!(page.contains(r#"lang="en">English</button>"#), "the switch, on the sign-in page too");

        let (status, page) = wrong_password(&server, &[("accept-language", "en")]).await;
        assert_eq!((status, lang(&page)), (401, "en"));
        assert!(page.contains("The e-mail address or the password is not correct."), "{page}");
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "{page}");
        let (status, page) = wrong_password(&server, &[]).await;
        assert_eq!((status, lang(&page)), (401, "nl"));
        assert!(page.contains("Het e-mailadres of het wachtwoord klopt niet."), "{page}");
    })
}

#[test]
fn the_switch_remembers_a_signed_out_visitors_language_in_a_cookie() {
    common::run(async {
        let server = TestServer::start().await;
        let response = bare_client()
            .post(format!("http://{}/taal", server.addr))
            .form(&[("taal", "en"), ("terug", "/aanmelden?terug=%2Fwerkvoorraad")])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status().as_u16(), 303, "no session needed");
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(location, "/aanmelden?terug=%2Fwerkvoorraad");
        let set_cookie =
            response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(
            set_cookie.starts_with("werkvoorraad_taal=en;") && set_cookie.contains("Path=/"),
            "{set_cookie}"
        );
        let cookie = set_cookie.split(';').next().unwrap_or_default();

        let page = sign_in_page(&server, &[("cookie", cookie), ("accept-language", "nl")]).await;
        assert_eq!(lang(&page), "en", "the choice wins over the browser's");
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "{page}");
        let (status, page) = wrong_password(&server, &[("cookie", cookie)]).await;
        assert_eq!(status, 401);
        assert!(page.contains("The e-mail address or the password is not correct."), "{page}");

        // Signed in, the account's own setting wins.
        let session = server.session_for(&email(Role::TeamLead)).await.expect("sign-in");
        let (_, page) = server_get(&server, &format!("{session}; {cookie}"), "/").await;
        assert_eq!(lang(&page), "nl");

        let cross_site = bare_client()
            .post(format!("http://{}/taal", server.addr))
            .header("origin", "https://elders.example")
            .form(&[("taal", "en"), ("terug", "/aanmelden")])
            .send()
            .await
            .expect("post");
        assert_eq!(cross_site.status().as_u16(), 403, "the CSRF rule holds while signed out too");
        let (status, location) =
            server.post_form_as("", "/taal", &[("taal", "fr"), ("terug", "/aanmelden")]).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/aanmelden?fout="), "{location}");
    })
}

/// A page with these cookies.
async fn server_get(server: &TestServer, cookie: &str, path: &str) -> (u16, String) {
    let response = common::client()
        .get(format!("http://{}{path}", server.addr))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    (response.status().as_u16(), response.text().await.expect("page"))
}

#[test]
fn a_visitor_who_failed_too_often_is_told_so_in_their_language() {
    common::run(async {
        let server = TestServer::start().await;
        // An address of its own (any 127.x.y.z is this machine): the throttle is the process's.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(std::net::IpAddr::from([127, 0, 3, 1]))
            .build()
            .expect("client");
        let mut status = 0;
        for n in 0..=werkvoorraad::auth::throttle::MAX_FAILURES {
            let form = [("email", format!("onbekend{n}@gemeente.test")), ("password", "fout".to_owned())];
            let url = format!("http://{}/aanmelden", server.addr);
            let response = client.post(url).header("accept-language", "en").form(&form).send().await;
            let response = response.expect("post");
            status = response.status().as_u16();
            if status == 429 {
                let page = response.text().await.expect("page");
                assert!(page.contains("Wait a quarter of an hour and try again."), "{page}");
                assert_eq!(dutch_left(&page), Vec::<String>::new(), "{page}");
                break;
            }
        }
        assert_eq!(status, 429);
    })
}
