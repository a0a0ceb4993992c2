//! The four digests in the recipient's language, each from the figures its grant may see: the
//! team lead's backlog, a consultant's own cases, contract management's risk, a provider's.

use chrono::{Duration, NaiveDate};

use super::NotifyError;
use crate::analytics::Analytics;
use crate::auth::guard::Grant;
use crate::domain::dates::{days_text, local_date, local_month};
use crate::domain::figures::{by_organisation, Figures, ProviderRisk};
use crate::domain::filters::{Filters, ViewQuery};
use crate::domain::forms::FormState;
use crate::domain::notice::{Kind, Message};
use crate::domain::queue::{QueueParams, QueueRow};
use crate::domain::report::{euros, forecast_sentence};
use crate::i18n::{t, t_with, FluentValue, Locale};
use crate::store::problems::ProblemQuery;
use crate::store::Db;

/// Cases listed per part of a message; the rest are counted.
const LISTED: usize = 10;

/// What a digest is made from: the recipient's grant and language, and since when "new" counts.
pub struct Recipient<'a> {
    pub grant: &'a Grant,
    pub locale: Locale,
    pub since: &'a str,
    /// The user's alert thresholds (lapsed, euros), for the risk digest.
    pub thresholds: (Option<i64>, Option<i64>),
}

pub async fn digest(
    kind: Kind,
    analytics: &Analytics,
    db: &Db,
    to: &Recipient<'_>,
) -> Result<Message, NotifyError> {
    match kind {
        Kind::Backlog => backlog(analytics, to.grant, to.locale).await,
        Kind::MyCases => my_cases(analytics, to.grant, to.locale).await,
        Kind::Risk => risk(analytics, db, to).await,
        _ => own_organisation(analytics, db, to).await,
    }
}

/// A value for a message: numbers and names go in as text, as they are written.
fn arg(value: impl ToString) -> FluentValue<'static> {
    FluentValue::from(value.to_string())
}

/// "Zaak R1: …" in `locale`.
fn case_text(locale: Locale, case_id: &str, what: String) -> String {
    t_with(locale, "mail-case", &[("case", arg(case_id)), ("what", what.into())])
}

/// The newest snapshot's figures as the grant may receive them.
pub async fn figures(analytics: &Analytics, grant: &Grant) -> Result<Figures, NotifyError> {
    let (_, figures) = analytics.figures(&grant.view(ViewQuery::default())).await?;
    Ok(grant.release(figures.as_ref().clone()))
}

async fn backlog(analytics: &Analytics, grant: &Grant, locale: Locale) -> Result<Message, NotifyError> {
    let figures = figures(analytics, grant).await?;
    let date = local_date(&figures.as_of, locale);
    let mut message = Message::new(locale, t_with(locale, "mail-backlog-subject", &[("date", date.into())]));
    message.text(t_with(locale, "mail-backlog-open", &[("count", arg(figures.open))]));
    message.text(t_with(locale, "mail-backlog-unassigned", &[("count", arg(figures.unassigned))]));
    if let Some(month) = &figures.oldest_open_month {
        let month = local_month(month, locale);
        message.text(t_with(locale, "mail-backlog-oldest-month", &[("month", month.into())]));
    }
    if let Some(forecast) = &figures.forecast {
        message.text(forecast_sentence(forecast, figures.open, locale));
    }
    let trend = analytics.trend(&Filters::default()).await?;
    let week_before = NaiveDate::parse_from_str(&figures.as_of, "%Y-%m-%d")
        .map(|d| (d - Duration::days(7)).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    match trend.iter().rev().find(|p| p.as_of <= week_before) {
        Some(before) => message.text(t_with(
            locale,
            "mail-backlog-since",
            &[
                ("date", local_date(&before.as_of, locale).into()),
                ("open", change(before.open, figures.open, locale).into()),
                ("unassigned", change(before.unassigned, figures.unassigned, locale).into()),
            ],
        )),
        None => message.text(t(locale, "mail-backlog-no-week-before")),
    }
    message.link(t(locale, "mail-to-overview"), "/");
    Ok(message)
}

/// "+12", "−3" or "gelijk".
fn change(before: u64, now: u64, locale: Locale) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", now - before),
        std::cmp::Ordering::Less => format!("\u{2212}{}", before - now),
        std::cmp::Ordering::Equal => t(locale, "mail-change-equal"),
    }
}

