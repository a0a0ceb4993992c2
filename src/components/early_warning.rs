//! The early-warning list (spec/notifications.md) on Mijn zaken and Declaratierisico: per
//! provider its reindications by last day to act, with the days left, each a link to its case.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::filters::encode;
use crate::domain::report::dutch_date;
use crate::domain::warning::{WarningCase, LOOKAHEAD_DAYS};

#[component]
pub fn EarlyWarning(cases: Vec<WarningCase>, lead_days: i32) -> impl IntoView {
    let mut groups: BTreeMap<(bool, Option<String>), Vec<WarningCase>> = BTreeMap::new();
    for case in cases {
        groups.entry((case.provider.is_none(), case.provider.clone())).or_default().push(case);
    }
    let empty = groups.is_empty().then(|| {
        view! {
            <p data-testid="early-warning-none">
                {format!("Geen herindicaties waarvan de laatste dag om te handelen binnen {LOOKAHEAD_DAYS} dagen valt.")}
            </p>
        }
    });
    view! {
        <section aria-labelledby="vroegtijdig" data-testid="early-warning">
            <h2 id="vroegtijdig">"Laatste dag om te handelen"</h2>
            <p class="hint">
                {format!("De laatste dag om te handelen is de einddatum van de indicatie min {lead_days} dagen: \
                          daarna lukt een besluit vóór de einddatum nauwelijks nog, en zorg na de einddatum \
                          kan niet worden gedeclareerd. Hier staan de open herindicaties waarvoor die dag \
                          binnen {LOOKAHEAD_DAYS} dagen valt of al voorbij is, terwijl de indicatie nog loopt.")}
            </p>
            {empty}
            {groups.into_iter().map(|((_, provider), cases)| view! { <ProviderList provider cases/> }).collect_view()}
        </section>
    }
}

#[component]
fn ProviderList(provider: Option<String>, cases: Vec<WarningCase>) -> impl IntoView {
    let name = provider.unwrap_or_else(|| "Zonder aanbieder".to_owned());
    let unit = if cases.len() == 1 { "herindicatie" } else { "herindicaties" };
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{format!("{name}: {} {unit}", cases.len())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Zaak"</th>
                        <th scope="col">"Einddatum indicatie"</th>
                        <th scope="col">"Laatste dag om te handelen"</th>
                        <th scope="col">"Tijd"</th>
                    </tr>
                </thead>
                <tbody>
                    {cases.into_iter().map(|case| view! {
                        <tr class:late=case.days_left < 0>
                            <th scope="row"><a href=format!("/zaak/{}", encode(&case.case_id))>{case.case_id.clone()}</a></th>
                            <td>{dutch_date(&case.indication_end)}</td>
                            <td>{dutch_date(&case.last_day)}</td>
                            <td>{case.days_left_text()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
