//! Fraud detection on a campaign's online ballots and what officials do with it: a run reads
//! every ballot not yet invalidated (the voters' addresses decrypted for the address rules),
//! flags with `crate::vote::detect` and replaces the campaign's flags; it runs daily while
//! voting is open ([`run_if_due`]) and once more before counting. An official invalidates
//! ballots (those a rule flagged, or named ones) with a reason code, audited, and each firm
//! whose nomination they picked is told by mail in the same transaction, so it may object.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::result::Error as DieselError;

use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::membership::Membership;
use crate::db::models::producer::ProducerId;
use crate::db::models::vote_ballot::{Ballot, BallotStatus, Flagged, InvalidReason};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::schema::{
    producers, products, vote_ballots, vote_contacts, vote_detections, vote_flags, vote_nominations,
};
use crate::mail::compose;
use crate::site::SiteAddress;
use crate::vote::detect::{self, Facts, Params, Rule};
use crate::vote::online::{PHONE_PREFIX, VoteKeys, normalise_email};

/// How often detection runs while voting is open.
pub fn period() -> TimeDelta {
    TimeDelta::hours(24)
}

/// What a run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    pub ballots: usize,
    pub flagged: usize,
    pub by_rule: BTreeMap<Rule, usize>,
}

/// What detection knows of campaign `campaign_id`'s ballots not yet invalidated.
pub fn facts(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    campaign_id: i32,
) -> QueryResult<Vec<Facts>> {
    let contacts: BTreeMap<String, String> = vote_contacts::table
        .filter(vote_contacts::campaign_id.eq(campaign_id))
        .select((vote_contacts::identity_hash, vote_contacts::contact))
        .load::<(String, String)>(conn)?
        .into_iter()
        .filter_map(|(identity, sealed)| {
            let contact = keys.open_contact(&sealed)?;
            let address = match contact.strip_prefix(PHONE_PREFIX) {
                Some(phone) => format!("{phone}@{}", crate::vote::detect::PHONE_DOMAIN),
                None => normalise_email(&contact).ok()?,
            };
            Some((identity, address))
        })
        .collect();
    let rows: Vec<Ballot> = vote_ballots::table
        .filter(vote_ballots::campaign_id.eq(campaign_id))
        .filter(vote_ballots::status.ne(BallotStatus::Invalidated))
        .select(Ballot::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|b| {
            Some(Facts {
                id: b.id,
                at: b.created_at,
                picks: b.pick_ids(),
                address: b.identity_hash.and_then(|i| contacts.get(&i).cloned()),
                network: b.subnet?,
            })
        })
        .collect())
}

/// Runs detection on campaign `campaign_id` and replaces its flags (the reading is done
/// before the short transaction that writes).
pub fn run(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    campaign_id: i32,
    now: NaiveDateTime,
) -> QueryResult<Detection> {
    let facts = facts(conn, keys, campaign_id)?;
    let flags = detect::detect(&facts, &Params::default());
    store(conn, campaign_id, facts.len(), &flags, Run::New(now))
}

/// The record of a run: a new row, or the one [`run_if_due`] claimed.
#[derive(Debug, Clone, Copy)]
pub enum Run {
    New(NaiveDateTime),
    Claimed(i32),
}

