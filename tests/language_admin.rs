//! English beside Dutch on the admin's pages through the real server: Instellingen with its
//! retention part, Meldingen, Beheer and the subject access request, with no Dutch left in English.
#![cfg(feature = "ssr")]

mod common;
use common::catalogue::{dutch_left, in_english};
use common::TestServer;
use werkvoorraad::domain::access::Role;

const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");

/// The admin's pages (the retention periods are a part of Instellingen, the subject access
/// request a page below Beheer), with a client who has cases, a form and a problem report.
const PAGES: [&str; 3] = ["/instellingen", "/beheer", "/beheer/inzage?client=C1"];

/// An export, a form and a problem report of client C1, then the admin signed in.
async fn with_data() -> TestServer {
    let mut server = TestServer::start().await;
    assert_eq!(server.post_import("/api/v1/imports", EXPORT, "2025-06-26").await.0, 201);
    assert_eq!(server.get("/zaak/R1").await.0, 200);
    server.provider_reports_on("R1").await;
    server
}

/// Asserts that every one of `words` is on `page`.
fn assert_shows(path: &str, page: &str, words: &[&str]) {
    for word in words {
        assert!(page.contains(word), "{word} on {path}: {page}");
    }
}

#[test]
fn the_admins_pages_show_no_dutch_to_an_english_reader() {
    common::run(async {
        let mut server = with_data().await;
        in_english(&server).await;
        for path in PAGES {
            let (status, page) = server.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {path}");
        }
        let (_, page) = server.get("/instellingen").await;
        let words = [
            "<h1>Settings</h1>",
            "Retention periods",
            "Snapshots and their cases (months)",
            "Weekly digest of the backlog: day",
            "Nothing has been cleared up yet.",
        ];
        assert_shows("/instellingen", &page, &words);
        let (_, page) = server.get("/beheer").await;
        let words =
            ["<h1>Administration</h1>", "Create user", "Access log", "Undelivered e-mail", "Team lead"];
        assert_shows("/beheer", &page, &words);
        let (_, page) = server.get(PAGES[2]).await;
        let words = [
            "Subject access request of a client",
            "Case R1: evaluatie.pdf (received ",
            "Remove form",
            "<td>Re-indication</td>",
            "<td>Provider</td>",
        ];
        assert_shows(PAGES[2], &page, &words);
        // What a run removed is kept in words, in Dutch: only the sentence around it is English.
        assert_eq!(server.post_form("/instellingen/opruimen", &[]).await.0, 303);
        let last = server.text_of("/instellingen", "retention-last").await;
        assert!(last.starts_with("Last cleared up on "), "{last}");

        server.sign_in_as(Role::TeamLead).await;
        in_english(&server).await;
        for path in ["/instellingen", "/meldingen"] {
            let (status, page) = server.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(dutch_left(&page), Vec::<String>::new(), "Dutch left on {path} for the team lead");
        }
        let (_, page) = server.get("/meldingen").await;
        let words = [
            "<h1>Notifications</h1>",
            "What would you like to receive?",
            "Threshold: from this number of lapsed re-indications at one provider",
            "By e-mail and here",
            "There are no messages for you yet.",
        ];
        assert_shows("/meldingen", &page, &words);
        assert_eq!(server.get("/beheer").await.0, 403, "Beheer is the admin's only");
    })
}

#[test]
fn a_dutch_reader_still_reads_the_admins_pages_in_dutch() {
    common::run(async {
        let mut server = with_data().await;
        let words: [(&str, &[&str]); 3] = [
            (
                "/instellingen",
                &["<h1>Instellingen</h1>", "Momentopnamen en hun zaken (maanden)", "Nu opruimen"],
            ),
            ("/beheer", &["<h1>Beheer</h1>", "Gebruiker aanmaken", "Teamleider", "Niet bezorgde e-mail"]),
            (
                PAGES[2],
                &[
                    "Inzageverzoek van een cliënt",
                    "Zaak R1: gemeld door Leger des Heils op ",
                    "Formulier verwijderen",
                ],
            ),
        ];
        for (path, words) in words {
            let (status, page) = server.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert_shows(path, &page, words);
        }
        server.sign_in_as(Role::TeamLead).await;
        let (_, page) = server.get("/meldingen").await;
        let words = [
            "<h1>Meldingen</h1>",
            "Wat wilt u ontvangen?",
            "Drempel: vanaf dit aantal verlopen herindicaties bij één aanbieder",
            "Er zijn nog geen berichten voor u.",
        ];
        assert_shows("/meldingen", &page, &words);
    })
}
