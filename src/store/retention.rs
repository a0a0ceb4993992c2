//! What has passed its term (spec/retention.md), the daily job's turns, and what stays of removed
//! data: the trend's groups and the traces of forms. The deletions themselves are in `deletion`.

use sqlx::Row;

use super::{Db, StoreError};
use crate::domain::retention::{LastRun, TrendGroup};

/// A snapshot past its term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiredSnapshot {
    pub id: i64,
    pub as_of: String,
    pub rows: i64,
    /// The latest import of its as-of date: the one the trend shows, so its point is kept.
    pub in_trend: bool,
}

/// A form past its term: its id and case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiredForm {
    pub id: i64,
    pub case_id: String,
}

/// `SELECT` of the newest snapshot's id (latest as-of date, then latest import), -1 without one.
const NEWEST: &str = "COALESCE((SELECT id FROM snapshots ORDER BY as_of DESC, id DESC LIMIT 1), -1)";

impl Db {
    /// The snapshots with an as-of date before `cutoff` (`YYYY-MM-DD`), oldest first; never the
    /// newest snapshot.
    pub async fn expired_snapshots(&self, cutoff: &str) -> Result<Vec<ExpiredSnapshot>, StoreError> {
        let sql = format!(
            "SELECT s.id, s.as_of, s.row_count, \
             CASE WHEN s.id = (SELECT MAX(t.id) FROM snapshots t WHERE t.as_of = s.as_of) THEN 1 ELSE 0 END AS in_trend \
             FROM snapshots s WHERE s.as_of < $1 AND s.id <> {NEWEST} ORDER BY s.as_of, s.id"
        );
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cutoff.to_owned()).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                let in_trend: i64 = row.try_get("in_trend")?;
                Ok(ExpiredSnapshot {
                    id: row.try_get("id")?,
                    as_of: row.try_get("as_of")?,
                    rows: row.try_get("row_count")?,
                    in_trend: in_trend == 1,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The forms whose case was decided before `decided_before`; a case's decision is its row in
    /// the newest kept snapshot that holds it (kept: an as-of date from `kept_from` on, and the
    /// newest snapshot). A form whose case no kept snapshot holds goes once it came before
    /// `decided_before` itself.
    pub async fn expired_forms(
        &self,
        decided_before: &str,
        kept_from: &str,
    ) -> Result<Vec<ExpiredForm>, StoreError> {
        let sql = format!(
            "SELECT f.id, f.case_id, f.uploaded_at, (SELECT COALESCE(c.decided_on, '') FROM snapshots s \
             JOIN cases c ON c.snapshot_id = s.id AND c.case_id = f.case_id \
             WHERE s.as_of >= $1 OR s.id = {NEWEST} ORDER BY s.as_of DESC, s.id DESC LIMIT 1) AS decided \
             FROM evaluation_forms f ORDER BY f.id"
        );
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(kept_from.to_owned()).fetch_all(self.pool()).await?;
        let mut expired = Vec::new();
        for row in &rows {
            let (decided, uploaded_at): (Option<String>, String) =
                (row.try_get("decided")?, row.try_get("uploaded_at")?);
            // An empty decision: the case is open. No kept row: the case left the exports.
            let passed = match decided {
                Some(d) => !d.is_empty() && d.as_str() < decided_before,
                None => uploaded_at.as_str() < decided_before,
            };
            if passed {
                expired.push(ExpiredForm { id: row.try_get("id")?, case_id: row.try_get("case_id")? });
            }
        }
        Ok(expired)
    }

    /// How many problem reports were closed before `cutoff`; with `remove`, deletes them.
    pub async fn expired_problems(&self, cutoff: &str, remove: bool) -> Result<i64, StoreError> {
        let condition = "closed_at IS NOT NULL AND closed_at < $1";
        self.count_or_remove("declaration_problems", condition, cutoff, remove).await
    }

    /// How many access-log lines are older than `cutoff`; with `remove`, deletes them (the
    /// database allows it only for lines older than five years).
    pub async fn old_log_lines(&self, cutoff: &str, remove: bool) -> Result<i64, StoreError> {
        self.count_or_remove("access_log", "at < $1", cutoff, remove).await
    }

    async fn count_or_remove(
        &self,
        table: &str,
        condition: &str,
        cutoff: &str,
        remove: bool,
    ) -> Result<i64, StoreError> {
        let sql = if remove {
            format!("DELETE FROM {table} WHERE {condition}")
        } else {
            format!("SELECT COUNT(*) FROM {table} WHERE {condition}")
        };
        let query = sqlx::AssertSqlSafe(sql);
        if remove {
            let done = sqlx::query(query).bind(cutoff.to_owned()).execute(self.pool()).await?;
            Ok(i64::try_from(done.rows_affected()).unwrap_or(i64::MAX))
        } else {
            Ok(sqlx::query_scalar(query).bind(cutoff.to_owned()).fetch_one(self.pool()).await?)
        }
    }

    /// Takes the job's turn `turn` (e.g. `dag:2026-12-04 02:00`); `false` when an instance took
    /// it before and did not leave it unfinished for longer than an hour (before `stale`).
    pub async fn claim_retention_turn(&self, turn: &str, now: &str, stale: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO retention_runs (turn, started_at) VALUES ($1, $2) ON CONFLICT (turn) DO UPDATE \
             SET started_at = $2 WHERE retention_runs.finished_at IS NULL AND retention_runs.started_at < $3",
        )
        .bind(turn.to_owned())
        .bind(now.to_owned())
        .bind(stale.to_owned())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn finish_retention_turn(
        &self,
        turn: &str,
        now: &str,
        outcome: &str,
        removed: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE retention_runs SET finished_at = $1, outcome = $2, removed = $3 WHERE turn = $4")
            .bind(now.to_owned())
            .bind(outcome.to_owned())
            .bind(removed.to_owned())
            .bind(turn.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The last finished run of the job.
    pub async fn last_retention_run(&self) -> Result<Option<LastRun>, StoreError> {
        let row = sqlx::query(
            "SELECT finished_at, outcome, removed FROM retention_runs WHERE finished_at IS NOT NULL \
             ORDER BY finished_at DESC LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let outcome: Option<String> = row.try_get("outcome")?;
        Ok(Some(LastRun {
            finished_at: row.try_get("finished_at")?,
            succeeded: outcome.as_deref() == Some("gelukt"),
            removed: row.try_get::<Option<String>, _>("removed")?.unwrap_or_default(),
        }))
    }

    /// The trend's groups of every removed snapshot.
    pub async fn trend_groups(&self) -> Result<Vec<TrendGroup>, StoreError> {
        let rows = sqlx::query(
            "SELECT as_of, municipality, product, request_type, provider, open, unassigned, \
             oldest_unassigned FROM trend_points ORDER BY as_of",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TrendGroup {
                    as_of: row.try_get("as_of")?,
                    municipality: row.try_get("municipality")?,
                    product: row.try_get("product")?,
                    request_type: row.try_get("request_type")?,
                    provider: row.try_get("provider")?,
                    open: row.try_get("open")?,
                    unassigned: row.try_get("unassigned")?,
                    oldest_unassigned: row.try_get("oldest_unassigned")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// When the removed forms of a case came, oldest first (RFC 3339); with `organisation_id`
    /// (a provider), only its own, as with the forms themselves.
    pub async fn form_traces(
        &self,
        case_id: &str,
        organisation_id: Option<i64>,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT received_at FROM form_traces WHERE case_id = $1 \
             AND (CAST($2 AS BIGINT) IS NULL OR organisation_id = CAST($2 AS BIGINT)) ORDER BY received_at",
        )
        .bind(case_id.to_owned())
        .bind(organisation_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Removes the traces of forms whose case no snapshot holds any more: no page shows them.
    pub async fn remove_orphan_traces(&self) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM form_traces WHERE NOT EXISTS (SELECT 1 FROM snapshots s \
             JOIN cases c ON c.snapshot_id = s.id AND c.case_id = form_traces.case_id)",
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
