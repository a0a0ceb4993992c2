//! The work queue: the open cases of a view narrowed by state, age bucket or month of receipt,
//! sorted (the oldest first by default) and cut into pages; the same rows feed the exports.

use polars::prelude::*;

use super::calendar::iso_date;
use super::{ints, texts, Day, Settings};
use crate::domain::figures::age_bucket;
use crate::domain::forms::FormState;
use crate::domain::queue::{CaseDetail, QueuePage, QueueParams, QueueRow, SortKey, PAGE_SIZE};

/// The open cases that match, in the asked order, with `assignee` (the consultant once picked up).
pub fn matching(frame: &DataFrame, params: &QueueParams, settings: &Settings) -> PolarsResult<DataFrame> {
    let mut mask = col("open");
    match params.status.as_deref() {
        Some("niet-opgepakt") => mask = mask.and(col("unassigned")),
        Some("opgepakt") => mask = mask.and(col("unassigned").not()),
        _ => {}
    }
    if let Some(range) = params.age.as_deref().and_then(age_bucket) {
        mask = mask.and(col("age").gt_eq(lit(range.from_days)));
        if let Some(to) = range.to_days {
            mask = mask.and(col("age").lt(lit(to)));
        }
    }
    if let Some(month) = params.month.as_deref() {
        let received = col("rec").cast(DataType::Date).dt().to_string("%Y-%m");
        mask = mask.and(received.eq(lit(month.to_owned())));
    }
    if params.over_term {
        let term = settings.new_request_term_days;
        mask = mask.and(col("request_type").eq(lit("new"))).and(col("age").gt(lit(term)));
    }
    // Every row's received day plus its age is the as-of date.
    let today = col("rec") + col("age");
    let reindication = col("request_type").eq(lit("reindication"));
    match params.indication.as_deref() {
        Some("verlopen") => mask = mask.and(reindication).and(col("end").lt(today)),
        Some("bijna-verlopen") => {
            let window = today.clone() + lit(settings.expiring_window_days);
            mask = mask.and(reindication).and(col("end").gt_eq(today)).and(col("end").lt_eq(window));
        }
        _ => {}
    }
    if let Some(form) = params.form {
        mask = mask.and(col("form").eq(lit(form.code())));
    }
    let (mut columns, descending) = order(params.sort);
    let mut descending: Vec<bool> = descending.into_iter().map(|d| d != params.descending).collect();
    // Among equally old cases (or equal in the chosen key) the ready ones come first, either way.
    let position = columns.iter().position(|c| *c == "age").map_or(1, |p| p + 1).min(columns.len());
    columns.insert(position, "ready");
    descending.insert(position, true);
    frame
        .clone()
        .lazy()
        .filter(mask)
        .with_columns([
            when(col("unassigned")).then(lit(NULL)).otherwise(col("consultant")).alias("assignee"),
            col("form").eq(lit(FormState::Ready.code())).fill_null(lit(false)).alias("ready"),
        ])
        .sort(
            columns,
            SortMultipleOptions::default()
                .with_order_descending_multi(descending)
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .collect()
}

/// The sort columns for a key, each with its default direction; ties go by age, then case id.
fn order(sort: SortKey) -> (Vec<&'static str>, Vec<bool>) {
    match sort {
        SortKey::DaysOpen => (vec!["age", "case_id"], vec![true, false]),
        SortKey::IndicationEnd => (vec!["end", "age", "case_id"], vec![false, true, false]),
        SortKey::Consultant => (vec!["assignee", "age", "case_id"], vec![false, true, false]),
        SortKey::RequestType => (vec!["request_type", "age", "case_id"], vec![false, true, false]),
        SortKey::CaseId => (vec!["case_id"], vec![false]),
    }
}

/// One page (1-based, clamped to the last) of sorted matching cases.
pub fn page(sorted: &DataFrame, page: usize, day: Day) -> PolarsResult<QueuePage> {
    let total = sorted.height();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let slice = sorted.slice(((page - 1) * PAGE_SIZE) as i64, PAGE_SIZE);
    Ok(QueuePage { rows: rows(&slice, day)?, total, page, pages })
}

/// The rows of a frame from `matching`.
pub fn rows(frame: &DataFrame, day: Day) -> PolarsResult<Vec<QueueRow>> {
    let text = |name| texts(frame, name);
    let (case_ids, clients, kinds, products) =
        (text("case_id")?, text("client_ref")?, text("request_type")?, text("product")?);
    let (municipalities, providers, assignees, forms) =
        (text("municipality")?, text("provider")?, text("assignee")?, text("form")?);
    let (received, ages, ends) = (ints(frame, "rec")?, ints(frame, "age")?, ints(frame, "end")?);
    Ok((0..frame.height())
        .map(|i| {
            let end = ends[i].map(|d| d as i32);
            QueueRow {
                case_id: case_ids[i].clone().unwrap_or_default(),
                client_ref: clients[i].clone().unwrap_or_default(),
                request_type: kinds[i].clone().unwrap_or_default(),
                product: products[i].clone().unwrap_or_default(),
                municipality: municipalities[i].clone().unwrap_or_default(),
                provider: providers[i].clone(),
                picked_up: assignees[i].is_some(),
                consultant: assignees[i].clone(),
                received_on: received[i].map(|d| iso_date(d as i32)).unwrap_or_default(),
                days_open: ages[i].unwrap_or_default(),
                indication_end: end.map(iso_date),
                lapsed: kinds[i].as_deref() == Some("reindication") && end.is_some_and(|e| e < day.today),
                form: forms[i].as_deref().and_then(FormState::from_code),
            }
        })
        .collect())
}

/// The matching cases of a view in order, turned into rows a slice at a time (for downloads).
#[derive(Clone)]
pub struct RowSource {
    sorted: std::sync::Arc<DataFrame>,
    day: Day,
}

impl RowSource {
    pub fn new(sorted: std::sync::Arc<DataFrame>, day: Day) -> Self {
        RowSource { sorted, day }
    }

    pub fn len(&self) -> usize {
        self.sorted.height()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One page of the queue (`page` counts from 1).
    pub fn page(&self, number: usize) -> PolarsResult<QueuePage> {
        page(&self.sorted, number, self.day)
    }

    /// Rows `start..start + len` (fewer at the end).
    pub fn slice(&self, start: usize, len: usize) -> PolarsResult<Vec<QueueRow>> {
        rows(&self.sorted.slice(i64::try_from(start).unwrap_or(i64::MAX), len), self.day)
    }
}

/// The rows of `frame` whose case is one of `ids`, in the frame's order.
pub fn only_cases(frame: &DataFrame, ids: &[String]) -> PolarsResult<DataFrame> {
    let wanted = DataFrame::new(ids.len(), vec![Column::new("case_id".into(), ids)])?;
    let args = JoinArgs { maintain_order: MaintainOrderJoin::Left, ..JoinArgs::new(JoinType::Inner) };
    frame.clone().lazy().join(wanted.lazy(), [col("case_id")], [col("case_id")], args).collect()
}

/// One case of a prepared frame (open or closed by the as-of date), if it is there.
pub fn case_detail(prepared: &DataFrame, case_id: &str, day: Day) -> PolarsResult<Option<CaseDetail>> {
    let found = prepared
        .clone()
        .lazy()
        .filter(col("case_id").eq(lit(case_id.to_owned())))
        .with_column(when(col("unassigned")).then(lit(NULL)).otherwise(col("consultant")).alias("assignee"))
        .collect()?;
    let Some(row) = rows(&found, day)?.into_iter().next() else { return Ok(None) };
    let date =
        |name| -> PolarsResult<Option<String>> { Ok(ints(&found, name)?[0].map(|d| iso_date(d as i32))) };
    let open = found.column("open")?.bool()?.get(0).unwrap_or(false);
    Ok(Some(CaseDetail {
        assigned_on: date("asg")?,
        decided_on: date("dec")?,
        outcome: texts(&found, "outcome")?[0].clone(),
        open,
        row,
    }))
}