/// Replaces campaign `campaign_id`'s flags with `flags` and records the run, in the
/// caller's transaction or one of its own.
pub fn store(
    conn: &mut DbConnection,
    campaign_id: i32,
    ballots: usize,
    flags: &BTreeMap<i32, BTreeSet<Rule>>,
    record: Run,
) -> QueryResult<Detection> {
    let mut found = Detection {
        ballots,
        flagged: flags.len(),
        by_rule: BTreeMap::new(),
    };
    let rows: Vec<(i32, &'static str)> = flags
        .iter()
        .flat_map(|(id, rules)| rules.iter().map(move |r| (*id, r.code())))
        .collect();
    for (_, code) in &rows {
        if let Some(rule) = Rule::parse(code) {
            *found.by_rule.entry(rule).or_default() += 1;
        }
    }
    conn.transaction(|conn| {
        let of_campaign = vote_ballots::table
            .filter(vote_ballots::campaign_id.eq(campaign_id))
            .select(vote_ballots::id);
        diesel::delete(vote_flags::table.filter(vote_flags::ballot_id.eq_any(of_campaign)))
            .execute(conn)?;
        // One row at a time: the backend-independent connection has no multi-row insert.
        for (id, code) in &rows {
            diesel::insert_into(vote_flags::table)
                .values((vote_flags::ballot_id.eq(*id), vote_flags::rule.eq(*code)))
                .execute(conn)?;
        }
        let counts = (
            vote_detections::ballots.eq(i32::try_from(ballots).unwrap_or(i32::MAX)),
            vote_detections::flagged.eq(i32::try_from(flags.len()).unwrap_or(i32::MAX)),
        );
        match record {
            Run::New(now) => diesel::insert_into(vote_detections::table)
                .values((
                    vote_detections::campaign_id.eq(campaign_id),
                    vote_detections::ran_at.eq(now),
                    counts,
                ))
                .execute(conn)?,
            Run::Claimed(id) => diesel::update(vote_detections::table.find(id))
                .set(counts)
                .execute(conn)?,
        };
        Ok(found)
    })
}

/// Runs detection on the campaign whose voting is open, when its last run is a
/// [`period`] old or more; `None` when nothing was due. One instance at a time runs it.
pub fn run_if_due(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    now: NaiveDateTime,
) -> QueryResult<Option<Detection>> {
    let Some(campaign) = super::vote_ballot::open_campaign(conn)? else {
        return Ok(None);
    };
    let last: Option<NaiveDateTime> = vote_detections::table
        .filter(vote_detections::campaign_id.eq(campaign.id))
        .select(diesel::dsl::max(vote_detections::ran_at))
        .first(conn)?;
    if last.is_some_and(|at| now - at < period()) {
        return Ok(None);
    }
    // Claim the run: another instance that got here too sees the fresh row and stops.
    let claimed = exclusive(conn, "vote-detect", |conn| {
        let last: Option<NaiveDateTime> = vote_detections::table
            .filter(vote_detections::campaign_id.eq(campaign.id))
            .select(diesel::dsl::max(vote_detections::ran_at))
            .first(conn)?;
        if last.is_some_and(|at| now - at < period()) {
            return QueryResult::Ok(None);
        }
        diesel::insert_into(vote_detections::table)
            .values((
                vote_detections::campaign_id.eq(campaign.id),
                vote_detections::ran_at.eq(now),
                vote_detections::ballots.eq(0),
                vote_detections::flagged.eq(0),
            ))
            .returning(vote_detections::id)
            .get_result(conn)
            .map(Some)
    })?;
    let Some(run_id) = claimed else {
        return Ok(None);
    };
    let facts = facts(conn, keys, campaign.id)?;
    let flags = detect::detect(&facts, &Params::default());
    store(conn, campaign.id, facts.len(), &flags, Run::Claimed(run_id)).map(Some)
}

/// [`Flagged`] of campaign `campaign_id`.
pub fn flagged_counts(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Flagged> {
    Flagged::of(conn, campaign_id)
}

/// Why an invalidation was refused; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidateError {
    #[error("no such campaign")]
    NotFound,
    #[error("ballots are invalidated from the opening of voting until certification")]
    WrongState,
    #[error("no counted ballot among those named")]
    NothingToInvalidate,
    #[error("database error")]
    Database,
}

impl From<DieselError> for InvalidateError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "invalidation failed");
        InvalidateError::Database
    }
}

/// Ballots one invalidation may name.
pub const MAX_INVALIDATED_AT_ONCE: usize = 10_000;

/// Which ballots an official invalidates, and why.
#[derive(Debug, Clone)]
pub struct Invalidation<'a> {
    pub campaign_id: i32,
    pub ballots: Which<'a>,
    pub reason: InvalidReason,
    /// The audit note: what the official saw.
    pub note: &'a str,
}

/// Named ballots, or those a rule flags.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    Ids(&'a [i32]),
    Flagged(Rule),
}

