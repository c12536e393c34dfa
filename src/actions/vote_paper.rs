//! Paper ballots of the consumer vote: an official opens a batch (place, day, the two officers
//! who ran it, sheets issued); two officials, each on their own account, enter its tally (the
//! sheets returned and each eligible nomination's marks). The second entry decides at once:
//! the same tally accepts the batch, any difference blocks it, and a blocked batch is never
//! counted. Each command is one transaction with its audit row, serialised with the
//! campaign's other commands.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::vote::campaign_key;
use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::vote_campaign::Campaign;
use crate::db::models::vote_nomination::NominationStatus;
use crate::db::models::vote_paper::{BatchStatus, PaperBatch, marks_json};
use crate::db::schema::{vote_nominations, vote_paper_batches, vote_paper_entries};

/// Why a paper command was refused; nothing was written.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PaperError {
    #[error("paper ballots are entered while voting is open or just closed")]
    NotVoting,
    #[error("a batch needs a code, a place and two different officers")]
    Incomplete,
    #[error("no sheets were issued")]
    NoSheets,
    #[error("batch {0} exists already")]
    CodeTaken(String),
    #[error("no such batch")]
    NotFound,
    #[error("the batch has both its entries")]
    Complete,
    #[error("the same account cannot enter a batch twice")]
    SameOfficial,
    #[error("more sheets returned than issued")]
    TooManySheets,
    #[error("nomination {0} has more marks than sheets returned")]
    TooManyMarks(i32),
    #[error("nomination {0} is not eligible in this campaign")]
    NotEligible(i32),
    #[error("an entry must be made by a signed-in official")]
    NoAccount,
    #[error("database error")]
    Database,
}

impl From<DieselError> for PaperError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "paper ballot command failed");
        PaperError::Database
    }
}

/// What an official writes when opening a batch.
#[derive(Debug, Clone)]
pub struct BatchFields {
    pub code: String,
    pub place: String,
    pub day: NaiveDate,
    pub officer_a: String,
    pub officer_b: String,
    pub sheets_issued: i32,
}

/// Opens a batch of campaign `campaign_id`, audited; returns its id.
pub fn open_batch(
    conn: &mut DbConnection,
    actor: &Actor,
    campaign_id: i32,
    fields: &BatchFields,
    now: NaiveDateTime,
) -> Result<i32, PaperError> {
    let (code, place) = (fields.code.trim(), fields.place.trim());
    let (a, b) = (fields.officer_a.trim(), fields.officer_b.trim());
    if code.is_empty() || place.is_empty() || a.is_empty() || b.is_empty() || a == b {
        return Err(PaperError::Incomplete);
    }
    if fields.sheets_issued <= 0 {
        return Err(PaperError::NoSheets);
    }
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(PaperError::NotVoting)?;
        if !campaign.state.paper_entering() {
            return Err(PaperError::NotVoting);
        }
        let id: i32 = diesel::insert_into(vote_paper_batches::table)
            .values((
                vote_paper_batches::campaign_id.eq(campaign_id),
                vote_paper_batches::code.eq(code),
                vote_paper_batches::place.eq(place),
                vote_paper_batches::day.eq(fields.day),
                vote_paper_batches::officer_a.eq(a),
                vote_paper_batches::officer_b.eq(b),
                vote_paper_batches::sheets_issued.eq(fields.sheets_issued),
                vote_paper_batches::status.eq(BatchStatus::Pending),
                vote_paper_batches::created_at.eq(now),
                vote_paper_batches::updated_at.eq(now),
            ))
            .returning(vote_paper_batches::id)
            .get_result(conn)
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    PaperError::CodeTaken(code.to_owned())
                }
                e => e.into(),
            })?;
        Audit::record(
            conn,
            actor,
            AuditAction::OpenPaperBatch,
            &AuditTarget::PaperBatch {
                id,
                code: code.to_owned(),
            },
            "",
        )?;
        Ok(id)
    })
}

