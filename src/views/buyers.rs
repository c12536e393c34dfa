//! The state buyers' list, `/mua-sam-cong`: products holding an award still valid today, by
//! category, province and name, with the producer's legal name, tax code and contact and the
//! award's decision number — a shortlist for bodies spending the state budget (Directive
//! 03-CT/TW asks them to prefer Vietnamese goods). Its CSV and XLSX exports are built in
//! [`super::buyers_export`] from the same query string.
//!
//! Parsing rules: `category`, `province` (a current unit or a pre-2025 name) and `programme`
//! are checked like the catalogue's (an unknown value is a 400); `q` is text of at most
//! [`MAX_QUERY_CHARS`] characters, matched word by word against product and producer names.

use serde::{Deserialize, Serialize};

use super::filters::{
    ActiveFilter, ProvinceOptions, parse_page, parse_province, province_options, with_query,
};
use super::{AwardBadge, FilterOption, PageAddress, PageMeta, Pagination, web_link};
use crate::db::DbConnection;
use crate::db::models::PageRequest;
use crate::db::models::Programme;
use crate::db::models::buyers_list::{BuyerRow, BuyersFilter};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use chrono::NaiveDate;

/// Rows per page.
pub const PER_PAGE: i64 = 50;
/// Most rows an export holds; a longer list is cut there and the file says so. (An XLSX
/// sheet holds at most 65,530 links; each row has three.)
pub const EXPORT_CAP: i64 = 20_000;
/// Longest text query read.
pub const MAX_QUERY_CHARS: usize = 100;
/// Most words of a text query used.
const MAX_WORDS: usize = 8;

/// The query string of the list and its exports; text until checked.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct BuyersParams {
    pub category: Option<String>,
    pub province: Option<String>,
    pub programme: Option<String>,
    pub q: Option<String>,
    pub page: Option<String>,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A parsed request of the list or an export.
#[derive(Debug, Clone)]
pub struct BuyersQuery {
    pub params: BuyersParams,
    pub filter: BuyersFilter,
    pub page: PageRequest,
}

impl BuyersQuery {
    pub fn parse(params: BuyersParams, ctx: &CardContext) -> Result<BuyersQuery, AppError> {
        let mut filter = BuyersFilter {
            province: parse_province(ctx, present(&params.province))?,
            ..BuyersFilter::default()
        };
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
        if let Some(text) = present(&params.q) {
            if text.chars().count() > MAX_QUERY_CHARS {
                return Err(AppError::bad_request(
                    Msg::new("buyers-error-query").arg("max", MAX_QUERY_CHARS),
                ));
            }
            filter.words = crate::text::fold(text)
                .split_whitespace()
                .take(MAX_WORDS)
                .map(str::to_owned)
                .collect();
        }
        let page = parse_page(&params.page, PER_PAGE)?;
        Ok(BuyersQuery {
            params,
            filter,
            page,
        })
    }

    /// The filters in force as query pairs (without `page`), for links that keep them.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let p = &self.params;
        [
            ("category", &p.category),
            ("province", &p.province),
            ("programme", &p.programme),
            ("q", &p.q),
        ]
        .into_iter()
        .filter_map(|(k, v)| present(v).map(|v| (k, v.to_owned())))
        .collect()
    }
}

/// A row of the list, as the page and the exports show it.
#[derive(Debug, Serialize)]
pub struct BuyerRowView {
    pub product_name: String,
    /// The product page in the list's language (relative).
    pub product_path: String,
    pub category: String,
    pub legal_name: String,
    /// The producer page in the list's language (relative).
    pub producer_path: String,
    pub tax_code: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// The current province unit ("" while not known).
    pub province: String,
    pub programme: String,
    pub tier: String,
    pub year: i32,
    pub decision_no: String,
    /// dd/mm/yyyy; `None`: the award list gives no end date.
    pub valid_until: Option<String>,
    pub valid_until_iso: Option<String>,
    pub valid_until_date: Option<NaiveDate>,
    /// The award's source (a web link only).
    pub source_url: Option<String>,
}

