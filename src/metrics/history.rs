//! The history of one case (spec/flow.md): its rows in the series of snapshots compared one
//! after the other, as events oldest first.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::calendar::{day_number, iso_date};
use super::series::{rows, Snapshot};
use super::{filter_mask, ints, texts, MetricsError};
use crate::domain::filters::Filters;
use crate::domain::flow::{CaseEvent, EventKind};

/// A case's row in one snapshot, as the history compares it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    consultant: Option<String>,
    rec: Option<i64>,
    asg: Option<i64>,
    dec: Option<i64>,
    outcome: Option<String>,
    end: Option<i64>,
}

/// The events of `case_id` over the series, within `scope` (rows outside it are left out);
/// `None` when no snapshot holds the case within the scope.
pub fn case_history(
    series: &[Snapshot],
    case_id: &str,
    scope: &Filters,
) -> Result<Option<Vec<CaseEvent>>, MetricsError> {
    let mut found = Vec::with_capacity(series.len());
    for (seq, snapshot) in series.iter().enumerate() {
        found.push((snapshot, row_in(&series[seq..=seq], case_id, scope)?));
    }
    if found.iter().all(|(_, row)| row.is_none()) {
        return Ok(None);
    }
    let mut events = Events::default().read(&found);
    events.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(Some(events))
}

fn row_in(snapshot: &[Snapshot], case_id: &str, scope: &Filters) -> Result<Option<Row>, MetricsError> {
    let frame = rows(snapshot)?.filter(col("case_id").eq(lit(case_id)).and(filter_mask(scope)?)).collect()?;
    if frame.height() == 0 {
        return Ok(None);
    }
    let text =
        |name| -> PolarsResult<Option<String>> { Ok(texts(&frame, name)?.into_iter().next().flatten()) };
    let day = |name| -> PolarsResult<Option<i64>> { Ok(ints(&frame, name)?.into_iter().next().flatten()) };
    Ok(Some(Row {
        consultant: text("consultant")?,
        rec: day("rec")?,
        asg: day("asg")?,
        dec: day("dec")?,
        outcome: text("outcome")?,
        end: day("end")?,
    }))
}

/// What the comparison has seen so far.
#[derive(Default)]
struct Events {
    events: Vec<CaseEvent>,
    last: Option<Row>,
    present: bool,
    vanished: bool,
    picked_up: bool,
    decided: bool,
    consultant: Option<String>,
}

impl Events {
    fn read(mut self, found: &[(&Snapshot, Option<Row>)]) -> Vec<CaseEvent> {
        for (snapshot, row) in found {
            let as_of = i64::from(day_number(snapshot.as_of));
            match row {
                Some(row) => self.compare(row, as_of),
                None => self.missing(as_of),
            }
        }
        self.events
    }

    fn push(&mut self, kind: EventKind, date: i64, as_of: i64, detail: &[(&str, Option<String>)]) {
        let detail = detail.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<BTreeMap<_, _>>();
        self.events.push(CaseEvent { kind, date: day(date), snapshot_as_of: day(as_of), detail });
    }

    /// Missing from a snapshot: vanished when its last row was open then.
    fn missing(&mut self, as_of: i64) {
        let open = self.last.as_ref().is_some_and(|last| last.dec.is_none_or(|dec| dec > as_of));
        if self.present && open {
            self.push(EventKind::Vanished, as_of, as_of, &[]);
            self.vanished = true;
        }
        self.present = false;
    }

    fn compare(&mut self, row: &Row, as_of: i64) {
        match self.last.clone() {
            None => self.push(EventKind::Received, row.rec.unwrap_or(as_of), as_of, &[]),
            Some(last) => {
                if !self.present && self.vanished {
                    self.push(EventKind::Returned, as_of, as_of, &[]);
                    self.vanished = false;
                }
                if last.end != row.end {
                    let (from, to) = (last.end.map(day), row.end.map(day));
                    self.push(EventKind::IndicationEndChanged, as_of, as_of, &[("from", from), ("to", to)]);
                }
            }
        }
        if let (false, Some(asg), Some(_)) = (self.picked_up, row.asg, &row.consultant) {
            self.push(EventKind::PickedUp, asg, as_of, &[("consultant", row.consultant.clone())]);
            self.picked_up = true;
        }
        if let Some(name) = &row.consultant {
            if self.consultant.as_ref().is_some_and(|before| before != name) {
                let detail = [("from", self.consultant.clone()), ("to", Some(name.clone()))];
                self.push(EventKind::ConsultantChanged, as_of, as_of, &detail);
            }
            self.consultant = Some(name.clone());
        }
        match (row.dec, self.decided) {
            (Some(dec), false) => {
                self.push(EventKind::Decided, dec, as_of, &[("outcome", row.outcome.clone())]);
                self.decided = true;
            }
            (None, true) => {
                self.push(EventKind::Reopened, as_of, as_of, &[]);
                self.decided = false;
            }
            _ => {}
        }
        self.last = Some(row.clone());
        self.present = true;
    }
}

fn day(number: i64) -> String {
    iso_date(i32::try_from(number).unwrap_or_default())
}