/// Invalidates the counted ballots `what` names (at most [`MAX_INVALIDATED_AT_ONCE`]),
/// audited; queues a mail to each firm whose nominations they picked. Returns how many.
pub fn invalidate(
    conn: &mut DbConnection,
    actor: &Actor,
    site: &SiteAddress,
    what: &Invalidation<'_>,
) -> Result<usize, InvalidateError> {
    let campaign_id = what.campaign_id;
    exclusive(conn, &super::vote::campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(InvalidateError::NotFound)?;
        if !matches!(
            campaign.state,
            CampaignState::VotingOpen
                | CampaignState::VotingClosed
                | CampaignState::Counting
                | CampaignState::Provisional
                | CampaignState::Objections
        ) {
            return Err(InvalidateError::WrongState);
        }
        let counted = vote_ballots::table
            .filter(vote_ballots::campaign_id.eq(campaign_id))
            .filter(vote_ballots::status.eq(BallotStatus::Counted))
            .select((vote_ballots::id, vote_ballots::picks))
            .limit(MAX_INVALIDATED_AT_ONCE as i64)
            .into_boxed();
        let rows: Vec<(i32, String)> = match what.ballots {
            Which::Ids(ids) => {
                let ids = &ids[..ids.len().min(MAX_INVALIDATED_AT_ONCE)];
                let mut rows = Vec::new();
                for chunk in ids.chunks(500) {
                    rows.extend(
                        vote_ballots::table
                            .filter(vote_ballots::campaign_id.eq(campaign_id))
                            .filter(vote_ballots::status.eq(BallotStatus::Counted))
                            .filter(vote_ballots::id.eq_any(chunk))
                            .select((vote_ballots::id, vote_ballots::picks))
                            .load::<(i32, String)>(conn)?,
                    );
                }
                rows
            }
            Which::Flagged(rule) => counted
                .filter(
                    vote_ballots::id.eq_any(
                        vote_flags::table
                            .filter(vote_flags::rule.eq(rule.code()))
                            .select(vote_flags::ballot_id),
                    ),
                )
                .load(conn)?,
        };
        if rows.is_empty() {
            return Err(InvalidateError::NothingToInvalidate);
        }
        let ids: Vec<i32> = rows.iter().map(|(id, _)| *id).collect();
        for chunk in ids.chunks(500) {
            diesel::update(vote_ballots::table.filter(vote_ballots::id.eq_any(chunk)))
                .set((
                    vote_ballots::status.eq(BallotStatus::Invalidated),
                    vote_ballots::invalid_reason.eq(what.reason),
                ))
                .execute(conn)?;
        }
        Audit::record(
            conn,
            actor,
            AuditAction::InvalidateBallots,
            &AuditTarget::VoteCampaign {
                id: campaign_id,
                year: campaign.year,
            },
            &format!("{} {}: {}", ids.len(), what.reason, what.note),
        )?;
        let mut per_nomination: BTreeMap<i32, usize> = BTreeMap::new();
        for (_, picks) in &rows {
            for n in picks.split_whitespace().filter_map(|p| p.parse().ok()) {
                *per_nomination.entry(n).or_default() += 1;
            }
        }
        notify_firms(conn, site, &campaign, &per_nomination, what.reason)?;
        Ok(ids.len())
    })
}

/// Queues, to the members of each firm whose nominations lost ballots, how many and why.
fn notify_firms(
    conn: &mut DbConnection,
    site: &SiteAddress,
    campaign: &Campaign,
    lost: &BTreeMap<i32, usize>,
    reason: InvalidReason,
) -> QueryResult<()> {
    let ids: Vec<i32> = lost.keys().copied().collect();
    let nominations: Vec<(i32, i32, String)> = vote_nominations::table
        .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
        .inner_join(producers::table.on(producers::id.eq(vote_nominations::producer_id)))
        .filter(vote_nominations::id.eq_any(&ids))
        .select((vote_nominations::id, producers::id, products::name))
        .load(conn)?;
    let now = chrono::Utc::now().naive_utc();
    for (nomination, producer, product) in nominations {
        let count = lost.get(&nomination).copied().unwrap_or(0);
        for member in Membership::active_members(conn, ProducerId(producer))? {
            let mail = compose::vote_invalidated(
                site,
                member.mail_locale(),
                (&member.email, &member.name),
                campaign.year,
                &product,
                count,
                reason,
            );
            MailOutbox::enqueue(conn, &mail, now)?;
        }
    }
    Ok(())
}
