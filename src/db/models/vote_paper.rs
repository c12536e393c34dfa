//! Paper ballots of the consumer vote: batches (a place, a day, two officers, the sheets
//! issued) and the two independent entries of each batch's tally. The commands are in
//! `crate::actions::vote_paper`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{vote_paper_batches, vote_paper_entries};
use crate::db::stored::text_enum;

/// Batches read for one list at most.
pub const MAX_BATCHES: i64 = 2_000;

text_enum! {
    /// Where a batch is: waiting for its entries, counted, or blocked by a difference.
    pub enum BatchStatus {
        Pending = "pending",
        Accepted = "accepted",
        Blocked = "blocked",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vote_paper_batches)]
pub struct PaperBatch {
    pub id: i32,
    pub campaign_id: i32,
    pub code: String,
    pub place: String,
    pub day: NaiveDate,
    pub officer_a: String,
    pub officer_b: String,
    pub sheets_issued: i32,
    pub status: BatchStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vote_paper_entries)]
pub struct PaperEntry {
    pub id: i32,
    pub batch_id: i32,
    pub entry_no: i32,
    pub entered_by: i32,
    pub sheets_returned: i32,
    /// [`marks_json`] of the tally.
    pub marks: String,
    pub created_at: NaiveDateTime,
}

/// A tally as stored: JSON of the marks by nomination number, in order, so two equal tallies
/// are equal text.
pub fn marks_json(marks: &BTreeMap<i32, i32>) -> String {
    serde_json::to_string(marks).unwrap_or_default()
}

impl PaperEntry {
    pub fn parsed_marks(&self) -> Result<BTreeMap<i32, i32>, serde_json::Error> {
        serde_json::from_str(&self.marks)
    }
}

impl PaperBatch {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Option<PaperBatch>> {
        vote_paper_batches::table
            .find(id)
            .select(PaperBatch::as_select())
            .first(conn)
            .optional()
    }

    /// A campaign's batches, oldest first, at most [`MAX_BATCHES`].
    pub fn of_campaign(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Vec<PaperBatch>> {
        vote_paper_batches::table
            .filter(vote_paper_batches::campaign_id.eq(campaign_id))
            .order(vote_paper_batches::id.asc())
            .limit(MAX_BATCHES)
            .select(PaperBatch::as_select())
            .load(conn)
    }

    /// The first entry of each of a campaign's batches that has one, by batch id, in one
    /// query.
    pub fn first_entries(
        conn: &mut DbConnection,
        campaign_id: i32,
    ) -> QueryResult<BTreeMap<i32, PaperEntry>> {
        let rows: Vec<PaperEntry> = vote_paper_entries::table
            .inner_join(vote_paper_batches::table)
            .filter(vote_paper_batches::campaign_id.eq(campaign_id))
            .filter(vote_paper_entries::entry_no.eq(1))
            .limit(MAX_BATCHES)
            .select(PaperEntry::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|e| (e.batch_id, e)).collect())
    }

    /// The batch's entries, first then second.
    pub fn entries(&self, conn: &mut DbConnection) -> QueryResult<Vec<PaperEntry>> {
        vote_paper_entries::table
            .filter(vote_paper_entries::batch_id.eq(self.id))
            .order(vote_paper_entries::entry_no.asc())
            .limit(2)
            .select(PaperEntry::as_select())
            .load(conn)
    }
}
