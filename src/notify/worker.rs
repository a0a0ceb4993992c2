//! The worker of each instance: digest turns and the daily retention job at their hour, causes
//! made into notices under a lease, the outbox mailed with retries; each happens once per cluster.

use chrono::{DateTime, Duration, Utc};

use super::compose::{self, Recipient};
use super::mailer::{Mailer, SendError};
use super::{alerts, schedule, NotifyError};
use crate::analytics::AnalyticsError;
use crate::auth::account;
use crate::auth::guard::{authorize, Grant, Refusal};
use crate::domain::notice::{Channel, Kind, Message};
use crate::state::AppState;
use crate::store::notices::{Cause, ChoiceRow, NewNotice};
use crate::store::outbox::{Delivery, OutgoingMail};

/// How long an instance may hold a cause or a mail before another may take it over: far longer
/// than making a cause's notices takes (figures come from the cache; milliseconds per user).
const LEASE_MINUTES: i64 = 15;
/// The longest pause between two tries of a mail.
const MAX_PAUSE_SECONDS: f64 = 3600.0;

/// Starts the worker of this instance; it runs until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let owner = lease_owner();
        let mailer = Mailer::new(&state.notify.config);
        loop {
            if let Err(e) = tick(&state, &owner, mailer.as_ref()).await {
                tracing::error!(error = %e, "the notices' worker failed; it tries again");
            }
            let poll = state.notify.config.poll;
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = state.notify.rung() => {}
            }
        }
    })
}

fn lease_owner() -> String {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    hex::encode(bytes)
}

/// The notices' times, to the millisecond: a retry a fraction of a second later must sort later.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn lease(now: DateTime<Utc>) -> (String, String) {
    (stamp(now), stamp(now + Duration::minutes(LEASE_MINUTES)))
}

/// One look: due turns, then causes, then mail.
async fn tick(state: &AppState, owner: &str, mailer: Option<&Mailer>) -> Result<(), NotifyError> {
    let now = Utc::now();
    let settings = state.db.settings().await?;
    for kind in Kind::DIGESTS {
        if let Some(turn) = schedule::due_turn(kind, schedule::of(&settings, kind), now) {
            state.db.add_cause("digest", &turn, &stamp(now)).await?;
        }
    }
    let retention = crate::domain::retention::Terms::from_rows(&settings);
    if let Some(day) = schedule::due_day(retention.hour, now).filter(|_| state.notify.config.retention_job) {
        // A failed run is in the access log; the notices and mail go on.
        if let Err(e) = crate::retention::daily(&state.db, &retention, day, now).await {
            tracing::error!(error = %e, "the retention job failed");
        }
    }
    loop {
        let (now, until) = lease(Utc::now());
        let Some(cause) = state.db.claim_cause(owner, &now, &until).await? else { break };
        let made = make_notices(state, &cause).await?;
        if !state.db.finish_cause(&cause, owner, &stamp(Utc::now()), &made.0, &made.1).await? {
            tracing::warn!(cause = cause.id, "another instance took over a cause of notices");
        }
    }
    let Some(mailer) = mailer else { return Ok(()) };
    let mut tried = std::collections::HashSet::new();
    loop {
        let (now, until) = lease(Utc::now());
        let Some(mail) = state.db.claim_mail(owner, &now, &until).await? else { break };
        if !tried.insert(mail.id) {
            // Due again within this look (a very short pause): the next look tries it.
            state.db.release_mail(mail.id, owner).await?;
            break;
        }
        deliver(state, mailer, owner, mail).await?;
    }
    Ok(())
}

/// Puts one turn of every digest in the outbox now (the admin's button), whatever the schedule.
pub async fn enqueue_digests_now(state: &AppState) -> Result<(), NotifyError> {
    let now = stamp(Utc::now());
    for kind in Kind::DIGESTS {
        state.db.add_cause("digest", &format!("{}:nu-{now}", kind.code()), &now).await?;
    }
    state.notify.wake();
    Ok(())
}

type Made = (Vec<NewNotice>, Vec<ChoiceRow>);

async fn make_notices(state: &AppState, cause: &Cause) -> Result<Made, NotifyError> {
    // What the figures service trusts: the revisions a request read. The worker is no request,
    // so it reads them itself; else an import through another instance went unseen here.
    state.db.revisions().await?;
    let result = match cause.kind.as_str() {
        "import" => alerts_after_import(state).await,
        _ => match cause.reference.split(':').next().and_then(Kind::from_code) {
            Some(kind) => digests(state, kind).await,
            None => Ok((Vec::new(), Vec::new())),
        },
    };
    match result {
        Err(NotifyError::Analytics(AnalyticsError::NoSnapshot)) => Ok((Vec::new(), Vec::new())),
        other => other,
    }
}

