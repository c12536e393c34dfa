//! The consumer vote in the business area (`/doanh-nghiep/binh-chon`): the current campaign,
//! the form that nominates one of the firm's products, the firm's nominations with what it
//! can still do with each, and the objection form while objections are taken.

use diesel::prelude::*;
use serde::Serialize;

use super::forms::FormState;
use super::{PageAddress, PageMeta};
use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::models::vote_campaign::{Campaign, CampaignState};
use crate::db::models::vote_nomination::{MAX_DOSSIER_CHARS, MAX_LISTED, NominationStatus};
use crate::db::schema::{producers, products, vote_nominations};
use crate::error::AppError;
use crate::i18n::Locale;

#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct OwnNomination {
    pub id: i32,
    pub product: String,
    pub group: String,
    pub status: String,
    pub reason: String,
    pub dossier: String,
    pub can_withdraw: bool,
    pub needs_info: bool,
}

#[derive(Debug, Serialize)]
pub struct VotePage {
    pub meta: PageMeta,
    pub year: Option<i32>,
    pub state: String,
    pub nominating: bool,
    pub objecting: bool,
    pub products: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub nominations: Vec<OwnNomination>,
    pub form: FormState,
    pub objection: FormState,
    pub max_dossier: usize,
}

/// The page for the firms `producer_ids` act for, with the nomination and objection forms'
/// state (what was typed, messages).
pub fn page(
    conn: &mut DbConnection,
    producer_ids: &[i32],
    address: &PageAddress,
    form: FormState,
    objection: FormState,
) -> Result<VotePage, AppError> {
    let locale = address.locale;
    let meta = address.meta("", locale.t("business-vote-title"), "");
    let Some(campaign) = Campaign::latest_public(conn)? else {
        return Ok(VotePage {
            meta,
            year: None,
            state: String::new(),
            nominating: false,
            objecting: false,
            products: Vec::new(),
            groups: Vec::new(),
            nominations: Vec::new(),
            form,
            objection,
            max_dossier: MAX_DOSSIER_CHARS,
        });
    };
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
    let chosen_product = form.get("product").to_owned();
    let products: Vec<(i32, String, String)> = products::table
        .inner_join(producers::table.on(producers::id.eq(products::producer_id)))
        .filter(products::producer_id.eq_any(producer_ids))
        .filter(products::status.eq(ProductStatus::Published))
        .order((producers::name.asc(), products::name.asc()))
        .limit(MAX_LISTED)
        .select((products::id, products::name, producers::name))
        .load(conn)?;
    let chosen_group = form.get("group").to_owned();
    let before_voting = !campaign.state.rules_frozen();
    let rows: Vec<(i32, String, String, NominationStatus, String, String)> =
        vote_nominations::table
            .inner_join(products::table.on(products::id.eq(vote_nominations::product_id)))
            .filter(vote_nominations::campaign_id.eq(campaign.id))
            .filter(vote_nominations::producer_id.eq_any(producer_ids))
            .order(vote_nominations::id.asc())
            .limit(MAX_LISTED)
            .select((
                vote_nominations::id,
                products::name,
                vote_nominations::group_slug,
                vote_nominations::status,
                vote_nominations::reason,
                vote_nominations::dossier,
            ))
            .load(conn)?;
    Ok(VotePage {
        meta,
        year: Some(campaign.year),
        state: campaign.state.label(locale),
        nominating: campaign.state == CampaignState::NominationsOpen,
        objecting: campaign.state == CampaignState::Objections,
        products: products
            .into_iter()
            .map(|(id, name, producer)| Choice {
                selected: id.to_string() == chosen_product,
                value: id.to_string(),
                label: format!("{name} — {producer}"),
            })
            .collect(),
        groups: rules
            .as_ref()
            .map(|r| {
                r.groups
                    .iter()
                    .map(|g| Choice {
                        selected: g.slug == chosen_group,
                        value: g.slug.clone(),
                        label: group_name(&g.slug),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        nominations: rows
            .into_iter()
            .map(|(id, product, group, status, reason, dossier)| {
                let open = matches!(
                    status,
                    NominationStatus::Submitted
                        | NominationStatus::NeedsInfo
                        | NominationStatus::Eligible
                );
                OwnNomination {
                    id,
                    product,
                    group: group_name(&group),
                    status: locale.t(&format!(
                        "vote-nomination-{}",
                        status.as_str().replace('_', "-")
                    )),
                    reason,
                    dossier,
                    can_withdraw: before_voting && open,
                    needs_info: before_voting && status == NominationStatus::NeedsInfo,
                }
            })
            .collect(),
        form,
        objection,
        max_dossier: MAX_DOSSIER_CHARS,
    })
}
