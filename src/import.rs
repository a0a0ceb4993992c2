//! One import from bytes to snapshot: the same file twice is refused, the saved mapping is
//! applied, ingest validates the whole export off the async threads, the store keeps it. And the
//! check that reads and validates the same way and computes the figures, storing nothing.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::domain::access::LogLine;
use crate::domain::report::{ImportOutcome, ImportSummary, Rejection};
use crate::i18n::{t, t_with, Locale};
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
    /// The importer's language, for the problems and messages.
    pub locale: Locale,
}

/// Which column mapping to apply: none (the aliases), a saved one by name, or one given now.
pub enum MappingChoice {
    Aliases,
    Saved(String),
    Given(ColumnMapping),
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", message_nl(self))]
    Rejected(Rejection),
    #[error("{}", message_nl(self))]
    AlreadyImported { snapshot_id: i64 },
    #[error("{}", message_nl(self))]
    UnknownMapping(String),
    #[error("{}", message_nl(self))]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Figures(#[from] crate::metrics::MetricsError),
}

fn message_nl(error: &ImportError) -> String {
    error.message(Locale::Nl)
}

impl ImportError {
    /// What went wrong and what to do, in `locale`; a server fault says no more than that.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            ImportError::Rejected(rejection) => {
                t_with(locale, "import-error-rejected", &[("count", rejection.total.into())])
            }
            ImportError::AlreadyImported { snapshot_id } => {
                t_with(locale, "import-already-imported", &[("snapshot", (*snapshot_id).into())])
            }
            ImportError::UnknownMapping(name) => {
                t_with(locale, "import-error-unknown-mapping", &[("name", name.as_str().into())])
            }
            ImportError::Busy => t(locale, "import-error-busy"),
            // A fault of the server: logged where it is turned into an outcome.
            ImportError::Store(_) | ImportError::Figures(_) => t(locale, "import-error-store"),
        }
    }
}

/// The outcome of an import for its user, worded in `locale`.
pub fn to_outcome(result: Result<ImportSummary, ImportError>, locale: Locale) -> ImportOutcome {
    match result {
        Ok(summary) => ImportOutcome::Stored(summary),
        Err(ImportError::Rejected(rejection)) => ImportOutcome::Rejected(rejection),
        Err(ImportError::AlreadyImported { snapshot_id }) => ImportOutcome::AlreadyImported { snapshot_id },
        Err(ImportError::Busy) => ImportOutcome::Busy { message: ImportError::Busy.message(locale) },
        Err(e) => {
            if matches!(e, ImportError::Store(_) | ImportError::Figures(_)) {
                tracing::error!(error = %e, "import failed on the server");
            }
            ImportOutcome::Failed { message: e.message(locale) }
        }
    }
}

/// The outcome and detail of an import's access-log line (no personal data).
pub fn log_summary(outcome: &ImportOutcome) -> (&'static str, String) {
    match outcome {
        ImportOutcome::Stored(s) => ("gelukt", format!("momentopname {}, {} zaken", s.snapshot_id, s.rows)),
        ImportOutcome::Rejected(r) => ("afgekeurd", format!("{} fouten", r.total)),
        ImportOutcome::AlreadyImported { .. } => ("afgekeurd", "al ingelezen".to_owned()),
        ImportOutcome::Failed { .. } => ("mislukt", String::new()),
        ImportOutcome::Busy { .. } => ("afgewezen", "een andere import liep nog".to_owned()),
    }
}

/// An import without a signed-in user (`werkvoorraad import`, `demo`): the same import, in
/// the access log under its source (`imported_by`). When the line cannot be written, the
/// answer says so (exit 1), though a stored snapshot stays stored.
pub async fn import_unattended(
    db: &Db,
    pseudonymizer: &Pseudonymizer,
    request: ImportRequest,
) -> ImportOutcome {
    let source = request.imported_by.clone().unwrap_or_default();
    let locale = request.locale;
    let outcome = to_outcome(import(db, pseudonymizer, request).await, locale);
    let (result, detail) = log_summary(&outcome);
    let entry = LogLine {
        at: crate::auth::timestamp(chrono::Utc::now()),
        action: "import".to_owned(),
        outcome: result.to_owned(),
        detail: Some(format!("{source}: {detail}")),
        ..LogLine::default()
    };
    match db.log_access(&entry).await {
        Ok(()) => outcome,
        Err(e) => ImportOutcome::Failed {
            message: format!(
                "De import kon niet in het toegangslogboek worden vastgelegd ({e}). {}",
                stored_note(&outcome)
            ),
        },
    }
}