/// The grant that builds `choice`'s notices, or `None` when the user may no longer have them.
async fn grant_of(state: &AppState, choice: &ChoiceRow) -> Result<Option<Grant>, NotifyError> {
    let Some(user) = account(&state.db, choice.user_id).await? else { return Ok(None) };
    if !choice.choice.kind.offered_to(user.user.role) {
        return Ok(None);
    }
    match authorize(&state.db, Some(user), choice.choice.kind.action()).await {
        Ok(grant) => Ok(Some(grant)),
        Err(Refusal::Forbidden) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn notice(state: &AppState, choice: &ChoiceRow, message: Message) -> NewNotice {
    NewNotice {
        user_id: choice.user_id,
        kind: choice.choice.kind,
        subject: message.subject,
        lines: message.lines,
        case_ids: message.case_ids,
        by_mail: choice.choice.channel == Channel::Mail && state.notify.config.mails(),
        locale: message.locale,
    }
}

async fn digests(state: &AppState, kind: Kind) -> Result<Made, NotifyError> {
    let (mut notices, mut updates) = (Vec::new(), Vec::new());
    // In the access log's format, which the reports' and problems' times are compared with.
    let now = crate::auth::timestamp(Utc::now());
    let week_ago = crate::auth::timestamp(Utc::now() - Duration::days(7));
    for choice in state.db.choosers(kind).await? {
        let Some(grant) = grant_of(state, &choice).await? else { continue };
        let thresholds = state.db.choices(choice.user_id).await?;
        let threshold =
            |k: Kind| thresholds.iter().find(|c| c.choice.kind == k).and_then(|c| c.choice.threshold);
        let since = choice.last_at.clone().unwrap_or_else(|| week_ago.clone());
        let to = Recipient {
            grant: &grant,
            locale: grant.user().user.locale,
            since: &since,
            thresholds: (threshold(Kind::LapsedAlert), threshold(Kind::EurosAlert)),
        };
        match compose::digest(kind, &state.analytics, &state.db, &to).await {
            Ok(message) => notices.push(notice(state, &choice, message)),
            Err(e) => skipped(&choice, e)?,
        }
        updates.push(ChoiceRow { last_at: Some(now.clone()), ..choice });
    }
    Ok((notices, updates))
}

/// One recipient's notice could not be made: the others still get theirs, unless the database
/// failed (then the whole cause is tried again).
fn skipped(choice: &ChoiceRow, error: NotifyError) -> Result<(), NotifyError> {
    if matches!(error, NotifyError::Store(_)) {
        return Err(error);
    }
    let kind = choice.choice.kind.code();
    tracing::warn!(user = choice.user_id, kind, error = %error, "a notice could not be made");
    Ok(())
}

async fn alerts_after_import(state: &AppState) -> Result<Made, NotifyError> {
    let (mut notices, mut updates) = (Vec::new(), Vec::new());
    for kind in [Kind::LapsedAlert, Kind::EurosAlert, Kind::WaitingAlert] {
        for choice in state.db.choosers(kind).await? {
            let Some(threshold) = choice.choice.threshold else { continue };
            let Some(grant) = grant_of(state, &choice).await? else { continue };
            let reading = match alerts::read(kind, threshold, &state.analytics, &state.db, &grant).await {
                Ok(reading) => reading,
                Err(e) => {
                    skipped(&choice, e)?;
                    continue;
                }
            };
            let locale = grant.user().user.locale;
            if let Some(message) = reading.message(kind, threshold, &choice.crossed, locale) {
                notices.push(notice(state, &choice, message));
            }
            updates.push(ChoiceRow { crossed: reading.keys, ..choice });
        }
    }
    Ok((notices, updates))
}

/// Sends one claimed mail and records what became of it; a sent mail is in the access log.
async fn deliver(
    state: &AppState,
    mailer: &Mailer,
    owner: &str,
    mail: OutgoingMail,
) -> Result<(), NotifyError> {
    let now = Utc::now();
    let user = account(&state.db, mail.user_id).await?;
    // Made for the user's role then; after a change of role it is no longer theirs to receive.
    let Some(user) = user.filter(|u| mail.kind.offered_to(u.user.role)) else {
        let error = "het account is uitgeschakeld, verwijderd of heeft nu een andere rol";
        return Ok(state.db.mail_tried(mail.id, owner, Delivery::Refused { error }).await?);
    };
    let base = &state.notify.config.public_url;
    let message = Message {
        subject: mail.subject.clone(),
        lines: mail.lines,
        case_ids: Vec::new(),
        locale: mail.locale,
    };
    let sent =
        mailer.send(&user.user.email, &mail.subject, message.plain_text(base), message.html(base)).await;
    let at = stamp(now);
    match sent {
        Ok(()) => {
            let mut entry = user.entry("mail verstuurd", "gelukt");
            entry.detail = Some(mail.kind.name(crate::i18n::Locale::Nl));
            entry.case_id = Some(mail.case_ids).filter(|ids| !ids.is_empty());
            state.db.mail_sent(mail.id, owner, &at, &entry).await?;
        }
        Err(SendError::Transient(error)) => {
            let pause = (state.notify.config.retry.as_secs_f64() * 2f64.powi(mail.attempts.min(20) as i32))
                .min(MAX_PAUSE_SECONDS);
            let next = stamp(now + Duration::milliseconds((pause * 1000.0) as i64));
            tracing::warn!(
                notice = mail.id,
                attempt = mail.attempts + 1,
                "a mail could not be delivered yet; it is tried again"
            );
            state.db.mail_tried(mail.id, owner, Delivery::Later { at: &next, error: &error }).await?;
        }
        Err(SendError::Permanent(error)) => {
            tracing::warn!(notice = mail.id, "the SMTP server refused a mail for good");
            state.db.mail_tried(mail.id, owner, Delivery::Refused { error: &error }).await?;
        }
    }
    Ok(())
}
