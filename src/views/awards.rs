//! The award lists: the index of programmes and years (`/giai-thuong`) and one year's
//! winners grouped by tier (`/giai-thuong/{programme}/{year}`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::filters::parse_page;
use super::{PageAddress, PageMeta, Pagination, ProductCard, cards};
use crate::db::DbConnection;
use crate::db::models::{Award, Programme};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// Winners per page of a year's list.
const WINNERS_PER_PAGE: i64 = 60;

/// A year's list's query string.
#[derive(Debug, Deserialize)]
pub struct WinnersParams {
    pub page: Option<String>,
}

/// Winners of one tier.
#[derive(Debug, Serialize)]
pub struct TierGroup {
    pub label: String,
    pub products: Vec<ProductCard>,
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub current: bool,
}

/// `/giai-thuong/{programme}/{year}`.
#[derive(Debug, Serialize)]
pub struct AwardYearPage {
    pub meta: PageMeta,
    pub programme_slug: &'static str,
    pub programme_name: String,
    pub year: i32,
    /// "Sản phẩm OCOP năm 2022".
    pub heading: String,
    pub groups: Vec<TierGroup>,
    pub years: Vec<YearLink>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeYears {
    pub slug: &'static str,
    pub name: String,
    pub years: Vec<YearLink>,
}

/// `/giai-thuong`.
#[derive(Debug, Serialize)]
pub struct AwardIndexPage {
    pub meta: PageMeta,
    pub programmes: Vec<ProgrammeYears>,
}

/// The list of `programme` in `year`, in `locale`.
fn year_url(locale: Locale, programme: Programme, year: i32) -> String {
    locale.path(&format!("/giai-thuong/{}/{year}", programme.slug()))
}

/// Every programme with the years that have winners.
pub fn index_page(
    conn: &mut DbConnection,
    address: &PageAddress,
) -> Result<AwardIndexPage, AppError> {
    let locale = address.locale;
    let pairs = Award::programme_years(conn)?;
    Ok(AwardIndexPage {
        meta: address.meta(
            "awards",
            locale.t("award-index-title"),
            locale.t("award-index-meta-description"),
        ),
        programmes: Programme::ALL
            .iter()
            .map(|p| ProgrammeYears {
                slug: p.slug(),
                name: p.name(locale),
                years: pairs
                    .iter()
                    .filter(|(slug, _)| slug == p.slug())
                    .map(|(_, year)| YearLink {
                        year: *year,
                        url: year_url(locale, *p, *year),
                        current: false,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The winners of `programme` in `year`, best tier first. A year without winners is a 404.
pub fn year_page(
    conn: &mut DbConnection,
    ctx: &crate::reference::CardContext,
    address: &PageAddress,
    (programme, year): (Programme, i32),
    params: WinnersParams,
    today: NaiveDate,
) -> Result<AwardYearPage, AppError> {
    let locale = address.locale;
    let page = parse_page(&params.page, WINNERS_PER_PAGE)?;
    let years = Award::years_of(conn, programme)?;
    if !years.contains(&year) {
        return Err(AppError::not_found());
    }
    let winners = Award::winners(conn, programme, year, page)?;
    if winners.items.is_empty() && page.page > 1 {
        return Err(AppError::not_found());
    }
    let last_page = winners.last_page();
    let total = winners.total;
    let (tiers, products): (Vec<Option<String>>, Vec<_>) = winners.items.into_iter().unzip();
    let cards = cards(conn, ctx, locale, today, products)?;
    let name = programme.name(locale);
    let year_text = year.to_string();
    let heading = locale.msg(
        &Msg::new("award-year-title")
            .arg("programme", name.as_str())
            .arg("year", year_text.as_str()),
    );
    let description = locale.msg(
        &Msg::new("award-year-description")
            .arg("programme", name.as_str())
            .arg("year", year_text.as_str()),
    );
    Ok(AwardYearPage {
        meta: address.meta("awards", heading.clone(), description),
        programme_slug: programme.slug(),
        programme_name: name,
        year,
        heading,
        groups: tier_groups(programme, tiers, cards, locale),
        years: years
            .iter()
            .map(|y| YearLink {
                year: *y,
                url: year_url(locale, programme, *y),
                current: *y == year,
            })
            .collect(),
        pagination: Pagination::new(
            &locale.path(&address.path),
            &[],
            page.page,
            last_page,
            total,
        ),
    })
}

/// Consecutive winners of the same tier in one group; winners without a tier in a group of
/// their own.
fn tier_groups(
    programme: Programme,
    tiers: Vec<Option<String>>,
    cards: Vec<ProductCard>,
    locale: Locale,
) -> Vec<TierGroup> {
    let mut groups: Vec<TierGroup> = Vec::new();
    for (tier, card) in tiers.into_iter().zip(cards) {
        let label = match tier.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => programme.tier_label(t, locale),
            None => locale.t("award-year-untiered"),
        };
        match groups.last_mut() {
            Some(group) if group.label == label => group.products.push(card),
            _ => groups.push(TierGroup {
                label,
                products: vec![card],
            }),
        }
    }
    groups
}
