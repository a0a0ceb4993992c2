//! Digests and alerts (spec/notifications.md) through the real server and a real SMTP server on
//! loopback (tests/smtp_server.py): what each role receives and nothing outside its scope, one
//! message per crossing, mail that waits for a server that is down, a mail refused for good on
//! Beheer, one message with two instances, nothing for who did not choose it, and the schedule.
#![cfg(feature = "ssr")]

mod common;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::smtp::{Received, SmtpServer};
use common::{backends, email, TestServer};
use werkvoorraad::domain::access::{LogFilter, Role};

/// As of 26-06-2025: R1 and R2 (Leger des Heils) and R5 (Anders BV) on the early-warning list,
/// R4 (Anders BV) lapsed, R2 Jansen's, R5 and R6 Bakker's.
const EXPORT: &[u8] = include_bytes!("fixtures/early-warning.csv");
const OTHER_PROVIDER: &str = "andere@aanbieder.test";

fn mail_vars(smtp_url: String) -> Vec<(&'static str, String)> {
    vec![
        ("SMTP_URL", smtp_url),
        ("MAIL_FROM", "Werkvoorraad <werkvoorraad@gemeente.test>".to_owned()),
        ("WERKVOORRAAD_PUBLIC_URL", "https://werkvoorraad.test".to_owned()),
        ("WERKVOORRAAD_NOTIFY_POLL_SECONDS", "0.1".to_owned()),
        ("WERKVOORRAAD_MAIL_RETRY_SECONDS", "0.2".to_owned()),
    ]
}

async fn server_with(vars: &[(&str, String)]) -> TestServer {
    let server = TestServer::start_with(backends::engine(), vars).await.expect("a database");
    let now = werkvoorraad::auth::timestamp(chrono::Utc::now());
    let other = server.db.ensure_organisation("Anders BV", &now).await.expect("organisation");
    server.db.link_export_name("Anders BV", other).await.expect("link");
    let consultant = server.db.user_by_email(&email(Role::Consultant)).await.expect("query").expect("user");
    assert!(server.db.set_consultant_name(consultant.id, Some("Jansen")).await.expect("name"));
    server
}

/// `user` saves these choices on Meldingen.
async fn choose(server: &TestServer, user: &str, form: &[(&str, &str)]) {
    let cookie = server.session_for(user).await.expect("sign-in");
    let (status, location) = server.post_form_as(&cookie, "/meldingen", form).await;
    assert_eq!(status, 303);
    assert!(location.contains("melding="), "saved: {location}");
}

async fn import(server: &TestServer, bytes: &[u8], as_of: &str) {
    let (status, body) = server.post_import("/api/v1/imports", bytes, as_of).await;
    assert_eq!(status, 201, "{body}");
}

async fn scalar(server: &TestServer, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(server.db.pool()).await.expect("count")
}

/// Waits (at most 30 s) until every cause became notices and no mail waits any more.
async fn settled(server: &TestServer) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        let open = scalar(server, "SELECT COUNT(*) FROM notice_causes WHERE done_at IS NULL").await;
        let waiting = scalar(server, "SELECT COUNT(*) FROM notices WHERE mail = 'waiting'").await;
        if open == 0 && waiting == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the notices did not settle within 30 s");
}

async fn send_digests_now(server: &TestServer) {
    let (status, location) = server.post_form("/instellingen/overzichten", &[]).await;
    assert_eq!(status, 303, "{location}");
}

fn by_recipient(messages: Vec<Received>) -> HashMap<String, Received> {
    messages.into_iter().map(|m| (m.to.join(","), m)).collect()
}

/// Neither a client number of the export nor a BSN, in the text or the HTML.
fn assert_no_client_data(message: &Received) {
    for part in [&message.text, &message.html] {
        let words: Vec<&str> = part.split(|c: char| !c.is_alphanumeric()).collect();
        for client in ["C1", "C2", "C3", "C4", "C5", "C6", "C7"] {
            assert!(!words.contains(&client), "client number {client} in {part}");
        }
    }
}

