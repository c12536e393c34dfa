//! The officials' overview: what the catalogue holds, what waits in each queue, and charts
//! of published products by award year, category and province.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::render;
use crate::app::AppState;
use crate::auth::OfficialUser;
use crate::db::models::moderation;
use crate::db::models::report::Report;
use crate::db::models::{Award, Category, Producer, Product};
use crate::error::AppError;
use crate::views::charts::{Chart, Datum, Orientation, bar_chart, top_with_rest};

/// Provinces drawn one by one; the others share a "Khác" bar.
const TOP_PROVINCES: usize = 10;

/// A number with the page where it can be worked on.
#[derive(Serialize)]
struct Tile {
    label: &'static str,
    value: i64,
    url: &'static str,
}

#[derive(Serialize)]
struct DashboardView {
    totals: Vec<Tile>,
    pending: Vec<Tile>,
    charts: Vec<Chart>,
}

/// Everything counted, in a fixed number of queries (grouped counts, no per-row look-ups).
struct Figures {
    products: i64,
    producers: i64,
    awards: i64,
    pending: moderation::PendingCounts,
    open_reports: i64,
    per_year: Vec<(i32, i64)>,
    per_category: Vec<(i32, i64)>,
    per_province: Vec<(i32, i64)>,
}

/// `GET /quan-tri/tong-quan`
pub async fn show_dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let f = state
        .db
        .run(|conn| {
            Ok(Figures {
                products: Product::count_published(conn)?,
                producers: Producer::count_all(conn)?,
                awards: Award::count_all(conn)?,
                pending: moderation::pending_counts(conn)?,
                open_reports: Report::count_open(conn)?,
                per_year: Award::published_products_per_year(conn)?,
                per_category: Category::published_counts(conn)?,
                per_province: Producer::published_products_per_province(conn)?,
            })
        })
        .await?;
    let per_year = f
        .per_year
        .iter()
        .map(|(year, n)| Datum::new(year.to_string(), *n))
        .collect();
    // Categories in their own order, empty ones too: a gap is worth seeing.
    let per_category = ctx
        .categories
        .iter()
        .map(|c| {
            let n = f.per_category.iter().find(|(id, _)| *id == c.id);
            Datum::new(c.name.clone(), n.map_or(0, |(_, n)| *n))
        })
        .collect();
    let per_province = f
        .per_province
        .iter()
        .map(|(id, n)| {
            let name = ctx.provinces.province(*id).map(|p| p.name.clone());
            Datum::new(name.unwrap_or_else(|| format!("#{id}")), *n)
        })
        .collect();
    let view = DashboardView {
        totals: vec![
            tile("Sản phẩm đã công bố", f.products, "/san-pham"),
            tile("Nhà sản xuất", f.producers, "/nha-san-xuat"),
            tile("Danh hiệu đã ghi nhận", f.awards, "/giai-thuong"),
        ],
        pending: vec![
            tile("Sản phẩm chờ duyệt", f.pending.submitted, "/quan-tri#moi"),
            tile("Thay đổi chờ duyệt", f.pending.edits, "/quan-tri#sua"),
            tile("Yêu cầu nhận quản lý", f.pending.claims, "/quan-tri#nhan"),
            tile("Báo cáo chưa xử lý", f.open_reports, "/quan-tri/bao-cao"),
        ],
        charts: vec![
            bar_chart(
                "Sản phẩm đạt danh hiệu theo năm",
                per_year,
                Orientation::Vertical,
            ),
            bar_chart(
                "Sản phẩm theo nhóm hàng",
                per_category,
                Orientation::Horizontal,
            ),
            bar_chart(
                "Sản phẩm theo tỉnh, thành phố",
                top_with_rest(per_province, TOP_PROVINCES, "Khác"),
                Orientation::Horizontal,
            ),
        ],
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/dashboard.html",
        "Tổng quan",
        view,
    )
}

fn tile(label: &'static str, value: i64, url: &'static str) -> Tile {
    Tile { label, value, url }
}
