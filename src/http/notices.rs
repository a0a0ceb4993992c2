//! Saving a user's choices on Meldingen: each kind their role may choose, by mail or only in
//! the application, an alert with its threshold; all checked first, nothing saved when one is wrong.

use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Form};

use super::HttpError;
use crate::auth::guard::Grant;
use crate::domain::notice::{Channel, Choice, Kind};
use crate::i18n::{t, t_with, Locale};
use crate::state::AppState;

/// The choices of the form, or what to correct (in `locale`).
fn choices(
    role: crate::domain::access::Role,
    form: &[(String, String)],
    locale: Locale,
) -> Result<Vec<Choice>, String> {
    let value = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("");
    let mut choices = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| k.offered_to(role)) {
        let channel = match value(kind.code()) {
            "mail" => Channel::Mail,
            "app" => Channel::App,
            _ => continue,
        };
        let threshold = match kind.is_alert() {
            false => None,
            true => {
                let text = value(&format!("{}_threshold", kind.code()));
                let number =
                    text.replace('.', "").parse::<i64>().ok().filter(|n| (1..=100_000_000).contains(n));
                Some(number.ok_or_else(|| {
                    t_with(locale, "notice-threshold-missing", &[("kind", kind.name(locale).into())])
                })?)
            }
        };
        choices.push(Choice { kind, channel, threshold });
    }
    Ok(choices)
}

pub async fn save(
    State(state): State<AppState>,
    Extension(grant): Extension<Grant>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let locale = crate::i18n::current();
    let chosen = match choices(grant.role(), &form, locale) {
        Ok(chosen) => chosen,
        Err(message) => return Ok(super::back_with_notice("/meldingen", Err(message))),
    };
    if let Err(e) = state.db.set_choices(grant.user().user.id, &chosen).await {
        tracing::error!(error = %e, "saving the choices of notices failed");
        return Ok(super::back_with_notice("/meldingen", Err(t(locale, "notice-save-failed"))));
    }
    let mut entry = grant.entry("meldingen gekozen", "gelukt");
    let kinds: Vec<String> = chosen.iter().map(|c| format!("{} ({:?})", c.kind.code(), c.channel)).collect();
    entry.detail = Some(if kinds.is_empty() { "geen".to_owned() } else { kinds.join(", ") });
    grant.record(&state.db, &entry).await?;
    Ok(super::back_with_notice("/meldingen", Ok(t(locale, "notice-saved"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_role_chooses_only_its_own_kinds_and_an_alert_needs_a_threshold() {
        let chosen =
            choices(Role::Provider, &form(&[("own_organisation", "mail"), ("backlog", "mail")]), Locale::Nl)
                .unwrap();
        assert_eq!(chosen, [Choice { kind: Kind::OwnOrganisation, channel: Channel::Mail, threshold: None }]);
        let err = choices(
            Role::ContractManager,
            &form(&[("alert_lapsed", "app"), ("alert_lapsed_threshold", "")]),
            Locale::Nl,
        );
        assert!(err.unwrap_err().contains("drempel"));
        let err = choices(
            Role::ContractManager,
            &form(&[("alert_lapsed", "app"), ("alert_lapsed_threshold", "")]),
            Locale::En,
        );
        assert!(err.unwrap_err().starts_with("Fill in a threshold for “Warning: lapsed re-indications”"));
        let chosen = choices(
            Role::ContractManager,
            &form(&[("alert_euros", "app"), ("alert_euros_threshold", "10.000")]),
            Locale::Nl,
        );
        assert_eq!(chosen.unwrap()[0].threshold, Some(10_000));
        assert!(choices(
            Role::TeamLead,
            &form(&[("alert_waiting", "mail"), ("alert_waiting_threshold", "0")]),
            Locale::Nl
        )
        .is_err());
    }
}
