//! Imports from the web, in two steps: an uploaded file is checked and dry-run at once and
//! stored with its preview (what will be created, matched, or is wrong); the official then
//! confirms, and the stored file is checked again and applied, all or nothing, exactly once.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ImportError, ImportReport, LineError, LineOutcome, apply, parse};
use crate::db::DbConnection;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::award_import::{AwardImport, NewAwardImport};
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;

/// Errors kept with a staged upload and shown on its page: the first ones in file order.
/// The upload's `error_count` counts them all (the command line prints them all).
pub const ERRORS_KEPT: usize = 200;

/// The checked outcome of an uploaded file, shown before the official confirms.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ImportPreview {
    pub report: ImportReport,
    pub outcomes: Vec<LineOutcome>,
    /// The first [`ERRORS_KEPT`] errors.
    pub errors: Vec<LineError>,
}

/// Checks and dry-runs `bytes`, and stores the upload with its preview; returns its id.
pub fn stage(
    conn: &mut DbConnection,
    ctx: &CardContext,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> QueryResult<i32> {
    let parsed = parse(bytes, ctx);
    let mut preview = ImportPreview {
        errors: parsed.errors.clone(),
        ..ImportPreview::default()
    };
    if parsed.errors.is_empty() {
        let source = AuditTarget::ImportFile(file_name.to_owned());
        match apply(conn, &parsed, actor, &source, true, &|| {}) {
            Ok(mut report) => {
                preview.outcomes = std::mem::take(&mut report.outcomes);
                preview.report = report;
            }
            Err(ImportError::Invalid(errors)) => preview.errors = errors,
            Err(ImportError::Database(e)) => return Err(e),
        }
    }
    // A line can have several messages: count each bad line once.
    let bad_lines: std::collections::BTreeSet<u64> =
        preview.errors.iter().map(|e| e.line).collect();
    let lines = parsed.lines.len() + bad_lines.len();
    let error_count = preview.errors.len();
    preview.errors.truncate(ERRORS_KEPT);
    NewAwardImport {
        file_name: file_name.chars().take(200).collect(),
        // A file with errors is never applied: keep only its preview.
        content: if preview.errors.is_empty() {
            String::from_utf8_lossy(bytes).into_owned()
        } else {
            String::new()
        },
        uploaded_by: actor.user_id,
        preview: serde_json::to_string(&preview).unwrap_or_default(),
        line_count: i32::try_from(lines).unwrap_or(i32::MAX),
        error_count: i32::try_from(error_count).unwrap_or(i32::MAX),
        created_at: chrono::Utc::now().naive_utc(),
    }
    .insert(conn)
}

/// Why a confirmation did not import.
#[derive(Debug)]
pub enum ConfirmError {
    /// The upload was confirmed before, or had errors: nothing to do.
    NotPending,
    /// The file no longer checks out (e.g. a category was renamed since the preview).
    Invalid(Vec<LineError>),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for ConfirmError {
    fn from(e: diesel::result::Error) -> Self {
        ConfirmError::Database(e)
    }
}

/// Applies a staged upload once, in one transaction with its audit row.
pub fn confirm(
    conn: &mut DbConnection,
    ctx: &CardContext,
    actor: &Actor,
    id: i32,
) -> Result<ImportReport, ConfirmError> {
    conn.transaction(|conn| {
        let staged = AwardImport::by_id(conn, id)?;
        if !AwardImport::mark_applied(conn, id, chrono::Utc::now().naive_utc())? {
            return Err(ConfirmError::NotPending);
        }
        let parsed = parse(staged.content.as_bytes(), ctx);
        let source = AuditTarget::StagedImport {
            id,
            file_name: staged.file_name,
        };
        let report = match apply(conn, &parsed, actor, &source, false, &|| {}) {
            Ok(report) => report,
            Err(ImportError::Invalid(errors)) => return Err(ConfirmError::Invalid(errors)),
            Err(ImportError::Database(e)) => return Err(e.into()),
        };
        if !report.changed_anything() {
            // `apply` audits only changes; a confirmed upload is an official act either way.
            // The audit log is kept in the site's source language.
            let note = Locale::Vi.msg(&Msg::new("audit-note-no-change"));
            Audit::record(conn, actor, AuditAction::ImportAwards, &source, &note)?;
        }
        Ok(report)
    })
}
