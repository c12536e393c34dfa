//! Search: one conformance suite run on the embedded backend always and on a real
//! Meilisearch when `MEILI_URL` is set (`.ci/run` starts one); the outbox keeping the index in
//! step; degradation to the database.
//!
//! The Meilisearch tests need a server, so a plain `cargo test` lists them as ignored
//! ([`NEEDS_MEILI`]); `cargo test --test it -- --ignored meilisearch` runs them (`.ci/run`
//! does, after starting a server). Run, they never pass without one: a missing or silent
//! `MEILI_URL` fails them. With `CI` set, a missing `MEILI_URL` also fails the ordinary run
//! ([`ci_has_a_meilisearch_server`]). Each test app has an index of its own, so parallel tests
//! and the SQLite and PostgreSQL runs never share one.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::common;

use actix_web::http::StatusCode;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::models::product::ProductStatus;
use hangviet::db::models::search_outbox::SearchOutbox;
use serde_json::Value;

/// Whether this is a CI run (`CI` set and not `false`/`0`, as CI services set it).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Why the Meilisearch tests are ignored by a plain `cargo test` (the attribute repeats it:
/// `ignore` takes a literal only).
const NEEDS_MEILI: &str = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)";

#[test]
fn ci_has_a_meilisearch_server() {
    let url = std::env::var("MEILI_URL").unwrap_or_default();
    assert!(
        !in_ci() || !url.trim().is_empty(),
        "CI is set but MEILI_URL is not: the Meilisearch conformance suite must run against \
         a real server (.ci/run starts ../shared/bin/meilisearch with .ci/meilisearch.sh)"
    );
}

/// The Meilisearch server to test against, checked to answer. A test that asks for it was
/// asked for (`--ignored`): without `MEILI_URL` it fails ({NEEDS_MEILI}).
pub(crate) async fn meili_server() -> (String, Option<String>) {
    let url = std::env::var("MEILI_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{NEEDS_MEILI}: start one with `bash .ci/meilisearch.sh start DIR` and export \
                 what it prints"
            )
        });
    let key = std::env::var("MEILI_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let client = meilisearch_sdk::client::Client::new(url.clone(), key.clone()).expect("MEILI_URL");
    let health = tokio::time::timeout(Duration::from_secs(5), client.health()).await;
    assert!(
        matches!(&health, Ok(Ok(h)) if h.status == "available"),
        "MEILI_URL={url} does not answer /health: {health:?}"
    );
    let version = tokio::time::timeout(Duration::from_secs(5), client.get_version()).await;
    assert!(
        matches!(version, Ok(Ok(_))),
        "Meilisearch at {url} refuses MEILI_API_KEY: {version:?}"
    );
    (url, key)
}

/// An index name no other test app, test run or database run uses.
fn unique_index() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "hangviet-test-{}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros()
    )
}

/// Points `settings` at the Meilisearch under test and at a new index of its own, with a
/// generous time budget.
pub(crate) fn use_meili(
    settings: &mut hangviet::config::Settings,
    url: String,
    key: Option<String>,
) {
    settings.meili_url = Some(url);
    settings.meili_api_key = key;
    settings.meili_index = unique_index();
    // These tests check Meilisearch's answers, on a CI machine busy with the whole suite and
    // Meilisearch's own indexing; the 500 ms budget has tests of its own.
    settings.search_timeout_ms = 10_000;
}

/// A new app searching an index of its own on the Meilisearch under test, settings applied,
/// and that index's name.
pub(crate) async fn meili_app() -> (TestApp, String) {
    let (url, key) = meili_server().await;
    let mut index = String::new();
    let app = TestApp::with_settings(|s| {
        use_meili(s, url, key);
        index = s.meili_index.clone();
    });
    assert_eq!(app.state.search.backend_name(), "meilisearch");
    app.state.search.configure().await.expect("settings");
    (app, index)
}

/// Removes a test's Meilisearch index (the server may be a developer's) and waits for it.
pub(crate) async fn drop_meili_index(index: &str) {
    let url = std::env::var("MEILI_URL").expect("MEILI_URL");
    let key = std::env::var("MEILI_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let client = meilisearch_sdk::client::Client::new(url, key).expect("client");
    if let Ok(task) = client.delete_index(index).await {
        let _ = task
            .wait_for_completion(&client, None, Some(Duration::from_secs(60)))
            .await;
    }
}

async fn reference(app: &TestApp) -> std::sync::Arc<hangviet::reference::CardContext> {
    app.state
        .reference
        .get(&app.state.db)
        .await
        .expect("reference")
}

fn url(q: &str, filters: &[(&str, &str)]) -> String {
    let mut pairs = vec![("q", q)];
    pairs.extend_from_slice(filters);
    format!(
        "/api/v1/search?{}",
        serde_urlencoded::to_string(&pairs).expect("encodes")
    )
}

async fn search(app: &TestApp, q: &str, filters: &[(&str, &str)]) -> Value {
    app.json(&url(q, filters)).await
}

fn names(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["name"].as_str().expect("name").to_owned())
        .collect()
}

