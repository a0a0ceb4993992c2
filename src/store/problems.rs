//! Declaration problems as stored: reported by a provider user on a case of its organisation,
//! read per case or per organisation, closed once with a note.

use sqlx::Row;

use super::{Db, StoreError};
use crate::domain::problems::DeclarationProblem;

pub struct NewProblem<'a> {
    pub case_id: &'a str,
    pub organisation_id: i64,
    pub reported_by: &'a str,
    pub now: &'a str,
    pub description: &'a str,
    pub amount_eur: Option<f64>,
    pub period_from: Option<&'a str>,
    pub period_to: Option<&'a str>,
}

/// Which problems to read; `None` is "all".
#[derive(Default)]
pub struct ProblemQuery<'a> {
    pub case_id: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub open_only: bool,
}

impl Db {
    pub async fn report_problem(&self, new: &NewProblem<'_>) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO declaration_problems (case_id, organisation_id, reported_by, reported_at, description, \
             amount_eur, period_from, period_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.case_id.to_owned())
        .bind(new.organisation_id)
        .bind(new.reported_by.to_owned())
        .bind(new.now.to_owned())
        .bind(new.description.to_owned())
        .bind(new.amount_eur)
        .bind(new.period_from.map(str::to_owned))
        .bind(new.period_to.map(str::to_owned))
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Newest first.
    pub async fn problems(&self, query: &ProblemQuery<'_>) -> Result<Vec<DeclarationProblem>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.case_id, o.name AS organisation, p.reported_by, p.reported_at, p.description, \
             p.amount_eur, p.period_from, p.period_to, p.closed_by, p.closed_at, p.close_note \
             FROM declaration_problems p JOIN organisations o ON o.id = p.organisation_id \
             WHERE (CAST($1 AS TEXT) IS NULL OR p.case_id = CAST($1 AS TEXT)) \
             AND (CAST($2 AS BIGINT) IS NULL OR p.organisation_id = CAST($2 AS BIGINT)) \
             AND ($3 = 0 OR p.closed_at IS NULL) ORDER BY p.id DESC",
        )
        .bind(query.case_id.map(str::to_owned))
        .bind(query.organisation_id)
        .bind(i64::from(query.open_only))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeclarationProblem {
                    id: row.try_get("id")?,
                    case_id: row.try_get("case_id")?,
                    organisation: row.try_get("organisation")?,
                    reported_by: row.try_get("reported_by")?,
                    reported_at: row.try_get("reported_at")?,
                    description: row.try_get("description")?,
                    amount_eur: row.try_get("amount_eur")?,
                    period_from: row.try_get("period_from")?,
                    period_to: row.try_get("period_to")?,
                    closed_by: row.try_get("closed_by")?,
                    closed_at: row.try_get("closed_at")?,
                    close_note: row.try_get("close_note")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Closes an open problem; false when it was already closed or does not exist.
    pub async fn close_problem(&self, id: i64, by: &str, now: &str, note: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE declaration_problems SET closed_by = $1, closed_at = $2, close_note = $3 \
             WHERE id = $4 AND closed_at IS NULL",
        )
        .bind(by.to_owned())
        .bind(now.to_owned())
        .bind(note.to_owned())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The case a problem is about, for the access log and the redirect.
    pub async fn problem_case(&self, id: i64) -> Result<Option<String>, StoreError> {
        let case = sqlx::query_scalar("SELECT case_id FROM declaration_problems WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(case)
    }
}
