//! `/quan-tri/diem-ban`: points of sale changed by producers since an official last looked
//! (or the hidden ones, or all), newest change first, with what an official can do to each;
//! and the import page's report.

use serde::Serialize;

use super::{meta, shown};
use crate::db::DbConnection;
use crate::db::models::point_of_sale_edits::ReviewFilter;
use crate::db::models::{PageRequest, PointOfSale};
use crate::error::AppError;
use crate::import::points_of_sale::{COLUMNS, PointImportReport};
use crate::reference::CardContext;
use crate::views::point_of_sale_forms::PointOfSaleItem;
use crate::views::{PageAddress, PageMeta, Pagination};

/// A row of the list: the point of sale, its producer, when it last changed.
#[derive(Debug, Serialize)]
pub struct ReviewItem {
    pub point: PointOfSaleItem,
    pub producer_name: String,
    pub producer_slug: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct PointsReviewPage {
    pub meta: PageMeta,
    /// `review`, `hidden` or `all`.
    pub filter: &'static str,
    pub items: Vec<ReviewItem>,
    pub pagination: Pagination,
}

impl ReviewFilter {
    /// The value of the list's `xem` parameter.
    pub fn slug(self) -> &'static str {
        match self {
            ReviewFilter::NeedsReview => "review",
            ReviewFilter::Hidden => "hidden",
            ReviewFilter::All => "all",
        }
    }

    pub fn from_slug(text: &str) -> Option<ReviewFilter> {
        [
            ReviewFilter::NeedsReview,
            ReviewFilter::Hidden,
            ReviewFilter::All,
        ]
        .into_iter()
        .find(|f| f.slug() == text)
    }
}

pub fn load(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    filter: ReviewFilter,
    page: PageRequest,
) -> Result<PointsReviewPage, AppError> {
    let locale = address.locale;
    let paged = PointOfSale::review_list(conn, filter, page)?;
    let ids: Vec<i32> = paged.items.iter().map(|r| r.point.id).collect();
    let slugs = PointOfSale::listed_product_slugs(conn, &ids)?;
    let last = paged.last_page();
    let pairs: Vec<(&str, String)> = match filter {
        ReviewFilter::NeedsReview => Vec::new(),
        other => vec![("xem", other.slug().to_owned())],
    };
    let path = locale.path("/quan-tri/diem-ban");
    Ok(PointsReviewPage {
        meta: meta(address, locale.t("admin-pos-title")),
        filter: filter.slug(),
        pagination: Pagination::new(&path, &pairs, page.page, last, paged.total),
        items: paged
            .items
            .into_iter()
            .map(|row| {
                let products = slugs
                    .iter()
                    .filter(|(p, _)| *p == row.point.id)
                    .map(|(_, s)| s.clone())
                    .collect();
                ReviewItem {
                    updated_at: shown(Some(row.point.updated_at)),
                    point: PointOfSaleItem::new(ctx, row.point, products, locale),
                    producer_name: row.producer_name,
                    producer_slug: row.producer_slug,
                }
            })
            .collect(),
    })
}

/// A bad line of an import, in the page's language.
#[derive(Debug, Serialize)]
pub struct ShownLineError {
    pub line: u64,
    pub message: String,
}

/// `/quan-tri/diem-ban/nhap`: the upload form, and after an upload its outcome: every bad
/// line (nothing imported), or what was imported.
#[derive(Debug, Serialize)]
pub struct PointsImportPage {
    pub meta: PageMeta,
    pub columns: String,
    pub file_name: Option<String>,
    pub errors: Vec<ShownLineError>,
    pub report: Option<PointImportReport>,
}

impl PointsImportPage {
    pub fn new(address: &PageAddress) -> PointsImportPage {
        PointsImportPage {
            meta: meta(address, address.locale.t("admin-pos-import-title")),
            columns: COLUMNS.join(","),
            file_name: None,
            errors: Vec::new(),
            report: None,
        }
    }
}
