//! Signing in and out and finding the user of a request: Argon2id passwords, bounded input,
//! lockout after five failures, server-side sessions (8 hours, 30 minutes idle) in a cookie.

pub mod cookie;
pub mod guard;
pub mod identity;
pub mod oidc;
pub mod password;
pub mod session_cache;
pub mod throttle;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::domain::access::{clip, LogLine, Role, SessionUser};
use crate::store::users::UserRecord;
use crate::store::{Db, StoreError};

pub const SESSION_COOKIE: &str = "werkvoorraad_sessie";
pub const SESSION_HOURS: i64 = 8;
pub const IDLE_MINUTES: i64 = 30;
pub const MAX_FAILURES: i64 = 5;
pub const LOCK_MINUTES: i64 = 15;
/// Longest e-mail address a sign-in reads (RFC 5321's limit on a path).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest password a sign-in hashes.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// How much of what was typed at sign-in goes into the access log.
pub const LOGGED_CHARS: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("Het e-mailadres of het wachtwoord klopt niet.")]
    Invalid,
    #[error("Dit account is tijdelijk geblokkeerd na vijf mislukte pogingen. Probeer het na {0} opnieuw.")]
    Locked(String),
    #[error("Een wachtwoord moet minstens 12 tekens lang zijn.")]
    WeakPassword,
    #[error("Een wachtwoord mag hoogstens 1024 bytes lang zijn.")]
    LongPassword,
    #[error("Een gebruiker met de rol aanbieder hoort bij een organisatie: geef die op (--organisation).")]
    OrganisationRequired,
    #[error("Alleen een gebruiker met de rol aanbieder hoort bij een organisatie.")]
    OrganisationNotAllowed,
    #[error("Er kon geen veilig willekeurig getal worden gemaakt: {0}")]
    Random(String),
    #[error("Het wachtwoord kon niet worden versleuteld: {0}")]
    Hash(String),
    #[error(
        "U bent bij uw organisatie aangemeld, maar werkvoorraad kent geen account voor u. Vraag de \
         beheerder van werkvoorraad om een account op uw e-mailadres."
    )]
    UnknownIdentity,
    #[error("Uw account in werkvoorraad is uitgeschakeld. Neem contact op met de beheerder.")]
    Disabled,
    #[error("Aanmelden met een wachtwoord staat uit. Meld u aan via uw organisatie.")]
    PasswordsOff,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The user of a request, with what the policy needs about their organisation.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: SessionUser,
    pub organisation_id: Option<i64>,
    /// The provider values in the exports that are this user's organisation.
    pub export_names: Vec<String>,
    /// A consultant's name in the exports, when the admin set it.
    pub consultant_name: Option<String>,
    pub token_hash: String,
}

impl CurrentUser {
    /// The access-log line for an action of this user.
    pub fn entry(&self, action: &str, outcome: &str) -> LogLine {
        LogLine {
            at: timestamp(Utc::now()),
            user_id: Some(self.user.id),
            email: Some(self.user.email.clone()),
            role: Some(self.user.role.code().to_owned()),
            organisation: self.user.organisation.clone(),
            action: action.to_owned(),
            outcome: outcome.to_owned(),
            ..LogLine::default()
        }
    }
}

/// RFC 3339 UTC with seconds, so that text order is time order.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// Checks the password (and the lockout), starts a session and logs the attempt either way.
/// Returns the cookie token and the user. Input past the bounds is refused before any lookup
/// or hashing.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(String, CurrentUser), AuthError> {
    if email.len() > MAX_EMAIL_BYTES || password.len() > MAX_PASSWORD_BYTES {
        let detail =
            format!("invoer te lang: e-mailadres {} bytes, wachtwoord {} bytes", email.len(), password.len());
        db.log_access(&attempt_line(email, now, "mislukt", &detail)).await?;
        return Err(AuthError::Invalid);
    }
    let record = db.user_by_email(email).await?;
    let result = check(db, record.as_ref(), password, now).await;
    let outcome = if result.is_ok() { "gelukt" } else { "mislukt" };
    let detail = result.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
    let mut entry = attempt_line(email, now, outcome, &detail);
    if let Some(user) = &record {
        entry.user_id = Some(user.id);
        entry.role = Some(user.role.code().to_owned());
        entry.organisation = user.organisation.clone();
    }
    db.log_access(&entry).await?;
    start_session(db, &result?, now).await
}

