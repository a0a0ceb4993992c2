//! A client's right of access (spec/retention.md): everything werkvoorraad holds about one client
//! number — its cases in every snapshot kept, their forms and problem reports, and who looked.

use serde::{Deserialize, Serialize};

use super::access::LogLine;
use super::forms::EvaluationForm;
use super::problems::DeclarationProblem;

/// One case of the client as one snapshot holds it. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCase {
    pub as_of: String,
    pub case_id: String,
    pub request_type: String,
    pub product: String,
    pub municipality: String,
    pub provider: Option<String>,
    pub consultant: Option<String>,
    pub received_on: String,
    pub assigned_on: Option<String>,
    pub decided_on: Option<String>,
    pub outcome: Option<String>,
    pub indication_end: Option<String>,
}

/// What is held about one client number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubjectAccess {
    pub client: String,
    /// Oldest snapshot first.
    pub cases: Vec<ClientCase>,
    pub forms: Vec<EvaluationForm>,
    pub problems: Vec<DeclarationProblem>,
    /// Every access-log line that names the client number or one of its cases, oldest first.
    pub log: Vec<LogLine>,
}

impl SubjectAccess {
    /// The distinct case ids, in order of first appearance.
    pub fn case_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for case in &self.cases {
            if !ids.contains(&case.case_id) {
                ids.push(case.case_id.clone());
            }
        }
        ids
    }
}

/// Whether a log line's case column (one id, or several joined by commas for a mail) names `id`.
pub fn names_case(case_column: Option<&str>, id: &str) -> bool {
    case_column.is_some_and(|column| column.split(',').any(|c| c == id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mail_line_names_each_of_its_cases_and_no_other() {
        assert!(super::names_case(Some("R1,R2"), "R2"));
        assert!(super::names_case(Some("R2"), "R2"));
        assert!(!super::names_case(Some("R12,R20"), "R2"));
        assert!(!super::names_case(None, "R2"));
    }
}
