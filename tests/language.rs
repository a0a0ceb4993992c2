//! English beside Dutch through the real server: Dutch by default; the header's switch remembers
//! the user's choice (`lang="en"`, the frame in English), and another instance follows at once.
#![cfg(feature = "ssr")]

mod common;
use common::catalogue::{dutch_left, in_english};
use common::TestServer;
use werkvoorraad::domain::access::{access, Action, Role};
use werkvoorraad::pages::NAVIGATION;

const EXPORT: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// The opening tag of the page's `<main>`.
fn main_tag(page: &str) -> &str {
    page.split("<main").nth(1).and_then(|rest| rest.split('>').next()).unwrap_or_default()
}

/// The `lang` of the page's `<html>`.
fn lang(page: &str) -> &str {
    page.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default()
}

#[test]
fn the_switch_remembers_english_for_the_user_on_every_instance() {
    common::run(async {
        let first = TestServer::start().await;
        let second = TestServer::beside(&first).await;
        let (_, page) = second.get("/").await;
        assert_eq!(lang(&page), "nl");
        assert!(page.contains(">Overzicht</a>") && page.contains(r#"aria-label="Hoofdmenu""#));
        assert!(
            page.contains(r#"action="/taal""#) && page.contains(r#"lang="en">English</button>"#),
            "{page}"
        );

        let (status, location) =
            first.post_form("/taal", &[("taal", "en"), ("terug", "/werkvoorraad?pagina=2")]).await;
        assert_eq!((status, location.as_str()), (303, "/werkvoorraad?pagina=2"));
        let (_, page) = first.get("/").await;
        assert_eq!(lang(&page), "en");
        for english in
            [">Overview</a>", ">Backlog</a>", r#"aria-label="Main menu""#, ">Sign out</button>", "Team lead"]
        {
            assert!(page.contains(english), "{english}: {page}");
        }
        let (_, page) = first.get("/stand-van-zaken").await;
        assert!(
            page.contains("<h1>State of affairs</h1>")
                && page.contains("on one page for the provider meeting")
        );
        assert!(!main_tag(&page).contains("lang="), "a page in the catalogue is English");
        let (_, page) = first.get("/").await;
        assert!(page.contains(r#"lang="nl">Nederlands</button>"#), "the way back, in Dutch");
        let (_, page) = second.get("/").await;
        assert_eq!(lang(&page), "en", "the other instance follows the choice");

        let (_, location) = first.post_form("/taal", &[("taal", "fr"), ("terug", "/")]).await;
        assert!(
            location.starts_with("/?fout=werkvoorraad%20does%20not%20know"),
            "in the reader's language: {location}"
        );
        assert_eq!(lang(&first.get("/").await.1), "en", "an unknown language changes nothing");
        let (_, location) =
            first.post_form("/taal", &[("taal", "nl"), ("terug", "https://elders.example/")]).await;
        assert_eq!(location, "/", "only back to a page of this site");
        assert_eq!(lang(&first.get("/").await.1), "nl");
    })
}

#[test]
fn every_page_in_the_catalogue_shows_no_dutch_to_an_english_reader() {
    common::run(async {
        let mut server = TestServer::start().await;
        let (_, page) = server.get("/").await;
        assert!(dutch_left(&page).contains(&"Nog geen cijfers".to_owned()), "the check finds Dutch");
        in_english(&server).await;
        let (_, page) = server.get("/").await;
        assert_eq!(dutch_left(&page), Vec::<String>::new(), "before any import");
        assert!(page.contains("No figures yet"));
        server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await;
        for role in Role::ALL {
            server.sign_in_as(role).await;
            in_english(&server).await;
            let pages = NAVIGATION.iter().filter(|item| access(role, item.action).allowed());
            let case = access(role, Action::Queue).allowed().then_some("/zaak/A");
            for path in pages.map(|item| item.href).chain(case).chain(["/bestaat-niet"]) {
                let (status, page) = server.get(path).await;
                assert_eq!(status, if path == "/bestaat-niet" { 404 } else { 200 }, "{path} as {role:?}");
                assert!(!main_tag(&page).contains("lang="), "{path} is in the catalogue");
                assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {path} as {role:?}");
            }
        }
        server.sign_in_as(Role::TeamLead).await;
        let asked = [
            "/?product=BW&request_type=reindication&window=12&extra=2&by=2025-12-01",
            "/?extra=1000",
            "/werkvoorraad?status=niet-opgepakt&age=2-6w&month=2025-03&stil=1&over_term=1&form=ontbreekt",
            "/werkvoorraad?indication=verlopen",
        ];
        for path in asked {
            let (status, page) = server.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {path}");
        }
        let (_, page) = server.get(asked[0]).await;
        for english in
            ["Filtered on Product: BW – Sheltered housing · Type of request: Re-indication.", "2 more cases"]
        {
            assert!(page.contains(english), "{english}");
        }
        let (_, page) = server.get(asked[2]).await;
        assert!(page.contains("Reported in March 2025") && page.contains("Remove Stalled"), "{page}");
        let (_, csv) = server.get("/werkvoorraad/export.csv?status=niet-opgepakt").await;
        let header = csv.lines().find(|line| line.contains("Case number")).unwrap_or_default();
        assert!(
            header.contains("Client number;Type of request;Product;Municipality;Provider;Consultant"),
            "{csv}"
        );
        assert!(csv.contains(";not picked up;") && csv.contains(";Re-indication;"), "{csv}");
        let (_, csv) = server.get("/declaratierisico/export.csv").await;
        assert!(
            csv.contains("Provider;Lapsed;Days without a valid indication;") && csv.contains("\nTotal;"),
            "{csv}"
        );
    })
}
