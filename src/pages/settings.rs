//! Instellingen: the term for new requests, the "expiring" window and the daily tariff per
//! product, which the declaration risk prices with. A plain form post; no built-in tariffs.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::retention::Retention;
use super::{Loading, PageHeading};
use crate::components::filter_bar::product_text;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::notice::{schedule_keys, Kind, Schedule};
use crate::domain::report::euros;
use crate::i18n::{t, t_with, use_locale};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SettingsView {
    pub new_request_term_days: i32,
    pub expiring_window_days: i32,
    /// N of "stalled": open cases unchanged in each of the last N exports.
    pub stalled_snapshots: usize,
    /// Days before the indication end that a reindication must be decided by.
    pub warning_lead_days: i32,
    /// Every product of the newest export and every product with a tariff, with its tariff.
    pub tariffs: Vec<(String, Option<f64>)>,
    /// When each digest is made (Europe/Amsterdam).
    pub schedules: Vec<(Kind, Schedule)>,
    /// The weekday and hour now in Europe/Amsterdam.
    pub now: Schedule,
    /// Whether SMTP_URL is set: without it nothing is mailed.
    pub mail_on: bool,
    /// The retention terms and the dry run: the admin's only.
    pub retention: Option<super::retention::RetentionView>,
}

#[server]
pub async fn fetch_settings() -> Result<SettingsView, ServerFnError> {
    use crate::domain::access::Action;
    let grant = super::require(Action::Import).await?;
    let analytics = expect_context::<crate::analytics::Analytics>();
    let products = analytics.product_codes().await.unwrap_or_default();
    let settings = analytics.settings();
    let mut tariffs: Vec<(String, Option<f64>)> =
        products.into_iter().map(|p| (p.clone(), settings.tariffs.get(&p).copied())).collect();
    for (product, tariff) in &settings.tariffs {
        if !tariffs.iter().any(|(p, _)| p == product) {
            tariffs.push((product.clone(), Some(*tariff)));
        }
    }
    tariffs.sort_by(|a, b| a.0.cmp(&b.0));
    let stored = expect_context::<crate::store::Db>().settings().await.map_err(super::store_error)?;
    let schedules = Kind::DIGESTS.into_iter().map(|k| (k, crate::notify::schedule::of(&stored, k))).collect();
    let mail_on = expect_context::<crate::state::Notifier>().config.mails();
    let retention = match grant.may(Action::Admin) {
        true => Some(super::retention::retention_view(&expect_context()).await.map_err(|e| {
            tracing::error!(error = %e, "the retention view");
            ServerFnError::new(t(crate::i18n::current(), "error-retention-unreadable"))
        })?),
        false => None,
    };
    Ok(SettingsView {
        retention,
        schedules,
        now: crate::notify::schedule::current(chrono::Utc::now()),
        mail_on,
        new_request_term_days: settings.new_request_term_days,
        expiring_window_days: settings.expiring_window_days,
        stalled_snapshots: settings.stalled_snapshots,
        warning_lead_days: settings.warning_lead_days,
        tariffs,
    })
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let data = super::page_data(|| (), |_| fetch_settings(), false);
    view! {
        <PageHeading slug="instellingen" purpose=true/>
        <PostNotice/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <SettingsForm view/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsForm(view: SettingsView) -> impl IntoView {
    let locale = use_locale();
    let missing: Vec<String> =
        view.tariffs.iter().filter(|(_, t)| t.is_none()).map(|(p, _)| p.clone()).collect();
    view! {
        {(!missing.is_empty()).then(|| view! {
            <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="missing-tariffs">
                <p>{t_with(locale, "settings-missing-tariffs", &[("products", missing.join(", ").into())])}</p>
            </div>
        })}
        <form method="post" action="/instellingen" class="form">
            <TermFields values=[
                view.new_request_term_days.to_string(),
                view.expiring_window_days.to_string(),
                view.stalled_snapshots.to_string(),
                view.warning_lead_days.to_string(),
            ]/>
            <fieldset>
                <legend>{t(locale, "settings-tariffs")}</legend>
                <p class="hint">{t(locale, "settings-tariffs-hint")}</p>
                {view.tariffs.into_iter().map(|(product, tariff)| {
                    let id = format!("tariff-{product}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{product_text(&product, locale)}</label>
                            <input type="text" inputmode="decimal" id=id name=format!("tariff:{product}")
                                value=tariff.map(|amount| euros(amount, locale)).unwrap_or_default()/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Schedules schedules=view.schedules now=view.now/>
            <button type="submit">{t(locale, "settings-save")}</button>
        </form>
        <MailStatus mail_on=view.mail_on/>
        {view.retention.map(|view| view! { <Retention view/> })}
    }
}

/// The term fields: id (also of the catalogue's `settings-{id}-label` and `-hint`), name, bounds.
const TERM_FIELDS: [(&str, &str, u32, u32); 4] = [
    ("term", "new_request_term_days", 1, 365),
    ("window", "expiring_window_days", 1, 365),
    ("stalled", "stalled_snapshots", 2, 12),
    ("lead", "warning_lead_days", 1, 365),
];

/// The terms (in the order of `TERM_FIELDS`): for a new request, "nearly lapsed", "stalled" and
/// the last day to act.
#[component]
fn TermFields(values: [String; 4]) -> impl IntoView {
    let locale = use_locale();
    view! {
        <fieldset>
            <legend>{t(locale, "settings-terms")}</legend>
            {TERM_FIELDS.into_iter().zip(values).map(|((id, name, min, max), value)| {
                let hint = format!("{id}-hint");
                view! {
                    <div class="field">
                        <label for=id>{t(locale, &format!("settings-{id}-label"))}</label>
                        <p class="hint" id=hint.clone()>{t(locale, &format!("settings-{id}-hint"))}</p>
                        <input type="number" id=id name=name min=min.to_string() max=max.to_string() required
                            aria-describedby=hint value=value/>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The weekday and hour of each digest.
#[component]
fn Schedules(schedules: Vec<(Kind, Schedule)>, now: Schedule) -> impl IntoView {
    let locale = use_locale();
    let day_name = move |day: u32| match day {
        1..=7 => t(locale, &format!("settings-weekday-{day}")),
        _ => String::new(),
    };
    let hint = t_with(
        locale,
        "settings-schedules-hint",
        &[
            ("day", day_name(now.weekday).into()),
            ("from", format!("{:02}:00", now.hour).into()),
            ("to", format!("{:02}:00", (now.hour + 1) % 24).into()),
        ],
    );
    view! {
        <fieldset data-testid="schedules">
            <legend>{t(locale, "settings-schedules")}</legend>
            <p class="hint">{hint}</p>
            {schedules.into_iter().map(|(kind, schedule)| {
                let (day_key, hour_key) = schedule_keys(kind);
                let (day_id, hour_id) = (format!("day-{}", kind.code()), format!("hour-{}", kind.code()));
                view! {
                    <div class="field-row">
                        <div class="field">
                            <label for=day_id.clone()>{t_with(locale, "settings-schedule-day", &[("kind", kind.name(locale).into())])}</label>
                            <select id=day_id name=day_key>
                                {(1u32..=7).map(|day| view! {
                                    <option value=day.to_string() selected=day == schedule.weekday>{day_name(day)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=hour_id.clone()>{t(locale, "settings-schedule-hour")}</label>
                            <select id=hour_id name=hour_key>
                                {(0u32..24).map(|hour| view! {
                                    <option value=hour.to_string() selected=hour == schedule.hour>{format!("{hour:02}:00")}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Whether mail goes out, and the button that makes every digest now.
#[component]
fn MailStatus(mail_on: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "settings-mail")}</h2>
        {if mail_on {
            view! { <p data-testid="mail-status">{t(locale, "settings-mail-on")}</p> }.into_any()
        } else {
            view! {
                <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="mail-status">
                    <p>{t(locale, "settings-mail-off")}</p>
                </div>
            }.into_any()
        }}
        <form method="post" action="/instellingen/overzichten">
            <p class="hint">{t(locale, "settings-send-now-hint")}</p>
            <button type="submit">{t(locale, "settings-send-now")}</button>
        </form>
    }
}
