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
        Command::SeedDemo(args) => {
            let state = AppState::init(&settings)?;
            let report =
                demo::seed_products(&state.db, &state.media, demo::Progress::Bar, args.products)?;
            println!("{report}");
            reindex(state)
        }
        Command::Reindex => reindex(AppState::init(&settings)?),
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

/// Rebuilds the search index with a progress bar.
fn reindex(state: AppState) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        state.search.configure().await?;
        let ctx = state
            .reference
            .get(&state.db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let published = state
            .db
            .run(|conn| Ok(crate::db::models::Product::count_published(conn)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let started = std::time::Instant::now();
        let bar = demo::Progress::Bar.bar(u64::try_from(published)?, "Indexing products");
        let progress = bar.clone();
        let n = state
            .search
            .rebuild(&state.db, ctx, move |k| progress.inc(k))
            .await?;
        bar.finish();
        println!(
            "Search index ({}) rebuilt in {:.1} s: {n} products.",
            state.search.backend_name(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second call (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
