//! The `werkvoorraad` binary: command-line parsing and the subcommands of spec/interfaces.md.
//! Each subcommand reads the configuration, does its work and maps errors to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use werkvoorraad::analytics::Analytics;
use werkvoorraad::config::Config;
use werkvoorraad::domain::access::Role;
use werkvoorraad::domain::figures::Figures;
use werkvoorraad::domain::filters::{Filters, ViewQuery};
use werkvoorraad::domain::report::{dutch_date, forecast_sentence, month_name, ImportOutcome, Rejection};
use werkvoorraad::import::{import_unattended, ImportError, ImportRequest, MappingChoice};
use werkvoorraad::ingest::values::Pseudonymizer;
use werkvoorraad::server;
use werkvoorraad::state::AppState;
use werkvoorraad::store::Db;

#[derive(Parser)]
#[command(name = "werkvoorraad", version, about = "Werkvoorraad herindicaties BW&O")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start de webapplicatie (standaard).
    Serve,
    /// Breng het databaseschema bij.
    Migrate,
    /// Lees een export (CSV of .xlsx) in als momentopname.
    Import {
        /// Het exportbestand.
        file: PathBuf,
        /// Peildatum (JJJJ-MM-DD); standaard vandaag.
        #[arg(long = "as-of", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Naam van een opgeslagen kolomkoppeling.
        #[arg(long)]
        mapping: Option<String>,
    },
    /// Toon de cijfers van de werkvoorraad (standaard van de nieuwste momentopname).
    Metrics {
        /// Peildatum (JJJJ-MM-DD); standaard die van de momentopname.
        #[arg(long = "as-of", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Schrijf één JSON-object (spec/interfaces.md).
        #[arg(long)]
        json: bool,
        /// Een bepaalde momentopname (nummer).
        #[arg(long)]
        snapshot: Option<i64>,
        #[arg(long)]
        municipality: Option<String>,
        #[arg(long)]
        product: Option<String>,
        /// new of reindication (nieuw, herindicatie mag ook).
        #[arg(long = "request-type")]
        request_type: Option<String>,
        #[arg(long)]
        provider: Option<String>,
        #[arg(long)]
        consultant: Option<String>,
    },
    /// Controleer een export en bereken de cijfers, zonder iets op te slaan.
    Check {
        /// Het exportbestand.
        file: PathBuf,
        /// Peildatum (JJJJ-MM-DD); standaard vandaag.
        #[arg(long = "as-of", value_parser = parse_as_of)]
        as_of: Option<NaiveDate>,
        /// Schrijf de cijfers als één JSON-object (spec/interfaces.md).
        #[arg(long)]
        json: bool,
    },
    /// Gebruikers beheren.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Laad de demo-exports uit data/ in een lege database.
    Demo {
        /// Map met de demo-exports.
        #[arg(long, default_value = "data")]
        dir: PathBuf,
    },
    /// Schrijf de demo-exports (vaste seed) opnieuw in een map.
    DemoData {
        /// Doelmap.
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Maak een gebruiker; het wachtwoord komt van stdin (--password-stdin) of wordt gemaakt en getoond.
    Add {
        #[arg(long)]
        email: String,
        /// teamlead, consultant, contract_manager, provider of admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// De organisatie van een aanbieder.
        #[arg(long)]
        organisation: Option<String>,
        /// Lees het wachtwoord (één regel) van stdin.
        #[arg(long = "password-stdin")]
        password_stdin: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_code(text).ok_or_else(|| {
        format!("\"{text}\" is geen rol: kies teamlead, consultant, contract_manager, provider of admin")
    })
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is geen datum in de vorm JJJJ-MM-DD"))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Migrate => migrate().await.map(|_| println!("Databaseschema is bijgewerkt.")),
        Command::Import { file, as_of, mapping } => import_file(file, as_of, mapping).await,
        Command::Metrics {
            as_of,
            json,
            snapshot,
            municipality,
            product,
            request_type,
            provider,
            consultant,
        } => {
            let query = ViewQuery {
                snapshot,
                as_of: as_of.map(|d| d.format("%Y-%m-%d").to_string()),
                filters: Filters {
                    municipality,
                    product,
                    request_type,
                    provider,
                    consultant,
                    organisation_scope: None,
                },
            };
            print_metrics(&query, json).await
        }
        Command::Check { file, as_of, json } => check_file(&file, as_of, json),
        Command::User { command: UserCommand::Add { email, role, organisation, password_stdin } } => {
            add_user(&email, role, organisation.as_deref(), password_stdin).await
        }
        Command::Demo { dir } => load_demo(&dir).await,
        Command::DemoData { out } => write_demo_data(&out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Fout: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the configuration and opens an up-to-date database.
async fn migrate() -> Result<(Config, Db), String> {
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

async fn serve() -> Result<(), String> {
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

/// `metrics`: the figures of one view, as JSON or as a short Dutch summary.
async fn print_metrics(query: &ViewQuery, json: bool) -> Result<(), String> {
    let (_, db) = migrate().await?;
    let analytics = Analytics::new(db.clone());
    let (info, figures) = analytics.figures(query).await.map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string_pretty(figures.as_ref()).map_err(|e| e.to_string())?);
    } else {
        let heading = format!(
            "Peildatum {} (momentopname {} van {})",
            dutch_date(&figures.as_of),
            info.snapshot.id,
            dutch_date(&info.snapshot.as_of)
        );
        print!("{}", summary(&heading, &figures));
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
        f.forecast.as_ref().map_or(String::new(), |forecast| forecast_sentence(forecast, f.open)),
    )
}

/// `user add`: creates the account; prints a generated password when none came on stdin.
async fn add_user(
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
    let result = werkvoorraad::auth::add_user(&db, email, role, organisation, &password).await;
    db.close().await;
    let id = result.map_err(|e| e.to_string())?;
    println!("Gebruiker {id} aangemaakt: {email} ({}).", role.label());
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
async fn import_file(file: PathBuf, as_of: Option<NaiveDate>, mapping: Option<String>) -> Result<(), String> {
    let bytes = read_file(&file)?;
    let (_, db, pseudonymizer) = open_with_key().await?;
    let request = ImportRequest {
        bytes,
        file_name: file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        mapping: mapping.map_or(MappingChoice::Aliases, MappingChoice::Saved),
        imported_by: Some("opdrachtregel".into()),
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
    rejection.warnings.iter().for_each(|w| println!("Waarschuwing: {w}"));
    ImportError::Rejected(rejection).to_string()
}

/// `check FILE`: the figures the file would give (a summary, or `--json` the metrics object)
/// and exit 0, or every problem and exit 1; nothing is stored and no database is opened.
fn check_file(file: &std::path::Path, as_of: Option<NaiveDate>, json: bool) -> Result<(), String> {
    let bytes = read_file(file)?;
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let checked = match werkvoorraad::import::check(&bytes, as_of) {
        Ok(checked) => checked,
        Err(ImportError::Rejected(rejection)) => return Err(rejected(rejection)),
        Err(e) => return Err(e.to_string()),
    };
    if json {
        checked.warnings.iter().for_each(|w| eprintln!("Waarschuwing: {w}"));
        let text = serde_json::to_string_pretty(&checked.figures).map_err(|e| e.to_string())?;
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
async fn load_demo(dir: &std::path::Path) -> Result<(), String> {
    let (_, db, pseudonymizer) = open_with_key().await?;
    let loaded = werkvoorraad::demo::load(&db, &pseudonymizer, dir).await;
    let accounts = werkvoorraad::demo::accounts::create(&db).await;
    db.close().await;
    let accounts = accounts?;
    if !accounts.is_empty() {
        println!(
            "Demo-accounts (wachtwoord voor allemaal: {}):",
            werkvoorraad::demo::accounts::DEMO_PASSWORD
        );
        for (email, role) in accounts {
            println!("  {:<17} {email}", role.label());
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
fn write_demo_data(out: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("kan {} niet maken: {e}", out.display()))?;
    for (name, bytes) in werkvoorraad::demo::generate()? {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))?;
        println!("Geschreven: {}", path.display());
    }
    Ok(())
}
