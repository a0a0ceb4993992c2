//! Deleting by hand (spec/retention.md): an evaluation form with its file and assessments, so
//! that its bytes are gone from the database (SQLite: `secure_delete`, then a WAL checkpoint).

use super::db::Backend;
use super::{Db, StoreError};

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
        } else {
            for sql in [
                "DELETE FROM form_assessments WHERE form_id = $1",
                "DELETE FROM evaluation_forms WHERE id = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
        }
        sqlx::query("DELETE FROM form_files WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM evaluation_forms WHERE file_id = $1)")
            .bind(file)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.scrub().await?;
        Ok(Deleted::Gone)
    }

    /// After a deletion: SQLite zeroed the freed pages (`secure_delete`), and the checkpoint
    /// copies them into the file and empties the write-ahead log that still held the old pages.
    async fn scrub(&self) -> Result<(), StoreError> {
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
