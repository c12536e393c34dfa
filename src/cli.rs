//! The `hangviet` commands. CLI code reports with `anyhow`; long work shows a progress bar.

use crate::app::{self, AppState};
use crate::config::{Cli, Command};
use crate::demo;

pub fn run(cli: Cli) -> anyhow::Result<()> {
    init_logging();
    let settings = cli.settings;
    match cli.command {
        Command::Migrate => {
            AppState::init(&settings)?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::SeedDemo => {
            let state = AppState::init(&settings)?;
            let report = demo::seed(&state.db, &state.media, demo::Progress::Bar)?;
            println!("{report}");
            Ok(())
        }
        Command::Serve(args) => {
            let state = AppState::init(&settings)?;
            if args.demo {
                let report = demo::seed_if_empty(&state.db, &state.media, demo::Progress::Bar)?;
                if let Some(report) = report {
                    println!("{report}");
                }
            }
            actix_web::rt::System::new().block_on(app::serve(state, &args.bind))
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second call (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
