//! What the database's files hold, for the tests that prove deleted bytes are gone (SQLite; on
//! PostgreSQL the answer is `None`).

use super::TestServer;

impl TestServer {
    /// Whether the SQLite files (with the write-ahead log) hold `marker`; `None` on PostgreSQL.
    pub fn stored(&self, marker: &str) -> Option<bool> {
        let file = werkvoorraad::store::db::sqlite_file(&self.url)?;
        let wal = std::path::PathBuf::from(format!("{}-wal", file.display()));
        let found = [file, wal]
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .any(|bytes| bytes.windows(marker.len()).any(|w| w == marker.as_bytes()));
        Some(found)
    }
}
