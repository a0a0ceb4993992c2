//! Open cases by month of receipt: how far back the queue reaches. Every month from the oldest
//! to the as-of month gets a bar; the oldest month not yet picked up is marked.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::Figures;
use crate::domain::filters::queue_link;
use crate::domain::report::month_name;

pub fn chart(figures: &Figures, base: &[(&'static str, String)]) -> Chart {
    let months = months(figures);
    let marked = figures.oldest_unassigned_month.as_deref();
    let title = "Open zaken per maand van melding";
    let description = match marked {
        Some(month) => format!(
            "Staafdiagram van de open zaken per maand waarin ze zijn gemeld. De oudste zaken die nog \
             niet zijn opgepakt dateren uit {}.",
            month_name(month)
        ),
        None => "Staafdiagram van de open zaken per maand waarin ze zijn gemeld.".to_owned(),
    };
    let links: Vec<String> = months.iter().map(|(m, _)| queue_link(base, &[("month", m.clone())])).collect();
    let spec = |labels: Vec<String>| BarSpec {
        title,
        description: &description,
        x_desc: "Maand van melding",
        y_desc: "Open zaken",
        labels,
        stacks: months
            .iter()
            .zip(&links)
            .map(|((month, count), href)| {
                vec![Segment {
                    value: *count,
                    colour: if Some(month.as_str()) == marked { VERMILLION } else { BLUE },
                    href: Some(href.clone()),
                    label: format!("{}: {count} open zaken", month_name(month)),
                }]
            })
            .collect(),
        legend: vec![],
        marker: marked
            .and_then(|m| months.iter().position(|(month, _)| month == m))
            .map(|i| (i, "oudste niet opgepakt".to_owned())),
    };
    let short: Vec<String> = months.iter().map(|(m, _)| short_month(m)).collect();
    let (svg_wide, svg_narrow) = both(|size| draw(&spec(short.clone()), size));
    Chart {
        id: "open-per-maand".into(),
        title: title.into(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec!["Maand van melding".into(), "Open zaken".into()],
            rows: months.iter().map(|(m, c)| vec![month_name(m), c.to_string()]).collect(),
            links: links.into_iter().map(Some).collect(),
        },
    }
}

/// Every month from the oldest open one to the as-of month, with its count (0 when none).
fn months(figures: &Figures) -> Vec<(String, u64)> {
    let Some(first) = figures.open_by_received_month.first() else { return Vec::new() };
    let key = |m: &str| -> Option<i32> {
        let (y, mo) = m.split_once('-')?;
        Some(y.parse::<i32>().ok()? * 12 + mo.get(..2)?.parse::<i32>().ok()? - 1)
    };
    let (Some(from), Some(to)) = (key(&first.month), key(&figures.as_of)) else { return Vec::new() };
    (from..=to.max(from))
        .map(|k| {
            let month = format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1);
            let count =
                figures.open_by_received_month.iter().find(|m| m.month == month).map_or(0, |m| m.count);
            (month, count)
        })
        .collect()
}

/// `2025-03` → `mrt 25`.
fn short_month(month: &str) -> String {
    const SHORT: [&str; 12] =
        ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let name = month.split_once('-').and_then(|(y, m)| {
        Some(format!("{} {}", SHORT.get(m.parse::<usize>().ok()?.checked_sub(1)?)?, y.get(2..)?))
    });
    name.unwrap_or_else(|| month.to_owned())
}
