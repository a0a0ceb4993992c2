//! The settings of the figures as key/value rows: terms in days, the expiring window and a daily
//! tariff per product. Read as a whole, written one key at a time (a blank value removes it).

use sqlx::Row;

use super::{Db, StoreError};

impl Db {
    /// Every setting, by key.
    pub async fn settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT key, value FROM settings ORDER BY key").fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("value")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Sets (or with `None` removes) one setting.
    pub async fn set_setting(
        &self,
        key: &str,
        value: Option<&str>,
        now: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM settings WHERE key = $1").bind(key.to_owned()).execute(&mut *tx).await?;
        if let Some(value) = value {
            sqlx::query("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)")
                .bind(key.to_owned())
                .bind(value.to_owned())
                .bind(now.to_owned())
                .bind(by.to_owned())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
