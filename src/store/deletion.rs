//! Deleting (spec/retention.md): an evaluation form with its file and assessments, or a snapshot
//! with its cases, so that the bytes are gone from the database (SQLite: `secure_delete`, then a WAL checkpoint).

use sqlx::{Any, Row, Transaction};

use super::db::Backend;
use super::{Db, StoreError};
use crate::domain::retention::TrendGroup;

/// What a deletion did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    Gone,
    /// Not deleted: the form was assessed, and only an unassessed one was asked for.
    Assessed,
    Missing,
}

impl Db {
    /// Deletes form `id`, its assessments and its file in one transaction; with
    /// `unassessed_only`, only while nobody assessed it.
    pub async fn delete_form(&self, id: i64, unassessed_only: bool) -> Result<Deleted, StoreError> {
        let mut tx = self.pool().begin().await?;
        let file: Option<i64> = sqlx::query_scalar("SELECT file_id FROM evaluation_forms WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(file) = file else { return Ok(Deleted::Missing) };
        if unassessed_only {
            // One statement, so that an assessment that comes in meanwhile keeps the form.
            let gone = sqlx::query(
                "DELETE FROM evaluation_forms WHERE id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM form_assessments WHERE form_id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if gone.rows_affected() == 0 {
                return Ok(Deleted::Assessed);
            }
        }
        remove_form(&mut tx, id, file).await?;
        tx.commit().await?;
        self.scrub().await?;
        Ok(Deleted::Gone)
    }

    /// Deletes form `id` after its term (spec/retention.md), leaving its trace in the case
    /// history: that a form came, and when. The form's own deletion decides, so that two runs at
    /// once leave one trace. Scrubbing is left to the caller (once per run).
    pub async fn expire_form(&self, id: i64, removed_at: &str) -> Result<Deleted, StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM form_assessments WHERE form_id = $1").bind(id).execute(&mut *tx).await?;
        let form = sqlx::query(
            "DELETE FROM evaluation_forms WHERE id = $1 RETURNING case_id, organisation_id, uploaded_at, file_id",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(form) = form else { return Ok(Deleted::Missing) };
        let file: i64 = form.try_get("file_id")?;
        sqlx::query(
            "INSERT INTO form_traces (case_id, organisation_id, received_at, removed_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(form.try_get::<String, _>("case_id")?)
        .bind(form.try_get::<Option<i64>, _>("organisation_id")?)
        .bind(form.try_get::<String, _>("uploaded_at")?)
        .bind(removed_at.to_owned())
        .execute(&mut *tx)
        .await?;
        remove_form(&mut tx, id, file).await?;
        tx.commit().await?;
        Ok(Deleted::Gone)
    }

    /// Deletes snapshot `id` with its cases and saved frame in one transaction, storing
    /// `points` (its trend, counts only, in place of any kept before for its date; none for a
    /// wrong snapshot) in the same one. `Missing` when it was already gone (then nothing is
    /// stored). Scrubbing is left to the caller.
    pub async fn delete_snapshot(&self, id: i64, points: &[TrendGroup]) -> Result<Deleted, StoreError> {
        let mut tx = self.pool().begin().await?;
        let gone = sqlx::query("DELETE FROM snapshots WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if gone.rows_affected() == 0 {
            return Ok(Deleted::Missing);
        }
        if let Some(first) = points.first() {
            // The same date imported again after its snapshot was removed: one point per date.
            sqlx::query("DELETE FROM trend_points WHERE as_of = $1")
                .bind(first.as_of.clone())
                .execute(&mut *tx)
                .await?;
        }
        for point in points {
            insert_point(&mut tx, point).await?;
        }
        tx.commit().await?;
        Ok(Deleted::Gone)
    }

    /// After a deletion: SQLite zeroed the freed pages (`secure_delete`), and the checkpoint
    /// copies them into the file and empties the write-ahead log that still held the old pages.
    pub async fn scrub(&self) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(());
        }
        // A checkpoint waits for readers that still see the old pages; it says so when busy.
        for _ in 0..50 {
            let (busy, _, _): (i64, i64, i64) =
                sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(self.pool()).await?;
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        tracing::warn!(
            "the write-ahead log could not be emptied after a deletion; the next checkpoint does it"
        );
        Ok(())
    }
}

/// Form `id`'s assessments, the form, and its file unless another form shares it.
async fn remove_form(tx: &mut Transaction<'_, Any>, id: i64, file: i64) -> Result<(), StoreError> {
    for sql in
        ["DELETE FROM form_assessments WHERE form_id = $1", "DELETE FROM evaluation_forms WHERE id = $1"]
    {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    sqlx::query("DELETE FROM form_files WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM evaluation_forms WHERE file_id = $1)")
        .bind(file)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_point(tx: &mut Transaction<'_, Any>, point: &TrendGroup) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO trend_points (as_of, municipality, product, request_type, provider, open, unassigned, oldest_unassigned) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(point.as_of.clone())
    .bind(point.municipality.clone())
    .bind(point.product.clone())
    .bind(point.request_type.clone())
    .bind(point.provider.clone())
    .bind(point.open)
    .bind(point.unassigned)
    .bind(point.oldest_unassigned.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
