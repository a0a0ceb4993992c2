//! The cases frame read back from the store: the canonical columns of an import (text, and
//! polars Dates for the four date fields), built row by row from stored text values.

use chrono::NaiveDate;
use polars::prelude::*;

use super::snapshots::CASE_COLUMNS;

/// Positions in `CASE_COLUMNS` that hold dates.
const DATE_COLUMNS: [usize; 4] = [8, 9, 10, 12];

/// Collects rows of `CASE_COLUMNS` values (dates as `YYYY-MM-DD`) into a cases frame.
pub struct CaseColumns {
    texts: Vec<Vec<Option<String>>>,
    dates: Vec<Vec<Option<i32>>>,
}

impl CaseColumns {
    pub fn with_capacity(rows: usize) -> Self {
        let text_count = CASE_COLUMNS.len() - DATE_COLUMNS.len();
        CaseColumns {
            texts: (0..text_count).map(|_| Vec::with_capacity(rows)).collect(),
            dates: (0..DATE_COLUMNS.len()).map(|_| Vec::with_capacity(rows)).collect(),
        }
    }

    /// One case; an unreadable date becomes null (the store only holds checked dates).
    pub fn push(&mut self, values: [Option<&str>; 13]) {
        let (mut text, mut date) = (0, 0);
        for (index, value) in values.into_iter().enumerate() {
            if DATE_COLUMNS.contains(&index) {
                self.dates[date].push(value.and_then(day_number));
                date += 1;
            } else {
                self.texts[text].push(value.map(str::to_owned));
                text += 1;
            }
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let (mut texts, mut dates) = (self.texts.into_iter(), self.dates.into_iter());
        let columns: Vec<Column> = CASE_COLUMNS
            .iter()
            .enumerate()
            .map(|(index, name)| {
                if DATE_COLUMNS.contains(&index) {
                    let days: Int32Chunked = dates.next().unwrap_or_default().into_iter().collect();
                    days.with_name((*name).into()).into_date().into_column()
                } else {
                    let values: StringChunked = texts.next().unwrap_or_default().into_iter().collect();
                    values.with_name((*name).into()).into_column()
                }
            })
            .collect();
        DataFrame::new_infer_height(columns)
    }
}

/// Days since 1970-01-01 of an ISO date.
fn day_number(text: &str) -> Option<i32> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    i32::try_from((date - NaiveDate::default()).num_days()).ok()
}
