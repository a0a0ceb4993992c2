//! Sign-in through the identity provider, as stored: logins under way (single use, ten minutes)
//! and the link from a provider's subject to an account.

use sqlx::Row;

use super::users::UserRecord;
use super::{Db, StoreError};

/// A login under way: what the callback needs to finish it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLogin {
    pub browser_hash: String,
    pub nonce: String,
    pub verifier: String,
    pub back: String,
}

impl Db {
    /// Keeps a login under way, and drops those started before `stale_before`; false (nothing
    /// kept) while `limit` logins are under way already, so that a flood cannot fill the store.
    pub async fn save_pending_login(
        &self,
        state_hash: &str,
        login: &PendingLogin,
        (now, stale_before): (&str, &str),
        limit: i64,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
            .bind(stale_before.to_owned())
            .execute(self.pool())
            .await?;
        let under_way: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM oidc_logins").fetch_one(self.pool()).await?;
        if under_way >= limit {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO oidc_logins (state_hash, browser_hash, nonce, verifier, back, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(state_hash.to_owned())
        .bind(login.browser_hash.clone())
        .bind(login.nonce.clone())
        .bind(login.verifier.clone())
        .bind(login.back.clone())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(true)
    }

    /// Takes the login of `state_hash` out (so that it is used once), if it started at or after
    /// `stale_before`.
    pub async fn take_pending_login(
        &self,
        state_hash: &str,
        stale_before: &str,
    ) -> Result<Option<PendingLogin>, StoreError> {
        let row = sqlx::query(
            "DELETE FROM oidc_logins WHERE state_hash = $1 \
             RETURNING browser_hash, nonce, verifier, back, created_at",
        )
        .bind(state_hash.to_owned())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let created_at: String = row.try_get("created_at")?;
        if created_at.as_str() < stale_before {
            return Ok(None);
        }
        Ok(Some(PendingLogin {
            browser_hash: row.try_get("browser_hash")?,
            nonce: row.try_get("nonce")?,
            verifier: row.try_get("verifier")?,
            back: row.try_get("back")?,
        }))
    }

    /// The account linked to a provider's subject.
    pub async fn user_by_subject(
        &self,
        issuer: &str,
        subject: &str,
    ) -> Result<Option<UserRecord>, StoreError> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2")
                .bind(issuer.to_owned())
                .bind(subject.to_owned())
                .fetch_optional(self.pool())
                .await?;
        match id {
            Some(id) => self.user_by_id(id).await,
            None => Ok(None),
        }
    }

    /// Links an account that has no subject yet to this one; false when it has one already.
    pub async fn link_subject(&self, user_id: i64, issuer: &str, subject: &str) -> Result<bool, StoreError> {
        let linked = sqlx::query(
            "UPDATE users SET oidc_issuer = $1, oidc_subject = $2 WHERE id = $3 AND oidc_subject IS NULL",
        )
        .bind(issuer.to_owned())
        .bind(subject.to_owned())
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(linked.rows_affected() == 1)
    }
}
