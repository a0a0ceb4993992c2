//! Bewaartermijnen on Instellingen (the admin only, spec/retention.md): the terms and the hour of
//! the daily job, what its next run would remove (a dry run), its last run, and a run now.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::report::dutch_date;
use crate::domain::retention::{LastRun, Plan, HOUR_KEY, TERMS};

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
        <h2 id="bewaartermijnen">"Bewaartermijnen"</h2>
        <RetentionTerms terms=view.terms hour=view.hour/>
        <RetentionRun plan=view.plan last=view.last/>
    }
}

/// The terms and the hour, in a form of their own.
#[component]
fn RetentionTerms(terms: [u32; 4], hour: u32) -> impl IntoView {
    view! {
        <form method="post" action="/instellingen/bewaartermijnen" class="form">
        <fieldset data-testid="retention-terms">
            <legend>"Hoe lang werkvoorraad gegevens bewaart"</legend>
            <p class="hint">"Wat zijn termijn voorbij is, verwijdert werkvoorraad elke dag op het gekozen uur. Alleen de beheerder ziet en wijzigt dit."</p>
            {TERMS.iter().zip(terms).map(|(term, value)| {
                let (id, hint) = (format!("term-{}", term.key), format!("hint-{}", term.key));
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{} ({})", term.label, term.unit)}</label>
                        <p class="hint" id=hint.clone()>{term.hint}</p>
                        <input type="number" id=id name=term.key min=term.min.to_string() max=term.max.to_string()
                            required aria-describedby=hint value=value.to_string()/>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for="retention-hour">"Elke dag opruimen om (tijd in Nederland)"</label>
                <select id="retention-hour" name=HOUR_KEY>
                    {(0u32..24).map(|h| view! {
                        <option value=h.to_string() selected=h == hour>{format!("{h:02}:00")}</option>
                    }).collect_view()}
                </select>
            </div>
        </fieldset>
        <button type="submit">"Bewaartermijnen opslaan"</button>
        </form>
    }
}

/// The dry run, the last run and the button that runs the job now.
#[component]
fn RetentionRun(plan: Plan, last: Option<LastRun>) -> impl IntoView {
    let dates = plan.snapshots.iter().map(|d| dutch_date(d)).collect::<Vec<_>>().join(", ");
    view! {
        <h3>"Opruimen na de bewaartermijn"</h3>
        <div data-testid="retention-plan">
            {if plan.is_empty() {
                view! { <p>"Als het opruimen vandaag draait, is er niets waarvan de bewaartermijn verstreken is."</p> }.into_any()
            } else {
                view! {
                    <p>"Als het opruimen vandaag draait, verwijdert het:"</p>
                    <ul>
                        <li>{format!("Momentopnamen: {}, met samen {} zaakregels", plan.snapshots.len(), plan.cases)}
                            {(!dates.is_empty()).then(|| {
                                let label = if plan.snapshots.len() == 1 { "peildatum" } else { "peildata" };
                                format!(" ({label} {dates}). De trend bewaart hun aantallen.")
                            })}</li>
                        <li>{format!("Evaluatieformulieren: {}. De geschiedenis van de zaak bewaart de datum van ontvangst.", plan.forms)}</li>
                        <li>{format!("Afgesloten declaratieproblemen: {}", plan.problems)}</li>
                        <li>{format!("Regels uit het toegangslogboek: {}", plan.log_lines)}</li>
                    </ul>
                }.into_any()
            }}
        </div>
        <p data-testid="retention-last">{last.map_or("Er is nog niet opgeruimd.".to_owned(), |run| {
            let (date, time) = (dutch_date(&run.finished_at), run.finished_at.get(11..16).unwrap_or_default().to_owned());
            match run.succeeded {
                true => format!("Laatst opgeruimd op {date} om {time}: {}.", run.removed),
                false => format!("Het opruimen op {date} om {time} is mislukt: {}", run.removed),
            }
        })}</p>
        <form method="post" action="/instellingen/opruimen">
            <p class="hint">"Verwijdert nu wat hierboven staat, en zet een regel in het toegangslogboek. Verwijderd is verwijderd: maak eerst een back-up als u twijfelt."</p>
            <button type="submit">"Nu opruimen"</button>
        </form>
    }
}
