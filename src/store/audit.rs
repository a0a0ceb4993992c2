//! The access log (spec/access.md, in the spirit of NEN 7513): rows are only ever added; the
//! database refuses updates and deletes (triggers), the application has no way to ask.

use super::{Db, StoreError};
use crate::domain::access::{clip, LogFilter, LogLine};

/// The longest value a log column keeps: a line describes an action, it never holds a document.
pub const MAX_LOG_VALUE_CHARS: usize = 500;

/// `value` cut to `MAX_LOG_VALUE_CHARS` characters.
fn bounded(value: &Option<String>) -> Option<String> {
    value.as_deref().map(|v| cut(v).to_owned())
}

fn cut(value: &str) -> &str {
    clip(value, MAX_LOG_VALUE_CHARS)
}

impl Db {
    /// Adds one line; every value is cut to a sane length first.
    pub async fn log_access(&self, entry: &LogLine) -> Result<(), StoreError> {
        insert_line(self.pool(), entry).await
    }

    pub async fn access_log_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM access_log").fetch_one(self.pool()).await?)
    }
}

impl Db {
    /// The newest lines first, at most `limit`.
    pub async fn access_log(&self, filter: &LogFilter, limit: i64) -> Result<Vec<LogLine>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, user_id, email, role, organisation, action, case_id, client_ref, detail, outcome FROM access_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR email LIKE '%' || CAST($1 AS TEXT) || '%') \
             AND (CAST($2 AS TEXT) IS NULL OR case_id = CAST($2 AS TEXT)) \
             AND (CAST($3 AS TEXT) IS NULL OR at >= CAST($3 AS TEXT)) \
             AND (CAST($4 AS TEXT) IS NULL OR at < CAST($4 AS TEXT)) ORDER BY id DESC LIMIT $5",
        )
        .bind(filter.user.as_ref().map(|u| u.to_lowercase()))
        .bind(filter.case_id.clone())
        .bind(filter.from.clone())
        .bind(filter.to.as_ref().map(|to| format!("{to}T99")))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(log_line).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
    }
}

/// One row of `access_log` (its columns after `id`).
pub(super) fn log_line(row: &sqlx::any::AnyRow) -> Result<LogLine, sqlx::Error> {
    use sqlx::Row;
    Ok(LogLine {
        at: row.try_get("at")?,
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        organisation: row.try_get("organisation")?,
        action: row.try_get("action")?,
        case_id: row.try_get("case_id")?,
        client_ref: row.try_get("client_ref")?,
        detail: row.try_get("detail")?,
        outcome: row.try_get("outcome")?,
    })
}

/// Adds one line through `executor` (the pool, or a transaction the line belongs to).
pub(super) async fn insert_line<'e, E>(executor: E, entry: &LogLine) -> Result<(), StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO access_log (at, user_id, email, role, organisation, action, case_id, client_ref, detail, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.at.clone())
    .bind(entry.user_id)
    .bind(bounded(&entry.email))
    .bind(bounded(&entry.role))
    .bind(bounded(&entry.organisation))
    .bind(cut(&entry.action).to_owned())
    .bind(bounded(&entry.case_id))
    .bind(bounded(&entry.client_ref))
    .bind(bounded(&entry.detail))
    .bind(cut(&entry.outcome).to_owned())
    .execute(executor)
    .await?;
    Ok(())
}
