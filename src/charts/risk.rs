//! Declaration risk per provider: lapsed and expiring reindications stacked, and the exposure in
//! euros. Provider names can be long: the bars carry short names, the table the full ones.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::ProviderRisk;
use crate::domain::filters::queue_link;
use crate::domain::report::euros;
use crate::i18n::{t, t_with, Locale};

/// A name cut to fit under a bar.
fn short(name: &str) -> String {
    let mut chars = name.chars();
    let cut: String = chars.by_ref().take(12).collect();
    if chars.next().is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The most providers a chart shows; the table under it lists them all.
const MAX_BARS: usize = 30;

/// The rows with the largest `size`, at most `MAX_BARS`, in their order; and the sentence that
/// says so when some were left out of the chart.
fn largest(
    rows: &[ProviderRisk],
    size: impl Fn(&ProviderRisk) -> f64,
    locale: Locale,
) -> (Vec<&ProviderRisk>, String) {
    if rows.len() <= MAX_BARS {
        return (rows.iter().collect(), String::new());
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| size(&rows[*b]).total_cmp(&size(&rows[*a])));
    order.truncate(MAX_BARS);
    order.sort_unstable();
    let note = format!(
        " {}",
        t_with(locale, "chart-risk-largest", &[("shown", MAX_BARS.into()), ("count", rows.len().into())])
    );
    (order.into_iter().map(|i| &rows[i]).collect(), note)
}

fn name(row: &ProviderRisk, locale: Locale) -> String {
    row.provider.clone().unwrap_or_else(|| t(locale, "risk-no-provider"))
}

/// The queue of one provider's reindications with a lapsed or expiring indication; none for an
/// organisation of several export spellings (the queue filters on one).
fn cases(base: &[(&'static str, String)], row: &ProviderRisk, indication: &str) -> Option<String> {
    let [provider] = row.export_names().try_into().ok()?;
    let provider = provider?;
    Some(queue_link(
        base,
        &[("provider", provider), ("request_type", "reindication".into()), ("indication", indication.into())],
    ))
}

/// A bar's label, "Zorggroep Merwestroom: 3 verlopen", as one message (`key`).
fn bar_label(key: &str, provider: &str, value: String, locale: Locale) -> String {
    t_with(locale, key, &[("provider", provider.into()), ("value", value.into())])
}

pub fn lapsed_and_expiring(
    rows: &[ProviderRisk],
    base: &[(&'static str, String)],
    window: i32,
    locale: Locale,
) -> Chart {
    let title = t(locale, "chart-risk-title");
    let (bars, note) = largest(rows, |r| (r.lapsed + r.expiring) as f64, locale);
    let description = t_with(locale, "chart-risk-description", &[("window", window.into())]) + &note;
    let (provider, lapsed, expiring) =
        (t(locale, "risk-col-provider"), t(locale, "risk-col-lapsed"), t(locale, "risk-col-expiring"));
    let y_desc = t(locale, "chart-reindications");
    let name = |r: &ProviderRisk| name(r, locale);
    let spec = BarSpec {
        title: &title,
        description: &description,
        x_desc: &provider,
        y_desc: &y_desc,
        labels: bars.iter().map(|r| short(&name(r))).collect(),
        stacks: bars
            .iter()
            .map(|r| {
                vec![
                    Segment {
                        value: r.lapsed,
                        colour: VERMILLION,
                        href: cases(base, r, "verlopen"),
                        label: bar_label("chart-risk-bar-lapsed", &name(r), r.lapsed.to_string(), locale),
                    },
                    Segment {
                        value: r.expiring,
                        colour: BLUE,
                        href: cases(base, r, "bijna-verlopen"),
                        label: bar_label("chart-risk-bar-expiring", &name(r), r.expiring.to_string(), locale),
                    },
                ]
            })
            .collect(),
        legend: vec![(lapsed.as_str(), VERMILLION), (expiring.as_str(), BLUE)],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    Chart {
        id: "verlopen-per-aanbieder".into(),
        title: title.clone(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec![provider.clone(), lapsed.clone(), expiring.clone()],
            rows: rows.iter().map(|r| vec![name(r), r.lapsed.to_string(), r.expiring.to_string()]).collect(),
            links: rows.iter().map(|r| cases(base, r, "verlopen")).collect(),
        },
    }
}

pub fn exposure(rows: &[ProviderRisk], base: &[(&'static str, String)], locale: Locale) -> Chart {
    let title = t(locale, "chart-exposure-title");
    let (bars, note) = largest(rows, |r| r.exposure_eur, locale);
    let description = t(locale, "chart-exposure-description") + &note;
    let (provider, euro) = (t(locale, "risk-col-provider"), t(locale, "chart-euro"));
    let name = |r: &ProviderRisk| name(r, locale);
    let spec = BarSpec {
        title: &title,
        description: &description,
        x_desc: &provider,
        y_desc: &euro,
        labels: bars.iter().map(|r| short(&name(r))).collect(),
        stacks: bars
            .iter()
            .map(|r| {
                vec![Segment {
                    value: r.exposure_eur.round().max(0.0) as u64,
                    colour: VERMILLION,
                    href: cases(base, r, "verlopen"),
                    label: bar_label("chart-risk-bar-euros", &name(r), euros(r.exposure_eur, locale), locale),
                }]
            })
            .collect(),
        legend: vec![],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    Chart {
        id: "blootstelling".into(),
        title: title.clone(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec![provider.clone(), euro.clone(), t(locale, "risk-col-untariffed")],
            rows: rows
                .iter()
                .map(|r| vec![name(r), euros(r.exposure_eur, locale), r.untariffed_days.to_string()])
                .collect(),
            links: rows.iter().map(|r| cases(base, r, "verlopen")).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_shows_the_largest_providers_and_says_so() {
        let rows: Vec<ProviderRisk> = (0..40)
            .map(|i| ProviderRisk {
                provider: Some(format!("Aanbieder {i}")),
                exposure_eur: f64::from(i),
                ..Default::default()
            })
            .collect();
        let (bars, note) = largest(&rows, |r| r.exposure_eur, Locale::Nl);
        let shown: Vec<f64> = bars.iter().map(|r| r.exposure_eur).collect();
        assert_eq!(shown, (10..40).map(f64::from).collect::<Vec<_>>(), "the 30 largest, in their order");
        assert!(note.contains("30 grootste van 40"), "{note}");
        assert_eq!(largest(&rows[..5], |r| r.exposure_eur, Locale::Nl).0.len(), 5);
        let chart = exposure(&rows, &[], Locale::En);
        assert!(chart.description.contains("the 30 largest of 40 providers"), "{}", chart.description);
        assert_eq!(chart.table.rows.len(), 40, "the table lists them all");
    }
}
