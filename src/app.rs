//! Application state and the actix `App`: middleware, error pages and the route table.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{
    Compress, DefaultHeaders, ErrorHandlers, Logger, NormalizePath, TrailingSlash,
};
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::config::Settings;
use crate::db::Db;
use crate::handlers::errors::render_error_page;
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
}

impl AppState {
    /// Opens (and migrates) the database, prepares media storage, templates and search.
    pub fn init(settings: &Settings) -> anyhow::Result<AppState> {
        Ok(AppState {
            site: settings.site_address()?,
            db: AppState::open_db(settings)?,
            templates: crate::assets::templates()?,
            media: MediaStore::local(settings.media_dir())?,
            reference: ReferenceCache::default(),
            pages: PageCache::new(std::time::Duration::from_secs(settings.page_cache_seconds)),
            body_deadline: crate::body_deadline::BodyDeadline {
                seconds: settings.body_timeout_seconds,
            },
            search: SearchService::from_settings(settings),
        })
    }

    /// The caches actions drop after they commit.
    pub fn caches(&self) -> crate::actions::Caches<'_> {
        crate::actions::Caches {
            pages: &self.pages,
            reference: &self.reference,
        }
    }

    /// After awards were recorded, changed or imported: cached pages and the reference data's
    /// award years are out of date here (other instances catch up within their TTLs).
    pub fn awards_changed(&self) {
        self.caches().awards_changed();
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

/// Blocking threads and pooled connections go together: one connection per blocking thread
/// that may query, capped so PostgreSQL isn't flooded by several instances.
fn pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    u32::try_from(cores * 4).unwrap_or(16).clamp(4, 32)
}

/// Headers on every response: no inline script, no framing, no MIME sniffing; behind HTTPS,
/// browsers are told to keep to it.
fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"));
    if https {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

/// The whole site; tests build it exactly as `serve` does.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let https = state.site.is_https();
    App::new()
        .app_data(web::Data::new(state.site.clone()))
        .app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            crate::error::AppError::bad_request(
                crate::i18n::Msg::new("query-invalid").arg("detail", err.to_string()),
            )
            .into()
        }))
        .wrap(actix_web::middleware::from_fn(crate::i18n::route_language))
        .wrap(actix_web::middleware::from_fn(
            crate::body_deadline::enforce,
        ))
        .wrap(actix_web::middleware::from_fn(
            crate::page_cache::serve_cached,
        ))
        .wrap(ErrorHandlers::new().default_handler(render_error_page))
        .wrap(security_headers(https))
        .wrap(Compress::default())
        .wrap(NormalizePath::new(TrailingSlash::Trim))
        .wrap(Logger::new("%r %s %Dms"))
        .configure(crate::routes::configure)
}

/// Runs the HTTP server until interrupted.
pub async fn serve(state: AppState, bind: &str) -> anyhow::Result<()> {
    let state = web::Data::new(state);
    crate::search::spawn_worker(state.clone());
    let media = state.media.clone();
    std::thread::spawn(move || media.sweep_stale_temp_files());
    tracing::info!("hangviet listening on http://{bind}");
    HttpServer::new(move || app(state.clone()))
        .bind(bind)
        .with_context(|| format!("cannot listen on {bind}"))?
        .run()
        .await
        .context("server stopped with an error")
}
