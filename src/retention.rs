//! The retention job (spec/retention.md): what has passed its term on a day, removed once a day
//! per cluster (the worker calls `daily`) or now by the admin; each run is one access-log line.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::access::LogLine;
use crate::domain::retention::{Plan, Terms, TrendGroup};
use crate::metrics::MetricsError;
use crate::store::deletion::Deleted;
use crate::store::retention::ExpiredSnapshot;
use crate::store::{Db, StoreError};

/// One error type for the job.
#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("De trend van een momentopname kon niet worden berekend: {0}")]
    Metrics(#[from] MetricsError),
    #[error("De opruimtaak stopte onverwacht.")]
    Stopped,
    #[error("De peildatum {0} van een momentopname is onleesbaar; die momentopname is bewaard.")]
    AsOf(String),
}

/// The terms in force.
pub async fn terms(db: &Db) -> Result<Terms, RetentionError> {
    Ok(Terms::from_rows(&db.settings().await?))
}

/// Today in the Netherlands: the day the terms count from.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// What a run on `today` would remove (the dry run on Instellingen).
pub async fn plan(db: &Db, terms: &Terms, today: NaiveDate) -> Result<Plan, RetentionError> {
    let cutoffs = terms.cutoffs(today);
    let snapshots = db.expired_snapshots(&iso(cutoffs.snapshots)).await?;
    let forms = db.expired_forms(&iso(cutoffs.forms), &iso(cutoffs.snapshots)).await?;
    Ok(Plan {
        cases: snapshots.iter().map(|s| s.rows).sum(),
        snapshots: snapshots.into_iter().map(|s| s.as_of).collect(),
        forms: i64::try_from(forms.len()).unwrap_or(i64::MAX),
        problems: db.expired_problems(&iso(cutoffs.problems), false).await?,
        log_lines: db.old_log_lines(&iso(cutoffs.log), false).await?,
    })
}

/// Removes what has passed its term on `today` and says what it removed. A snapshot goes with
/// its trend's groups stored in the same transaction; a form leaves its trace. `now`: RFC 3339.
pub async fn run(db: &Db, terms: &Terms, today: NaiveDate, now: &str) -> Result<Plan, RetentionError> {
    let mut removed = Plan::default();
    remove(db, terms, today, now, &mut removed).await.map(|()| removed)
}

/// `run`, counting into `removed` as it goes: a run that fails halfway still says what went.
async fn remove(
    db: &Db,
    terms: &Terms,
    today: NaiveDate,
    now: &str,
    removed: &mut Plan,
) -> Result<(), RetentionError> {
    let cutoffs = terms.cutoffs(today);
    for snapshot in db.expired_snapshots(&iso(cutoffs.snapshots)).await? {
        let groups = if snapshot.in_trend { trend_groups(db, &snapshot).await? } else { Vec::new() };
        if db.delete_snapshot(snapshot.id, &groups).await? == Deleted::Gone {
            removed.cases += snapshot.rows;
            removed.snapshots.push(snapshot.as_of);
        }
    }
    // After the snapshots: a form whose case is in no kept snapshot may have passed its term too.
    for form in db.expired_forms(&iso(cutoffs.forms), &iso(cutoffs.snapshots)).await? {
        if db.expire_form(form.id, now).await? == Deleted::Gone {
            removed.forms += 1;
        }
    }
    db.remove_orphan_traces().await?;
    removed.problems = db.expired_problems(&iso(cutoffs.problems), true).await?;
    removed.log_lines = db.old_log_lines(&iso(cutoffs.log), true).await?;
    db.scrub().await?;
    Ok(())
}

/// The groups of a snapshot's open cases that its trend point is summed from.
async fn trend_groups(db: &Db, snapshot: &ExpiredSnapshot) -> Result<Vec<TrendGroup>, RetentionError> {
    let as_of = NaiveDate::parse_from_str(&snapshot.as_of, "%Y-%m-%d")
        .map_err(|_| RetentionError::AsOf(snapshot.as_of.clone()))?;
    let cases = db.cases_frame(snapshot.id).await?;
    let groups = tokio::task::spawn_blocking(move || crate::metrics::trend::groups(&cases, as_of));
    Ok(groups.await.map_err(|_| RetentionError::Stopped)??)
}

/// The run of `day` at the hour of `terms`, when no instance made it yet (or one left it
/// unfinished for an hour). Logged without a user, as an unattended import is.
pub async fn daily(db: &Db, terms: &Terms, day: NaiveDate, now: DateTime<Utc>) -> Result<(), RetentionError> {
    let turn = format!("dag:{} {:02}:00", iso(day), terms.hour);
    let line = LogLine { at: crate::auth::timestamp(now), ..LogLine::default() };
    turn_of(db, &turn, terms, day, now, line).await.map(|_| ())
}

/// A run now, by the admin whose log line `line` is (its action and outcome are filled in).
pub async fn now(db: &Db, line: LogLine) -> Result<Plan, RetentionError> {
    let now = Utc::now();
    let turn = format!("nu:{}:{}", crate::auth::timestamp(now), line.user_id.unwrap_or_default());
    turn_of(db, &turn, &terms(db).await?, today(), now, line).await
}

/// Runs `turn` when this instance may take it, and records the run and its access-log line
/// (counts only, and what went wrong).
async fn turn_of(
    db: &Db,
    turn: &str,
    terms: &Terms,
    today: NaiveDate,
    now: DateTime<Utc>,
    mut line: LogLine,
) -> Result<Plan, RetentionError> {
    let stamp = crate::auth::timestamp(now);
    let stale = crate::auth::timestamp(now - chrono::Duration::hours(1));
    if !db.claim_retention_turn(turn, &stamp, &stale).await? {
        return Ok(Plan::default());
    }
    let mut removed = Plan::default();
    let result = remove(db, terms, today, &stamp, &mut removed).await;
    if result.is_err() {
        // What went before the failure is deleted; its bytes go too (SQLite).
        let _ = db.scrub().await;
    }
    let (outcome, detail) = match &result {
        Ok(()) => ("gelukt", removed.describe()),
        Err(e) => ("mislukt", format!("{e} Wel verwijderd: {}", removed.describe())),
    };
    line.action = "bewaartermijnen toegepast".to_owned();
    (line.outcome, line.detail) = (outcome.to_owned(), Some(detail.clone()));
    db.finish_retention_turn(turn, &crate::auth::timestamp(Utc::now()), outcome, &detail).await?;
    db.log_access(&line).await?;
    result.map(|()| removed)
}