fn stored_note(outcome: &ImportOutcome) -> String {
    match outcome {
        ImportOutcome::Stored(s) => format!("Momentopname {} is wel opgeslagen.", s.snapshot_id),
        _ => "Er is niets opgeslagen.".to_owned(),
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
    let _turn = db.import_turn().await?.ok_or(ImportError::Busy)?;
    let sha256 = sha256_hex(&request.bytes);
    if let Some(snapshot_id) = db.snapshot_by_sha256(&sha256).await? {
        return Err(ImportError::AlreadyImported { snapshot_id });
    }
    let mapping = match request.mapping {
        MappingChoice::Aliases => None,
        MappingChoice::Saved(name) => Some(load_mapping(db, &name).await?),
        MappingChoice::Given(mapping) => Some(mapping),
    };
    let (as_of, pseudonymizer, locale) = (request.as_of, pseudonymizer.clone(), request.locale);
    let bytes = request.bytes;
    let validated = tokio::task::spawn_blocking(move || {
        let options =
            ImportOptions { as_of, mapping: mapping.as_ref(), pseudonymizer: &pseudonymizer, locale };
        read_export(&bytes, &options)
    })
    .await
    .map_err(|e| StoreError::Frame(e.to_string()))?
    .map_err(ImportError::Rejected)?;
    let meta = NewSnapshot {
        as_of,
        file_name: &request.file_name,
        sha256: &sha256,
        imported_by: request.imported_by.as_deref(),
        warnings: &validated.warnings,
    };
    let snapshot_id = db.insert_snapshot(&meta, &validated.cases).await?;
    let as_of = as_of.format("%Y-%m-%d").to_string();
    let warnings = validated.warnings.iter().map(|w| w.text(locale)).collect();
    Ok(ImportSummary { snapshot_id, as_of, rows: validated.cases.height(), warnings, data_quality: None })
}

/// What `check` found in a file that would be imported.
pub struct Checked {
    pub rows: usize,
    pub warnings: Vec<String>,
    pub figures: crate::domain::figures::Figures,
    /// The flow figures of a series of this one snapshot.
    pub flow: crate::domain::flow::Flow,
}

/// `check`: the import's reading and validation, then the figures of the file alone (its series
/// is this one snapshot; the default settings, no evaluation forms). Nothing is stored, so the
/// pseudonyms are made with a key of this run only.
pub fn check(bytes: &[u8], as_of: NaiveDate) -> Result<Checked, ImportError> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| StoreError::Frame(e.to_string()))?;
    let pseudonymizer = Pseudonymizer::new(&key);
    let options = ImportOptions { as_of, mapping: None, pseudonymizer: &pseudonymizer, locale: Locale::Nl };
    let validated = read_export(bytes, &options).map_err(ImportError::Rejected)?;
    let forms = crate::metrics::form_frame(&[]).map_err(crate::metrics::MetricsError::from)?;
    let settings = crate::metrics::Settings::default();
    let filters = crate::domain::filters::Filters::default();
    let figures = crate::metrics::figures(&validated.cases, as_of, &filters, &settings, &forms)?;
    let view = crate::metrics::prepare(&validated.cases, crate::metrics::Day::new(as_of), &filters, &forms)?;
    let rows = validated.cases.height();
    let series = [crate::metrics::series::Snapshot { as_of, cases: std::sync::Arc::new(validated.cases) }];
    let flow = crate::metrics::series::flow(&series, &view, &filters, settings.stalled_snapshots)?;
    let warnings = validated.warnings.iter().map(|w| w.text(Locale::Nl)).collect();
    Ok(Checked { rows, warnings, figures, flow })
}

async fn load_mapping(db: &Db, name: &str) -> Result<ColumnMapping, ImportError> {
    let json = db.mapping(name).await?.ok_or_else(|| ImportError::UnknownMapping(name.to_owned()))?;
    serde_json::from_str(&json).map_err(|_| ImportError::UnknownMapping(name.to_owned()))
}

pub async fn save_mapping(db: &Db, name: &str, mapping: &ColumnMapping) -> Result<(), StoreError> {
    let json = serde_json::to_string(mapping).map_err(|e| StoreError::Frame(e.to_string()))?;
    db.save_mapping(name, &json).await
}
