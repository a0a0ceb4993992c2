//! Downloads as answers: a table as CSV (sent while written) or XLSX (constant memory), and Stand
//! van zaken as PDF; the handlers decide what goes in and log it.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::HttpError;
use crate::domain::status::StatusReport;
use crate::exports;
use crate::i18n::Locale;

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

/// A table as a CSV or XLSX attachment, made off the async workers.
pub async fn file_response(table: exports::Table, stem: &str, format: Format) -> Result<Response, HttpError> {
    let (body, content_type, extension) = match format {
        Format::Csv => (csv_stream(table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => {
            let written = tokio::task::spawn_blocking(move || exports::xlsx::write(&table))
                .await
                .map_err(|e| HttpError::fault("an xlsx export stopped", &e))?
                .map_err(|e| HttpError::fault("an xlsx export failed", &e))?;
            (Body::from(written), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
        }
    };
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    let headers =
        [(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)];
    Ok((headers, body).into_response())
}

/// Stand van zaken as a PDF attachment, made off the async workers.
pub async fn status_pdf_response(
    report: StatusReport,
    made_on: String,
    locale: Locale,
) -> Result<Response, HttpError> {
    let stem = format!("stand-van-zaken-{}", report.figures.as_of);
    let written = tokio::task::spawn_blocking(move || exports::pdf::status(&report, &made_on, locale))
        .await
        .map_err(|e| HttpError::fault("a pdf stopped", &e))?
        .map_err(|e| HttpError::fault("a pdf failed", &e))?;
    let disposition = format!("attachment; filename=\"{stem}.pdf\"");
    let headers =
        [(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)];
    Ok((headers, Body::from(written)).into_response())
}

/// The CSV as a body that is written while it is sent: at most two chunks wait in between, and
/// writing stops when the browser goes away. A failure halfway ends the download (logged).
fn csv_stream(table: exports::Table) -> Body {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(2);
    tokio::task::spawn_blocking(move || {
        if sender.blocking_send(Ok(exports::csv::head(&table))).is_err() {
            return;
        }
        let sent =
            table.rows.each_chunk(|rows| Ok(sender.blocking_send(Ok(exports::csv::lines(rows))).is_ok()));
        if let Err(e) = sent {
            tracing::error!(error = %e, "a CSV export failed halfway");
            let _ = sender.blocking_send(Err(std::io::Error::other("de download is afgebroken")));
        }
    });
    Body::from_stream(futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx)))
}
