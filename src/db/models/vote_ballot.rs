//! Online ballots of the consumer vote, voters' encrypted contacts, spent proof-of-work
//! challenges and a campaign's published files. The commands are in
//! `crate::actions::vote_ballot`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{vote_ballots, vote_detections, vote_files, vote_flags};
use crate::db::stored::text_enum;

text_enum! {
    /// Where an online ballot is. Only `counted` ballots count; the others are kept and
    /// published with their status.
    pub enum BallotStatus {
        Unconfirmed = "unconfirmed",
        Counted = "counted",
        Superseded = "superseded",
        Invalidated = "invalidated",
    }
}

text_enum! {
    /// How the voter proved who they are.
    pub enum Channel {
        Email = "email",
        Phone = "phone",
    }
}

text_enum! {
    /// Why an official invalidated ballots: the codes the published list counts by.
    pub enum InvalidReason {
        /// Part of a burst for one nomination far above its usual rate.
        Burst = "burst",
        /// The same picks from many voters of one network.
        SamePicks = "same-picks",
        /// Throw-away or numbered addresses (`an001@`, `an002@`…).
        Addresses = "addresses",
        /// Anything else, explained in the audit note.
        Other = "other",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vote_ballots)]
pub struct Ballot {
    pub id: i32,
    pub campaign_id: i32,
    pub channel: Channel,
    pub status: BallotStatus,
    pub identity_hash: Option<String>,
    /// [`picks_text`] of the nominations picked.
    pub picks: String,
    pub token_hash: Option<String>,
    pub receipt_hash: Option<String>,
    pub address_key: Option<String>,
    pub subnet: Option<String>,
    pub consent_notice: String,
    pub invalid_reason: Option<InvalidReason>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    /// A phone ballot's code, keyed with its link's token (`VoteKeys::code_hash`).
    pub code_hash: Option<String>,
    /// Wrong codes typed for a phone ballot so far.
    pub code_tries: i32,
}

/// Picks as stored and published: the numbers ascending, space-separated.
pub fn picks_text(picks: &[i32]) -> String {
    let mut sorted = picks.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Ballot {
    /// The nominations picked.
    pub fn pick_ids(&self) -> Vec<i32> {
        self.picks
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    pub fn by_token_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<Ballot>> {
        vote_ballots::table
            .filter(vote_ballots::token_hash.eq(hash))
            .select(Ballot::as_select())
            .first(conn)
            .optional()
    }

    pub fn by_receipt_hash(
        conn: &mut DbConnection,
        campaign_id: i32,
        hash: &str,
    ) -> QueryResult<Option<Ballot>> {
        vote_ballots::table
            .filter(vote_ballots::campaign_id.eq(campaign_id))
            .filter(vote_ballots::receipt_hash.eq(hash))
            .select(Ballot::as_select())
            .first(conn)
            .optional()
    }

    /// Counted ballots of a campaign: the turnout shown while voting is open.
    pub fn counted(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<i64> {
        vote_ballots::table
            .filter(vote_ballots::campaign_id.eq(campaign_id))
            .filter(vote_ballots::status.eq(BallotStatus::Counted))
            .count()
            .get_result(conn)
    }
}

/// Counted ballots each fraud-detection rule flags in a campaign, and when detection last ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flagged {
    pub counts: Vec<(String, i64)>,
    pub last_run: Option<NaiveDateTime>,
}

impl Flagged {
    pub fn of(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Flagged> {
        let counts = vote_flags::table
            .inner_join(vote_ballots::table)
            .filter(vote_ballots::campaign_id.eq(campaign_id))
            .filter(vote_ballots::status.eq(BallotStatus::Counted))
            .group_by(vote_flags::rule)
            .select((vote_flags::rule, diesel::dsl::count_star()))
            .order(vote_flags::rule.asc())
            .load(conn)?;
        let last_run = vote_detections::table
            .filter(vote_detections::campaign_id.eq(campaign_id))
            .select(diesel::dsl::max(vote_detections::ran_at))
            .first(conn)?;
        Ok(Flagged { counts, last_run })
    }
}

/// One published file of a campaign.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vote_files)]
pub struct PublishedFile {
    pub campaign_id: i32,
    pub name: String,
    pub body: String,
    pub sha256: String,
    pub written_at: NaiveDateTime,
}

impl PublishedFile {
    pub fn get(
        conn: &mut DbConnection,
        campaign_id: i32,
        name: &str,
    ) -> QueryResult<Option<PublishedFile>> {
        vote_files::table
            .find((campaign_id, name))
            .select(PublishedFile::as_select())
            .first(conn)
            .optional()
    }

    /// The names and checksums of a campaign's files (not their bodies), by name.
    pub fn list(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Vec<(String, String)>> {
        vote_files::table
            .filter(vote_files::campaign_id.eq(campaign_id))
            .order(vote_files::name.asc())
            .select((vote_files::name, vote_files::sha256))
            .limit(32)
            .load(conn)
    }
}
