//! Declaration risk per provider: lapsed and expiring reindications stacked, and the exposure in
//! euros. Provider names can be long: the bars carry short names, the table the full ones.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::ProviderRisk;
use crate::domain::filters::queue_link;
use crate::domain::report::euros;

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
fn largest(rows: &[ProviderRisk], size: impl Fn(&ProviderRisk) -> f64) -> (Vec<&ProviderRisk>, String) {
    if rows.len() <= MAX_BARS {
        return (rows.iter().collect(), String::new());
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| size(&rows[*b]).total_cmp(&size(&rows[*a])));
    order.truncate(MAX_BARS);
    order.sort_unstable();
    let note = format!(
        " De grafiek toont de {MAX_BARS} grootste van {} aanbieders; de tabel toont ze allemaal.",
        rows.len()
    );
    (order.into_iter().map(|i| &rows[i]).collect(), note)
}

fn name(row: &ProviderRisk) -> String {
    row.provider.clone().unwrap_or_else(|| "(geen aanbieder)".into())
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

pub fn lapsed_and_expiring(rows: &[ProviderRisk], base: &[(&'static str, String)], window: i32) -> Chart {
    let title = "Verlopen en bijna verlopen indicaties per aanbieder";
    let (bars, note) = largest(rows, |r| (r.lapsed + r.expiring) as f64);
    let description = format!(
        "Gestapeld staafdiagram: per aanbieder de open herindicaties waarvan de indicatie al is verlopen \
         (oranje) en die binnen {window} dagen verloopt (blauw).{note}"
    );
    let spec = BarSpec {
        title,
        description: &description,
        x_desc: "Aanbieder",
        y_desc: "Herindicaties",
        labels: bars.iter().map(|r| short(&name(r))).collect(),
        stacks: bars
            .iter()
            .map(|r| {
                vec![
                    Segment {
                        value: r.lapsed,
                        colour: VERMILLION,
                        href: cases(base, r, "verlopen"),
                        label: format!("{}: {} verlopen", name(r), r.lapsed),
                    },
                    Segment {
                        value: r.expiring,
                        colour: BLUE,
                        href: cases(base, r, "bijna-verlopen"),
                        label: format!("{}: {} bijna verlopen", name(r), r.expiring),
                    },
                ]
            })
            .collect(),
        legend: vec![("Verlopen", VERMILLION), ("Bijna verlopen", BLUE)],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    Chart {
        id: "verlopen-per-aanbieder".into(),
        title: title.into(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: ["Aanbieder", "Verlopen", "Bijna verlopen"].map(String::from).to_vec(),
            rows: rows.iter().map(|r| vec![name(r), r.lapsed.to_string(), r.expiring.to_string()]).collect(),
            links: rows.iter().map(|r| cases(base, r, "verlopen")).collect(),
        },
    }
}

pub fn exposure(rows: &[ProviderRisk], base: &[(&'static str, String)]) -> Chart {
    let title = "Niet te declareren zorg per aanbieder (euro)";
    let (bars, note) = largest(rows, |r| r.exposure_eur);
    let description = format!(
        "Staafdiagram: per aanbieder de dagen zorg op een verlopen indicatie maal het dagtarief van \
         het product, in hele euro's. Dagen van producten zonder tarief tellen hier niet mee.{note}"
    );
    let spec = BarSpec {
        title,
        description: &description,
        x_desc: "Aanbieder",
        y_desc: "Euro",
        labels: bars.iter().map(|r| short(&name(r))).collect(),
        stacks: bars
            .iter()
            .map(|r| {
                vec![Segment {
                    value: r.exposure_eur.round().max(0.0) as u64,
                    colour: VERMILLION,
                    href: cases(base, r, "verlopen"),
                    label: format!("{}: {} euro", name(r), euros(r.exposure_eur)),
                }]
            })
            .collect(),
        legend: vec![],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    Chart {
        id: "blootstelling".into(),
        title: title.into(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: ["Aanbieder", "Euro", "Dagen zonder tarief"].map(String::from).to_vec(),
            rows: rows
                .iter()
                .map(|r| vec![name(r), euros(r.exposure_eur), r.untariffed_days.to_string()])
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
        let (bars, note) = largest(&rows, |r| r.exposure_eur);
        let shown: Vec<f64> = bars.iter().map(|r| r.exposure_eur).collect();
        assert_eq!(shown, (10..40).map(f64::from).collect::<Vec<_>>(), "the 30 largest, in their order");
        assert!(note.contains("30 grootste van 40"), "{note}");
        assert_eq!(largest(&rows[..5], |r| r.exposure_eur).0.len(), 5);
        let chart = exposure(&rows, &[]);
        assert_eq!(chart.table.rows.len(), 40, "the table lists them all");
    }
}
