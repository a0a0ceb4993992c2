//! The early-warning list (spec/notifications.md): open reindications whose last day to act
//! (indication end less the lead time) comes within four weeks while the indication still runs.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::calendar::iso_date;
use super::{ints, texts, Day};
use crate::domain::warning::{ProviderWarning, WarningCase, LOOKAHEAD_DAYS};

/// The reindications on the list of a prepared frame, by last day (then case id).
pub fn cases(frame: &DataFrame, day: Day, lead_days: i32) -> PolarsResult<Vec<WarningCase>> {
    let last_day = col("end") - lit(lead_days);
    let listed = frame
        .clone()
        .lazy()
        .filter(
            col("open")
                .and(col("request_type").eq(lit("reindication")))
                .and(col("end").gt_eq(lit(day.today)))
                .and(last_day.clone().lt_eq(lit(day.today + LOOKAHEAD_DAYS))),
        )
        .select([col("case_id"), col("provider"), col("end"), last_day.alias("last")])
        .sort(["last", "case_id"], SortMultipleOptions::default())
        .collect()?;
    let (ids, providers) = (texts(&listed, "case_id")?, texts(&listed, "provider")?);
    let (ends, lasts) = (ints(&listed, "end")?, ints(&listed, "last")?);
    let date = |d: i64| iso_date(i32::try_from(d).unwrap_or_default());
    Ok(ids
        .into_iter()
        .zip(providers)
        .zip(ends.into_iter().zip(lasts))
        .filter_map(|((id, provider), (end, last))| {
            let (end, last) = (end?, last?);
            Some(WarningCase {
                case_id: id?,
                provider,
                indication_end: date(end),
                last_day: date(last),
                days_left: last - i64::from(day.today),
            })
        })
        .collect())
}

/// The list per provider, by provider (those without one last).
pub fn per_provider(cases: &[WarningCase]) -> Vec<ProviderWarning> {
    let mut groups: BTreeMap<(bool, Option<String>), ProviderWarning> = BTreeMap::new();
    for case in cases {
        let key = (case.provider.is_none(), case.provider.clone());
        let group = groups.entry(key).or_insert_with(|| ProviderWarning {
            provider: case.provider.clone(),
            count: 0,
            first_last_day: case.last_day.clone(),
        });
        group.count += 1;
        group.first_last_day = group.first_last_day.clone().min(case.last_day.clone());
    }
    groups.into_values().collect()
}
