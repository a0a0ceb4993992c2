//! The early-warning list (spec/notifications.md) on Mijn zaken and Declaratierisico: per
//! provider its reindications by last day to act, with the days left, each a link to its case.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::filters::encode;
use crate::domain::warning::{WarningCase, LOOKAHEAD_DAYS};
use crate::i18n::{t, t_count, t_with, Locale};

#[component]
pub fn EarlyWarning(cases: Vec<WarningCase>, lead_days: i32) -> impl IntoView {
    let mut groups: BTreeMap<(bool, Option<String>), Vec<WarningCase>> = BTreeMap::new();
    for case in cases {
        groups.entry((case.provider.is_none(), case.provider.clone())).or_default().push(case);
    }
    let locale = crate::i18n::use_locale();
    let empty = groups.is_empty().then(|| {
        let none = t_with(locale, "warning-none", &[("days", LOOKAHEAD_DAYS.into())]);
        view! { <p data-testid="early-warning-none">{none}</p> }
    });
    let hint = t_with(locale, "warning-hint", &[("lead", lead_days.into()), ("days", LOOKAHEAD_DAYS.into())]);
    view! {
        <section aria-labelledby="vroegtijdig" data-testid="early-warning">
            <h2 id="vroegtijdig">{t(locale, "export-last-day")}</h2>
            <p class="hint">{hint}</p>
            {empty}
            {groups.into_iter().map(|((_, provider), cases)| view! { <ProviderList provider cases locale/> }).collect_view()}
        </section>
    }
}

#[component]
fn ProviderList(provider: Option<String>, cases: Vec<WarningCase>, locale: Locale) -> impl IntoView {
    let name = provider.unwrap_or_else(|| t(locale, "warning-no-provider"));
    let caption = t_count(locale, "warning-caption", cases.len() as u64, &[("name", name.into())]);
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "chart-case")}</th>
                        <th scope="col">{t(locale, "queue-indication-end")}</th>
                        <th scope="col">{t(locale, "export-last-day")}</th>
                        <th scope="col">{t(locale, "warning-time")}</th>
                    </tr>
                </thead>
                <tbody>
                    {cases.into_iter().map(|case| view! {
                        <tr class:late=case.days_left < 0>
                            <th scope="row"><a href=format!("/zaak/{}", encode(&case.case_id))>{case.case_id.clone()}</a></th>
                            <td>{local_date(&case.indication_end, locale)}</td>
                            <td>{local_date(&case.last_day, locale)}</td>
                            <td>{case.days_left_text(locale)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
