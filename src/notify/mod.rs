//! Notices after the data (spec/notifications.md): digests on their schedule and alerts after
//! each import, made with the recipient's own grant, kept in the outbox and mailed by a worker.

mod alerts;
mod compose;
mod mailer;
pub mod schedule;
mod worker;

use crate::auth::guard::Refusal;

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
