//! Machines read the site well (issue 15, part 4): `robots.txt` keeps crawlers out of the
//! private areas and names the sitemap index; the index names files that each stay under the
//! protocol's limits (50,000 URLs, 50 MB) at any size — checked with 120,000 products — and
//! list every public page exactly once, never an unpublished one.

use std::collections::{HashMap, HashSet};

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;
use common::articles::assert_well_formed;
use common::sitemap::locs;
use diesel::prelude::*;
use hangviet::db::models::Category;

const PRODUCTS: usize = 120_000;
const PRODUCERS: usize = 1_200;

/// `PRODUCERS` producers and `PRODUCTS` products, in one transaction of multi-row inserts
/// (the suite's factories insert one row at a time, far too slow for this many). Product `i`
/// is a draft when `i % 5 == 0`, hidden when `i % 7 == 0`, otherwise published; producers
/// whose products are all unpublished have no page.
fn fill_catalogue(app: &TestApp) -> (HashSet<String>, HashSet<String>) {
    let mut conn = app.conn();
    let category = Category::by_slug(&mut conn, "thuc-pham")
        .expect("category")
        .id;
    let at = "2026-03-01 08:00:00";
    let mut published = HashSet::new();
    let mut unpublished = HashSet::new();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        let rows: Vec<String> = (1..=PRODUCERS)
            .map(|p| format!("('nsx-{p}', 'Nhà sản xuất {p}', 'nha san xuat {p}', '{at}', '{at}')"))
            .collect();
        for chunk in rows.chunks(1_000) {
            diesel::sql_query(format!(
                "INSERT INTO producers (slug, name, name_folded, created_at, updated_at) VALUES {}",
                chunk.join(",")
            ))
            .execute(conn)?;
        }
        let producer_ids: Vec<i32> = hangviet::db::schema::producers::table
            .order(hangviet::db::schema::producers::id)
            .select(hangviet::db::schema::producers::id)
            .load(conn)?;
        let mut rows = Vec::with_capacity(2_000);
        for i in 1..=PRODUCTS {
            let status = if i % 5 == 0 {
                "draft"
            } else if i % 7 == 0 {
                "hidden"
            } else {
                "published"
            };
            let slug = format!("san-pham-thu-{i}");
            if status == "published" {
                published.insert(slug.clone());
            } else {
                unpublished.insert(slug.clone());
            }
            let published_at = if status == "published" {
                format!("'{at}'")
            } else {
                "NULL".to_owned()
            };
            // Producer k (0-based) makes products k*100+1 ..= k*100+100.
            let producer = producer_ids[(i - 1) / (PRODUCTS / PRODUCERS)];
            rows.push(format!(
                "({producer}, {category}, '{slug}', 'Sản phẩm {i}', 'san pham {i}', '{status}', \
                 {published_at}, '{at}', '{at}')"
            ));
            if rows.len() == 2_000 || i == PRODUCTS {
                diesel::sql_query(format!(
                    "INSERT INTO products (producer_id, category_id, slug, name, name_folded, \
                     status, published_at, created_at, updated_at) VALUES {}",
                    rows.join(",")
                ))
                .execute(conn)?;
                rows.clear();
            }
        }
        Ok(())
    })
    .expect("catalogue inserted");
    (published, unpublished)
}

