//! `/healthz`: 200 when the site can serve, with the state of its parts as JSON.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;
use serde::Serialize;

use crate::app::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: DatabaseHealth,
    search: SearchHealth,
}

#[derive(Serialize)]
struct SearchHealth {
    backend: &'static str,
    /// False when searches are answered from the database (degraded).
    ok: bool,
    documents: Option<u64>,
    /// Changes waiting for the index.
    pending: Option<i64>,
    error: Option<String>,
}

#[derive(Serialize)]
struct DatabaseHealth {
    backend: crate::db::Backend,
    ok: bool,
    error: Option<String>,
}

/// The site serves as long as the database does; a search backend that is down only
/// degrades search, so it is reported but does not fail the check.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let backend = state.db.backend();
    let probe = state
        .db
        .run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await;
    let database = DatabaseHealth {
        backend,
        ok: probe.is_ok(),
        error: probe.err().map(|e| format!("{e:?}")),
    };
    let count = tokio::time::timeout(crate::search::SEARCH_TIMEOUT, state.search.count()).await;
    let pending = state
        .db
        .run(|conn| {
            Ok(crate::db::models::search_outbox::SearchOutbox::pending(
                conn,
            )?)
        })
        .await
        .ok();
    let (documents, error) = match count {
        Ok(Ok(n)) => (Some(n), None),
        Ok(Err(e)) => (None, Some(format!("{e:#}"))),
        Err(_) => (None, Some("timed out".to_owned())),
    };
    let search = SearchHealth {
        backend: state.search.backend_name(),
        ok: documents.is_some(),
        documents,
        pending,
        error,
    };
    let (mut response, status) = if database.ok {
        (HttpResponse::Ok(), "ok")
    } else {
        (HttpResponse::ServiceUnavailable(), "unavailable")
    };
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status,
            database,
            search,
        })
}
