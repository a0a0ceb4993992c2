//! Delivery of notices (spec/notifications.md) through a real SMTP server on loopback: mail
//! waits while the server is down, a mail refused for good is on Beheer, two instances send each
//! message once, nothing is mailed without SMTP_URL, and a digest goes out at its hour.
#![cfg(feature = "ssr")]

mod common;
use std::time::{Duration, Instant};

use common::notify::{choose, import, mail_vars, scalar, send_digests_now, server_with, settled, EXPORT};
use common::smtp::SmtpServer;
use common::{email, TestServer};
use werkvoorraad::domain::access::{LogFilter, Role};
use werkvoorraad::i18n::Locale;

#[test]
fn mail_waits_while_the_smtp_server_is_down_and_goes_out_when_it_is_back() {
    common::run(async {
        let mut smtp = SmtpServer::start();
        smtp.stop();
        let server = server_with(&mail_vars(smtp.url())).await;
        import(&server, EXPORT, "2025-06-26").await;
        choose(&server, &email(Role::TeamLead), &[("backlog", "mail")]).await;
        send_digests_now(&server).await;
        let start = Instant::now();
        while scalar(&server, "SELECT COALESCE(MAX(attempts), 0) FROM notices").await < 2 {
            assert!(start.elapsed() < Duration::from_secs(30), "the worker did not try");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM notices WHERE mail = 'waiting'").await, 1);
        let error: String =
            sqlx::query_scalar("SELECT error FROM notices").fetch_one(server.db.pool()).await.expect("error");
        assert!(!error.is_empty());
        smtp.restart();
        let messages = smtp.wait_for(1).await;
        assert_eq!(messages.len(), 1);
        settled(&server).await;
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM notices WHERE mail = 'sent'").await, 1);
    })
}

#[test]
fn a_mail_refused_for_good_is_shown_to_the_admin() {
    common::run(async {
        let smtp = SmtpServer::start();
        let mut server = server_with(&mail_vars(smtp.url())).await;
        let refused = "geweigerd@gemeente.test";
        werkvoorraad::auth::add_user(&server.db, refused, Role::TeamLead, None, common::PASSWORD)
            .await
            .expect("user");
        import(&server, EXPORT, "2025-06-26").await;
        choose(&server, refused, &[("backlog", "mail")]).await;
        send_digests_now(&server).await;
        settled(&server).await;
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM notices WHERE mail = 'refused'").await, 1);
        assert!(smtp.messages().is_empty());
        server.sign_in_as(Role::Admin).await;
        let (_, page) = server.get("/beheer").await;
        let section = page.split(r#"data-testid="refused-mail""#).nth(1).unwrap_or_default();
        assert!(section.contains(refused) && section.contains("550"), "{section}");
        let log = server.db.access_log(&LogFilter::default(), 100).await.expect("log");
        assert!(!log.iter().any(|l| l.action == "mail verstuurd"), "refused, so not sent");
    })
}

#[test]
fn two_instances_send_each_message_once() {
    common::run(async {
        let smtp = SmtpServer::start();
        let vars = mail_vars(smtp.url());
        let first = server_with(&vars).await;
        let second = TestServer::beside_with(&first, &vars).await;
        choose(&first, &email(Role::TeamLead), &[("backlog", "mail")]).await;
        choose(
            &first,
            &email(Role::ContractManager),
            &[("risk", "mail"), ("alert_lapsed", "mail"), ("alert_lapsed_threshold", "1")],
        )
        .await;
        import(&second, EXPORT, "2025-06-26").await;
        send_digests_now(&first).await;
        send_digests_now(&second).await;
        settled(&first).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let messages = smtp.messages();
        let subjects: Vec<_> = messages.iter().map(|m| (m.to.join(","), m.subject.clone())).collect();
        // Two presses (one per instance) are two turns: 2 × backlog, 2 × risk, and one alert.
        assert_eq!(messages.len(), 5, "{subjects:?}");
        let alerts = messages.iter().filter(|m| m.subject.contains("waarschuwing")).count();
        assert_eq!(alerts, 1, "{subjects:?}");
        assert_eq!(scalar(&first, "SELECT COUNT(*) FROM notices").await, 5);
    })
}

#[test]
fn without_smtp_nothing_is_mailed_and_the_pages_say_so() {
    common::run(async {
        let vars = [("WERKVOORRAAD_NOTIFY_POLL_SECONDS", "0.1".to_owned())];
        let server = server_with(&vars).await;
        import(&server, EXPORT, "2025-06-26").await;
        choose(&server, &email(Role::TeamLead), &[("backlog", "mail")]).await;
        send_digests_now(&server).await;
        settled(&server).await;
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM notices WHERE mail = 'none'").await, 1);
        let (_, settings) = server.get("/instellingen").await;
        let status = settings.split(r#"data-testid="mail-status""#).nth(1).unwrap_or_default();
        assert!(status.contains("SMTP_URL is niet ingesteld"), "{status}");
        let (_, page) = server.get("/meldingen").await;
        assert!(page.contains(r#"data-testid="mail-off""#));
        assert!(page.contains("weekoverzicht"), "the notice is on Meldingen");
    })
}

#[test]
fn a_digest_goes_out_at_its_hour_in_amsterdam() {
    common::run(async {
        let vars = [("WERKVOORRAAD_NOTIFY_POLL_SECONDS", "0.1".to_owned())];
        let server = server_with(&vars).await;
        import(&server, EXPORT, "2025-06-26").await;
        choose(&server, &email(Role::TeamLead), &[("backlog", "app")]).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(scalar(&server, "SELECT COUNT(*) FROM notices").await, 0, "Monday 08:00 is not now");
        let now = werkvoorraad::notify::schedule::current(chrono::Utc::now());
        let (day, hour) = (now.weekday.to_string(), now.hour.to_string());
        let (status, _) = server
            .post_form("/instellingen", &[("schedule_day:backlog", &day), ("schedule_hour:backlog", &hour)])
            .await;
        assert_eq!(status, 303);
        let start = Instant::now();
        while scalar(&server, "SELECT COUNT(*) FROM notices").await == 0 {
            assert!(start.elapsed() < Duration::from_secs(30), "no digest at its hour");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            scalar(&server, "SELECT COUNT(*) FROM notices").await,
            1,
            "one turn, however often the worker looks"
        );
    })
}

/// Neither a sentence of the Dutch catalogue nor its `lang`: the received part in English.
fn assert_english(part: &str) {
    // The addresses of the links are the site's own paths (`/zaak/…`), no text.
    let words: Vec<&str> = part.split_whitespace().filter(|word| !word.contains("https://")).collect();
    let part = &words.join(" ");
    assert_eq!(
        common::catalogue::dutch_left(&format!("<main>{part}</main>")),
        Vec::<String>::new(),
        "{part}"
    );
    for dutch in ["Zaak ", "Naar ", "Geen.", "Werkvoorraad op", "verlopen", "Meldingen:"] {
        assert!(!part.contains(dutch), "{dutch} in {part}");
    }
}

/// A page with the session `cookie`.
async fn page_as(server: &TestServer, cookie: &str, path: &str) -> String {
    let response = common::client().get(format!("http://{}{path}", server.addr)).header("cookie", cookie);
    response.send().await.expect("get").text().await.expect("page")
}

#[test]
fn each_recipient_gets_mail_and_notices_in_their_own_language() {
    common::run(async {
        let smtp = SmtpServer::start();
        let server = server_with(&mail_vars(smtp.url())).await;
        for role in [Role::TeamLead, Role::ContractManager, Role::Provider] {
            let user = server.db.user_by_email(&email(role)).await.expect("query").expect("user");
            server.db.set_locale(user.id, Locale::En).await.expect("locale");
        }
        let lead = [("backlog", "mail"), ("alert_waiting", "mail"), ("alert_waiting_threshold", "2")];
        choose(&server, &email(Role::TeamLead), &lead).await;
        choose(&server, &email(Role::Consultant), &[("my_cases", "mail")]).await;
        let manager = [("risk", "mail"), ("alert_lapsed", "mail"), ("alert_lapsed_threshold", "1")];
        choose(&server, &email(Role::ContractManager), &manager).await;
        choose(&server, &email(Role::Provider), &[("own_organisation", "mail")]).await;
        import(&server, EXPORT, "2025-06-26").await;
        settled(&server).await;
        send_digests_now(&server).await;
        settled(&server).await;
        let messages = smtp.wait_for(6).await;
        let subjects: Vec<_> = messages.iter().map(|m| (m.to.join(","), m.subject.clone())).collect();
        assert_eq!(messages.len(), 6, "{subjects:?}");
        for message in &messages {
            let english = message.to != [email(Role::Consultant)];
            if english {
                for part in [&message.subject, &message.text, &message.html] {
                    assert_english(part);
                }
                assert!(message.html.starts_with(r#"<!DOCTYPE html><html lang="en">"#), "{}", message.html);
                assert!(message.text.contains("https://werkvoorraad.test/meldingen"), "{}", message.text);
            } else {
                assert_eq!(message.subject, "Werkvoorraad: uw zaken");
                assert!(
                    message.text.contains("Zaak R2") && message.text.contains("Meldingen:"),
                    "{}",
                    message.text
                );
                assert!(message.html.starts_with(r#"<!DOCTYPE html><html lang="nl">"#), "{}", message.html);
            }
        }
        let to = |role| messages.iter().filter(move |m| m.to == [email(role)]);
        let backlog = to(Role::TeamLead).find(|m| m.subject.contains("weekly")).expect("the backlog");
        assert!(
            backlog.subject.contains("26 Jun 2025") && backlog.text.contains("Open cases: "),
            "{backlog:?}"
        );
        assert!(to(Role::TeamLead).any(|m| m.text.contains("waiting longer than 2 weeks")), "{subjects:?}");
        assert!(to(Role::ContractManager).any(|m| m.text.contains("Anders BV: 1 lapsed")), "{subjects:?}");
        assert!(to(Role::Provider).all(|m| m.text.contains("Case R1")), "{subjects:?}");

        // On Meldingen each notice is marked with the language it was written in.
        let lead = server.session_for(&email(Role::TeamLead)).await.expect("sign-in");
        let page = page_as(&server, &lead, "/meldingen").await;
        assert_eq!(common::catalogue::dutch_left(&page), Vec::<String>::new());
        assert!(page.contains("<h3>Backlog on 26 Jun 2025: weekly digest</h3>"), "{page}");
        let consultant = server.session_for(&email(Role::Consultant)).await.expect("sign-in");
        assert_eq!(server.post_form_as(&consultant, "/taal", &[("taal", "en"), ("terug", "/")]).await.0, 303);
        let page = page_as(&server, &consultant, "/meldingen").await;
        assert!(page.contains(r#"<h3 lang="nl">Werkvoorraad: uw zaken</h3>"#), "{page}");
        assert_eq!(common::catalogue::dutch_left(&page), Vec::<String>::new());
    })
}
