//! What a shared link and a crawler see (issue 15, part 4): OpenGraph and Twitter cards with
//! the product's photo on product and producer pages (each tag once, absolute URLs), JSON-LD
//! `Organization` for producers and `ItemList` for award years and categories (parsed as JSON,
//! a `</script>` in a name cannot end the element), and fingerprinted assets served immutable.

use std::collections::HashSet;

use crate::common;

use actix_web::http::StatusCode;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::schema::{producers, product_images};

const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const HOSTILE: &str = "Kẹo lạc </script><script>alert(1)</script> & \"Hà\"";

/// The `content` of every `<meta {attr}="{key}">` of a page, in order.
fn metas(html: &str, attr: &str, key: &str) -> Vec<String> {
    let start = format!("<meta {attr}=\"{key}\" content=\"");
    html.match_indices(&start)
        .map(|(at, _)| {
            let rest = &html[at + start.len()..];
            rest[..rest.find('"').expect("attribute closes")].to_owned()
        })
        .collect()
}

/// The one value of a meta tag; fails when it is missing or repeated.
fn meta(html: &str, attr: &str, key: &str) -> String {
    let found = metas(html, attr, key);
    assert_eq!(found.len(), 1, "{attr}={key}: {found:?}");
    found.into_iter().next().expect("one")
}

/// Every JSON-LD block of a page, parsed.
fn json_lds(html: &str) -> Vec<serde_json::Value> {
    let tag = "<script type=\"application/ld+json\">";
    html.match_indices(tag)
        .map(|(at, _)| {
            let rest = &html[at + tag.len()..];
            let end = rest.find("</script>").expect("JSON-LD closes");
            serde_json::from_str(&rest[..end]).expect("JSON-LD parses")
        })
        .collect()
}

/// A producer with one product holding a 2000 × 1500 photo, one without, and an award year.
fn catalogue(app: &TestApp) -> (i32, i32) {
    let mut conn = app.conn();
    let producer = ProducerBuilder::new("Công ty Bánh kẹo Hải Hà").insert(&mut conn);
    diesel::update(producers::table.find(producer))
        .set((
            producers::legal_name.eq("Công ty Cổ phần Bánh kẹo Hải Hà"),
            producers::tax_code.eq("0101444379"),
            producers::website.eq("https://haihaco.com.vn"),
        ))
        .execute(&mut *conn)
        .expect("producer details");
    let with_photo = ProductBuilder::new("Kẹo chew Hải Hà", producer)
        .award("hvnclc", 2025, None)
        .insert(&mut conn);
    diesel::insert_into(product_images::table)
        .values((
            product_images::product_id.eq(with_photo),
            product_images::content_hash.eq(HASH),
            product_images::width.eq(2000),
            product_images::height.eq(1500),
            product_images::sort_order.eq(0),
            product_images::alt.eq("Gói kẹo chew vị nho"),
        ))
        .execute(&mut *conn)
        .expect("photo");
    let hostile = ProductBuilder::new(HOSTILE, producer)
        .award("hvnclc", 2025, None)
        .insert(&mut conn);
    (with_photo, hostile)
}

