//! The forecast on the Overzicht (spec/metrics.md, "Forecast"; spec/flow.md, "how many by a
//! date"): when the backlog is gone, what extra capacity does, and what a date asks for.

use crate::domain::dates::local_date;
use crate::domain::figures::Forecast;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::{ByDate, ForecastAnswers, WINDOWS};
use crate::domain::report::{decisions_by_sentence, forecast_sentence};
use crate::i18n::{t, t_count, t_with, FluentValue, Locale};
use leptos::prelude::*;

/// When the backlog is cleared at the pace of recent weeks, with extra capacity, and by a date;
/// one form asks all three (it works without wasm).
#[component]
pub fn ForecastView(answers: ForecastAnswers, open: u64, query: ViewQuery) -> impl IntoView {
    let ForecastAnswers { window, forecast, what_if, by } = answers;
    let locale = crate::i18n::use_locale();
    let sentence =
        forecast.as_ref().map_or_else(|| t(locale, "forecast-none"), |f| forecast_sentence(f, open, locale));
    let current_extra = what_if.as_ref().map(|(n, _)| n.to_string()).unwrap_or_default();
    let current_by = match &by {
        Some(Ok(answer)) => answer.decisions.date.clone(),
        _ => String::new(),
    };
    view! {
        <section class="forecast" aria-labelledby="voorspelling">
            <h2 id="voorspelling">{t(locale, "status-when-cleared")}</h2>
            <p data-testid="forecast">{sentence}</p>
            <p class="hint">{t_with(locale, "forecast-method", &[("window", window.into())])}</p>
            <form method="get" action="/" class="forecast-form">
                {query.pairs().into_iter().map(|(key, value)| view! { <input type="hidden" name=key value=value/> }).collect_view()}
                <div class="field">
                    <label for="window">{t(locale, "forecast-window")}</label>
                    <select id="window" name="window">
                        {WINDOWS.into_iter().map(|w| view! {
                            <option value=w.to_string() selected=w == window>{format!("{w} {}", t(locale, "unit-weeks"))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="extra">{t(locale, "forecast-extra")}</label>
                    <input type="number" id="extra" name="extra" min="0" max="1000" step="1" value=current_extra/>
                </div>
                <div class="field">
                    <label for="by">{t(locale, "forecast-by")}</label>
                    <input type="date" id="by" name="by" value=current_by/>
                </div>
                <button type="submit">{t(locale, "forecast-calculate")}</button>
            </form>
            {what_if.map(|(n, f)| view! { <p data-testid="forecast-what-if">{what_if_sentence(n, &f, open, locale)}</p> })}
            {by.map(|answer| by_answer(answer, locale))}
        </section>
    }
}

fn what_if_sentence(n: u32, forecast: &Forecast, open: u64, locale: Locale) -> String {
    let count = |key: &str| t_with(locale, key, &[("count", n.into())]);
    let extra = count(if n == 1 { "forecast-extra-case" } else { "forecast-extra-cases" });
    match forecast.p50_weeks {
        Some(_) => {
            let sentence = forecast_sentence(forecast, open, locale);
            let (first, rest) = sentence.split_at(sentence.chars().next().map_or(0, char::len_utf8));
            let rest = format!("{}{rest}", first.to_lowercase());
            t_with(locale, "forecast-what-if", &[("extra", extra.into()), ("forecast", rest.into())])
        }
        None => t_with(locale, "forecast-what-if-never", &[("extra", extra.into())]),
    }
}

/// "How many by a date" and what it takes to clear the backlog by then, or what is wrong.
fn by_answer(answer: Result<ByDate, String>, locale: Locale) -> AnyView {
    match answer {
        Ok(ByDate { decisions, extra }) => {
            let date = FluentValue::from(local_date(&decisions.date, locale));
            let needed = match extra {
                Some(0) => t_with(locale, "forecast-by-now", &[("date", date)]),
                Some(n) => t_count(locale, "forecast-by-needed", n as u64, &[("date", date)]),
                None => t_with(locale, "forecast-by-never", &[("date", date)]),
            };
            view! {
                <p data-testid="forecast-by">{decisions_by_sentence(&decisions, locale)}</p>
                <p data-testid="forecast-needed">{needed}</p>
            }
            .into_any()
        }
        Err(message) => {
            view! { <p class="error" role="alert" data-testid="forecast-by">{message}</p> }.into_any()
        }
    }
}
