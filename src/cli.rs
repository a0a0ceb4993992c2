//! The subcommands of spec/interfaces.md behind the `werkvoorraad` binary: each reads the
//! configuration it needs, does its work, prints in Dutch and returns the message to exit 1 with.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::analytics::Analytics;
use crate::analytics::Pace;
use crate::config::Config;
use crate::domain::access::Role;
use crate::domain::figures::Figures;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::MetricsAnswer;
use crate::domain::report::{dutch_date, forecast_sentence, month_name, ImportOutcome, Rejection};
use crate::import::{import_unattended, ImportError, ImportRequest, MappingChoice};
use crate::ingest::values::Pseudonymizer;
use crate::server;
use crate::state::AppState;
use crate::store::Db;

/// Reads the configuration and opens an up-to-date database.
pub async fn migrate() -> Result<(Config, Db), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = Db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok((config, db))
}

/// The up-to-date database and the pseudonymizer keyed with the configured secret.
async fn open_with_key() -> Result<(Config, Db, Pseudonymizer), String> {
    let (config, db) = migrate().await?;
    let pseudonymizer = Pseudonymizer::new(&config.secret().map_err(|e| e.to_string())?);
    Ok((config, db, pseudonymizer))
}

pub async fn serve() -> Result<(), String> {
    let (config, db, pseudonymizer) = open_with_key().await?;
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("kan niet luisteren op {}: {e}", config.site_addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("werkvoorraad draait op http://{addr}");
    server::serve(listener, AppState::new(&config, db.clone(), pseudonymizer))
        .await
        .map_err(|e| e.to_string())?;
    db.close().await;
    Ok(())
}

/// `backup FILE`: a consistent copy of the whole database, while the server may run; logged.
pub async fn backup(file: &std::path::Path) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = Db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    db.backup(&config.database_url, file).await.map_err(|e| e.to_string())?;
    log_operation(&db, "reservekopie gemaakt").await?;
    println!("De reservekopie staat in {}.", file.display());
    Ok(())
}

/// `restore FILE`: the backup into an empty database, brought up to date; logged.
pub async fn restore(file: &std::path::Path) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = Db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    crate::store::backup::restore(db, &config.database_url, file).await.map_err(|e| e.to_string())?;
    let (_, db) = migrate().await?;
    log_operation(&db, "reservekopie teruggezet").await?;
    println!("De reservekopie is teruggezet.");
    Ok(())
}

/// An operator's action from the command line in the access log.
async fn log_operation(db: &Db, action: &str) -> Result<(), String> {
    let entry = crate::domain::access::LogLine {
        at: crate::auth::timestamp(chrono::Utc::now()),
        action: action.to_owned(),
        outcome: "gelukt".to_owned(),
        detail: Some("opdrachtregel".to_owned()),
        ..Default::default()
    };
    db.log_access(&entry).await.map_err(|e| e.to_string())
}

/// `metrics`: the figures of one view, as JSON or as a short Dutch summary.
/// `window` and `by` as `GET /api/v1/metrics` takes them.
pub async fn print_metrics(
    query: &ViewQuery,
    window: Option<&str>,
    by: Option<&str>,
    json: bool,
) -> Result<(), String> {
    let pace = Pace::parse(window, by).map_err(|e| e.to_string())?;
    let (_, db) = migrate().await?;
    let analytics = Analytics::new(db.clone());
    let (info, _) = analytics.figures(query).await.map_err(|e| e.to_string())?;
    let answer = analytics.metrics(query, &pace).await.map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&answer).map_err(|e| e.to_string())?);
    } else {
        let heading = format!(
            "Peildatum {} (momentopname {} van {})",
            dutch_date(&answer.figures.as_of),
            info.snapshot.id,
            dutch_date(&info.snapshot.as_of)
        );
        print!("{}", summary(&heading, &answer.figures));
        if let Some(by) = &answer.forecast_by_date {
            println!("{}", crate::domain::report::decisions_by_sentence(by, crate::i18n::Locale::Nl));
        }
    }
    db.close().await;
    Ok(())
}

/// The headline figures under `heading`, one per line, and the forecast.
fn summary(heading: &str, f: &Figures) -> String {
    let month = |m: &Option<String>| m.as_deref().map_or("–".to_owned(), month_name);
    let days = |d: Option<i64>| d.map_or("–".to_owned(), |d| format!("{d} dagen"));
    format!(
        "{heading}\n\
         Open zaken:                 {}\n\
         Nog niet opgepakt:          {}\n\
         Oudste maand open:          {}\n\
         Oudste maand niet opgepakt: {}\n\
         Mediane leeftijd:           {}\n\
         85e percentiel leeftijd:    {}\n\
         Over de termijn:            {}\n\
         Besluiten laatste 4 weken:  {}\n\
         Herindicaties zonder formulier, incompleet, klaar: {}, {}, {}\n\
         {}\n",
        f.open,
        f.unassigned,
        month(&f.oldest_open_month),
        month(&f.oldest_unassigned_month),
        days(f.median_age_days),
        days(f.p85_age_days),
        f.over_term,
        f.decided_last_4_weeks,
        f.forms_missing,
        f.forms_incomplete,
        f.ready_for_assessment,
        f.forecast.as_ref().map_or(String::new(), |forecast| forecast_sentence(
            forecast,
            f.open,
            crate::i18n::Locale::Nl
        )),
    )
}

