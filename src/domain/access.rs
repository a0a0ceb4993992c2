//! Who may do what (spec/access.md): the roles, the actions, and the one table that answers
//! "may this role do this". Pure and shared, so the browser's navigation follows the same table.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    TeamLead,
    Consultant,
    ContractManager,
    Provider,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::TeamLead, Role::Consultant, Role::ContractManager, Role::Provider, Role::Admin];

    /// The name in the database, the CLI and the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::TeamLead => "teamlead",
            Role::Consultant => "consultant",
            Role::ContractManager => "contract_manager",
            Role::Provider => "provider",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role's name in the interface's language.
    pub fn name(self, locale: crate::i18n::Locale) -> String {
        crate::i18n::t(locale, &format!("role-{}", self.code().replace('_', "-")))
    }
}

/// Everything the table of spec/access.md distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Backlog, age, flow, forecast.
    Dashboard,
    /// Throughput per consultant.
    Throughput,
    /// The work queue and case pages.
    Queue,
    /// A provider's own page: its organisation's open reindications (the landing page).
    OwnCases,
    UploadForm,
    DownloadForm,
    AssessForm,
    /// The declaration-risk view and its export.
    Risk,
    ReportProblem,
    CloseProblem,
    /// Import case exports, set terms and tariffs.
    Import,
    /// Users, organisations, the access log.
    Admin,
    /// One's own notices and the choice of them (page Meldingen).
    Notices,
}

/// How far a role may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    All,
    /// Only the cases (and figures) of the user's own organisation.
    OwnOrganisation,
    Denied,
}

impl Access {
    pub fn allowed(self) -> bool {
        self != Access::Denied
    }
}

/// The table of spec/access.md, in one place.
pub fn access(role: Role, action: Action) -> Access {
    use Access::{All, Denied, OwnOrganisation as Own};
    use Role::*;
    match (action, role) {
        (Action::Dashboard, TeamLead | Consultant | ContractManager | Admin) => All,
        (Action::Throughput, TeamLead | Consultant | Admin) => All,
        (Action::Queue, TeamLead | Consultant | ContractManager | Admin) => All,
        (Action::Queue, Provider) => Own,
        (Action::OwnCases, Provider) => Own,
        (Action::UploadForm, Consultant) => All,
        (Action::UploadForm, Provider) => Own,
        (Action::DownloadForm, TeamLead | Consultant) => All,
        (Action::DownloadForm, Provider) => Own,
        (Action::AssessForm, TeamLead | Consultant) => All,
        (Action::Risk, TeamLead | ContractManager | Admin) => All,
        (Action::Risk, Provider) => Own,
        (Action::ReportProblem, Provider) => Own,
        (Action::CloseProblem, ContractManager) => All,
        (Action::Import, TeamLead | Admin) => All,
        (Action::Admin, Admin) => All,
        (Action::Notices, TeamLead | Consultant | ContractManager | Provider) => All,
        _ => Denied,
    }
}

/// The signed-in user as pages see it.
/// How one may sign in here: through the organisation's identity provider, with a password, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    pub organisation: bool,
    pub passwords: bool,
    /// The identity provider's sign-out page, offered after signing out here.
    pub end_session: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub role: Role,
    /// A provider user's organisation.
    pub organisation: Option<String>,
    /// The language the user chose for the interface.
    pub locale: crate::i18n::Locale,
}

impl SessionUser {
    pub fn may(&self, action: Action) -> bool {
        access(self.role, action).allowed()
    }
}

/// A user in the admin list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub organisation: Option<String>,
    pub disabled: bool,
    pub locked_until: Option<String>,
    /// A consultant's name in the exports.
    pub consultant_name: Option<String>,
}

/// Which log lines the admin asks for; empty fields are "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogFilter {
    /// Part of the e-mail address.
    pub user: Option<String>,
    /// A case id (exact).
    pub case_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl LogFilter {
    /// Blank fields (as a GET form sends them) mean "any".
    pub fn normalized(self) -> Self {
        let keep = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        LogFilter {
            user: keep(self.user),
            case_id: keep(self.case_id),
            from: keep(self.from),
            to: keep(self.to),
        }
    }

    /// The URL parameters of the set fields.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [("user", &self.user), ("case_id", &self.case_id), ("from", &self.from), ("to", &self.to)]
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
            .collect()
    }
}

/// One line of the access log: as written, and as the admin page and the CSV show it. Never
/// personal data beyond the case id and client number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// RFC 3339 UTC.
    pub at: String,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    /// `aanmelden`, `import`, `export`, `weigering`, …
    pub action: String,
    pub case_id: Option<String>,
    pub client_ref: Option<String>,
    pub detail: Option<String>,
    /// `gelukt`, `mislukt`, `geweigerd`, …
    pub outcome: String,
}

/// The first `max_chars` characters of `text` (for log values and echoed input).
pub fn clip(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_cuts_on_a_character_boundary() {
        assert_eq!(clip("abc", 100), "abc");
        assert_eq!(clip(&"ë".repeat(300), 100).chars().count(), 100);
        assert_eq!(clip("aëb", 2), "aë");
    }

    #[test]
    fn the_table_of_the_spec_cell_by_cell() {
        // Rows of spec/access.md; columns: team lead, consultant, contract manager, provider, admin.
        use Access::{All as A, Denied as N, OwnOrganisation as O};
        let table = [
            (Action::Dashboard, [A, A, A, N, A]),
            (Action::Throughput, [A, A, N, N, A]),
            (Action::Queue, [A, A, A, O, A]),
            (Action::OwnCases, [N, N, N, O, N]),
            (Action::UploadForm, [N, A, N, O, N]),
            (Action::DownloadForm, [A, A, N, O, N]),
            (Action::AssessForm, [A, A, N, N, N]),
            (Action::Risk, [A, N, A, O, A]),
            (Action::ReportProblem, [N, N, N, O, N]),
            (Action::CloseProblem, [N, N, A, N, N]),
            (Action::Import, [A, N, N, N, A]),
            (Action::Admin, [N, N, N, N, A]),
        ];
        for (action, row) in table {
            for (role, expected) in Role::ALL.into_iter().zip(row) {
                assert_eq!(access(role, action), expected, "{action:?} for {role:?}");
            }
        }
        assert_eq!(Role::from_code("contract_manager"), Some(Role::ContractManager));
        assert_eq!(Role::from_code("root"), None);
    }
}
