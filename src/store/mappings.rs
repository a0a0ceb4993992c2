//! Saved column mappings, by name, as JSON text: the store does not interpret them.
//! Saving under an existing name replaces that mapping.

use chrono::Utc;

use super::{Db, StoreError};

impl Db {
    pub async fn save_mapping(&self, name: &str, json: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO column_mappings (name, mapping, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, created_at = excluded.created_at",
        )
        .bind(name.to_owned())
        .bind(json.to_owned())
        .bind(Utc::now().to_rfc3339())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn mapping(&self, name: &str) -> Result<Option<String>, StoreError> {
        let json = sqlx::query_scalar("SELECT mapping FROM column_mappings WHERE name = $1")
            .bind(name.to_owned())
            .fetch_optional(self.pool())
            .await?;
        Ok(json)
    }

    pub async fn mapping_names(&self) -> Result<Vec<String>, StoreError> {
        let names = sqlx::query_scalar("SELECT name FROM column_mappings ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        Ok(names)
    }
}
