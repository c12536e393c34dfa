//! Online ballots: a citizen picks up to the rules' number of eligible nominations per
//! group, gives an email address and consents; the ballot is stored unconfirmed and its
//! confirmation link mailed (one transaction). Following the link confirms it: it counts, the
//! same voter's earlier counted ballot is superseded, and the voter gets a receipt code.
//! (Flagging and invalidating ballots: `crate::actions::vote_detect`.)
//!
//! Limits: each answered proof-of-work challenge is spent once ([`spend_pow`]); ballots per
//! client address and per network ([`BALLOTS_PER_ADDRESS`], [`BALLOTS_PER_NETWORK`], loose:
//! many phones share one address behind a carrier's NAT); confirmation mails per voter
//! ([`MAILS_PER_VOTER`]).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv6Addr};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::{random_token, token_hash};
use crate::db::DbConnection;
use crate::db::lock::{exclusive, exclusive_all, lock_also, try_lock};
use crate::db::models::mail_outbox::MailOutbox;
use crate::db::models::rate_limit::RateLimit;
use crate::db::models::vote_ballot::{Ballot, BallotStatus, Channel, picks_text};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::NominationStatus;
use crate::db::schema::{vote_ballots, vote_contacts, vote_nominations, vote_pow_spent};
use crate::i18n::Locale;
use crate::mail::compose;
use crate::site::SiteAddress;
use crate::vote::online::{
    AddressError, CODE_LIFETIME_MINUTES, MAX_CODE_TRIES, PHONE_PREFIX, SmsGateway, VoteKeys,
    new_code, normalise_email, normalise_phone, receipt_hash,
};

/// Ballots sent from one client address (IPv4, or IPv6 /64) per hour.
pub const BALLOTS_PER_ADDRESS: i64 = 60;
/// Ballots sent from one network (IPv4 /24, IPv6 /48) per hour.
pub const BALLOTS_PER_NETWORK: i64 = 600;
/// Confirmation mails one voter's address gets per hour.
pub const MAILS_PER_VOTER: i64 = 3;
/// How long a confirmation link works.
pub const LINK_LIFETIME_HOURS: i64 = 48;
/// The privacy notice voters consent to (its text: `vote-privacy-*` in the catalogue).
pub const CONSENT_NOTICE: &str = "2026-1";

/// Why a ballot was not taken; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("voting is not open")]
    NotOpen,
    #[error("no product was picked")]
    NoPicks,
    #[error("nomination {0} is not on the ballot")]
    NotOnBallot(i32),
    #[error("more than {max} products picked in group {group}")]
    TooManyPicks { group: String, max: u32 },
    #[error("the address cannot receive the confirmation")]
    Address(AddressError),
    #[error("consent was not given")]
    NoConsent,
    #[error("no SMS gateway is configured")]
    NoPhones,
    #[error("the proof of work was used before")]
    PowSpent,
    #[error("too many ballots from this address or to this voter; try later")]
    Throttled,
    #[error("the rules cannot be read")]
    Rules,
    #[error("database error")]
    Database,
}

impl From<DieselError> for BallotError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "ballot command failed");
        BallotError::Database
    }
}

/// How a voter proves who they are: a mailbox, or a phone (with an SMS gateway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    Phone(String),
}

/// What [`cast`] did: mailed the confirmation link, or texted a code (the link, `token`, is
/// for the voter's browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cast {
    Mailed,
    CodeSent { token: String },
}

/// What the ballot form sends, checked by [`cast`].
#[derive(Debug, Clone)]
pub struct BallotRequest {
    pub picks: Vec<i32>,
    pub contact: Contact,
    pub consent: bool,
    /// The client's address, as the site believes it (`crate::auth::client_ip`).
    pub client_ip: String,
    /// The language of the confirmation mail.
    pub locale: Locale,
    /// The nonce of the form's answered proof-of-work challenge, spent with the ballot (the
    /// caller checked the answer); `None` where there is none (simulations).
    pub pow_nonce: Option<String>,
}

/// The rate-limit keys of a client address: the address itself (an IPv6 client as its /64)
/// and its network (IPv4 /24, IPv6 /48).
pub fn address_keys(ip: &str) -> (String, String) {
    let key = crate::auth::throttle::address_key(ip);
    let network = match ip.trim().parse::<IpAddr>().map(crate::site::canonical) {
        Ok(IpAddr::V4(v4)) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        Ok(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !(u128::MAX >> 48);
            format!("{}/48", Ipv6Addr::from(network))
        }
        Err(_) => key.clone(),
    };
    (key, network)
}

