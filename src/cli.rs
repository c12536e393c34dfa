//! The `hangviet` commands. CLI code reports with `anyhow`; long work shows a progress bar.

use anyhow::Context;

use crate::i18n::Msg;

use crate::app::AppState;
use crate::config::{
    Cli, Command, ImportArgs, OpenDataCommand, SearchEvalArgs, Settings, UserCommand, VoteCommand,
};
use crate::db::Db;
use crate::demo;

pub fn run(cli: Cli) -> anyhow::Result<()> {
    init_logging(&cli.settings.log_format);
    let settings = cli.settings;
    match cli.command {
        Command::Migrate => {
            AppState::open_db(&settings)?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::SeedDemo(args) => {
            let state = AppState::init(&settings)?;
            let report = demo::seed_products_and_stores(
                &state.db,
                &state.media,
                demo::Progress::Bar,
                args.products,
                args.points_of_sale,
            )?;
            println!("{report}");
            state
                .db
                .refresh_statistics(crate::db::Statistics::Rebuild)?;
            reindex(state)
        }
        Command::Reindex => reindex(AppState::init(&settings)?),
        Command::ImportAwards(args) => import_awards(&AppState::open_db(&settings)?, &args),
        Command::ImportPointsOfSale(args) => {
            import_points_of_sale(&AppState::open_db(&settings)?, &args)
        }
        Command::ExportPointsOfSale => export_points_of_sale(&AppState::open_db(&settings)?),
        Command::User(UserCommand::Add { email, role, name }) => {
            add_user(&AppState::open_db(&settings)?, &email, &role, &name)
        }
        Command::SearchEval(args) => search_eval(&settings, &args),
        Command::OpenData(OpenDataCommand::Build) => open_data_build(&settings),
        Command::OpenData(OpenDataCommand::Load { dir }) => open_data_load(&settings, &dir),
        Command::Vote(VoteCommand::Count { dir }) => vote_count(&dir),
        Command::Vote(VoteCommand::Detect { year }) => vote_detect(&settings, year),
        Command::Vote(VoteCommand::OpenDemo { year }) => {
            let state = AppState::init(&settings)?;
            let actor = crate::db::models::audit::Actor {
                user_id: None,
                label: "cli:vote open-demo".to_owned(),
            };
            let mover = crate::actions::vote::Mover {
                actor: &actor,
                keys: &state.vote_keys,
                site: &state.site,
            };
            let now = chrono::Utc::now().naive_utc();
            let (_, groups) =
                crate::fraud_sim::open_demo_vote(&mut *state.db.conn()?, mover, year, now)?;
            println!(
                "{}",
                crate::i18n::Locale::Vi.msg(
                    &Msg::new("cli-vote-demo-opened")
                        .arg("year", year.to_string())
                        .arg("count", (groups[0].len() + groups[1].len()).to_string())
                )
            );
            Ok(())
        }
        Command::Vote(VoteCommand::SimulateFraud { honest, farm, seed }) => {
            let scenario = crate::fraud_sim::Scenario { honest, farm, seed };
            print_simulation(&crate::fraud_sim::simulate(&settings, scenario)?);
            Ok(())
        }
        Command::Vote(VoteCommand::Publish { year, dir }) => {
            let db = AppState::open_db(&settings)?;
            let keys = crate::vote::online::VoteKeys::load(
                settings.vote_key.as_deref(),
                &settings.data_dir,
            )?;
            let results =
                crate::actions::vote_publish::publish(&mut *db.conn()?, &keys, year, &dir)?;
            println!(
                "{}",
                crate::i18n::Locale::Vi.msg(
                    &Msg::new("cli-vote-published")
                        .arg("year", results.year.to_string())
                        .arg("dir", dir.display().to_string())
                )
            );
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
            actix_web::rt::System::new().block_on(crate::server::serve(state, &settings.bind))
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

/// `search-eval`: builds a fresh embedded index (in a temporary directory) and, with
/// `MEILI_URL`, a fresh Meilisearch index (`<HANGVIET_MEILI_INDEX>-eval`) from the database,
/// runs the judged queries on each and prints the figures (see `search::eval`).
fn search_eval(settings: &Settings, args: &SearchEvalArgs) -> anyhow::Result<()> {
    use crate::search::{SearchService, eval};
    let judged = eval::read_judged(&args.queries)?;
    let db = AppState::open_db(settings)?;
    let scratch = tempfile::tempdir()?;
    actix_web::rt::System::new().block_on(async move {
        let ctx = crate::reference::ReferenceCache::default()
            .get(&db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut services = vec![SearchService::open(
            &scratch.path().join("index"),
            None,
            None,
            "",
        )];
        if let Some(url) = settings.meili_url() {
            let index = format!("{}-eval", settings.meili_index);
            services.push(SearchService::open(
                scratch.path(),
                Some(url),
                settings.meili_api_key.as_deref(),
                &index,
            ));
        }
        // The judged answers are real products: on a catalogue padded with generated ones
        // (`seed-demo`), whose names share the same words, they do not hold.
        let fictional = db
            .run(|conn| Ok(crate::db::models::Product::any_fictional(conn)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let judged = if fictional {
            println!("The catalogue holds generated products: the judged queries are skipped.");
            Vec::new()
        } else {
            judged
        };
        let mut results = Vec::new();
        for service in &mut services {
            service.set_timeout(std::time::Duration::from_secs(30));
            service.configure().await?;
            let bar = demo::Progress::Bar.bar(0, "Indexing products");
            let progress = bar.clone();
            service
                .rebuild(&db, ctx.clone(), move |k| progress.inc(k))
                .await?;
            bar.finish_and_clear();
            let (scores, tops) = eval::score(service, &db, ctx.clone(), &judged).await?;
            if args.misses {
                for (q, top) in &scores.misses {
                    println!(
                        "{} miss: {q:?} -> {}",
                        service.backend_name(),
                        top.join(" ")
                    );
                }
            }
            results.push((service.backend_name(), scores, tops));
        }
        let kinds: Vec<String> = judged.iter().map(|j| j.kind.clone()).collect();
        let agreement = (results.len() == 2)
            .then(|| eval::agreement_by_kind(&kinds, &results[0].2, &results[1].2));
        if args.misses && results.len() == 2 {
            for (j, (a, b)) in judged.iter().zip(results[0].2.iter().zip(&results[1].2)) {
                if eval::agreement(a, b) < 1.0 {
                    println!(
                        "differ: {:?}\n  {}\n  {}",
                        j.query,
                        a.join(" "),
                        b.join(" ")
                    );
                }
            }
        }
        let generated = if args.generated > 0 && services.len() == 2 {
            let ctx2 = ctx.clone();
            let n = args.generated;
            let queries = db
                .run(move |conn| {
                    eval::generate(conn, &ctx2, n).map_err(crate::error::AppError::internal)
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut tops = [Vec::new(), Vec::new()];
            for (i, service) in services.iter().enumerate() {
                for (_, q) in &queries {
                    tops[i].push(eval::top(service, &db, ctx.clone(), q).await?);
                }
            }
            if args.misses {
                for ((kind, q), (a, b)) in queries.iter().zip(tops[0].iter().zip(&tops[1])) {
                    if eval::agreement(a, b) < 1.0 {
                        println!(
                            "differ ({kind}): {q:?}\n  {}\n  {}",
                            a.join(" "),
                            b.join(" ")
                        );
                    }
                }
            }
            let kinds: Vec<String> = queries.iter().map(|(k, _)| k.clone()).collect();
            let (by_kind, all) = eval::agreement_by_kind(&kinds, &tops[0], &tops[1]);
            Some((by_kind, all, queries.len()))
        } else {
            None
        };
        let backends: Vec<(&str, &eval::Scores)> = results
            .iter()
            .filter(|_| !judged.is_empty())
            .map(|(name, s, _)| (*name, s))
            .collect();
        let agreement = agreement.filter(|_| !judged.is_empty());
        print!(
            "{}",
            eval::report(&backends, agreement.as_ref(), generated.as_ref())
        );
        if settings.meili_url().is_none() {
            println!("(MEILI_URL is not set: Meilisearch was not measured)");
        }
        Ok(())
    })
}

/// `import-awards FILE [--dry-run]`: checks the whole file, lists every bad line, then
/// imports all rows in one transaction (or, with `--dry-run`, reports what would change),
/// reading the file twice rather than holding it (see `import::import_file`).
fn import_awards(db: &Db, args: &ImportArgs) -> anyhow::Result<()> {
    use crate::import::{self, ImportError};
    let open = || {
        std::fs::File::open(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))
    };
    // Two handles on the file, each read from its start: one to check, one to apply.
    let (first, second) = (open()?, open()?);
    let size = first.metadata().map(|m| m.len()).unwrap_or(0);
    let ctx = crate::reference::CardContext::load(&mut *db.conn()?)?;
    let checking = demo::Progress::Bar.bar(size, "Checking awards (bytes)");
    let importing = demo::Progress::Bar.bar(0, "Importing awards");
    let source = crate::db::models::audit::AuditTarget::ImportFile(
        args.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let started = std::time::Instant::now();
    let actor = crate::db::models::audit::Actor::cli();
    let report = import::import_file(
        &mut *db.conn()?,
        &ctx,
        checking.wrap_read(first),
        second,
        &actor,
        &source,
        args.dry_run,
        &|| {
            if !checking.is_finished() {
                checking.finish();
            }
            importing.inc(1)
        },
    );
    checking.finish();
    importing.finish();
    if let Err(ImportError::Invalid(errors)) = &report {
        let vi = crate::i18n::Locale::Vi;
        let file = args.file.display().to_string();
        let count = errors.len();
        let heading = Msg::new("cli-import-refused")
            .arg("file", file)
            .arg("count", count);
        eprintln!("{}", vi.msg(&heading));
        for e in errors {
            let line = Msg::new("cli-import-line")
                .arg("line", e.line)
                .arg("problem", e.message(vi));
            eprintln!("  {}", vi.msg(&line));
        }
        anyhow::bail!(
            "the file has {} bad line(s); nothing was imported",
            errors.len()
        );
    }
    let report = match report {
        Ok(r) => r,
        Err(ImportError::Invalid(errors)) => anyhow::bail!("{} bad line(s)", errors.len()),
        Err(ImportError::Database(e)) => {
            return Err(e).context("import failed; nothing was imported");
        }
    };
    println!(
        "{} {} lines in {:.2} s: producers {} new / {} matched, products {} new / {} matched, awards {} new / {} updated / {} unchanged.",
        if args.dry_run {
            "Dry run (nothing changed):"
        } else {
            "Imported"
        },
        report.lines,
        started.elapsed().as_secs_f64(),
        report.producers_created,
        report.producers_matched,
        report.products_created,
        report.products_matched,
        report.awards_created,
        report.awards_updated,
        report.awards_unchanged,
    );
    Ok(())
}

/// `import-points-of-sale FILE [--dry-run]`: checks the whole file, lists every bad line,
/// then imports all rows in one transaction (or, with `--dry-run`, reports what would change).
fn import_points_of_sale(db: &Db, args: &ImportArgs) -> anyhow::Result<()> {
    use crate::import::points_of_sale::{self as import, PointImportError};
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let mut conn = db.conn()?;
    let ctx = crate::reference::CardContext::load(&mut conn)?;
    let parsed = import::parse(&mut conn, &bytes, &ctx)?;
    if !parsed.errors.is_empty() {
        let vi = crate::i18n::Locale::Vi;
        let heading = Msg::new("cli-pos-import-refused")
            .arg("file", args.file.display().to_string())
            .arg("count", parsed.errors.len());
        eprintln!("{}", vi.msg(&heading));
        for e in &parsed.errors {
            let line = Msg::new("cli-import-line")
                .arg("line", e.line)
                .arg("problem", vi.msg(&e.msg));
            eprintln!("  {}", vi.msg(&line));
        }
        anyhow::bail!(
            "the file has {} error(s); nothing was imported",
            parsed.errors.len()
        );
    }
    let bar = demo::Progress::Bar.bar(parsed.lines.len() as u64, "Importing points of sale");
    let source = crate::db::models::audit::AuditTarget::ImportFile(
        args.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let started = std::time::Instant::now();
    let actor = crate::db::models::audit::Actor::cli();
    let report = import::apply(&mut conn, &parsed, &actor, &source, args.dry_run, &|| {
        bar.inc(1)
    });
    bar.finish();
    let report = match report {
        Ok(r) => r,
        Err(PointImportError::Invalid(errors)) => anyhow::bail!("{} bad line(s)", errors.len()),
        Err(PointImportError::Database(e)) => {
            return Err(e).context("import failed; nothing was imported");
        }
    };
    println!(
        "{} {} lines in {:.2} s: points of sale {} new / {} updated / {} unchanged.",
        if args.dry_run {
            "Dry run (nothing changed):"
        } else {
            "Imported"
        },
        report.lines,
        started.elapsed().as_secs_f64(),
        report.created,
        report.updated,
        report.unchanged,
    );
    Ok(())
}

/// `export-points-of-sale`: every point of sale as CSV on standard output.
fn export_points_of_sale(db: &Db) -> anyhow::Result<()> {
    use std::io::Write;
    let mut conn = db.conn()?;
    let ctx = crate::reference::CardContext::load(&mut conn)?;
    let bytes = crate::import::points_of_sale::export_csv(&mut conn, &ctx)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

/// `open-data build`: writes a new set of bulk files with a progress bar.
fn open_data_build(settings: &Settings) -> anyhow::Result<()> {
    let db = AppState::open_db(settings)?;
    let site = settings.site_address()?;
    let open_data = crate::bulk::OpenData::new(
        settings.open_data_dir(),
        std::time::Duration::from_secs(settings.open_data_seconds),
    );
    let total: i64 = crate::db::models::bulk::published_counts(&mut *db.conn()?)?
        .iter()
        .sum();
    let bar = demo::Progress::Bar.bar(u64::try_from(total)?, "Writing open data");
    let started = std::time::Instant::now();
    let manifest = open_data.build(&db, site.origin(), &|_, n| bar.inc(n))?;
    bar.finish_and_clear();
    for f in &manifest.files {
        println!(
            "{:<28} {:>9} rows {:>12} bytes  sha256 {}",
            f.name, f.rows, f.bytes, f.sha256
        );
    }
    println!(
        "Open data built in {:.1} s into {}.",
        started.elapsed().as_secs_f64(),
        open_data.root().join("current").display()
    );
    Ok(())
}

/// `open-data load DIR`: checks the files against their manifest, then loads them into the
/// (empty) database in one transaction, the products queued for the search index.
fn open_data_load(settings: &Settings, dir: &std::path::Path) -> anyhow::Result<()> {
    let db = AppState::open_db(settings)?;
    let manifest = crate::bulk::Manifest::read(dir)?;
    let total: u64 = manifest
        .files
        .iter()
        .filter(|f| f.format == crate::bulk::Format::JsonLines.as_str())
        .map(|f| f.rows)
        .sum();
    let bar = demo::Progress::Bar.bar(total, "Loading open data");
    let started = std::time::Instant::now();
    let report = crate::bulk::load::load_set(&db, dir, &|_, n| bar.inc(n));
    bar.finish_and_clear();
    let report = report.context("nothing was loaded")?;
    println!(
        "Loaded {report} in {:.1} s. The search index catches up when the site runs \
         (or now: hangviet reindex).",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `user add --email E --role R [--name N]`, password on standard input.
fn add_user(db: &Db, email: &str, role: &str, name: &str) -> anyhow::Result<()> {
    use crate::auth::password;
    use crate::db::models::user::{NewUser, normalize_email};
    let mut secret = String::new();
    std::io::stdin()
        .read_line(&mut secret)
        .context("cannot read the password from stdin")?;
    let secret = secret.trim_end_matches(['\r', '\n']);
    let role = crate::db::models::user::Role::parse(role)
        .ok_or_else(|| anyhow::anyhow!("unknown role {role:?}"))?;
    let email = normalize_email(email);
    password::check_policy(secret, &email)
        .map_err(|e| anyhow::anyhow!(crate::i18n::Locale::Vi.msg(&e)))?;
    let now = chrono::Utc::now().naive_utc();
    let created = NewUser {
        email: email.clone(),
        name: name.to_owned(),
        password_hash: password::hash_blocking(secret)?,
        role,
        suspended_at: None,
        created_at: now,
        updated_at: now,
    }
    .insert(&mut *db.conn()?)?;
    match created {
        Some(_) => {
            println!("Created {role} {email}.");
            Ok(())
        }
        None => anyhow::bail!("{email} already has an account"),
    }
}

/// Log lines go to standard error, for people or (`HANGVIET_LOG_FORMAT=json`) one JSON object
/// a line with the request's span (its `request_id`) in it.
fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second call (tests) keeps the first subscriber.
    let _ = if format == "json" {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}

/// `hangviet vote count DIR`: the results of the published files, and whether they are the
/// published ones, in Vietnamese (as the other reports to operators).
fn vote_detect(settings: &Settings, year: i32) -> anyhow::Result<()> {
    let db = AppState::open_db(settings)?;
    let keys =
        crate::vote::online::VoteKeys::load(settings.vote_key.as_deref(), &settings.data_dir)?;
    let mut conn = db.conn()?;
    let campaign = crate::db::models::vote_campaign::Campaign::by_year(&mut conn, year)?
        .ok_or_else(|| anyhow::anyhow!("no vote for {year}"))?;
    let now = chrono::Utc::now().naive_utc();
    let found = crate::actions::vote_detect::run(&mut conn, &keys, campaign.id, now)?;
    let vi = crate::i18n::Locale::Vi;
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-detected")
                .arg("ballots", found.ballots.to_string())
                .arg("flagged", found.flagged.to_string())
        )
    );
    for (rule, n) in &found.by_rule {
        println!("  {}: {n}", rule.code());
    }
    Ok(())
}

fn print_simulation(r: &crate::fraud_sim::Report) {
    let vi = crate::i18n::Locale::Vi;
    let share =
        |part: usize, whole: usize| format!("{:.2}", 100.0 * part as f64 / whole.max(1) as f64);
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-sim-farm")
                .arg("flagged", r.farm_flagged.to_string())
                .arg("farm", r.farm.to_string())
                .arg("share", share(r.farm_flagged, r.farm))
        )
    );
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-sim-honest")
                .arg("flagged", r.honest_flagged.to_string())
                .arg("honest", r.honest.to_string())
                .arg("share", share(r.honest_flagged, r.honest))
        )
    );
    for (rule, (honest, farm)) in &r.by_rule {
        println!(
            "  {}",
            vi.msg(
                &Msg::new("cli-vote-sim-rule")
                    .arg("rule", *rule)
                    .arg("farm", farm.to_string())
                    .arg("honest", honest.to_string())
            )
        );
    }
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-sim-target")
                .arg("before", r.target_votes.0.to_string())
                .arg("rank_before", r.target_rank.0.to_string())
                .arg("after", r.target_votes.1.to_string())
                .arg("rank_after", r.target_rank.1.to_string())
                .arg("refused", r.refused.to_string())
                .arg("seconds", format!("{:.0}", r.seconds))
        )
    );
}

fn vote_count(dir: &std::path::Path) -> anyhow::Result<()> {
    use crate::vote::count::SCALE;
    let vi = crate::i18n::Locale::Vi;
    let recount = crate::vote::files::recount(dir)?;
    let r = &recount.results;
    let t = &r.turnout;
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-rules")
                .arg("year", r.year.to_string())
                .arg("checksum", r.rules_checksum.clone())
        )
    );
    println!(
        "{}",
        vi.msg(
            &Msg::new("cli-vote-turnout")
                .arg("counted", t.ballots_counted.to_string())
                .arg("superseded", t.ballots_superseded.to_string())
                .arg("invalidated", t.ballots_invalidated.to_string())
                .arg("unconfirmed", t.ballots_unconfirmed.to_string())
                .arg("accepted", t.paper_batches_accepted.to_string())
                .arg("sheets", t.paper_sheets.to_string())
                .arg("blocked", t.paper_batches_blocked.to_string())
                .arg("marks", t.vote_marks.to_string())
        )
    );
    let share = |millionths: u64| format!("{:.6}", millionths as f64 / SCALE as f64);
    for group in &r.groups {
        println!();
        println!(
            "{}",
            vi.msg(&Msg::new("cli-vote-group").arg("group", group.group.clone()))
        );
        for p in &group.ranking {
            let tier = match p.tier {
                Some(tier) => vi.msg(&Msg::new("cli-vote-tier").arg("tier", tier.to_string())),
                None => "-".to_owned(),
            };
            let line = Msg::new("cli-vote-placed")
                .arg("rank", p.rank.to_string())
                .arg("number", p.nomination.to_string())
                .arg("online", p.online_votes.to_string())
                .arg("paper", p.paper_votes.to_string())
                .arg("score", share(p.score))
                .arg("jury", share(p.jury))
                .arg("tier", tier);
            println!("  {}", vi.msg(&line));
        }
    }
    println!();
    if !recount.matches {
        eprintln!("{}", vi.msg(&Msg::new("cli-vote-differs")));
        anyhow::bail!("the recount differs from the published results.csv");
    }
    println!("{}", vi.msg(&Msg::new("cli-vote-matches")));
    Ok(())
}
