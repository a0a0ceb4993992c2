//! One chart on a page: its heading, the server-drawn SVG (wide or narrow by screen width)
//! and "Toon als tabel" with the same figures, whose row labels link into the queue.

use leptos::prelude::*;

use crate::domain::chart::Chart;

#[component]
pub fn ChartView(chart: Chart) -> impl IntoView {
    let heading = format!("grafiek-{}", chart.id);
    let labelled_by = heading.clone();
    let testid = format!("chart-{}", chart.id);
    let table = chart.table.clone();
    let first_row = table.rows.first().cloned().unwrap_or_default();
    let numeric = move |i: usize| match first_row.get(i) {
        Some(cell) if i > 0 && is_number(cell) => "num",
        _ => "",
    };
    view! {
        <figure class="chart" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=heading>{chart.title.clone()}</h2>
            <div class="chart-image chart-wide" inner_html=chart.svg_wide.clone()></div>
            <div class="chart-image chart-narrow" inner_html=chart.svg_narrow.clone()></div>
            <details class="chart-table">
                <summary>{crate::i18n::t(crate::i18n::use_locale(), "chart-as-table")}</summary>
                <div class="table-wrap">
                    <table class="data-table">
                        <caption>{chart.description.clone()}</caption>
                        <thead>
                            <tr>
                                {table.headers.iter().enumerate().map(|(i, h)| view! {
                                    <th scope="col" class=numeric(i)>{h.clone()}</th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {table.rows.iter().enumerate().map(|(r, row)| {
                                let link = table.links.get(r).cloned().flatten();
                                view! {
                                    <tr>
                                        {row.iter().enumerate().map(|(i, cell)| {
                                            if i == 0 {
                                                let label = cell.clone();
                                                let head = match link.clone() {
                                                    Some(href) => view! { <a href=href>{label}</a> }.into_any(),
                                                    None => label.into_any(),
                                                };
                                                view! { <th scope="row">{head}</th> }.into_any()
                                            } else {
                                                view! { <td class=numeric(i)>{cell.clone()}</td> }.into_any()
                                            }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// A cell that reads as a figure (`12`, `1.250,50`, `–`), aligned to the right.
fn is_number(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || " .,-–%€".contains(c))
}
