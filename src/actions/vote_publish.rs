//! A campaign's published files, built from the database once counting has started: the
//! frozen rules, the eligible nominations with their products and firms, the paper batches
//! with their first entry's tally and their status, the jury's scores under juror numbers,
//! and the results the count gives (see
//! `crate::vote::files`). `hangviet vote publish YEAR DIR` writes them.

use std::path::Path;

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::db::models::vote_ballot::{self, Ballot};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::{MAX_LISTED, NominationStatus};
use crate::db::models::vote_paper::{BatchStatus, PaperBatch};
use crate::db::schema::{producers, products, vote_ballots, vote_files, vote_nominations};
use crate::vote::count::{self, Nomination, Results};
use crate::vote::files::{
    self, Invalidation, PaperMark, Publication, PublishedBallot, PublishedBatch,
};
use crate::vote::online::VoteKeys;

/// Why nothing was published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("no campaign for {0}")]
    NotFound(i32),
    #[error("the vote of {0} has not reached counting")]
    NotCounted(i32),
    #[error("the stored data cannot be published: {0}")]
    Inconsistent(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Everything the files hold about campaign `year`.
pub fn publication(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    year: i32,
) -> Result<Publication, PublishError> {
    let campaign = Campaign::by_year(conn, year)?.ok_or(PublishError::NotFound(year))?;
    let counted = CampaignState::ALL
        .iter()
        .skip_while(|s| **s != CampaignState::Counting)
        .any(|s| *s == campaign.state);
    if !counted {
        return Err(PublishError::NotCounted(year));
    }
    let rules = campaign
        .parsed_rules()
        .map_err(|e| PublishError::Inconsistent(e.to_string()))?;
    let nominations = vote_nominations::table
        .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
        .inner_join(producers::table.on(producers::id.eq(vote_nominations::producer_id)))
        .filter(vote_nominations::campaign_id.eq(campaign.id))
        .filter(vote_nominations::status.eq(NominationStatus::Eligible))
        .order(vote_nominations::id.asc())
        .limit(MAX_LISTED)
        .select((
            vote_nominations::id,
            vote_nominations::group_slug,
            products::name,
            producers::name,
        ))
        .load::<(i32, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, group, product, producer)| {
            Ok(Nomination {
                number: u32::try_from(id)
                    .map_err(|_| PublishError::Inconsistent(format!("nomination {id}")))?,
                group,
                product,
                producer,
            })
        })
        .collect::<Result<Vec<_>, PublishError>>()?;
    let mut batches = Vec::new();
    let mut marks = Vec::new();
    let firsts = PaperBatch::first_entries(conn, campaign.id)?;
    for batch in PaperBatch::of_campaign(conn, campaign.id)? {
        let first = firsts.get(&batch.id);
        let tally = match first {
            Some(e) => e
                .parsed_marks()
                .map_err(|err| PublishError::Inconsistent(err.to_string()))?,
            None => Default::default(),
        };
        for (nomination, n) in tally {
            marks.push(PaperMark {
                batch: batch.code.clone(),
                nomination: u32::try_from(nomination).unwrap_or(0),
                marks: u32::try_from(n).unwrap_or(0),
            });
        }
        batches.push(PublishedBatch {
            batch: batch.code,
            place: batch.place,
            day: batch.day.format("%Y-%m-%d").to_string(),
            sheets_issued: u32::try_from(batch.sheets_issued).unwrap_or(0),
            sheets_returned: first
                .and_then(|e| u32::try_from(e.sheets_returned).ok())
                .unwrap_or(0),
            status: match batch.status {
                BatchStatus::Accepted => files::BatchStatus::Accepted,
                BatchStatus::Blocked => files::BatchStatus::Blocked,
                BatchStatus::Pending => files::BatchStatus::Pending,
            },
        });
    }
    let OnlineBallots {
        ballots,
        receipts,
        invalidations,
    } = online_ballots(conn, keys, campaign.id)?;
    Ok(Publication {
        rules,
        nominations,
        ballots,
        batches,
        marks,
        jury: super::vote_jury::published_scores(conn, campaign.id)?,
        invalidations,
        receipts,
    })
}

