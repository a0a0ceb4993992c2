//! Saving the settings forms (terms, tariffs, schedules; the admin's retention terms): checks
//! every value first (nothing is saved when one is wrong), then writes and logs what changed.

use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};
use chrono::Utc;

use super::HttpError;
use crate::auth::guard::Grant;
use crate::auth::timestamp;
use crate::domain::retention::{Term, HOUR_KEY, TERMS};
use crate::i18n::{current, t, t_with};
use crate::metrics::{EXPIRING_WINDOW, NEW_REQUEST_TERM, STALLED_SNAPSHOTS, TARIFF_PREFIX, WARNING_LEAD};
use crate::state::AppState;

/// The stored value of a form field, or the message that says what is wrong with it.
fn checked(key: &str, value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if let Some(product) = key.strip_prefix(TARIFF_PREFIX) {
        if value.is_empty() {
            return Ok(None);
        }
        let args = [("product", product.to_owned().into()), ("value", value.to_owned().into())];
        let amount = crate::domain::report::parse_euros(value, current())
            .ok_or_else(|| t_with(current(), "error-settings-tariff-amount", &args))?;
        if !(0.0..=100_000.0).contains(&amount) {
            return Err(t_with(current(), "error-settings-tariff-range", &args[..1]));
        }
        return Ok(Some(format!("{amount:.2}")));
    }
    if key == STALLED_SNAPSHOTS {
        let count: usize = value.parse().map_err(|_| said("error-settings-not-exports", value))?;
        if !(2..=12).contains(&count) {
            return Err(t(current(), "error-settings-stalled-range"));
        }
        return Ok(Some(count.to_string()));
    }
    if let Some(term) = TERMS.iter().find(|t| t.key == key) {
        return match value.parse::<u32>() {
            Ok(n) if (term.min..=term.max).contains(&n) => Ok(Some(n.to_string())),
            _ => Err(out_of_term(term)),
        };
    }
    if key.starts_with("schedule_day:") || key.starts_with("schedule_hour:") || key == HOUR_KEY {
        let (range, what) = match key.starts_with("schedule_day:") {
            true => (1..=7, "error-settings-schedule-day"),
            false => (0..=23, "error-settings-schedule-hour"),
        };
        return match value.parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(Some(n.to_string())),
            _ => Err(t(current(), what)),
        };
    }
    let days: i32 = value.parse().map_err(|_| said("error-settings-not-days", value))?;
    if !(1..=365).contains(&days) {
        return Err(t(current(), "error-settings-days-range"));
    }
    Ok(Some(days.to_string()))
}

/// Message `key` about the `value` typed, in the user's language.
fn said(key: &str, value: &str) -> String {
    t_with(current(), key, &[("value", value.to_owned().into())])
}

/// What is wrong with a retention term out of its bounds, one message per term
/// (`retention-range-…`: "Bewaartermijn toegangslogboek: kies … jaar").
fn out_of_term(term: &Term) -> String {
    let key = format!("retention-range-{}", term.key.trim_start_matches("retention_").replace('_', "-"));
    t_with(current(), &key, &[("min", term.min.into()), ("max", term.max.into())])
}

/// A retention setting: only the admin sets these (spec/retention.md).
fn is_retention_key(key: &str) -> bool {
    key == HOUR_KEY || TERMS.iter().any(|t| t.key == key)
}

fn is_schedule_key(key: &str) -> bool {
    crate::domain::notice::Kind::DIGESTS.into_iter().any(|kind| {
        let (day, hour) = crate::domain::notice::schedule_keys(kind);
        key == day || key == hour
    })
}

/// "Overzichten nu versturen": one turn of every digest now, logged.
pub async fn send_digests_now(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
) -> Result<Response, HttpError> {
    if let Err(e) = crate::notify::enqueue_digests_now(&state).await {
        tracing::error!(error = %e, "making the digests now failed");
        let message = t(current(), "error-settings-digests-failed");
        return Ok(super::back_with_notice("/instellingen", Err(message)));
    }
    grant.record(&state.db, &grant.entry("overzichten nu verstuurd", "gelukt")).await?;
    let message = t(current(), "notice-post-digests-queued");
    Ok(super::back_with_notice("/instellingen", Ok(message)))
}

