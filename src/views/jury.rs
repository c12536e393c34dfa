//! The jurors' pages of the consumer vote (`/giam-khao`): the campaigns a signed-in account
//! is a juror of, and one campaign's score sheet: each eligible nomination by group, a field
//! per criterion of the rules, filled with the juror's own scores (never another juror's).

use std::collections::BTreeSet;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::schema::{vote_campaigns, vote_jurors, vote_jury_scores};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::vote::{BallotGroup, ballot_groups};
use crate::views::{PageAddress, PageMeta};

/// Campaigns listed at most.
const MAX_CAMPAIGNS: i64 = 50;

/// The form field of one score: `s-{nomination}-{criterion}`.
pub fn field(nomination: i32, criterion: &str) -> String {
    format!("s-{nomination}-{criterion}")
}

#[derive(Debug, Serialize)]
pub struct JuryCampaign {
    pub year: i32,
    pub number: i32,
    pub state: String,
    pub scoring: bool,
}

/// `/giam-khao`.
#[derive(Debug, Serialize)]
pub struct IndexPage {
    pub meta: PageMeta,
    pub campaigns: Vec<JuryCampaign>,
}

pub fn index(
    conn: &mut DbConnection,
    user_id: i32,
    address: &PageAddress,
) -> Result<IndexPage, AppError> {
    let locale = address.locale;
    let rows: Vec<(i32, CampaignState, i32)> = vote_jurors::table
        .inner_join(vote_campaigns::table.on(vote_campaigns::id.eq(vote_jurors::campaign_id)))
        .filter(vote_jurors::user_id.eq(user_id))
        .order(vote_campaigns::year.desc())
        .limit(MAX_CAMPAIGNS)
        .select((
            vote_campaigns::year,
            vote_campaigns::state,
            vote_jurors::number,
        ))
        .load(conn)?;
    Ok(IndexPage {
        meta: address.meta("", locale.t("jury-title"), ""),
        campaigns: rows
            .into_iter()
            .map(|(year, state, number)| JuryCampaign {
                year,
                number,
                state: state.label(locale),
                scoring: state.jury_scoring(),
            })
            .collect(),
    })
}

#[derive(Debug, Serialize)]
pub struct CriterionView {
    pub key: String,
    pub name: String,
    pub max: u32,
}

/// `/giam-khao/{year}`.
#[derive(Debug, Serialize)]
pub struct SheetPage {
    pub meta: PageMeta,
    pub year: i32,
    pub number: i32,
    pub state: String,
    pub scoring: bool,
    pub criteria: Vec<CriterionView>,
    pub groups: Vec<BallotGroup>,
    pub scored: i64,
    pub form: FormState,
}

/// The score sheet of juror `user_id` (number `number`) in `campaign`; `form` is `None` for
/// the stored scores, or the form as posted with its messages.
pub fn sheet(
    conn: &mut DbConnection,
    campaign: &Campaign,
    (user_id, number): (i32, i32),
    address: &PageAddress,
    form: Option<FormState>,
) -> Result<SheetPage, AppError> {
    let locale = address.locale;
    let rules = campaign
        .parsed_rules()
        .map_err(|e| AppError::internal(anyhow::anyhow!("campaign rules: {e}")))?;
    let groups = ballot_groups(conn, campaign, &rules, &BTreeSet::new(), locale)?;
    let stored: Vec<(i32, String, i32)> = vote_jury_scores::table
        .filter(vote_jury_scores::campaign_id.eq(campaign.id))
        .filter(vote_jury_scores::user_id.eq(user_id))
        .select((
            vote_jury_scores::nomination_id,
            vote_jury_scores::criterion,
            vote_jury_scores::score,
        ))
        .load(conn)?;
    let scored = stored.len() as i64;
    let form = form.unwrap_or_else(|| {
        stored.into_iter().fold(
            FormState::new(locale),
            |form, (nomination, criterion, score)| {
                form.value(&field(nomination, &criterion), score.to_string())
            },
        )
    });
    Ok(SheetPage {
        meta: address.meta(
            "",
            locale.msg(&Msg::new("jury-sheet-title").arg("year", campaign.year)),
            "",
        ),
        year: campaign.year,
        number,
        state: campaign.state.label(locale),
        scoring: campaign.state.jury_scoring(),
        criteria: rules
            .criteria
            .iter()
            .map(|c| CriterionView {
                key: c.key.clone(),
                name: match locale {
                    Locale::Vi => c.name_vi.clone(),
                    Locale::En => c.name_en.clone(),
                },
                max: c.max,
            })
            .collect(),
        groups,
        scored,
        form,
    })
}

/// Account `user_id`'s juror number in campaign `campaign_id`, if it is a juror there.
pub fn juror_number(
    conn: &mut DbConnection,
    campaign_id: i32,
    user_id: i32,
) -> QueryResult<Option<i32>> {
    vote_jurors::table
        .filter(vote_jurors::campaign_id.eq(campaign_id))
        .filter(vote_jurors::user_id.eq(user_id))
        .select(vote_jurors::number)
        .first(conn)
        .optional()
}
