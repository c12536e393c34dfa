//! `GET /metrics`: the Prometheus text format (0.0.4): requests by route (counted by
//! `observe::tag_request`), the page cache, the database pool, the search backend and its
//! outbox, the mail outbox.
//!
//! It answers loopback clients and the addresses of `HANGVIET_METRICS_ALLOW`; the client is
//! judged as everywhere else (`SiteAddress::client_ip`), so a forged `X-Forwarded-For` from an
//! untrusted peer counts for nothing. Others get 404, as if there were no such page.

use std::fmt::Write as _;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::observe::{Metrics, family, gauge};

/// What the database says about the queues, read in one go.
#[derive(Debug, Default)]
struct Backlogs {
    search_outbox: Option<i64>,
    mail_pending: Option<i64>,
    mail_failing: Option<i64>,
}

async fn backlogs(state: &AppState) -> Backlogs {
    state
        .db
        .run(|conn| {
            let mail = crate::db::models::mail_outbox::MailOutbox::backlog(conn).ok();
            Ok(Backlogs {
                search_outbox: crate::db::models::search_outbox::SearchOutbox::pending(conn).ok(),
                mail_pending: mail.map(|(pending, _)| pending),
                mail_failing: mail.map(|(_, failing)| failing),
            })
        })
        .await
        .unwrap_or_default()
}

/// The whole `/metrics` text.
async fn render(state: &AppState, metrics: &Metrics) -> String {
    let mut out = String::with_capacity(16 * 1024);
    family(
        &mut out,
        "hangviet_build_info",
        "gauge",
        "The running version (always 1).",
    );
    let _ = writeln!(
        out,
        "hangviet_build_info{{version=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION")
    );
    gauge(
        &mut out,
        "hangviet_uptime_seconds",
        "gauge",
        "Seconds since the process started.",
        metrics.uptime().as_secs(),
    );
    metrics.render_requests(&mut out);

    let cache = state.pages.stats();
    gauge(
        &mut out,
        "hangviet_page_cache_hits_total",
        "counter",
        "Public pages answered from the page cache.",
        cache.hits,
    );
    gauge(
        &mut out,
        "hangviet_page_cache_misses_total",
        "counter",
        "Cacheable public pages that had to be rendered.",
        cache.misses,
    );
    gauge(
        &mut out,
        "hangviet_page_cache_pages",
        "gauge",
        "Pages held by the page cache.",
        cache.pages,
    );
    gauge(
        &mut out,
        "hangviet_page_cache_bytes",
        "gauge",
        "Bytes held by the page cache.",
        cache.bytes,
    );

    let pool = state.db.pool_state();
    gauge(
        &mut out,
        "hangviet_db_pool_connections",
        "gauge",
        "Database connections open in the pool.",
        pool.connections,
    );
    gauge(
        &mut out,
        "hangviet_db_pool_idle_connections",
        "gauge",
        "Open database connections not in use.",
        pool.idle,
    );
    gauge(
        &mut out,
        "hangviet_db_pool_max_connections",
        "gauge",
        "The most connections the pool opens.",
        pool.max,
    );

    let documents = tokio::time::timeout(crate::search::SEARCH_TIMEOUT, state.search.count()).await;
    let documents = match documents {
        Ok(Ok(n)) => Some(n),
        _ => None,
    };
    family(
        &mut out,
        "hangviet_search_backend_up",
        "gauge",
        "1 when the search backend answers, 0 when searches fall back to the database.",
    );
    let _ = writeln!(
        out,
        "hangviet_search_backend_up{{backend=\"{}\"}} {}",
        state.search.backend_name(),
        u8::from(documents.is_some())
    );
    if let Some(documents) = documents {
        gauge(
            &mut out,
            "hangviet_search_documents",
            "gauge",
            "Documents in the search index.",
            documents,
        );
    }
    let queues = backlogs(state).await;
    if let Some(n) = queues.search_outbox {
        gauge(
            &mut out,
            "hangviet_search_outbox_pending",
            "gauge",
            "Catalogue changes waiting for the search index.",
            n,
        );
    }
    if let Some(n) = queues.mail_pending {
        gauge(
            &mut out,
            "hangviet_mail_outbox_pending",
            "gauge",
            "Mails waiting to be sent.",
            n,
        );
    }
    if let Some(n) = queues.mail_failing {
        gauge(
            &mut out,
            "hangviet_mail_outbox_failing",
            "gauge",
            "Unsent mails whose last attempt failed.",
            n,
        );
    }
    out
}

/// Whether the client may read `/metrics`.
fn may_read_metrics(state: &AppState, req: &HttpRequest) -> bool {
    state
        .site
        .client_ip(req)
        .is_some_and(|ip| ip.is_loopback() || state.metrics_allow.contains(ip))
}

/// `GET /metrics`: the Prometheus text format, for loopback and the configured addresses.
pub async fn show_metrics(
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
    req: HttpRequest,
) -> HttpResponse {
    if !may_read_metrics(&state, &req) {
        return HttpResponse::NotFound()
            .insert_header(("Cache-Control", "no-store"))
            .content_type(mime::TEXT_PLAIN_UTF_8)
            .body("404 Not Found\n");
    }
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(render(&state, &metrics).await)
}
