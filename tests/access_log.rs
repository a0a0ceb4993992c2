//! The access log complete and fail-closed (spec/access.md): lists of cases and imports from
//! the command line and the demo are written; when a line cannot be written, nothing is shown.
#![cfg(feature = "ssr")]

mod common;
use common::TestServer;
use werkvoorraad::domain::access::Role;

const WORKED: &[u8] = include_bytes!("fixtures/worked-example.csv");

/// The (action, detail) of every line, oldest first.
async fn lines(server: &TestServer) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT action, detail FROM access_log ORDER BY id")
        .fetch_all(server.db.pool())
        .await
        .expect("log")
}

#[test]
fn every_list_of_cases_with_client_numbers_is_logged() {
    common::run(async {
        let mut server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        assert_eq!(server.get("/api/v1/cases").await.0, 200);
        assert_eq!(server.get("/werkvoorraad").await.0, 200);
        server.sign_in_as(Role::Provider).await;
        assert_eq!(server.get("/aanbieder").await.0, 200);
        let lists: Vec<String> = lines(&server)
            .await
            .into_iter()
            .filter(|(action, _)| action == "zaken bekeken")
            .filter_map(|(_, detail)| detail)
            .collect();
        assert_eq!(lists.len(), 3, "{lists:?}");
        assert!(
            lists[0].starts_with("api, 3 zaken") && lists[1].starts_with("werkvoorraad, 3 zaken"),
            "{lists:?}"
        );
        assert!(lists[2].starts_with("mijn zaken, 1 zaken"), "{lists:?}");
        server.sign_in_as(Role::Admin).await;
        assert_eq!(server.get("/beheer").await.0, 200);
        server.sign_in_as(Role::Consultant).await;
        assert_eq!(server.get("/evaluaties").await.0, 200);
        let views: Vec<String> = lines(&server).await.into_iter().map(|(action, _)| action).collect();
        for action in ["toegangslogboek bekeken", "evaluatieformulieren bekeken"] {
            assert!(views.iter().any(|a| a == action), "{action} in {views:?}");
        }
    })
}

/// Whether `text` holds `token` standing alone: not inside a longer word, nor inside the
/// page's random script nonce (base64), where "C1" now and then turns up.
fn holds_token(text: &str, token: &str) -> bool {
    let part_of_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
    text.match_indices(token).any(|(at, _)| {
        !part_of_word(text[..at].chars().next_back())
            && !part_of_word(text[at + token.len()..].chars().next())
    })
}

#[test]
fn when_the_log_cannot_be_written_no_personal_data_are_served() {
    common::run(async {
        let server = TestServer::start().await;
        server.post_import("/api/v1/imports", WORKED, "2025-06-26").await;
        sqlx::query("ALTER TABLE access_log RENAME TO access_log_away")
            .execute(server.db.pool())
            .await
            .expect("the log taken away");
        for path in [
            "/api/v1/cases",
            "/werkvoorraad/export.csv",
            "/werkvoorraad",
            "/zaak/A",
            "/declaratierisico/export.csv",
        ] {
            let (status, body) = server.get(path).await;
            assert_eq!(status, 503, "{path}");
            assert!(!holds_token(&body, "C1"), "{path} shows a client number: {body}");
            assert!(body.contains("toegangslogboek"), "{path} says why: {body}");
        }
        let (status, _) = server.get("/api/v1/metrics").await;
        assert_eq!(status, 200, "figures without client numbers need no line");
    })
}

#[test]
fn an_import_from_the_command_line_is_logged_under_its_source() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, WORKED).expect("write");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("wv.db").display());
    let output = common::command(&url)
        .args(["import", &file.display().to_string(), "--as-of", "2025-06-26"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    common::run(async {
        let db = werkvoorraad::store::Db::connect(&url).await.expect("connect");
        let log = db.access_log(&Default::default(), 10).await.expect("log");
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(
            (log[0].action.as_str(), log[0].outcome.as_str(), log[0].user_id),
            ("import", "gelukt", None)
        );
        assert!(log[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("opdrachtregel: momentopname 1, 4 zaken")));
    })
}