async fn rows(
    analytics: &Analytics,
    grant: &Grant,
    filters: Filters,
    params: QueueParams,
) -> Result<Vec<QueueRow>, NotifyError> {
    let query = grant.view(ViewQuery { filters, ..ViewQuery::default() });
    let params = grant.queue_params(QueueParams { page: 1, ..params });
    Ok(grant.release(analytics.queue_rows(&query, &params).await?.1))
}

/// A heading with its count: "Stilgevallen zaken (3)".
fn heading(message: &mut Message, key: &str, count: usize) {
    message.heading(format!("{} ({count})", t(message.locale, key)));
}

/// A part of a message: its heading with the count, and the first cases as links.
fn list(message: &mut Message, key: &str, rows: &[QueueRow], describe: impl Fn(&QueueRow) -> String) {
    let locale = message.locale;
    heading(message, key, rows.len());
    if rows.is_empty() {
        message.text(t(locale, "mail-none"));
    }
    for row in rows.iter().take(LISTED) {
        message.case(&row.case_id, case_text(locale, &row.case_id, describe(row)));
    }
    if rows.len() > LISTED {
        message.text(t_with(locale, "mail-more", &[("count", arg(rows.len() - LISTED))]));
    }
}

async fn my_cases(analytics: &Analytics, grant: &Grant, locale: Locale) -> Result<Message, NotifyError> {
    let mut message = Message::new(locale, t(locale, "mail-my-cases-subject"));
    let Some(name) = grant.consultant_name() else {
        message.text(t(locale, "mail-my-cases-no-name"));
        message.link(t(locale, "mail-to-queue"), "/werkvoorraad");
        return Ok(message);
    };
    let mine = Filters { consultant: Some(name.to_owned()), ..Filters::default() };
    let open = |row: &QueueRow| {
        t_with(locale, "mail-days-open", &[("days", days_text(row.days_open, locale).into())])
    };
    let stalled =
        rows(analytics, grant, mine.clone(), QueueParams { stalled: true, ..QueueParams::default() }).await?;
    list(&mut message, "mail-stalled", &stalled, open);
    let oldest = rows(analytics, grant, mine.clone(), QueueParams::default()).await?;
    message.heading(t(locale, "mail-oldest-open"));
    for row in oldest.iter().take(5) {
        message.case(&row.case_id, case_text(locale, &row.case_id, open(row)));
    }
    let forms = QueueParams { form: Some(FormState::ToAssess), ..QueueParams::default() };
    let waiting = rows(analytics, grant, mine, forms).await?;
    list(&mut message, "mail-forms-to-assess", &waiting, |_| t(locale, "mail-assess-form"));
    message.link(t(locale, "mail-to-queue"), "/werkvoorraad");
    Ok(message)
}

/// What an alert remembers a provider (organisation) by: its name, the same in every language.
pub fn provider_key(row: &ProviderRisk) -> String {
    row.provider.clone().unwrap_or_else(|| "Zonder aanbieder".to_owned())
}

/// The provider's (organisation's) name as the pages write it.
pub fn provider_name(row: &ProviderRisk, locale: Locale) -> String {
    row.provider.clone().unwrap_or_else(|| t(locale, "warning-no-provider"))
}

/// The risk per organisation as the grant may see it.
pub async fn risk_rows(
    analytics: &Analytics,
    db: &Db,
    grant: &Grant,
) -> Result<Vec<ProviderRisk>, NotifyError> {
    let figures = figures(analytics, grant).await?;
    Ok(by_organisation(figures.risk(), &db.organisations().await?))
}

