//! The alerts, checked after every import: what is over a user's threshold in their own scope
//! now, and a message only for what was not over it after the import before.

use super::compose::{provider_key, provider_name, risk_rows};
use super::NotifyError;
use crate::analytics::Analytics;
use crate::auth::guard::Grant;
use crate::domain::dates::days_text;
use crate::domain::figures::ProviderRisk;
use crate::domain::filters::{Filters, ViewQuery};
use crate::domain::notice::{Kind, Message};
use crate::domain::queue::QueueParams;
use crate::domain::report::euros;
use crate::i18n::{t, t_with, Locale};
use crate::store::Db;

/// What is over the threshold now: a key per item (a provider, or `*` for the waiting cases),
/// and what the message names, for the keys given as new.
pub struct Reading {
    pub keys: Vec<String>,
    over: Vec<ProviderRisk>,
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
            let over: Vec<ProviderRisk> = rows
                .into_iter()
                .filter(|r| match kind {
                    Kind::LapsedAlert => r.lapsed as i64 >= threshold,
                    _ => r.exposure_eur >= threshold as f64 && r.exposure_eur > 0.0,
                })
                .collect();
            Ok(Reading { keys: over.iter().map(provider_key).collect(), over, waiting: Vec::new() })
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
    Ok(Reading { keys, over: Vec::new(), waiting })
}

impl Reading {
    /// The message, in `locale`, for what crossed the threshold since `before`, if anything did.
    pub fn message(&self, kind: Kind, threshold: i64, before: &[String], locale: Locale) -> Option<Message> {
        let new: Vec<&String> = self.keys.iter().filter(|k| !before.contains(k)).collect();
        if new.is_empty() {
            return None;
        }
        let name = kind.name(locale).to_lowercase();
        let mut message =
            Message::new(locale, t_with(locale, "mail-alert-subject", &[("name", name.into())]));
        if kind == Kind::WaitingAlert {
            let (count, weeks) = (self.waiting.len().to_string(), threshold.to_string());
            message.text(t_with(
                locale,
                "mail-alert-waiting",
                &[("count", count.into()), ("weeks", weeks.into())],
            ));
            for (case_id, days) in self.waiting.iter().take(10) {
                let open = t_with(locale, "mail-days-open", &[("days", days_text(*days, locale).into())]);
                let text =
                    t_with(locale, "mail-case", &[("case", case_id.as_str().into()), ("what", open.into())]);
                message.case(case_id, text);
            }
            message.link(t(locale, "mail-alert-to-waiting"), "/werkvoorraad?status=niet-opgepakt");
            return Some(message);
        }
        let unit = if kind == Kind::LapsedAlert {
            threshold.to_string()
        } else {
            format!("€ {}", euros(threshold as f64, locale))
        };
        message.text(t_with(locale, "mail-alert-providers", &[("threshold", unit.into())]));
        for row in self.over.iter().filter(|r| new.contains(&&provider_key(r))) {
            let what = match kind {
                Kind::LapsedAlert => {
                    t_with(locale, "mail-alert-lapsed-what", &[("count", row.lapsed.to_string().into())])
                }
                _ => t_with(
                    locale,
                    "mail-alert-euros-what",
                    &[("amount", euros(row.exposure_eur, locale).into())],
                ),
            };
            message.text(format!("{}: {what}", provider_name(row, locale)));
        }
        message.link(t(locale, "mail-to-risk"), "/declaratierisico");
        Some(message)
    }
}
