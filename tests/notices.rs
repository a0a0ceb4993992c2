//! Digests and alerts (spec/notifications.md) through the real server and a real SMTP server on
//! loopback (tests/smtp_server.py): what each role receives and nothing outside its scope, and
//! one message per crossing of a threshold. Delivery itself: tests/mail_delivery.rs.
#![cfg(feature = "ssr")]

mod common;
use std::collections::HashMap;

use common::email;
use common::notify::{choose, import, mail_vars, send_digests_now, server_with, settled, EXPORT};
use common::smtp::{Received, SmtpServer};
use werkvoorraad::domain::access::{LogFilter, Role};

const OTHER_PROVIDER: &str = "andere@aanbieder.test";

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
