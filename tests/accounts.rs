//! Accounts, sessions and the access log in a real database, on SQLite and on PostgreSQL: the
//! lockout state, sessions that start and end, organisations with their export spellings, the
//! log's filters, and a log that the database itself keeps append-only.
#![cfg(feature = "ssr")]

#[macro_use]
mod common;
use chrono::Utc;
use common::backends::Backend;
use werkvoorraad::auth::{add_user, authenticate, sign_in, sign_out, AuthError};
use werkvoorraad::domain::access::{LogFilter, LogLine, Role};
use werkvoorraad::store::Db;

const PASSWORD: &str = "een lang testwachtwoord";

on_both_backends!(
    a_session_starts_with_the_right_password_and_ends_on_sign_out,
    five_failures_lock_the_account,
    failures_at_the_same_moment_all_count_and_a_new_row_starts_after_the_lock,
    organisations_keep_their_export_spellings,
    the_access_log_filters_and_refuses_changes,
    declaration_problems_are_reported_listed_and_closed_once,
);

async fn a_session_starts_with_the_right_password_and_ends_on_sign_out(db: Db, _: Backend) {
    add_user(&db, "Aanbieder@Voorbeeld.nl", Role::Provider, Some("De Brug"), PASSWORD).await.expect("user");
    assert!(matches!(
        add_user(&db, "x@y.nl", Role::Provider, None, PASSWORD).await,
        Err(AuthError::OrganisationRequired)
    ));
    assert!(matches!(
        sign_in(&db, "aanbieder@voorbeeld.nl", "fout", Utc::now()).await,
        Err(AuthError::Invalid)
    ));
    let (token, user) = sign_in(&db, " AANBIEDER@voorbeeld.nl", PASSWORD, Utc::now()).await.expect("sign in");
    assert_eq!((user.user.role, user.user.organisation.as_deref()), (Role::Provider, Some("De Brug")));
    let found = authenticate(&db, &token, Utc::now()).await.expect("lookup").expect("a session");
    assert_eq!(found.user.email, "aanbieder@voorbeeld.nl");
    let later = Utc::now() + chrono::Duration::minutes(31);
    assert!(authenticate(&db, &token, later).await.expect("lookup").is_none(), "idle too long");
    let (token, user) = sign_in(&db, "aanbieder@voorbeeld.nl", PASSWORD, Utc::now()).await.expect("sign in");
    sign_out(&db, &user).await.expect("sign out");
    assert!(authenticate(&db, &token, Utc::now()).await.expect("lookup").is_none());
}

async fn five_failures_lock_the_account(db: Db, _: Backend) {
    add_user(&db, "consulent@gemeente.nl", Role::Consultant, None, PASSWORD).await.expect("user");
    let now = Utc::now();
    for attempt in 1..=5 {
        let result = sign_in(&db, "consulent@gemeente.nl", "fout", now).await;
        assert_eq!(matches!(result, Err(AuthError::Locked(_))), attempt == 5, "attempt {attempt}");
    }
    assert!(matches!(sign_in(&db, "consulent@gemeente.nl", PASSWORD, now).await, Err(AuthError::Locked(_))));
    let after = now + chrono::Duration::minutes(16);
    assert!(
        sign_in(&db, "consulent@gemeente.nl", PASSWORD, after).await.is_ok(),
        "unlocked after 15 minutes"
    );
}

async fn failures_at_the_same_moment_all_count_and_a_new_row_starts_after_the_lock(db: Db, _: Backend) {
    let address = "gelijktijdig@gemeente.nl";
    add_user(&db, address, Role::Consultant, None, PASSWORD).await.expect("user");
    let now = Utc::now();
    let attempts: Vec<_> = (0..12)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move { sign_in(&db, address, &format!("fout {n}"), now).await })
        })
        .collect();
    for attempt in attempts {
        let result = attempt.await.expect("joined");
        assert!(matches!(result, Err(AuthError::Invalid | AuthError::Locked(_))), "{:?}", result.err());
    }
    let user = db.user_by_email(address).await.expect("lookup").expect("user");
    assert!(user.failed_logins >= 5, "no failure lost: {}", user.failed_logins);
    assert!(user.locked_until.is_some());
    assert!(matches!(sign_in(&db, address, PASSWORD, now).await, Err(AuthError::Locked(_))));
    let after = now + chrono::Duration::minutes(16);
    assert!(
        matches!(sign_in(&db, address, "fout", after).await, Err(AuthError::Invalid)),
        "not locked again at once"
    );
    let user = db.user_by_email(address).await.expect("lookup").expect("user");
    assert_eq!((user.failed_logins, user.locked_until), (1, None), "a new row of failures");
    assert!(matches!(sign_in(&db, address, &"x".repeat(1025), after).await, Err(AuthError::Invalid)));
    assert_eq!(
        db.user_by_email(address).await.expect("lookup").expect("user").failed_logins,
        1,
        "not counted"
    );
}

