//! Sessions held in memory for a few seconds, so that a request needs no session queries:
//! an entry counts only while the access revision is the one it was read at, so a sign-out
//! or a disabled account on any instance ends it at the next request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use super::{session_user, token_hash, CurrentUser};
use crate::store::{Db, StoreError};

/// How long a session read from the database is trusted without reading it again.
const KEEP_SECONDS: i64 = 30;
/// Beyond this many sessions the cache starts afresh (a bound on memory, not a limit on users).
const MAX_ENTRIES: usize = 10_000;

struct Entry {
    user: CurrentUser,
    /// The access revision the session was read at.
    access: i64,
    until: DateTime<Utc>,
}

#[derive(Clone, Default)]
pub struct SessionCache(Arc<Mutex<HashMap<String, Entry>>>);

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionCache")
    }
}

impl SessionCache {
    /// The user of a session token, as `super::authenticate`, from memory when the session was
    /// read less than `KEEP_SECONDS` ago at the same `access` revision.
    pub async fn user(
        &self,
        db: &Db,
        token: &str,
        now: DateTime<Utc>,
        access: i64,
    ) -> Result<Option<CurrentUser>, StoreError> {
        let hash = token_hash(token);
        if let Some(user) = self.hit(&hash, now, access) {
            return Ok(Some(user));
        }
        let found = session_user(db, hash.clone(), now).await?;
        let mut entries = self.entries();
        match &found {
            Some((user, lasts_until)) => {
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
                let until = (*lasts_until).min(now + Duration::seconds(KEEP_SECONDS));
                entries.insert(hash, Entry { user: user.clone(), access, until });
            }
            None => {
                entries.remove(&hash);
            }
        }
        Ok(found.map(|(user, _)| user))
    }

    fn hit(&self, hash: &str, now: DateTime<Utc>, access: i64) -> Option<CurrentUser> {
        let entries = self.entries();
        let entry = entries.get(hash).filter(|e| e.access == access && now < e.until)?;
        Some(entry.user.clone())
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
