//! Accounts and organisations: users with their role and Argon2id hash, failed sign-ins and
//! lockout, organisations and the export spellings that belong to them.

use sqlx::Row;

use super::{Db, StoreError};
use crate::domain::access::{Role, UserSummary};
use crate::i18n::Locale;

/// A user as stored, with the organisation's name.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub password_hash: String,
    pub disabled: bool,
    pub failed_logins: i64,
    /// RFC 3339 UTC.
    pub locked_until: Option<String>,
    /// A consultant's name in the exports.
    pub consultant_name: Option<String>,
    pub locale: Locale,
}

/// The failure count and lock of an account right after a failed sign-in.
#[derive(Clone, Debug)]
pub struct FailedSignIns {
    pub in_a_row: i64,
    /// RFC 3339 UTC.
    pub locked_until: Option<String>,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub password_hash: &'a str,
    pub now: &'a str,
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.role, u.organisation_id, o.name AS organisation, \
     u.password_hash, u.disabled, u.failed_logins, u.locked_until, u.consultant_name, u.locale \
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

fn user(row: &sqlx::any::AnyRow) -> Result<UserRecord, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(UserRecord {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: Role::from_code(&role).ok_or_else(|| StoreError::Frame(format!("onbekende rol {role}")))?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: row.try_get("organisation")?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
        consultant_name: row.try_get("consultant_name")?,
        locale: Locale::from_code(&row.try_get::<String, _>("locale")?).unwrap_or_default(),
    })
}

impl Db {
    pub async fn create_user(&self, new: &NewUser<'_>) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO users (email, role, organisation_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.email.to_lowercase())
        .bind(new.role.code())
        .bind(new.organisation_id)
        .bind(new.password_hash.to_owned())
        .bind(new.now.to_owned())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("{USER_SELECT} WHERE u.email = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.trim().to_lowercase())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user).transpose()
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("{USER_SELECT} WHERE u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(user).transpose()
    }

    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?)
    }

    /// One more failed sign-in in a row, in one statement so that attempts at the same moment
    /// all count: the `max_failures`-th locks the account until `lock_until`. A failure after an
    /// ended lock starts a new row of failures. `now` and `lock_until` are RFC 3339 UTC.
    pub async fn record_failed_sign_in(
        &self,
        id: i64,
        max_failures: i64,
        now: &str,
        lock_until: &str,
    ) -> Result<FailedSignIns, StoreError> {
        let row = sqlx::query(
            "UPDATE users SET \
               failed_logins = CASE WHEN locked_until <= $1 THEN 1 ELSE failed_logins + 1 END, \
               locked_until = CASE \
                 WHEN (CASE WHEN locked_until <= $1 THEN 1 ELSE failed_logins + 1 END) >= $2 THEN $3 \
                 WHEN locked_until <= $1 THEN NULL \
                 ELSE locked_until END \
             WHERE id = $4 RETURNING failed_logins, locked_until",
        )
        .bind(now.to_owned())
        .bind(max_failures)
        .bind(lock_until.to_owned())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        Ok(FailedSignIns {
            in_a_row: row.try_get("failed_logins")?,
            locked_until: row.try_get("locked_until")?,
        })
    }

    /// A successful sign-in ends the row of failures, unless the account is locked at `now`
    /// (failures alongside may have locked it since it was read): then `false`.
    pub async fn record_sign_in(&self, id: i64, now: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE users SET failed_logins = 0, locked_until = NULL \
             WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)",
        )
        .bind(id)
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The organisation with this name, made when missing.
    pub async fn ensure_organisation(&self, name: &str, now: &str) -> Result<i64, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
            .bind(name.trim().to_owned())
            .fetch_optional(self.pool())
            .await?;
        if let Some(id) = found {
            return Ok(id);
        }
        let id =
            sqlx::query_scalar("INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(name.trim().to_owned())
                .bind(now.to_owned())
                .fetch_one(self.pool())
                .await?;
        Ok(id)
    }

    /// Links a provider value of the exports to an organisation (moving it if linked elsewhere).
    pub async fn link_export_name(&self, export_name: &str, organisation_id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM organisation_names WHERE export_name = $1")
            .bind(export_name.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO organisation_names (export_name, organisation_id) VALUES ($1, $2)")
            .bind(export_name.to_owned())
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The provider values of the exports that belong to an organisation.
    pub async fn export_names(&self, organisation_id: i64) -> Result<Vec<String>, StoreError> {
        let names = sqlx::query_scalar(
            "SELECT export_name FROM organisation_names WHERE organisation_id = $1 ORDER BY export_name",
        )
        .bind(organisation_id)
        .fetch_all(self.pool())
        .await?;
        Ok(names)
    }
}

impl Db {
    pub async fn users(&self) -> Result<Vec<UserSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.email, u.role, o.name AS organisation, u.disabled, u.locked_until, \
             u.consultant_name \
             FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id ORDER BY u.email",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UserSummary {
                    id: row.try_get("id")?,
                    email: row.try_get("email")?,
                    role: row.try_get("role")?,
                    organisation: row.try_get("organisation")?,
                    disabled: row.try_get::<i64, _>("disabled")? != 0,
                    locked_until: row.try_get("locked_until")?,
                    consultant_name: row.try_get("consultant_name")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Enables or disables an account; a disabled account loses its sessions at once.
    pub async fn set_disabled(&self, id: i64, disabled: bool) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(self.pool())
            .await?;
        if disabled {
            self.delete_sessions_of(id).await?;
        }
        Ok(())
    }

    /// A new password hash; the lockout ends and every session of the user ends.
    pub async fn set_password_hash(&self, id: i64, hash: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2",
        )
        .bind(hash.to_owned())
        .bind(id)
        .execute(self.pool())
        .await?;
        self.delete_sessions_of(id).await
    }

    /// A new role (and organisation, for a provider); the user's sessions end.
    pub async fn set_role(
        &self,
        id: i64,
        role: Role,
        organisation_id: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE users SET role = $1, organisation_id = $2, \
             consultant_name = CASE WHEN $1 = 'consultant' THEN consultant_name END WHERE id = $3",
        )
        .bind(role.code())
        .bind(organisation_id)
        .bind(id)
        .execute(self.pool())
        .await?;
        self.delete_sessions_of(id).await
    }

    /// The language `id` chose for the interface.
    pub async fn set_locale(&self, id: i64, locale: Locale) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale.code())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A consultant's name in the exports (`None` clears it); `false` when `id` is no consultant.
    pub async fn set_consultant_name(&self, id: i64, name: Option<&str>) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE users SET consultant_name = $1 WHERE id = $2 AND role = 'consultant'")
            .bind(name.map(str::to_owned))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every organisation with its export spellings, by name.
    pub async fn organisations(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.name, n.export_name FROM organisations o \
             LEFT JOIN organisation_names n ON n.organisation_id = o.id ORDER BY o.name, n.export_name",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for row in &rows {
            let name: String = row.try_get("name")?;
            let spelling: Option<String> = row.try_get("export_name")?;
            if out.last().map(|(n, _)| n != &name).unwrap_or(true) {
                out.push((name, Vec::new()));
            }
            if let (Some(spelling), Some(last)) = (spelling, out.last_mut()) {
                last.1.push(spelling);
            }
        }
        Ok(out)
    }
}