#[actix_web::test]
async fn product_pages_carry_opengraph_and_a_large_twitter_card_with_the_photo() {
    let app = TestApp::new();
    catalogue(&app);
    for (path, locale, alternate) in [
        ("/san-pham/keo-chew-hai-ha", "vi_VN", "en_US"),
        ("/en/san-pham/keo-chew-hai-ha", "en_US", "vi_VN"),
    ] {
        let html = app.page(path).await.body;
        assert_eq!(meta(&html, "property", "og:title"), "Kẹo chew Hải Hà");
        assert!(!meta(&html, "property", "og:description").is_empty());
        assert_eq!(
            meta(&html, "property", "og:url"),
            format!("http://localhost:8080{path}")
        );
        assert_eq!(meta(&html, "property", "og:type"), "product");
        assert_eq!(meta(&html, "property", "og:locale"), locale);
        assert_eq!(meta(&html, "property", "og:locale:alternate"), alternate);
        let image = format!("http://localhost:8080/media/{HASH}-1280.jpg");
        assert_eq!(meta(&html, "property", "og:image"), image);
        assert_eq!(meta(&html, "property", "og:image:width"), "1280");
        assert_eq!(meta(&html, "property", "og:image:height"), "960");
        assert_eq!(
            meta(&html, "property", "og:image:alt"),
            "Gói kẹo chew vị nho"
        );
        assert_eq!(meta(&html, "name", "twitter:card"), "summary_large_image");
        assert_eq!(meta(&html, "name", "twitter:image"), image);
        assert_eq!(meta(&html, "name", "twitter:title"), "Kẹo chew Hải Hà");
        meta(&html, "name", "twitter:description");
    }
    // Without a photo: no image tags, the small card.
    let html = app
        .page("/san-pham/keo-lac-script-script-alert-1-script-ha")
        .await
        .body;
    assert!(metas(&html, "property", "og:image").is_empty());
    assert_eq!(meta(&html, "name", "twitter:card"), "summary");
    // The hostile name is escaped in the tags and cannot end the JSON-LD element.
    assert_eq!(
        meta(&html, "property", "og:title"),
        "Kẹo lạc &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Hà&quot;"
    );
    let ld = json_lds(&html);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["@type"], "Product");
    assert_eq!(ld[0]["name"], HOSTILE);
}

#[actix_web::test]
async fn producer_pages_carry_opengraph_and_a_complete_organization() {
    let app = TestApp::new();
    catalogue(&app);
    let path = "/nha-san-xuat/cong-ty-banh-keo-hai-ha";
    let html = app.page(path).await.body;
    assert_eq!(meta(&html, "property", "og:type"), "profile");
    assert_eq!(
        meta(&html, "property", "og:title"),
        "Công ty Bánh kẹo Hải Hà"
    );
    assert_eq!(
        meta(&html, "property", "og:url"),
        format!("http://localhost:8080{path}")
    );
    let image = format!("http://localhost:8080/media/{HASH}-1280.jpg");
    assert_eq!(meta(&html, "property", "og:image"), image);
    meta(&html, "property", "og:image:width");
    meta(&html, "property", "og:image:height");
    meta(&html, "property", "og:image:alt");
    assert_eq!(meta(&html, "name", "twitter:card"), "summary_large_image");
    let ld = json_lds(&html);
    assert_eq!(ld.len(), 1);
    let org = &ld[0];
    assert_eq!(org["@context"], "https://schema.org");
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["name"], "Công ty Bánh kẹo Hải Hà");
    assert_eq!(org["legalName"], "Công ty Cổ phần Bánh kẹo Hải Hà");
    assert_eq!(org["taxID"], "0101444379");
    assert_eq!(org["url"], format!("http://localhost:8080{path}"));
    assert_eq!(org["address"]["@type"], "PostalAddress");
    assert_eq!(org["address"]["streetAddress"], "1 Tràng Tiền");
    assert_eq!(org["address"]["addressRegion"], "Hà Nội");
    assert_eq!(org["address"]["addressCountry"], "VN");
    assert_eq!(org["image"], image);
    assert_eq!(org["sameAs"], "https://haihaco.com.vn");
    // A logo, once the producer has one, is its own absolute URL.
    diesel::update(producers::table)
        .set(producers::logo_hash.eq(HASH))
        .execute(&mut *app.conn())
        .expect("logo");
    app.state.pages.clear();
    let org = &json_lds(&app.page(path).await.body)[0];
    assert_eq!(
        org["logo"],
        format!("http://localhost:8080/media/{HASH}-320.jpg")
    );
}

