//! Downloads: a table of the exports module as a CSV or XLSX attachment, with its file name.
//! The handlers decide what goes in (and log it); this only turns it into an answer.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::HttpError;
use crate::exports;

#[derive(Clone, Copy, Debug)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format a download's path asks for: `….xlsx`, else CSV.
    pub fn of(uri: &axum::http::Uri) -> Format {
        if uri.path().ends_with(".xlsx") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// A table as a CSV or XLSX attachment.
pub fn file_response(table: &exports::Table, stem: &str, format: Format) -> Result<Response, HttpError> {
    let (bytes, content_type, extension) = match format {
        Format::Csv => (exports::csv::write(table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            exports::xlsx::write(table).map_err(|e| HttpError::fault("an xlsx export failed", &e))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    let headers =
        [(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)];
    Ok((headers, bytes).into_response())
}
