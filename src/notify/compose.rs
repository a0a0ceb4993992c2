//! The four digests, each built from the figures its recipient's grant may see: the team
//! lead's backlog, a consultant's own cases, contract management's risk, a provider's organisation.

use chrono::{Duration, NaiveDate};

use super::NotifyError;
use crate::analytics::Analytics;
use crate::auth::guard::Grant;
use crate::domain::figures::{by_organisation, Figures, ProviderRisk};
use crate::domain::filters::{Filters, ViewQuery};
use crate::domain::forms::FormState;
use crate::domain::notice::{Kind, Message};
use crate::domain::queue::{QueueParams, QueueRow};
use crate::domain::report::{dutch_date, euros, forecast_sentence, month_name};
use crate::store::problems::ProblemQuery;
use crate::store::Db;

/// Cases listed per part of a message; the rest are counted.
const LISTED: usize = 10;

/// What a digest is made from: the recipient's grant, and since when "new" counts.
pub struct Recipient<'a> {
    pub grant: &'a Grant,
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
        Kind::Backlog => backlog(analytics, to.grant).await,
        Kind::MyCases => my_cases(analytics, to.grant).await,
        Kind::Risk => risk(analytics, db, to).await,
        _ => own_organisation(analytics, db, to).await,
    }
}

/// The newest snapshot's figures as the grant may receive them.
pub async fn figures(analytics: &Analytics, grant: &Grant) -> Result<Figures, NotifyError> {
    let (_, figures) = analytics.figures(&grant.view(ViewQuery::default())).await?;
    Ok(grant.release(figures.as_ref().clone()))
}

