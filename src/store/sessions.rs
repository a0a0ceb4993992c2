//! Server-side sessions, shared by every instance through the database: found by the SHA-256 of
//! the cookie token, with their start, last activity and absolute end (RFC 3339 UTC).

use sqlx::Row;

use super::{Db, StoreError};

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub user_id: i64,
    pub last_seen_at: String,
    pub expires_at: String,
}

impl Db {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash.to_owned())
        .bind(user_id)
        .bind(now.to_owned())
        .bind(expires_at.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query("SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(SessionRecord {
                user_id: row.try_get("user_id")?,
                last_seen_at: row.try_get("last_seen_at")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    pub async fn touch_session(&self, token_hash: &str, now: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now.to_owned())
            .bind(token_hash.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every session of a user (disabled account, new password).
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(self.pool()).await?;
        Ok(())
    }
}
