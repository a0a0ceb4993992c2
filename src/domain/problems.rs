//! Declaration problems: what a provider reports about a case it cannot declare, and how
//! contract management closed it. Shared by server and browser.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeclarationProblem {
    pub id: i64,
    pub case_id: String,
    pub organisation: String,
    pub reported_by: String,
    /// RFC 3339 UTC.
    pub reported_at: String,
    pub description: String,
    pub amount_eur: Option<f64>,
    /// `YYYY-MM-DD`.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// The contract manager's address; absent for a provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub close_note: Option<String>,
}

impl DeclarationProblem {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}
