//! The main navigation: one entry per page with the action a role needs to see it and its
//! words in the catalogue.

use crate::domain::access::Action;
use crate::i18n::{t, Locale};

/// One entry of the main navigation; its name and purpose are in the catalogue
/// (`nav-{key}`, `purpose-{key}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    /// What a role must be allowed to see the entry.
    pub action: Action,
}

impl NavItem {
    /// The name in the menu.
    pub fn label(&self, locale: Locale) -> String {
        t(locale, &format!("nav-{}", self.key))
    }

    /// The page's heading and the sentence on what it is for, in the reader's language.
    pub fn heading(&self) -> (String, String) {
        let locale = crate::i18n::use_locale();
        (self.label(locale), t(locale, &format!("purpose-{}", self.key)))
    }
}

pub const NAVIGATION: [NavItem; 12] = [
    NavItem { href: "/", key: "overview", action: Action::Dashboard },
    NavItem { href: "/doorstroom", key: "flow", action: Action::Dashboard },
    NavItem { href: "/stand-van-zaken", key: "status", action: Action::Dashboard },
    NavItem { href: "/aanbieder", key: "own-cases", action: Action::OwnCases },
    NavItem { href: "/werkvoorraad", key: "queue", action: Action::Queue },
    NavItem { href: "/consulenten", key: "consultants", action: Action::Throughput },
    NavItem { href: "/declaratierisico", key: "risk", action: Action::Risk },
    NavItem { href: "/evaluaties", key: "forms", action: Action::DownloadForm },
    NavItem { href: "/import", key: "import", action: Action::Import },
    NavItem { href: "/instellingen", key: "settings", action: Action::Import },
    NavItem { href: "/meldingen", key: "notices", action: Action::Notices },
    NavItem { href: "/beheer", key: "admin", action: Action::Admin },
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
