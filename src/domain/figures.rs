//! The backlog figures of spec/metrics.md in the JSON shape of spec/interfaces.md: the one
//! value that the pages, `GET /api/v1/metrics` and `werkvoorraad metrics --json` all show.

use serde::{Deserialize, Serialize};

use super::flow::{LeadTimes, StageAge};

/// All figures for one as-of date over the filtered cases. Field order is the JSON order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// `YYYY-MM-DD`.
    pub as_of: String,
    pub open: u64,
    pub unassigned: u64,
    /// `YYYY-MM`; `None` without open cases.
    pub oldest_open_month: Option<String>,
    pub oldest_unassigned_month: Option<String>,
    pub median_age_days: Option<i64>,
    pub p85_age_days: Option<i64>,
    pub over_term: u64,
    pub decided_last_4_weeks: u64,
    /// Open reindications without an evaluation form.
    pub forms_missing: u64,
    /// … whose newest form was marked incomplete.
    pub forms_incomplete: u64,
    /// … whose newest form was marked complete: ready for a paper assessment.
    pub ready_for_assessment: u64,
    pub age_buckets: Vec<AgeBucket>,
    pub open_by_received_month: Vec<MonthCount>,
    /// Absent for a role without "throughput per consultant" (domain/redact.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_by_consultant: Option<Vec<ConsultantThroughput>>,
    pub flow_by_week: Vec<WeekFlow>,
    /// Absent for a role without the declaration-risk view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_risk: Option<Vec<ProviderRisk>>,
    /// Reindications whose last day to act comes within four weeks, per provider
    /// (spec/notifications.md); absent where `declaration_risk` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_warning: Option<Vec<super::warning::ProviderWarning>>,
    /// When the backlog is cleared at the pace of the last 12 full weeks (always computed; an
    /// `Option` so that older JSON without it still reads).
    pub forecast: Option<Forecast>,
    /// Recent lead times (spec/flow.md); `None` only in JSON from before it existed.
    #[serde(default)]
    pub lead_time_percentiles: Option<LeadTimes>,
    /// The open cases per stage (spec/flow.md), in the order of `Stage::ALL`.
    #[serde(default)]
    pub aging_wip: Vec<StageAge>,
}

impl Figures {
    /// Throughput per consultant; empty when redacted away.
    pub fn throughput(&self) -> &[ConsultantThroughput] {
        self.throughput_by_consultant.as_deref().unwrap_or_default()
    }

    /// Declaration risk per provider; empty when redacted away.
    pub fn risk(&self) -> &[ProviderRisk] {
        self.declaration_risk.as_deref().unwrap_or_default()
    }

    /// The headline figures and the forecast, without the lists by month, week, consultant and
    /// provider (the Overzicht shows those as charts, which carry their own tables).
    pub fn headline(&self) -> Figures {
        Figures {
            as_of: self.as_of.clone(),
            open: self.open,
            unassigned: self.unassigned,
            oldest_open_month: self.oldest_open_month.clone(),
            oldest_unassigned_month: self.oldest_unassigned_month.clone(),
            median_age_days: self.median_age_days,
            p85_age_days: self.p85_age_days,
            over_term: self.over_term,
            decided_last_4_weeks: self.decided_last_4_weeks,
            forms_missing: self.forms_missing,
            forms_incomplete: self.forms_incomplete,
            ready_for_assessment: self.ready_for_assessment,
            age_buckets: self.age_buckets.clone(),
            forecast: self.forecast.clone(),
            ..Figures::default()
        }
    }

    /// Open reindications whose newest evaluation form waits for an assessment: those that are
    /// neither without a form, nor incomplete, nor ready. (Not a key of the JSON.)
    pub fn forms_to_assess(&self) -> u64 {
        let open: u64 = self.age_buckets.iter().map(|b| b.reindication).sum();
        open.saturating_sub(self.forms_missing + self.forms_incomplete + self.ready_for_assessment)
    }
}