/// The queries every backend must answer alike, on the demo catalogue.
async fn conformance(app: &TestApp) {
    // Unaccented, as typed on a phone.
    let r = search(app, "nuoc mam", &[]).await;
    assert_eq!(r["degraded"], false);
    let found = names(&r);
    assert!(
        found
            .iter()
            .all(|n| hangviet::text::fold(n).contains("nuoc mam")),
        "{found:?}"
    );
    let phu_quoc = names(&search(app, "nuoc mam phu quoc", &[]).await);
    assert!(
        phu_quoc[..5]
            .iter()
            .any(|n| n == "Nước mắm Phú Quốc Khải Hoàn 40 độ đạm"),
        "{phu_quoc:?}"
    );
    assert!(
        phu_quoc[..5]
            .iter()
            .all(|n| n.starts_with("Nước mắm Phú Quốc")),
        "whole-name matches first: {phu_quoc:?}"
    );
    assert!(r["total"].as_u64().expect("total") >= 6);
    assert!(
        r["hits"][0]["highlight"]
            .as_str()
            .is_some_and(|h| h.contains("<mark>"))
    );

    // Mixed case and diacritics find the same products.
    let upper = search(app, "NƯỚC MẮM", &[]).await;
    assert_eq!(upper["total"], r["total"]);

    // đ folds to d.
    let d = names(&search(app, "dien quang", &[]).await);
    assert!(
        d.iter().any(|n| n == "Bóng đèn LED Bulb Điện Quang"),
        "{d:?}"
    );
    let rang_dong = names(&search(app, "rang dong", &[]).await);
    assert_eq!(
        rang_dong.first().map(String::as_str),
        Some("Bóng đèn và phích nước Rạng Đông")
    );

    // Craft-village goods.
    let gom = search(app, "gom su bat trang", &[]).await;
    let gom_names = names(&gom);
    assert!(!gom_names.is_empty());
    assert!(
        gom_names.iter().all(|n| n.contains("Bát Tràng")),
        "{gom_names:?}"
    );

    // A typo within the budget (8 letters: one typo) and a half-typed last word.
    let typo = names(&search(app, "vicosapp", &[]).await);
    assert!(typo.iter().any(|n| n == "Dừa sáp sợi VICOSAP"), "{typo:?}");
    let typo = names(&search(app, "sunhouze", &[]).await);
    assert!(typo.iter().any(|n| n == "Đồ gia dụng Sunhouse"), "{typo:?}");
    let prefix = names(&search(app, "gom su bat tra", &[]).await);
    assert!(prefix.iter().any(|n| n.contains("Bát Tràng")), "{prefix:?}");
    let short = names(&search(app, "mat hoa d", &[]).await);
    assert!(short.iter().any(|n| n == "Mật hoa dừa"), "{short:?}");

    // Old province names: Kiên Giang is part of An Giang since 2025.
    let kg = search(app, "Kien Giang", &[]).await;
    assert!(kg["total"].as_u64().expect("total") >= 6);
    for hit in kg["hits"].as_array().expect("hits") {
        assert!(
            hit["province"]
                .as_str()
                .is_some_and(|p| p.contains("Kiên Giang")),
            "{hit}"
        );
    }
    let kg = names(&search(app, "nuoc mam Kien Giang", &[]).await);
    assert!(
        kg.iter().any(|n| n == "Nước mắm Thanh Quốc 43 độ đạm"),
        "{kg:?}"
    );
    let in_kg = search(app, "nuoc mam", &[("province", "kien-giang")]).await;
    assert!(in_kg["total"].as_u64().expect("total") >= 6);
    for hit in in_kg["hits"].as_array().expect("hits") {
        assert!(
            hit["province"]
                .as_str()
                .is_some_and(|p| p.contains("Kiên Giang")),
            "{hit}"
        );
    }
    let in_ag = search(app, "nuoc mam thanh quoc", &[("province", "an-giang")]).await;
    assert!(
        names(&in_ag)
            .iter()
            .any(|n| n == "Nước mắm Thanh Quốc 35 độ đạm")
    );

    // Synonyms: "tp hcm" is Hồ Chí Minh.
    let hcm = search(app, "gao tp hcm", &[]).await;
    assert!(
        names(&hcm)
            .iter()
            .any(|n| n == "Gạo sinh thái tôm lúa Co.op Fitnest"),
        "{hcm}"
    );

    // Facet filters combine and are counted.
    let ocop = search(
        app,
        "nuoc mam",
        &[("programme", "ocop"), ("year", "2022"), ("tier", "5")],
    )
    .await;
    assert!(ocop["total"].as_u64().expect("total") >= 6);
    for hit in ocop["hits"].as_array().expect("hits") {
        let awards = hit["awards"].as_array().expect("awards");
        assert!(
            awards
                .iter()
                .any(|a| a["programme"] == "ocop" && a["year"] == 2022),
            "{hit}"
        );
    }
    assert!(
        ocop["facets"]["category"]["thuc-pham"]
            .as_u64()
            .is_some_and(|n| n >= 6),
        "{}",
        ocop["facets"]
    );
    assert!(
        ocop["facets"]["year"]["2022"].as_u64().is_some(),
        "{}",
        ocop["facets"]
    );
    let in_category = search(app, "", &[("category", "thu-cong-my-nghe")]).await;
    assert!(in_category["total"].as_u64().expect("total") > 50);
    for hit in in_category["hits"].as_array().expect("hits") {
        assert_eq!(hit["category"], "thu-cong-my-nghe");
    }

    // Nothing matches.
    let none = search(app, "xyzzyqwvbn", &[]).await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["degraded"], false);

    // Hostile input is text, never an error.
    let long = "nước mắm ".repeat(230);
    for q in [
        "\"",
        ":",
        "*",
        "\"nuoc\" OR 1=1 --",
        "name:*",
        "<script>",
        "\\",
        "%_%",
        long.as_str(),
    ] {
        let r = search(app, q, &[]).await;
        assert!(r["total"].is_u64(), "{q}");
        assert_eq!(r["degraded"], false, "{q}");
    }
}

