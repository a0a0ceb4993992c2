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

fn name(row: &ProviderRisk) -> String {
    row.provider.clone().unwrap_or_else(|| "(geen aanbieder)".into())
}

/// The queue of one provider's reindications with a lapsed or expiring indication.
fn cases(base: &[(&'static str, String)], row: &ProviderRisk, indication: &str) -> Option<String> {
    let provider = row.provider.clone()?;
    Some(queue_link(
        base,
        &[("provider", provider), ("request_type", "reindication".into()), ("indication", indication.into())],
    ))
}

pub fn lapsed_and_expiring(rows: &[ProviderRisk], base: &[(&'static str, String)], window: i32) -> Chart {
    let title = "Verlopen en bijna verlopen indicaties per aanbieder";
    let description = format!(
        "Gestapeld staafdiagram: per aanbieder de open herindicaties waarvan de indicatie al is verlopen \
         (oranje) en die binnen {window} dagen verloopt (blauw)."
    );
    let spec = BarSpec {
        title,
        description: &description,
        x_desc: "Aanbieder",
        y_desc: "Herindicaties",
        labels: rows.iter().map(|r| short(&name(r))).collect(),
        stacks: rows
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
    let description =
        "Staafdiagram: per aanbieder de dagen zorg op een verlopen indicatie maal het dagtarief van \
                       het product, in hele euro's. Dagen van producten zonder tarief tellen hier niet mee."
            .to_owned();
    let spec = BarSpec {
        title,
        description: &description,
        x_desc: "Aanbieder",
        y_desc: "Euro",
        labels: rows.iter().map(|r| short(&name(r))).collect(),
        stacks: rows
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