/// A new session for `user`: the cookie token and the user as a request sees them.
pub(super) async fn start_session(
    db: &Db,
    user: &UserRecord,
    now: DateTime<Utc>,
) -> Result<(String, CurrentUser), AuthError> {
    let token = new_token()?;
    let hash = token_hash(&token);
    let expires = timestamp(now + Duration::hours(SESSION_HOURS));
    db.create_session(&hash, user.id, &timestamp(now), &expires).await?;
    let current = current_user(db, user, hash).await?;
    Ok((token, current))
}

/// Logs a sign-in refused because its address failed too often lately.
pub async fn log_throttled_sign_in(db: &Db, email: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
    db.log_access(&attempt_line(email, now, "mislukt", "te veel mislukte pogingen vanaf dit adres")).await
}

/// The access-log line of a sign-in attempt; what the user typed is cut to `LOGGED_CHARS`.
pub(super) fn attempt_line(email: &str, now: DateTime<Utc>, outcome: &str, detail: &str) -> LogLine {
    let email = clip(&clip(email.trim(), LOGGED_CHARS).to_lowercase(), LOGGED_CHARS).to_owned();
    LogLine {
        at: timestamp(now),
        email: Some(email),
        action: "aanmelden".into(),
        outcome: outcome.into(),
        detail: (!detail.is_empty()).then(|| clip(detail, LOGGED_CHARS).to_owned()),
        ..LogLine::default()
    }
}

async fn check(
    db: &Db,
    record: Option<&UserRecord>,
    password: &str,
    now: DateTime<Utc>,
) -> Result<UserRecord, AuthError> {
    let Some(user) = record else {
        password::verify(password::DECOY_HASH, password).await?;
        return Err(AuthError::Invalid);
    };
    if let Some(until) = user.locked_until.as_deref().filter(|until| *until > timestamp(now).as_str()) {
        return Err(AuthError::Locked(local_time(until)));
    }
    let right = password::verify(&user.password_hash, password).await?;
    if user.disabled || !right {
        return Err(record_failure(db, user.id, now).await?);
    }
    if !db.record_sign_in(user.id, &timestamp(now)).await? {
        // Failures that ran alongside this attempt locked the account meanwhile.
        let locked = db.user_by_id(user.id).await?.and_then(|u| u.locked_until);
        let until = locked.unwrap_or_else(|| timestamp(now + Duration::minutes(LOCK_MINUTES)));
        return Err(AuthError::Locked(local_time(&until)));
    }
    Ok(user.clone())
}

/// Counts a failure in the database, which locks the account at the fifth in a row; the error
/// the attempt answers with.
async fn record_failure(db: &Db, id: i64, now: DateTime<Utc>) -> Result<AuthError, StoreError> {
    let now_text = timestamp(now);
    let until = timestamp(now + Duration::minutes(LOCK_MINUTES));
    let failed = db.record_failed_sign_in(id, MAX_FAILURES, &now_text, &until).await?;
    Ok(match failed.locked_until.filter(|until| *until > now_text) {
        Some(until) => AuthError::Locked(local_time(&until)),
        None => AuthError::Invalid,
    })
}

/// `14:35` in the server's local time, for messages.
fn local_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