#[actix_web::test]
async fn embedded_backend_conformance() {
    let app = TestApp::demo();
    conformance(&app).await;
    paging_and_barcodes(&app).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn meilisearch_backend_conformance() {
    let (url, key) = meili_server().await;
    // The embedded suite's demo catalogue, behind Meilisearch.
    let demo = TestApp::demo();
    let mut index = String::new();
    let app = demo.on_same_database(|s| {
        use_meili(s, url, key);
        index = s.meili_index.clone();
    });
    app.state.search.configure().await.expect("settings");
    let ctx = reference(&app).await;
    app.state
        .search
        .rebuild(&app.state.db, ctx, |_| {})
        .await
        .expect("rebuild");
    conformance(&app).await;
    paging_and_barcodes(&app).await;
    same_answers_as_the_embedded_index(&app, &demo).await;
    drop_meili_index(&index).await;
}

/// Pages split one result list without overlap; a barcode finds its product.
async fn paging_and_barcodes(app: &TestApp) {
    let first = search(app, "tra", &[("per_page", "10")]).await;
    let second = search(app, "tra", &[("per_page", "10"), ("page", "2")]).await;
    let total = first["total"].as_u64().expect("total");
    assert!(total > 20, "{total}");
    assert_eq!(
        second["total"], first["total"],
        "the same total on every page"
    );
    let (a, b) = (slugs(&first), slugs(&second));
    assert_eq!((a.len(), b.len()), (10, 10));
    assert!(
        a.iter().all(|s| !b.contains(s)),
        "pages overlap: {a:?} {b:?}"
    );
    let last_page = total.div_ceil(10);
    let last = search(
        app,
        "tra",
        &[("per_page", "10"), ("page", &last_page.to_string())],
    )
    .await;
    assert_eq!(
        slugs(&last).len() as u64,
        total - (last_page - 1) * 10,
        "the last page holds the rest: totals are exact"
    );

    let (gtin, slug): (String, String) = {
        use hangviet::db::schema::products;
        products::table
            .filter(products::status.eq("published"))
            .filter(products::gtin.is_not_null())
            .order(products::id)
            .select((products::gtin.assume_not_null(), products::slug))
            .first(&mut *app.conn())
            .expect("a demo product with a barcode")
    };
    let by_barcode = search(app, &gtin, &[]).await;
    assert_eq!(by_barcode["degraded"], false);
    assert_eq!(slugs(&by_barcode), vec![slug.clone()], "{gtin}");
    // One wrong digit is another barcode, not a typo.
    let mut wrong = gtin.clone().into_bytes();
    let last = wrong.len() - 1;
    wrong[last] = if wrong[last] == b'9' {
        b'0'
    } else {
        wrong[last] + 1
    };
    let wrong = String::from_utf8(wrong).expect("digits");
    let other = search(app, &format!("{wrong} "), &[]).await;
    assert!(!slugs(&other).contains(&slug), "{wrong}: {other}");
}

fn slugs(answer: &Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["slug"].as_str().expect("slug").to_owned())
        .collect()
}

