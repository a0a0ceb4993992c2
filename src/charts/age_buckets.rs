//! Open cases by age, stacked by request type: how long people have been waiting, and
//! whether new requests or reindications make up the older part of the queue.

use super::bars::{draw, BarSpec, Segment};
use super::{both, BLUE, VERMILLION};
use crate::domain::chart::{Chart, ChartTable};
use crate::domain::figures::{AgeBucket, AgeRange, Figures, AGE_BUCKETS};
use crate::domain::filters::queue_link;
use crate::domain::RequestType;
use crate::i18n::{t, t_with, Locale};

pub fn chart(figures: &Figures, base: &[(&'static str, String)], locale: Locale) -> Chart {
    let title = t(locale, "chart-age-title");
    let description = t(locale, "chart-age-description");
    let link = |bucket: &str, kind: Option<&str>| {
        let mut extra = vec![("age", bucket.to_owned())];
        extra.extend(kind.map(|k| ("request_type", k.to_owned())));
        queue_link(base, &extra)
    };
    let kinds = [(RequestType::New, BLUE), (RequestType::Reindication, VERMILLION)];
    let names = kinds.map(|(kind, _)| kind.name(locale));
    let stacks = figures
        .age_buckets
        .iter()
        .zip(AGE_BUCKETS)
        .map(|(b, range)| {
            kinds
                .iter()
                .map(|&(kind, colour)| {
                    let value = if kind == RequestType::New { b.new } else { b.reindication };
                    let args = [("age", range.name(locale).into()), ("count", value.into())];
                    Segment {
                        value,
                        colour,
                        href: Some(link(&b.bucket, Some(kind.code()))),
                        label: t_with(locale, &format!("chart-age-bar-{}", kind.code()), &args),
                    }
                })
                .collect()
        })
        .collect::<Vec<_>>();
    let (x_desc, y_desc) = (t(locale, "chart-axis-age-weeks"), t(locale, "status-open"));
    let spec = BarSpec {
        title: &title,
        description: &description,
        x_desc: &x_desc,
        y_desc: &y_desc,
        labels: AGE_BUCKETS.iter().map(|b| b.weeks()).collect(),
        stacks,
        legend: vec![(names[0].as_str(), BLUE), (names[1].as_str(), VERMILLION)],
        marker: None,
    };
    let (svg_wide, svg_narrow) = both(|size| draw(&spec, size));
    let [new, reindication] = names.clone();
    Chart {
        id: "leeftijd".into(),
        title: title.clone(),
        description,
        svg_wide,
        svg_narrow,
        table: ChartTable {
            headers: vec![t(locale, "chart-age"), new, reindication, t(locale, "chart-total")],
            rows: table_rows(figures, locale),
            links: figures.age_buckets.iter().map(|b| Some(link(&b.bucket, None))).collect(),
        },
    }
}

/// The chart's table: per age band the new requests, the re-indications and both.
fn table_rows(figures: &Figures, locale: Locale) -> Vec<Vec<String>> {
    let row = |(b, range): (&AgeBucket, AgeRange)| {
        let total = b.new + b.reindication;
        vec![range.name(locale), b.new.to_string(), b.reindication.to_string(), total.to_string()]
    };
    figures.age_buckets.iter().zip(AGE_BUCKETS).map(row).collect()
}
