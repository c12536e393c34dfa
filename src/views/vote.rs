//! The consumer vote's public pages: the ballot (`/binh-chon`), its confirmation and receipt,
//! and a year's page (`/binh-chon/{year}`: rules, the campaign's record, turnout, results and
//! the published files).

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use serde::Serialize;

use super::forms::FormState;
use super::{ImageView, PageMeta};
use crate::db::DbConnection;
use crate::db::models::ProductImage;
use crate::db::models::vote_ballot::{Ballot, PublishedFile};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::NominationStatus;
use crate::db::models::vote_paper::BatchStatus;
use crate::db::schema::{producers, products, vote_nominations, vote_paper_batches};
use crate::i18n::{Locale, Msg};
use crate::vote::count::Rules;
use crate::vote::files::{self, ResultLine};
use crate::vote::online::receipt_hash;

/// Nominations one ballot lists at most.
pub const MAX_ON_BALLOT: i64 = 3_000;

/// A nomination on the ballot.
#[derive(Debug, Serialize)]
pub struct BallotEntry {
    pub id: i32,
    pub product: String,
    pub producer: String,
    pub url: String,
    pub image: Option<ImageView>,
    pub picked: bool,
}

#[derive(Debug, Serialize)]
pub struct BallotGroup {
    pub slug: String,
    pub name: String,
    pub entries: Vec<BallotEntry>,
}

/// The ballot: the groups with their eligible nominations, the form and the challenge.
#[derive(Debug, Serialize)]
pub struct BallotPage {
    pub meta: PageMeta,
    pub year: i32,
    pub picks_per_group: u32,
    pub groups: Vec<BallotGroup>,
    pub form: FormState,
    /// The proof-of-work challenge, as JSON for the page's solver.
    pub challenge: String,
    /// Whether voters may confirm by a code texted to their phone (an SMS gateway is set).
    pub phones: bool,
}

fn group_name(rules: &Rules, slug: &str, locale: Locale) -> String {
    rules.group(slug).map_or_else(
        || slug.to_owned(),
        |g| match locale {
            Locale::Vi => g.name_vi.clone(),
            Locale::En => g.name_en.clone(),
        },
    )
}