/// On the same catalogue, Meilisearch and the embedded index give the same answers: the
/// same totals, facet counts and first page, in the same order.
async fn same_answers_as_the_embedded_index(meili: &TestApp, embedded: &TestApp) {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("nuoc mam", &[]),
        ("nuoc mam ", &[]),
        ("NƯỚC MẮM", &[]),
        ("nước mắm phú quốc", &[]),
        ("dien quang", &[]),
        ("điện quang", &[]),
        ("rang dong", &[]),
        ("gom su bat trang", &[]),
        ("gom su bat tra", &[]),
        ("vicosapp", &[]),
        ("vicosap ", &[]),
        ("sunhouze", &[]),
        ("sunhouze ", &[]),
        ("mat hoa d", &[]),
        ("mat hoa d ", &[]),
        ("Kien Giang", &[]),
        ("nuoc mam Kien Giang", &[]),
        ("nuoc mam", &[("province", "kien-giang")]),
        ("nuoc mam thanh quoc", &[("province", "an-giang")]),
        ("gao tp hcm", &[]),
        ("sai gon", &[]),
        ("hn", &[]),
        ("nuoc mam", &[("programme", "ocop"), ("year", "2022")]),
        (
            "nuoc mam",
            &[("programme", "ocop"), ("year", "2022"), ("tier", "5")],
        ),
        ("", &[("category", "thu-cong-my-nghe")]),
        ("", &[]),
        ("tra", &[]),
        ("tra ", &[]),
        ("tra thai nguyen", &[]),
        ("thai nguyen", &[]),
        ("che thai nguyen", &[]),
        ("Chè Thái Nguyên", &[]),
        ("mắm", &[]),
        ("thai ng", &[]),
        ("tp hcm", &[]),
        ("nuoc mam", &[("sort", "ten")]),
        ("banh pia soc trang", &[]),
        ("nuoc xyzzyqwvbn", &[]),
        ("xyzzyqwvbn", &[]),
        ("\"nuoc\" OR 1=1 --", &[]),
    ];
    let mut differ = Vec::new();
    for (q, filters) in cases {
        let m = search(meili, q, filters).await;
        let e = search(embedded, q, filters).await;
        assert_eq!(m["degraded"], false, "{q}");
        assert_eq!(e["degraded"], false, "{q}");
        if m["total"] != e["total"] {
            differ.push(format!(
                "{q:?} {filters:?}: total {} on Meilisearch, {} embedded",
                m["total"], e["total"]
            ));
            continue;
        }
        if m["facets"] != e["facets"] {
            differ.push(format!(
                "{q:?} {filters:?}: facets {} on Meilisearch, {} embedded",
                m["facets"], e["facets"]
            ));
        }
        // The same first page, in the same order: both rank by the same rules and break
        // ties the same way (valid award, tier, year, name). Except after a last word of one
        // or two letters ("mat hoa d", "mat hoa d "): the embedded index looks for a
        // half-typed one right after the word before only, where Meilisearch also measures
        // how far the words it may begin are, and Meilisearch scores such short words'
        // exactness its own way; such a page has the same products (a short list) in an
        // order that may differ.
        let (mut a, mut b) = (slugs(&m), slugs(&e));
        let half_typed = q.split_whitespace().count() > 1
            && q.split_whitespace()
                .last()
                .is_some_and(|w| w.chars().count() <= 2);
        if half_typed {
            if m["total"].as_u64().is_some_and(|t| t > 20) {
                continue;
            }
            a.sort();
            b.sort();
        }
        if a != b {
            differ.push(format!(
                "{q:?} {filters:?}: {a:?} on Meilisearch, {b:?} embedded"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "the backends differ:\n{}",
        differ.join("\n")
    );
}

#[actix_web::test]
async fn exact_diacritics_rank_first_on_the_embedded_backend() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Làng Vòng").insert(&mut conn);
        for name in ["Cơm cháy chà bông", "Bánh cốm Hà Nội", "Com bo qua tang"] {
            let id = ProductBuilder::new(name, producer)
                .status("draft")
                .insert(&mut conn);
            common::set_status(&mut conn, id, ProductStatus::Published);
        }
    }
    assert_eq!(app.sync_search().await, 3);
    let com = names(&search(&app, "cốm", &[]).await);
    assert_eq!(com.len(), 3, "folded matches are all found: {com:?}");
    assert_eq!(com[0], "Bánh cốm Hà Nội");
    let com = names(&search(&app, "cơm", &[]).await);
    assert_eq!(com[0], "Cơm cháy chà bông");
}