#[test]
fn each_role_receives_its_own_digest_with_nothing_outside_its_scope() {
    common::run(async {
        let smtp = SmtpServer::start();
        let server = server_with(&mail_vars(smtp.url())).await;
        werkvoorraad::auth::add_user(
            &server.db,
            "stil@gemeente.test",
            Role::TeamLead,
            None,
            common::PASSWORD,
        )
        .await
        .expect("user");
        werkvoorraad::auth::add_user(
            &server.db,
            "hier@gemeente.test",
            Role::TeamLead,
            None,
            common::PASSWORD,
        )
        .await
        .expect("user");
        import(&server, EXPORT, "2025-06-26").await;
        choose(&server, &email(Role::TeamLead), &[("backlog", "mail")]).await;
        choose(&server, &email(Role::Consultant), &[("my_cases", "mail")]).await;
        choose(&server, &email(Role::ContractManager), &[("risk", "mail")]).await;
        choose(&server, &email(Role::Provider), &[("own_organisation", "mail"), ("backlog", "mail")]).await;
        choose(&server, OTHER_PROVIDER, &[("own_organisation", "mail")]).await;
        choose(&server, "hier@gemeente.test", &[("backlog", "app")]).await;
        send_digests_now(&server).await;
        let messages = smtp.wait_for(5).await;
        settled(&server).await;
        let mail = by_recipient(smtp.messages());
        assert_eq!(messages.len(), 5, "{:?}", mail.keys());
        assert!(!mail.contains_key("stil@gemeente.test") && !mail.contains_key("hier@gemeente.test"));

        let (_, metrics) = server.json("/api/v1/metrics").await;
        let lead = &mail[&email(Role::TeamLead)];
        assert!(lead.subject.contains("weekoverzicht"), "{}", lead.subject);
        assert!(lead.text.contains(&format!("Open zaken: {}", metrics["open"])), "{}", lead.text);
        assert!(
            lead.text.contains(&format!("Nog niet opgepakt: {}", metrics["unassigned"])),
            "{}",
            lead.text
        );
        assert!(lead.text.contains("Er is nog geen export van een week of langer geleden"), "{}", lead.text);
        assert!(
            lead.html.contains(r#"<a href="https://werkvoorraad.test/">Naar het overzicht</a>"#),
            "{}",
            lead.html
        );
        assert!(lead.text.contains("https://werkvoorraad.test/meldingen"), "how to stop: {}", lead.text);

        let consultant = &mail[&email(Role::Consultant)];
        assert!(consultant.text.contains("Zaak R2"), "Jansen's own case: {}", consultant.text);
        assert!(!consultant.text.contains("Zaak R5"), "Bakker's case: {}", consultant.text);

        let manager = &mail[&email(Role::ContractManager)];
        assert!(manager.text.contains("Verlopen herindicaties: 1"), "{}", manager.text);
        let provider = &mail[&email(Role::Provider)];
        assert!(provider.text.contains("Zaak R1") && provider.text.contains("Zaak R2"), "{}", provider.text);
        let other = &mail[OTHER_PROVIDER];
        assert!(other.text.contains("Zaak R5"), "{}", other.text);
        for (own, foreign) in [(provider, ["R4", "R5", "R6"]), (other, ["R1", "R2", "R3"])] {
            for case in foreign {
                assert!(
                    !own.text.contains(case) && !own.html.contains(case),
                    "{case} of another organisation: {}",
                    own.text
                );
            }
        }
        for message in mail.values() {
            assert_no_client_data(message);
        }
        for message in [manager, provider, other] {
            for staff in ["Jansen", "Bakker", "@gemeente.test"] {
                assert!(
                    !message.text.contains(staff) && !message.html.contains(staff),
                    "{staff} in {}",
                    message.text
                );
            }
        }

        let log = server.db.access_log(&LogFilter::default(), 500).await.expect("log");
        let sent: Vec<_> = log.iter().filter(|l| l.action == "mail verstuurd").collect();
        assert_eq!(sent.len(), 5);
        let to_provider =
            sent.iter().find(|l| l.email.as_deref() == Some(email(Role::Provider).as_str())).expect("line");
        assert_eq!(to_provider.case_id.as_deref(), Some("R1,R2"));
        assert_eq!(to_provider.detail.as_deref(), Some("Overzicht van uw organisatie"));

        let here = server.session_for("hier@gemeente.test").await.expect("sign-in");
        let page = common::client()
            .get(format!("http://{}/meldingen", server.addr))
            .header("cookie", here)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("page");
        let list = page.split(r#"data-testid="notice-list""#).nth(1).unwrap_or_default();
        assert!(list.contains("weekoverzicht") && list.contains("alleen hier"), "{list}");
    })
}

/// The export with one line changed (another file, the same figures but for `line`).
fn variant(find: &str, replace: &str) -> Vec<u8> {
    let text = String::from_utf8(EXPORT.to_vec()).expect("utf-8");
    assert!(text.contains(find));
    text.replace(find, replace).into_bytes()
}

#[test]
fn a_threshold_crossed_gives_one_message_until_it_is_crossed_again() {
    common::run(async {
        let smtp = SmtpServer::start();
        let server = server_with(&mail_vars(smtp.url())).await;
        let manager = email(Role::ContractManager);
        choose(&server, &manager, &[("alert_lapsed", "mail"), ("alert_lapsed_threshold", "1")]).await;
        choose(&server, &email(Role::Provider), &[("alert_lapsed", "mail"), ("alert_lapsed_threshold", "1")])
            .await;
        import(&server, EXPORT, "2025-06-26").await;
        settled(&server).await;
        let first = smtp.wait_for(1).await;
        assert_eq!(first.len(), 1, "Anders BV has one lapsed; Leger des Heils none");
        assert_eq!(first[0].to, [manager.as_str()]);
        assert!(first[0].text.contains("Anders BV: 1 verlopen herindicaties"), "{}", first[0].text);

        import(&server, &variant("N1;C7;Nieuw;MO;Dordrecht", "N1;C7;Nieuw;MO;Zwijndrecht"), "2025-06-27")
            .await;
        settled(&server).await;
        assert_eq!(smtp.messages().len(), 1, "still crossed: no second message");

        let decided = variant(
            "R4;C4;Herindicatie;MO;Dordrecht;Anders BV;;04-05-2025;;;",
            "R4;C4;Herindicatie;MO;Dordrecht;Anders BV;Bakker;04-05-2025;05-05-2025;25-06-2025;Toegekend",
        );
        import(&server, &decided, "2025-06-28").await;
        settled(&server).await;
        assert_eq!(smtp.messages().len(), 1, "back under the threshold: no message");

        import(&server, &variant("N1;C7;Nieuw;MO;Dordrecht", "N1;C7;Nieuw;IB;Dordrecht"), "2025-06-29").await;
        settled(&server).await;
        let messages = smtp.wait_for(2).await;
        assert_eq!(messages.len(), 2, "crossed again");
        assert!(messages.iter().all(|m| m.to == [manager.as_str()]));
    })
}

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