/// Enters the tally of batch `batch_id` (sheets returned, marks by nomination number; a
/// nomination with no mark may be left out) as `actor`'s independent entry, audited. Returns
/// the batch's status after it: pending after the first entry, accepted or blocked after the
/// second.
pub fn enter(
    conn: &mut DbConnection,
    actor: &Actor,
    batch_id: i32,
    sheets_returned: i32,
    marks: &BTreeMap<i32, i32>,
    now: NaiveDateTime,
) -> Result<BatchStatus, PaperError> {
    let user = actor.user_id.ok_or(PaperError::NoAccount)?;
    let campaign_id: i32 = vote_paper_batches::table
        .find(batch_id)
        .select(vote_paper_batches::campaign_id)
        .first(conn)
        .optional()?
        .ok_or(PaperError::NotFound)?;
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let batch = PaperBatch::by_id(conn, batch_id)?.ok_or(PaperError::NotFound)?;
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(PaperError::NotFound)?;
        if !campaign.state.paper_entering() {
            return Err(PaperError::NotVoting);
        }
        if batch.status != BatchStatus::Pending {
            return Err(PaperError::Complete);
        }
        if sheets_returned < 0 || sheets_returned > batch.sheets_issued {
            return Err(PaperError::TooManySheets);
        }
        // Nominations with no mark are left out, so equal tallies are equal text.
        let marks: BTreeMap<i32, i32> = marks
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        for (&nomination, &n) in &marks {
            if n < 0 || n > sheets_returned {
                return Err(PaperError::TooManyMarks(nomination));
            }
        }
        let numbers: Vec<i32> = marks.keys().copied().collect();
        let eligible: Vec<i32> = vote_nominations::table
            .filter(vote_nominations::campaign_id.eq(campaign_id))
            .filter(vote_nominations::status.eq(NominationStatus::Eligible))
            .filter(vote_nominations::id.eq_any(&numbers))
            .select(vote_nominations::id)
            .load(conn)?;
        if let Some(&stranger) = numbers.iter().find(|n| !eligible.contains(n)) {
            return Err(PaperError::NotEligible(stranger));
        }
        let entries = batch.entries(conn)?;
        if entries.iter().any(|e| e.entered_by == user) {
            return Err(PaperError::SameOfficial);
        }
        let json = marks_json(&marks);
        let entry_no = entries.len() as i32 + 1;
        diesel::insert_into(vote_paper_entries::table)
            .values((
                vote_paper_entries::batch_id.eq(batch_id),
                vote_paper_entries::entry_no.eq(entry_no),
                vote_paper_entries::entered_by.eq(user),
                vote_paper_entries::sheets_returned.eq(sheets_returned),
                vote_paper_entries::marks.eq(&json),
                vote_paper_entries::created_at.eq(now),
            ))
            .execute(conn)?;
        let status = match entries.first() {
            None => BatchStatus::Pending,
            Some(first) if first.sheets_returned == sheets_returned && first.marks == json => {
                BatchStatus::Accepted
            }
            Some(_) => BatchStatus::Blocked,
        };
        if status != BatchStatus::Pending {
            diesel::update(vote_paper_batches::table.find(batch_id))
                .set((
                    vote_paper_batches::status.eq(status),
                    vote_paper_batches::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        // The audit log is open to every official: while the batch waits for its second
        // entry, the first one's tally must not be read there. The entry that decides the
        // batch records both.
        let detail = match entries.first() {
            None => String::new(),
            Some(first) => serde_json::json!({
                "first": {"sheets_returned": first.sheets_returned, "marks": first.marks},
                "second": {"sheets_returned": sheets_returned, "marks": json},
            })
            .to_string(),
        };
        Audit::record_detailed(
            conn,
            actor,
            AuditAction::EnterPaperBatch,
            &AuditTarget::PaperBatch {
                id: batch_id,
                code: batch.code.clone(),
            },
            status.as_str(),
            &detail,
        )?;
        Ok(status)
    })
}