/// Publishing, renaming the producer and hiding reach the index through the outbox.
async fn outbox_follows_publish_rename_and_hide(app: &TestApp) {
    let (product, producer) = {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Xưởng Trà Thái").insert(&mut conn);
        let product = ProductBuilder::new("Trà móc câu Tân Cương", producer)
            .status("submitted")
            .category("do-uong")
            .insert(&mut conn);
        (product, producer)
    };
    // The index is in step with the catalogue (nothing published): searches use it.
    let before = search(app, "tra moc cau", &[]).await;
    assert_eq!(before["degraded"], false);
    assert_eq!(before["total"], 0);

    // Publish → searchable.
    common::set_status(&mut app.conn(), product, ProductStatus::Published);
    assert_eq!(SearchOutbox::pending(&mut app.conn()).expect("pending"), 1);
    let lagging = search(app, "tra moc cau", &[]).await;
    assert_eq!(
        (lagging["total"].as_u64(), &lagging["degraded"]),
        (Some(0), &Value::Bool(false)),
        "not before the worker runs"
    );
    assert_eq!(app.sync_search().await, 1);
    assert_eq!(SearchOutbox::pending(&mut app.conn()).expect("pending"), 0);
    // The same words again: the total and the facet counts kept for them (src/search/
    // count_cache.rs) were counted on the index before the change, and are not used.
    let found = search(app, "tra moc cau", &[]).await;
    assert_eq!(found["degraded"], false);
    assert_eq!(names(&found), vec!["Trà móc câu Tân Cương"]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["facets"]["category"]["do-uong"], 1, "{found}");

    // Producer rename → the new name finds it.
    common::rename_producer(&mut app.conn(), producer, "Hợp tác xã Chè Tân Cương");
    app.sync_search().await;
    let renamed = search(app, "hop tac xa che", &[]).await;
    assert_eq!(
        renamed["hits"][0]["producer"]["name"],
        "Hợp tác xã Chè Tân Cương"
    );

    // Unpublish → gone.
    common::set_status(&mut app.conn(), product, ProductStatus::Hidden);
    app.sync_search().await;
    let hidden = search(app, "tra moc cau", &[]).await;
    assert_eq!(hidden["total"], 0);
    assert_eq!(hidden["degraded"], false);
    assert!(
        hidden["facets"]["category"]["do-uong"].is_null(),
        "{hidden}"
    );
    assert_eq!(app.state.search.count().await.expect("count"), 0);
}

