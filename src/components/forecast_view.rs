//! The forecast on the Overzicht (spec/metrics.md, "Forecast"; spec/flow.md, "how many by a
//! date"): when the backlog is gone, what extra capacity does, and what a date asks for.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::figures::Forecast;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::ForecastByDate;
use crate::domain::report::{decisions_by_sentence, dutch_date, forecast_sentence};

/// The answer to a date asked for on the Overzicht.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByDate {
    pub decisions: ForecastByDate,
    /// The least extra decisions a week that clear the backlog by the date at 85 %; `None`
    /// when even the most one may enter would not.
    pub extra: Option<u32>,
}

/// When the backlog is cleared at the pace of the last 12 weeks, and with extra capacity.
#[component]
pub fn ForecastView(
    forecast: Option<Forecast>,
    open: u64,
    what_if: Option<(u32, Forecast)>,
    by: Option<Result<ByDate, String>>,
    query: ViewQuery,
) -> impl IntoView {
    let sentence =
        forecast.as_ref().map_or("Er is nog geen voorspelling.".to_owned(), |f| forecast_sentence(f, open));
    let current = what_if.as_ref().map(|(n, _)| n.to_string()).unwrap_or_default();
    let what_if_sentence = what_if.map(|(n, f)| {
        let unit = if n == 1 { "zaak" } else { "zaken" };
        match f.p50_weeks {
            Some(_) => {
                let sentence = forecast_sentence(&f, open);
                let (first, rest) = sentence.split_at(sentence.chars().next().map_or(0, char::len_utf8));
                format!("Met {n} {unit} per week extra afgehandeld: {}{rest}", first.to_lowercase())
            }
            None => {
                format!("Ook met {n} {unit} per week extra is de werkvoorraad niet binnen twee jaar weg.")
            }
        }
    });
    view! {
        <section class="forecast" aria-labelledby="voorspelling">
            <h2 id="voorspelling">"Wanneer is de achterstand weg?"</h2>
            <p data-testid="forecast">{sentence}</p>
            <p class="hint">
                "Gesimuleerd met 10.000 mogelijke verlopen: elke week zoveel nieuwe zaken en besluiten als in "
                "een willekeurige week van de laatste 12 volle weken."
            </p>
            <form method="get" action="/" class="inline-form">
                {query.pairs().into_iter().map(|(key, value)| view! { <input type="hidden" name=key value=value/> }).collect_view()}
                <label for="extra">"Wat als er per week extra zaken worden afgehandeld?"</label>
                <input type="number" id="extra" name="extra" min="0" max="1000" step="1" value=current/>
                <button type="submit">"Bereken"</button>
            </form>
            {what_if_sentence.map(|s| view! { <p data-testid="forecast-what-if">{s}</p> })}
            <ByDateForm query=query.clone() by/>
        </section>
    }
}

/// "How many by a date" and what it takes to clear the backlog by then.
#[component]
fn ByDateForm(query: ViewQuery, by: Option<Result<ByDate, String>>) -> impl IntoView {
    let current = match &by {
        Some(Ok(answer)) => answer.decisions.date.clone(),
        _ => String::new(),
    };
    let answer = by.map(|answer| match answer {
        Ok(ByDate { decisions, extra }) => {
            let date = dutch_date(&decisions.date);
            let needed = match extra {
                Some(0) => format!("Bij het huidige tempo is de werkvoorraad op {date} met 85% zekerheid weg."),
                Some(n) => {
                    let (are, decisions) = if n == 1 { ("is", "besluit") } else { ("zijn", "besluiten") };
                    format!(
                        "Om de werkvoorraad op {date} met 85% zekerheid weg te hebben, {are} er per week {n} {decisions} extra nodig."
                    )
                }
                None => format!("Ook met 1000 besluiten per week extra is de werkvoorraad op {date} niet weg."),
            };
            view! {
                <p data-testid="forecast-by">{decisions_by_sentence(&decisions)}</p>
                <p data-testid="forecast-needed">{needed}</p>
            }
            .into_any()
        }
        Err(message) => view! { <p class="error" role="alert" data-testid="forecast-by">{message}</p> }.into_any(),
    });
    view! {
        <form method="get" action="/" class="inline-form">
            {query.pairs().into_iter().map(|(key, value)| view! { <input type="hidden" name=key value=value/> }).collect_view()}
            <label for="by">"Hoeveel zaken zijn er op een datum besloten?"</label>
            <input type="date" id="by" name="by" value=current/>
            <button type="submit">"Bereken"</button>
        </form>
        {answer}
    }
}
