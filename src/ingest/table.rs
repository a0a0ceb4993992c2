//! The raw table that both readers produce: header texts, one text column per header, and
//! each record's spreadsheet row number (header row = row 1). Cells are trimmed; blank = null.

use polars::prelude::*;

/// Name of the row-number column in a raw frame.
pub const ROW: &str = "__row";

/// A file read into text cells, before any column is recognised.
pub struct RawTable {
    pub headers: Vec<String>,
    /// Columns `c0`, `c1`, … (String, null for an empty cell) and `__row` (UInt32).
    pub frame: DataFrame,
    /// True for workbooks: a number in a date column is an Excel serial date.
    pub serial_dates: bool,
}

/// The frame column name for the header at `index`.
pub fn cell_column(index: usize) -> String {
    format!("c{index}")
}

impl RawTable {
    /// Wraps a frame of text columns whose first row holds the headers.
    pub fn from_frame_with_header_row(frame: DataFrame, serial_dates: bool) -> PolarsResult<Self> {
        let headers = frame
            .materialized_column_iter()
            .map(|s| Ok(s.str()?.get(0).unwrap_or_default().trim().to_owned()))
            .collect::<PolarsResult<Vec<String>>>()?;
        let body = frame.slice(1, frame.height().saturating_sub(1));
        let cells: Vec<Expr> = body
            .get_column_names()
            .into_iter()
            .enumerate()
            .map(|(index, name)| {
                let trimmed = col(name.clone()).str().strip_chars(lit(NULL));
                when(trimmed.clone().eq(lit("")))
                    .then(lit(NULL).cast(DataType::String))
                    .otherwise(trimmed)
                    .alias(cell_column(index))
            })
            .collect();
        let frame = body
            .lazy()
            .with_row_index(ROW, Some(2))
            .select([vec![col(ROW).cast(DataType::UInt32)], cells].concat())
            .collect()?;
        Ok(Self { headers, frame, serial_dates })
    }

    /// Builds a table from text columns (header first), as a workbook reader delivers them.
    pub fn from_columns(columns: Vec<Vec<Option<String>>>, serial_dates: bool) -> PolarsResult<Self> {
        let series = columns
            .into_iter()
            .enumerate()
            .map(|(index, values)| {
                let cells: StringChunked = values.into_iter().collect();
                cells.with_name(cell_column(index).into()).into_column()
            })
            .collect();
        Self::from_frame_with_header_row(DataFrame::new_infer_height(series)?, serial_dates)
    }

    pub fn record_count(&self) -> usize {
        self.frame.height()
    }
}
