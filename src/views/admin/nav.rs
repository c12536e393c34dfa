//! The officials' menu: which section a page belongs to (marked `aria-current`) and how much
//! work waits, for the counts on the queue links. Loaded once per officials' page by
//! [`crate::handlers::admin::officials_menu`] and read by `Frame::signed_in`.

use diesel::QueryResult;
use serde::Serialize;

use crate::db::DbConnection;
use crate::db::models::moderation::pending_counts;
use crate::db::models::report::Report;

/// The officials' menu of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AdminNav {
    /// The current section: "dashboard", "queue", "awards", "collections", "articles",
    /// "events", "reports", "points", "audit", "users".
    pub section: &'static str,
    /// Products and edits waiting for a decision, and producer claims.
    pub queue: i64,
    /// Open reports.
    pub reports: i64,
    /// Points of sale to look at.
    pub points: i64,
}

/// The section of the officials' page at `path` (the path without its language prefix).
pub fn section_of(path: &str) -> &'static str {
    let rest = path.strip_prefix("/quan-tri").unwrap_or_default();
    let first = rest
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    match first {
        "tong-quan" => "dashboard",
        "giai-thuong" => "awards",
        "bo-suu-tap" => "collections",
        "tin-tuc" => "articles",
        "hoi-cho" => "events",
        "bao-cao" | "bao-cao.csv" => "reports",
        "diem-ban" => "points",
        "nhat-ky" => "audit",
        "nguoi-dung" => "users",
        "binh-chon" => "vote",
        // The queue, a product under review (its awards belong to the awards), a claim.
        "san-pham" if rest.ends_with("/giai-thuong") => "awards",
        _ => "queue",
    }
}

/// The menu of the page at `path`, with the counts of waiting work.
pub fn load(conn: &mut DbConnection, path: &str) -> QueryResult<AdminNav> {
    use crate::db::schema::points_of_sale;
    use diesel::prelude::*;
    let counts = pending_counts(conn)?;
    let points = points_of_sale::table
        .filter(points_of_sale::needs_review.eq(true))
        .count()
        .get_result(conn)?;
    Ok(AdminNav {
        section: section_of(path),
        queue: counts.submitted + counts.edits + counts.claims,
        reports: Report::count_open(conn)?,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::section_of;

    #[test]
    fn each_path_belongs_to_its_section() {
        assert_eq!(section_of("/quan-tri"), "queue");
        assert_eq!(section_of("/quan-tri/san-pham/4"), "queue");
        assert_eq!(section_of("/quan-tri/san-pham/4/giai-thuong"), "awards");
        assert_eq!(section_of("/quan-tri/giai-thuong/nhap/3"), "awards");
        assert_eq!(section_of("/quan-tri/bo-suu-tap/2"), "collections");
        assert_eq!(section_of("/quan-tri/nguoi-dung"), "users");
    }
}
