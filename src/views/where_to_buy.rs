//! "Where to buy": the `/diem-ban` page (points of sale of awarded goods by province and ward,
//! or nearest first when the visitor's position is known), the query string it shares with
//! `/api/v1/points-of-sale`, and the points of sale of one product or producer page.
//!
//! Parsing rules: `province`, `category` and `programme` are checked like the catalogue's (an
//! unknown value is a 400); `ward` is text as written; `near=lat,lng` is read strictly by
//! [`Position::parse`] — junk is ignored on pages (the list by place is shown) and a 400 in
//! the API.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::filters::{ActiveFilter, ProvinceOptions, parse_page, parse_province, province_options};
use super::pages::PointOfSaleView;
use super::{FilterOption, PageAddress, PageMeta, Pagination};
use crate::db::DbConnection;
use crate::db::models::point_of_sale::{Nearby, ProductSold, SaleFilter};
use crate::db::models::province::ProvinceRef;
use crate::db::models::{PageRequest, PointOfSale, Producer, Product, Programme};
use crate::error::AppError;
use crate::geo::Position;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;

/// Points of sale per page, on `/diem-ban` and in the API.
pub const PER_PAGE: i64 = 20;
/// How many of the nearest points of sale a "near me" list holds (its pages included).
pub const NEAR_LIMIT: usize = 100;
/// Most points of sale a product or producer page shows.
pub const PAGE_LIMIT: usize = 50;
/// Longest ward name read from the query string.
const MAX_WARD_CHARS: usize = 100;

/// The query string of `/diem-ban` and `/api/v1/points-of-sale`; text until checked.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SaleParams {
    /// A province's slug: a current unit or a pre-2025 name.
    pub province: Option<String>,
    /// A ward's name, as written.
    pub ward: Option<String>,
    /// Only places selling products of this category (its slug).
    pub category: Option<String>,
    /// Only places selling products with an award of this programme.
    pub programme: Option<String>,
    /// `latitude,longitude` (WGS 84, decimal degrees): the 100 nearest places, nearest
    /// first. Without it: by ward, name and id.
    #[param(example = "10.2899,103.9840")]
    pub near: Option<String>,
    /// The page, from 1 (20 places a page); a page past the last one is empty.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100000)]
    pub page: Option<String>,
}

/// The query string of a product page: only `near` is read (anything else is ignored).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NearParams {
    pub near: Option<String>,
}

/// How a page reads a bad `near` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NearJunk {
    /// Pages: as if it were not given.
    Ignore,
    /// The API: a 400.
    Refuse,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Reads `near`: `None` when absent; junk as `junk` says.
pub fn parse_near(value: &Option<String>, junk: NearJunk) -> Result<Option<Position>, AppError> {
    match present(value) {
        None => Ok(None),
        Some(text) => match (Position::parse(text), junk) {
            (Some(p), _) => Ok(Some(p)),
            (None, NearJunk::Ignore) => Ok(None),
            (None, NearJunk::Refuse) => Err(AppError::bad_request(Msg::new("where-error-near"))),
        },
    }
}

/// A parsed `/diem-ban` or API request.
#[derive(Debug, Clone)]
pub struct SaleQuery {
    pub params: SaleParams,
    pub filter: SaleFilter,
    pub near: Option<Position>,
    pub page: PageRequest,
}

impl SaleQuery {
    pub fn parse(
        params: SaleParams,
        ctx: &CardContext,
        junk: NearJunk,
    ) -> Result<SaleQuery, AppError> {
        let mut filter = SaleFilter {
            province_id: parse_province(ctx, present(&params.province))?.map(|p| match p {
                ProvinceRef::Current(id) => id,
                ProvinceRef::Legacy { province_id, .. } => province_id,
            }),
            ..SaleFilter::default()
        };
        if let Some(ward) = present(&params.ward) {
            if ward.chars().count() > MAX_WARD_CHARS {
                return Err(AppError::bad_request(Msg::new("where-error-ward")));
            }
            filter.ward = Some(ward.to_owned());
        }
        if let Some(slug) = present(&params.category) {
            let category = ctx.category_by_slug(slug).ok_or_else(|| {
                AppError::bad_request(Msg::new("filter-error-category").arg("value", slug))
            })?;
            filter.category_id = Some(category.id);
        }
        if let Some(slug) = present(&params.programme) {
            filter.programme = Some(Programme::from_slug(slug).ok_or_else(|| {
                AppError::bad_request(Msg::new("filter-error-programme").arg("value", slug))
            })?);
        }
        let near = parse_near(&params.near, junk)?;
        let page = parse_page(&params.page, PER_PAGE)?;
        Ok(SaleQuery {
            params,
            filter,
            near,
            page,
        })
    }

