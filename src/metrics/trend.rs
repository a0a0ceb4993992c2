//! The backlog trend's points of snapshots that the retention job removed: a snapshot's counts
//! grouped by the filter columns before it goes, and summed again under the filters afterwards.

use chrono::NaiveDate;
use polars::prelude::*;

use super::calendar::{month_key_expr, month_label};
use super::{count, filter_mask, ints, prepare, texts, Day, MetricsError};
use crate::domain::figures::TrendPoint;
use crate::domain::filters::Filters;
use crate::domain::retention::TrendGroup;

/// The filter columns that `filter_mask` reads, but the consultant: no staff name is kept.
const DIMENSIONS: [&str; 4] = ["municipality", "product", "request_type", "provider"];

/// The open and not-picked-up cases of a snapshot on its own as-of date, per combination of the
/// filter columns but the consultant (combinations without open cases are left out; with none
/// open at all, one group of zeros keeps the date): counts only.
pub fn groups(cases: &DataFrame, as_of: NaiveDate) -> Result<Vec<TrendGroup>, MetricsError> {
    let frame = prepare(cases, Day::new(as_of), &Filters::default(), &DataFrame::empty())?;
    let month = month_key_expr(col("rec").cast(DataType::Date));
    let grouped = frame
        .lazy()
        .group_by(DIMENSIONS.map(col))
        .agg([
            count(col("open")).alias("open"),
            count(col("unassigned")).alias("unassigned"),
            month.filter(col("unassigned")).min().alias("oldest"),
        ])
        .filter(col("open").gt(lit(0)))
        .sort(DIMENSIONS, SortMultipleOptions::default())
        .collect()?;
    let text = |name: &str| texts(&grouped, name);
    let [municipality, product, request_type, provider] =
        [text(DIMENSIONS[0])?, text(DIMENSIONS[1])?, text(DIMENSIONS[2])?, text(DIMENSIONS[3])?];
    let (open, unassigned, oldest) =
        (ints(&grouped, "open")?, ints(&grouped, "unassigned")?, ints(&grouped, "oldest")?);
    let as_of = as_of.format("%Y-%m-%d").to_string();
    if grouped.height() == 0 {
        // Nothing open: still a point, of zeros.
        let zero = TrendGroup {
            as_of,
            municipality: None,
            product: None,
            request_type: None,
            provider: None,
            open: 0,
            unassigned: 0,
            oldest_unassigned: None,
        };
        return Ok(vec![zero]);
    }
    Ok((0..grouped.height())
        .map(|i| TrendGroup {
            as_of: as_of.clone(),
            municipality: municipality[i].clone(),
            product: product[i].clone(),
            request_type: request_type[i].clone(),
            provider: provider[i].clone(),
            open: open[i].unwrap_or_default(),
            unassigned: unassigned[i].unwrap_or_default(),
            oldest_unassigned: oldest[i].and_then(|m| i32::try_from(m).ok()).map(month_label),
        })
        .collect())
}

/// The stored groups as one frame, built once and summed under each view's filters by `points`.
pub fn frame(groups: &[TrendGroup]) -> PolarsResult<DataFrame> {
    let text = |name: &str, value: fn(&TrendGroup) -> Option<&str>| {
        Column::new(name.into(), groups.iter().map(value).collect::<Vec<_>>())
    };
    let number = |name: &str, value: fn(&TrendGroup) -> i64| {
        Column::new(name.into(), groups.iter().map(value).collect::<Vec<_>>())
    };
    DataFrame::new(
        groups.len(),
        vec![
            text("as_of", |g| Some(&g.as_of)),
            text("municipality", |g| g.municipality.as_deref()),
            text("product", |g| g.product.as_deref()),
            text("request_type", |g| g.request_type.as_deref()),
            text("provider", |g| g.provider.as_deref()),
            number("open", |g| g.open),
            number("unassigned", |g| g.unassigned),
            text("oldest", |g| g.oldest_unassigned.as_deref()),
        ],
    )
}

/// The trend points of the stored groups (`frame`) under `filters`, one per as-of date, oldest
/// first; none under a consultant filter (the groups hold no staff names).
pub fn points(frame: &DataFrame, filters: &Filters) -> Result<Vec<TrendPoint>, MetricsError> {
    if frame.height() == 0 || filters.consultant.is_some() {
        return Ok(Vec::new());
    }
    let dates =
        frame.clone().lazy().select([col("as_of").unique().sort(SortOptions::default())]).collect()?;
    let sums = frame
        .clone()
        .lazy()
        .filter(filter_mask(filters)?)
        .group_by([col("as_of")])
        .agg([col("open").sum(), col("unassigned").sum(), col("oldest").min()])
        .collect()?;
    let found: Vec<Option<String>> = texts(&sums, "as_of")?;
    let (open, unassigned, oldest) =
        (ints(&sums, "open")?, ints(&sums, "unassigned")?, texts(&sums, "oldest")?);
    // A date where nothing passes the filters is a point with nothing open, as on a kept snapshot.
    Ok(texts(&dates, "as_of")?
        .into_iter()
        .flatten()
        .map(|as_of| {
            let at = found.iter().position(|d| d.as_deref() == Some(as_of.as_str()));
            let value = |v: &[Option<i64>]| at.and_then(|i| v[i]).unwrap_or_default().max(0) as u64;
            TrendPoint {
                open: value(&open),
                unassigned: value(&unassigned),
                oldest_unassigned_month: at.and_then(|i| oldest[i].clone()),
                as_of,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(as_of: &str, provider: &str, open: i64, unassigned: i64, oldest: Option<&str>) -> TrendGroup {
        TrendGroup {
            as_of: as_of.into(),
            municipality: Some("Dordrecht".into()),
            product: Some("BW".into()),
            request_type: Some("reindication".into()),
            provider: Some(provider.into()),
            open,
            unassigned,
            oldest_unassigned: oldest.map(Into::into),
        }
    }

    #[test]
    fn stored_groups_sum_to_points_under_filters_and_scope() {
        let groups = [
            group("2024-01-05", "Zorg A", 5, 2, Some("2023-11")),
            group("2024-01-05", "Zorg B", 4, 4, Some("2023-09")),
            group("2023-12-29", "Zorg B", 1, 1, Some("2023-10")),
        ];
        let all = points(&frame(&groups).unwrap(), &Filters::default()).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].as_of.as_str(), all[0].open, all[0].unassigned), ("2023-12-29", 1, 1));
        assert_eq!((all[1].open, all[1].unassigned), (9, 6));
        assert_eq!(all[1].oldest_unassigned_month.as_deref(), Some("2023-09"));
        let scope = Filters { organisation_scope: Some(vec!["Zorg A".into()]), ..Filters::default() };
        let own = points(&frame(&groups).unwrap(), &scope).unwrap();
        assert_eq!(
            (own[0].open, own[0].oldest_unassigned_month.as_deref()),
            (0, None),
            "another provider's date is empty"
        );
        assert_eq!((own[1].open, own[1].unassigned), (5, 2));
        assert_eq!(own[1].oldest_unassigned_month.as_deref(), Some("2023-11"));
        let jansen = Filters { consultant: Some("Jansen".into()), ..Filters::default() };
        assert!(
            points(&frame(&groups).unwrap(), &jansen).unwrap().is_empty(),
            "no staff names, so no consultant's trend"
        );
        assert!(points(&frame(&[]).unwrap(), &Filters::default()).unwrap().is_empty());
    }
}
