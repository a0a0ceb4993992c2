//! The `werkvoorraad` binary: command-line parsing and the subcommands of spec/interfaces.md.
//! Each subcommand reads the configuration, does its work and maps errors to an exit code.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use werkvoorraad::config::Config;
use werkvoorraad::server::{self, AppState};
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
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Migrate => migrate().await.map(|_| println!("Databaseschema is bijgewerkt.")),
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
    let db = Db::connect(&config.database_url, config.sqlite_file().as_deref())
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok((config, db))
}

async fn serve() -> Result<(), String> {
    let (config, db) = migrate().await?;
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("kan niet luisteren op {}: {e}", config.site_addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("werkvoorraad draait op http://{addr}");
    server::serve(listener, AppState::new(&config, db.clone()))
        .await
        .map_err(|e| e.to_string())?;
    db.close().await;
    Ok(())
}