/// Lock key of the pruning of spent challenges: one transaction prunes at a time, the others
/// skip it (and never wait on the rows it deletes).
const POW_PRUNE_KEY: &str = "vote-pow:prune";

/// Spends an answered proof-of-work challenge: `false` if it was spent before (in a
/// transaction, which then must be rolled back). Spent challenges older than their lifetime
/// are forgotten (they have expired anyway) by whichever transaction gets to it.
pub fn spend_pow(conn: &mut DbConnection, nonce: &str, now: NaiveDateTime) -> QueryResult<bool> {
    if try_lock(conn, POW_PRUNE_KEY)? {
        let forget = now - TimeDelta::seconds(2 * crate::vote::online::POW_LIFETIME_SECS);
        diesel::delete(vote_pow_spent::table.filter(vote_pow_spent::spent_at.lt(forget)))
            .execute(conn)?;
    }
    match diesel::insert_into(vote_pow_spent::table)
        .values((
            vote_pow_spent::nonce.eq(nonce),
            vote_pow_spent::spent_at.eq(now),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The campaign whose voting is open, if any.
pub fn open_campaign(conn: &mut DbConnection) -> QueryResult<Option<Campaign>> {
    use crate::db::schema::vote_campaigns;
    vote_campaigns::table
        .filter(vote_campaigns::state.eq(CampaignState::VotingOpen))
        .order(vote_campaigns::year.desc())
        .select(Campaign::as_select())
        .first(conn)
        .optional()
}

/// Checks picks against campaign `campaign`'s eligible nominations and the rules' number per
/// group; the picks sorted, without repeats.
fn checked_picks(
    conn: &mut DbConnection,
    campaign: &Campaign,
    picks: &[i32],
) -> Result<Vec<i32>, BallotError> {
    let rules = campaign.parsed_rules().map_err(|_| BallotError::Rules)?;
    let mut picks = picks.to_vec();
    picks.sort_unstable();
    picks.dedup();
    if picks.is_empty() {
        return Err(BallotError::NoPicks);
    }
    let max_total = rules.groups.len() * rules.picks_per_group as usize;
    if picks.len() > max_total {
        return Err(BallotError::TooManyPicks {
            group: String::new(),
            max: rules.picks_per_group,
        });
    }
    let groups: BTreeMap<i32, String> = vote_nominations::table
        .filter(vote_nominations::campaign_id.eq(campaign.id))
        .filter(vote_nominations::status.eq(NominationStatus::Eligible))
        .filter(vote_nominations::id.eq_any(&picks))
        .select((vote_nominations::id, vote_nominations::group_slug))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let mut per_group: BTreeMap<&str, u32> = BTreeMap::new();
    for id in &picks {
        let group = groups.get(id).ok_or(BallotError::NotOnBallot(*id))?;
        let n = per_group.entry(group.as_str()).or_default();
        *n += 1;
        if *n > rules.picks_per_group {
            return Err(BallotError::TooManyPicks {
                group: group.clone(),
                max: rules.picks_per_group,
            });
        }
    }
    Ok(picks)
}

/// How a ballot's confirmation reaches the voter: the site's address for mailed links, and
/// the SMS gateway, if one is configured, for phone codes.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    pub site: &'a SiteAddress,
    pub sms: Option<&'a SmsGateway>,
}

/// Takes a ballot in the open campaign: stores it unconfirmed with the voter's keyed identity
/// and encrypted contact, and queues the confirmation — the link by mail, or for a phone a
/// code by SMS — in one transaction. The caller has checked the form's token, honeypot and
/// proof of work.
pub fn cast(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    reach: Reach<'_>,
    request: &BallotRequest,
    now: NaiveDateTime,
) -> Result<Cast, BallotError> {
    let campaign = open_campaign(conn)?.ok_or(BallotError::NotOpen)?;
    let picks = checked_picks(conn, &campaign, &request.picks)?;
    let (channel, normalised) = match &request.contact {
        Contact::Email(address) => (
            Channel::Email,
            normalise_email(address).map_err(BallotError::Address)?,
        ),
        Contact::Phone(number) => {
            let phone = normalise_phone(number).map_err(BallotError::Address)?;
            if reach.sms.is_none() {
                return Err(BallotError::NoPhones);
            }
            (Channel::Phone, format!("{PHONE_PREFIX}{phone}"))
        }
    };
    if !request.consent {
        return Err(BallotError::NoConsent);
    }
    let (address, network) = address_keys(&request.client_ip);
    let identity = keys.identity_hash(&normalised);
    let buckets = [
        (format!("ballot-ip:{address}"), BALLOTS_PER_ADDRESS),
        (format!("ballot-net:{network}"), BALLOTS_PER_NETWORK),
        (format!("ballot-mail:{identity}"), MAILS_PER_VOTER),
    ];
    let token = random_token();
    let (mail, contact, code_hash, cast) = match (&request.contact, reach.sms) {
        (Contact::Phone(_), Some(gateway)) => {
            let phone = normalised.trim_start_matches(PHONE_PREFIX);
            let code = new_code();
            let mail = compose::vote_code(
                request.locale,
                &gateway.address(phone),
                campaign.year,
                &code,
            );
            let cast = Cast::CodeSent {
                token: token.clone(),
            };
            (
                mail,
                normalised.clone(),
                Some(keys.code_hash(&token, &code)),
                cast,
            )
        }
        (contact, _) => {
            let address = match contact {
                Contact::Email(a) | Contact::Phone(a) => a.trim(),
            };
            let mail =
                compose::vote_confirm(reach.site, request.locale, address, campaign.year, &token);
            (mail, address.to_owned(), None, Cast::Mailed)
        }
    };
    let contact = keys.seal_contact(&contact);
    // One transaction spends the proof of work, counts the ballot against the limits of its
    // address, network and voter (their locks held, so concurrent ballots cannot slip past)
    // and stores it with its mail. The network's lock, which the most ballots share (a
    // carrier's addresses), is taken last, just before the commit.
    let [ip, network_limit, voter] = &buckets;
    let locks = [RateLimit::lock_key(&ip.0), RateLimit::lock_key(&voter.0)];
    let locks = [locks[0].as_str(), locks[1].as_str()];
    let hour = TimeDelta::hours(1);
    exclusive_all(conn, &locks, |conn| {
        if let Some(nonce) = &request.pow_nonce
            && !spend_pow(conn, nonce, now)?
        {
            return Err(BallotError::PowSpent);
        }
        RateLimit::prune(conn, hour)?;
        let own = [(ip.0.as_str(), ip.1), (voter.0.as_str(), voter.1)];
        if !RateLimit::hit_locked(conn, &own, hour)? {
            return Err(BallotError::Throttled);
        }
        diesel::insert_into(vote_ballots::table)
            .values((
                vote_ballots::campaign_id.eq(campaign.id),
                vote_ballots::channel.eq(channel),
                vote_ballots::status.eq(BallotStatus::Unconfirmed),
                vote_ballots::identity_hash.eq(&identity),
                vote_ballots::picks.eq(picks_text(&picks)),
                vote_ballots::token_hash.eq(token_hash(&token)),
                vote_ballots::code_hash.eq(&code_hash),
                vote_ballots::address_key.eq(&address),
                vote_ballots::subnet.eq(&network),
                vote_ballots::consent_notice.eq(CONSENT_NOTICE),
                vote_ballots::created_at.eq(now),
            ))
            .execute(conn)?;
        let updated = diesel::update(
            vote_contacts::table
                .filter(vote_contacts::campaign_id.eq(campaign.id))
                .filter(vote_contacts::identity_hash.eq(&identity)),
        )
        .set((
            vote_contacts::contact.eq(&contact),
            vote_contacts::created_at.eq(now),
        ))
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(vote_contacts::table)
                .values((
                    vote_contacts::campaign_id.eq(campaign.id),
                    vote_contacts::identity_hash.eq(&identity),
                    vote_contacts::contact.eq(&contact),
                    vote_contacts::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        MailOutbox::enqueue(conn, &mail, now)?;
        lock_also(conn, &RateLimit::lock_key(&network_limit.0))?;
        let shared = [(network_limit.0.as_str(), network_limit.1)];
        if !RateLimit::hit_locked(conn, &shared, hour)? {
            return Err(BallotError::Throttled);
        }
        Ok(())
    })?;
    Ok(cast)
}

/// Why a confirmation did not count a ballot; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    #[error("the link is unknown or was used")]
    Unknown,
    #[error("the link has expired")]
    Expired,
    #[error("voting is closed")]
    Closed,
    #[error("the code is wrong; {left} tries left")]
    WrongCode { left: i32 },
    #[error("database error")]
    Database,
}

impl From<DieselError> for ConfirmError {
    fn from(e: DieselError) -> Self {
        tracing::error!(error = %e, "ballot confirmation failed");
        ConfirmError::Database
    }
}

/// A ballot waiting for its confirmation: what the link's page shows.
pub fn pending(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<(Campaign, Ballot), ConfirmError> {
    let ballot = Ballot::by_token_hash(conn, &token_hash(token))?.ok_or(ConfirmError::Unknown)?;
    if ballot.status != BallotStatus::Unconfirmed {
        return Err(ConfirmError::Unknown);
    }
    let campaign = Campaign::by_id(conn, ballot.campaign_id)?.ok_or(ConfirmError::Unknown)?;
    if campaign.state != CampaignState::VotingOpen {
        return Err(ConfirmError::Closed);
    }
    let lifetime = match ballot.channel {
        Channel::Email => TimeDelta::hours(LINK_LIFETIME_HOURS),
        Channel::Phone => TimeDelta::minutes(CODE_LIFETIME_MINUTES),
    };
    if ballot.created_at + lifetime < now {
        return Err(ConfirmError::Expired);
    }
    Ok((campaign, ballot))
}

/// A counted ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    pub year: i32,
    pub receipt: String,
    /// The voter had a counted ballot, now superseded by this one.
    pub superseded: bool,
}

/// Confirms the ballot of link `token` (a phone ballot with its texted `code`): it counts
/// from now, the same voter's counted ballot (if any) is superseded, and the link stops
/// working. One voter's confirmations run one at a time, so two racing links cannot both
/// count. A wrong code is counted; after [`MAX_CODE_TRIES`] the link stops working.
pub fn confirm(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    token: &str,
    code: Option<&str>,
    now: NaiveDateTime,
) -> Result<Confirmed, ConfirmError> {
    let hash = token_hash(token);
    let identity = Ballot::by_token_hash(conn, &hash)?
        .and_then(|b| b.identity_hash)
        .ok_or(ConfirmError::Unknown)?;
    exclusive(conn, &format!("vote-voter:{identity}"), |conn| {
        let (campaign, ballot) = pending(conn, token, now)?;
        if let Some(expected) = &ballot.code_hash {
            let given = keys.code_hash(token, code.unwrap_or_default().trim());
            if !crate::auth::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
                return wrong_code(conn, &ballot).map(Err);
            }
        }
        let superseded = diesel::update(
            vote_ballots::table
                .filter(vote_ballots::campaign_id.eq(campaign.id))
                .filter(vote_ballots::identity_hash.eq(&identity))
                .filter(vote_ballots::status.eq(BallotStatus::Counted)),
        )
        .set(vote_ballots::status.eq(BallotStatus::Superseded))
        .execute(conn)?;
        let receipt = keys.receipt_code(token);
        let changed = diesel::update(
            vote_ballots::table
                .filter(vote_ballots::id.eq(ballot.id))
                .filter(vote_ballots::status.eq(BallotStatus::Unconfirmed)),
        )
        .set((
            vote_ballots::status.eq(BallotStatus::Counted),
            vote_ballots::confirmed_at.eq(now),
            vote_ballots::token_hash.eq(None::<String>),
            vote_ballots::receipt_hash.eq(receipt_hash(&receipt)),
        ))
        .execute(conn)?;
        if changed != 1 {
            return Err(ConfirmError::Unknown);
        }
        Ok(Ok(Confirmed {
            year: campaign.year,
            receipt,
            superseded: superseded > 0,
        }))
    })?
}

/// Counts a wrong code for `ballot` (kept when the caller's transaction commits); the last
/// allowed one stops its link.
fn wrong_code(conn: &mut DbConnection, ballot: &Ballot) -> Result<ConfirmError, ConfirmError> {
    let tries = ballot.code_tries + 1;
    let left = (MAX_CODE_TRIES - tries).max(0);
    let link = (left > 0).then(|| ballot.token_hash.clone()).flatten();
    diesel::update(vote_ballots::table.find(ballot.id))
        .set((
            vote_ballots::code_tries.eq(tries),
            vote_ballots::token_hash.eq(link),
        ))
        .execute(conn)?;
    Ok(ConfirmError::WrongCode { left })
}

/// Erases what links ballots to voters once the results are certified: the identity hashes
/// and client addresses of the campaign's ballots, unused links, and the contacts.
pub fn erase_identities(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<()> {
    diesel::update(vote_ballots::table.filter(vote_ballots::campaign_id.eq(campaign_id)))
        .set((
            vote_ballots::identity_hash.eq(None::<String>),
            vote_ballots::address_key.eq(None::<String>),
            vote_ballots::subnet.eq(None::<String>),
            vote_ballots::token_hash.eq(None::<String>),
        ))
        .execute(conn)?;
    diesel::delete(vote_contacts::table.filter(vote_contacts::campaign_id.eq(campaign_id)))
        .execute(conn)?;
    Ok(())
}
