//! Snapshots: one stored import of a case export, with its as-of date and provenance.
//! The import issue fills them; for now the store can count them.

use super::{Db, StoreError};

impl Db {
    /// How many snapshots the database holds.
    pub async fn snapshot_count(&self) -> Result<i64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM snapshots")
            .fetch_one(self.pool())
            .await?;
        Ok(count)
    }
}
