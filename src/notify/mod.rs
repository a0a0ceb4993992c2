//! Notices after the data (spec/notifications.md): digests on their schedule and alerts after
//! each import, made with the recipient's own grant, kept in the outbox and mailed by a worker.

mod alerts;
mod compose;
mod mailer;
pub mod schedule;
mod worker;

use std::sync::Arc;

use crate::auth::guard::Refusal;
use crate::config::NotifyConfig;

pub use worker::{enqueue_digests_now, spawn};

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Analytics(#[from] crate::analytics::AnalyticsError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// What the server shares about notices: their configuration, and a bell that wakes the worker
/// (after an import, so that its alerts need not wait for the next look).
#[derive(Clone, Debug)]
pub struct Notifier {
    pub config: Arc<NotifyConfig>,
    bell: Arc<tokio::sync::Notify>,
}

impl Notifier {
    pub fn new(config: NotifyConfig) -> Self {
        Notifier { config: Arc::new(config), bell: Arc::new(tokio::sync::Notify::new()) }
    }

    /// Asks the worker of this instance to look now.
    pub fn wake(&self) {
        self.bell.notify_one();
    }
}
