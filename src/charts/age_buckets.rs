//! Open cases by age, stacked by request type: how long people have been waiting, and
//! whether new requests or reindications make up the older part of the queue.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::{AgeRange, Figures, AGE_BUCKETS};
use crate::domain::filters::queue_link;

pub fn chart(figures: &Figures, base: &[(&'static str, String)]) -> Chart {
    let title = "Open zaken naar leeftijd en soort aanvraag";
    let description = "Gestapeld staafdiagram: per leeftijdsklasse het aantal open nieuwe aanvragen \
                       (blauw) en herindicaties (oranje)."
        .to_owned();
    let link = |bucket: &str, kind: Option<&str>| {
        let mut extra = vec![("age", bucket.to_owned())];
        extra.extend(kind.map(|k| ("request_type", k.to_owned())));
        queue_link(base, &extra)
    };
    let stacks = figures
        .age_buckets
        .iter()
        .zip(AGE_BUCKETS)
        .map(|(b, AgeRange { label, .. })| {
            vec![
                Segment {
                    value: b.new,
                    colour: BLUE,
                    href: Some(link(&b.bucket, Some("new"))),
                    label: format!("{label}: {} nieuwe aanvragen", b.new),
                },
                Segment {
                    value: b.reindication,
                    colour: VERMILLION,
                    href: Some(link(&b.bucket, Some("reindication"))),
                    label: format!("{label}: {} herindicaties", b.reindication),
                },
            ]
        })
        .collect::<Vec<_>>();
    let spec = BarSpec {
        title,
        description: &description,
        x_desc: "Leeftijd in weken (sinds de melding)",
        y_desc: "Open zaken",
        labels: AGE_BUCKETS.iter().map(|b| b.label.trim_end_matches(" weken").to_owned()).collect(),
        stacks,
        legend: vec![("Nieuwe aanvraag", BLUE), ("Herindicatie", VERMILLION)],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    Chart {
        id: "leeftijd".into(),
        title: title.into(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec![
                "Leeftijd".into(),
                "Nieuwe aanvraag".into(),
                "Herindicatie".into(),
                "Totaal".into(),
            ],
            rows: figures
                .age_buckets
                .iter()
                .zip(AGE_BUCKETS)
                .map(|(b, AgeRange { label, .. })| {
                    vec![
                        label.to_owned(),
                        b.new.to_string(),
                        b.reindication.to_string(),
                        (b.new + b.reindication).to_string(),
                    ]
                })
                .collect(),
            links: figures.age_buckets.iter().map(|b| Some(link(&b.bucket, None))).collect(),
        },
    }
}
