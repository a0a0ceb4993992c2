//! Figures for a view, from the store through the metrics: `view` resolves a query to a snapshot
//! and as-of date, `memo` keeps frames and figures until the data change, `service` is what the
//! pages call.

mod cache;
mod memo;
mod pace;
mod service;
mod view;

pub use pace::Pace;

use std::sync::{Arc, Mutex, MutexGuard};

use polars::prelude::PolarsError;

use crate::i18n::Locale;
use crate::metrics::{MetricsError, Settings};
use crate::store::{Db, StoreError};
use memo::State;

#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    NoSnapshot,
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    UnknownSnapshot(i64),
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    BadDate(String),
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    DateOutOfSpan { asked: String, from: String, to: String },
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    BadWindow(String),
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    BadByDate(String),
    #[error("{}", self.request_message(Locale::Nl).unwrap_or_default())]
    ByDateOutOfRange { asked: String, from: String, to: String },
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("De berekening is afgebroken: {0}")]
    Task(String),
}

impl From<PolarsError> for AnalyticsError {
    fn from(error: PolarsError) -> Self {
        AnalyticsError::Metrics(MetricsError::Frame(error))
    }
}

/// Whose fault a failed figures request is: decides the status and whether it is logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blame {
    /// No export imported yet.
    NothingYet,
    /// The request itself was wrong (a 4xx).
    Request,
    Server,
}

impl AnalyticsError {
    pub fn blame(&self) -> Blame {
        match self {
            AnalyticsError::NoSnapshot => Blame::NothingYet,
            AnalyticsError::UnknownSnapshot(_)
            | AnalyticsError::BadDate(_)
            | AnalyticsError::DateOutOfSpan { .. }
            | AnalyticsError::BadWindow(_)
            | AnalyticsError::BadByDate(_)
            | AnalyticsError::ByDateOutOfRange { .. }
            | AnalyticsError::Metrics(MetricsError::UnknownRequestType(_)) => Blame::Request,
            _ => Blame::Server,
        }
    }

    /// What the user is told; a server fault is logged here, once, and not shown in detail.
    /// In the user's language (`i18n::current`).
    pub fn user_message(&self) -> String {
        let locale = crate::i18n::current();
        self.request_message(locale).unwrap_or_else(|| {
            tracing::error!(error = %self, "figures failed");
            crate::i18n::t(locale, "error-figures-failed")
        })
    }

    /// What is wrong with the request and what to do, in `locale`; `None` for a fault of the
    /// server. (`Display` gives the Dutch, or the fault's cause.)
    pub fn request_message(&self, locale: Locale) -> Option<String> {
        use crate::i18n::{t, t_with};
        let value = |key, value: &str| t_with(locale, key, &[("value", value.to_owned().into())]);
        let span = |key, asked: &str, from: &str, to: &str| {
            let args = [("asked", asked), ("from", from), ("to", to)];
            t_with(locale, key, &args.map(|(name, v)| (name, v.to_owned().into())))
        };
        Some(match self {
            AnalyticsError::NoSnapshot => t(locale, "error-no-snapshot"),
            AnalyticsError::UnknownSnapshot(id) => {
                t_with(locale, "error-unknown-snapshot", &[("id", id.to_string().into())])
            }
            AnalyticsError::BadDate(text) => value("error-bad-date", text),
            AnalyticsError::DateOutOfSpan { asked, from, to } => {
                span("error-date-out-of-span", asked, from, to)
            }
            AnalyticsError::BadWindow(text) => value("error-bad-window", text),
            AnalyticsError::BadByDate(text) => value("error-bad-by-date", text),
            AnalyticsError::ByDateOutOfRange { asked, from, to } => {
                span("error-by-date-out-of-range", asked, from, to)
            }
            AnalyticsError::Metrics(MetricsError::UnknownRequestType(text)) => {
                value("error-unknown-request-type", text)
            }
            _ => return None,
        })
    }
}

/// The figures service; cheap to clone, one cache per server process.
#[derive(Clone)]
pub struct Analytics {
    db: Db,
    /// True in the server, where the gate reads the revisions once per request (`Db::revisions`);
    /// elsewhere (the command line, tests) each use reads them itself.
    checked_per_request: bool,
    state: Arc<Mutex<State>>,
    /// Held while a snapshot's frame is read, so that requests arriving meanwhile (or the
    /// warm-up) wait for that read instead of reading the same rows again.
    loading: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for Analytics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analytics")
    }
}

impl Analytics {
    /// A figures service that reads the revisions itself on every use.
    pub fn new(db: Db) -> Self {
        Self::with_checks(db, false)
    }

    /// The server's figures service: it trusts the revisions the gate read for the request.
    pub fn checked_per_request(db: Db) -> Self {
        Self::with_checks(db, true)
    }

    fn with_checks(db: Db, checked_per_request: bool) -> Self {
        let state = State::new();
        let (state, loading) = (Arc::new(Mutex::new(state)), Arc::new(tokio::sync::Mutex::new(())));
        Analytics { db, checked_per_request, state, loading }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The settings in force (as of the last request's check).
    pub fn settings(&self) -> Arc<Settings> {
        self.state().settings.clone()
    }
}

/// Runs polars work off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AnalyticsError> + Send + 'static,
) -> Result<T, AnalyticsError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AnalyticsError::Task(e.to_string()))?
}
