//! The revision row (migration 0007) that writes the caches depend on bump, and the newest
//! revisions this process has seen: one cheap read per request tells what changed, anywhere.

use std::sync::{Arc, Mutex};

use sqlx::Row;

use super::{Db, StoreError};

/// How often the database changed, counted separately for data and for access.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Revisions {
    /// Snapshots, settings, evaluation forms and their assessments.
    pub data: i64,
    /// Ended sessions, accounts' role, organisation, password or disabling, organisation links.
    pub access: i64,
}

/// The newest revisions read by any request of this process.
#[derive(Clone, Debug, Default)]
pub struct Seen(Arc<Mutex<Option<Revisions>>>);

impl Seen {
    fn get(&self) -> Option<Revisions> {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps the newest of each count: requests may finish their reads out of order.
    fn update(&self, read: Revisions) {
        let mut seen = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let newest = seen
            .map_or(read, |s| Revisions { data: s.data.max(read.data), access: s.access.max(read.access) });
        *seen = Some(newest);
    }
}

impl Db {
    /// Reads the revisions (one row) and remembers them as seen.
    pub async fn revisions(&self) -> Result<Revisions, StoreError> {
        let row =
            sqlx::query("SELECT data, access FROM revisions WHERE id = 1").fetch_one(self.pool()).await?;
        let read = Revisions { data: row.try_get("data")?, access: row.try_get("access")? };
        self.seen().update(read);
        Ok(read)
    }

    /// The newest revisions read so far in this process, without asking the database.
    pub fn revisions_seen(&self) -> Option<Revisions> {
        self.seen().get()
    }
}
