//! Notices (spec/notifications.md): the four digests and three alerts a user may choose, who
//! may choose which, their schedules, and a message as lines that become plain text and HTML.

use serde::{Deserialize, Serialize};

use super::access::{access, Action, Role};
use super::html::escape;
use crate::i18n::Locale;

/// What a user can choose to receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// The team lead's weekly backlog.
    Backlog,
    /// A consultant's own cases.
    MyCases,
    /// Contract management's declaration risk.
    Risk,
    /// A provider's own organisation.
    OwnOrganisation,
    /// Lapsed reindications (per provider) at or over a number.
    LapsedAlert,
    /// Uncovered euros (per provider) at or over an amount.
    EurosAlert,
    /// Cases not picked up for more than a number of weeks.
    WaitingAlert,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Backlog,
        Kind::MyCases,
        Kind::Risk,
        Kind::OwnOrganisation,
        Kind::LapsedAlert,
        Kind::EurosAlert,
        Kind::WaitingAlert,
    ];
    pub const DIGESTS: [Kind; 4] = [Kind::Backlog, Kind::MyCases, Kind::Risk, Kind::OwnOrganisation];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Backlog => "backlog",
            Kind::MyCases => "my_cases",
            Kind::Risk => "risk",
            Kind::OwnOrganisation => "own_organisation",
            Kind::LapsedAlert => "alert_lapsed",
            Kind::EurosAlert => "alert_euros",
            Kind::WaitingAlert => "alert_waiting",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn is_alert(self) -> bool {
        !Kind::DIGESTS.contains(&self)
    }

    /// The name on Meldingen, in a mail's subject and in the access log (Dutch there).
    pub fn name(self, locale: Locale) -> String {
        let key = match self {
            Kind::MyCases => "nav-own-cases".to_owned(),
            Kind::Risk => "nav-risk".to_owned(),
            _ => format!("notice-kind-{}", self.code().replace('_', "-")),
        };
        crate::i18n::t(locale, &key)
    }

    /// What the threshold of an alert means, for its form field.
    pub fn threshold_name(self, locale: Locale) -> Option<String> {
        let key = format!("notice-threshold-{}", self.code().replace('_', "-"));
        self.is_alert().then(|| crate::i18n::t(locale, &key))
    }

    /// Whether `role` may choose this: the digest of the role (spec/notifications.md), an
    /// alert when the role sees its figures.
    pub fn offered_to(self, role: Role) -> bool {
        match self {
            Kind::Backlog => role == Role::TeamLead,
            Kind::MyCases => role == Role::Consultant,
            Kind::Risk => role == Role::ContractManager,
            Kind::OwnOrganisation => role == Role::Provider,
            Kind::LapsedAlert | Kind::EurosAlert => {
                role != Role::Admin && access(role, Action::Risk).allowed()
            }
            Kind::WaitingAlert => role != Role::Admin && access(role, Action::Dashboard).allowed(),
        }
    }

    /// The action whose grant builds this notice: its data are what that grant may see.
    pub fn action(self) -> Action {
        match self {
            Kind::Backlog | Kind::WaitingAlert => Action::Dashboard,
            Kind::MyCases => Action::Queue,
            Kind::Risk | Kind::LapsedAlert | Kind::EurosAlert => Action::Risk,
            Kind::OwnOrganisation => Action::OwnCases,
        }
    }
}

/// How a user receives a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    /// Only in the list on Meldingen.
    App,
    /// By mail, and in the list.
    Mail,
}

/// One user's choice for one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub kind: Kind,
    pub channel: Channel,
    /// An alert's threshold (a number of cases, euros or weeks).
    pub threshold: Option<i64>,
}

/// A notice in the list on Meldingen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub kind: Kind,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub subject: String,
    pub lines: Vec<Line>,
    /// `none`, `waiting`, `sent` or `refused`.
    pub mail: String,
    /// The language it was written in (its recipient's then).
    pub locale: Locale,
}

/// A mail that the SMTP server refused for good, for the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedMail {
    pub id: i64,
    pub email: String,
    pub kind: Kind,
    pub created_at: String,
    pub error: String,
}

/// One line of a message: text, or text that links to a path of the application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Line {
    Heading(String),
    Text(String),
    Link { text: String, path: String },
}

/// A message before it is stored: case ids and counts only, never a client's name or number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub subject: String,
    pub lines: Vec<Line>,
    /// The cases it names, for the access log.
    pub case_ids: Vec<String>,
    /// The recipient's language, which the message is written in.
    pub locale: Locale,
}

impl Message {
    pub fn new(locale: Locale, subject: impl Into<String>) -> Self {
        Message { subject: subject.into(), locale, ..Message::default() }
    }

    pub fn heading(&mut self, text: impl Into<String>) {
        self.lines.push(Line::Heading(text.into()));
    }

    pub fn text(&mut self, text: impl Into<String>) {
        self.lines.push(Line::Text(text.into()));
    }

    pub fn link(&mut self, text: impl Into<String>, path: impl Into<String>) {
        self.lines.push(Line::Link { text: text.into(), path: path.into() });
    }

