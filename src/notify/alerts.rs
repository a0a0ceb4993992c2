//! The alerts, checked after every import: what is over a user's threshold in their own scope
//! now, and a message only for what was not over it after the import before.

use super::compose::{provider_name, risk_rows};
use super::NotifyError;
use crate::analytics::Analytics;
use crate::auth::guard::Grant;
use crate::domain::filters::{Filters, ViewQuery};
use crate::domain::notice::{Kind, Message};
use crate::domain::queue::QueueParams;
use crate::domain::report::euros;
use crate::store::Db;

/// What is over the threshold now: a key per item (a provider, or `*` for the waiting cases),
/// and the message that names them, for the keys given as new.
pub struct Reading {
    pub keys: Vec<String>,
    lines: Vec<(String, String)>,
    waiting: Vec<(String, i64)>,
}

pub async fn read(
    kind: Kind,
    threshold: i64,
    analytics: &Analytics,
    db: &Db,
    grant: &Grant,
) -> Result<Reading, NotifyError> {
    match kind {
        Kind::WaitingAlert => waiting(threshold, analytics, grant).await,
        _ => {
            let rows = risk_rows(analytics, db, grant).await?;
            let over = rows.iter().filter(|r| match kind {
                Kind::LapsedAlert => r.lapsed as i64 >= threshold,
                _ => r.exposure_eur >= threshold as f64 && r.exposure_eur > 0.0,
            });
            let lines = over
                .map(|r| {
                    let what = match kind {
                        Kind::LapsedAlert => format!("{} verlopen herindicaties", r.lapsed),
                        _ => format!("€ {} aan zorg zonder geldige indicatie", euros(r.exposure_eur)),
                    };
                    (provider_name(r), what)
                })
                .collect::<Vec<_>>();
            Ok(Reading { keys: lines.iter().map(|(k, _)| k.clone()).collect(), lines, waiting: Vec::new() })
        }
    }
}

async fn waiting(weeks: i64, analytics: &Analytics, grant: &Grant) -> Result<Reading, NotifyError> {
    let query = grant.view(ViewQuery { filters: Filters::default(), ..ViewQuery::default() });
    let params = QueueParams { status: Some("niet-opgepakt".to_owned()), page: 1, ..QueueParams::default() };
    let (_, rows) = analytics.queue_rows(&query, &grant.queue_params(params)).await?;
    let waiting: Vec<_> =
        rows.into_iter().filter(|r| r.days_open > weeks * 7).map(|r| (r.case_id, r.days_open)).collect();
    let keys = if waiting.is_empty() { Vec::new() } else { vec!["*".to_owned()] };
    Ok(Reading { keys, lines: Vec::new(), waiting })
}

impl Reading {
    /// The message for what crossed the threshold since `before`, if anything did.
    pub fn message(&self, kind: Kind, threshold: i64, before: &[String]) -> Option<Message> {
        let new: Vec<&String> = self.keys.iter().filter(|k| !before.contains(k)).collect();
        if new.is_empty() {
            return None;
        }
        let name = kind.name(crate::i18n::Locale::Nl).to_lowercase();
        let mut message = Message::new(format!("Werkvoorraad: {name}"));
        if kind == Kind::WaitingAlert {
            message.text(format!(
                "{} zaken zijn nog niet opgepakt en wachten langer dan {threshold} weken.",
                self.waiting.len()
            ));
            for (case_id, days) in self.waiting.iter().take(10) {
                message.case(case_id, format!("Zaak {case_id}: {days} dagen open"));
            }
            message.link("Naar de zaken die nog niet zijn opgepakt", "/werkvoorraad?status=niet-opgepakt");
            return Some(message);
        }
        let unit = if kind == Kind::LapsedAlert {
            threshold.to_string()
        } else {
            format!("€ {}", euros(threshold as f64))
        };
        message
            .text(format!("Deze aanbieders kwamen na de laatste import op of boven uw drempel van {unit}:"));
        for (provider, what) in self.lines.iter().filter(|(k, _)| new.contains(&k)) {
            message.text(format!("{provider}: {what}"));
        }
        message.link("Naar Declaratierisico", "/declaratierisico");
        Some(message)
    }
}
