//! The retention job (spec/retention.md): what has passed its term on a day, removed once a day
//! per cluster (the worker calls `daily`) or now by the admin; each run is one access-log line.

use chrono::NaiveDate;

use crate::domain::access::LogLine;
use crate::domain::retention::{Plan, Terms};
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
}

/// The terms in force.
pub async fn terms(db: &Db) -> Result<Terms, RetentionError> {
    Ok(Terms::from_rows(&db.settings().await?))
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
    let cutoffs = terms.cutoffs(today);
    let mut removed = Plan::default();
    for snapshot in db.expired_snapshots(&iso(cutoffs.snapshots)).await? {
        let groups = if snapshot.in_trend { trend_groups(db, &snapshot).await? } else { Vec::new() };
        if db.delete_snapshot(snapshot.id, &groups).await? == Deleted::Gone {
            removed.cases += snapshot.rows;
            removed.snapshots.push(snapshot.as_of);
        }
    }
    // After the snapshots: a form whose case is in no kept snapshot has passed its term too.
    for form in db.expired_forms(&iso(cutoffs.forms), &iso(cutoffs.snapshots)).await? {
        if db.expire_form(form.id, now).await? == Deleted::Gone {
            removed.forms += 1;
        }
    }
    removed.problems = db.expired_problems(&iso(cutoffs.problems), true).await?;
    removed.log_lines = db.old_log_lines(&iso(cutoffs.log), true).await?;
    if !removed.is_empty() {
        db.scrub().await?;
    }
    Ok(removed)
}

/// The groups of a snapshot's open cases that its trend point is summed from.
async fn trend_groups(
    db: &Db,
    snapshot: &ExpiredSnapshot,
) -> Result<Vec<crate::domain::retention::TrendGroup>, RetentionError> {
    let cases = db.cases_frame(snapshot.id).await?;
    let Some(as_of) = crate::ingest::values::parse_date(&snapshot.as_of, false) else {
        return Ok(Vec::new());
    };
    let groups = tokio::task::spawn_blocking(move || crate::metrics::trend::groups(&cases, as_of));
    Ok(groups.await.map_err(|_| RetentionError::Stopped)??)
}

/// Today's run at the hour of the settings, when no instance made it yet (`day`: the turn's
/// date in Amsterdam). Logged without a user, as an unattended import is.
pub async fn daily(
    db: &Db,
    day: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), RetentionError> {
    let stamp = crate::auth::timestamp(now);
    let turn = format!("dag:{}", iso(day));
    if !db.claim_retention_turn(&turn, &stamp).await? {
        return Ok(());
    }
    let line = LogLine { at: stamp.clone(), ..LogLine::default() };
    finish(db, &turn, line, run(db, &terms(db).await?, now.date_naive(), &stamp).await).await.map(|_| ())
}

/// A run now, by the admin whose log line `line` is (its action and outcome are filled in).
pub async fn now(db: &Db, line: LogLine) -> Result<Plan, RetentionError> {
    let now = chrono::Utc::now();
    let stamp = crate::auth::timestamp(now);
    let turn = format!("nu:{stamp}:{}", line.user_id.unwrap_or_default());
    db.claim_retention_turn(&turn, &stamp).await?;
    finish(db, &turn, line, run(db, &terms(db).await?, now.date_naive(), &stamp).await).await
}

/// Records the run and its access-log line (counts only).
async fn finish(
    db: &Db,
    turn: &str,
    mut line: LogLine,
    result: Result<Plan, RetentionError>,
) -> Result<Plan, RetentionError> {
    line.action = "bewaartermijnen toegepast".to_owned();
    let (outcome, detail) = match &result {
        Ok(removed) => ("gelukt", removed.describe()),
        Err(e) => ("mislukt", e.to_string()),
    };
    (line.outcome, line.detail) = (outcome.to_owned(), Some(detail.clone()));
    db.finish_retention_turn(turn, &crate::auth::timestamp(chrono::Utc::now()), &detail).await?;
    db.log_access(&line).await?;
    result
}
