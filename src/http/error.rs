//! The HTTP layer's one error type: every failure of a handler becomes a status and a message
//! in the user's language in `{"error": …}`, written here once; server faults are logged once.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::analytics::{AnalyticsError, Blame};
use crate::auth::guard::Refusal;
use crate::forms::FormError;
use crate::i18n::{current, t};
use crate::store::StoreError;

#[derive(Debug)]
pub struct HttpError {
    status: StatusCode,
    message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into() }
    }

    /// A fault of the server: logged with its cause, the user gets what to do.
    pub fn fault(what: &str, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "{what}");
        Self::new(StatusCode::SERVICE_UNAVAILABLE, t(current(), "error-fault"))
    }

    /// The database does not answer: logged, and the user is told to try again shortly.
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "the database does not answer");
        Self::new(StatusCode::SERVICE_UNAVAILABLE, t(current(), "error-unavailable"))
    }

    /// The answer for a request to `path`: `{"error"}` for the API, a plain page for a browser.
    pub fn for_path(self, path: &str) -> Response {
        if path.starts_with("/api/") {
            return self.into_response();
        }
        let locale = current();
        let page = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Werkvoorraad</title>\
             </head><body><h1>{}</h1><p>{}</p></body></html>",
            locale.code(),
            t(locale, "error-page-heading"),
            crate::domain::html::escape(&self.message)
        );
        let mut response = (self.status, axum::response::Html(page)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
        }
        response
    }
}

impl From<Refusal> for HttpError {
    fn from(refusal: Refusal) -> Self {
        Self::new(refusal.status(), refusal.message())
    }
}

impl From<AnalyticsError> for HttpError {
    fn from(error: AnalyticsError) -> Self {
        let status = match error.blame() {
            Blame::NothingYet => StatusCode::NOT_FOUND,
            Blame::Request => StatusCode::BAD_REQUEST,
            Blame::Server => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Self::new(status, error.user_message())
    }
}

impl From<StoreError> for HttpError {
    fn from(error: StoreError) -> Self {
        Self::fault("the database failed", &error)
    }
}

impl From<FormError> for HttpError {
    fn from(error: FormError) -> Self {
        let status = match &error {
            FormError::NoFile | FormError::Details(_) => StatusCode::UNPROCESSABLE_ENTITY,
            FormError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            FormError::Content(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            FormError::NoCase | FormError::NoForm => StatusCode::NOT_FOUND,
            FormError::NotReindication(_) | FormError::Closed(_) | FormError::Assessed => {
                StatusCode::CONFLICT
            }
            FormError::Body(_) => StatusCode::BAD_REQUEST,
            FormError::Store(_) | FormError::Analytics(_) => {
                return Self::fault("an evaluation form failed", &error);
            }
        };
        Self::new(status, error.user_message())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}
