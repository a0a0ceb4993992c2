//! The main navigation: one entry per page with the action a role needs to see it, its words
//! in the catalogue, and which language a page's body is written in while pages move into it.

use crate::domain::access::Action;
use crate::i18n::{t, Locale};
use leptos::prelude::GetUntracked;

/// One entry of the main navigation; its name and purpose are in the catalogue
/// (`nav-{key}`, `purpose-{key}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    /// What a role must be allowed to see the entry.
    pub action: Action,
    /// Whether the page's body is in the catalogue; until then it is written (and marked) Dutch.
    pub in_catalogue: bool,
}

impl NavItem {
    /// The name in the menu.
    pub fn label(&self, locale: Locale) -> String {
        t(locale, &format!("nav-{}", self.key))
    }

    /// The page's heading and the sentence on what it is for, in the language of its body.
    pub fn heading(&self) -> (String, String) {
        let locale = self.body_locale(crate::i18n::use_locale());
        (self.label(locale), t(locale, &format!("purpose-{}", self.key)))
    }

    /// The language of the page's body for a reader of `locale`.
    pub fn body_locale(&self, locale: Locale) -> Locale {
        if self.in_catalogue {
            locale
        } else {
            Locale::Nl
        }
    }
}

/// The language of the body of the page being rendered, for the parts that several pages share.
pub fn use_body_locale() -> Locale {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    body_locale(&path, crate::i18n::use_locale())
}

/// The language of the body of the page at `path`: Dutch unless the page is in the catalogue.
/// A page below a menu entry (`/instellingen/bewaartermijnen`) goes with its entry.
pub fn body_locale(path: &str, locale: Locale) -> Locale {
    let below = |href: &str| path == href || (href != "/" && path.starts_with(&format!("{href}/")));
    let in_catalogue = match NAVIGATION.iter().find(|item| below(item.href)) {
        Some(item) => item.in_catalogue,
        None => !OTHER_PAGES_NOT_IN_CATALOGUE.iter().any(|href| below(href)),
    };
    if in_catalogue {
        locale
    } else {
        Locale::Nl
    }
}

/// The pages outside the menu whose body is not in the catalogue yet (a signed-out visitor has
/// no language of their own: the sign-in page is Dutch).
const OTHER_PAGES_NOT_IN_CATALOGUE: [&str; 1] = ["/aanmelden"];

pub const NAVIGATION: [NavItem; 12] = [
    NavItem { href: "/", key: "overview", action: Action::Dashboard, in_catalogue: true },
    NavItem { href: "/doorstroom", key: "flow", action: Action::Dashboard, in_catalogue: true },
    NavItem { href: "/stand-van-zaken", key: "status", action: Action::Dashboard, in_catalogue: true },
    NavItem { href: "/aanbieder", key: "own-cases", action: Action::OwnCases, in_catalogue: true },
    NavItem { href: "/werkvoorraad", key: "queue", action: Action::Queue, in_catalogue: true },
    NavItem { href: "/consulenten", key: "consultants", action: Action::Throughput, in_catalogue: true },
    NavItem { href: "/declaratierisico", key: "risk", action: Action::Risk, in_catalogue: true },
    NavItem { href: "/evaluaties", key: "forms", action: Action::DownloadForm, in_catalogue: true },
    NavItem { href: "/import", key: "import", action: Action::Import, in_catalogue: false },
    NavItem { href: "/instellingen", key: "settings", action: Action::Import, in_catalogue: true },
    NavItem { href: "/meldingen", key: "notices", action: Action::Notices, in_catalogue: true },
    NavItem { href: "/beheer", key: "admin", action: Action::Admin, in_catalogue: true },
];

/// The navigation entry for a path segment (`"import"` → the Import entry).
pub fn nav_item(slug: &str) -> Option<&'static NavItem> {
    NAVIGATION.iter().find(|item| item.href.trim_start_matches('/') == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_entry_role_and_named_value_has_its_words_in_both_languages() {
        for locale in Locale::ALL {
            for item in NAVIGATION {
                for key in [format!("nav-{}", item.key), format!("purpose-{}", item.key)] {
                    assert_ne!(t(locale, &key), key, "{key} in {}", locale.code());
                }
            }
            for role in crate::domain::access::Role::ALL {
                assert!(!role.name(locale).starts_with("role-"), "{role:?} in {}", locale.code());
            }
            let mut names: Vec<String> =
                crate::domain::forms::FormState::ALL.map(|s| s.name(locale)).to_vec();
            names.extend(crate::domain::flow::Stage::ALL.map(|s| s.name(locale)));
            names.extend(
                ["BW", "BT", "MO", "IB"].map(|p| crate::domain::product_label(p, locale).unwrap_or_default()),
            );
            names.extend(
                crate::domain::filters::Filters::KEYS
                    .map(|k| crate::domain::filters::filter_label(k, locale)),
            );
            use crate::domain::{Outcome, RequestType};
            names.extend([RequestType::New, RequestType::Reindication].map(|r| r.name(locale)));
            names.extend([Outcome::Granted, Outcome::Refused, Outcome::Withdrawn].map(|o| o.name(locale)));
            let keys = ["form-state-", "stage-", "product-", "filter-", "request-type-", "outcome-"];
            for name in names {
                assert!(!keys.iter().any(|k| name.starts_with(k)), "{name} in {}", locale.code());
            }
        }
    }
}
