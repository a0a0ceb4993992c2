//! Open cases by month of receipt: how far back the queue reaches. Every month from the oldest
//! to the as-of month gets a bar (the last ten years; older ones share one bar "Eerder"); the
//! oldest month not yet picked up is marked.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::dates::{local_month, short_month};
use crate::domain::figures::Figures;
use crate::domain::filters::queue_link;
use crate::i18n::{t, t_with, Locale};

pub fn chart(figures: &Figures, base: &[(&'static str, String)], locale: Locale) -> Chart {
    let months = months(figures);
    let oldest = figures.oldest_unassigned_month.as_deref();
    let marked = oldest.map(|m| shown_month(m, &months));
    let (title, description) = (t(locale, "chart-by-month-title"), description(oldest, locale));
    let month_name = |m: &str| if m == EARLIER { t(locale, "chart-earlier") } else { local_month(m, locale) };
    let (x_desc, y_desc) = (t(locale, "chart-axis-month-received"), t(locale, "status-open"));
    let links: Vec<Option<String>> = months
        .iter()
        .map(|(m, _)| (m != EARLIER).then(|| queue_link(base, &[("month", m.clone())])))
        .collect();
    let spec = |labels: Vec<String>| BarSpec {
        title: &title,
        description: &description,
        x_desc: &x_desc,
        y_desc: &y_desc,
        labels,
        stacks: months
            .iter()
            .zip(&links)
            .map(|((month, count), href)| {
                vec![Segment {
                    value: *count,
                    colour: if Some(month.as_str()) == marked { VERMILLION } else { BLUE },
                    href: href.clone(),
                    label: t_with(
                        locale,
                        "chart-by-month-bar",
                        &[("month", month_name(month).into()), ("count", (*count).into())],
                    ),
                }]
            })
            .collect(),
        legend: vec![],
        marker: marked
            .and_then(|m| months.iter().position(|(month, _)| month == m))
            .map(|i| (i, t(locale, "chart-oldest-marker"))),
    };
    let short: Vec<String> = months
        .iter()
        .map(|(m, _)| if m == EARLIER { t(locale, "chart-earlier") } else { short_month(m, locale) })
        .collect();
    let (svg_wide, svg_narrow) = both(|size| draw(&spec(short.clone()), size));
    Chart {
        id: "open-per-maand".into(),
        title: title.clone(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec![x_desc.clone(), y_desc.clone()],
            rows: months.iter().map(|(m, c)| vec![month_name(m), c.to_string()]).collect(),
            links,
        },
    }
}

/// What the chart shows, and the oldest month still waiting when there is one.
fn description(oldest: Option<&str>, locale: Locale) -> String {
    let description = t(locale, "chart-by-month-description");
    match oldest {
        Some(month) => {
            let month = local_month(month, locale).into();
            format!("{description} {}", t_with(locale, "overview-oldest-month", &[("month", month)]))
        }
        None => description,
    }
}

/// The most months the chart shows one by one.
const MAX_MONTHS: i32 = 120;
/// The bar of the months before those (shown as `chart-earlier`).
const EARLIER: &str = "earlier";

/// The bar a month falls in: its own, or "Eerder" when it is older than the months shown.
fn shown_month<'a>(month: &'a str, months: &[(String, u64)]) -> &'a str {
    match months.first() {
        Some((first, _)) if first == EARLIER && months.get(1).is_some_and(|(m, _)| month < m.as_str()) => {
            EARLIER
        }
        _ => month,
    }
}

/// Every month from the oldest open one to the as-of month, with its count (0 when none); when
/// that is more than `MAX_MONTHS`, the older months are summed in one first entry "Eerder".
fn months(figures: &Figures) -> Vec<(String, u64)> {
    let Some(first) = figures.open_by_received_month.first() else { return Vec::new() };
    let key = |m: &str| -> Option<i32> {
        let (y, mo) = m.split_once('-')?;
        Some(y.parse::<i32>().ok()? * 12 + mo.get(..2)?.parse::<i32>().ok()? - 1)
    };
    let (Some(from), Some(to)) = (key(&first.month), key(&figures.as_of)) else { return Vec::new() };
    let to = to.max(from);
    let shown_from = from.max(to - MAX_MONTHS + 1);
    let mut months: Vec<(String, u64)> = Vec::new();
    let earlier: u64 = figures
        .open_by_received_month
        .iter()
        .filter(|m| key(&m.month).is_some_and(|k| k < shown_from))
        .map(|m| m.count)
        .sum();
    if shown_from > from {
        months.push((EARLIER.to_owned(), earlier));
    }
    months.extend((shown_from..=to).map(|k| {
        let month = format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1);
        let count = figures.open_by_received_month.iter().find(|m| m.month == month).map_or(0, |m| m.count);
        (month, count)
    }));
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::MonthCount;

    #[test]
    fn a_queue_reaching_back_centuries_gets_ten_years_of_bars_and_one_for_the_rest() {
        let figures = Figures {
            as_of: "2025-06-26".into(),
            open_by_received_month: ["1900-01", "2001-03", "2025-05"]
                .map(|month| MonthCount { month: month.into(), count: 2 })
                .to_vec(),
            oldest_unassigned_month: Some("1900-01".into()),
            ..Figures::default()
        };
        let months = months(&figures);
        assert_eq!(months.len(), 121);
        assert_eq!(months[0], (EARLIER.to_owned(), 4), "1900 and 2001 together");
        assert_eq!((months[1].0.as_str(), months[120].0.as_str()), ("2015-07", "2025-06"));
        assert_eq!(shown_month("1900-01", &months), EARLIER);
        assert_eq!(shown_month("2020-01", &months), "2020-01");
        let chart = chart(&figures, &[], Locale::Nl);
        assert_eq!(chart.table.rows.len(), 121);
        assert!(chart.description.contains("januari 1900"), "{}", chart.description);
        assert_eq!(chart.table.rows[0][0], "Eerder");
        let english = super::chart(&figures, &[], Locale::En);
        assert!(english.description.contains("January 1900"), "{}", english.description);
        assert_eq!(
            (english.table.rows[0][0].as_str(), english.table.rows[1][0].as_str()),
            ("Earlier", "July 2015")
        );
    }
}
