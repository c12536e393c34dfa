//! `/healthz`: 200 when the site can serve, with the state of its parts as JSON. The parts'
//! state (backends, counts, error texts) is shown only to a client on this machine's loopback
//! or to a signed-in admin; anyone else gets the status alone.

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::RunQueryDsl;
use serde::Serialize;

use crate::app::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    database: Option<DatabaseHealth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<SearchHealth>,
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
pub async fn healthz(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let database = database_health(&state).await;
    let search = search_health(&state).await;
    let (mut response, status) = if database.ok {
        (HttpResponse::Ok(), "ok")
    } else {
        (HttpResponse::ServiceUnavailable(), "unavailable")
    };
    let detailed = may_see_details(&state, &req).await;
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status,
            database: detailed.then_some(database),
            search: detailed.then_some(search),
        })
}

/// Whether the database answers a trivial query.
async fn database_health(state: &AppState) -> DatabaseHealth {
    let probe = state
        .db
        .run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await;
    DatabaseHealth {
        backend: state.db.backend(),
        ok: probe.is_ok(),
        error: probe.err().map(|e| format!("{e:?}")),
    }
}

/// The search backend's document count (bounded by the search timeout) and the changes
/// still waiting for the index.
async fn search_health(state: &AppState) -> SearchHealth {
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
    SearchHealth {
        backend: state.search.backend_name(),
        ok: documents.is_some(),
        documents,
        pending,
        error,
    }
}

/// Loopback clients (the operator, a local monitor) and signed-in admins see the details. A
/// database that cannot be read makes nobody an admin.
async fn may_see_details(state: &AppState, req: &HttpRequest) -> bool {
    if state.site.client_ip(req).is_some_and(|ip| ip.is_loopback()) {
        return true;
    }
    crate::auth::Visitor::load(req).await.is_ok_and(|v| {
        v.user()
            .is_some_and(|u| u.role() == crate::db::models::user::Role::Admin)
    })
}