async fn organisations_keep_their_export_spellings(db: Db, _: Backend) {
    let now = "2025-06-26T10:00:00Z";
    let id = db.ensure_organisation("Zorggroep Merwestroom", now).await.expect("organisation");
    assert_eq!(db.ensure_organisation("Zorggroep Merwestroom", now).await.expect("again"), id);
    let other = db.ensure_organisation("Huis aan de Linge", now).await.expect("other");
    db.link_export_name("Zorggroep Merwestroom B.V.", other).await.expect("link");
    db.link_export_name("Zorggroep Merwestroom B.V.", id).await.expect("moved");
    db.link_export_name("Zorggroep Merwestroom", id).await.expect("link");
    assert_eq!(
        db.export_names(id).await.expect("names"),
        ["Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."]
    );
    assert!(db.export_names(other).await.expect("names").is_empty());
    let listed = db.organisations().await.expect("list");
    assert_eq!(listed.len(), 2);
}

async fn the_access_log_filters_and_refuses_changes(db: Db, _: Backend) {
    for (at, email, case_id) in [
        ("2025-06-01T08:00:00Z", "a@gemeente.nl", Some("Z1")),
        ("2025-06-15T08:00:00Z", "b@gemeente.nl", Some("Z2")),
        ("2025-06-30T23:59:00Z", "a@gemeente.nl", None),
    ] {
        let entry = LogLine {
            at: at.into(),
            email: Some(email.into()),
            action: "zaak bekeken".into(),
            case_id: case_id.map(str::to_owned),
            outcome: "gelukt".into(),
            ..LogLine::default()
        };
        db.log_access(&entry).await.expect("log");
    }
    let count = |filter: LogFilter| {
        let db = db.clone();
        async move { db.access_log(&filter.normalized(), 100).await.expect("read").len() }
    };
    assert_eq!(count(LogFilter::default()).await, 3);
    assert_eq!(count(LogFilter { user: Some("A@".into()), ..LogFilter::default() }).await, 2);
    assert_eq!(count(LogFilter { case_id: Some("Z2".into()), ..LogFilter::default() }).await, 1);
    let june_30 =
        LogFilter { from: Some("2025-06-30".into()), to: Some("2025-06-30".into()), ..LogFilter::default() };
    assert_eq!(count(june_30).await, 1);
    assert!(sqlx::query("UPDATE access_log SET outcome = 'x'").execute(db.pool()).await.is_err());
    assert!(sqlx::query("DELETE FROM access_log").execute(db.pool()).await.is_err());
    assert_eq!(db.access_log_count().await.expect("count"), 3);
}

async fn declaration_problems_are_reported_listed_and_closed_once(db: Db, _: Backend) {
    use werkvoorraad::store::problems::{NewProblem, ProblemQuery};
    let now = "2025-06-26T10:00:00Z";
    let own = db.ensure_organisation("De Brug", now).await.expect("organisation");
    let other = db.ensure_organisation("Anders", now).await.expect("organisation");
    for (case_id, organisation_id, amount) in [("A", own, Some(99.5)), ("B", other, None)] {
        let new = NewProblem {
            case_id,
            organisation_id,
            reported_by: "p@aanbieder.nl",
            now,
            description: "niet te declareren",
            amount_eur: amount,
            period_from: Some("2025-06-01"),
            period_to: None,
        };
        db.report_problem(&new).await.expect("report");
    }
    let mine = db
        .problems(&ProblemQuery { organisation_id: Some(own), ..ProblemQuery::default() })
        .await
        .expect("list");
    assert_eq!((mine.len(), mine[0].amount_eur, mine[0].organisation.as_str()), (1, Some(99.5), "De Brug"));
    let on_b =
        db.problems(&ProblemQuery { case_id: Some("B"), ..ProblemQuery::default() }).await.expect("list");
    assert_eq!(on_b.len(), 1);
    assert!(db.close_problem(mine[0].id, "cm@gemeente.nl", now, "opgelost").await.expect("close"));
    assert!(!db.close_problem(mine[0].id, "cm@gemeente.nl", now, "nog eens").await.expect("close"));
    let open = db.problems(&ProblemQuery { open_only: true, ..ProblemQuery::default() }).await.expect("list");
    assert_eq!(open.iter().map(|p| p.case_id.as_str()).collect::<Vec<_>>(), ["B"]);
}