impl BuyerRowView {
    pub fn new(row: BuyerRow, ctx: &CardContext, locale: Locale, today: NaiveDate) -> Self {
        let badge = AwardBadge::from_parts(
            row.programme.slug(),
            row.year,
            row.tier.as_deref(),
            row.valid_until,
            today,
            locale,
        );
        BuyerRowView {
            product_path: locale.path(&format!("/san-pham/{}", row.product_slug)),
            product_name: row.product_name,
            category: ctx
                .category(row.category_id)
                .map(|c| ctx.category_name(c, locale))
                .unwrap_or_default(),
            legal_name: if row.legal_name.trim().is_empty() {
                row.producer_name
            } else {
                row.legal_name
            },
            producer_path: locale.path(&format!("/nha-san-xuat/{}", row.producer_slug)),
            tax_code: row.tax_code.unwrap_or_default(),
            phone: row.phone,
            email: row.email,
            address: row.address,
            province: row
                .province_id
                .map(|id| ctx.province_name_of(id, locale))
                .unwrap_or_default(),
            programme: badge.programme_name,
            tier: badge.tier_label.unwrap_or_default(),
            year: row.year,
            decision_no: row.certificate_no.unwrap_or_default().trim().to_owned(),
            valid_until: badge.valid_until,
            valid_until_iso: badge.valid_until_iso,
            valid_until_date: row.valid_until,
            source_url: row.source_url.as_deref().and_then(web_link),
        }
    }
}

/// The rows of one category on a page.
#[derive(Debug, Serialize)]
pub struct BuyerGroup {
    pub category: String,
    pub rows: Vec<BuyerRowView>,
}

/// `/mua-sam-cong`.
#[derive(Debug, Serialize)]
pub struct BuyersPage {
    pub meta: PageMeta,
    /// The list's path in the page's language (the form's action, the "clear" link).
    pub action: String,
    pub categories: Vec<FilterOption>,
    pub provinces: ProvinceOptions,
    pub programmes: Vec<FilterOption>,
    pub q: String,
    pub max_query_chars: usize,
    pub active_filters: Vec<ActiveFilter>,
    pub groups: Vec<BuyerGroup>,
    pub pagination: Pagination,
    /// The exports of the filtered list.
    pub csv_url: String,
    pub xlsx_url: String,
    /// Whether the exports hold only the first [`EXPORT_CAP`] rows of the list.
    pub over_cap: bool,
    pub export_cap: i64,
    /// Today as the page judges validity (dd/mm/yyyy).
    pub today: String,
}

/// The page `params` asks for, validity judged on `today`.
pub fn list_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    params: BuyersParams,
    today: NaiveDate,
) -> Result<BuyersPage, AppError> {
    let locale = address.locale;
    let query = BuyersQuery::parse(params, ctx)?;
    let paged = BuyerRow::page(conn, &query.filter, today, query.page)?;
    if paged.items.is_empty() && query.page.page > 1 {
        return Err(AppError::not_found());
    }
    let last_page = paged.last_page();
    let total = paged.total;
    let mut groups: Vec<BuyerGroup> = Vec::new();
    for row in paged.items {
        let view = BuyerRowView::new(row, ctx, locale, today);
        match groups.last_mut() {
            Some(group) if group.category == view.category => group.rows.push(view),
            _ => groups.push(BuyerGroup {
                category: view.category.clone(),
                rows: vec![view],
            }),
        }
    }
    let path = locale.path(&address.path);
    let pairs = query.pairs();
    let p = &query.params;
    let selected = |field: &Option<String>, value: &str| present(field) == Some(value);
    Ok(BuyersPage {
        meta: address.meta(
            "buyers",
            locale.t("buyers-title"),
            locale.t("buyers-meta-description"),
        ),
        categories: ctx
            .categories
            .iter()
            .map(|c| FilterOption {
                selected: selected(&p.category, &c.slug),
                value: c.slug.clone(),
                label: ctx.category_name(c, locale),
            })
            .collect(),
        provinces: province_options(ctx, present(&p.province), locale),
        programmes: Programme::ALL
            .iter()
            .map(|prog| FilterOption {
                value: prog.slug().to_owned(),
                label: prog.name(locale),
                selected: selected(&p.programme, prog.slug()),
            })
            .collect(),
        q: present(&p.q).unwrap_or_default().to_owned(),
        max_query_chars: MAX_QUERY_CHARS,
        active_filters: active_filters(&path, &pairs, ctx, locale),
        groups,
        pagination: Pagination::new(&path, &pairs, query.page.page, last_page, total),
        csv_url: with_query(&locale.path("/mua-sam-cong.csv"), &pairs),
        xlsx_url: with_query(&locale.path("/mua-sam-cong.xlsx"), &pairs),
        over_cap: total > EXPORT_CAP,
        export_cap: EXPORT_CAP,
        today: today.format("%d/%m/%Y").to_string(),
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
    super::filters::chips(path, pairs, &[], |key, value| {
        Some(match key {
            "q" => locale.msg(&Msg::new("buyers-query-chip").arg("q", value)),
            _ => super::filters::chip_label(key, value, ctx, locale),
        })
    })
}