/// The campaign's online ballots as published, in an order unrelated to when they were cast
/// ([`VoteKeys::shuffle_key`]) and numbered in it, with the day (Vietnam time) but no finer
/// time and no identity; the hashes of their receipt codes; the invalidated ballots counted by
/// reason.
fn online_ballots(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    campaign_id: i32,
) -> Result<OnlineBallots, PublishError> {
    let rows: Vec<Ballot> = vote_ballots::table
        .filter(vote_ballots::campaign_id.eq(campaign_id))
        .select(Ballot::as_select())
        .load(conn)?;
    let mut keyed: Vec<(String, Ballot)> = rows
        .into_iter()
        .map(|b| (keys.shuffle_key(b.id), b))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ballots = Vec::with_capacity(keyed.len());
    let mut receipts = Vec::new();
    let mut invalid: std::collections::BTreeMap<&'static str, u64> = Default::default();
    for (n, (_, b)) in keyed.into_iter().enumerate() {
        let status = match b.status {
            vote_ballot::BallotStatus::Unconfirmed => count::BallotStatus::Unconfirmed,
            vote_ballot::BallotStatus::Counted => count::BallotStatus::Counted,
            vote_ballot::BallotStatus::Superseded => count::BallotStatus::Superseded,
            vote_ballot::BallotStatus::Invalidated => count::BallotStatus::Invalidated,
        };
        if let Some(reason) = b.invalid_reason {
            *invalid.entry(reason.as_str()).or_default() += 1;
        }
        if let Some(r) = b.receipt_hash {
            receipts.push(r);
        }
        ballots.push(PublishedBallot {
            ballot: n as u64 + 1,
            channel: b.channel.as_str().to_owned(),
            status,
            day: crate::clock::vietnam_time(b.created_at)
                .date()
                .format("%Y-%m-%d")
                .to_string(),
            picks: b.picks,
        });
    }
    let invalidations = invalid
        .into_iter()
        .map(|(reason, ballots)| Invalidation {
            reason: reason.to_owned(),
            ballots,
        })
        .collect();
    Ok(OnlineBallots {
        ballots,
        receipts,
        invalidations,
    })
}

/// What the published files hold of the online ballots.
struct OnlineBallots {
    ballots: Vec<PublishedBallot>,
    receipts: Vec<String>,
    invalidations: Vec<Invalidation>,
}

/// Stores campaign `year`'s files in the database (replacing earlier ones), in the caller's
/// transaction: what `/binh-chon/{year}` offers for download. Returns the results.
pub fn store(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    campaign: &Campaign,
    now: chrono::NaiveDateTime,
) -> Result<Results, PublishError> {
    let publication = publication(conn, keys, campaign.year)?;
    let (results, files) = publication
        .render()
        .map_err(|e| PublishError::Inconsistent(e.to_string()))?;
    diesel::delete(vote_files::table.filter(vote_files::campaign_id.eq(campaign.id)))
        .execute(conn)?;
    for (name, bytes) in files {
        let sha = count::hex(&Sha256::digest(&bytes));
        diesel::insert_into(vote_files::table)
            .values((
                vote_files::campaign_id.eq(campaign.id),
                vote_files::name.eq(name),
                vote_files::body.eq(String::from_utf8_lossy(&bytes).into_owned()),
                vote_files::sha256.eq(sha),
                vote_files::written_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(results)
}

/// Writes campaign `year`'s files into `dir` (created if missing); returns the results.
pub fn publish(
    conn: &mut DbConnection,
    keys: &VoteKeys,
    year: i32,
    dir: &Path,
) -> anyhow::Result<Results> {
    let publication = publication(conn, keys, year)?;
    std::fs::create_dir_all(dir)?;
    publication.write(dir)
}