    /// The filters in force as query pairs (without `page`); `near` only when it was read.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let p = &self.params;
        let mut pairs: Vec<(&'static str, String)> = [
            ("province", &p.province),
            ("ward", &p.ward),
            ("category", &p.category),
            ("programme", &p.programme),
        ]
        .into_iter()
        .filter_map(|(k, v)| present(v).map(|v| (k, v.to_owned())))
        .collect();
        if let Some(near) = self.near {
            pairs.push(("near", near.to_param()));
        }
        pairs
    }
}

/// One page of points of sale, with the distances when the list is nearest first.
pub struct SalePage {
    pub items: Vec<(PointOfSale, Option<f64>)>,
    pub total: i64,
    pub last_page: i64,
}

/// The page `query` asks for: by ward and name, or the [`NEAR_LIMIT`] nearest, paginated.
pub fn load_sale_page(conn: &mut DbConnection, query: &SaleQuery) -> Result<SalePage, AppError> {
    let page = query.page;
    match query.near {
        None => {
            let paged = PointOfSale::public_page(conn, &query.filter, page)?;
            let last_page = paged.last_page();
            Ok(SalePage {
                items: paged.items.into_iter().map(|p| (p, None)).collect(),
                total: paged.total,
                last_page,
            })
        }
        Some(centre) => {
            let found = PointOfSale::nearest(conn, &query.filter, &centre, NEAR_LIMIT)?;
            let total = found.len() as i64;
            let from = usize::try_from(page.offset()).unwrap_or(usize::MAX);
            let shown: Vec<Nearby> = found
                .into_iter()
                .skip(from)
                .take(usize::try_from(page.per_page).unwrap_or(0))
                .collect();
            Ok(SalePage {
                items: with_distances(conn, &shown)?,
                total,
                last_page: ((total + page.per_page - 1) / page.per_page).max(1),
            })
        }
    }
}

/// The rows of `found`, in its order, with their distances.
fn with_distances(
    conn: &mut DbConnection,
    found: &[Nearby],
) -> Result<Vec<(PointOfSale, Option<f64>)>, AppError> {
    let ids: Vec<i32> = found.iter().map(|n| n.id).collect();
    let distance: HashMap<i32, f64> = found.iter().map(|n| (n.id, n.distance_km)).collect();
    Ok(PointOfSale::in_order(conn, &ids)?
        .into_iter()
        .map(|p| {
            let d = distance.get(&p.id).copied();
            (p, d)
        })
        .collect())
}

/// "1,2 km" (Vietnamese) or "1.2 km" (English); "350 m" under a kilometre; whole kilometres
/// from 10 km, with the language's thousands separator ("1.140 km", "1,140 km").
pub fn distance_text(km: f64, locale: Locale) -> String {
    let (decimal, thousands) = match locale {
        Locale::Vi => (",", '.'),
        Locale::En => (".", ','),
    };
    if km < 1.0 {
        let metres = ((km * 1000.0 / 10.0).round() * 10.0).max(10.0) as i64;
        return locale.msg(&Msg::new("where-distance-m").arg("m", metres.to_string()));
    }
    let text = if km < 10.0 {
        let tenths = (km * 10.0).round() as i64;
        if tenths % 10 == 0 || tenths >= 100 {
            (tenths / 10).to_string()
        } else {
            format!("{}{decimal}{}", tenths / 10, tenths % 10)
        }
    } else {
        let whole = km.round() as i64;
        let digits = whole.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(thousands);
            }
            out.push(c);
        }
        out
    };
    locale.msg(&Msg::new("where-distance-km").arg("km", text))
}

