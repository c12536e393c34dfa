//! The award lists: the index of programmes and years (`/giai-thuong`) and one year's
//! winners grouped by tier (`/giai-thuong/{programme}/{year}`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::filters::{ProvinceOptions, parse_page, parse_province, province_options, with_query};
use super::{PageAddress, PageMeta, Pagination, ProductCard, cards, web_link};
use crate::db::DbConnection;
use crate::db::models::product::max_page;
use crate::db::models::province::ProvinceRef;
use crate::db::models::winners::WinnerFilter;
use crate::db::models::{Award, Programme};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// Winners per page of a year's list.
const WINNERS_PER_PAGE: i64 = 60;

/// A year's list's query string.
#[derive(Debug, Deserialize)]
pub struct WinnersParams {
    /// A province (current unit or pre-2025 name), as the catalogue's `province` filter.
    pub province: Option<String>,
    pub page: Option<String>,
}

/// Winners of one tier.
#[derive(Debug, Serialize)]
pub struct TierGroup {
    pub label: String,
    /// The group's anchor: `hang-5`, `hang-top1`, `hang-khac` (no tier).
    pub anchor: String,
    pub products: Vec<ProductCard>,
}

/// A jump link to a tier of the list, on the page where the tier starts.
#[derive(Debug, Serialize)]
pub struct TierJump {
    pub label: String,
    pub count: i64,
    pub url: String,
}

