//! The Import page for an English reader, through the real server: the form, a refusal with its
//! reasons and the column mapping, stored imports with their warnings, and the history.
#![cfg(feature = "ssr")]

mod common;
use common::catalogue::{dutch_left, in_english};
use common::TestServer;
use werkvoorraad::domain::access::Role;

const SNAPSHOTS: [(&str, &[u8]); 3] = [
    ("2025-06-12", include_bytes!("fixtures/flow/2025-06-12.csv")),
    ("2025-06-19", include_bytes!("fixtures/flow/2025-06-19.csv")),
    ("2025-06-26", include_bytes!("fixtures/flow/2025-06-26.csv")),
];
const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// Headers the aliases do not know ("Nr", "Klant"): refused, with the mapping form.
const UNKNOWN_COLUMNS: &[u8] =
    b"Nr;Klant;Soort aanvraag;Product;Gemeente;Datum melding\r\nA;C1;Nieuw;BW;Dordrecht;01-06-2025\r\n";

/// An unreadable date on line 2; a duplicate case number and an unknown request type on line 3.
const BAD_ROWS: &[u8] =
    b"Zaaknummer;Clientnummer;Soort aanvraag;Product;Gemeente;Datum melding;Opmerking\r\n\
    A;C1;Nieuw;BW;Dordrecht;31-02-2025;x\r\nA;C2;Anders;BW;Dordrecht;01-06-2025;y\r\n";

/// The page holds the `expected` English, and no Dutch of the catalogue once the file's own
/// words (`data`: its headers, the accepted column names) are left out.
fn assert_english(page: &str, expected: &[&str], data: &[&str]) {
    for english in expected {
        assert!(page.contains(english), "{english}: {page}");
    }
    let page = data.iter().fold(page.to_owned(), |page, word| page.replace(word, ""));
    assert_eq!(dutch_left(&page), Vec::<String>::new(), "{expected:?}");
}

#[test]
fn an_english_reader_gets_the_import_page_its_refusals_and_its_warnings_in_english() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.sign_in_as(Role::Admin).await;
        in_english(&server).await;
        let (_, page) = server.get("/import").await;
        assert_english(
            &page,
            &["Import an export", "Reference date", "No export has been imported yet."],
            &[],
        );

        let (status, page) = server.post_import("/import", UNKNOWN_COLUMNS, "2025-06-26").await;
        assert_eq!(status, 200);
        assert_english(
            &page,
            &[
                "The export was refused",
                "A required column is missing.",
                "Map the columns yourself",
                "Case number (required)",
            ],
            &["Soort aanvraag", "Gemeente", "Datum melding", "zaaknummer, dossiernummer, zaak id"],
        );

        let (status, page) = server.post_import("/import", BAD_ROWS, "2025-06-26").await;
        assert_eq!(status, 200);
        assert_english(
            &page,
            &[
                "3 errors were found.",
                "This date cannot be read.",
                "This case number is also on line 2.",
                "Unknown request type.",
                "These columns were not used and not stored: Opmerking.",
            ],
            &["Zaaknummer", "Soort aanvraag", "Datum melding"],
        );
        let (status, body) = server.post_import("/api/v1/imports", BAD_ROWS, "2025-06-26").await;
        assert_eq!(status, 422);
        assert!(body.contains("This date cannot be read."), "the API answers in the user's language: {body}");
        let (status, body) = server.post_import("/api/v1/imports", WORKED, "26 June").await;
        assert_eq!(status, 400);
        assert!(body.contains(r#"The reference date \"26 June\" is not a valid date."#), "{body}");

        for (as_of, file) in SNAPSHOTS {
            let (status, location) = server.post_import("/import", file, as_of).await;
            assert_eq!(status, 303, "{as_of}: {location}");
        }
        let (_, page) = server.get("/import?momentopname=3").await;
        assert_english(
            &page,
            &[
                "Snapshot 3 has been stored:",
                "reference date 26 Jun 2025.",
                "came back after having disappeared: D",
            ],
            &[],
        );
        let (_, page) = server.get("/import?momentopname=2").await;
        let expected =
            ["disappeared without a decision: D", "Imported before, newest first", "Delete for good"];
        assert_english(&page, &expected, &[]);

        let mut totals = WORKED.to_vec();
        totals.extend_from_slice(b";Totaal;;;;;;;;;;;\r\n");
        assert_eq!(server.post_import("/import", &totals, "2025-06-27").await.0, 303);
        let (_, page) = server.get("/import?momentopname=4").await;
        assert_english(&page, &["Line 6 is a totals row and was skipped."], &[]);
        let history = page.split(r#"data-testid="import-history""#).nth(1).unwrap_or_default();
        assert!(!history.contains(r#"lang="nl""#), "a coded warning is not a stored Dutch record");

        server.sign_in_as(Role::TeamLead).await;
        let (_, page) = server.get("/import?momentopname=4").await;
        assert!(
            page.contains("Regel 6 is een totaalregel en is overgeslagen."),
            "stored as a code, read in Dutch"
        );
    })
}
