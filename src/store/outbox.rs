//! The outbox: claiming a notice's mail under a lease, recording what became of it (a sent mail
//! and its access-log line in one transaction), and the mails refused for good, for the admin.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Db, StoreError};
use crate::domain::access::LogLine;
use crate::domain::notice::{Kind, Line, RefusedMail};
use crate::i18n::Locale;

/// A mail claimed from the outbox.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub id: i64,
    pub user_id: i64,
    pub kind: Kind,
    pub subject: String,
    pub lines: Vec<Line>,
    pub case_ids: String,
    pub attempts: i64,
    /// The language it was written in.
    pub locale: Locale,
}

/// What became of a mail that did not go out.
pub enum Delivery<'a> {
    /// Tried again at the time given.
    Later {
        at: &'a str,
        error: &'a str,
    },
    Refused {
        error: &'a str,
    },
}

impl Db {
    /// The oldest mail due to be tried, leased to `owner` until `until`.
    pub async fn claim_mail(
        &self,
        owner: &str,
        now: &str,
        until: &str,
    ) -> Result<Option<OutgoingMail>, StoreError> {
        let row = sqlx::query(
            "UPDATE notices SET lease_owner = $1, lease_until = $2 WHERE id = (SELECT id FROM notices \
             WHERE mail = 'waiting' AND next_try_at <= $3 AND (lease_until IS NULL OR lease_until < $3) \
             ORDER BY id LIMIT 1) AND mail = 'waiting' AND (lease_until IS NULL OR lease_until < $3) \
             RETURNING id, user_id, kind, subject, lines, case_ids, attempts, locale",
        )
        .bind(owner.to_owned())
        .bind(until.to_owned())
        .bind(now.to_owned())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kind: String = row.try_get("kind")?;
        let lines: String = row.try_get("lines")?;
        Ok(Some(OutgoingMail {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            kind: Kind::from_code(&kind)
                .ok_or_else(|| sqlx::Error::Protocol(format!("unknown notice kind {kind}")))?,
            subject: row.try_get("subject")?,
            lines: serde_json::from_str(&lines).unwrap_or_default(),
            case_ids: row.try_get("case_ids")?,
            attempts: row.try_get("attempts")?,
            locale: Locale::from_code(&row.try_get::<String, _>("locale")?).unwrap_or_default(),
        }))
    }

    /// Records a mail that did not go out (to be tried again, or refused for good).
    pub async fn mail_tried(&self, id: i64, owner: &str, delivery: Delivery<'_>) -> Result<(), StoreError> {
        let (mail, next, error) = match delivery {
            Delivery::Later { at, error } => ("waiting", Some(at.to_owned()), error),
            Delivery::Refused { error } => ("refused", None, error),
        };
        sqlx::query(
            "UPDATE notices SET mail = $1, next_try_at = COALESCE($2, next_try_at), error = $3, \
             attempts = attempts + 1, lease_owner = NULL, lease_until = NULL WHERE id = $4 AND lease_owner = $5",
        )
        .bind(mail.to_owned())
        .bind(next)
        .bind(crate::domain::access::clip(error, 500).to_owned())
        .bind(id)
        .bind(owner.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Gives a claimed mail back untried.
    pub async fn release_mail(&self, id: i64, owner: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE notices SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id)
        .bind(owner.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The mails refused for good, the newest first, for the admin.
    pub async fn refused_mail(&self, limit: i64) -> Result<Vec<RefusedMail>, StoreError> {
        let rows = sqlx::query(
            "SELECT n.id, u.email, n.kind, n.created_at, n.error FROM notices n JOIN users u ON u.id = n.user_id \
             WHERE n.mail = 'refused' ORDER BY n.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let refused = |row: &AnyRow| -> Result<RefusedMail, sqlx::Error> {
            let kind: String = row.try_get("kind")?;
            Ok(RefusedMail {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                kind: Kind::from_code(&kind)
                    .ok_or_else(|| sqlx::Error::Protocol(format!("unknown notice kind {kind}")))?,
                created_at: row.try_get("created_at")?,
                error: row.try_get::<Option<String>, _>("error")?.unwrap_or_default(),
            })
        };
        rows.iter().map(refused).collect::<Result<_, _>>().map_err(StoreError::from)
    }

    /// Records a mail as sent and writes its access-log line, together or not at all.
    pub async fn mail_sent(
        &self,
        id: i64,
        owner: &str,
        now: &str,
        entry: &LogLine,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE notices SET mail = 'sent', sent_at = $1, error = NULL, attempts = attempts + 1, \
             lease_owner = NULL, lease_until = NULL WHERE id = $2 AND lease_owner = $3",
        )
        .bind(now.to_owned())
        .bind(id)
        .bind(owner.to_owned())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            super::audit::insert_line(&mut *tx, entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