/// The eligible nominations of `campaign` by group, in the rules' order, each with its
/// product, firm and cover photo; `picked` are ticked. Three queries.
pub fn ballot_groups(
    conn: &mut DbConnection,
    campaign: &Campaign,
    rules: &Rules,
    picked: &BTreeSet<i32>,
    locale: Locale,
) -> QueryResult<Vec<BallotGroup>> {
    let rows: Vec<(i32, String, i32, String, String, String)> = vote_nominations::table
        .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
        .inner_join(producers::table.on(producers::id.eq(vote_nominations::producer_id)))
        .filter(vote_nominations::campaign_id.eq(campaign.id))
        .filter(vote_nominations::status.eq(NominationStatus::Eligible))
        .order((vote_nominations::group_slug.asc(), products::name.asc()))
        .limit(MAX_ON_BALLOT)
        .select((
            vote_nominations::id,
            vote_nominations::group_slug,
            products::id,
            products::name,
            products::slug,
            producers::name,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.2).collect();
    let covers: BTreeMap<i32, ProductImage> = ProductImage::covers(conn, &ids)?
        .into_iter()
        .map(|i| (i.product_id, i))
        .collect();
    let mut by_group: BTreeMap<String, Vec<BallotEntry>> = BTreeMap::new();
    for (id, group, product_id, product, slug, producer) in rows {
        by_group.entry(group).or_default().push(BallotEntry {
            id,
            url: locale.path(&format!("/san-pham/{slug}")),
            image: covers.get(&product_id).map(|i| ImageView::new(i, &product)),
            product,
            producer,
            picked: picked.contains(&id),
        });
    }
    Ok(rules
        .groups
        .iter()
        .filter_map(|g| {
            Some(BallotGroup {
                slug: g.slug.clone(),
                name: group_name(rules, &g.slug, locale),
                entries: by_group.remove(&g.slug)?,
            })
        })
        .collect())
}

/// The nominations a pending ballot picked, as "product — firm" lines, for its confirmation.
pub fn picked_lines(
    conn: &mut DbConnection,
    ballot: &Ballot,
    rules: &Rules,
    locale: Locale,
) -> QueryResult<Vec<(String, String)>> {
    let rows: Vec<(String, String, String)> = vote_nominations::table
        .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
        .inner_join(producers::table.on(producers::id.eq(vote_nominations::producer_id)))
        .filter(vote_nominations::id.eq_any(ballot.pick_ids()))
        .order((vote_nominations::group_slug.asc(), products::name.asc()))
        .select((
            vote_nominations::group_slug,
            products::name,
            producers::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(group, product, producer)| {
            (
                group_name(rules, &group, locale),
                format!("{product} — {producer}"),
            )
        })
        .collect())
}

/// A move of the campaign, as its page lists it.
#[derive(Debug, Serialize)]
pub struct MoveView {
    pub to: String,
    pub when: String,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct FileView {
    pub name: String,
    pub url: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct ResultGroup {
    pub name: String,
    pub rows: Vec<ResultView>,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub rank: u32,
    pub nomination: u32,
    pub product: String,
    pub producer: String,
    pub votes: u64,
    /// The score out of 100, two decimals.
    pub score: String,
    pub tier: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TierView {
    pub label: String,
    pub places: u32,
    pub min_score: String,
}

/// A year's page.
#[derive(Debug, Serialize)]
pub struct YearPage {
    pub meta: PageMeta,
    pub year: i32,
    pub state: String,
    pub voting_open: bool,
    pub rules_checksum: Option<String>,
    pub decision_no: Option<String>,
    pub groups: Vec<String>,
    pub picks_per_group: u32,
    pub vote_weight: u32,
    pub jury_weight: u32,
    pub criteria: Vec<String>,
    pub tiers: Vec<TierView>,
    pub moves: Vec<MoveView>,
    /// Counted online ballots and accepted paper batches, from the opening of voting.
    pub turnout: Option<(i64, i64)>,
    /// From the provisional results on.
    pub results: Vec<ResultGroup>,
    pub files: Vec<FileView>,
    /// The command that recounts the files.
    pub recount_command: &'static str,
    /// The receipt looked up (`?ma=`), and what became of its ballot.
    pub receipt: Option<String>,
    pub receipt_status: Option<String>,
}

fn score_text(millionths: u64) -> String {
    format!("{}.{:02}", millionths / 10_000, (millionths % 10_000) / 100)
}

/// Campaign `year`'s page; `receipt` a canonical receipt code to look up.
pub fn year_page(
    conn: &mut DbConnection,
    campaign: &Campaign,
    receipt: Option<String>,
    locale: Locale,
    meta: PageMeta,
) -> QueryResult<YearPage> {
    let rules = campaign.parsed_rules().ok();
    let started = campaign.state.rules_frozen();
    let turnout = if started {
        let online = Ballot::counted(conn, campaign.id)?;
        let paper: i64 = vote_paper_batches::table
            .filter(vote_paper_batches::campaign_id.eq(campaign.id))
            .filter(vote_paper_batches::status.eq(BatchStatus::Accepted))
            .count()
            .get_result(conn)?;
        Some((online, paper))
    } else {
        None
    };
    let published = PublishedFile::list(conn, campaign.id)?;
    let results = match PublishedFile::get(conn, campaign.id, files::RESULTS)? {
        Some(f) => results_view(&f.body, rules.as_ref(), locale),
        None => Vec::new(),
    };
    let receipt_status = match &receipt {
        Some(code) => Some(
            match Ballot::by_receipt_hash(conn, campaign.id, &receipt_hash(code))? {
                Some(ballot) => locale.t(&format!("vote-receipt-{}", ballot.status.as_str())),
                None => locale.t("vote-receipt-unknown"),
            },
        ),
        None => None,
    };
    let moves = campaign
        .transitions(conn)?
        .into_iter()
        .map(|t| MoveView {
            to: t.to_state.label(locale),
            when: crate::clock::shown_date_time(t.created_at),
            note: t.note,
        })
        .collect();
    let (groups, picks, vw, jw, criteria, tiers) = match &rules {
        Some(r) => (
            r.groups
                .iter()
                .map(|g| group_name(r, &g.slug, locale))
                .collect(),
            r.picks_per_group,
            r.vote_weight,
            r.jury_weight,
            r.criteria
                .iter()
                .map(|c| {
                    let name = match locale {
                        Locale::Vi => &c.name_vi,
                        Locale::En => &c.name_en,
                    };
                    format!("{name} (0–{})", c.max)
                })
                .collect(),
            r.tiers
                .iter()
                .map(|t| TierView {
                    label: locale.msg(&Msg::new("tier-top").arg("n", i64::from(t.tier))),
                    places: t.places,
                    min_score: score_text(t.min_score),
                })
                .collect(),
        ),
        None => (Vec::new(), 0, 0, 0, Vec::new(), Vec::new()),
    };
    Ok(YearPage {
        meta,
        year: campaign.year,
        state: campaign.state.label(locale),
        voting_open: campaign.state == CampaignState::VotingOpen,
        rules_checksum: campaign.rules_checksum.clone(),
        decision_no: campaign.decision_no.clone(),
        groups,
        picks_per_group: picks,
        vote_weight: vw,
        jury_weight: jw,
        criteria,
        tiers,
        moves,
        turnout,
        results,
        files: published
            .into_iter()
            .map(|(name, sha256)| FileView {
                url: format!("/binh-chon/{}/tep/{name}", campaign.year),
                name,
                sha256,
            })
            .collect(),
        recount_command: "hangviet vote count DIR",
        receipt,
        receipt_status,
    })
}

fn results_view(csv: &str, rules: Option<&Rules>, locale: Locale) -> Vec<ResultGroup> {
    let mut out: Vec<ResultGroup> = Vec::new();
    let mut last = String::new();
    for line in files::parse_results(csv.as_bytes()) {
        let ResultLine {
            group,
            rank,
            nomination,
            product,
            producer,
            online_votes,
            paper_votes,
            score,
            tier,
            ..
        } = line;
        if group != last || out.is_empty() {
            out.push(ResultGroup {
                name: rules.map_or_else(|| group.clone(), |r| group_name(r, &group, locale)),
                rows: Vec::new(),
            });
            last = group;
        }
        if let Some(g) = out.last_mut() {
            g.rows.push(ResultView {
                rank,
                nomination,
                product,
                producer,
                votes: online_votes + paper_votes,
                score: score_text(score),
                tier: tier.map(|t| locale.msg(&Msg::new("tier-top").arg("n", i64::from(t)))),
            });
        }
    }
    out
}
