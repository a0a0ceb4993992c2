//! The rules of spec/export-format.md ("Validation", "Privacy"), each a polars mask or count
//! over the parsed frame, and the sentence that tells the user what is wrong and what to do.

use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::Field;
use super::table::ROW;
use super::validate::parsed;
use crate::domain::dates::local_date;
use crate::i18n::{t, t_with, FluentValue, Locale};

/// What a check found; the code travels through the problem frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Empty = 0,
    Unreadable = 1,
    Duplicate = 2,
    BeforeReceived = 3,
    AfterAsOf = 4,
    RequiredForReindication = 5,
    OutcomeWithoutDecision = 6,
    DecisionWithoutOutcome = 7,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Empty,
        Kind::Unreadable,
        Kind::Duplicate,
        Kind::BeforeReceived,
        Kind::AfterAsOf,
        Kind::RequiredForReindication,
        Kind::OutcomeWithoutDecision,
        Kind::DecisionWithoutOutcome,
    ];

    pub fn from_code(code: u32) -> Kind {
        Kind::ALL.into_iter().find(|k| *k as u32 == code).unwrap_or(Kind::Unreadable)
    }

    /// The message for a hit on `field`, in `locale`; `extra` is the other row of a duplicate.
    pub fn reason(self, field: Field, extra: Option<u32>, as_of: NaiveDate, locale: Locale) -> String {
        let field_arg = || [("field", FluentValue::from(field.label(locale)))];
        match self {
            Kind::Empty => t(locale, "import-reason-empty"),
            Kind::Unreadable => t(locale, unreadable(field)),
            Kind::Duplicate => {
                t_with(locale, "import-reason-duplicate", &[("row", extra.unwrap_or_default().into())])
            }
            Kind::BeforeReceived => t_with(locale, "import-reason-before-received", &field_arg()),
            Kind::AfterAsOf => {
                let date = local_date(&as_of.format("%Y-%m-%d").to_string(), locale);
                t_with(locale, "import-reason-after-as-of", &[("date", date.into())])
            }
            Kind::RequiredForReindication => {
                t_with(locale, "import-reason-required-reindication", &field_arg())
            }
            Kind::OutcomeWithoutDecision => t(locale, "import-reason-outcome-without-decision"),
            Kind::DecisionWithoutOutcome => t(locale, "import-reason-decision-without-outcome"),
        }
    }
}

fn unreadable(field: Field) -> &'static str {
    match field {
        Field::RequestType => "import-reason-unknown-request-type",
        Field::Outcome => "import-reason-unknown-outcome",
        Field::Bsn => "import-reason-invalid-bsn",
        _ => "import-reason-unreadable-date",
    }
}

/// One rule: where `mask` holds, `field` of that row has problem `kind`.
pub struct Check {
    pub field: Field,
    pub kind: Kind,
    pub mask: Expr,
    pub extra: Option<Expr>,
}

fn check(field: Field, kind: Kind, mask: Expr) -> Check {
    Check { field, kind, mask, extra: None }
}

fn raw(field: Field) -> Expr {
    col(field.name())
}

fn value(field: Field) -> Expr {
    col(parsed(field))
}

/// At least this many client numbers must read as BSNs before the column counts as holding
/// BSNs: one in eleven random nine-digit numbers passes the eleven-test.
pub const MIN_BSNS_IN_CLIENT_REF: u32 = 20;

/// One row over the whole parsed frame: how many client numbers there are (`values`) and how
/// many of them read as a valid BSN (`bsns`).
pub fn client_ref_bsn_counts() -> [Expr; 2] {
    [
        raw(Field::ClientRef).is_not_null().sum().cast(DataType::UInt32).alias("values"),
        value(Field::ClientRef).fill_null(lit(false)).sum().cast(DataType::UInt32).alias("bsns"),
    ]
}

/// The privacy rule of spec/export-format.md: the client numbers are BSNs when more than half
/// of them, and at least `MIN_BSNS_IN_CLIENT_REF`, read as a valid BSN.
pub fn holds_bsns(values: u32, bsns: u32) -> bool {
    bsns >= MIN_BSNS_IN_CLIENT_REF && u64::from(bsns) * 2 > u64::from(values)
}

/// The message of the file-level refusal; it names counts, never a number itself.
pub fn bsns_in_client_ref(values: u32, bsns: u32, locale: Locale) -> String {
    t_with(locale, "import-reason-bsns-in-client-ref", &[("bsns", bsns.into()), ("values", values.into())])
}

/// The first row on which each case id occurs; computed over the whole frame, before any
/// check filters it.
pub const FIRST_ROW: &str = "__first_row";

pub fn helper_columns() -> PolarsResult<Vec<Expr>> {
    Ok(vec![col(ROW).min().over([raw(Field::CaseId)])?.alias(FIRST_ROW)])
}

/// Every check of the spec, for the as-of date `as_of`.
pub fn checks(as_of: NaiveDate) -> Vec<Check> {
    let mut all: Vec<Check> = Field::ALL
        .into_iter()
        .filter(|f| f.is_required())
        .map(|f| check(f, Kind::Empty, raw(f).is_null()))
        .collect();
    let parsed_fields = Field::ALL
        .into_iter()
        .filter(|f| f.is_date() || matches!(f, Field::RequestType | Field::Outcome | Field::Bsn));
    all.extend(
        parsed_fields.map(|f| check(f, Kind::Unreadable, raw(f).is_not_null().and(value(f).is_null()))),
    );
    let first_row = col(FIRST_ROW);
    all.push(Check {
        field: Field::CaseId,
        kind: Kind::Duplicate,
        mask: raw(Field::CaseId).is_not_null().and(col(ROW).neq(first_row.clone())),
        extra: Some(first_row),
    });
    for field in [Field::AssignedOn, Field::DecidedOn] {
        all.push(check(field, Kind::BeforeReceived, value(field).lt(value(Field::ReceivedOn))));
    }
    for field in [Field::ReceivedOn, Field::AssignedOn, Field::DecidedOn] {
        all.push(check(field, Kind::AfterAsOf, value(field).gt(lit(as_of))));
    }
    let reindication = value(Field::RequestType).eq(lit("reindication"));
    for field in [Field::Provider, Field::IndicationEnd] {
        all.push(check(field, Kind::RequiredForReindication, reindication.clone().and(raw(field).is_null())));
    }
    all.push(check(
        Field::DecidedOn,
        Kind::OutcomeWithoutDecision,
        raw(Field::Outcome).is_not_null().and(raw(Field::DecidedOn).is_null()),
    ));
    all.push(check(
        Field::Outcome,
        Kind::DecisionWithoutOutcome,
        raw(Field::DecidedOn).is_not_null().and(raw(Field::Outcome).is_null()),
    ));
    all
}
