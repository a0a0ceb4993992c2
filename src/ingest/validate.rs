//! Validation of a whole export over its polars frame: parse each value (a repeated one once)
//! into a column beside it, express every rule of spec/export-format.md as a mask, collect all hits.

use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::{normalize_key, ColumnMap, Field};
use super::rules::{
    bsns_in_client_ref, checks, client_ref_bsn_counts, helper_columns, holds_bsns, Check, Kind,
};
use super::table::{cell_column, RawTable, ROW};
use super::values::{looks_like_bsn, mask_bsn, parse_date, Pseudonymizer};
use super::ImportOptions;
use crate::domain::report::{Problem, Rejection, Warning};
use crate::domain::{Outcome, RequestType};
use crate::i18n::Locale;

/// A clean export: one row per case in canonical columns, ready to store.
pub struct Validated {
    pub cases: DataFrame,
    pub warnings: Vec<Warning>,
}

/// The column holding the parsed form of a field.
pub fn parsed(field: Field) -> String {
    format!("{}__parsed", field.name())
}

pub fn validate(
    table: &RawTable,
    map: &ColumnMap,
    mut warnings: Vec<Warning>,
    options: &ImportOptions,
) -> PolarsResult<Result<Validated, Rejection>> {
    let (as_of, locale) = (options.as_of, options.locale);
    let (fields, summary_row) = field_frame(table, map)?;
    warnings.extend(summary_row.map(|row| Warning::SummaryRowSkipped { row }));
    let frame = with_parsed_values(fields, table.serial_dates, options.pseudonymizer)?;
    if let Some(problem) = client_ref_holds_bsns(&frame, table, map, locale)? {
        let rejection = Rejection::new(vec![problem], warnings);
        return Ok(Err(Rejection { headers: table.headers.clone(), ..rejection }));
    }
    let problems = find_problems(&frame, &checks(as_of))?;
    if problems.height() > 0 {
        let listed = problem_list(&problems, (table, map), as_of, locale)?;
        return Ok(Err(Rejection::of_total(listed, problems.height(), warnings)));
    }
    Ok(Ok(Validated { cases: canonical(frame)?, warnings }))
}

/// Non-blank records with one text column per field (null when the file lacks it); a
/// trailing summary row is left out and its row number returned.
fn field_frame(table: &RawTable, map: &ColumnMap) -> PolarsResult<(LazyFrame, Option<u32>)> {
    let cells: Vec<Expr> = (0..table.headers.len()).map(|i| col(cell_column(i))).collect();
    let blank = all_horizontal(cells.iter().map(|c| c.clone().is_null()).collect::<Vec<_>>())?;
    let records = table.frame.clone().lazy().filter(blank.not()).collect()?;
    let summary_row = summary_row(&records, map)?;
    let columns: Vec<Expr> = std::iter::once(col(ROW))
        .chain(Field::ALL.iter().map(|&field| match map.found.get(&field) {
            Some(&index) => col(cell_column(index)).alias(field.name()),
            None => lit(NULL).cast(DataType::String).alias(field.name()),
        }))
        .collect();
    let mut frame = records.lazy();
    if let Some(row) = summary_row {
        frame = frame.filter(col(ROW).neq(lit(row)));
    }
    Ok((frame.select(columns), summary_row))
}

/// The last record is a summary when its case id is empty and a cell reads "Totaal" or alike.
fn summary_row(records: &DataFrame, map: &ColumnMap) -> PolarsResult<Option<u32>> {
    let Some(last) = records.height().checked_sub(1) else { return Ok(None) };
    let case_id_empty = match map.found.get(&Field::CaseId) {
        Some(&index) => records.column(&cell_column(index))?.str()?.get(last).is_none(),
        None => true,
    };
    let mut texts = records.materialized_column_iter().filter(|s| s.name().as_str() != ROW);
    let reads_like_total = texts.any(|s| {
        s.str().ok().and_then(|s| s.get(last)).is_some_and(|text| {
            let key = normalize_key(text);
            ["totaal", "total", "aantal"].iter().any(|word| key.starts_with(word))
        })
    });
    let row = records.column(ROW)?.u32()?.get(last);
    Ok(if case_id_empty && reads_like_total { row } else { None })
}

/// Adds `<field>__parsed` for the enum, date and BSN fields, and for the client number
/// whether it reads as a BSN; a value repeated in a column is parsed once.
fn with_parsed_values(
    frame: LazyFrame,
    serial: bool,
    pseudonymizer: &Pseudonymizer,
) -> PolarsResult<DataFrame> {
    let mut base = frame.collect()?;
    let text = |values: Vec<Option<String>>, field: Field| {
        StringChunked::from_iter_options(parsed(field).into(), values.into_iter()).into_column()
    };
    let mut columns = vec![
        text(
            each_parsed(&base, Field::RequestType, true, |v| {
                RequestType::from_key(&normalize_key(v)).map(|t| t.code().into())
            })?,
            Field::RequestType,
        ),
        text(
            each_parsed(&base, Field::Outcome, true, |v| {
                Outcome::from_key(&normalize_key(v)).map(|o| o.code().into())
            })?,
            Field::Outcome,
        ),
        text(each_parsed(&base, Field::Product, true, |v| Some(canonical_product(v)))?, Field::Product),
        text(each_parsed(&base, Field::Bsn, false, |v| pseudonymizer.pseudonym(v))?, Field::Bsn),
        BooleanChunked::from_iter_options(
            parsed(Field::ClientRef).into(),
            each_parsed(&base, Field::ClientRef, false, |v| Some(looks_like_bsn(v)))?.into_iter(),
        )
        .into_column(),
    ];
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    for field in Field::ALL.into_iter().filter(|f| f.is_date()) {
        let days = each_parsed(&base, field, true, |text| {
            parse_date(text, serial).map(|d| (d - epoch).num_days() as i32)
        })?;
        columns.push(
            Int32Chunked::from_iter_options(parsed(field).into(), days.into_iter()).into_date().into_column(),
        );
    }
    for column in columns {
        base.with_column(column)?;
    }
    Ok(base)
}

