//! `/quan-tri/giai-thuong` (find a product, import and export lists) and
//! `/quan-tri/san-pham/{id}/giai-thuong` (a product's awards, with the forms), and the award
//! list download.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::meta;
use crate::db::DbConnection;
use crate::db::models::{Award, Product, Programme};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::views::forms::FormState;
use crate::views::{FilterOption, PageAddress, PageMeta};

/// Products found by name at most.
const FOUND_MAX: i64 = 30;

#[derive(Debug, Serialize)]
pub struct Found {
    pub id: i32,
    pub name: String,
    pub status_label: String,
}

/// The award tools: a product look-up, the import, the export.
#[derive(Debug, Serialize)]
pub struct AwardToolsPage {
    pub meta: PageMeta,
    pub q: String,
    pub found: Vec<Found>,
    pub programmes: Vec<FilterOption>,
}

/// The programmes as choices, `selected` chosen.
pub fn programme_options(selected: &str, locale: Locale) -> Vec<FilterOption> {
    Programme::ALL
        .iter()
        .map(|p| FilterOption {
            value: p.slug().to_owned(),
            label: p.name(locale),
            selected: p.slug() == selected,
        })
        .collect()
}

/// The tools page; products named like `q` when it is not blank.
pub fn load_tools(
    conn: &mut DbConnection,
    address: &PageAddress,
    q: String,
) -> Result<AwardToolsPage, AppError> {
    let locale = address.locale;
    let found = if q.trim().is_empty() {
        Vec::new()
    } else {
        Product::find_by_name(conn, &q, FOUND_MAX)?
    };
    Ok(AwardToolsPage {
        meta: meta(address, locale.t("admin-awards-title")),
        q,
        found: found
            .into_iter()
            .map(|p| Found {
                id: p.id,
                status_label: p.status.label(locale),
                name: p.name,
            })
            .collect(),
        programmes: programme_options("", locale),
    })
}

/// One recorded award with its edit form's values.
#[derive(Debug, Serialize)]
pub struct AwardRow {
    pub id: i32,
    pub programme: String,
    pub programme_name: String,
    pub year: i32,
    pub tier: String,
    pub tier_label: String,
    pub certificate_no: String,
    pub valid_until: String,
    pub source_url: String,
    pub expired: bool,
    pub tiers: Vec<FilterOption>,
}

/// A product's awards and the forms to record, edit and withdraw them.
#[derive(Debug, Serialize)]
pub struct ProductAwardsPage {
    pub meta: PageMeta,
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub status_label: String,
    pub published: bool,
    pub awards: Vec<AwardRow>,
    pub programmes: Vec<FilterOption>,
    /// The award whose edit form failed, with its messages.
    pub edit_id: Option<i32>,
    pub edit_form: FormState,
    pub new_form: FormState,
    /// The (empty) messages of the awards not being edited.
    pub no_errors: BTreeMap<String, String>,
}

/// Which of the page's forms failed, with what was typed and the messages.
#[derive(Debug)]
pub enum Failed {
    None,
    New(FormState),
    Edit(i32, FormState),
}

fn award_row(a: &Award, locale: Locale, today: NaiveDate) -> Option<AwardRow> {
    let programme = a.programme()?;
    let tier = a.tier.clone().unwrap_or_default();
    Some(AwardRow {
        id: a.id,
        programme: programme.slug().to_owned(),
        programme_name: programme.name(locale),
        year: a.year,
        tier_label: a
            .tier
            .as_deref()
            .map(|t| programme.tier_label(t, locale))
            .unwrap_or_default(),
        tiers: programme
            .tiers()
            .iter()
            .map(|t| FilterOption {
                value: (*t).to_owned(),
                label: programme.tier_label(t, locale),
                selected: *t == tier,
            })
            .collect(),
        tier,
        certificate_no: a.certificate_no.clone().unwrap_or_default(),
        valid_until: a.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        source_url: a.source_url.clone().unwrap_or_default(),
        expired: a.is_expired(today),
    })
}

/// The awards page of product `id` (not found: a 404), with `failed`'s messages.
pub fn load_product(
    conn: &mut DbConnection,
    address: &PageAddress,
    id: i32,
    failed: Failed,
    today: NaiveDate,
) -> Result<ProductAwardsPage, AppError> {
    let locale = address.locale;
    let product = Product::by_id(conn, id)?;
    let awards = Award::for_products(conn, &[id])?;
    let (new_form, edit_id, edit_form) = match failed {
        Failed::None => (FormState::new(locale), None, FormState::new(locale)),
        Failed::New(f) => (f, None, FormState::new(locale)),
        Failed::Edit(award, f) => (FormState::new(locale), Some(award), f),
    };
    let chosen = new_form
        .values
        .get("programme")
        .cloned()
        .unwrap_or_default();
    let title = Msg::new("admin-product-awards-title").arg("name", &product.name);
    Ok(ProductAwardsPage {
        meta: meta(address, locale.msg(&title)),
        id,
        programmes: programme_options(&chosen, locale),
        published: product.is_published(),
        status_label: product.status.label(locale),
        name: product.name,
        slug: product.slug,
        awards: awards
            .iter()
            .filter_map(|a| award_row(a, locale, today))
            .collect(),
        edit_id,
        edit_form,
        new_form,
        no_errors: BTreeMap::new(),
    })
}

/// A programme's list (a year's, or every year's) as CSV in the import format.
pub fn csv_export(
    conn: &mut DbConnection,
    ctx: &CardContext,
    programme: Programme,
    year: Option<i32>,
) -> Result<Vec<u8>, AppError> {
    let rows = Award::list_rows(conn, programme, year)?;
    crate::import::export::award_list_csv(&rows, ctx)
}
