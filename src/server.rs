//! The actix `App` (middleware, error pages, the route table) and the HTTP server. The shared
//! state is [`crate::app::AppState`]; this module wires it to the request pipeline, handing each
//! middleware only the service it reads (the database, the page cache, the site address, the
//! body deadline) as app data of its own.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{
    Compress, DefaultHeaders, ErrorHandlers, NormalizePath, TrailingSlash,
};
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::app::AppState;
use crate::handlers::errors::render_error_page;
use crate::i18n::Msg;

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
        // What the middleware and extractors outside `handlers` read, each on its own.
        .app_data(web::Data::new(state.site.clone()))
        .app_data(web::Data::new(state.db.clone()))
        .app_data(web::Data::new(state.pages.clone()))
        .app_data(web::Data::new(state.body_deadline))
        .app_data(web::Data::from(state.metrics.clone()))
        .app_data(web::Data::new(state.validators.clone()))
        .app_data(state)
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            let message = Msg::new("query-invalid").arg("detail", err.to_string());
            crate::error::AppError::bad_request(message).into()
        }))
        .wrap(actix_web::middleware::from_fn(
            crate::handlers::admin::officials_menu,
        ))
        .wrap(actix_web::middleware::from_fn(
            crate::auth::remember_visitor,
        ))
        // Inside the language middleware, so `/en/api/…` is seen as `/api/…`.
        .wrap(actix_web::middleware::from_fn(crate::api_edge::api_edge))
        .wrap(actix_web::middleware::from_fn(crate::i18n::route_language))
        .wrap(actix_web::middleware::from_fn(
            crate::body_deadline::enforce,
        ))
        .wrap(actix_web::middleware::from_fn(
            crate::page_cache::serve_cached,
        ))
        .wrap(actix_web::middleware::from_fn(
            crate::conditional::revalidate,
        ))
        .wrap(ErrorHandlers::new().default_handler(render_error_page))
        .wrap(security_headers(https))
        .wrap(Compress::default())
        .wrap(NormalizePath::new(TrailingSlash::Trim))
        .wrap(actix_web::middleware::from_fn(crate::observe::tag_request))
        .configure(crate::routes::configure)
}

/// Runs the vote's fraud detection once a day while voting is open (checked every ten
/// minutes; one instance runs it, see `actions::vote_detect::run_if_due`).
fn spawn_vote_detection(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            let keys = state.vote_keys.clone();
            let now = state.clock.now();
            let ran = state
                .db
                .run(move |conn| Ok(crate::actions::vote_detect::run_if_due(conn, &keys, now)?))
                .await;
            match ran {
                Ok(Some(found)) => tracing::info!(
                    ballots = found.ballots,
                    flagged = found.flagged,
                    "vote fraud detection ran"
                ),
                Ok(None) => {}
                Err(err) => tracing::warn!(error = %err, "vote fraud detection failed"),
            }
        }
    });
}

/// Runs the HTTP server until interrupted.
pub async fn serve(state: AppState, bind: &str) -> anyhow::Result<()> {
    let state = web::Data::new(state);
    crate::search::spawn_worker(state.clone().into_inner(), AppState::search_worker);
    crate::mail::spawn_worker(state.clone().into_inner(), AppState::mail_worker);
    crate::bulk::spawn_worker(state.clone().into_inner(), AppState::open_data_worker);
    spawn_vote_detection(state.clone());
    let media = state.media.clone();
    std::thread::spawn(move || media.sweep_stale_temp_files());
    let db = state.db.clone();
    std::thread::spawn(move || {
        if let Err(err) = db.refresh_statistics(crate::db::Statistics::IfStale) {
            tracing::warn!(error = %format!("{err:#}"), "planner statistics not refreshed");
        }
    });
    let server = HttpServer::new(move || app(state.clone()))
        .bind(bind)
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!("hangviet listening on http://{bind}");
    server.run().await.context("server stopped with an error")
}
