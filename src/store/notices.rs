//! The notices' tables: each user's choices, the causes waiting to become notices (with their
//! lease), and the notices, which are the list on Meldingen and the outbox of the mail.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Db, StoreError};
use crate::domain::notice::{Channel, Choice, Kind, Line, Notice};
use crate::i18n::Locale;

/// A user's choice with the state the notices keep in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceRow {
    pub user_id: i64,
    pub choice: Choice,
    /// An alert's keys over its threshold after the last import.
    pub crossed: Vec<String>,
    /// A digest's previous time (RFC 3339).
    pub last_at: Option<String>,
}

/// A notice to store for a user.
pub struct NewNotice {
    pub user_id: i64,
    pub kind: Kind,
    pub subject: String,
    pub lines: Vec<Line>,
    pub case_ids: Vec<String>,
    pub by_mail: bool,
    /// The language it is written in.
    pub locale: Locale,
}

/// A cause claimed by an instance: `import` (ref: the snapshot id) or `digest` (ref: the period).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub id: i64,
    pub kind: String,
    pub reference: String,
}

fn choice_row(row: &AnyRow) -> Result<Option<ChoiceRow>, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let Some(kind) = Kind::from_code(&kind) else { return Ok(None) };
    let by_mail: i64 = row.try_get("by_mail")?;
    let crossed: String = row.try_get("crossed")?;
    Ok(Some(ChoiceRow {
        user_id: row.try_get("user_id")?,
        choice: Choice {
            kind,
            channel: if by_mail == 1 { Channel::Mail } else { Channel::App },
            threshold: row.try_get("threshold")?,
        },
        crossed: serde_json::from_str(&crossed).unwrap_or_default(),
        last_at: row.try_get("last_at")?,
    }))
}

fn choice_rows(rows: &[AnyRow]) -> Result<Vec<ChoiceRow>, StoreError> {
    let rows: Result<Vec<_>, sqlx::Error> = rows.iter().map(choice_row).collect();
    Ok(rows?.into_iter().flatten().collect())
}

