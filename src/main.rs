//! The `werkvoorraad` binary: the command line of spec/interfaces.md parsed and handed to its
//! subcommand in `werkvoorraad::cli`; an error becomes a Dutch message and exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use werkvoorraad::cli;
use werkvoorraad::domain::access::Role;
use werkvoorraad::domain::filters::{Filters, ViewQuery};

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
        /// Hoeveel besluiten er op deze datum ten minste zijn (JJJJ-MM-DD).
        #[arg(long)]
        by: Option<String>,
        /// Het tempo van de laatste 6, 12 (standaard) of 26 volle weken.
        #[arg(long)]
        window: Option<String>,
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
    /// Schrijf een reservekopie van de hele database naar een nieuw bestand (ook terwijl de server draait).
    Backup {
        /// Het bestand; het mag nog niet bestaan.
        file: PathBuf,
    },
    /// Zet een reservekopie terug in een lege database (de server staat dan stil).
    Restore {
        /// Het bestand van `backup`.
        file: PathBuf,
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
    let args = Cli::parse();
    let result = match args.command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve().await,
        Command::Migrate => cli::migrate().await.map(|_| println!("Databaseschema is bijgewerkt.")),
        Command::Import { file, as_of, mapping } => cli::import_file(file, as_of, mapping).await,
        Command::Metrics {
            as_of,
            json,
            snapshot,
            municipality,
            product,
            request_type,
            provider,
            consultant,
            by,
            window,
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
            cli::print_metrics(&query, window.as_deref(), by.as_deref(), json).await
        }
        Command::Check { file, as_of, json } => cli::check_file(&file, as_of, json),
        Command::User { command: UserCommand::Add { email, role, organisation, password_stdin } } => {
            cli::add_user(&email, role, organisation.as_deref(), password_stdin).await
        }
        Command::Backup { file } => cli::backup(&file).await,
        Command::Restore { file } => cli::restore(&file).await,
        Command::Demo { dir } => cli::load_demo(&dir).await,
        Command::DemoData { out } => cli::write_demo_data(&out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Fout: {message}");
            ExitCode::FAILURE
        }
    }
}