/// Builds point-of-sale views: names of places and producers in the page's language.
pub struct SaleViews<'a> {
    pub ctx: &'a CardContext,
    pub locale: Locale,
}

impl SaleViews<'_> {
    pub fn view(&self, p: PointOfSale, distance_km: Option<f64>) -> PointOfSaleView {
        PointOfSaleView::new(self.ctx, self.locale, p, distance_km)
    }
}

/// A producer named beside its point of sale on `/diem-ban`.
#[derive(Debug, Serialize)]
pub struct ProducerLink {
    pub slug: String,
    pub name: String,
}

/// A row of `/diem-ban`.
#[derive(Debug, Serialize)]
pub struct SaleRow {
    pub point: PointOfSaleView,
    pub producer: Option<ProducerLink>,
}

/// `/diem-ban`.
#[derive(Debug, Serialize)]
pub struct WhereToBuyPage {
    pub meta: PageMeta,
    /// The list's path in the page's language (the form's action, the "all" link).
    pub action: String,
    pub provinces: ProvinceOptions,
    /// The wards of the chosen province that have points of sale (empty before one is
    /// chosen).
    pub wards: Vec<FilterOption>,
    pub categories: Vec<FilterOption>,
    pub programmes: Vec<FilterOption>,
    pub active_filters: Vec<ActiveFilter>,
    /// Whether the list is nearest first.
    pub near: bool,
    /// `lat,lng` of the position, for the form to keep it.
    pub near_param: Option<String>,
    /// Whether a filter or a position narrows the list (else the page asks to choose).
    pub narrowed: bool,
    pub rows: Vec<SaleRow>,
    pub pagination: Pagination,
}

