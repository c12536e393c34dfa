//! `/quan-tri/tong-quan`: what the catalogue holds, what waits in each queue, and charts of
//! published products by award year, category and province.

use serde::Serialize;

use super::meta;
use crate::db::DbConnection;
use crate::db::models::moderation;
use crate::db::models::report::Report;
use crate::db::models::{Award, Category, Producer, Product};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::views::charts::{Chart, Datum, Orientation, bar_chart, top_with_rest};
use crate::views::{PageAddress, PageMeta};

/// Provinces drawn one by one; the others share an "other" bar.
const TOP_PROVINCES: usize = 10;

/// A number with the page where it can be worked on.
#[derive(Debug, Serialize)]
pub struct Tile {
    pub label: String,
    pub value: i64,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct DashboardPage {
    pub meta: PageMeta,
    pub totals: Vec<Tile>,
    pub pending: Vec<Tile>,
    pub charts: Vec<Chart>,
}

/// Everything counted, in a fixed number of queries (grouped counts, no per-row look-ups).
pub fn load(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
) -> Result<DashboardPage, AppError> {
    let locale = address.locale;
    let pending = moderation::pending_counts(conn)?;
    let tile = |key: &str, value: i64, path: &str| Tile {
        label: locale.t(key),
        value,
        url: locale.path(path),
    };
    Ok(DashboardPage {
        meta: meta(address, locale.t("admin-dashboard-title")),
        totals: vec![
            tile(
                "admin-tile-products",
                Product::count_published(conn)?,
                "/san-pham",
            ),
            tile(
                "admin-tile-producers",
                Producer::count_all(conn)?,
                "/nha-san-xuat",
            ),
            tile("admin-tile-awards", Award::count_all(conn)?, "/giai-thuong"),
        ],
        pending: vec![
            tile("admin-tile-submitted", pending.submitted, "/quan-tri#moi"),
            tile("admin-tile-edits", pending.edits, "/quan-tri#sua"),
            tile("admin-tile-claims", pending.claims, "/quan-tri#nhan"),
            tile(
                "admin-tile-reports",
                Report::count_open(conn)?,
                "/quan-tri/bao-cao",
            ),
        ],
        charts: charts(conn, ctx, locale)?,
    })
}

fn charts(
    conn: &mut DbConnection,
    ctx: &CardContext,
    locale: Locale,
) -> Result<Vec<Chart>, AppError> {
    let per_year = Award::published_products_per_year(conn)?
        .into_iter()
        .map(|(year, n)| Datum::new(year.to_string(), n))
        .collect();
    // Categories in their own order, empty ones too: a gap is worth seeing.
    let counts = Category::published_counts(conn)?;
    let per_category = ctx
        .categories
        .iter()
        .map(|c| {
            let n = counts.iter().find(|(id, _)| *id == c.id);
            Datum::new(ctx.category_name(c, locale), n.map_or(0, |(_, n)| *n))
        })
        .collect();
    let per_province = Producer::published_products_per_province(conn)?
        .into_iter()
        .map(|(id, n)| {
            let name = ctx
                .provinces
                .province(id)
                .map(|p| ctx.province_name(p, locale));
            Datum::new(name.unwrap_or_else(|| format!("#{id}")), n)
        })
        .collect();
    Ok(vec![
        bar_chart(&locale.t("chart-per-year"), per_year, Orientation::Vertical),
        bar_chart(
            &locale.t("chart-per-category"),
            per_category,
            Orientation::Horizontal,
        ),
        {
            let other = |n: usize| locale.msg(&Msg::new("chart-other-groups").arg("count", n));
            let (top, rest) = top_with_rest(per_province, TOP_PROVINCES, other);
            bar_chart(
                &locale.t("chart-per-province"),
                top,
                Orientation::Horizontal,
            )
            .with_rest(rest)
        },
    ])
}
