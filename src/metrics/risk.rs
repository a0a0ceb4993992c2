//! Declaration risk per provider over open reindications (spec/metrics.md): lapsed cases,
//! uncovered days, cases expiring within the window, and the exposure in euros by tariff.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::{count, ints, texts, Day, Settings};
use crate::domain::figures::{LapsedReady, ProviderRisk};
use crate::domain::queue::QueueRow;

pub fn by_provider(frame: &DataFrame, day: Day, settings: &Settings) -> PolarsResult<Vec<ProviderRisk>> {
    let today = day.today;
    let lapsed = col("end").lt(lit(today));
    let expiring =
        col("end").gt_eq(lit(today)).and(col("end").lt_eq(lit(today + settings.expiring_window_days)));
    let groups = frame
        .clone()
        .lazy()
        .filter(col("open").and(col("request_type").eq(lit("reindication"))))
        .group_by([col("provider"), col("product")])
        .agg([
            count(lapsed.clone()).alias("lapsed"),
            when(lapsed)
                .then(lit(today) - col("end"))
                .otherwise(lit(0))
                .cast(DataType::Int64)
                .sum()
                .alias("days"),
            count(expiring).alias("expiring"),
        ])
        .collect()?;
    let (providers, products) = (texts(&groups, "provider")?, texts(&groups, "product")?);
    let (lapsed, days, expiring) =
        (ints(&groups, "lapsed")?, ints(&groups, "days")?, ints(&groups, "expiring")?);
    let mut rows: BTreeMap<(bool, Option<String>), ProviderRisk> = BTreeMap::new();
    for (i, provider) in providers.into_iter().enumerate() {
        let row = rows.entry((provider.is_none(), provider.clone())).or_insert_with(|| ProviderRisk {
            provider,
            lapsed: 0,
            uncovered_days: 0,
            expiring: 0,
            exposure_eur: 0.0,
            untariffed_days: 0,
            spellings: Vec::new(),
        });
        let uncovered = days[i].unwrap_or_default();
        row.lapsed += lapsed[i].unwrap_or_default() as u64;
        row.expiring += expiring[i].unwrap_or_default() as u64;
        row.uncovered_days += uncovered;
        match products[i].as_ref().and_then(|p| settings.tariffs.get(p)) {
            Some(tariff) => row.exposure_eur += uncovered as f64 * tariff,
            None => row.untariffed_days += uncovered,
        }
    }
    Ok(rows
        .into_values()
        .map(|row| ProviderRisk { exposure_eur: (row.exposure_eur * 100.0).round() / 100.0, ..row })
        .collect())
}

/// The queue rows counted per provider (`None`: no provider), by name.
pub fn per_provider(rows: &[QueueRow]) -> LapsedReady {
    let mut counts: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for row in rows {
        *counts.entry(row.provider.clone()).or_default() += 1;
    }
    LapsedReady(counts.into_iter().collect())
}
