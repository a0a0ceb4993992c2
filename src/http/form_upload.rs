//! Reading an evaluation-form upload (multipart/form-data) as it streams in: the file is
//! counted chunk by chunk and dropped once past 20 MB; the text fields are bounded too.

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::Multipart;
use axum::http::StatusCode;

use crate::forms::{FormError, Upload, MAX_FORM_BYTES};

/// Longest text field read (a remark is at most 2000 characters).
const MAX_TEXT_BYTES: usize = 16 * 1024;

/// What the form sent: the upload, and where a browser form wants to go back to. A problem
/// with the body (too large, broken off) is kept apart, so that the answer can still say
/// which case it was about.
#[derive(Debug, Default)]
pub struct ReceivedUpload {
    pub upload: Upload,
    pub case_id: Option<String>,
    pub back: Option<String>,
    pub problem: Option<FormError>,
    /// Whether the form had a file part with a name or content at all.
    pub has_file: bool,
}

fn body_error(error: MultipartError) -> FormError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        FormError::TooLarge
    } else {
        FormError::Body(error.body_text())
    }
}

/// Reads every part; a file past `MAX_FORM_BYTES` is read on (up to the route's body limit)
/// but not kept, so the browser gets the answer instead of a broken connection.
pub async fn read_form_upload(mut multipart: Multipart) -> ReceivedUpload {
    let mut received = ReceivedUpload::default();
    if let Err(problem) = read_parts(&mut multipart, &mut received).await {
        received.upload.bytes = Vec::new();
        received.problem = Some(problem);
    }
    received
}

async fn read_parts(multipart: &mut Multipart, received: &mut ReceivedUpload) -> Result<(), FormError> {
    let mut too_large = false;
    while let Some(mut field) = multipart.next_field().await.map_err(body_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            received.upload.file_name = field.file_name().unwrap_or_default().to_owned();
            too_large |= read_file(&mut field, &mut received.upload.bytes).await?;
            received.has_file |= !received.upload.file_name.is_empty() || !received.upload.bytes.is_empty();
            continue;
        }
        let value = read_text(&mut field).await?;
        let details = &mut received.upload.details;
        match name.as_str() {
            "case_id" => received.case_id = Some(value.trim().to_owned()).filter(|v| !v.is_empty()),
            "terug" => received.back = Some(value),
            "counsellor_name" => details.counsellor_name = value,
            "counsellor_phone" => details.counsellor_phone = value,
            "counsellor_email" => details.counsellor_email = value,
            "period_from" => details.period_from = value,
            "period_to" => details.period_to = value,
            "remark" => details.remark = value,
            _ => {}
        }
    }
    if too_large {
        return Err(FormError::TooLarge);
    }
    Ok(())
}

/// Appends the file's chunks to `bytes` while they fit; true when the file was too large
/// (then `bytes` is emptied and the rest only read).
async fn read_file(field: &mut Field<'_>, bytes: &mut Vec<u8>) -> Result<bool, FormError> {
    let mut too_large = false;
    while let Some(chunk) = field.chunk().await.map_err(body_error)? {
        if too_large {
            continue;
        }
        if bytes.len() + chunk.len() > MAX_FORM_BYTES {
            too_large = true;
            *bytes = Vec::new();
            continue;
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(too_large)
}

async fn read_text(field: &mut Field<'_>) -> Result<String, FormError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(body_error)? {
        if bytes.len() + chunk.len() > MAX_TEXT_BYTES {
            let message = crate::i18n::t(crate::i18n::current(), "error-form-field-too-long");
            return Err(FormError::Details(vec![message]));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