async fn risk(analytics: &Analytics, db: &Db, to: &Recipient<'_>) -> Result<Message, NotifyError> {
    let locale = to.locale;
    let rows = risk_rows(analytics, db, to.grant).await?;
    let mut message = Message::new(locale, t(locale, "mail-risk-subject"));
    let (lapsed, amount) =
        (rows.iter().map(|r| r.lapsed).sum::<u64>(), rows.iter().map(|r| r.exposure_eur).sum::<f64>());
    message.text(t_with(
        locale,
        "mail-risk-totals",
        &[("lapsed", arg(lapsed)), ("amount", euros(amount, locale).into())],
    ));
    message.heading(t(locale, "mail-risk-over-thresholds"));
    let over = |r: &&ProviderRisk| {
        to.thresholds.0.is_some_and(|t| r.lapsed as i64 >= t)
            || to.thresholds.1.is_some_and(|t| r.exposure_eur >= t as f64)
    };
    match to.thresholds {
        (None, None) => message.text(t(locale, "mail-risk-no-thresholds")),
        _ => {
            let over: Vec<_> = rows.iter().filter(over).collect();
            if over.is_empty() {
                message.text(t(locale, "mail-none"));
            }
            for row in over {
                let values = [
                    ("provider", provider_name(row, locale).into()),
                    ("lapsed", arg(row.lapsed)),
                    ("amount", euros(row.exposure_eur, locale).into()),
                ];
                message.text(t_with(locale, "mail-risk-provider", &values));
            }
        }
    }
    let query = ProblemQuery { case_id: None, organisation_id: to.grant.organisation_id(), open_only: false };
    let new: Vec<_> =
        db.problems(&query).await?.into_iter().filter(|p| p.reported_at.as_str() > to.since).collect();
    heading(&mut message, "mail-risk-new-problems", new.len());
    for problem in new.iter().take(LISTED) {
        let date = local_date(&problem.reported_at[..10.min(problem.reported_at.len())], locale);
        let values = [
            ("case", arg(&problem.case_id)),
            ("organisation", arg(&problem.organisation)),
            ("date", date.into()),
        ];
        message.case(&problem.case_id, t_with(locale, "mail-risk-problem", &values));
    }
    message.link(t(locale, "mail-to-risk"), "/declaratierisico");
    Ok(message)
}

async fn own_organisation(
    analytics: &Analytics,
    db: &Db,
    to: &Recipient<'_>,
) -> Result<Message, NotifyError> {
    let (grant, locale) = (to.grant, to.locale);
    let mut message = Message::new(locale, t(locale, "mail-organisation-subject"));
    let warning = analytics.early_warning(&grant.view(ViewQuery::default())).await?;
    heading(&mut message, "mail-organisation-warning", warning.len());
    for case in warning.iter().take(LISTED) {
        let values = [
            ("case", arg(&case.case_id)),
            ("date", local_date(&case.last_day, locale).into()),
            ("left", case.days_left_text(locale).into()),
        ];
        message.case(&case.case_id, t_with(locale, "mail-organisation-last-day", &values));
    }
    let incomplete = QueueParams { form: Some(FormState::Incomplete), ..QueueParams::default() };
    let incomplete = rows(analytics, grant, Filters::default(), incomplete).await?;
    list(&mut message, "mail-organisation-incomplete", &incomplete, |_| {
        t(locale, "mail-organisation-complete-form")
    });
    let query = ProblemQuery { case_id: None, organisation_id: grant.organisation_id(), open_only: false };
    let closed: Vec<_> = db
        .problems(&query)
        .await?
        .into_iter()
        .filter(|p| p.closed_at.as_deref().is_some_and(|at| at > to.since))
        .collect();
    heading(&mut message, "mail-organisation-closed", closed.len());
    for problem in closed.iter().take(LISTED) {
        let text = t_with(locale, "mail-organisation-problem-closed", &[("case", arg(&problem.case_id))]);
        message.case(&problem.case_id, text);
    }
    message.link(t(locale, "mail-to-own-cases"), "/aanbieder");
    Ok(message)
}
