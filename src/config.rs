//! Command line and environment (DESIGN.md section 4). Every flag also reads a variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hangviet",
    version,
    about = "Showcase of Vietnamese award-winning goods"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the site keeps its state.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Directory for the SQLite file, media and generated keys.
    #[arg(
        long,
        env = "HANGVIET_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; unset means the SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
}

impl Settings {
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            database_url: None,
        }
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => self
                .data_dir
                .join("hangviet.db")
                .to_string_lossy()
                .into_owned(),
        }
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the site (migrates first).
    Serve(ServeArgs),
    /// Run pending migrations and exit.
    Migrate,
    /// Load the demo catalogue into an empty database.
    SeedDemo,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HANGVIET_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the demo catalogue first if the database has no products.
    #[arg(long, env = "HANGVIET_DEMO")]
    pub demo: bool,
}
