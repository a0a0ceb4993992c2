//! English beside Dutch through the real server: Dutch by default; the header's switch remembers
//! the user's choice (`lang="en"`, the frame in English), and another instance follows at once.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;

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
        assert!(
            page.contains("<h1>Overzicht</h1>") && main_tag(&page).contains(r#"lang="nl""#),
            "not yet in the catalogue: Dutch, and marked so"
        );
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
        assert!(location.starts_with("/?fout=Deze%20taal%20kent%20werkvoorraad%20niet"), "{location}");
        assert_eq!(lang(&first.get("/").await.1), "en", "an unknown language changes nothing");
        let (_, location) =
            first.post_form("/taal", &[("taal", "nl"), ("terug", "https://elders.example/")]).await;
        assert_eq!(location, "/", "only back to a page of this site");
        assert_eq!(lang(&first.get("/").await.1), "nl");
    })
}
