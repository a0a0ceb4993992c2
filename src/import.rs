//! One import from bytes to snapshot: the same file twice is refused, the saved mapping is
//! applied, ingest validates the whole export off the async threads, the store keeps it.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::domain::report::{ImportOutcome, ImportSummary, Rejection};
use crate::ingest::columns::ColumnMapping;
use crate::ingest::values::Pseudonymizer;
use crate::ingest::{read_export, ImportOptions};
use crate::store::snapshots::NewSnapshot;
use crate::store::{Db, StoreError};

pub struct ImportRequest {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub as_of: NaiveDate,
    pub mapping: MappingChoice,
    pub imported_by: Option<String>,
}

/// Which column mapping to apply: none (the aliases), a saved one by name, or one given now.
pub enum MappingChoice {
    Aliases,
    Saved(String),
    Given(ColumnMapping),
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("De export is afgekeurd: {} fout(en). Er is niets opgeslagen.", .0.total)]
    Rejected(Rejection),
    #[error("Dit bestand is al ingelezen als momentopname {snapshot_id}. Er is niets opnieuw opgeslagen.")]
    AlreadyImported { snapshot_id: i64 },
    #[error("Er is geen opgeslagen kolomkoppeling met de naam \"{0}\".")]
    UnknownMapping(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Result<ImportSummary, ImportError>> for ImportOutcome {
    fn from(result: Result<ImportSummary, ImportError>) -> Self {
        match result {
            Ok(summary) => ImportOutcome::Stored(summary),
            Err(ImportError::Rejected(rejection)) => ImportOutcome::Rejected(rejection),
            Err(ImportError::AlreadyImported { snapshot_id }) => {
                ImportOutcome::AlreadyImported { snapshot_id }
            }
            Err(ImportError::Store(e)) => {
                tracing::error!(error = %e, "import failed in the store");
                ImportOutcome::Failed { message: "Het opslaan is mislukt; er is niets opgeslagen. Probeer het opnieuw of neem contact op met de beheerder.".into() }
            }
            Err(e) => ImportOutcome::Failed { message: e.to_string() },
        }
    }
}

/// Hex SHA-256 of the file, the key that recognises a re-import.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub async fn import(
    db: &Db,
    pseudonymizer: &Pseudonymizer,
    request: ImportRequest,
) -> Result<ImportSummary, ImportError> {
    let sha256 = sha256_hex(&request.bytes);
    if let Some(snapshot_id) = db.snapshot_by_sha256(&sha256).await? {
        return Err(ImportError::AlreadyImported { snapshot_id });
    }
    let mapping = match request.mapping {
        MappingChoice::Aliases => None,
        MappingChoice::Saved(name) => Some(load_mapping(db, &name).await?),
        MappingChoice::Given(mapping) => Some(mapping),
    };
    let (as_of, pseudonymizer) = (request.as_of, pseudonymizer.clone());
    let bytes = request.bytes;
    let validated = tokio::task::spawn_blocking(move || {
        read_export(
            &bytes,
            &ImportOptions { as_of, mapping: mapping.as_ref(), pseudonymizer: &pseudonymizer },
        )
    })
    .await
    .map_err(|e| StoreError::Frame(e.to_string()))?
    .map_err(ImportError::Rejected)?;
    let warnings: Vec<String> = validated.warnings.iter().map(ToString::to_string).collect();
    let meta = NewSnapshot {
        as_of,
        file_name: &request.file_name,
        sha256: &sha256,
        imported_by: request.imported_by.as_deref(),
        warnings: &warnings,
    };
    let snapshot_id = db.insert_snapshot(&meta, &validated.cases).await?;
    let as_of = as_of.format("%Y-%m-%d").to_string();
    Ok(ImportSummary { snapshot_id, as_of, rows: validated.cases.height(), warnings })
}

async fn load_mapping(db: &Db, name: &str) -> Result<ColumnMapping, ImportError> {
    let json = db.mapping(name).await?.ok_or_else(|| ImportError::UnknownMapping(name.to_owned()))?;
    serde_json::from_str(&json).map_err(|_| ImportError::UnknownMapping(name.to_owned()))
}

pub async fn save_mapping(db: &Db, name: &str, mapping: &ColumnMapping) -> Result<(), StoreError> {
    let json = serde_json::to_string(mapping).map_err(|e| StoreError::Frame(e.to_string()))?;
    db.save_mapping(name, &json).await
}
