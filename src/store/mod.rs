//! Persistence: the connection pool, the schema migrations and the queries per table.
//! One error type for the layer; callers turn it into a user message at the edge.

pub mod audit;
pub mod backup;
pub mod db;
pub mod deletion;
pub mod forms;
pub mod frame;
pub mod mappings;
pub mod notices;
pub mod oidc;
pub mod outbox;
pub mod problems;
pub mod retention;
pub mod revisions;
pub mod sessions;
pub mod settings;
pub mod snapshots;
pub mod subject;
pub mod users;

pub use db::Db;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("De database is niet bereikbaar: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("De map voor de database kon niet worden gemaakt ({path}): {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("Het bijwerken van het databaseschema is mislukt: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("Een databaseopdracht is mislukt: {0}")]
    Query(#[from] sqlx::Error),
    #[error("De gegevens konden niet worden omgezet: {0}")]
    Frame(String),
}
