//! Signing in an identity that the organisation's identity provider vouched for: the account
//! of its subject, or the first time of its verified e-mail address; werkvoorraad's own role.

use chrono::{DateTime, Utc};

use super::oidc::Identity;
use super::{attempt_line, start_session, AuthError, CurrentUser};
use crate::store::users::UserRecord;
use crate::store::{Db, StoreError};

/// Signs in the account of an identity the organisation's provider vouched for: found by its
/// subject, or the first time by its verified e-mail address (then linked to the subject). Role
/// and organisation stay werkvoorraad's own. Logs the attempt either way.
pub async fn sign_in_with_identity(
    db: &Db,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<(String, CurrentUser), AuthError> {
    let found = match db.user_by_subject(&identity.issuer, &identity.subject).await? {
        Some(user) => Some(user),
        None => match identity.email.as_deref() {
            Some(email) => link_by_email(db, email, identity).await?,
            None => None,
        },
    };
    let result = match &found {
        None => Err(AuthError::UnknownIdentity),
        Some(user) if user.disabled => Err(AuthError::Disabled),
        Some(user) => Ok(user.clone()),
    };
    let typed = found.as_ref().map(|u| u.email.clone()).or(identity.email.clone()).unwrap_or_default();
    let detail = match &result {
        Ok(_) => "via de identity provider".to_owned(),
        Err(e) => format!("via de identity provider: {e}"),
    };
    let mut entry = attempt_line(&typed, now, if result.is_ok() { "gelukt" } else { "mislukt" }, &detail);
    if let Some(user) = &found {
        entry.user_id = Some(user.id);
        entry.role = Some(user.role.code().to_owned());
        entry.organisation = user.organisation.clone();
    }
    db.log_access(&entry).await?;
    start_session(db, &result?, now).await
}

/// The account of a verified address, linked to the identity, when it has no other identity yet.
async fn link_by_email(db: &Db, email: &str, identity: &Identity) -> Result<Option<UserRecord>, StoreError> {
    let Some(user) = db.user_by_email(email).await? else { return Ok(None) };
    let linked = db.link_subject(user.id, &identity.issuer, &identity.subject).await?;
    Ok(linked.then_some(user))
}
