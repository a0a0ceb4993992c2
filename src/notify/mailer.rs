//! Sending one mail through the SMTP server of `SMTP_URL` (lettre): plain text with a simple
//! HTML alternative; a failure says whether trying again can help.

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::NotifyConfig;

/// Why a mail did not go out.
#[derive(Debug)]
pub enum SendError {
    /// The server is unreachable or asks to try later (4xx).
    Transient(String),
    /// Refused for good (5xx, or an address that cannot be written).
    Permanent(String),
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The mailer of the configuration; `None` without SMTP_URL (or with values the
    /// configuration would have refused).
    pub fn new(config: &NotifyConfig) -> Option<Mailer> {
        let url = config.smtp_url.as_deref()?;
        let from = config.mail_from.as_deref()?.parse().ok()?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .ok()?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Some(Mailer { transport, from })
    }

    pub async fn send(&self, to: &str, subject: &str, text: String, html: String) -> Result<(), SendError> {
        let to: Mailbox = to.parse().map_err(|_| SendError::Permanent("ongeldig e-mailadres".to_owned()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}
