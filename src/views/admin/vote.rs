//! The officials' pages of the consumer vote: the campaigns with the form that opens a year's
//! (its rules as fields), and one campaign's console (its state and next move, the decision
//! number, the nominations to review, what detection flagged, the objections).

use std::collections::BTreeMap;

use diesel::dsl::count_star;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::models::vote_ballot::{Flagged, InvalidReason};
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::{MAX_LISTED, NominationStatus};
use crate::db::models::vote_objection::ObjectionStatus;
use crate::db::models::vote_paper::BatchStatus;
use crate::db::schema::{
    producers, products, users, vote_campaigns, vote_jurors, vote_jury_scores, vote_nominations,
    vote_objections, vote_paper_batches,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::views::forms::FormState;
use crate::views::{PageAddress, PageMeta};
use crate::vote::count::{Rules, TieBreak};

/// Campaigns listed at most.
const MAX_CAMPAIGNS: i64 = 50;

/// Jurors listed at most.
const MAX_JURORS: i64 = 200;

#[derive(Debug, Serialize)]
pub struct CampaignRow {
    pub year: i32,
    pub state: String,
}

/// `/quan-tri/binh-chon`.
#[derive(Debug, Serialize)]
pub struct CampaignsPage {
    pub meta: PageMeta,
    pub campaigns: Vec<CampaignRow>,
    pub form: FormState,
}

pub fn campaigns(
    conn: &mut DbConnection,
    address: &PageAddress,
    form: FormState,
) -> Result<CampaignsPage, AppError> {
    let locale = address.locale;
    let rows: Vec<(i32, CampaignState)> = vote_campaigns::table
        .order(vote_campaigns::year.desc())
        .limit(MAX_CAMPAIGNS)
        .select((vote_campaigns::year, vote_campaigns::state))
        .load(conn)?;
    Ok(CampaignsPage {
        meta: super::meta(address, locale.t("admin-vote-title")),
        campaigns: rows
            .into_iter()
            .map(|(year, state)| CampaignRow {
                year,
                state: state.label(locale),
            })
            .collect(),
        form,
    })
}

/// The rules as the creation form shows them (see `handlers::admin::vote::rules_from_form`).
pub fn rules_form(rules: &Rules, locale: Locale) -> FormState {
    let groups: Vec<String> = rules
        .groups
        .iter()
        .map(|g| format!("{} | {} | {}", g.slug, g.name_vi, g.name_en))
        .collect();
    let criteria: Vec<String> = rules
        .criteria
        .iter()
        .map(|c| format!("{} | {} | {} | {}", c.key, c.name_vi, c.name_en, c.max))
        .collect();
    let tiers: Vec<String> = rules
        .tiers
        .iter()
        .map(|t| format!("{} | {}", t.places, t.min_score / 10_000))
        .collect();
    let ties: Vec<&str> = rules
        .tie_breaks
        .iter()
        .map(|t| match t {
            TieBreak::Jury => "jury",
            TieBreak::Votes => "votes",
            TieBreak::OnlineVotes => "online_votes",
        })
        .collect();
    FormState::new(locale)
        .value("year", rules.year.to_string())
        .value("groups", groups.join("\n"))
        .value("picks_per_group", rules.picks_per_group.to_string())
        .value("vote_weight", rules.vote_weight.to_string())
        .value("criteria", criteria.join("\n"))
        .value("tiers", tiers.join("\n"))
        .value("tie_breaks", ties.join(", "))
}

#[derive(Debug, Serialize)]
pub struct NominationRow {
    pub id: i32,
    pub product: String,
    pub producer: String,
    pub group: String,
    pub dossier: String,
    pub status: String,
    pub reviewable: bool,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct FlagRow {
    pub rule: String,
    pub label: String,
    pub ballots: i64,
}

#[derive(Debug, Serialize)]
pub struct ObjectionRow {
    pub id: i32,
    pub producer: String,
    pub body: String,
    pub open: bool,
    pub status: String,
    pub answer: String,
}

#[derive(Debug, Serialize)]
pub struct JurorRow {
    pub number: i32,
    pub email: String,
    pub scores: i64,
}

/// How many paper batches wait, were accepted and were blocked.
#[derive(Debug, Default, Serialize)]
pub struct PaperCounts {
    pub pending: i64,
    pub accepted: i64,
    pub blocked: i64,
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

/// `/quan-tri/binh-chon/{year}`.
#[derive(Debug, Serialize)]
pub struct ConsolePage {
    pub meta: PageMeta,
    pub year: i32,
    pub state: String,
    pub state_code: &'static str,
    pub next: Option<(&'static str, String)>,
    pub decision_no: String,
    pub decision_open: bool,
    pub nominations: Vec<NominationRow>,
    pub flags: Vec<FlagRow>,
    pub last_detection: Option<String>,
    pub invalidating: bool,
    pub reasons: Vec<Choice>,
    pub objections: Vec<ObjectionRow>,
    pub objections_open: bool,
    pub jurors: Vec<JurorRow>,
    pub appointing: bool,
    pub paper: PaperCounts,
}

/// The campaign's jurors by number, with how many scores each gave; two queries.
fn jurors(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<Vec<JurorRow>> {
    let rows: Vec<(i32, i32, String)> = vote_jurors::table
        .inner_join(users::table.on(users::id.eq(vote_jurors::user_id)))
        .filter(vote_jurors::campaign_id.eq(campaign_id))
        .order(vote_jurors::number.asc())
        .limit(MAX_JURORS)
        .select((vote_jurors::number, vote_jurors::user_id, users::email))
        .load(conn)?;
    let given: BTreeMap<i32, i64> = vote_jury_scores::table
        .filter(vote_jury_scores::campaign_id.eq(campaign_id))
        .group_by(vote_jury_scores::user_id)
        .select((vote_jury_scores::user_id, count_star()))
        .limit(MAX_JURORS)
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(number, user, email)| JurorRow {
            number,
            email,
            scores: given.get(&user).copied().unwrap_or(0),
        })
        .collect())
}

/// The campaign's paper batches counted by status, in one query.
fn paper_counts(conn: &mut DbConnection, campaign_id: i32) -> QueryResult<PaperCounts> {
    let rows: Vec<(BatchStatus, i64)> = vote_paper_batches::table
        .filter(vote_paper_batches::campaign_id.eq(campaign_id))
        .group_by(vote_paper_batches::status)
        .select((vote_paper_batches::status, count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .fold(PaperCounts::default(), |mut c, (status, n)| {
            match status {
                BatchStatus::Pending => c.pending = n,
                BatchStatus::Accepted => c.accepted = n,
                BatchStatus::Blocked => c.blocked = n,
            }
            c
        }))
}

pub fn console(
    conn: &mut DbConnection,
    campaign: &Campaign,
    address: &PageAddress,
) -> Result<ConsolePage, AppError> {
    let locale = address.locale;
    let rules = campaign.parsed_rules().ok();
    let group_name = |slug: &str| {
        rules.as_ref().and_then(|r| r.group(slug)).map_or_else(
            || slug.to_owned(),
            |g| match locale {
                Locale::Vi => g.name_vi.clone(),
                Locale::En => g.name_en.clone(),
            },
        )
    };
    let reviewing = matches!(
        campaign.state,
        CampaignState::NominationsOpen | CampaignState::Review
    );
    let rows: Vec<(
        i32,
        String,
        String,
        String,
        String,
        NominationStatus,
        String,
    )> = vote_nominations::table
        .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
        .inner_join(producers::table.on(producers::id.eq(vote_nominations::producer_id)))
        .filter(vote_nominations::campaign_id.eq(campaign.id))
        .order((
            vote_nominations::group_slug.asc(),
            vote_nominations::id.asc(),
        ))
        .limit(MAX_LISTED)
        .select((
            vote_nominations::id,
            products::name,
            producers::name,
            vote_nominations::group_slug,
            vote_nominations::dossier,
            vote_nominations::status,
            vote_nominations::reason,
        ))
        .load(conn)?;
    let nominations = rows
        .into_iter()
        .map(
            |(id, product, producer, group, dossier, status, reason)| NominationRow {
                id,
                product,
                producer,
                group: group_name(&group),
                dossier,
                status: locale.t(&format!(
                    "vote-nomination-{}",
                    status.as_str().replace('_', "-")
                )),
                reviewable: reviewing
                    && matches!(
                        status,
                        NominationStatus::Submitted | NominationStatus::NeedsInfo
                    ),
                reason,
            },
        )
        .collect();
    let flagged = Flagged::of(conn, campaign.id)?;
    let objections: Vec<(i32, String, String, ObjectionStatus, String)> = vote_objections::table
        .inner_join(producers::table.on(producers::id.eq(vote_objections::producer_id)))
        .filter(vote_objections::campaign_id.eq(campaign.id))
        .order(vote_objections::id.asc())
        .limit(500)
        .select((
            vote_objections::id,
            producers::name,
            vote_objections::body,
            vote_objections::status,
            vote_objections::answer,
        ))
        .load(conn)?;
    let objections_open = campaign.state == CampaignState::Objections;
    Ok(ConsolePage {
        meta: super::meta(
            address,
            locale.msg(&crate::i18n::Msg::new("admin-vote-campaign").arg("year", campaign.year)),
        ),
        year: campaign.year,
        state: campaign.state.label(locale),
        state_code: campaign.state.as_str(),
        next: campaign.state.next().map(|n| (n.as_str(), n.label(locale))),
        decision_no: campaign.decision_no.clone().unwrap_or_default(),
        decision_open: matches!(
            campaign.state,
            CampaignState::Provisional | CampaignState::Objections
        ),
        nominations,
        flags: flagged
            .counts
            .into_iter()
            .map(|(rule, ballots)| FlagRow {
                label: locale.t(&format!("vote-reason-{rule}")),
                rule,
                ballots,
            })
            .collect(),
        last_detection: flagged.last_run.map(crate::clock::shown_date_time),
        invalidating: matches!(
            campaign.state,
            CampaignState::VotingOpen
                | CampaignState::VotingClosed
                | CampaignState::Counting
                | CampaignState::Provisional
                | CampaignState::Objections
        ),
        reasons: InvalidReason::ALL
            .iter()
            .map(|r| Choice {
                value: r.as_str(),
                label: locale.t(&format!("vote-reason-{}", r.as_str())),
            })
            .collect(),
        objections: objections
            .into_iter()
            .map(|(id, producer, body, status, answer)| ObjectionRow {
                id,
                producer,
                body,
                open: objections_open && status == ObjectionStatus::Open,
                status: locale.t(&format!("vote-objection-{}", status.as_str())),
                answer,
            })
            .collect(),
        objections_open,
        jurors: jurors(conn, campaign.id)?,
        appointing: campaign.state.jury_appointing(),
        paper: paper_counts(conn, campaign.id)?,
    })
}
