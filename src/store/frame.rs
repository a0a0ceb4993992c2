//! The cases frame read back from the store: the canonical columns of an import (text, and
//! polars Dates for the four date fields). Read from the frame saved beside the rows at import
//! (Parquet), else built from the stored text values.

use chrono::NaiveDate;
use polars::prelude::*;
use sqlx::{AssertSqlSafe, Row};

use super::db::Backend;
use super::snapshots::CASE_COLUMNS;
use super::{Db, StoreError};

/// Between the values of one column when SQLite hands a snapshot over packed (record separator).
const SEPARATOR: char = '\u{1e}';
/// Stands for NULL in a packed column.
const NULL_MARK: &str = "\u{1}";

impl Db {
    /// All cases of one snapshot as a cases frame. Each column comes packed into one text value
    /// (ten times faster at 1M cases than row by row through the Any driver); when a stored
    /// value holds the separator itself, row by row.
    pub async fn cases_frame(&self, snapshot_id: i64) -> Result<DataFrame, StoreError> {
        if let Some(frame) = self.saved_frame(snapshot_id).await? {
            return Ok(frame);
        }
        match self.packed_cases_frame(snapshot_id).await? {
            Some(frame) => Ok(frame),
            None => self.row_cases_frame(snapshot_id).await,
        }
    }

    /// The frame saved at import, when there is one in a format this version reads and it has
    /// as many rows as the snapshot has in `cases`. (Public for the store tests.)
    pub async fn saved_frame(&self, snapshot_id: i64) -> Result<Option<DataFrame>, StoreError> {
        let saved = sqlx::query(
            "SELECT f.frame, (SELECT COUNT(*) FROM cases c WHERE c.snapshot_id = f.snapshot_id) AS n \
             FROM snapshot_frames f WHERE f.snapshot_id = $1 AND f.format = $2",
        )
        .bind(snapshot_id)
        .bind(FRAME_FORMAT)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = saved else { return Ok(None) };
        let (bytes, rows): (Vec<u8>, i64) = (row.try_get("frame")?, row.try_get("n")?);
        let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish();
        match frame {
            Ok(frame) if i64::try_from(frame.height()).ok() == Some(rows) => Ok(Some(frame)),
            Ok(_) => {
                tracing::warn!(
                    snapshot_id,
                    "the saved frame no longer matches the stored cases; reading the rows"
                );
                Ok(None)
            }
            Err(e) => {
                tracing::warn!(snapshot_id, error = %e, "the saved frame is unreadable; reading the rows");
                Ok(None)
            }
        }
    }

    /// One row per column, every value of the column joined by `SEPARATOR` in one scan (so in
    /// the same order); `None` when a column does not split into exactly one value per case.
    /// (Public for the store tests, which check both ways of reading.)
    pub async fn packed_cases_frame(&self, snapshot_id: i64) -> Result<Option<DataFrame>, StoreError> {
        let packed: Vec<String> = CASE_COLUMNS
            .iter()
            .map(|c| match self.backend() {
                Backend::Sqlite => format!("group_concat(COALESCE({c}, char(1)), char(30)) AS {c}"),
                Backend::Postgres => format!("string_agg(COALESCE({c}, chr(1)), chr(30)) AS {c}"),
            })
            .collect();
        let sql = format!("SELECT COUNT(*) AS n, {} FROM cases WHERE snapshot_id = $1", packed.join(", "));
        let query = sqlx::query(AssertSqlSafe(sql)).bind(snapshot_id);
        let row = if self.backend() == Backend::Postgres {
            // One process aggregates, so every column sees the rows in the same order.
            let mut tx = self.pool().begin().await?;
            sqlx::query("SET LOCAL max_parallel_workers_per_gather = 0").execute(&mut *tx).await?;
            let row = query.fetch_one(&mut *tx).await?;
            tx.commit().await?;
            row
        } else {
            query.fetch_one(self.pool()).await?
        };
        let count = usize::try_from(row.try_get::<i64, _>("n")?).unwrap_or_default();
        let mut columns = Vec::with_capacity(CASE_COLUMNS.len());
        for (index, name) in CASE_COLUMNS.iter().enumerate() {
            let text = row.try_get::<Option<String>, _>(*name)?.unwrap_or_default();
            let values = text.split(SEPARATOR).map(|v| (v != NULL_MARK).then_some(v));
            let column = column(index, values);
            if column.len() != count {
                return Ok(None);
            }
            columns.push(column);
        }
        DataFrame::new(count, columns).map(Some).map_err(|e| StoreError::Frame(e.to_string()))
    }

