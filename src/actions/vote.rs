//! The consumer vote's campaigns: officials create a year's campaign with its rules, change
//! the rules while it is a draft or open for nominations or in review, and move it forward a
//! state at a time. Each command is one transaction with its audit row; a move also writes
//! the campaign's own record (`vote_transitions`), which the public rules page shows. Opening
//! the vote freezes the rules with their checksum.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::DbConnection;
use crate::db::lock::exclusive;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::award::{NewAward, Programme};
use crate::db::models::search_outbox::SearchOutbox;
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::{
    MAX_DOSSIER_CHARS, MAX_LIVE_PER_FIRM, Nomination, NominationStatus,
};
use crate::db::models::{Product, ProductStatus};
use crate::db::schema::{awards, products, vote_campaigns, vote_nominations, vote_transitions};
use crate::site::SiteAddress;
use crate::vote::count::{Results, Rules, RulesError};
use crate::vote::online::VoteKeys;

/// Why a command on a campaign was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum VoteError {
    #[error("no such campaign")]
    NotFound,
    #[error("a campaign for {0} exists already")]
    YearTaken(i32),
    #[error("the rules are not valid: {0}")]
    Rules(#[from] RulesError),
    #[error("the rules are frozen: voting has opened")]
    RulesFrozen,
    #[error("a campaign in state {from} cannot move to {to}")]
    NotNext {
        from: CampaignState,
        to: CampaignState,
    },
    #[error("the campaign changed meanwhile")]
    Conflict,
    #[error("certification needs the decision's number")]
    NoDecision,
    #[error("{0} objections are still open")]
    OpenObjections(i64),
    #[error("the decision number is recorded while results are provisional or open to objections")]
    DecisionClosed,
    #[error("the results cannot be published: {0}")]
    Publish(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<super::vote_publish::PublishError> for VoteError {
    fn from(e: super::vote_publish::PublishError) -> Self {
        match e {
            super::vote_publish::PublishError::Database(e) => VoteError::Database(e),
            other => VoteError::Publish(other.to_string()),
        }
    }
}

/// Who moves a campaign forward, and what the move needs besides the database: the vote's
/// keys (the published ballots' order) and the site's address (the certified awards' source).
#[derive(Clone, Copy)]
pub struct Mover<'a> {
    pub actor: &'a Actor,
    pub keys: &'a VoteKeys,
    pub site: &'a SiteAddress,
}

/// The lock every command on campaign `id` and what belongs to it takes (see `exclusive`):
/// nominations, paper batches, jury scores.
pub(crate) fn campaign_key(id: i32) -> String {
    format!("vote-campaign:{id}")
}

/// [`campaign_key`] of nomination `id`'s campaign (which never changes).
fn nomination_key(conn: &mut DbConnection, id: i32) -> Result<String, NominationError> {
    let campaign: i32 = vote_nominations::table
        .find(id)
        .select(vote_nominations::campaign_id)
        .first(conn)
        .optional()?
        .ok_or(NominationError::NotFound)?;
    Ok(campaign_key(campaign))
}

fn target(id: i32, year: i32) -> AuditTarget {
    AuditTarget::VoteCampaign { id, year }
}

/// Creates the draft campaign of `year`, audited; returns its id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    year: i32,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<i32, VoteError> {
    rules.validate()?;
    if rules.year != year {
        return Err(VoteError::Rules(RulesError::Year(rules.year)));
    }
    exclusive(conn, "vote-campaigns", |conn| {
        if Campaign::by_year(conn, year)?.is_some() {
            return Err(VoteError::YearTaken(year));
        }
        let id = diesel::insert_into(vote_campaigns::table)
            .values((
                vote_campaigns::year.eq(year),
                vote_campaigns::state.eq(CampaignState::Draft),
                vote_campaigns::rules.eq(rules.canonical_json()),
                vote_campaigns::created_at.eq(now),
                vote_campaigns::updated_at.eq(now),
            ))
            .returning(vote_campaigns::id)
            .get_result(conn)
            .map_err(|e| match e {
                // Two officials creating the same year at once: the unique year decides.
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    VoteError::YearTaken(year)
                }
                e => VoteError::Database(e),
            })?;
        Audit::record_detailed(
            conn,
            actor,
            AuditAction::CreateVote,
            &target(id, year),
            "",
            &rules.canonical_json(),
        )?;
        Ok(id)
    })
}