/// "Nu opruimen": the retention job now (the admin); its access-log line says what it removed.
pub async fn apply_retention_now(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
) -> Result<Response, HttpError> {
    let notice = match crate::retention::now(&state.db, grant.entry("", "")).await {
        Ok(removed) if removed.is_empty() => Ok(t(current(), "notice-post-retention-nothing")),
        Ok(removed) => {
            let removed = removed.describe_in(current());
            Ok(t_with(current(), "notice-post-retention-done", &[("removed", removed.into())]))
        }
        Err(e) => {
            tracing::error!(error = %e, "the retention job failed");
            Err(t(current(), "error-settings-retention-failed"))
        }
    };
    Ok(super::back_with_notice("/instellingen", notice))
}

/// `POST /instellingen`: the terms, tariffs and schedules (team lead and admin).
pub async fn save(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let wanted = |k: &str| {
        [NEW_REQUEST_TERM, EXPIRING_WINDOW, STALLED_SNAPSHOTS, WARNING_LEAD].contains(&k)
            || k.starts_with(TARIFF_PREFIX)
            || is_schedule_key(k)
    };
    save_keys(&state, &grant, &form, wanted, "notice-post-settings-saved").await
}

/// `POST /instellingen/bewaartermijnen`: the retention terms and the job's hour (the admin only,
/// by the route's action).
pub async fn save_retention(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    save_keys(&state, &grant, &form, is_retention_key, "notice-post-retention-saved").await
}

/// Checks every `wanted` field first (nothing is saved when one is wrong), then writes the
/// changed keys and logs what changed; back to Instellingen with `saved` (a message key) or
/// what is wrong.
async fn save_keys(
    state: &AppState,
    grant: &Grant,
    form: &[(String, String)],
    wanted: impl Fn(&str) -> bool,
    saved: &str,
) -> Result<Response, HttpError> {
    let mut values = Vec::new();
    for (key, value) in form.iter().filter(|(k, _)| wanted(k)) {
        match checked(key, value) {
            Ok(value) => values.push((key.clone(), value)),
            Err(message) => return Ok(super::back_with_notice("/instellingen", Err(message))),
        }
    }
    let stored = state.db.settings().await?;
    let now = timestamp(Utc::now());
    let mut changes = Vec::new();
    for (key, value) in values {
        let before = stored.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        if before == value {
            continue;
        }
        if let Err(e) = state.db.set_setting(&key, value.as_deref(), &now, &grant.user().user.email).await {
            tracing::error!(error = %e, "saving a setting failed");
            let message = t(current(), "error-settings-not-saved");
            return Ok(super::back_with_notice("/instellingen", Err(message)));
        }
        changes.push(format!(
            "{key}: {} → {}",
            before.unwrap_or_else(|| "leeg".into()),
            value.unwrap_or_else(|| "leeg".into())
        ));
    }
    let mut entry = grant.entry("instellingen gewijzigd", "gelukt");
    entry.detail = Some(if changes.is_empty() { "geen wijzigingen".into() } else { changes.join("; ") });
    grant.record(&state.db, &entry).await?;
    let message = if changes.is_empty() { "notice-post-nothing-changed" } else { saved };
    Ok(super::back_with_notice("/instellingen", Ok(t(current(), message))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tariffs_and_days_are_read_the_dutch_way_or_refused_clearly() {
        assert_eq!(checked("tariff:BW", "150,50"), Ok(Some("150.50".into())));
        assert_eq!(checked("tariff:BW", "1.250,00"), Ok(Some("1250.00".into())));
        assert_eq!(checked("tariff:BW", "99.5"), Ok(Some("99.50".into())));
        assert_eq!(checked("tariff:BW", " "), Ok(None));
        assert!(checked("tariff:BW", "veel").unwrap_err().contains("BW"));
        assert!(checked("tariff:BW", "-3").is_err());
        assert_eq!(checked(NEW_REQUEST_TERM, "42"), Ok(Some("42".into())));
        assert!(checked(NEW_REQUEST_TERM, "0").is_err() && checked(EXPIRING_WINDOW, "acht").is_err());
    }

    #[test]
    fn retention_terms_keep_their_bounds_and_the_log_keeps_five_years() {
        assert_eq!(checked("retention_snapshot_months", "36"), Ok(Some("36".into())));
        assert_eq!(checked("retention_log_years", "7"), Ok(Some("7".into())));
        let short = checked("retention_log_years", "4").unwrap_err();
        assert!(short.contains("5 tot en met 30 jaar"), "{short}");
        assert!(checked("retention_form_months", "0").is_err());
        assert!(checked("retention_form_months", "een jaar").is_err());
        assert_eq!(checked(HOUR_KEY, "3"), Ok(Some("3".into())));
        assert!(checked(HOUR_KEY, "24").is_err());
    }
}
