//! The forecast on the Overzicht (spec/metrics.md, "Forecast"; spec/flow.md, "how many by a
//! date"): when the backlog is gone, what extra capacity does, and what a date asks for.

use crate::domain::figures::Forecast;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::{ByDate, ForecastAnswers, WINDOWS};
use crate::domain::report::{decisions_by_sentence, dutch_date, forecast_sentence};
use crate::i18n::{t, Locale};
use leptos::prelude::*;

/// When the backlog is cleared at the pace of recent weeks, with extra capacity, and by a date;
/// one form asks all three (it works without wasm).
#[component]
pub fn ForecastView(answers: ForecastAnswers, open: u64, query: ViewQuery) -> impl IntoView {
    let ForecastAnswers { window, forecast, what_if, by } = answers;
    let sentence = forecast
        .as_ref()
        .map_or_else(|| t(Locale::Nl, "forecast-none"), |f| forecast_sentence(f, open, Locale::Nl));
    let current_extra = what_if.as_ref().map(|(n, _)| n.to_string()).unwrap_or_default();
    let current_by = match &by {
        Some(Ok(answer)) => answer.decisions.date.clone(),
        _ => String::new(),
    };
    view! {
        <section class="forecast" aria-labelledby="voorspelling">
            <h2 id="voorspelling">"Wanneer is de achterstand weg?"</h2>
            <p data-testid="forecast">{sentence}</p>
            <p class="hint">
                {format!("Gesimuleerd met 10.000 mogelijke verlopen: elke week zoveel nieuwe zaken en besluiten als \
                          in een willekeurige week van de laatste {window} volle weken.")}
            </p>
            <form method="get" action="/" class="forecast-form">
                {query.pairs().into_iter().map(|(key, value)| view! { <input type="hidden" name=key value=value/> }).collect_view()}
                <div class="field">
                    <label for="window">"Tempo van de laatste"</label>
                    <select id="window" name="window">
                        {WINDOWS.into_iter().map(|w| view! {
                            <option value=w.to_string() selected=w == window>{format!("{w} weken")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="extra">"Wat als er per week extra zaken worden afgehandeld?"</label>
                    <input type="number" id="extra" name="extra" min="0" max="1000" step="1" value=current_extra/>
                </div>
                <div class="field">
                    <label for="by">"Hoeveel zaken zijn er op een datum besloten?"</label>
                    <input type="date" id="by" name="by" value=current_by/>
                </div>
                <button type="submit">"Bereken"</button>
            </form>
            {what_if.map(|(n, f)| view! { <p data-testid="forecast-what-if">{what_if_sentence(n, &f, open)}</p> })}
            {by.map(by_answer)}
        </section>
    }
}

fn what_if_sentence(n: u32, forecast: &Forecast, open: u64) -> String {
    let unit = if n == 1 { "zaak" } else { "zaken" };
    match forecast.p50_weeks {
        Some(_) => {
            let sentence = forecast_sentence(forecast, open, Locale::Nl);
            let (first, rest) = sentence.split_at(sentence.chars().next().map_or(0, char::len_utf8));
            format!("Met {n} {unit} per week extra afgehandeld: {}{rest}", first.to_lowercase())
        }
        None => format!("Ook met {n} {unit} per week extra is de werkvoorraad niet binnen twee jaar weg."),
    }
}

/// "How many by a date" and what it takes to clear the backlog by then, or what is wrong.
fn by_answer(answer: Result<ByDate, String>) -> AnyView {
    match answer {
        Ok(ByDate { decisions, extra }) => {
            let date = dutch_date(&decisions.date);
            let needed = match extra {
                Some(0) => {
                    format!("Bij het huidige tempo is de werkvoorraad op {date} met 85% zekerheid weg.")
                }
                Some(n) => {
                    let (are, decisions) = if n == 1 { ("is", "besluit") } else { ("zijn", "besluiten") };
                    format!(
                        "Om de werkvoorraad op {date} met 85% zekerheid weg te hebben, {are} er per week {n} {decisions} extra nodig."
                    )
                }
                None => {
                    format!("Ook met 1000 besluiten per week extra is de werkvoorraad op {date} niet weg.")
                }
            };
            view! {
                <p data-testid="forecast-by">{decisions_by_sentence(&decisions)}</p>
                <p data-testid="forecast-needed">{needed}</p>
            }
            .into_any()
        }
        Err(message) => {
            view! { <p class="error" role="alert" data-testid="forecast-by">{message}</p> }.into_any()
        }
    }
}