#[actix_web::test]
async fn the_outbox_keeps_the_index_in_step() {
    outbox_follows_publish_rename_and_hide(&TestApp::new()).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn the_outbox_keeps_meilisearch_in_step() {
    let (app, index) = meili_app().await;
    outbox_follows_publish_rename_and_hide(&app).await;
    drop_meili_index(&index).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn an_update_never_creates_a_meilisearch_index_without_settings() {
    // The worker could not apply the settings at start (Meilisearch was down); the first
    // outbox update then creates the index: with the settings, or filters would fail.
    let (url, key) = meili_server().await;
    let mut index = String::new();
    let app = TestApp::with_settings(|s| {
        use_meili(s, url, key);
        index = s.meili_index.clone();
    });
    let product = {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("HTX Chè Shan Tuyết").insert(&mut conn);
        ProductBuilder::new("Chè Shan tuyết cổ thụ", producer)
            .status("submitted")
            .category("do-uong")
            .award("ocop", 2024, Some("4"))
            .insert(&mut conn)
    };
    common::set_status(&mut app.conn(), product, ProductStatus::Published);
    assert_eq!(app.sync_search().await, 1);
    let r = search(
        &app,
        "che shan tuyet",
        &[
            ("category", "do-uong"),
            ("programme", "ocop"),
            ("year", "2024"),
        ],
    )
    .await;
    assert_eq!(r["degraded"], false, "{r}");
    assert_eq!(names(&r), vec!["Chè Shan tuyết cổ thụ"]);
    assert_eq!(r["facets"]["tier"]["4"], 1, "{r}");
    drop_meili_index(&index).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn meilisearch_settings_are_sent_only_when_the_index_lacks_them() {
    // Meilisearch reindexes everything on any settings update, unchanged or not: a minute
    // at a million products, with no change indexed meanwhile. A start must not cause one.
    let (app, index) = meili_app().await; // sends them to the new index
    let (url, key) = meili_server().await;
    let client = meilisearch_sdk::client::Client::new(url, key).expect("client");
    let tasks = || async {
        let mut query = meilisearch_sdk::tasks::TasksSearchQuery::new(&client);
        query
            .with_index_uids([index.as_str()])
            .with_types(["settingsUpdate"]);
        client
            .get_tasks_with(&query)
            .await
            .expect("tasks")
            .results
            .len()
    };
    let sent = tasks().await;
    assert!(sent >= 1);
    assert!(!app.state.search.configure().await.expect("configure"));
    assert_eq!(tasks().await, sent, "unchanged settings were sent again");

    // Someone changed one setting by hand: the next start puts it back.
    let task = client
        .index(&index)
        .set_ranking_rules(["words", "typo"])
        .await
        .expect("set ranking rules");
    task.wait_for_completion(&client, None, Some(Duration::from_secs(60)))
        .await
        .expect("ranking rules applied");
    assert!(app.state.search.configure().await.expect("configure"));
    let rules = client
        .index(&index)
        .get_ranking_rules()
        .await
        .expect("ranking rules");
    assert_eq!(rules.first().map(String::as_str), Some("sort"), "{rules:?}");
    assert!(!app.state.search.configure().await.expect("configure"));
    drop_meili_index(&index).await;
}

/// Polls until `q` is answered from the index (not degraded) with `expected`, for at most
/// a minute: the background worker's pace, not a fixed sleep.
async fn until_indexed(app: &TestApp, q: &str, filters: &[(&str, &str)], expected: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = search(app, q, filters).await;
        if r["degraded"] == false && names(&r) == expected {
            return;
        }
        assert!(Instant::now() < deadline, "still not indexed: {r}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn the_worker_rebuilds_a_meilisearch_index_that_was_lost() {
    let (app, index) = meili_app().await;
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Làng nghề Bánh tráng Trảng Bàng").insert(&mut conn);
        ProductBuilder::new("Bánh tráng phơi sương Trảng Bàng", producer).insert(&mut conn);
    }
    let expected = ["Bánh tráng phơi sương Trảng Bàng"];
    hangviet::search::spawn_worker(
        app.state.clone().into_inner(),
        hangviet::app::AppState::search_worker,
    );
    until_indexed(&app, "banh trang", &[], &expected).await;

    // The server restarts with an empty data directory: searches degrade, then the worker
    // rebuilds the index, settings included (the filter works).
    drop_meili_index(&index).await;
    let r = search(&app, "banh trang", &[]).await;
    assert_eq!(r["degraded"], true);
    assert_eq!(names(&r), expected);
    until_indexed(&app, "banh trang", &[("category", "thuc-pham")], &expected).await;
    drop_meili_index(&index).await;
}

/// The start-up check rebuilds an index that disagrees with the database; then it is in step.
async fn mismatch_is_rebuilt(app: &TestApp) {
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Cơ sở Mắm Cái").insert(&mut conn);
        ProductBuilder::new("Mắm cá linh", producer).insert(&mut conn);
        ProductBuilder::new("Mắm nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let ctx = reference(app).await;
    assert!(
        app.state
            .search
            .ensure_in_sync(&app.state.db, ctx.clone())
            .await
            .expect("check")
    );
    assert_eq!(
        app.state.search.count().await.expect("count"),
        1,
        "only the published product"
    );
    assert!(
        !app.state
            .search
            .ensure_in_sync(&app.state.db, ctx.clone())
            .await
            .expect("check"),
        "in step now"
    );
    let r = search(app, "mam ca linh", &[]).await;
    assert_eq!(r["degraded"], false);
    assert_eq!(names(&r), vec!["Mắm cá linh"]);
    // A second rebuild replaces the index whole, and keeps its settings (filters work).
    app.state
        .search
        .rebuild(&app.state.db, ctx, |_| {})
        .await
        .expect("rebuild");
    let r = search(app, "mam", &[("category", "thuc-pham")]).await;
    assert_eq!(r["degraded"], false);
    assert_eq!(names(&r), vec!["Mắm cá linh"]);
    assert_eq!(app.state.search.count().await.expect("count"), 1);
}

#[actix_web::test]
async fn a_mismatched_index_is_rebuilt_at_start() {
    mismatch_is_rebuilt(&TestApp::new()).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn a_mismatched_meilisearch_index_is_rebuilt_at_start() {
    let (app, index) = meili_app().await;
    mismatch_is_rebuilt(&app).await;
    // The rebuild's scratch index is gone.
    let url = std::env::var("MEILI_URL").expect("MEILI_URL");
    let key = std::env::var("MEILI_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let client = meilisearch_sdk::client::Client::new(url, key).expect("client");
    assert!(client.get_index(format!("{index}-rebuild")).await.is_err());
    drop_meili_index(&index).await;
}

/// Issue 9, 1.12: on a fresh start the index is empty until the start-up rebuild ends; a
/// search meanwhile must not answer "nothing" as if that were the truth. It answers from the
/// database, marked degraded, and from the index once it is built.
async fn fresh_index_answers_from_the_database(app: &TestApp) {
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Công ty Nước Mắm Cát Hải").insert(&mut conn);
        ProductBuilder::new("Nước mắm Cát Hải", producer).insert(&mut conn);
        ProductBuilder::new("Nước mắm cốt nhĩ Cát Hải", producer).insert(&mut conn);
        ProductBuilder::new("Nước mắm nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let expected = vec![
        "Nước mắm Cát Hải".to_owned(),
        "Nước mắm cốt nhĩ Cát Hải".to_owned(),
    ];
    let sorted = |answer: &Value| {
        let mut n = names(answer);
        n.sort();
        n
    };
    let first = search(app, "nuoc mam", &[]).await;
    assert_eq!(first["degraded"], true, "{first}");
    assert_eq!(sorted(&first), expected);
    assert!(!app.state.search.is_ready());

    // Searches racing the start-up check and rebuild: every answer holds the products.
    let ctx = reference(app).await;
    let prepare = app.state.search.prepare(&app.state.db, ctx);
    let searches = async {
        let mut answers = Vec::new();
        while !app.state.search.is_ready() {
            answers.push(search(app, "nuoc mam", &[]).await);
        }
        answers
    };
    let (prepared, answers) = futures_util::future::join(prepare, searches).await;
    prepared.expect("prepare");
    for answer in &answers {
        assert_eq!(sorted(answer), expected, "{answer}");
    }
    let built = search(app, "nuoc mam", &[]).await;
    assert_eq!(built["degraded"], false);
    assert_eq!(sorted(&built), expected);
}

#[actix_web::test]
async fn a_fresh_index_answers_from_the_database_until_built() {
    fresh_index_answers_from_the_database(&TestApp::new()).await;
}

#[actix_web::test]
#[ignore = "needs a Meilisearch server: MEILI_URL (and MEILI_API_KEY)"]
async fn a_fresh_meilisearch_index_answers_from_the_database_until_built() {
    let (app, index) = meili_app().await;
    fresh_index_answers_from_the_database(&app).await;
    drop_meili_index(&index).await;
}

#[actix_web::test]
async fn an_unreachable_backend_degrades_to_the_database() {
    // Nothing listens on port 1: every Meilisearch call fails at once.
    let app = TestApp::with_settings(|s| s.meili_url = Some("http://127.0.0.1:1".to_owned()));
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Công ty Nước Mắm Cát Hải")
            .province("Hải Phòng")
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm Cát Hải", producer)
            .award("ocop", 2023, Some("4"))
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let r = search(&app, "nuoc mam", &[]).await;
    assert_eq!(r["degraded"], true);
    assert_eq!(names(&r), vec!["Nước mắm Cát Hải"]);
    let filtered = search(
        &app,
        "nuoc mam",
        &[("programme", "ocop"), ("province", "hai-phong")],
    )
    .await;
    assert_eq!(filtered["total"], 1);
    let page = app.page("/tim-kiem?q=nuoc+mam").await;
    assert!(page.body.contains("chế độ dự phòng"), "notice on the page");
    assert!(page.body.contains("<mark>Nước</mark>"));
    let suggest = app.json("/api/v1/suggest?q=nuoc").await;
    assert_eq!(suggest["degraded"], true);
    assert!(suggest["items"].as_array().is_some_and(|i| !i.is_empty()));
    // The catalogue never needs the search service, and the site stays healthy.
    assert_eq!(app.page("/san-pham").await.card_count(), 1);
    let health = app.json_from_loopback("/healthz").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["search"]["backend"], "meilisearch");
    assert_eq!(health["search"]["ok"], false);
}

#[actix_web::test]
async fn a_backend_that_never_answers_degrades_within_the_budget() {
    // A listener that takes connections and never answers: a hung (SIGSTOPped) server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("address").port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = connections.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            seen.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    let app = TestApp::with_settings(|s| s.meili_url = Some(format!("http://127.0.0.1:{port}")));
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Lò Gốm Chu Đậu").insert(&mut conn);
        ProductBuilder::new("Gốm Chu Đậu men rạn", producer).insert(&mut conn);
    }
    for n in 0..6 {
        let started = Instant::now();
        let r = search(&app, "gom chu dau", &[]).await;
        let elapsed = started.elapsed();
        assert_eq!(r["degraded"], true);
        assert_eq!(names(&r), vec!["Gốm Chu Đậu men rạn"]);
        assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
        if n == 0 {
            // The first search waits for the backend's share of the budget.
            assert!(
                elapsed >= hangviet::search::SEARCH_TIMEOUT / 2,
                "{elapsed:?}"
            );
        }
    }
    // The others skipped the hung server instead of each waiting for it again.
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    let page = app.page("/tim-kiem?q=gom+chu+dau").await;
    assert!(page.body.contains("chế độ dự phòng"), "notice on the page");
}

#[actix_web::test]
async fn a_missing_index_degrades_too() {
    let app = TestApp::with_settings(|s| {
        // A file where the index directory should be: the index cannot open.
        std::fs::create_dir_all(&s.data_dir).expect("dir");
        std::fs::write(s.search_dir(), b"not a directory").expect("file");
    });
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Lò Gốm").insert(&mut conn);
        ProductBuilder::new("Gốm sứ Bát Tràng men lam", producer).insert(&mut conn);
    }
    let r = search(&app, "gom su", &[]).await;
    assert_eq!(r["degraded"], true);
    assert_eq!(r["total"], 1);
}

#[actix_web::test]
async fn search_page_highlights_filters_and_paginates() {
    let app = TestApp::demo();
    let page = app.page("/tim-kiem?q=nuoc+mam").await;
    assert!(page.body.contains("<mark>Nước</mark> <mark>mắm</mark>"));
    assert!(page.body.contains("Nhóm hàng"), "facets");
    assert!(
        page.body
            .contains("href=\"/tim-kiem?q=nuoc+mam&amp;category=thuc-pham\""),
        "facet link keeps q"
    );
    assert!(!page.body.contains("chế độ dự phòng"));
    let broad = app.page("/tim-kiem?q=tra").await;
    assert!(
        broad.body.contains("href=\"/tim-kiem?q=tra&amp;page=2\""),
        "pagination keeps q"
    );
    let empty = app.page("/tim-kiem?q=xyzzyqwvbn").await;
    assert!(empty.body.contains("Không tìm thấy sản phẩm nào"));
    assert!(
        empty.body.contains("/danh-muc/thuc-pham"),
        "suggests where to look"
    );
    assert_eq!(
        app.get("/tim-kiem?q=tra&page=9999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/tim-kiem?q=tra&year=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/search?q=tra&year=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    let hostile = app
        .page("/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert!(!hostile.body.contains("<script>alert(1)"));
}

#[actix_web::test]
async fn suggestions_mix_products_producers_and_categories() {
    let app = TestApp::demo();
    let s = app.json("/api/v1/suggest?q=nuoc+mam").await;
    let items = s["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.len() <= 8);
    assert!(items.iter().any(|i| {
        i["kind"] == "product"
            && i["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("/san-pham/"))
    }));
    let cat = app.json("/api/v1/suggest?q=do+uong").await;
    assert!(
        cat["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["kind"] == "category" && i["url"] == "/danh-muc/do-uong")
    );
    let producer = app.json("/api/v1/suggest?q=khai+hoan").await;
    assert!(
        producer["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["kind"] == "producer")
    );
    let tiny = app.json("/api/v1/suggest?q=a").await;
    assert_eq!(tiny["items"].as_array().map(Vec::len), Some(0));
}
