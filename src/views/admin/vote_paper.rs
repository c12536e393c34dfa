//! The officials' pages of the consumer vote's paper ballots: a campaign's batches with the
//! form that opens one, and one batch's page: the form for an independent entry of its tally
//! (never showing another official's numbers while the batch waits), and once both entries
//! are in, the two side by side with every difference marked.

use std::collections::{BTreeMap, BTreeSet};

use diesel::dsl::count_star;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::models::vote_campaign::Campaign;
use crate::db::models::vote_paper::{BatchStatus, MAX_BATCHES, PaperBatch, PaperEntry};
use crate::db::schema::{users, vote_paper_batches, vote_paper_entries};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::vote::{BallotGroup, ballot_groups};
use crate::views::{PageAddress, PageMeta};

#[derive(Debug, Serialize)]
pub struct BatchRow {
    pub id: i32,
    pub code: String,
    pub place: String,
    pub day: String,
    pub officers: String,
    pub sheets_issued: i32,
    pub status: String,
    pub status_code: &'static str,
    pub entries: i64,
}

fn batch_row(b: &PaperBatch, entries: i64, locale: Locale) -> BatchRow {
    BatchRow {
        id: b.id,
        code: b.code.clone(),
        place: b.place.clone(),
        day: b.day.format("%d/%m/%Y").to_string(),
        officers: format!("{}, {}", b.officer_a, b.officer_b),
        sheets_issued: b.sheets_issued,
        status: locale.t(&format!("admin-paper-status-{}", b.status.as_str())),
        status_code: b.status.as_str(),
        entries,
    }
}

/// `/quan-tri/binh-chon/{year}/phieu-giay`.
#[derive(Debug, Serialize)]
pub struct BatchesPage {
    pub meta: PageMeta,
    pub year: i32,
    /// Whether batches may be opened and entered now.
    pub entering: bool,
    pub batches: Vec<BatchRow>,
    pub form: FormState,
}

pub fn batches(
    conn: &mut DbConnection,
    campaign: &Campaign,
    address: &PageAddress,
    form: FormState,
) -> Result<BatchesPage, AppError> {
    let locale = address.locale;
    let batches = PaperBatch::of_campaign(conn, campaign.id)?;
    let counts: BTreeMap<i32, i64> = vote_paper_entries::table
        .inner_join(vote_paper_batches::table)
        .filter(vote_paper_batches::campaign_id.eq(campaign.id))
        .group_by(vote_paper_entries::batch_id)
        .select((vote_paper_entries::batch_id, count_star()))
        .limit(MAX_BATCHES)
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(BatchesPage {
        meta: super::meta(
            address,
            locale.msg(&Msg::new("admin-paper-title").arg("year", campaign.year)),
        ),
        year: campaign.year,
        entering: campaign.state.paper_entering(),
        batches: batches
            .iter()
            .map(|b| batch_row(b, counts.get(&b.id).copied().unwrap_or(0), locale))
            .collect(),
        form,
    })
}

/// A line of the two entries side by side: the sheets returned, or one nomination's marks.
#[derive(Debug, Serialize)]
pub struct CompareRow {
    pub label: String,
    pub first: i32,
    pub second: i32,
    pub differs: bool,
}

/// An entry's author and time, for the comparison's head.
#[derive(Debug, Serialize)]
pub struct EntryHead {
    pub by: String,
    pub at: String,
}

/// `/quan-tri/binh-chon/{year}/phieu-giay/{batch}`.
#[derive(Debug, Serialize)]
pub struct BatchPage {
    pub meta: PageMeta,
    pub year: i32,
    pub batch: BatchRow,
    /// Whether the signed-in official may enter the tally now.
    pub can_enter: bool,
    /// Why not, when the batch still waits.
    pub cannot_enter: Option<String>,
    pub groups: Vec<BallotGroup>,
    pub form: FormState,
    pub heads: Vec<EntryHead>,
    pub comparison: Vec<CompareRow>,
}

/// The page of batch `batch` for the official `user_id`. While the batch waits, nothing of
/// the first entry is shown but that it exists.
pub fn batch(
    conn: &mut DbConnection,
    campaign: &Campaign,
    batch: &PaperBatch,
    user_id: i32,
    address: &PageAddress,
    form: FormState,
) -> Result<BatchPage, AppError> {
    let locale = address.locale;
    let entries = batch.entries(conn)?;
    let rules = campaign
        .parsed_rules()
        .map_err(|e| AppError::internal(anyhow::anyhow!("campaign rules: {e}")))?;
    let groups = ballot_groups(conn, campaign, &rules, &BTreeSet::new(), locale)?;
    let mine = entries.iter().any(|e| e.entered_by == user_id);
    let cannot_enter = if batch.status != BatchStatus::Pending {
        None
    } else if !campaign.state.paper_entering() {
        Some(locale.t("admin-paper-closed"))
    } else if mine {
        Some(locale.t("admin-paper-entered-by-you"))
    } else {
        None
    };
    let can_enter = batch.status == BatchStatus::Pending && cannot_enter.is_none();
    let (heads, comparison) = if batch.status == BatchStatus::Pending {
        (Vec::new(), Vec::new())
    } else {
        compare(conn, &entries, &groups, locale)?
    };
    Ok(BatchPage {
        meta: super::meta(
            address,
            locale.msg(&Msg::new("admin-paper-batch").arg("code", batch.code.clone())),
        ),
        year: campaign.year,
        batch: batch_row(batch, entries.len() as i64, locale),
        can_enter,
        cannot_enter,
        groups,
        form,
        heads,
        comparison,
    })
}

/// The two entries of a decided batch side by side: the sheets returned, then every
/// nomination either entry marked.
fn compare(
    conn: &mut DbConnection,
    entries: &[PaperEntry],
    groups: &[BallotGroup],
    locale: Locale,
) -> Result<(Vec<EntryHead>, Vec<CompareRow>), AppError> {
    let [first, second] = entries else {
        return Ok((Vec::new(), Vec::new()));
    };
    let authors: BTreeMap<i32, String> = users::table
        .filter(users::id.eq_any([first.entered_by, second.entered_by]))
        .select((users::id, users::email))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let heads = [first, second]
        .iter()
        .map(|e| EntryHead {
            by: authors.get(&e.entered_by).cloned().unwrap_or_default(),
            at: super::shown(Some(e.created_at)),
        })
        .collect();
    let marks = |e: &PaperEntry| {
        e.parsed_marks()
            .map_err(|err| AppError::internal(anyhow::anyhow!("stored tally: {err}")))
    };
    let (a, b) = (marks(first)?, marks(second)?);
    let mut rows = vec![CompareRow {
        label: locale.t("admin-paper-sheets-returned"),
        first: first.sheets_returned,
        second: second.sheets_returned,
        differs: first.sheets_returned != second.sheets_returned,
    }];
    let names: BTreeMap<i32, String> = groups
        .iter()
        .flat_map(|g| g.entries.iter())
        .map(|e| (e.id, format!("{} — {}", e.product, e.producer)))
        .collect();
    let marked: BTreeSet<i32> = a.keys().chain(b.keys()).copied().collect();
    for id in marked {
        let (x, y) = (
            a.get(&id).copied().unwrap_or(0),
            b.get(&id).copied().unwrap_or(0),
        );
        rows.push(CompareRow {
            label: names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
            first: x,
            second: y,
            differs: x != y,
        });
    }
    Ok((heads, rows))
}
