//! Reading an import upload (multipart/form-data): the file, the as-of date, the saved
//! mapping to use, or a mapping filled in on the form (`map_<field>`) and its name to save.

use axum::extract::Multipart;
use chrono::NaiveDate;

use crate::domain::field::{ColumnMapping, Field};
use crate::i18n::{t, t_with, Locale};
use crate::import::MappingChoice;

pub struct ImportForm {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub as_of: NaiveDate,
    pub mapping: MappingChoice,
    /// Save the mapping given on the form under this name.
    pub save_as: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum UploadError {
    NoFile,
    BadDate(String),
    Body(String),
}

impl UploadError {
    /// What to do, in the uploader's language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            UploadError::NoFile => t(locale, "import-upload-no-file"),
            UploadError::BadDate(text) => {
                t_with(locale, "import-upload-bad-date", &[("date", text.as_str().into())])
            }
            UploadError::Body(cause) => {
                t_with(locale, "import-upload-body", &[("cause", cause.as_str().into())])
            }
        }
    }
}

/// Reads the whole form; `today` is the as-of date when none is given.
pub async fn read_import_form(mut multipart: Multipart, today: NaiveDate) -> Result<ImportForm, UploadError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let (mut as_of, mut saved, mut save_as) = (None, None, None);
    let mut given = ColumnMapping::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| UploadError::Body(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("export").to_owned();
            file = Some((file_name, read_file(field).await?)).filter(|(_, b)| !b.is_empty());
            continue;
        }
        let value = field.text().await.map_err(|e| UploadError::Body(e.body_text()))?;
        let value = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        match name.as_str() {
            "as_of" => as_of = value,
            "mapping" => saved = value,
            "save_as" => save_as = value,
            other => {
                if let (Some(field), Some(header)) =
                    (other.strip_prefix("map_").and_then(Field::from_name), value)
                {
                    given.fields.insert(field, header);
                }
            }
        }
    }
    let (file_name, bytes) = file.ok_or(UploadError::NoFile)?;
    let as_of = match as_of {
        None => today,
        Some(text) => parse_form_date(&text).ok_or(UploadError::BadDate(text))?,
    };
    let mapping = match (given.fields.is_empty(), saved) {
        (false, _) => MappingChoice::Given(given),
        (true, Some(name)) => MappingChoice::Saved(name),
        (true, None) => MappingChoice::Aliases,
    };
    Ok(ImportForm { file_name, bytes, as_of, mapping, save_as })
}

/// The file part chunk by chunk into one buffer (never copied whole); the route's body limit
/// bounds it.
async fn read_file(mut field: axum::extract::multipart::Field<'_>) -> Result<Vec<u8>, UploadError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| UploadError::Body(e.body_text()))? {
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A date input sends YYYY-MM-DD; a typed Dutch date (26-06-2025) is accepted too.
fn parse_form_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d-%m-%Y")).ok()
}