    async fn row_cases_frame(&self, snapshot_id: i64) -> Result<DataFrame, StoreError> {
        let sql = format!("SELECT {} FROM cases WHERE snapshot_id = $1", CASE_COLUMNS.join(", "));
        self.frame_of(sqlx::query(AssertSqlSafe(sql)).bind(snapshot_id)).await
    }

    /// One case's row of a snapshot as a cases frame, by the primary key (no rows when the
    /// snapshot does not hold it): what a case's history reads instead of whole snapshots.
    pub async fn case_frame(&self, snapshot_id: i64, case_id: &str) -> Result<DataFrame, StoreError> {
        let sql =
            format!("SELECT {} FROM cases WHERE snapshot_id = $1 AND case_id = $2", CASE_COLUMNS.join(", "));
        self.frame_of(sqlx::query(AssertSqlSafe(sql)).bind(snapshot_id).bind(case_id.to_owned())).await
    }

    /// The rows of a query over `CASE_COLUMNS` as a cases frame.
    async fn frame_of(
        &self,
        query: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> Result<DataFrame, StoreError> {
        use futures_util::TryStreamExt;
        let mut columns = CaseColumns::with_capacity(0);
        let mut rows = query.fetch(self.pool());
        while let Some(row) = rows.try_next().await? {
            let mut values: [Option<String>; 13] = Default::default();
            for (index, value) in values.iter_mut().enumerate() {
                *value = row.try_get(index)?;
            }
            columns.push(values.each_ref().map(|v| v.as_deref()));
        }
        columns.finish().map_err(|e| StoreError::Frame(e.to_string()))
    }
}

/// The format of `snapshot_frames.frame`.
pub const FRAME_FORMAT: &str = "parquet/1";

/// The frame `cases_frame` reads back for a snapshot's text columns, as Parquet bytes.
pub fn saved_form(columns: &[StringChunked]) -> PolarsResult<Vec<u8>> {
    let columns: Vec<Column> =
        columns.iter().enumerate().map(|(index, values)| column(index, values.iter())).collect();
    let mut frame = DataFrame::new_infer_height(columns)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut frame)?;
    Ok(bytes)
}

/// Positions in `CASE_COLUMNS` that hold dates.
const DATE_COLUMNS: [usize; 4] = [8, 9, 10, 12];

/// Collects rows of `CASE_COLUMNS` values (dates as `YYYY-MM-DD`) into a cases frame.
pub struct CaseColumns {
    values: Vec<Vec<Option<String>>>,
}

impl CaseColumns {
    pub fn with_capacity(rows: usize) -> Self {
        CaseColumns { values: (0..CASE_COLUMNS.len()).map(|_| Vec::with_capacity(rows)).collect() }
    }

    pub fn push(&mut self, values: [Option<&str>; 13]) {
        for (column, value) in self.values.iter_mut().zip(values) {
            column.push(value.map(str::to_owned));
        }
    }

    pub fn finish(self) -> PolarsResult<DataFrame> {
        let columns: Vec<Column> = self
            .values
            .iter()
            .enumerate()
            .map(|(index, values)| column(index, values.iter().map(Option::as_deref)))
            .collect();
        DataFrame::new_infer_height(columns)
    }
}

/// Column `index` of `CASE_COLUMNS` from its text values: text, or a polars Date for the date
/// fields (an unreadable date becomes null; the store only holds checked dates).
fn column<'a>(index: usize, values: impl Iterator<Item = Option<&'a str>>) -> Column {
    let name = CASE_COLUMNS[index];
    if DATE_COLUMNS.contains(&index) {
        let days: Int32Chunked = values.map(|v| v.and_then(day_number)).collect();
        days.with_name(name.into()).into_date().into_column()
    } else {
        let texts: StringChunked = values.collect();
        texts.with_name(name.into()).into_column()
    }
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (read by hand: millions per snapshot).
fn day_number(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(number(0..4)?).ok()?, number(5..7)?, number(8..10)?)?;
    i32::try_from((date - NaiveDate::default()).num_days()).ok()
}

#[cfg(test)]
mod tests {
    use super::day_number;

    #[test]
    fn iso_dates_become_day_numbers_and_anything_else_null() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-06-26"), Some(20265));
        assert_eq!(day_number("2024-02-29"), Some(19782));
        for wrong in ["2025-02-30", "2025-6-26", "26-06-2025", "2025-06-2x", "", "2025-13-01"] {
            assert_eq!(day_number(wrong), None, "{wrong}");
        }
    }
}
