//! Objections to a vote's provisional results: while the campaign takes objections, a firm
//! files one about one of its nominations (or the count as a whole); an official upholds or
//! dismisses it with an answer, audited. Certification waits until none is open
//! (`crate::actions::vote::advance`). What an upheld objection changes (ballots invalidated,
//! say) is done by its own audited command before certification recounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DieselError;

use super::vote::campaign_key;
use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
pub use crate::db::models::vote_objection::ObjectionStatus;
use crate::db::schema::{vote_nominations, vote_objections};

/// Longest objection or answer, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Open objections one firm may have in a campaign.
pub const MAX_OPEN_PER_FIRM: i64 = 5;

/// Why an objection command was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectionError {
    #[error("the campaign is not taking objections")]
    NotTaking,
    #[error("the nomination is not the firm's in this campaign")]
    NotTheirs,
    #[error("the text is empty or longer than {MAX_TEXT_CHARS} characters")]
    Text,
    #[error("the firm has {MAX_OPEN_PER_FIRM} open objections already")]
    TooMany,
    #[error("no such objection, or it was decided")]
    NotOpen,
    #[error("database error")]
    Database,
}

impl From<DieselError> for ObjectionError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "objection command failed");
        ObjectionError::Database
    }
}

fn text_ok(text: &str) -> bool {
    let n = text.trim().chars().count();
    n > 0 && n <= MAX_TEXT_CHARS
}

/// Files firm `producer_id`'s objection in campaign `campaign_id`, about its nomination
/// `nomination_id` if given; returns its id.
pub fn file(
    conn: &mut DbConnection,
    campaign_id: i32,
    producer_id: i32,
    nomination_id: Option<i32>,
    body: &str,
    now: NaiveDateTime,
) -> Result<i32, ObjectionError> {
    if !text_ok(body) {
        return Err(ObjectionError::Text);
    }
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(ObjectionError::NotTaking)?;
        if campaign.state != CampaignState::Objections {
            return Err(ObjectionError::NotTaking);
        }
        if let Some(n) = nomination_id {
            let theirs: i64 = vote_nominations::table
                .filter(vote_nominations::id.eq(n))
                .filter(vote_nominations::campaign_id.eq(campaign_id))
                .filter(vote_nominations::producer_id.eq(producer_id))
                .count()
                .get_result(conn)?;
            if theirs == 0 {
                return Err(ObjectionError::NotTheirs);
            }
        }
        let open: i64 = vote_objections::table
            .filter(vote_objections::campaign_id.eq(campaign_id))
            .filter(vote_objections::producer_id.eq(producer_id))
            .filter(vote_objections::status.eq(ObjectionStatus::Open))
            .count()
            .get_result(conn)?;
        if open >= MAX_OPEN_PER_FIRM {
            return Err(ObjectionError::TooMany);
        }
        Ok(diesel::insert_into(vote_objections::table)
            .values((
                vote_objections::campaign_id.eq(campaign_id),
                vote_objections::producer_id.eq(producer_id),
                vote_objections::nomination_id.eq(nomination_id),
                vote_objections::body.eq(body.trim()),
                vote_objections::status.eq(ObjectionStatus::Open),
                vote_objections::created_at.eq(now),
            ))
            .returning(vote_objections::id)
            .get_result(conn)?)
    })
}

/// An official's decision on objection `id`: upheld or dismissed, with an answer, audited.
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    upheld: bool,
    answer: &str,
    now: NaiveDateTime,
) -> Result<(), ObjectionError> {
    if !text_ok(answer) {
        return Err(ObjectionError::Text);
    }
    let campaign_id: i32 = vote_objections::table
        .find(id)
        .select(vote_objections::campaign_id)
        .first(conn)
        .optional()?
        .ok_or(ObjectionError::NotOpen)?;
    let status = if upheld {
        ObjectionStatus::Upheld
    } else {
        ObjectionStatus::Dismissed
    };
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(ObjectionError::NotTaking)?;
        if campaign.state != CampaignState::Objections {
            return Err(ObjectionError::NotTaking);
        }
        let changed = diesel::update(
            vote_objections::table
                .filter(vote_objections::id.eq(id))
                .filter(vote_objections::status.eq(ObjectionStatus::Open)),
        )
        .set((
            vote_objections::status.eq(status),
            vote_objections::answer.eq(answer.trim()),
            vote_objections::decided_by.eq(actor.user_id),
            vote_objections::decided_at.eq(now),
        ))
        .execute(conn)?;
        if changed != 1 {
            return Err(ObjectionError::NotOpen);
        }
        Audit::record(
            conn,
            actor,
            AuditAction::DecideObjection,
            &AuditTarget::VoteObjection {
                id,
                campaign_id,
                status: status.as_str(),
            },
            answer.trim(),
        )?;
        Ok(())
    })
}

/// Objections of campaign `campaign_id` still open.
pub fn open_count(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<i64> {
    vote_objections::table
        .filter(vote_objections::campaign_id.eq(campaign_id))
        .filter(vote_objections::status.eq(ObjectionStatus::Open))
        .count()
        .get_result(conn)
}
