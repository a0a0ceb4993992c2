//! The one way in: a request's user is checked against the policy (domain/access.rs) for the
//! action of its route, and gets a `Grant` that scopes, redacts and logs for that user.

use crate::auth::CurrentUser;
use crate::domain::access::{access, Access, Action, LogLine, Role};
use crate::domain::filters::ViewQuery;
use crate::domain::queue::QueueParams;
use crate::domain::redact::{self, Redact};
use crate::store::Db;

/// Why a request gets nothing (the HTTP and page layers turn it into a status and message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{}", self.message_in(crate::i18n::Locale::Nl))]
    SignedOut,
    #[error("{}", self.message_in(crate::i18n::Locale::Nl))]
    Forbidden,
    /// The access log could not be written, so the data are not served (fail closed).
    #[error("{}", self.message_in(crate::i18n::Locale::Nl))]
    Unlogged,
}

impl Refusal {
    /// What the user is told, in their language.
    pub fn message(&self) -> String {
        self.message_in(crate::i18n::current())
    }

    /// The refusal in `locale` (`Display`: in Dutch).
    pub fn message_in(&self, locale: crate::i18n::Locale) -> String {
        let key = match self {
            Refusal::SignedOut => "error-signed-out",
            Refusal::Forbidden => "error-forbidden",
            Refusal::Unlogged => "error-unlogged",
        };
        crate::i18n::t(locale, key)
    }

    /// The HTTP status of the refusal, for the API and the pages alike.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Refusal::SignedOut => StatusCode::UNAUTHORIZED,
            Refusal::Forbidden => StatusCode::FORBIDDEN,
            Refusal::Unlogged => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// A user allowed one action, and how far: the only way handlers reach scope and redaction.
#[derive(Clone, Debug)]
pub struct Grant {
    user: CurrentUser,
    access: Access,
}

/// The grant of `action` for the request's user, or the refusal (logged).
pub async fn authorize(db: &Db, user: Option<CurrentUser>, action: Action) -> Result<Grant, Refusal> {
    let Some(user) = user else { return Err(Refusal::SignedOut) };
    let access = access(user.user.role, action);
    // Own organisation only, but no organisation: nothing is its own (the schema prevents it).
    let homeless = access == Access::OwnOrganisation && user.organisation_id.is_none();
    if !access.allowed() || homeless {
        let mut entry = user.entry("weigering", "geweigerd");
        entry.detail = Some(format!("{action:?}"));
        db.log_access(&entry).await.map_err(|e| {
            tracing::error!(error = %e, "logging a refusal failed");
            Refusal::Unlogged
        })?;
        return Err(Refusal::Forbidden);
    }
    Ok(Grant { user, access })
}

impl Grant {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    pub fn role(&self) -> Role {
        self.user.user.role
    }

    /// Whether the same user may also do `action` (to offer a button, for instance).
    pub fn may(&self, action: Action) -> bool {
        self.user.user.may(action)
    }

    /// The organisation the grant is limited to (a provider's), else `None`: all of them.
    /// (A grant limited to its own organisation always has one: `authorize` sees to it.)
    /// The consultant's own name in the exports, to mark their cases.
    pub fn consultant_name(&self) -> Option<&str> {
        self.user.consultant_name.as_deref()
    }

    pub fn organisation_id(&self) -> Option<i64> {
        self.own().then_some(self.user.organisation_id).flatten()
    }

    /// Whether something of `organisation` lies within the grant.
    pub fn reaches(&self, organisation: Option<i64>) -> bool {
        !self.own() || (organisation.is_some() && organisation == self.user.organisation_id)
    }

    fn own(&self) -> bool {
        self.access == Access::OwnOrganisation
    }

    /// A view as this user may ask for it: within their organisation's cases, without what
    /// their role may not filter by.
    pub fn view(&self, query: ViewQuery) -> ViewQuery {
        let mut query = redact::view_query(self.role(), query);
        query.filters.organisation_scope = self.own().then(|| self.user.export_names.clone());
        query
    }

    /// The queue's parameters as this user may ask for them.
    pub fn queue_params(&self, params: QueueParams) -> QueueParams {
        redact::queue_params(self.role(), params)
    }

    /// `value` as this user may receive it.
    pub fn release<T: Redact>(&self, value: T) -> T {
        value.redact(self.role())
    }

    /// The access-log line for an action of this user.
    pub fn entry(&self, action: &str, outcome: &str) -> LogLine {
        self.user.entry(action, outcome)
    }

    /// Writes `entry`; when it cannot be written, the caller must not serve the data.
    pub async fn record(&self, db: &Db, entry: &LogLine) -> Result<(), Refusal> {
        db.log_access(entry).await.map_err(|e| {
            tracing::error!(error = %e, action = %entry.action, "writing the access log failed");
            Refusal::Unlogged
        })
    }
}
