//! The declaration problems of a case on its page: each report with its state, the report form
//! (providers) and the close form (contract management), as plain forms.

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::problems::DeclarationProblem;
use crate::domain::report::euros;
use crate::i18n::{t, t_with, Locale};

/// The problems of `case_id`; nothing when there are none and the user may not report one.
#[component]
pub fn Problems(
    case_id: String,
    problems: Vec<DeclarationProblem>,
    may_report: bool,
    may_close: bool,
) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let shown = !problems.is_empty() || may_report;
    let action = format!("/zaak/{}/probleem", crate::domain::filters::encode(&case_id));
    shown.then(|| view! {
        <section aria-labelledby="problemen">
            <h2 id="problemen">{t(locale, "problems-title")}</h2>
            {problems.is_empty().then(|| view! { <p>{t(locale, "problems-none")}</p> })}
            <ul class="problems" data-testid="problems">
                {problems.into_iter().map(|p| view! { <ProblemItem problem=p may_close locale/> }).collect_view()}
            </ul>
            {may_report.then(|| view! { <ReportForm action locale/> })}
        </section>
    })
}

#[component]
fn ReportForm(action: String, locale: Locale) -> impl IntoView {
    view! {
        <form method="post" action=action class="form">
            <h3>{t(locale, "problems-report")}</h3>
            <div class="field">
                <label for="p-description">{t(locale, "problems-what")}</label>
                <textarea id="p-description" name="description" rows="4" maxlength="2000" required></textarea>
            </div>
            <div class="field">
                <label for="p-amount">{t(locale, "problems-amount")}</label>
                <input type="text" inputmode="decimal" id="p-amount" name="amount"/>
            </div>
            <div class="field">
                <label for="p-from">{t(locale, "problems-from")}</label>
                <input type="date" id="p-from" name="period_from"/>
            </div>
            <div class="field">
                <label for="p-to">{t(locale, "problems-to")}</label>
                <input type="date" id="p-to" name="period_to"/>
            </div>
            <button type="submit">{t(locale, "problems-send")}</button>
        </form>
    }
}

#[component]
fn ProblemItem(problem: DeclarationProblem, may_close: bool, locale: Locale) -> impl IntoView {
    let date = |d: &str| local_date(d, locale);
    let state = match (&problem.closed_at, &problem.close_note) {
        (Some(at), note) => {
            let args = [("date", date(at).into()), ("note", note.clone().unwrap_or_default().into())];
            t_with(locale, "problems-closed", &args)
        }
        (None, _) => t(locale, "trend-open"),
    };
    let period = match (&problem.period_from, &problem.period_to) {
        (None, None) => String::new(),
        (from, to) => {
            let [from, to] = [from, to].map(|d| d.as_deref().map_or("–".into(), date));
            format!(" {}", t_with(locale, "problems-period", &[("from", from.into()), ("to", to.into())]))
        }
    };
    let amount = problem.amount_eur.map_or(String::new(), |a| {
        format!(" {}", t_with(locale, "problems-amount-is", &[("amount", euros(a, locale).into())]))
    });
    let close = format!("/problemen/{}/sluiten", problem.id);
    let note_id = format!("note-{}", problem.id);
    let open = problem.is_open();
    view! {
        <li class="problem">
            <p><strong>{problem.organisation.clone()}</strong> ", " {date(&problem.reported_at)} ": " {problem.description.clone()} {amount} {period}</p>
            <p class="problem-state">{state}</p>
            {(may_close && open).then(|| view! {
                <form method="post" action=close class="inline-form">
                    <label for=note_id.clone()>{t(locale, "problems-close-note")}</label>
                    <input type="text" id=note_id name="note" required/>
                    <button type="submit">{t(locale, "problems-close")}</button>
                </form>
            })}
        </li>
    }
}