#[actix_web::test]
async fn the_sitemap_index_splits_120000_products_into_files_under_the_limits() {
    let app = TestApp::new();
    let (published, unpublished) = fill_catalogue(&app);
    assert_eq!(published.len() + unpublished.len(), PRODUCTS);

    let index = app.page("/sitemap.xml").await;
    assert_eq!(
        index.header("content-type"),
        "application/xml; charset=utf-8"
    );
    assert_well_formed(&index.body);
    assert!(
        index
            .body
            .contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
    );
    let files = locs(&index.body);
    let product_files = files
        .iter()
        .filter(|f| f.contains("/sitemap/san-pham-"))
        .count();
    assert!(
        product_files >= PRODUCTS.div_ceil(50_000),
        "{product_files} product files for {PRODUCTS} products"
    );
    assert!(files.iter().any(|f| f.ends_with("/sitemap/trang.xml")));
    assert!(files.iter().any(|f| f.contains("/sitemap/nha-san-xuat-")));
    // Every range file says when its newest page changed.
    assert_eq!(
        index
            .body
            .matches("<lastmod>2026-03-01T08:00:00Z</lastmod>")
            .count(),
        files.len() - 1,
        "{}",
        index.body
    );

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut producers: HashSet<String> = HashSet::new();
    for (path, file) in app.sitemap_files().await {
        assert!(file.body.len() <= 50 * 1024 * 1024, "{path} is over 50 MB");
        assert!(
            file.body
                .contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"")
        );
        assert_well_formed(&file.body);
        let urls = file.body.matches("<url>").count();
        assert!(urls <= 50_000, "{path} holds {urls} URLs");
        assert!(urls > 0, "{path} is listed but empty");
        for loc in locs(&file.body) {
            if let Some(slug) = loc.strip_prefix("http://localhost:8080/san-pham/") {
                *seen.entry(slug.to_owned()).or_default() += 1;
            }
            if let Some(slug) = loc.strip_prefix("http://localhost:8080/nha-san-xuat/") {
                assert!(producers.insert(slug.to_owned()), "{slug} twice");
            }
        }
    }
    let listed: HashSet<String> = seen.keys().cloned().collect();
    assert_eq!(listed.len(), published.len(), "every published product");
    assert!(listed == published, "exactly the published products");
    assert!(seen.values().all(|n| *n == 1), "each exactly once");
    assert!(unpublished.iter().all(|s| !listed.contains(s)));
    assert_eq!(
        producers.len(),
        PRODUCERS,
        "every producer has a published product"
    );
}

#[actix_web::test]
async fn sitemap_files_name_pages_their_english_twins_and_refuse_other_names() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = common::ProducerBuilder::new("Cơ sở Chè Tân Cương").insert(&mut conn);
        common::ProductBuilder::new("Chè búp Tân Cương", producer).insert(&mut conn);
        common::ProductBuilder::new("Chè nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let file = app.page("/sitemap/san-pham-1.xml").await;
    assert!(
        file.body
            .contains("<loc>http://localhost:8080/san-pham/che-bup-tan-cuong</loc>")
    );
    assert!(file.body.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost:8080/en/san-pham/che-bup-tan-cuong\"/>"
    ));
    assert!(!file.body.contains("che-nhap"));
    let pages = app.page("/sitemap/trang.xml").await;
    assert!(
        pages
            .body
            .contains("<loc>http://localhost:8080/danh-muc/thuc-pham</loc>")
    );
    // A range past the last id, or any other name, is not a sitemap file.
    for path in [
        "/sitemap/san-pham-2.xml",
        "/sitemap/san-pham-0.xml",
        "/sitemap/san-pham-01.xml",
        "/sitemap/san-pham-99999999999.xml",
        "/sitemap/san-pham-429497.xml",
        "/sitemap/san-pham-.xml",
        "/sitemap/quan-tri-1.xml",
        "/sitemap/trang",
        "/sitemap/%3Cscript%3E.xml",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[actix_web::test]
async fn robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap() {
    let app = TestApp::with_settings(|s| s.public_url = Some("https://hangviet.vn".to_owned()));
    let robots = app.page("/robots.txt").await;
    assert_eq!(robots.header("content-type"), "text/plain; charset=utf-8");
    let lines: Vec<&str> = robots.body.lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    assert!(lines.contains(&"Allow: /"));
    for path in [
        "/quan-tri",
        "/doanh-nghiep",
        "/api/v1/search",
        "/api/v1/suggest",
        "/tim-kiem",
        "/tai-khoan",
        "/dang-nhap",
    ] {
        for prefix in ["", "/en"] {
            let rule = format!("Disallow: {prefix}{path}");
            assert!(lines.contains(&rule.as_str()), "{rule}");
        }
    }
    // Public pages stay open: no rule is a prefix of them.
    for public in [
        "/san-pham/x",
        "/nha-san-xuat/x",
        "/giai-thuong/ocop/2024",
        "/api/v1/products",
    ] {
        assert!(
            !lines
                .iter()
                .filter_map(|l| l.strip_prefix("Disallow: "))
                .any(|rule| { !rule.contains('*') && public.starts_with(rule) }),
            "{public} is closed"
        );
    }
    assert!(lines.contains(&"Sitemap: https://hangviet.vn/sitemap.xml"));
}