impl Db {
    /// One user's choices.
    pub async fn choices(&self, user_id: i64) -> Result<Vec<ChoiceRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM notice_choices WHERE user_id = $1 ORDER BY kind")
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        choice_rows(&rows)
    }

    /// The choices of `kind` of every enabled account.
    pub async fn choosers(&self, kind: Kind) -> Result<Vec<ChoiceRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.* FROM notice_choices c JOIN users u ON u.id = c.user_id \
             WHERE c.kind = $1 AND u.disabled = 0 ORDER BY c.user_id",
        )
        .bind(kind.code().to_owned())
        .fetch_all(self.pool())
        .await?;
        choice_rows(&rows)
    }

    /// Replaces a user's choices; an alert whose threshold changed starts uncrossed.
    pub async fn set_choices(&self, user_id: i64, choices: &[Choice]) -> Result<(), StoreError> {
        let before = self.choices(user_id).await?;
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM notice_choices WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        for choice in choices {
            let kept = before
                .iter()
                .find(|b| b.choice.kind == choice.kind && b.choice.threshold == choice.threshold);
            sqlx::query(
                "INSERT INTO notice_choices (user_id, kind, by_mail, threshold, crossed, last_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id)
            .bind(choice.kind.code().to_owned())
            .bind(i64::from(choice.channel == Channel::Mail))
            .bind(choice.threshold)
            .bind(kept.map_or_else(|| "[]".to_owned(), |k| json(&k.crossed)))
            .bind(kept.and_then(|k| k.last_at.clone()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a digest's turn (`ref` names its period); a turn already recorded stays as it was.
    pub async fn add_cause(&self, kind: &str, reference: &str, now: &str) -> Result<(), StoreError> {
        add_cause(self.pool(), kind, reference, now).await
    }

    /// The oldest cause that is neither done nor leased, leased to `owner` until `until`.
    pub async fn claim_cause(
        &self,
        owner: &str,
        now: &str,
        until: &str,
    ) -> Result<Option<Cause>, StoreError> {
        let row = sqlx::query(
            "UPDATE notice_causes SET lease_owner = $1, lease_until = $2 WHERE id = (SELECT id FROM notice_causes \
             WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < $3) ORDER BY id LIMIT 1) \
             AND done_at IS NULL AND (lease_until IS NULL OR lease_until < $3) RETURNING id, kind, ref",
        )
        .bind(owner.to_owned())
        .bind(until.to_owned())
        .bind(now.to_owned())
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Cause { id: row.try_get("id")?, kind: row.try_get("kind")?, reference: row.try_get("ref")? })
        })
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }

    /// Stores a cause's notices and the choices' new state, and marks the cause done, in one
    /// transaction; `false` (nothing stored) when `owner` no longer holds its lease.
    pub async fn finish_cause(
        &self,
        cause: &Cause,
        owner: &str,
        now: &str,
        notices: &[NewNotice],
        updates: &[ChoiceRow],
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE notice_causes SET done_at = $1 WHERE id = $2 AND lease_owner = $3 AND done_at IS NULL",
        )
        .bind(now.to_owned())
        .bind(cause.id)
        .bind(owner.to_owned())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for notice in notices {
            insert_notice(&mut tx, notice, now).await?;
        }
        for update in updates {
            sqlx::query(
                "UPDATE notice_choices SET crossed = $1, last_at = $2 WHERE user_id = $3 AND kind = $4",
            )
            .bind(json(&update.crossed))
            .bind(update.last_at.clone())
            .bind(update.user_id)
            .bind(update.choice.kind.code().to_owned())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

impl Db {
    /// A user's newest notices.
    pub async fn notices_of(&self, user_id: i64, limit: i64) -> Result<Vec<Notice>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, created_at, subject, lines, mail, locale FROM notices WHERE user_id = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let notice = |row: &AnyRow| -> Result<Option<Notice>, sqlx::Error> {
            let (kind, lines): (String, String) = (row.try_get("kind")?, row.try_get("lines")?);
            let Some(kind) = Kind::from_code(&kind) else { return Ok(None) };
            Ok(Some(Notice {
                id: row.try_get("id")?,
                kind,
                created_at: row.try_get("created_at")?,
                subject: row.try_get("subject")?,
                lines: serde_json::from_str(&lines).unwrap_or_default(),
                mail: row.try_get("mail")?,
                locale: Locale::from_code(&row.try_get::<String, _>("locale")?).unwrap_or_default(),
            }))
        };
        let notices: Result<Vec<_>, sqlx::Error> = rows.iter().map(notice).collect();
        Ok(notices?.into_iter().flatten().collect())
    }
}

/// Records a cause through `executor` (the transaction of what caused it, or the pool); once
/// per `(kind, ref)`.
pub(super) async fn add_cause<'e, E>(
    executor: E,
    kind: &str,
    reference: &str,
    now: &str,
) -> Result<(), StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query("INSERT INTO notice_causes (kind, ref, created_at) VALUES ($1, $2, $3) ON CONFLICT (kind, ref) DO NOTHING")
        .bind(kind.to_owned())
        .bind(reference.to_owned())
        .bind(now.to_owned())
        .execute(executor)
        .await?;
    Ok(())
}

async fn insert_notice(
    tx: &mut Transaction<'_, Any>,
    notice: &NewNotice,
    now: &str,
) -> Result<(), StoreError> {
    let lines = serde_json::to_string(&notice.lines).map_err(|e| StoreError::Frame(e.to_string()))?;
    sqlx::query(
        "INSERT INTO notices (user_id, kind, subject, lines, case_ids, created_at, mail, next_try_at, locale) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(notice.user_id)
    .bind(notice.kind.code().to_owned())
    .bind(notice.subject.clone())
    .bind(lines)
    .bind(notice.case_ids.join(","))
    .bind(now.to_owned())
    .bind(if notice.by_mail { "waiting" } else { "none" }.to_owned())
    .bind(notice.by_mail.then(|| now.to_owned()))
    .bind(notice.locale.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn json(keys: &[String]) -> String {
    serde_json::to_string(keys).unwrap_or_else(|_| "[]".to_owned())
}
