//! A campaign's published files, built from the database once counting has started: the
//! frozen rules, the eligible nominations with their products and firms, the paper batches
//! with their first entry's tally and their status, the jury's scores under juror numbers,
//! and the results the count gives (see
//! `crate::vote::files`). `hangviet vote publish YEAR DIR` writes them.

use std::path::Path;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::{MAX_LISTED, NominationStatus};
use crate::db::models::vote_paper::{BatchStatus, PaperBatch};
use crate::db::schema::{producers, products, vote_nominations};
use crate::vote::count::{Nomination, Results};
use crate::vote::files::{self, PaperMark, Publication, PublishedBatch};

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
pub fn publication(conn: &mut DbConnection, year: i32) -> Result<Publication, PublishError> {
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
    Ok(Publication {
        rules,
        nominations,
        // Online ballots, invalidations and receipts are not stored yet.
        ballots: Vec::new(),
        batches,
        marks,
        jury: super::vote_jury::published_scores(conn, campaign.id)?,
        invalidations: Vec::new(),
        receipts: Vec::new(),
    })
}

/// Writes campaign `year`'s files into `dir` (created if missing); returns the results.
pub fn publish(conn: &mut DbConnection, year: i32, dir: &Path) -> anyhow::Result<Results> {
    let publication = publication(conn, year)?;
    std::fs::create_dir_all(dir)?;
    publication.write(dir)
}