#[actix_web::test]
async fn award_years_and_categories_carry_an_item_list_of_their_products() {
    let app = TestApp::new();
    catalogue(&app);
    for (path, name_has) in [
        ("/giai-thuong/hvnclc/2025", "2025"),
        ("/en/giai-thuong/hvnclc/2025", "2025"),
        ("/danh-muc/thuc-pham", ""),
    ] {
        let html = app.page(path).await.body;
        let ld = json_lds(&html);
        assert_eq!(ld.len(), 1, "{path}");
        let list = &ld[0];
        assert_eq!(list["@type"], "ItemList", "{path}");
        assert!(list["name"].as_str().expect("name").contains(name_has));
        assert_eq!(list["numberOfItems"], 2, "{path}");
        let items = list["itemListElement"].as_array().expect("items");
        assert_eq!(items.len(), 2);
        let prefix = if path.starts_with("/en/") {
            "http://localhost:8080/en/san-pham/"
        } else {
            "http://localhost:8080/san-pham/"
        };
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item["@type"], "ListItem");
            assert_eq!(item["position"], i + 1);
            assert!(
                item["url"].as_str().expect("url").starts_with(prefix),
                "{path}: {item}"
            );
        }
        let names: HashSet<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
        assert!(
            names.contains(HOSTILE),
            "the name round-trips through the escaping"
        );
        assert!(!html.contains("</script><script>alert(1)"), "{path}");
    }
    // The whole catalogue (endless filter combinations) carries none.
    assert!(json_lds(&app.page("/san-pham").await.body).is_empty());
}

/// `src` and `href` values on a page that point to `/assets/`.
fn asset_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            let value = &rest[..rest.find('"').expect("attribute closes")];
            if value.starts_with("/assets/") {
                urls.push(value.replace("&amp;", "&"));
            }
        }
    }
    urls
}

#[actix_web::test]
async fn every_asset_a_page_links_is_fingerprinted_and_immutable_for_a_year() {
    let app = TestApp::new();
    catalogue(&app);
    let admin = app.member("can-bo@hanoi.gov.vn", "admin");
    let mut official = app.browser_of(&admin);
    let mut pages = Vec::new();
    for path in [
        "/",
        "/san-pham/keo-chew-hai-ha",
        "/nha-san-xuat/cong-ty-banh-keo-hai-ha",
        "/diem-ban",
        "/en/san-pham",
    ] {
        pages.push(app.page(path).await.body);
    }
    pages.push(official.get("/quan-tri").await.body);
    let urls: HashSet<String> = pages.iter().flat_map(|html| asset_urls(html)).collect();
    for script in ["site.css", "js/suggest.js", "js/gallery.js", "js/admin.js"] {
        assert!(
            urls.iter()
                .any(|u| u.starts_with(&format!("/assets/{script}?v="))),
            "{script} in {urls:?}"
        );
    }
    for url in &urls {
        assert!(url.contains("?v="), "{url} has no fingerprint");
        let asset = app.get(url).await;
        assert_eq!(asset.status, StatusCode::OK, "{url}");
        assert_eq!(
            asset.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{url}"
        );
    }
    // A bare or outdated address is not immutable: its content may change under it.
    for url in ["/assets/site.css", "/assets/site.css?v=000000000000"] {
        let asset = app.page(url).await;
        assert_eq!(
            asset.header("cache-control"),
            "public, max-age=3600",
            "{url}"
        );
    }
}

#[test]
fn templates_reach_assets_only_through_the_fingerprinting_helper() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut stack = vec![dir];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("template");
            checked += 1;
            for (at, _) in text.match_indices("/assets/") {
                let before = &text[..at];
                // Only in comments naming a file of the repository, never in markup.
                assert!(
                    before
                        .rfind("{#")
                        .is_some_and(|open| before[open..].find("#}").is_none()),
                    "{}: a literal /assets/ address outside asset()",
                    path.display()
                );
            }
            for (at, _) in text
                .match_indices(".js\"")
                .chain(text.match_indices(".css\""))
            {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line = &text[line_start..at];
                assert!(
                    line.contains("asset(path="),
                    "{}: a script or stylesheet outside asset(): {line}",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 50, "{checked} templates");
}