/// Replaces the rules of a campaign whose voting has not opened, audited with the new rules.
pub fn set_rules(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<(), VoteError> {
    rules.validate()?;
    exclusive(conn, &campaign_key(id), |conn| {
        let campaign = Campaign::by_id(conn, id)?.ok_or(VoteError::NotFound)?;
        if campaign.state.rules_frozen() || campaign.rules_checksum.is_some() {
            return Err(VoteError::RulesFrozen);
        }
        if rules.year != campaign.year {
            return Err(VoteError::Rules(RulesError::Year(rules.year)));
        }
        let json = rules.canonical_json();
        let changed = diesel::update(
            vote_campaigns::table
                .filter(vote_campaigns::id.eq(id))
                .filter(vote_campaigns::state.eq(campaign.state))
                .filter(vote_campaigns::rules_checksum.is_null()),
        )
        .set((
            vote_campaigns::rules.eq(&json),
            vote_campaigns::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed != 1 {
            return Err(VoteError::Conflict);
        }
        Audit::record_detailed(
            conn,
            actor,
            AuditAction::SetVoteRules,
            &target(id, campaign.year),
            "",
            &json,
        )?;
        Ok(())
    })
}

/// Moves a campaign from `from` to the next state `to`, recording who and why. `from` is the
/// state the official saw: if the campaign has moved since, nothing is written
/// ([`VoteError::Conflict`]), so two officials pressing the same button move it once.
/// Opening the vote validates and freezes the rules.
pub fn advance(
    conn: &mut DbConnection,
    mover: Mover<'_>,
    id: i32,
    from: CampaignState,
    to: CampaignState,
    note: &str,
    now: NaiveDateTime,
) -> Result<Campaign, VoteError> {
    if from.next() != Some(to) {
        return Err(VoteError::NotNext { from, to });
    }
    exclusive(conn, &campaign_key(id), |conn| {
        let campaign = Campaign::by_id(conn, id)?.ok_or(VoteError::NotFound)?;
        if campaign.state != from {
            return Err(VoteError::Conflict);
        }
        let checksum = if to == CampaignState::VotingOpen {
            let rules: Rules = campaign
                .parsed_rules()
                .map_err(|_| VoteError::Rules(RulesError::Unreadable))?;
            rules.validate()?;
            Some(rules.checksum())
        } else {
            campaign.rules_checksum.clone()
        };
        let changed = diesel::update(
            vote_campaigns::table
                .filter(vote_campaigns::id.eq(id))
                .filter(vote_campaigns::state.eq(from)),
        )
        .set((
            vote_campaigns::state.eq(to),
            vote_campaigns::rules_checksum.eq(&checksum),
            vote_campaigns::updated_at.eq(now),
        ))
        .execute(conn)?;
        if changed != 1 {
            return Err(VoteError::Conflict);
        }
        diesel::insert_into(vote_transitions::table)
            .values((
                vote_transitions::campaign_id.eq(id),
                vote_transitions::from_state.eq(from),
                vote_transitions::to_state.eq(to),
                vote_transitions::actor_id.eq(mover.actor.user_id),
                vote_transitions::actor.eq(&mover.actor.label),
                vote_transitions::note.eq(note),
                vote_transitions::created_at.eq(now),
            ))
            .execute(conn)?;
        Audit::record(
            conn,
            mover.actor,
            AuditAction::advance_vote(to),
            &target(id, campaign.year),
            note,
        )?;
        match to {
            // The last detection run, on every ballot, before anything is counted.
            CampaignState::Counting => {
                super::vote_detect::run(conn, mover.keys, id, now)?;
            }
            CampaignState::Provisional => {
                super::vote_publish::store(conn, mover.keys, &campaign, now)?;
            }
            CampaignState::Certified => certify(conn, mover, &campaign, now)?,
            _ => {}
        }
        Campaign::by_id(conn, id)?.ok_or(VoteError::NotFound)
    })
}

/// Certification, in the move's transaction: the final files, the `hvn-yeu-thich` awards of
/// the year for every nomination given a tier (under the decision's number, the campaign's
/// page as source), and the erasure of what linked ballots to voters.
fn certify(
    conn: &mut DbConnection,
    mover: Mover<'_>,
    campaign: &Campaign,
    now: NaiveDateTime,
) -> Result<(), VoteError> {
    let decision = campaign
        .decision_no
        .clone()
        .filter(|d| !d.trim().is_empty())
        .ok_or(VoteError::NoDecision)?;
    let open = super::vote_objection::open_count(conn, campaign.id)?;
    if open > 0 {
        return Err(VoteError::OpenObjections(open));
    }
    let results = super::vote_publish::store(conn, mover.keys, campaign, now)?;
    let source = format!("{}/binh-chon/{}", mover.site.origin(), campaign.year);
    let awarded = award_tiers(conn, campaign, &results, &decision, &source)?;
    Product::refresh_award_summary(conn, &awarded, &[])?;
    SearchOutbox::enqueue(conn, &awarded)?;
    super::vote_ballot::erase_identities(conn, campaign.id)?;
    Ok(())
}

/// Records the award of each nomination given a tier; the products awarded.
fn award_tiers(
    conn: &mut DbConnection,
    campaign: &Campaign,
    results: &Results,
    decision: &str,
    source: &str,
) -> Result<Vec<i32>, VoteError> {
    let tiered: Vec<(i32, u8)> = results
        .groups
        .iter()
        .flat_map(|g| g.ranking.iter())
        .filter_map(|p| Some((i32::try_from(p.nomination).ok()?, p.tier?)))
        .collect();
    let ids: Vec<i32> = tiered.iter().map(|(n, _)| *n).collect();
    let products: std::collections::BTreeMap<i32, i32> = vote_nominations::table
        .filter(vote_nominations::id.eq_any(&ids))
        .select((vote_nominations::id, vote_nominations::product_id))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let mut awarded = Vec::new();
    for (nomination, tier) in tiered {
        let Some(&product) = products.get(&nomination) else {
            continue;
        };
        let exists: i64 = awards::table
            .filter(awards::product_id.eq(product))
            .filter(awards::programme.eq(Programme::HvnYeuThich))
            .filter(awards::year.eq(campaign.year))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        diesel::insert_into(awards::table)
            .values(NewAward {
                product_id: Some(product),
                producer_id: None,
                programme: Programme::HvnYeuThich,
                year: campaign.year,
                tier: Some(format!("top{tier}")),
                certificate_no: Some(decision.to_owned()),
                valid_until: None,
                source_url: Some(source.to_owned()),
            })
            .execute(conn)?;
        awarded.push(product);
    }
    Ok(awarded)
}

/// Records the number of the decision that certifies campaign `id`'s results, audited: while
/// the results are provisional or open to objections.
pub fn set_decision(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    decision_no: &str,
    now: NaiveDateTime,
) -> Result<(), VoteError> {
    let decision_no = decision_no.trim();
    if decision_no.is_empty() || decision_no.chars().count() > 100 {
        return Err(VoteError::NoDecision);
    }
    exclusive(conn, &campaign_key(id), |conn| {
        let campaign = Campaign::by_id(conn, id)?.ok_or(VoteError::NotFound)?;
        if !matches!(
            campaign.state,
            CampaignState::Provisional | CampaignState::Objections
        ) {
            return Err(VoteError::DecisionClosed);
        }
        diesel::update(vote_campaigns::table.find(id))
            .set((
                vote_campaigns::decision_no.eq(decision_no),
                vote_campaigns::updated_at.eq(now),
            ))
            .execute(conn)?;
        Audit::record(
            conn,
            actor,
            AuditAction::SetVoteDecision,
            &target(id, campaign.year),
            decision_no,
        )?;
        Ok(())
    })
}

/// Why a nomination command was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum NominationError {
    #[error("the campaign is not taking nominations")]
    NotOpen,
    #[error("the product is not one of the firm's published products")]
    NotTheirs,
    #[error("the group is not one of the campaign's")]
    UnknownGroup,
    #[error("the dossier is empty or longer than {MAX_DOSSIER_CHARS} characters")]
    Dossier,
    #[error("the firm has {MAX_LIVE_PER_FIRM} live nominations in this campaign already")]
    TooMany,
    #[error("the product is nominated in this campaign already")]
    AlreadyNominated,
    #[error("no such nomination")]
    NotFound,
    #[error("the nomination can no longer be changed")]
    Closed,
    #[error("a rejection or a request for information needs a reason")]
    ReasonNeeded,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// What an official decided about a nomination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Eligible,
    NeedsInfo(String),
    Rejected(String),
}

fn check_dossier(dossier: &str) -> Result<String, NominationError> {
    let dossier = dossier.trim();
    if dossier.is_empty() || dossier.chars().count() > MAX_DOSSIER_CHARS {
        return Err(NominationError::Dossier);
    }
    Ok(dossier.to_owned())
}

/// Enters `product_id` of firm `producer_id` in group `group` of an open campaign. A firm's
/// fourth live nomination is refused here, and by the database if two requests race.
pub fn nominate(
    conn: &mut DbConnection,
    campaign_id: i32,
    producer_id: i32,
    product_id: i32,
    group: &str,
    dossier: &str,
    now: NaiveDateTime,
) -> Result<i32, NominationError> {
    let dossier = check_dossier(dossier)?;
    // A campaign's commands queue up: the count read below is the count written, and the
    // campaign cannot move on in between.
    exclusive(conn, &campaign_key(campaign_id), |conn| {
        let campaign = Campaign::by_id(conn, campaign_id)?.ok_or(NominationError::NotOpen)?;
        if campaign.state != CampaignState::NominationsOpen {
            return Err(NominationError::NotOpen);
        }
        let rules = campaign
            .parsed_rules()
            .map_err(|_| NominationError::NotOpen)?;
        if rules.group(group).is_none() {
            return Err(NominationError::UnknownGroup);
        }
        let theirs: i64 = products::table
            .filter(products::id.eq(product_id))
            .filter(products::producer_id.eq(producer_id))
            .filter(products::status.eq(ProductStatus::Published))
            .count()
            .get_result(conn)?;
        if theirs == 0 {
            return Err(NominationError::NotTheirs);
        }
        if Nomination::live_count(conn, campaign_id, producer_id)? >= MAX_LIVE_PER_FIRM {
            return Err(NominationError::TooMany);
        }
        diesel::insert_into(vote_nominations::table)
            .values((
                vote_nominations::campaign_id.eq(campaign_id),
                vote_nominations::producer_id.eq(producer_id),
                vote_nominations::product_id.eq(product_id),
                vote_nominations::group_slug.eq(group),
                vote_nominations::dossier.eq(&dossier),
                vote_nominations::status.eq(NominationStatus::Submitted),
                vote_nominations::created_at.eq(now),
                vote_nominations::updated_at.eq(now),
            ))
            .returning(vote_nominations::id)
            .get_result(conn)
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    NominationError::AlreadyNominated
                }
                // The kept count's CHECK: another request of the firm got there first.
                DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, _) => {
                    NominationError::TooMany
                }
                e => NominationError::Database(e),
            })
    })
}