async fn backlog(analytics: &Analytics, grant: &Grant) -> Result<Message, NotifyError> {
    let figures = figures(analytics, grant).await?;
    let mut message = Message::new(format!("Werkvoorraad op {}: weekoverzicht", dutch_date(&figures.as_of)));
    message.text(format!("Open zaken: {}", figures.open));
    message.text(format!("Nog niet opgepakt: {}", figures.unassigned));
    if let Some(month) = &figures.oldest_open_month {
        message.text(format!("Oudste maand die nog open is: {}", month_name(month)));
    }
    if let Some(forecast) = &figures.forecast {
        message.text(forecast_sentence(forecast, figures.open, crate::i18n::Locale::Nl));
    }
    let trend = analytics.trend(&Filters::default()).await?;
    let week_before = NaiveDate::parse_from_str(&figures.as_of, "%Y-%m-%d")
        .map(|d| (d - Duration::days(7)).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    match trend.iter().rev().find(|p| p.as_of <= week_before) {
        Some(before) => message.text(format!(
            "Sinds {}: open {}, niet opgepakt {}.",
            dutch_date(&before.as_of),
            change(before.open, figures.open),
            change(before.unassigned, figures.unassigned)
        )),
        None => message.text("Er is nog geen export van een week of langer geleden om mee te vergelijken."),
    }
    message.link("Naar het overzicht", "/");
    Ok(message)
}

/// "+12", "−3" or "gelijk".
fn change(before: u64, now: u64) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", now - before),
        std::cmp::Ordering::Less => format!("\u{2212}{}", before - now),
        std::cmp::Ordering::Equal => "gelijk".to_owned(),
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

/// A part of a message: its heading with the count, and the first cases as links.
fn list(message: &mut Message, heading: &str, rows: &[QueueRow], describe: impl Fn(&QueueRow) -> String) {
    message.heading(format!("{heading} ({})", rows.len()));
    if rows.is_empty() {
        message.text("Geen.");
    }
    for row in rows.iter().take(LISTED) {
        message.case(&row.case_id, format!("Zaak {}: {}", row.case_id, describe(row)));
    }
    if rows.len() > LISTED {
        message.text(format!("En nog {} meer.", rows.len() - LISTED));
    }
}

async fn my_cases(analytics: &Analytics, grant: &Grant) -> Result<Message, NotifyError> {
    let mut message = Message::new("Werkvoorraad: uw zaken");
    let Some(name) = grant.consultant_name() else {
        message.text(
            "De beheerder heeft nog niet ingesteld welke naam in de export de uwe is. Vraag het de \
             beheerder; daarna staan uw zaken in dit bericht.",
        );
        message.link("Naar de werkvoorraad", "/werkvoorraad");
        return Ok(message);
    };
    let mine = Filters { consultant: Some(name.to_owned()), ..Filters::default() };
    let open = |row: &QueueRow| format!("{} dagen open", row.days_open);
    let stalled =
        rows(analytics, grant, mine.clone(), QueueParams { stalled: true, ..QueueParams::default() }).await?;
    list(&mut message, "Stilgevallen zaken", &stalled, open);
    let oldest = rows(analytics, grant, mine.clone(), QueueParams::default()).await?;
    message.heading("Uw oudste open zaken");
    for row in oldest.iter().take(5) {
        message.case(&row.case_id, format!("Zaak {}: {}", row.case_id, open(row)));
    }
    let forms = QueueParams { form: Some(FormState::ToAssess), ..QueueParams::default() };
    let waiting = rows(analytics, grant, mine, forms).await?;
    list(&mut message, "Formulieren die op uw beoordeling wachten", &waiting, |_| {
        "formulier beoordelen".to_owned()
    });
    message.link("Naar de werkvoorraad", "/werkvoorraad");
    Ok(message)
}

/// The provider's (organisation's) name as the pages write it.
pub fn provider_name(row: &ProviderRisk) -> String {
    row.provider.clone().unwrap_or_else(|| "Zonder aanbieder".to_owned())
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
    let rows = risk_rows(analytics, db, to.grant).await?;
    let mut message = Message::new("Werkvoorraad: declaratierisico");
    let (lapsed, amount) =
        (rows.iter().map(|r| r.lapsed).sum::<u64>(), rows.iter().map(|r| r.exposure_eur).sum::<f64>());
    message.text(format!(
        "Verlopen herindicaties: {lapsed}; zorg zonder geldige indicatie: € {}.",
        euros(amount)
    ));
    message.heading("Aanbieders boven uw drempels");
    let over = |r: &&ProviderRisk| {
        to.thresholds.0.is_some_and(|t| r.lapsed as i64 >= t)
            || to.thresholds.1.is_some_and(|t| r.exposure_eur >= t as f64)
    };
    match to.thresholds {
        (None, None) => message.text("U heeft geen drempels ingesteld. Dat kan op de pagina Meldingen."),
        _ => {
            let over: Vec<_> = rows.iter().filter(over).collect();
            if over.is_empty() {
                message.text("Geen.");
            }
            for row in over {
                message.text(format!(
                    "{}: {} verlopen, € {}",
                    provider_name(row),
                    row.lapsed,
                    euros(row.exposure_eur)
                ));
            }
        }
    }
    let query = ProblemQuery { case_id: None, organisation_id: to.grant.organisation_id(), open_only: false };
    let new: Vec<_> =
        db.problems(&query).await?.into_iter().filter(|p| p.reported_at.as_str() > to.since).collect();
    message.heading(format!("Nieuwe declaratieproblemen ({})", new.len()));
    for problem in new.iter().take(LISTED) {
        let text = format!(
            "Zaak {} ({}), gemeld op {}",
            problem.case_id,
            problem.organisation,
            dutch_date(&problem.reported_at[..10.min(problem.reported_at.len())])
        );
        message.case(&problem.case_id, text);
    }
    message.link("Naar Declaratierisico", "/declaratierisico");
    Ok(message)
}

async fn own_organisation(
    analytics: &Analytics,
    db: &Db,
    to: &Recipient<'_>,
) -> Result<Message, NotifyError> {
    let grant = to.grant;
    let mut message = Message::new("Werkvoorraad: overzicht van uw organisatie");
    let warning = analytics.early_warning(&grant.view(ViewQuery::default())).await?;
    message.heading(format!(
        "Herindicaties met de laatste dag om te handelen binnen 4 weken ({})",
        warning.len()
    ));
    for case in warning.iter().take(LISTED) {
        let text = format!(
            "Zaak {}: laatste dag {} ({})",
            case.case_id,
            dutch_date(&case.last_day),
            case.days_left_text(crate::i18n::Locale::Nl)
        );
        message.case(&case.case_id, text);
    }
    let incomplete = QueueParams { form: Some(FormState::Incomplete), ..QueueParams::default() };
    let incomplete = rows(analytics, grant, Filters::default(), incomplete).await?;
    list(&mut message, "Evaluatieformulieren die onvolledig zijn", &incomplete, |_| {
        "vul het formulier aan".to_owned()
    });
    let query = ProblemQuery { case_id: None, organisation_id: grant.organisation_id(), open_only: false };
    let closed: Vec<_> = db
        .problems(&query)
        .await?
        .into_iter()
        .filter(|p| p.closed_at.as_deref().is_some_and(|at| at > to.since))
        .collect();
    message.heading(format!("Afgehandelde meldingen ({})", closed.len()));
    for problem in closed.iter().take(LISTED) {
        message.case(&problem.case_id, format!("Zaak {}: uw melding is afgehandeld", problem.case_id));
    }
    message.link("Naar Mijn zaken", "/aanbieder");
    Ok(message)
}