/// The `/diem-ban` page.
pub fn list_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    params: SaleParams,
) -> Result<WhereToBuyPage, AppError> {
    let locale = address.locale;
    let mut query = SaleQuery::parse(params, ctx, NearJunk::Ignore)?;
    let wards = match query.filter.province_id {
        Some(id) => PointOfSale::wards_in(conn, id)?,
        None => Vec::new(),
    };
    // A ward left selected from another province (the form sent without script keeps it)
    // would empty the list: the new province's list is shown instead.
    if query.filter.province_id.is_some()
        && let Some(ward) = &query.filter.ward
        && !wards.contains(ward)
    {
        query.filter.ward = None;
        query.params.ward = None;
    }
    let loaded = load_sale_page(conn, &query)?;
    if loaded.items.is_empty() && query.page.page > 1 {
        return Err(AppError::not_found());
    }
    let producer_ids: Vec<i32> = loaded.items.iter().map(|(p, _)| p.producer_id).collect();
    let producers: HashMap<i32, Producer> = Producer::by_ids(conn, &producer_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let path = locale.path(&address.path);
    let pairs = query.pairs();
    let views = SaleViews { ctx, locale };
    let p = &query.params;
    let selected = |field: &Option<String>, value: &str| present(field) == Some(value);
    Ok(WhereToBuyPage {
        meta: address.meta(
            "where",
            locale.t("where-title"),
            locale.t("where-meta-description"),
        ),
        provinces: province_options(ctx, present(&p.province), locale),
        wards: wards
            .into_iter()
            .map(|w| FilterOption {
                selected: selected(&p.ward, &w),
                label: w.clone(),
                value: w,
            })
            .collect(),
        categories: ctx
            .categories
            .iter()
            .map(|c| FilterOption {
                selected: selected(&p.category, &c.slug),
                value: c.slug.clone(),
                label: ctx.category_name(c, locale),
            })
            .collect(),
        programmes: Programme::ALL
            .iter()
            .map(|prog| FilterOption {
                value: prog.slug().to_owned(),
                label: prog.name(locale),
                selected: selected(&p.programme, prog.slug()),
            })
            .collect(),
        active_filters: active_filters(&path, &pairs, ctx, locale),
        near: query.near.is_some(),
        near_param: query.near.map(|n| n.to_param()),
        narrowed: !pairs.is_empty(),
        rows: loaded
            .items
            .into_iter()
            .map(|(point, distance)| SaleRow {
                producer: producers.get(&point.producer_id).map(|p| ProducerLink {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                }),
                point: views.view(point, distance),
            })
            .collect(),
        pagination: Pagination::new(
            &path,
            &pairs,
            query.page.page,
            loaded.last_page,
            loaded.total,
        ),
        action: path,
    })
}

/// Chips for the filters in force, each linking to the list without it.
fn active_filters(
    path: &str,
    pairs: &[(&'static str, String)],
    ctx: &CardContext,
    locale: Locale,
) -> Vec<ActiveFilter> {
    super::filters::chips(path, pairs, &[("province", "ward")], |key, value| {
        Some(match key {
            "near" => locale.t("where-near-chip"),
            _ => super::filters::chip_label(key, value, ctx, locale),
        })
    })
}

/// Where to buy a published product, for its page: nearest first with distances when
/// `near` is known (then those without coordinates), else those listing it first, by name;
/// at most [`PAGE_LIMIT`].
pub fn for_product(
    conn: &mut DbConnection,
    views: &SaleViews<'_>,
    product: &Product,
    near: Option<Position>,
) -> Result<Vec<PointOfSaleView>, AppError> {
    let Some(centre) = near else {
        return Ok(PointOfSale::for_product(conn, product)?
            .into_iter()
            .map(|listed| {
                let mut view = views.view(listed.point, None);
                view.for_this_product = listed.for_this_product;
                view
            })
            .collect());
    };
    let filter = SaleFilter {
        product: Some(ProductSold::from(product)),
        ..SaleFilter::default()
    };
    let rows = nearest_then_rest(conn, &filter, &centre)?;
    let ids: Vec<i32> = rows.iter().map(|(p, _)| p.id).collect();
    let listing = PointOfSale::listing_product(conn, product.id, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(p, d)| {
            let for_this_product = listing.contains(&p.id);
            let mut view = views.view(p, d);
            view.for_this_product = for_this_product;
            view
        })
        .collect())
}

/// A producer's public points of sale, for its page: nearest first with distances when `near`
/// is known (then those without coordinates), else by name; at most [`PAGE_LIMIT`].
pub fn for_producer(
    conn: &mut DbConnection,
    views: &SaleViews<'_>,
    producer_id: i32,
    near: Option<Position>,
) -> Result<Vec<PointOfSaleView>, AppError> {
    let rows = match near {
        None => PointOfSale::for_producer(conn, producer_id)?
            .into_iter()
            .map(|p| (p, None))
            .collect(),
        Some(centre) => {
            let filter = SaleFilter {
                producer_id: Some(producer_id),
                ..SaleFilter::default()
            };
            nearest_then_rest(conn, &filter, &centre)?
        }
    };
    Ok(rows.into_iter().map(|(p, d)| views.view(p, d)).collect())
}

/// The nearest located points of sale, then those without coordinates, [`PAGE_LIMIT`] in all.
fn nearest_then_rest(
    conn: &mut DbConnection,
    filter: &SaleFilter,
    centre: &Position,
) -> Result<Vec<(PointOfSale, Option<f64>)>, AppError> {
    let found = PointOfSale::nearest(conn, filter, centre, PAGE_LIMIT)?;
    let mut rows = with_distances(conn, &found)?;
    let room = PAGE_LIMIT.saturating_sub(rows.len());
    if room > 0 {
        let rest = PointOfSale::without_position(conn, filter, room as i64)?;
        rows.extend(rest.into_iter().map(|p| (p, None)));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_as_each_language_writes_them() {
        let cases = [
            (1.234, "1,2 km", "1.2 km"),
            (0.349, "350 m", "350 m"),
            (0.001, "10 m", "10 m"),
            (5.0, "5 km", "5 km"),
            (9.96, "10 km", "10 km"),
            (12.4, "12 km", "12 km"),
            (1140.2, "1.140 km", "1,140 km"),
        ];
        for (km, vi, en) in cases {
            assert_eq!(distance_text(km, Locale::Vi), vi, "{km}");
            assert_eq!(distance_text(km, Locale::En), en, "{km}");
        }
    }
}
