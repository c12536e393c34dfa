//! `/healthz`: 200 when the site can serve, with the state of its parts as JSON.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;
use serde::Serialize;

use crate::app::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: DatabaseHealth,
}

#[derive(Serialize)]
struct DatabaseHealth {
    backend: crate::db::Backend,
    ok: bool,
    error: Option<String>,
}

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
    let (mut response, status) = if database.ok {
        (HttpResponse::Ok(), "ok")
    } else {
        (HttpResponse::ServiceUnavailable(), "unavailable")
    };
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(Health { status, database })
}