/// A live nomination of `producer_id`, in a campaign whose voting has not opened.
fn own_open_nomination(
    conn: &mut DbConnection,
    producer_id: i32,
    id: i32,
) -> Result<Nomination, NominationError> {
    let nomination = Nomination::by_id(conn, id)?
        .filter(|n| n.producer_id == producer_id)
        .ok_or(NominationError::NotFound)?;
    let campaign =
        Campaign::by_id(conn, nomination.campaign_id)?.ok_or(NominationError::NotFound)?;
    if campaign.state.rules_frozen() || !nomination.status.live() {
        return Err(NominationError::Closed);
    }
    Ok(nomination)
}

/// Moves nomination `id` from `from` to `to` with `reason`; nothing if it has moved since.
fn set_status(
    conn: &mut DbConnection,
    id: i32,
    from: NominationStatus,
    to: NominationStatus,
    reason: &str,
    dossier: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), NominationError> {
    let target = vote_nominations::table
        .filter(vote_nominations::id.eq(id))
        .filter(vote_nominations::status.eq(from));
    let changed = match dossier {
        Some(dossier) => diesel::update(target)
            .set((
                vote_nominations::status.eq(to),
                vote_nominations::reason.eq(reason),
                vote_nominations::dossier.eq(dossier),
                vote_nominations::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                vote_nominations::status.eq(to),
                vote_nominations::reason.eq(reason),
                vote_nominations::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    if changed == 1 {
        Ok(())
    } else {
        Err(NominationError::Closed)
    }
}

/// The firm withdraws its nomination before voting opens; the place is free again.
pub fn withdraw(
    conn: &mut DbConnection,
    producer_id: i32,
    id: i32,
    now: NaiveDateTime,
) -> Result<(), NominationError> {
    let key = nomination_key(conn, id)?;
    exclusive(conn, &key, |conn| {
        let nomination = own_open_nomination(conn, producer_id, id)?;
        set_status(
            conn,
            id,
            nomination.status,
            NominationStatus::Withdrawn,
            "",
            None,
            now,
        )
    })
}

/// The firm answers a request for information with a new dossier: submitted again.
pub fn resubmit(
    conn: &mut DbConnection,
    producer_id: i32,
    id: i32,
    dossier: &str,
    now: NaiveDateTime,
) -> Result<(), NominationError> {
    let dossier = check_dossier(dossier)?;
    let key = nomination_key(conn, id)?;
    exclusive(conn, &key, |conn| {
        let nomination = own_open_nomination(conn, producer_id, id)?;
        if nomination.status != NominationStatus::NeedsInfo {
            return Err(NominationError::Closed);
        }
        set_status(
            conn,
            id,
            NominationStatus::NeedsInfo,
            NominationStatus::Submitted,
            "",
            Some(&dossier),
            now,
        )
    })
}

/// An official's decision on a live nomination while nominations are open or in review,
/// audited with its reason.
pub fn review(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i32,
    decision: &Decision,
    now: NaiveDateTime,
) -> Result<(), NominationError> {
    let (to, reason) = match decision {
        Decision::Eligible => (NominationStatus::Eligible, ""),
        Decision::NeedsInfo(r) => (NominationStatus::NeedsInfo, r.trim()),
        Decision::Rejected(r) => (NominationStatus::Rejected, r.trim()),
    };
    if to != NominationStatus::Eligible && reason.is_empty() {
        return Err(NominationError::ReasonNeeded);
    }
    let key = nomination_key(conn, id)?;
    exclusive(conn, &key, |conn| {
        let nomination = Nomination::by_id(conn, id)?.ok_or(NominationError::NotFound)?;
        let campaign =
            Campaign::by_id(conn, nomination.campaign_id)?.ok_or(NominationError::NotFound)?;
        let reviewing = matches!(
            campaign.state,
            CampaignState::NominationsOpen | CampaignState::Review
        );
        if !reviewing || !nomination.status.live() {
            return Err(NominationError::Closed);
        }
        set_status(conn, id, nomination.status, to, reason, None, now)?;
        Audit::record(
            conn,
            actor,
            AuditAction::ReviewNomination,
            &AuditTarget::VoteNomination {
                id,
                campaign_id: nomination.campaign_id,
                status: to.as_str(),
            },
            reason,
        )?;
        Ok(())
    })
}