/// `user add`: creates the account; prints a generated password when none came on stdin.
pub async fn add_user(
    email: &str,
    role: Role,
    organisation: Option<&str>,
    password_stdin: bool,
) -> Result<(), String> {
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| format!("kan het wachtwoord niet lezen: {e}"))?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
        (hex::encode(bytes), true)
    };
    let (_, db) = migrate().await?;
    let result = crate::auth::add_user(&db, email, role, organisation, &password).await;
    db.close().await;
    let id = result.map_err(|e| e.to_string())?;
    println!("Gebruiker {id} aangemaakt: {email} ({}).", role.name(crate::i18n::Locale::Nl));
    if generated {
        println!("Wachtwoord: {password}\nGeef het veilig door; het wordt nergens anders getoond.");
    }
    Ok(())
}

/// The export's bytes, or what went wrong reading them.
fn read_file(file: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("kan {} niet lezen: {e}", file.display()))
}

/// `import FILE`: a summary and exit 0, or every problem and exit 1 with nothing stored.
pub async fn import_file(
    file: PathBuf,
    as_of: Option<NaiveDate>,
    mapping: Option<String>,
) -> Result<(), String> {
    let bytes = read_file(&file)?;
    let (_, db, pseudonymizer) = open_with_key().await?;
    let request = ImportRequest {
        bytes,
        file_name: file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        mapping: mapping.map_or(MappingChoice::Aliases, MappingChoice::Saved),
        imported_by: Some("opdrachtregel".into()),
        locale: crate::i18n::Locale::Nl,
    };
    let outcome = import_unattended(&db, &pseudonymizer, request).await;
    db.close().await;
    match outcome {
        ImportOutcome::Stored(summary) => {
            println!(
                "Momentopname {} opgeslagen: {} zaken, peildatum {}.",
                summary.snapshot_id,
                summary.rows,
                dutch_date(&summary.as_of)
            );
            summary.warnings.iter().for_each(|w| println!("Waarschuwing: {w}"));
            Ok(())
        }
        ImportOutcome::Rejected(rejection) => Err(rejected(rejection)),
        ImportOutcome::AlreadyImported { snapshot_id } => {
            Err(ImportError::AlreadyImported { snapshot_id }.to_string())
        }
        ImportOutcome::Failed { message } | ImportOutcome::Busy { message } => Err(message),
    }
}

/// Prints every problem (row, column, value, reason) and the warnings; the error to exit with.
fn rejected(rejection: Rejection) -> String {
    for p in &rejection.problems {
        println!("regel {}\t{}\t{:?}\t{}", p.row, p.column, p.value, p.reason);
    }
    if rejection.total > rejection.problems.len() {
        println!("… en nog {} fout(en).", rejection.total - rejection.problems.len());
    }
    rejection.warnings.iter().for_each(|w| println!("Waarschuwing: {}", w.text(crate::i18n::Locale::Nl)));
    ImportError::Rejected(rejection).to_string()
}

/// `check FILE`: the figures the file would give (a summary, or `--json` the metrics object)
/// and exit 0, or every problem and exit 1; nothing is stored and no database is opened.
pub fn check_file(file: &std::path::Path, as_of: Option<NaiveDate>, json: bool) -> Result<(), String> {
    let bytes = read_file(file)?;
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let checked = match crate::import::check(&bytes, as_of) {
        Ok(checked) => checked,
        Err(ImportError::Rejected(rejection)) => return Err(rejected(rejection)),
        Err(e) => return Err(e.to_string()),
    };
    if json {
        checked.warnings.iter().for_each(|w| eprintln!("Waarschuwing: {w}"));
        let answer = MetricsAnswer {
            figures: checked.figures.clone(),
            flow: checked.flow.clone(),
            forecast_by_date: None,
        };
        let text = serde_json::to_string_pretty(&answer).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let day = dutch_date(&checked.figures.as_of);
    println!("De export is goedgekeurd: {} zaken, peildatum {day}. Er is niets opgeslagen.", checked.rows);
    checked.warnings.iter().for_each(|w| println!("Waarschuwing: {w}"));
    let heading =
        format!("Peildatum {day} (alleen dit bestand, standaardtermijnen, zonder tarieven en formulieren)");
    print!("{}", summary(&heading, &checked.figures));
    Ok(())
}

/// `demo`: the demo series into an empty database; a database with data is left alone.
pub async fn load_demo(dir: &std::path::Path) -> Result<(), String> {
    let (_, db, pseudonymizer) = open_with_key().await?;
    let loaded = crate::demo::load(&db, &pseudonymizer, dir).await;
    let accounts = crate::demo::accounts::create(&db).await;
    db.close().await;
    let accounts = accounts?;
    if !accounts.is_empty() {
        println!("Demo-accounts (wachtwoord voor allemaal: {}):", crate::demo::accounts::DEMO_PASSWORD);
        for (email, role) in accounts {
            println!("  {:<17} {email}", role.name(crate::i18n::Locale::Nl));
        }
    }
    match loaded? {
        None => println!("De database bevat al momentopnamen; de demo-exports zijn niet opnieuw ingelezen."),
        Some(summaries) => {
            for s in summaries {
                println!(
                    "Demo: momentopname {} met {} zaken, peildatum {}.",
                    s.snapshot_id,
                    s.rows,
                    dutch_date(&s.as_of)
                );
            }
        }
    }
    Ok(())
}

/// `demo-data`: regenerates the demo exports (the same bytes for the same seed).
pub fn write_demo_data(out: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("kan {} niet maken: {e}", out.display()))?;
    for (name, bytes) in crate::demo::generate()? {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))?;
        println!("Geschreven: {}", path.display());
    }
    Ok(())
}
