//! Importing a yearly award list from the web: staging an upload (checked and dry-run, kept
//! with its preview) and confirming it (applied once, all or nothing, audited). A confirmed
//! list changes awards: public pages and the reference data's award years are dropped.

use super::Caches;
use crate::db::Db;
use crate::db::models::audit::Actor;
use crate::error::AppError;
use crate::import::{self, ConfirmError, ImportReport};
use crate::reference::CardContext;
use std::sync::Arc;

/// Checks and dry-runs an uploaded file and stores it with its preview; returns its id.
pub async fn stage(
    db: &Db,
    ctx: Arc<CardContext>,
    actor: Actor,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<i32, AppError> {
    db.run(move |conn| Ok(import::stage(conn, &ctx, &actor, &file_name, &bytes)?))
        .await
}

/// Applies a staged upload once. A missing upload is a 404; one that cannot be applied
/// says why.
pub async fn confirm(
    db: &Db,
    caches: Caches<'_>,
    ctx: Arc<CardContext>,
    actor: Actor,
    id: i32,
) -> Result<Result<ImportReport, ConfirmError>, AppError> {
    let outcome = db
        .run(move |conn| Ok(import::confirm(conn, &ctx, &actor, id)))
        .await?;
    match outcome {
        Ok(report) => {
            caches.awards_changed();
            Ok(Ok(report))
        }
        // diesel's NotFound becomes a 404.
        Err(ConfirmError::Database(e)) => Err(e.into()),
        Err(refused) => Ok(Err(refused)),
    }
}