/// A page the list's records were taken from.
#[derive(Debug, Serialize)]
pub struct SourceLink {
    pub url: String,
    /// The address, shortened for reading: "baonghean.vn/nghe-an-cong-nhan…".
    pub text: String,
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
    /// schema.org `ItemList` of the winners on this page, for `<script type=ld+json>`.
    pub json_ld: String,
    pub programme_slug: &'static str,
    pub programme_name: String,
    pub year: i32,
    /// "Sản phẩm OCOP năm 2022".
    pub heading: String,
    pub groups: Vec<TierGroup>,
    /// Jump links to the tiers that have winners, best first.
    pub tiers: Vec<TierJump>,
    pub years: Vec<YearLink>,
    /// The province filter (its form posts to `path`).
    pub path: String,
    pub provinces: ProvinceOptions,
    /// The province chosen, in words.
    pub province: Option<String>,
    /// Records the list holds (with the province filter, if any), as far as [`crate::db::models::product::LIST_CAP`]
    /// when not `exact`.
    pub records: i64,
    pub exact: bool,
    /// When the list goes on past the pages it shows: the catalogue with the same award
    /// filters, where the rest can be narrowed down.
    pub catalogue: Option<String>,
    /// The distinct pages its records come from.
    pub sources: Vec<SourceLink>,
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

/// One title on the guide page: its anchor (the programme's slug) and names; the texts are
/// the catalogue's `award-guide-*-{slug}` messages.
#[derive(Debug, Serialize)]
pub struct GuideProgramme {
    pub slug: &'static str,
    pub name: String,
    pub short: String,
}

/// `/giai-thuong/gioi-thieu`: the four titles and how each is granted.
#[derive(Debug, Serialize)]
pub struct AwardGuidePage {
    pub meta: PageMeta,
    pub programmes: Vec<GuideProgramme>,
}

/// The guide to the four titles, in the page's language.
pub fn guide_page(address: &PageAddress) -> AwardGuidePage {
    let locale = address.locale;
    AwardGuidePage {
        meta: address.meta(
            "awards",
            locale.t("award-guide-title"),
            locale.t("award-guide-meta-description"),
        ),
        programmes: Programme::ALL
            .iter()
            .map(|p| GuideProgramme {
                slug: p.slug(),
                name: p.name(locale),
                short: p.short_name(locale),
            })
            .collect(),
    }
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

/// The winners of `programme` in `year`, best tier first, of one province if `params` names
/// one. A year without winners is a 404; a province without winners shows an empty list.
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
    let province_slug = params
        .province
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let filter = WinnerFilter {
        province: parse_province(ctx, province_slug)?,
        valid_on: None,
    };
    let years = Award::years_of(conn, programme)?;
    if !years.contains(&year) {
        return Err(AppError::not_found());
    }
    let counts = filter.tier_counts(conn, programme, year)?;
    let total = counts.total();
    // The list shows its first LIST_CAP winners (its pages cost the same however deep); the
    // catalogue's award filters and search reach the rest.
    let last_page =
        ((total + WINNERS_PER_PAGE - 1) / WINNERS_PER_PAGE).clamp(1, max_page(WINNERS_PER_PAGE));
    let capped = !counts.exact || total > last_page * WINNERS_PER_PAGE;
    if page.page > last_page {
        return Err(AppError::not_found());
    }
    let (tiers, products): (Vec<Option<String>>, Vec<_>) = filter
        .winners(conn, programme, year, page)?
        .into_iter()
        .unzip();
    let cards = cards(conn, ctx, locale, today, products)?;
    let path = locale.path(&address.path);
    let pairs: Vec<(&str, String)> = province_slug
        .map(|p| ("province", p.to_owned()))
        .into_iter()
        .collect();
    let sources = filter.sources(conn, programme, year)?;
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
    let json_ld = super::json_for_script(&item_list_json_ld(
        address,
        &heading,
        total,
        (page.page - 1) * WINNERS_PER_PAGE,
        &cards,
    ));
    let mut meta = address.meta("awards", heading.clone(), description);
    if province_slug.is_some() {
        // A province's part of the list is the same list for search engines.
        meta.canonical = address.absolute(&address.path);
    }
    Ok(AwardYearPage {
        meta,
        json_ld,
        programme_slug: programme.slug(),
        programme_name: name,
        year,
        heading,
        groups: tier_groups(programme, tiers, cards, locale),
        // Past the cap a tier's page is not known: no jumps.
        tiers: match counts.exact {
            true => tier_jumps(programme, &counts.tiers, &path, &pairs, locale),
            false => Vec::new(),
        },
        years: years
            .iter()
            .map(|y| YearLink {
                year: *y,
                url: with_query(&year_url(locale, programme, *y), &pairs),
                current: *y == year,
            })
            .collect(),
        provinces: province_options(ctx, province_slug, locale),
        province: filter.province.map(|p| province_name(ctx, p, locale)),
        path: path.clone(),
        records: total,
        exact: counts.exact,
        catalogue: capped.then(|| {
            let mut query = vec![
                ("programme", programme.slug().to_owned()),
                ("year", year.to_string()),
            ];
            query.extend(pairs.iter().cloned());
            with_query(&locale.path("/san-pham"), &query)
        }),
        sources: sources
            .into_iter()
            .filter_map(|url| {
                let url = web_link(&url)?;
                Some(SourceLink {
                    text: short_address(&url),
                    url,
                })
            })
            .collect(),
        pagination: Pagination::new(&path, &pairs, page.page, last_page, total),
    })
}

/// A province filter in words: the current unit, or the old name with its current unit.
fn province_name(
    ctx: &crate::reference::CardContext,
    province: ProvinceRef,
    locale: Locale,
) -> String {
    match province {
        ProvinceRef::Current(id) => ctx.province_name_of(id, locale),
        ProvinceRef::Legacy { alias_id, .. } => ctx
            .provinces
            .alias(alias_id)
            .map(|a| ctx.legacy_label(a, locale))
            .unwrap_or_default(),
    }
}

/// The anchor of a tier's group.
fn tier_anchor(tier: Option<&str>) -> String {
    format!("hang-{}", tier.unwrap_or("khac"))
}

/// Jump links to each tier with winners, on the page where its group starts.
fn tier_jumps(
    programme: Programme,
    counts: &[(Option<String>, i64)],
    path: &str,
    pairs: &[(&str, String)],
    locale: Locale,
) -> Vec<TierJump> {
    let mut before = 0;
    counts
        .iter()
        .map(|(tier, count)| {
            let page = before / WINNERS_PER_PAGE + 1;
            before += count;
            let mut query = pairs.to_vec();
            if page > 1 {
                query.push(("page", page.to_string()));
            }
            TierJump {
                label: tier_label(programme, tier.as_deref(), locale),
                count: *count,
                url: format!(
                    "{}#{}",
                    with_query(path, &query),
                    tier_anchor(tier.as_deref())
                ),
            }
        })
        .collect()
}

/// "baonghean.vn/nghe-an-cong-nhan-139-san…": the address without its scheme, cut short.
fn short_address(url: &str) -> String {
    const CHARS: usize = 60;
    let bare = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    if bare.chars().count() > CHARS {
        let mut cut: String = bare.chars().take(CHARS).collect();
        cut.push('…');
        cut
    } else {
        bare.to_owned()
    }
}

/// A tier's name, or the name of the group without a tier.
fn tier_label(programme: Programme, tier: Option<&str>, locale: Locale) -> String {
    match tier.filter(|t| !t.is_empty()) {
        Some(t) => programme.tier_label(t, locale),
        None => locale.t("award-year-untiered"),
    }
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
        let tier = tier.filter(|t| !t.is_empty());
        let anchor = tier_anchor(tier.as_deref());
        match groups.last_mut() {
            Some(group) if group.anchor == anchor => group.products.push(card),
            _ => groups.push(TierGroup {
                label: tier_label(programme, tier.as_deref(), locale),
                anchor,
                products: vec![card],
            }),
        }
    }
    groups
}

/// schema.org `ItemList` of a list's products shown on one page: each a `ListItem` with its
/// position in the whole list (`before` items come on earlier pages) and the product's
/// absolute URL.
pub fn item_list_json_ld(
    address: &PageAddress,
    name: &str,
    total: i64,
    before: i64,
    cards: &[ProductCard],
) -> serde_json::Value {
    let items: Vec<serde_json::Value> = cards
        .iter()
        .zip(before + 1..)
        .map(|(card, position)| {
            serde_json::json!({
                "@type": "ListItem",
                "position": position,
                "url": format!("{}{}", address.base_url, card.url),
                "name": card.name,
            })
        })
        .collect();
    serde_json::json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "url": address.absolute(&address.path),
        "numberOfItems": total,
        "itemListElement": items,
    })
}
