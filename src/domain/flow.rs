//! Figures across the series of snapshots as the pages and the API receive them (spec/flow.md):
//! recent lead times, the open cases per stage, stalled cases, the cumulative flow, data quality.

use serde::{Deserialize, Serialize};

use super::dates::local_date;
use super::figures::Figures;
use crate::i18n::{t, t_with, FluentValue, Locale};

/// Percentiles (nearest rank) of the lead times in days of the decisions in the 13 full weeks
/// before the as-of date's week; each `None` without such decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadTimes {
    pub p50: Option<i64>,
    pub p70: Option<i64>,
    pub p85: Option<i64>,
    pub p95: Option<i64>,
}

/// Where an open case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Open and not picked up.
    Unassigned,
    /// Open, picked up, not ready for the paper assessment.
    InProgress,
    /// An open reindication whose newest evaluation form was marked complete.
    Ready,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Unassigned, Stage::InProgress, Stage::Ready];

    /// Its name in a sentence (`niet opgepakt`, `not picked up`).
    pub fn name(self, locale: Locale) -> String {
        crate::i18n::t(locale, self.key())
    }

    fn key(self) -> &'static str {
        match self {
            Stage::Unassigned => "stage-unassigned",
            Stage::InProgress => "stage-in-progress",
            Stage::Ready => "stage-ready",
        }
    }
}

/// The open cases of one stage, and how many of them are older than the 85th percentile of
/// recent lead times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageAge {
    pub stage: Stage,
    pub count: u64,
    pub above_p85: u64,
}

/// One open case as a dot of the ageing chart: where it stands and how old it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingDot {
    pub case_id: String,
    pub stage: Stage,
    /// Days since it was received.
    pub age_days: i64,
    /// Handled by the consultant who is looking (the account's name in the export).
    pub mine: bool,
}

/// One snapshot's point of the cumulative flow: of every case seen up to it, in its state as
/// known then, how many had arrived, been picked up and been decided by its date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CfdPoint {
    /// `YYYY-MM-DD`.
    pub as_of: String,
    pub arrived: u64,
    pub picked_up: u64,
    pub decided: u64,
}

/// Warnings about the newest snapshot against the one before (never a reason to refuse it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    /// Open in the snapshot before and missing from the newest.
    pub vanished: Vec<String>,
    /// Missing from the snapshot before, in an earlier one, and back in the newest.
    pub returned: Vec<String>,
    pub received_on_changed: Vec<String>,
    /// Decided in the snapshot before, without a decision date in the newest.
    pub reopened: Vec<String>,
}

impl DataQuality {
    pub fn is_empty(&self) -> bool {
        self.vanished.is_empty()
            && self.returned.is_empty()
            && self.received_on_changed.is_empty()
            && self.reopened.is_empty()
    }
}

/// The figures that read the series of snapshots up to the as-of date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Open cases unchanged in each of the last N snapshots; `None` with fewer snapshots.
    pub stalled: Option<u64>,
    /// Those cases (for the queue's `stil=1` and the case page), not in the JSON.
    #[serde(skip)]
    pub stalled_ids: Vec<String>,
    pub cfd: Vec<CfdPoint>,
    pub data_quality: DataQuality,
}

/// The throughput windows in full weeks one may choose for the forecast (`window=`), and the
/// one used when none is chosen.
pub const WINDOWS: [i32; 3] = [6, 12, 26];
pub const DEFAULT_WINDOW: i32 = 12;

/// How many decisions at least 50, 85 and 95 % of the forecast's trials reach by `date`
/// (so `p95 <= p85 <= p50`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastByDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub p50: u64,
    pub p85: u64,
    pub p95: u64,
}

/// The answer to a date asked for on the Overzicht.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByDate {
    pub decisions: ForecastByDate,
    /// The least extra decisions a week that clear the backlog by the date at 85 %; `None`
    /// when even the most one may enter would not.
    pub extra: Option<u32>,
}

/// The Overzicht's forecast questions, answered over one throughput window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastAnswers {
    /// Full weeks of the pace (6, 12 or 26).
    pub window: i32,
    pub forecast: Option<super::figures::Forecast>,
    /// With extra decisions a week ("what if"), when asked.
    pub what_if: Option<(u32, super::figures::Forecast)>,
    /// How many by a date and what clears the backlog by then, when asked; or what is wrong
    /// with the date.
    pub by: Option<Result<ByDate, String>>,
}

/// The object of `GET /api/v1/metrics` and `metrics --json`: the view's figures and those of its
/// series, side by side.
#[derive(Clone, Debug, Serialize)]
pub struct MetricsAnswer {
    #[serde(flatten)]
    pub figures: Figures,
    #[serde(flatten)]
    pub flow: Flow,
    /// Only when a date was asked for (`by=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_by_date: Option<ForecastByDate>,
}

/// What happened to a case between snapshots (spec/flow.md, "History of one case").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Received,
    PickedUp,
    ConsultantChanged,
    IndicationEndChanged,
    Decided,
    Reopened,
    Vanished,
    Returned,
}

/// One event of a case's history. `detail` holds `consultant` (picked up), `from` and `to`
/// (changes) or `outcome` (decided); a provider receives no consultant names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub kind: EventKind,
    /// `YYYY-MM-DD`: the date in the export (received, picked up, decided) or the as-of date of
    /// the snapshot that showed the change.
    pub date: String,
    pub snapshot_as_of: String,
    pub detail: std::collections::BTreeMap<String, Option<String>>,
}

impl CaseEvent {
    /// The event in plain words for the case page's timeline.
    pub fn describe(&self, locale: Locale) -> String {
        let date = local_date(&self.date, locale);
        let detail = |key: &str| self.detail.get(key).cloned().flatten();
        let shown = |key: &str| detail(key).map_or(t(locale, "event-none"), |d| local_date(&d, locale));
        let say = |key: &str, args: &[(&str, FluentValue)]| {
            let mut all = vec![("date", FluentValue::from(date.clone()))];
            all.extend(args.iter().cloned());
            t_with(locale, key, &all)
        };
        match self.kind {
            EventKind::Received => say("event-received", &[]),
            EventKind::PickedUp => match detail("consultant") {
                Some(name) => say("event-picked-up-by", &[("name", name.into())]),
                None => say("event-picked-up", &[]),
            },
            EventKind::ConsultantChanged => match (detail("from"), detail("to")) {
                (Some(from), Some(to)) => {
                    say("event-consultant-changed", &[("from", from.into()), ("to", to.into())])
                }
                _ => say("event-other-consultant", &[]),
            },
            EventKind::IndicationEndChanged => {
                say("event-end-moved", &[("from", shown("from").into()), ("to", shown("to").into())])
            }
            EventKind::Decided => {
                let outcome = detail("outcome").and_then(|o| super::Outcome::from_key(&o));
                let outcome = outcome.map_or(t(locale, "event-unknown"), |o| o.name(locale).to_lowercase());
                say("event-decided", &[("outcome", outcome.into())])
            }
            EventKind::Reopened => say("event-reopened", &[]),
            EventKind::Vanished => say("event-vanished", &[]),
            EventKind::Returned => say("event-returned", &[]),
        }
    }
}
