//! The pages of the application, one module each, and the navigation that lists them.
//! `NAVIGATION` is the single list of menu entries; the router in `app.rs` follows it.

pub mod coming;
pub mod import;
pub mod not_found;
pub mod overview;

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    /// One sentence on what the page is for.
    pub purpose: &'static str,
}

pub const NAVIGATION: [NavItem; 7] = [
    NavItem {
        href: "/",
        label: "Overzicht",
        purpose: "De stand van de werkvoorraad in één oogopslag: open zaken, nog niet opgepakt, \
                  de oudste maand die nog wacht, instroom tegenover uitstroom en wanneer de \
                  achterstand bij dit tempo is weggewerkt.",
    },
    NavItem {
        href: "/werkvoorraad",
        label: "Werkvoorraad",
        purpose: "Alle openstaande zaken, de oudste eerst: dagen open, soort aanvraag, consulent \
                  of \u{201c}niet opgepakt\u{201d}, einddatum van de indicatie en of het \
                  evaluatieformulier compleet is. Te filteren, te sorteren en te downloaden \
                  als CSV of Excel.",
    },
    NavItem {
        href: "/consulenten",
        label: "Consulenten",
        purpose: "Per consulent het onderhanden werk, besluiten per week, de laatste vier weken, \
                  de mediane doorlooptijd en de oudste open zaak.",
    },
    NavItem {
        href: "/declaratierisico",
        label: "Declaratierisico",
        purpose: "Per aanbieder de verlopen en bijna verlopen indicaties, de dagen zorg zonder \
                  geldige toewijzing en het bedrag dat daarmee niet gedeclareerd kan worden, \
                  met de declaratieproblemen die aanbieders melden.",
    },
    NavItem {
        href: "/evaluaties",
        label: "Evaluaties",
        purpose: "Evaluatieformulieren die aanbieders per herindicatie aanleveren, met de \
                  begeleider en de periode, en of een formulier compleet is voor een \
                  beoordeling op papier.",
    },
    NavItem {
        href: "/import",
        label: "Import",
        purpose: "Een export uit het zaaksysteem inlezen (CSV of Excel): elke rij wordt \
                  gecontroleerd, fouten worden per regel getoond en een goedgekeurde export \
                  wordt opgeslagen als momentopname.",
    },
    NavItem {
        href: "/beheer",
        label: "Beheer",
        purpose: "Gebruikers en organisaties, termijnen en tarieven, en het toegangslogboek.",
    },
];

/// The navigation entry for a path segment (`"import"` → the Import entry).
pub fn nav_item(slug: &str) -> Option<&'static NavItem> {
    NAVIGATION.iter().find(|item| item.href.trim_start_matches('/') == slug)
}
