//! Instellingen: the term for new requests, the "expiring" window and the daily tariff per
//! product, which the declaration risk prices with. A plain form post; no built-in tariffs.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::nav_item;
use super::retention::Retention;
use crate::components::filter_bar::product_text;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::notice::{schedule_keys, Kind, Schedule, WEEKDAYS};
use crate::domain::report::euros;

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
            ServerFnError::new("De bewaartermijnen konden niet worden gelezen. Probeer het later opnieuw.")
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
    let purpose = nav_item("instellingen").map_or(String::new(), |i| i.heading().1);
    view! {
        <Title text="Instellingen"/>
        <h1>"Instellingen"</h1>
        <p class="lead">{purpose}</p>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
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
    let missing: Vec<String> =
        view.tariffs.iter().filter(|(_, t)| t.is_none()).map(|(p, _)| p.clone()).collect();
    view! {
        {(!missing.is_empty()).then(|| view! {
            <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="missing-tariffs">
                <p>"Zonder dagtarief: " {missing.join(", ")} ". Voor deze producten telt het declaratierisico wel de dagen, maar geen euro's."</p>
            </div>
        })}
        <form method="post" action="/instellingen" class="form">
            <fieldset>
                <legend>"Termijnen"</legend>
                <div class="field">
                    <label for="term">"Termijn nieuwe aanvraag (dagen)"</label>
                    <p class="hint" id="term-hint">"Wettelijk 6 weken: 42 dagen (Wmo 2015 art. 2.3.2)."</p>
                    <input type="number" id="term" name="new_request_term_days" min="1" max="365" required
                        aria-describedby="term-hint" value=view.new_request_term_days.to_string()/>
                </div>
                <div class="field">
                    <label for="window">"Bijna verlopen: einddatum binnen (dagen)"</label>
                    <p class="hint" id="window-hint">"Standaard 56 dagen (8 weken)."</p>
                    <input type="number" id="window" name="expiring_window_days" min="1" max="365" required
                        aria-describedby="window-hint" value=view.expiring_window_days.to_string()/>
                </div>
                <div class="field">
                    <label for="stalled">"Stilgevallen: ongewijzigd in de laatste (aantal exports)"</label>
                    <p class="hint" id="stalled-hint">
                        "Een open zaak is stilgevallen als consulent, datums en einddatum in zoveel exports na elkaar gelijk bleven. Standaard 3."
                    </p>
                    <input type="number" id="stalled" name="stalled_snapshots" min="2" max="12" required
                        aria-describedby="stalled-hint" value=view.stalled_snapshots.to_string()/>
                </div>
                <div class="field">
                    <label for="lead">"Laatste dag om te handelen: einddatum indicatie min (dagen)"</label>
                    <p class="hint" id="lead-hint">
                        "Zoveel dagen vóór de einddatum moet een herindicatie in behandeling zijn om op tijd besloten te worden. Standaard 56."
                    </p>
                    <input type="number" id="lead" name="warning_lead_days" min="1" max="365" required
                        aria-describedby="lead-hint" value=view.warning_lead_days.to_string()/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Dagtarief per product (euro)"</legend>
                <p class="hint">"Leeg laten als er (nog) geen tarief is. Een komma of een punt mag."</p>
                {view.tariffs.into_iter().map(|(product, tariff)| {
                    let id = format!("tariff-{product}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{product_text(&product, crate::i18n::Locale::Nl)}</label>
                            <input type="text" inputmode="decimal" id=id name=format!("tariff:{product}")
                                value=tariff.map(euros).unwrap_or_default()/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Schedules schedules=view.schedules now=view.now/>
            <button type="submit">"Opslaan"</button>
        </form>
        <MailStatus mail_on=view.mail_on/>
        {view.retention.map(|view| view! { <Retention view/> })}
    }
}

/// The weekday and hour of each digest.
#[component]
fn Schedules(schedules: Vec<(Kind, Schedule)>, now: Schedule) -> impl IntoView {
    let today =
        (now.weekday as usize).checked_sub(1).and_then(|i| WEEKDAYS.get(i)).copied().unwrap_or_default();
    view! {
        <fieldset data-testid="schedules">
            <legend>"Wanneer de overzichten gaan (tijd in Nederland)"</legend>
            <p class="hint">
                "Elk overzicht gaat één keer per week uit, op de gekozen dag en het gekozen uur. Het is nu "
                {today} " tussen " {format!("{:02}:00", now.hour)} " en " {format!("{:02}:00", (now.hour + 1) % 24)} "."
            </p>
            {schedules.into_iter().map(|(kind, schedule)| {
                let (day_key, hour_key) = schedule_keys(kind);
                let (day_id, hour_id) = (format!("day-{}", kind.code()), format!("hour-{}", kind.code()));
                view! {
                    <div class="field-row">
                        <div class="field">
                            <label for=day_id.clone()>{kind.label()} ": dag"</label>
                            <select id=day_id name=day_key>
                                {WEEKDAYS.iter().zip(1u32..).map(|(name, day)| view! {
                                    <option value=day.to_string() selected=day == schedule.weekday>{*name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=hour_id.clone()>"uur"</label>
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
    view! {
        <h2>"E-mail"</h2>
        {if mail_on {
            view! { <p data-testid="mail-status">"E-mail is ingesteld: wie een overzicht of waarschuwing per e-mail kiest, krijgt die."</p> }.into_any()
        } else {
            view! {
                <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="mail-status">
                    <p>"Er wordt geen e-mail verstuurd: SMTP_URL is niet ingesteld. Berichten staan alleen op de pagina Meldingen van elke gebruiker. De beheerder van de server stelt SMTP_URL en MAIL_FROM in."</p>
                </div>
            }.into_any()
        }}
        <form method="post" action="/instellingen/overzichten">
            <p class="hint">"Maakt nu van elk overzicht een bericht voor iedereen die het gekozen heeft, los van het schema."</p>
            <button type="submit">"Overzichten nu versturen"</button>
        </form>
    }
}