async fn current_user(db: &Db, user: &UserRecord, token_hash: String) -> Result<CurrentUser, StoreError> {
    let export_names = match user.organisation_id {
        Some(id) => db.export_names(id).await?,
        None => Vec::new(),
    };
    Ok(CurrentUser {
        user: SessionUser {
            id: user.id,
            email: user.email.clone(),
            role: user.role,
            organisation: user.organisation.clone(),
            locale: user.locale,
        },
        organisation_id: user.organisation_id,
        export_names,
        consultant_name: (user.role == Role::Consultant).then(|| user.consultant_name.clone()).flatten(),
        token_hash,
    })
}

/// An enabled account as the notices' worker acts for it (no session).
pub async fn account(db: &Db, id: i64) -> Result<Option<CurrentUser>, StoreError> {
    match db.user_by_id(id).await?.filter(|u| !u.disabled) {
        Some(user) => Ok(Some(current_user(db, &user, String::new()).await?)),
        None => Ok(None),
    }
}

/// The user of a session token, when the session is neither expired nor idle too long and the
/// account is enabled; marks the session as used.
pub async fn authenticate(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, StoreError> {
    Ok(session_user(db, token_hash(token), now).await?.map(|(user, _)| user))
}

/// The user of the session with this token hash and until when the session lasts unused (its
/// expiry or the idle limit, whichever comes first).
async fn session_user(
    db: &Db,
    hash: String,
    now: DateTime<Utc>,
) -> Result<Option<(CurrentUser, DateTime<Utc>)>, StoreError> {
    let Some(session) = db.session(&hash).await? else { return Ok(None) };
    let now_text = timestamp(now);
    let idle_limit = timestamp(now - Duration::minutes(IDLE_MINUTES));
    if session.expires_at <= now_text || session.last_seen_at <= idle_limit {
        db.delete_session(&hash).await?;
        return Ok(None);
    }
    let Some(user) = db.user_by_id(session.user_id).await?.filter(|u| !u.disabled) else {
        db.delete_session(&hash).await?;
        return Ok(None);
    };
    // One write a minute at most per session.
    let mut last_seen = session.last_seen_at;
    if last_seen < timestamp(now - Duration::minutes(1)) {
        db.touch_session(&hash, &now_text).await?;
        last_seen = now_text;
    }
    let parse = |text: &str| DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).unwrap_or(now);
    let lasts_until = parse(&session.expires_at).min(parse(&last_seen) + Duration::minutes(IDLE_MINUTES));
    Ok(Some((current_user(db, &user, hash).await?, lasts_until)))
}

pub async fn sign_out(db: &Db, user: &CurrentUser) -> Result<(), StoreError> {
    db.delete_session(&user.token_hash).await?;
    db.log_access(&user.entry("afmelden", "gelukt")).await
}

/// Creates an account (`werkvoorraad user add`, the admin pages, the demo).
pub async fn add_user(
    db: &Db,
    email: &str,
    role: Role,
    organisation: Option<&str>,
    password: &str,
) -> Result<i64, AuthError> {
    password::check_new(password)?;
    let now = timestamp(Utc::now());
    let organisation_id = match (role, organisation.map(str::trim).filter(|o| !o.is_empty())) {
        (Role::Provider, Some(name)) => Some(db.ensure_organisation(name, &now).await?),
        (Role::Provider, None) => return Err(AuthError::OrganisationRequired),
        (_, Some(_)) => return Err(AuthError::OrganisationNotAllowed),
        (_, None) => None,
    };
    let hash = password::hash(password).await?;
    let new = crate::store::users::NewUser { email, role, organisation_id, password_hash: &hash, now: &now };
    Ok(db.create_user(&new).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_line_holds_at_most_a_hundred_characters_of_what_was_typed() {
        let typed = format!(" {}@X.NL", "É".repeat(2_000));
        let line = attempt_line(&typed, Utc::now(), "mislukt", &"d".repeat(500));
        assert_eq!(line.email.as_deref().map(|e| e.chars().count()), Some(LOGGED_CHARS));
        assert!(line.email.as_deref().is_some_and(|e| e.starts_with('é')));
        assert_eq!(line.detail.map(|d| d.chars().count()), Some(LOGGED_CHARS));
    }
}
