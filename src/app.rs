//! The application state: the services handlers share, built once at start from the settings.
//! It depends on the services, never the other way round: a service receives `&Db`,
//! `&SearchService`… (see [`AppState::search_worker`]), and the actix `App` that hands the
//! state to handlers is built in [`crate::server`].

use anyhow::Context;

use crate::config::Settings;
use crate::db::Db;
use crate::media::MediaStore;
use crate::page_cache::PageCache;
use crate::reference::ReferenceCache;
use crate::search::SearchService;
use crate::site::SiteAddress;

/// Everything handlers share, built once at start.
pub struct AppState {
    pub db: Db,
    pub templates: crate::assets::Templates,
    pub media: MediaStore,
    /// Categories and provinces, cached between requests.
    pub reference: ReferenceCache,
    pub search: SearchService,
    /// Rendered public pages, reused for a few seconds.
    pub pages: PageCache,
    /// The public address absolute URLs are built from, and the trusted proxies.
    pub site: SiteAddress,
    /// How long a request body may take to arrive.
    pub body_deadline: crate::body_deadline::BodyDeadline,
    /// The operator's contact e-mail (`HANGVIET_CONTACT_EMAIL`), if set and well formed.
    pub contact_email: Option<String>,
    /// The consumer vote's keys (`HANGVIET_VOTE_KEY`, else made in the data directory).
    pub vote_keys: crate::vote::online::VoteKeys,
    /// The SMS gateway phone ballots' codes go through (`HANGVIET_SMS_GATEWAY`), if any.
    pub sms: Option<crate::vote::online::SmsGateway>,
    /// The site's clock: what "today" is for pages that compare dates (events).
    pub clock: crate::clock::SiteClock,
    /// Delivers the mail outbox (`.eml` files, or SMTP with `SMTP_URL`).
    pub mailer: crate::mail::Mailer,
    /// Request counts and latencies for `/metrics`.
    pub metrics: std::sync::Arc<crate::observe::Metrics>,
    /// Who besides loopback may read `/metrics` (`HANGVIET_METRICS_ALLOW`).
    pub metrics_allow: crate::site::Networks,
    /// When each public answer was first sent (`Last-Modified`, see [`crate::conditional`]).
    pub validators: crate::conditional::Validators,
    /// The bulk downloads (`/du-lieu`) and when they are rebuilt.
    pub open_data: crate::bulk::OpenData,
}

/// `HANGVIET_CONTACT_EMAIL`, checked: a malformed address stops the start instead of being
/// printed on the about page.
fn contact_email(settings: &Settings) -> anyhow::Result<Option<String>> {
    match settings.contact_email.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(email) if crate::validate::email(email).is_ok() => Ok(Some(email.to_owned())),
        Some(email) => anyhow::bail!("HANGVIET_CONTACT_EMAIL: {email:?} is not an e-mail address"),
    }
}

impl AppState {
    /// Opens (and migrates) the database, prepares media storage, templates and search.
    pub fn init(settings: &Settings) -> anyhow::Result<AppState> {
        let site = settings.site_address()?;
        let mailer = crate::mail::Mailer::new(
            settings.mail_from.as_deref(),
            settings.smtp_url.as_deref(),
            settings.mail_dir(),
            &site,
        )?;
        Ok(AppState {
            mailer,
            site,
            db: AppState::open_db(settings)?,
            templates: crate::assets::templates()?,
            media: MediaStore::local(settings.media_dir())?,
            reference: ReferenceCache::default(),
            pages: PageCache::new(std::time::Duration::from_secs(settings.page_cache_seconds)),
            body_deadline: crate::body_deadline::BodyDeadline {
                seconds: settings.body_timeout_seconds,
            },
            search: search_service(settings),
            contact_email: contact_email(settings)?,
            vote_keys: crate::vote::online::VoteKeys::load(
                settings.vote_key.as_deref(),
                &settings.data_dir,
            )
            .and_then(|k| k.with_pow_bits(settings.vote_pow_bits))
            .context("the vote key")?,
            sms: settings
                .sms_gateway
                .as_deref()
                .filter(|g| !g.trim().is_empty())
                .map(crate::vote::online::SmsGateway::parse)
                .transpose()
                .map_err(anyhow::Error::msg)
                .context("HANGVIET_SMS_GATEWAY")?,
            clock: crate::clock::SiteClock::default(),
            metrics: std::sync::Arc::default(),
            metrics_allow: crate::site::Networks::parse(&settings.metrics_allow)
                .context("HANGVIET_METRICS_ALLOW")?,
            validators: crate::conditional::Validators::default(),
            open_data: crate::bulk::OpenData::new(
                settings.open_data_dir(),
                std::time::Duration::from_secs(settings.open_data_seconds),
            ),
        })
    }

    /// What the search outbox worker uses (see [`crate::search::spawn_worker`]).
    pub fn search_worker(&self) -> crate::search::Worker<'_> {
        crate::search::Worker {
            db: &self.db,
            search: &self.search,
            reference: &self.reference,
            pages: &self.pages,
        }
    }

    /// What the mail worker uses (see [`crate::mail::spawn_worker`]).
    pub fn mail_worker(&self) -> crate::mail::Worker<'_> {
        crate::mail::Worker {
            db: &self.db,
            mailer: &self.mailer,
            clock: &self.clock,
            site: &self.site,
        }
    }

    /// What the bulk-download builder uses (see [`crate::bulk::spawn_worker`]).
    pub fn open_data_worker(&self) -> crate::bulk::Worker<'_> {
        crate::bulk::Worker {
            db: &self.db,
            open_data: &self.open_data,
            site: &self.site,
        }
    }

    /// The caches actions drop after they commit.
    pub fn caches(&self) -> crate::actions::Caches<'_> {
        crate::actions::Caches {
            pages: &self.pages,
            reference: &self.reference,
        }
    }

    /// Only the database, migrated: for commands that need nothing else (and must not take
    /// the search index's writer lock from a running server).
    pub fn open_db(settings: &Settings) -> anyhow::Result<Db> {
        private_data_dir(settings).with_context(|| {
            format!(
                "cannot prepare the data directory {}",
                settings.data_dir.display()
            )
        })?;
        let db = Db::connect(&settings.database_url(), pool_size())?;
        db.migrate()?;
        Ok(db)
    }
}

/// The data directory holds password hashes, emails and the session key: it is made readable
/// by this user only (0700), and so is a SQLite file it holds (0600; SQLite gives its journal
/// and WAL files the same mode). Existing ones are tightened.
fn private_data_dir(settings: &Settings) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    let dir = &settings.data_dir;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    let url = settings.database_url();
    let plain_file = !url.starts_with("file:") && url != ":memory:";
    if crate::db::Backend::of_url(&url) == crate::db::Backend::Sqlite && plain_file {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&url)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// The search service the settings ask for: the database only (`HANGVIET_SEARCH=database`),
/// Meilisearch (`MEILI_URL`) or the embedded index in the data directory.
fn search_service(settings: &Settings) -> SearchService {
    let mut service = if settings.search == "database" {
        SearchService::new(None)
    } else {
        SearchService::open(
            &settings.search_dir(),
            settings.meili_url(),
            settings.meili_api_key.as_deref(),
            &settings.meili_index,
        )
    };
    service.set_timeout(std::time::Duration::from_millis(
        settings.search_timeout_ms.max(1),
    ));
    service
}

/// Blocking threads and pooled connections go together: one connection per blocking thread
/// that may query, capped so PostgreSQL isn't flooded by several instances.
fn pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    u32::try_from(cores * 4).unwrap_or(16).clamp(4, 32)
}
