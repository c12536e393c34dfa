//! Award lists uploaded from the web: kept from the preview to the official's confirmation,
//! and afterwards as the record of what was imported.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::schema::award_imports;

/// One uploaded list. `content` is the file as uploaded (empty when the file had errors: it
/// cannot be confirmed, and may not even be UTF-8); `preview` is the checked outcome as JSON.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = award_imports)]
pub struct AwardImport {
    pub id: i32,
    pub file_name: String,
    pub content: String,
    pub uploaded_by: Option<i32>,
    pub preview: String,
    pub line_count: i32,
    pub error_count: i32,
    pub created_at: NaiveDateTime,
    pub applied_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = award_imports, treat_none_as_default_value = false)]
pub struct NewAwardImport {
    pub file_name: String,
    pub content: String,
    pub uploaded_by: Option<i32>,
    pub preview: String,
    pub line_count: i32,
    pub error_count: i32,
    pub created_at: NaiveDateTime,
}

/// A line of the recent uploads list.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct AwardImportSummary {
    pub id: i32,
    pub file_name: String,
    pub line_count: i32,
    pub error_count: i32,
    pub created_at: NaiveDateTime,
    pub applied_at: Option<NaiveDateTime>,
}

impl NewAwardImport {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<i32> {
        diesel::insert_into(award_imports::table)
            .values(self)
            .returning(award_imports::id)
            .get_result(conn)
    }
}

impl AwardImport {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<AwardImport> {
        award_imports::table
            .find(id)
            .select(AwardImport::as_select())
            .first(conn)
    }

    /// The latest uploads, newest first.
    pub fn recent(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<AwardImportSummary>> {
        award_imports::table
            .order((award_imports::created_at.desc(), award_imports::id.desc()))
            .limit(limit)
            .select((
                award_imports::id,
                award_imports::file_name,
                award_imports::line_count,
                award_imports::error_count,
                award_imports::created_at,
                award_imports::applied_at,
            ))
            .load(conn)
    }

    /// Marks the upload as applied; false when it already was (a second confirmation).
    pub fn mark_applied(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> QueryResult<bool> {
        let updated = diesel::update(
            award_imports::table
                .find(id)
                .filter(award_imports::applied_at.is_null())
                .filter(award_imports::error_count.eq(0)),
        )
        .set(award_imports::applied_at.eq(Some(now)))
        .execute(conn)?;
        Ok(updated == 1)
    }
}
