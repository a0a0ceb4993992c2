//! HTTP handlers outside the Leptos pages: the JSON API under /api/v1 and the plain form
//! posts that must work before (or without) the wasm. Each turns layer errors into statuses.

pub mod imports;
pub mod metrics;
pub mod upload;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::server::AppState;

/// Largest upload accepted for an import (a 1M-case export is about 150 MB).
pub const MAX_IMPORT_BYTES: usize = 512 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    let uploads = Router::new()
        .route("/api/v1/imports", post(imports::api_import))
        .route("/import", post(imports::form_import))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES));
    Router::new()
        .route("/api/v1/metrics", get(metrics::api_metrics))
        .route("/api/v1/cases", get(metrics::api_cases))
        .route("/werkvoorraad/export.csv", get(metrics::queue_csv))
        .route("/werkvoorraad/export.xlsx", get(metrics::queue_xlsx))
        .merge(uploads)
}