    /// A link to a case, remembered for the access log.
    pub fn case(&mut self, case_id: &str, text: impl Into<String>) {
        if !self.case_ids.iter().any(|id| id == case_id) {
            self.case_ids.push(case_id.to_owned());
        }
        self.link(text, format!("/zaak/{}", super::filters::encode(case_id)));
    }

    /// The plain-text body; links as their full address after the text.
    pub fn plain_text(&self, base_url: &str) -> String {
        let mut out = String::new();
        for line in &self.lines {
            match line {
                Line::Heading(text) => {
                    out.push_str(&format!("\n{text}\n{}\n", "-".repeat(text.chars().count())))
                }
                Line::Text(text) => out.push_str(&format!("{text}\n")),
                Line::Link { text, path } => out.push_str(&format!("{text}: {base_url}{path}\n")),
            }
        }
        let (footer, page) = self.footer();
        out.push_str(&format!("\n{footer} {page}: {base_url}/meldingen\n"));
        out
    }

    /// The simple HTML body: headings, paragraphs and links, everything escaped.
    pub fn html(&self, base_url: &str) -> String {
        let mut out = format!(
            "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif\">",
            self.locale.code()
        );
        for line in &self.lines {
            match line {
                Line::Heading(text) => out.push_str(&format!("<h2>{}</h2>", escape(text))),
                Line::Text(text) => out.push_str(&format!("<p>{}</p>", escape(text))),
                Line::Link { text, path } => out.push_str(&format!(
                    "<p><a href=\"{}{}\">{}</a></p>",
                    escape(base_url),
                    escape(path),
                    escape(text)
                )),
            }
        }
        let (footer, page) = self.footer();
        out.push_str(&format!(
            "<p><small>{} <a href=\"{}/meldingen\">{}</a></small></p></body></html>",
            escape(&footer),
            escape(base_url),
            escape(&page)
        ));
        out
    }

    /// The last line of every mail, before the link to Meldingen, and that page's name.
    fn footer(&self) -> (String, String) {
        (crate::i18n::t(self.locale, "mail-footer"), crate::i18n::t(self.locale, "nav-notices"))
    }
}

/// When a digest is made: an ISO weekday (1 = Monday) and an hour, in Europe/Amsterdam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub weekday: u32,
    pub hour: u32,
}

impl Default for Schedule {
    /// Monday at 08:00.
    fn default() -> Self {
        Schedule { weekday: 1, hour: 8 }
    }
}

/// The settings keys of a digest's schedule.
pub fn schedule_keys(kind: Kind) -> (String, String) {
    (format!("schedule_day:{}", kind.code()), format!("schedule_hour:{}", kind.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_is_offered_its_own_digest_and_the_alerts_of_what_it_sees() {
        let offered = |role| Kind::ALL.into_iter().filter(|k| k.offered_to(role)).collect::<Vec<_>>();
        use Kind::*;
        assert_eq!(offered(Role::TeamLead), [Backlog, LapsedAlert, EurosAlert, WaitingAlert]);
        assert_eq!(offered(Role::Consultant), [MyCases, WaitingAlert]);
        assert_eq!(offered(Role::ContractManager), [Risk, LapsedAlert, EurosAlert, WaitingAlert]);
        assert_eq!(offered(Role::Provider), [OwnOrganisation, LapsedAlert, EurosAlert]);
        assert!(offered(Role::Admin).is_empty());
        assert!(Kind::ALL.iter().all(|k| Kind::from_code(k.code()) == Some(*k)));
    }

    #[test]
    fn every_kind_and_alert_threshold_has_its_words_in_both_languages() {
        for locale in Locale::ALL {
            for kind in Kind::ALL {
                let threshold = kind.threshold_name(locale);
                assert_eq!(threshold.is_some(), kind.is_alert(), "{kind:?}");
                for text in [kind.name(locale), threshold.unwrap_or_default()] {
                    assert!(!text.starts_with("notice-") && !text.starts_with("nav-"), "{text}");
                }
            }
        }
        assert_eq!(Kind::Backlog.name(Locale::Nl), "Weekoverzicht van de werkvoorraad");
    }

    #[test]
    fn a_message_escapes_its_html_and_writes_full_links_in_its_text() {
        let mut message = Message::new(Locale::Nl, "Test");
        message.text("a < b & \"c\"");
        message.case("Z 1", "Zaak Z 1");
        let html = message.html("https://wv.example");
        assert!(html.contains("<p>a &lt; b &amp; &quot;c&quot;</p>"), "{html}");
        assert!(html.contains("href=\"https://wv.example/zaak/Z%201\""), "{html}");
        let text = message.plain_text("https://wv.example");
        assert!(text.contains("Zaak Z 1: https://wv.example/zaak/Z%201"), "{text}");
        assert_eq!(message.case_ids, ["Z 1"]);
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"nl\">") && text.contains("pagina Meldingen: "));
        let english = Message::new(Locale::En, "Test");
        let html = english.html("https://wv.example");
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"), "{html}");
        assert!(html.contains(">Notifications</a>") && !html.contains("Meldingen<"), "{html}");
        assert!(english.plain_text("https://wv.example").contains("page Notifications: https://wv.example/"));
    }
}