/// Each value of a field's column parsed, in row order; with `repeats` a value that occurs
/// again is looked up instead of parsed again (not worth it for client numbers and BSNs).
fn each_parsed<T: Clone>(
    frame: &DataFrame,
    field: Field,
    repeats: bool,
    parse: impl Fn(&str) -> Option<T>,
) -> PolarsResult<Vec<Option<T>>> {
    let values = frame.column(field.name())?.str()?;
    if !repeats {
        return Ok(values.iter().map(|v| v.and_then(&parse)).collect());
    }
    let mut seen: std::collections::HashMap<&str, Option<T>> = std::collections::HashMap::new();
    Ok(values
        .iter()
        .map(|v| v.and_then(|text| seen.entry(text).or_insert_with(|| parse(text)).clone()))
        .collect())
}

/// Known product codes in capitals ("bw" → "BW"); other products as written.
fn canonical_product(text: &str) -> String {
    let upper = text.to_uppercase();
    if crate::domain::is_product(&upper) {
        upper
    } else {
        text.to_owned()
    }
}

/// The file-level refusal of spec/export-format.md ("Privacy") when the client numbers are
/// BSNs. It names the file's column and how many values, never a value.
fn client_ref_holds_bsns(
    frame: &DataFrame,
    table: &RawTable,
    map: &ColumnMap,
    locale: Locale,
) -> PolarsResult<Option<Problem>> {
    let counts = frame.clone().lazy().select(client_ref_bsn_counts()).collect()?;
    let count =
        |name: &str| -> PolarsResult<u32> { Ok(counts.column(name)?.u32()?.get(0).unwrap_or_default()) };
    let (values, bsns) = (count("values")?, count("bsns")?);
    if !holds_bsns(values, bsns) {
        return Ok(None);
    }
    let field = Field::ClientRef;
    let column = map.found.get(&field).map_or_else(|| field.label(locale), |&c| table.headers[c].clone());
    let reason = bsns_in_client_ref(values, bsns, locale);
    Ok(Some(Problem { row: 1, column, value: String::new(), reason }))
}

/// One row per hit of any check: row, field index, raw value, kind, extra row number.
fn find_problems(frame: &DataFrame, checks: &[Check]) -> PolarsResult<DataFrame> {
    let base = frame.clone().lazy().with_columns(helper_columns()?);
    let hits: Vec<LazyFrame> = checks
        .iter()
        .map(|check| {
            base.clone().filter(check.mask.clone()).select([
                col(ROW).alias("row"),
                lit(check.field as u32).cast(DataType::UInt32).alias("field"),
                col(check.field.name()).alias("value"),
                lit(check.kind as u32).cast(DataType::UInt32).alias("kind"),
                check.extra.clone().unwrap_or(lit(NULL)).cast(DataType::UInt32).alias("extra"),
            ])
        })
        .collect();
    concat(hits, UnionArgs::default())?.sort(["row", "field"], SortMultipleOptions::default()).collect()
}

/// The first problems as messages, with the file's own column names.
fn problem_list(
    problems: &DataFrame,
    (table, map): (&RawTable, &ColumnMap),
    as_of: NaiveDate,
    locale: Locale,
) -> PolarsResult<Vec<Problem>> {
    let first = problems.head(Some(crate::domain::report::MAX_LISTED));
    let rows = first.column("row")?.u32()?;
    let fields = first.column("field")?.u32()?;
    let values = first.column("value")?.str()?;
    let kinds = first.column("kind")?.u32()?;
    let extras = first.column("extra")?.u32()?;
    let mut listed = Vec::with_capacity(first.height());
    for i in 0..first.height() {
        let field = Field::ALL[fields.get(i).unwrap_or_default() as usize];
        let kind = Kind::from_code(kinds.get(i).unwrap_or_default());
        let value = values.get(i).unwrap_or_default();
        listed.push(Problem {
            row: rows.get(i).unwrap_or_default(),
            column: map.found.get(&field).map_or_else(|| field.label(locale), |&c| table.headers[c].clone()),
            value: if field == Field::Bsn { mask_bsn(value) } else { value.to_owned() },
            reason: kind.reason(field, extras.get(i), as_of, locale),
        });
    }
    Ok(listed)
}

/// The stored shape: canonical names, parsed values, one row per case in file order.
fn canonical(frame: DataFrame) -> PolarsResult<DataFrame> {
    let text = |f: Field| col(f.name());
    let value = |f: Field| col(parsed(f)).alias(f.name());
    frame
        .lazy()
        .select([
            text(Field::CaseId),
            text(Field::ClientRef),
            col(parsed(Field::Bsn)).alias("client_key"),
            value(Field::RequestType),
            value(Field::Product),
            text(Field::Municipality),
            text(Field::Provider),
            text(Field::Consultant),
            value(Field::ReceivedOn),
            value(Field::AssignedOn),
            value(Field::DecidedOn),
            value(Field::Outcome),
            value(Field::IndicationEnd),
        ])
        .collect()
}