/// Open cases in one age bucket, by request type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBucket {
    /// `<2w`, `2-6w`, `6-13w`, `13-26w` or `>=26w`.
    pub bucket: String,
    pub new: u64,
    pub reindication: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultantThroughput {
    pub consultant: String,
    pub wip: u64,
    pub decided_last_4_weeks: u64,
    pub median_lead_time_days: Option<i64>,
    /// `YYYY-MM-DD`.
    pub oldest_open_received_on: Option<String>,
    /// Only weeks with a decision or a withdrawal, ascending.
    pub weeks: Vec<WeekThroughput>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekThroughput {
    /// ISO week, `2025-W25`.
    pub week: String,
    pub decisions: u64,
    pub withdrawals: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFlow {
    pub week: String,
    pub inflow: u64,
    pub outflow: u64,
    pub net: i64,
    /// Open on the Sunday that ends the week.
    pub open_end: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderRisk {
    /// `None` for reindications without a provider.
    pub provider: Option<String>,
    pub lapsed: u64,
    pub uncovered_days: i64,
    pub expiring: u64,
    pub exposure_eur: f64,
    /// Uncovered days of products without a tariff: counted, not priced.
    pub untariffed_days: i64,
    /// When the row is an organisation the admin linked several export spellings to (or one
    /// spelling under another name): those spellings. Empty in the metrics JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<String>,
}

impl ProviderRisk {
    /// The provider values in the exports this row counts.
    pub fn export_names(&self) -> Vec<Option<String>> {
        match self.spellings.is_empty() {
            true => vec![self.provider.clone()],
            false => self.spellings.iter().cloned().map(Some).collect(),
        }
    }
}

/// The organisation a provider spelling belongs to (`organisations` as on Beheer), or the
/// spelling itself when none claims it.
pub fn organisation_of(organisations: &[(String, Vec<String>)], provider: Option<String>) -> Option<String> {
    let linked = provider.as_ref().and_then(|p| organisations.iter().find(|(_, names)| names.contains(p)));
    linked.map(|(name, _)| name.clone()).or(provider)
}

/// The rows merged per organisation the admin linked their spellings to (`organisations`: name
/// and spellings, as on Beheer), by name; a spelling no organisation claims stays its own row.
pub fn by_organisation(rows: &[ProviderRisk], organisations: &[(String, Vec<String>)]) -> Vec<ProviderRisk> {
    let mut merged: std::collections::BTreeMap<(bool, Option<String>), ProviderRisk> = Default::default();
    for row in rows {
        let name = organisation_of(organisations, row.provider.clone());
        let claimed = row.provider.as_ref().is_some_and(|p| organisations.iter().any(|(_, n)| n.contains(p)));
        let entry = merged
            .entry((name.is_none(), name.clone()))
            .or_insert_with(|| ProviderRisk { provider: name, ..ProviderRisk::default() });
        entry.lapsed += row.lapsed;
        entry.uncovered_days += row.uncovered_days;
        entry.expiring += row.expiring;
        entry.exposure_eur = ((entry.exposure_eur + row.exposure_eur) * 100.0).round() / 100.0;
        entry.untariffed_days += row.untariffed_days;
        if claimed {
            entry.spellings.extend(row.provider.clone());
        }
    }
    merged
        .into_values()
        .map(|mut row| {
            if row.spellings.len() == 1 && row.spellings.first() == row.provider.as_ref() {
                row.spellings.clear();
            }
            row
        })
        .collect()
}

/// Lapsed reindications whose newest evaluation form is complete, per provider (`None`: no
/// provider); providers without any are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LapsedReady(pub Vec<(Option<String>, u64)>);

impl LapsedReady {
    pub fn of(&self, provider: &Option<String>) -> u64 {
        self.0.iter().find(|(p, _)| p == provider).map_or(0, |(_, n)| *n)
    }

    /// The count of a risk row, over every export spelling it holds.
    pub fn of_row(&self, row: &ProviderRisk) -> u64 {
        row.export_names().iter().map(|name| self.of(name)).sum()
    }

    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

/// When the backlog is cleared at the current pace (spec/metrics.md, "Forecast"): the weeks
/// after the as-of date by which 50 %, 85 % and 95 % of the simulated futures had no open cases
/// left (`None`: fewer than that within two years), and those dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub p50_weeks: Option<u32>,
    pub p85_weeks: Option<u32>,
    pub p95_weeks: Option<u32>,
    /// `YYYY-MM-DD`: the as-of date plus that many weeks.
    pub p50_date: Option<String>,
    pub p85_date: Option<String>,
    pub p95_date: Option<String>,
    /// At least half of the trials were cleared within 104 weeks.
    pub cleared_within_horizon: bool,
}

/// One age bucket of spec/metrics.md: its key in the JSON and URLs, and the ages in days it
/// holds, `from_days` up to (not including) `to_days` (`None`: no end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgeRange {
    pub key: &'static str,
    pub from_days: i32,
    pub to_days: Option<i32>,
}

impl AgeRange {
    /// The weeks it spans, as under a chart's axis: `< 2`, `2–6`, `≥ 26`.
    pub fn weeks(&self) -> String {
        match (self.from_days / 7, self.to_days.map(|d| d / 7)) {
            (0, Some(to)) => format!("< {to}"),
            (from, Some(to)) => format!("{from}–{to}"),
            (from, None) => format!("≥ {from}"),
        }
    }

    /// Its name: `2–6 weken` or `2–6 weeks`.
    pub fn name(&self, locale: crate::i18n::Locale) -> String {
        format!("{} {}", self.weeks(), crate::i18n::t(locale, "unit-weeks"))
    }
}

/// The age buckets in order: the one definition that the figures, the queue's filter and the
/// chart all read.
pub const AGE_BUCKETS: [AgeRange; 5] = [
    AgeRange { key: "<2w", from_days: 0, to_days: Some(14) },
    AgeRange { key: "2-6w", from_days: 14, to_days: Some(42) },
    AgeRange { key: "6-13w", from_days: 42, to_days: Some(91) },
    AgeRange { key: "13-26w", from_days: 91, to_days: Some(182) },
    AgeRange { key: ">=26w", from_days: 182, to_days: None },
];

/// The bucket of a URL or JSON key.
pub fn age_bucket(key: &str) -> Option<&'static AgeRange> {
    AGE_BUCKETS.iter().find(|b| b.key == key)
}

/// The backlog on one snapshot's own as-of date (spec/metrics.md, "Across snapshots").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub as_of: String,
    pub open: u64,
    pub unassigned: u64,
    pub oldest_unassigned_month: Option<String>,
}
