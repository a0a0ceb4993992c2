//! Bewaartermijnen on Instellingen (the admin only, spec/retention.md): the terms and the hour of
//! the daily job, what its next run would remove (a dry run), its last run, and a run now.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::dates::local_date;
use crate::domain::retention::{LastRun, Plan, HOUR_KEY, TERMS};
use crate::i18n::{t, t_with, use_locale, Locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RetentionView {
    /// In the order of `TERMS`.
    pub terms: [u32; 4],
    /// The hour of the daily run, Europe/Amsterdam.
    pub hour: u32,
    /// What a run today would remove.
    pub plan: Plan,
    pub last: Option<LastRun>,
}

/// The admin's view of the retention settings and the dry run on today.
#[cfg(feature = "ssr")]
pub async fn retention_view(
    db: &crate::store::Db,
) -> Result<RetentionView, crate::retention::RetentionError> {
    let terms = crate::retention::terms(db).await?;
    let plan = crate::retention::plan(db, &terms, crate::retention::today()).await?;
    let mut last = db.last_retention_run().await?;
    if let Some(run) = &mut last {
        // Stored in UTC; shown as the clock reads in the Netherlands.
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&run.finished_at) {
            run.finished_at = at.with_timezone(&chrono_tz::Europe::Amsterdam).to_rfc3339();
        }
    }
    Ok(RetentionView { terms: terms.values(), hour: terms.hour, plan, last })
}

/// The admin's part of Instellingen: the terms, the dry run, the last run and a run now.
#[component]
pub fn Retention(view: RetentionView) -> impl IntoView {
    view! {
        <h2 id="bewaartermijnen">{t(use_locale(), "retention-heading")}</h2>
        <RetentionTerms terms=view.terms hour=view.hour/>
        <RetentionRun plan=view.plan last=view.last/>
    }
}

/// The terms and the hour, in a form of their own.
#[component]
fn RetentionTerms(terms: [u32; 4], hour: u32) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="post" action="/instellingen/bewaartermijnen" class="form">
        <fieldset data-testid="retention-terms">
            <legend>{t(locale, "retention-terms")}</legend>
            <p class="hint">{t(locale, "retention-terms-hint")}</p>
            {TERMS.iter().zip(terms).map(|(term, value)| {
                let (id, hint) = (format!("term-{}", term.key), format!("hint-{}", term.key));
                // `retention_snapshot_months` → `retention-label-snapshot-months`.
                let name = term.key.trim_start_matches("retention_").replace('_', "-");
                view! {
                    <div class="field">
                        <label for=id.clone()>{t(locale, &format!("retention-label-{name}"))}</label>
                        <p class="hint" id=hint.clone()>{t(locale, &format!("retention-hint-{name}"))}</p>
                        <input type="number" id=id name=term.key min=term.min.to_string() max=term.max.to_string()
                            required aria-describedby=hint value=value.to_string()/>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for="retention-hour">{t(locale, "retention-hour")}</label>
                <select id="retention-hour" name=HOUR_KEY>
                    {(0u32..24).map(|h| view! {
                        <option value=h.to_string() selected=h == hour>{format!("{h:02}:00")}</option>
                    }).collect_view()}
                </select>
            </div>
        </fieldset>
        <button type="submit">{t(locale, "retention-save")}</button>
        </form>
    }
}

/// The dry run, the last run and the button that runs the job now.
#[component]
fn RetentionRun(plan: Plan, last: Option<LastRun>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h3>{t(locale, "retention-run")}</h3>
        <div data-testid="retention-plan">
            {if plan.is_empty() {
                view! { <p>{t(locale, "retention-plan-nothing")}</p> }.into_any()
            } else {
                view! {
                    <p>{t(locale, "retention-plan-intro")}</p>
                    <PlanList plan/>
                }.into_any()
            }}
        </div>
        <p data-testid="retention-last">{last_run(last, locale)}</p>
        <form method="post" action="/instellingen/opruimen">
            <p class="hint">{t(locale, "retention-run-hint")}</p>
            <button type="submit">{t(locale, "retention-run-now")}</button>
        </form>
    }
}

/// What a run today would remove, one line per kind of data.
#[component]
fn PlanList(plan: Plan) -> impl IntoView {
    let locale = use_locale();
    let count = |key: &str, n: i64| t_with(locale, key, &[("count", n.into())]);
    let dates = plan.snapshots.iter().map(|d| local_date(d, locale)).collect::<Vec<_>>().join(", ");
    let snapshots = t_with(
        locale,
        "retention-plan-snapshots",
        &[("count", plan.snapshots.len().into()), ("cases", plan.cases.into())],
    );
    let key = if plan.snapshots.len() == 1 { "retention-plan-date" } else { "retention-plan-dates" };
    view! {
        <ul>
            <li>{snapshots}
                {(!dates.is_empty()).then(|| format!(" {}", t_with(locale, key, &[("dates", dates.into())])))}</li>
            <li>{count("retention-plan-forms", plan.forms)}</li>
            <li>{count("retention-plan-problems", plan.problems)}</li>
            <li>{count("retention-plan-log", plan.log_lines)}</li>
        </ul>
    }
}

/// The last run in words: when, and what it removed or why it failed.
/// What it removed is kept in words, in Dutch, and marked so for another reader.
fn last_run(last: Option<LastRun>, locale: Locale) -> AnyView {
    let Some(run) = last else { return t(locale, "retention-never-run").into_any() };
    let key = if run.succeeded { "retention-last-run" } else { "retention-last-failed" };
    let date = local_date(&run.finished_at, locale);
    let time = run.finished_at.get(11..16).unwrap_or_default().to_owned();
    let when = t_with(locale, key, &[("date", date.into()), ("time", time.into())]);
    let lang = locale.of_stored_dutch();
    let end = if run.succeeded { "." } else { "" };
    view! { {when} " " <span lang=lang>{run.removed}</span> {end} }.into_any()
}
