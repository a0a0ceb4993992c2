//! Snapshots and their cases: storing one validated export in one transaction (batched
//! inserts), finding an earlier import of the same file, and the import history.

use chrono::{NaiveDate, Utc};
use polars::prelude::{DataFrame, DataType, StringChunked};
use sqlx::{AssertSqlSafe, Row};

use super::db::Backend;
use super::{Db, StoreError};
use crate::domain::report::SnapshotInfo;

/// The columns of `cases` after `snapshot_id`, in the order of the canonical frame.
pub const CASE_COLUMNS: [&str; 13] = [
    "case_id",
    "client_ref",
    "client_key",
    "request_type",
    "product",
    "municipality",
    "provider",
    "consultant",
    "received_on",
    "assigned_on",
    "decided_on",
    "outcome",
    "indication_end",
];

/// Rows per INSERT (14 parameters each): measured fastest on SQLite, far below both limits.
const BATCH_ROWS: usize = 500;

/// Provenance of an import.
pub struct NewSnapshot<'a> {
    pub as_of: NaiveDate,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub imported_by: Option<&'a str>,
    pub warnings: &'a [crate::domain::report::Warning],
}

impl Db {
    /// How many snapshots the database holds.
    pub async fn snapshot_count(&self) -> Result<i64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM snapshots").fetch_one(self.pool()).await?;
        Ok(count)
    }

    /// The snapshot that was imported from a file with this SHA-256, if any.
    pub async fn snapshot_by_sha256(&self, sha256: &str) -> Result<Option<i64>, StoreError> {
        let id = sqlx::query_scalar("SELECT id FROM snapshots WHERE sha256 = $1")
            .bind(sha256.to_owned())
            .fetch_optional(self.pool())
            .await?;
        Ok(id)
    }

    /// Stores the snapshot and all its cases in one transaction; on any failure nothing is kept.
    pub async fn insert_snapshot(
        &self,
        meta: &NewSnapshot<'_>,
        cases: &DataFrame,
    ) -> Result<i64, StoreError> {
        let columns = text_columns(cases)?;
        let warnings = serde_json::to_string(meta.warnings).unwrap_or_else(|_| "[]".into());
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO snapshots (as_of, file_name, sha256, imported_by, imported_at, row_count, warnings) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(meta.as_of.format("%Y-%m-%d").to_string())
        .bind(meta.file_name.to_owned())
        .bind(meta.sha256.to_owned())
        .bind(meta.imported_by.map(str::to_owned))
        .bind(Utc::now().to_rfc3339())
        .bind(cases.height() as i64)
        .bind(warnings)
        .fetch_one(&mut *tx)
        .await?;
        let backend = self.backend();
        let full_batch_sql = insert_sql(BATCH_ROWS, backend);
        for start in (0..cases.height()).step_by(BATCH_ROWS) {
            let end = (start + BATCH_ROWS).min(cases.height());
            let sql = if end - start == BATCH_ROWS {
                full_batch_sql.clone()
            } else {
                insert_sql(end - start, backend)
            };
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for row in start..end {
                query = query.bind(id);
                for column in &columns {
                    query = query.bind(column.get(row));
                }
            }
            query.execute(&mut *tx).await?;
        }
        let frame = super::frame::saved_form(&columns).map_err(|e| StoreError::Frame(e.to_string()))?;
        sqlx::query("INSERT INTO snapshot_frames (snapshot_id, format, frame) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(super::frame::FRAME_FORMAT)
            .bind(frame)
            .execute(&mut *tx)
            .await?;
        // The alerts are checked after every import (spec/notifications.md): its cause is kept
        // with it, so that a stop right after the import loses no alert.
        let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        super::notices::add_cause(&mut *tx, "import", &id.to_string(), &now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The newest imports first.
    pub async fn snapshot_history(&self, limit: i64) -> Result<Vec<SnapshotInfo>, StoreError> {
        let sql = format!("SELECT {INFO_COLUMNS} FROM snapshots ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(snapshot_info).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
    }

    /// One import, when it is still there.
    pub async fn snapshot(&self, id: i64) -> Result<Option<SnapshotInfo>, StoreError> {
        let sql = format!("SELECT {INFO_COLUMNS} FROM snapshots WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(snapshot_info).transpose()?)
    }
}

const INFO_COLUMNS: &str = "id, as_of, file_name, imported_by, imported_at, row_count, warnings";

fn snapshot_info(row: &sqlx::any::AnyRow) -> Result<SnapshotInfo, sqlx::Error> {
    let warnings: String = row.try_get("warnings")?;
    Ok(SnapshotInfo {
        id: row.try_get("id")?,
        as_of: row.try_get("as_of")?,
        file_name: row.try_get("file_name")?,
        imported_by: row.try_get("imported_by")?,
        imported_at: row.try_get("imported_at")?,
        row_count: row.try_get("row_count")?,
        warnings: serde_json::from_str(&warnings).unwrap_or_default(),
    })
}

/// The canonical columns as text (dates as YYYY-MM-DD), in `CASE_COLUMNS` order.
fn text_columns(cases: &DataFrame) -> Result<Vec<StringChunked>, StoreError> {
    CASE_COLUMNS
        .iter()
        .map(|name| {
            let column = cases.column(name)?.cast(&DataType::String)?;
            Ok(column.str()?.rechunk().into_owned())
        })
        .collect::<Result<_, polars::error::PolarsError>>()
        .map_err(|e| StoreError::Frame(e.to_string()))
}

/// A multi-row INSERT. SQLite gets anonymous `?` placeholders: numbered ones make binding
/// grow with the square of the statement's size there.
fn insert_sql(rows: usize, backend: Backend) -> String {
    let width = CASE_COLUMNS.len() + 1;
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=width)
                .map(|c| match backend {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${}", r * width + c),
                })
                .collect();
            format!("({})", params.join(","))
        })
        .collect();
    format!("INSERT INTO cases (snapshot_id, {}) VALUES {}", CASE_COLUMNS.join(", "), tuples.join(","))
}

impl Db {
    /// The snapshots as (id, as-of date) for the backlog trend: per as-of date only the latest
    /// import (spec/export-format.md: "the later import wins for that date"), oldest date first.
    pub async fn snapshot_dates(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query("SELECT MAX(id) AS id, as_of FROM snapshots GROUP BY as_of ORDER BY as_of")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("as_of")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
