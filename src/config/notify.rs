//! The configuration of notices (spec/interfaces.md): the SMTP server and the sender, the
//! address that links in a mail start with, and how often the worker looks and retries.

use std::time::Duration;

use super::ConfigError;

/// How notices reach their users. (Its `Debug` leaves out the SMTP address: it may hold a password.)
#[derive(Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    /// SMTP_URL (`smtp://host:25`, `smtps://user:pass@host:465`); without it no mail is sent.
    pub smtp_url: Option<String>,
    /// MAIL_FROM: the sender, required with SMTP_URL.
    pub mail_from: Option<String>,
    /// WERKVOORRAAD_PUBLIC_URL: where users reach the application (links in mails).
    pub public_url: String,
    /// WERKVOORRAAD_NOTIFY_POLL_SECONDS: how often the worker looks for work (default 15).
    pub poll: Duration,
    /// WERKVOORRAAD_MAIL_RETRY_SECONDS: the first pause after a failed delivery (default 60);
    /// each next one doubles, up to an hour.
    pub retry: Duration,
    /// WERKVOORRAAD_RETENTION_JOB: `off` keeps this instance from running the daily retention
    /// job (another instance, or `werkvoorraad` run by hand, does it); `on` by default.
    pub retention_job: bool,
}

impl std::fmt::Debug for NotifyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifyConfig")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "(ingesteld)"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("poll", &self.poll)
            .field("retry", &self.retry)
            .field("retention_job", &self.retention_job)
            .finish()
    }
}

impl NotifyConfig {
    /// From the variables; `site_addr` gives the default public address.
    pub fn from_vars(
        get: impl Fn(&str) -> Option<String>,
        site_addr: std::net::SocketAddr,
    ) -> Result<Self, ConfigError> {
        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError::SmtpUrl);
            }
        }
        let mail_from = get("MAIL_FROM");
        match &mail_from {
            Some(from) if from.parse::<lettre::message::Mailbox>().is_err() => {
                return Err(ConfigError::MailFrom(from.clone()))
            }
            None if smtp_url.is_some() => return Err(ConfigError::MailFrom(String::new())),
            _ => {}
        }
        let public_url = get("WERKVOORRAAD_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::PublicUrl(public_url));
        }
        let seconds = |key: &str, default: f64| -> Result<Duration, ConfigError> {
            let Some(value) = get(key) else { return Ok(Duration::from_secs_f64(default)) };
            match value.replace(',', ".").parse::<f64>() {
                Ok(s) if (0.05..=86_400.0).contains(&s) => Ok(Duration::from_secs_f64(s)),
                _ => Err(ConfigError::Seconds { key: key.to_owned(), value }),
            }
        };
        Ok(NotifyConfig {
            smtp_url,
            mail_from,
            public_url: public_url.trim_end_matches('/').to_owned(),
            poll: seconds("WERKVOORRAAD_NOTIFY_POLL_SECONDS", 15.0)?,
            retry: seconds("WERKVOORRAAD_MAIL_RETRY_SECONDS", 60.0)?,
            retention_job: match get("WERKVOORRAAD_RETENTION_JOB").as_deref() {
                None | Some("on") => true,
                Some("off") => false,
                Some(other) => return Err(ConfigError::RetentionJob(other.to_owned())),
            },
        })
    }

    /// Whether mail is sent at all.
    pub fn mails(&self) -> bool {
        self.smtp_url.is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::config;
    use crate::config::ConfigError;

    #[test]
    fn mail_needs_a_sender_and_an_smtp_address() {
        let notify = config(&[]).unwrap().notify;
        assert!(!notify.mails());
        assert_eq!(notify.public_url, "http://127.0.0.1:3000");
        let notify =
            config(&[("SMTP_URL", "smtp://127.0.0.1:2525"), ("MAIL_FROM", "Werkvoorraad <wv@gemeente.nl>")])
                .unwrap()
                .notify;
        assert!(notify.mails());
        let secret =
            config(&[("SMTP_URL", "smtps://wv:geheim@h:465"), ("MAIL_FROM", "wv@gemeente.nl")]).unwrap();
        assert!(!format!("{secret:?}").contains("geheim"), "no password in Debug");
        assert_eq!(config(&[("SMTP_URL", "smtp://h:25")]).unwrap_err(), ConfigError::MailFrom(String::new()));
        assert_eq!(config(&[("SMTP_URL", "http://h")]).unwrap_err(), ConfigError::SmtpUrl);
        let err = config(&[("WERKVOORRAAD_MAIL_RETRY_SECONDS", "vaak")]).unwrap_err();
        assert!(err.to_string().contains("WERKVOORRAAD_MAIL_RETRY_SECONDS"), "{err}");
        let url =
            config(&[("WERKVOORRAAD_PUBLIC_URL", "https://wv.gemeente.nl/")]).unwrap().notify.public_url;
        assert_eq!(url, "https://wv.gemeente.nl");
    }

    #[test]
    fn the_retention_job_runs_unless_switched_off() {
        assert!(config(&[]).unwrap().notify.retention_job);
        assert!(!config(&[("WERKVOORRAAD_RETENTION_JOB", "off")]).unwrap().notify.retention_job);
        let err = config(&[("WERKVOORRAAD_RETENTION_JOB", "nee")]).unwrap_err();
        assert_eq!(err, ConfigError::RetentionJob("nee".into()));
    }
}
