//! Real data first: the real award list imports as it is through the officials' web import
//! and the command line, twice with no change the second time; bad lines are named by their
//! spreadsheet line; an empty province is accepted and shown as not yet known; long source
//! addresses are accepted up to 2,000 characters; generated records say "Dữ liệu minh họa"
//! everywhere; `serve --demo` loads only real records.

use crate::common;

use std::hash::{Hash, Hasher};

use actix_web::http::StatusCode;
use common::browser::Browser;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::models::audit::{Actor, AuditTarget};
use hangviet::db::schema::{awards, producers, products};
use hangviet::i18n::Locale;
use hangviet::import::{self, ImportError};
use hangviet::reference::CardContext;

const REAL: &[u8] = include_bytes!("../../src/demo/real-awards.csv");
const REAL_LINES: usize = 358;
const HEADER: &str = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url";

/// Rows per table and a checksum of every producer, product and award row as stored.
fn snapshot(app: &TestApp) -> (usize, usize, usize, u64) {
    let mut conn = app.conn();
    type ProducerRow = (
        i32,
        String,
        String,
        Option<i32>,
        Option<i32>,
        chrono::NaiveDateTime,
    );
    let producer_rows: Vec<ProducerRow> = producers::table
        .order(producers::id)
        .select((
            producers::id,
            producers::slug,
            producers::name,
            producers::province_id,
            producers::province_alias_id,
            producers::updated_at,
        ))
        .load(&mut *conn)
        .expect("producers");
    let product_rows: Vec<(i32, String, String, i32, chrono::NaiveDateTime)> = products::table
        .order(products::id)
        .select((
            products::id,
            products::slug,
            products::name,
            products::category_id,
            products::updated_at,
        ))
        .load(&mut *conn)
        .expect("products");
    type AwardRow = (
        i32,
        Option<i32>,
        String,
        i32,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDate>,
        Option<String>,
    );
    let award_rows: Vec<AwardRow> = awards::table
        .order(awards::id)
        .select((
            awards::id,
            awards::product_id,
            awards::programme,
            awards::year,
            awards::tier,
            awards::certificate_no,
            awards::valid_until,
            awards::source_url,
        ))
        .load(&mut *conn)
        .expect("awards");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    producer_rows.hash(&mut hasher);
    product_rows.hash(&mut hasher);
    award_rows.hash(&mut hasher);
    (
        producer_rows.len(),
        product_rows.len(),
        award_rows.len(),
        hasher.finish(),
    )
}

fn run(app: &TestApp, bytes: &[u8]) -> Result<import::ImportReport, ImportError> {
    let mut conn = app.conn();
    let ctx = CardContext::load(&mut conn).expect("reference");
    let parsed = import::parse(bytes, &ctx);
    import::apply(
        &mut conn,
        &parsed,
        &Actor::cli(),
        &AuditTarget::ImportFile("test.csv".to_owned()),
        false,
        &|| {},
    )
}

/// Errors of `bytes` as (line, Vietnamese message).
fn errors_of(app: &TestApp, bytes: &[u8]) -> Vec<(u64, String)> {
    let mut conn = app.conn();
    let ctx = CardContext::load(&mut conn).expect("reference");
    import::parse(bytes, &ctx)
        .errors
        .iter()
        .map(|e| (e.line, e.message(Locale::Vi)))
        .collect()
}

/// Uploads `bytes` through `/quan-tri/giai-thuong/nhap` and confirms the preview; returns
/// the preview page's body.
async fn web_import(app: &TestApp, browser: &mut Browser<'_>, token: &str, bytes: &[u8]) -> String {
    let uploaded = browser
        .post_multipart(
            "/quan-tri/giai-thuong/nhap",
            &[
                ("csrf_token", None, token.as_bytes()),
                ("file", Some("real-awards.csv"), bytes),
            ],
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let preview_path = uploaded.header("location").to_owned();
    let preview = browser.get(&preview_path).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        !preview.body.contains("id=\"loi\""),
        "the real file has no bad line: {}",
        preview.body
    );
    let confirmed = browser
        .submit(&preview_path, &format!("{preview_path}/xac-nhan"), &[])
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let _ = app;
    preview.body
}

#[actix_web::test]
async fn the_real_file_imports_through_the_web_twice_and_changes_nothing_the_second_time() {
    let app = TestApp::new();
    let official = app.member("can-bo@hanoi.gov.vn", "official");
    let mut browser = app.browser_of(&official);
    web_import(&app, &mut browser, &official.csrf_token, REAL).await;
    let first = snapshot(&app);
    assert_eq!(first.2, REAL_LINES, "one award per line");
    assert!(first.1 > 300, "products: {}", first.1);

    let preview = web_import(&app, &mut browser, &official.csrf_token, REAL).await;
    assert_eq!(snapshot(&app), first, "the second import changed rows");
    assert!(
        preview.contains(&REAL_LINES.to_string()),
        "the preview counts the unchanged awards"
    );
}

#[test]
fn the_real_file_imports_through_the_cli_twice_and_changes_nothing_the_second_time() {
    let app = TestApp::new();
    let file = app.dir.path().join("real-awards.csv");
    std::fs::write(&file, REAL).expect("write");
    let import = || {
        let out = app
            .cli()
            .arg("import-awards")
            .arg(&file)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first_out = import();
    assert!(
        first_out.contains(&format!("awards {REAL_LINES} new")),
        "{first_out}"
    );
    let first = snapshot(&app);
    assert_eq!(first.2, REAL_LINES);
    let second_out = import();
    assert!(
        second_out.contains(&format!("0 new / 0 updated / {REAL_LINES} unchanged")),
        "{second_out}"
    );
    assert_eq!(snapshot(&app), first);
}

#[test]
fn the_import_code_path_takes_the_real_file_with_zero_errors() {
    let app = TestApp::new();
    assert_eq!(errors_of(&app, REAL), Vec::new());
    let report = run(&app, REAL).expect("imports");
    assert_eq!(report.lines, REAL_LINES);
    assert_eq!(report.awards_created, REAL_LINES);
    let again = run(&app, REAL).expect("imports again");
    assert!(!again.changed_anything(), "{again:?}");
}

#[test]
fn bad_lines_are_numbered_as_a_spreadsheet_shows_them() {
    let app = TestApp::new();
    let good = "ocop,2023,4,Trà sen,HTX Sen Tây Hồ,,do-uong,Hà Nội,,,";
    let good2 = "ocop,2023,4,Trà gừng,HTX Sen Tây Hồ,,do-uong,Hà Nội,,,";
    let bad = "ocop,2023,9,Chè,HTX Chè,,do-uong,Thái Nguyên,,,";
    // Header line 1, good rows on lines 2 and 3, the bad row on line 4.
    let lf = format!("{HEADER}\n{good}\n{good2}\n{bad}\n");
    let crlf = lf.replace('\n', "\r\n");
    let bom = [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat();
    // A quoted cell holding a line break is one spreadsheet row.
    let multiline = format!(
        "{HEADER}\nocop,2023,4,\"Trà sen\nhộp 100 g\",HTX Sen Tây Hồ,,do-uong,Hà Nội,,,\n{good2}\n{bad}\n"
    );
    // A quote inside an unquoted cell is a plain character, not the start of a quoted cell.
    let inner_quote = format!(
        "{HEADER}\nocop,2023,4,Nước mắm \"Hồng\",HTX Sen Tây Hồ,,do-uong,Hà Nội,,,\nocop,2023,4,\"Trà, \"\"gừng\"\"\",HTX Sen Tây Hồ,,do-uong,Hà Nội,,,\n{bad}\n"
    );
    for (name, bytes) in [
        ("quotes inside cells", inner_quote.into_bytes()),
        ("LF", lf.into_bytes()),
        ("CRLF", crlf.clone().into_bytes()),
        ("BOM + CRLF", bom),
        ("line break in a cell", multiline.into_bytes()),
    ] {
        let errors = errors_of(&app, &bytes);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert_eq!(errors[0].0, 4, "{name}: {errors:?}");
        assert!(errors[0].1.contains("“9”"), "{name}: {errors:?}");
    }
    assert_eq!(snapshot(&app).2, 0, "nothing imported");

    // The command line names the same line.
    let file = app.dir.path().join("bad.csv");
    std::fs::write(&file, crlf).expect("write");
    let out = app
        .cli()
        .arg("import-awards")
        .arg(&file)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dòng 4:"), "{stderr}");
    assert!(!stderr.contains("dòng 3:"), "{stderr}");
    assert_eq!(snapshot(&app).2, 0, "nothing imported");
}

#[actix_web::test]
async fn an_empty_province_is_accepted_and_shown_as_not_yet_known() {
    let app = TestApp::new();
    let file = format!(
        "{HEADER}\nthqg,2020,,Gạo ST25 Quốc Gia,Công ty Gạo Toàn Quốc,,thuc-pham,,,,\nocop,2023,4,Trà sen Tây Hồ,HTX Sen Tây Hồ,,do-uong,Hà Nội,,,\n"
    );
    let report = run(&app, file.as_bytes()).expect("imports");
    assert_eq!(report.awards_created, 2);
    let province: Option<i32> = producers::table
        .filter(producers::name.eq("Công ty Gạo Toàn Quốc"))
        .select(producers::province_id)
        .first(&mut *app.conn())
        .expect("producer");
    assert_eq!(province, None, "never guessed");

    let slug: String = products::table
        .filter(products::name.eq("Gạo ST25 Quốc Gia"))
        .select(products::slug)
        .first(&mut *app.conn())
        .expect("product");
    let page = app.page(&format!("/san-pham/{slug}")).await;
    assert!(page.body.contains("Chưa rõ tỉnh/thành"), "product page");
    let en = app.page(&format!("/en/san-pham/{slug}")).await;
    assert!(en.body.contains("Province not yet known"), "English page");
    let producer = app.page("/nha-san-xuat/cong-ty-gao-toan-quoc").await;
    assert!(
        producer.body.contains("Chưa rõ tỉnh/thành"),
        "producer page"
    );
    let catalogue = app.page("/san-pham").await;
    assert!(catalogue.body.contains("Chưa rõ tỉnh/thành"), "card");

    // Excluded from province filters, in the catalogue, the directory and the API.
    let hanoi = app.page("/san-pham?province=ha-noi").await;
    assert!(hanoi.body.contains("Trà sen Tây Hồ"));
    assert!(!hanoi.body.contains("Gạo ST25 Quốc Gia"));
    let api = app.json(&format!("/api/v1/products/{slug}")).await;
    assert!(api["producer"]["province"].is_null(), "{api}");
    let api = app.json("/api/v1/producers/cong-ty-gao-toan-quoc").await;
    assert!(api["province"].is_null(), "{api}");

    // Search: the hit says not known; the province facet counts only the known one.
    app.sync_search().await;
    let hits = app.json("/api/v1/search?q=gao+st25").await;
    assert_eq!(hits["hits"][0]["slug"], slug.as_str(), "{hits}");
    assert!(hits["hits"][0]["province"].is_null(), "{hits}");
    let all = app.json("/api/v1/search?q=").await;
    let facet = all["facets"]["province"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let counted: i64 = facet.values().filter_map(serde_json::Value::as_i64).sum();
    assert_eq!(counted, 1, "only the producer with a province: {facet:?}");
    let results = app.page("/tim-kiem?q=gao+st25").await;
    assert!(results.body.contains("Chưa rõ tỉnh/thành"), "search hit");
}

#[test]
fn source_urls_up_to_2000_characters_are_accepted_and_longer_ones_refused_with_the_limit() {
    let app = TestApp::new();
    let url = |length: usize| {
        let base = "https://vietnam.vn/ocop?p=";
        format!("{base}{}", "9".repeat(length - base.len()))
    };
    let line = |u: &str| format!("{HEADER}\nocop,2024,5,Trà sen,HTX Sen,,do-uong,Hà Nội,,,{u}\n");

    let too_long = url(2_001);
    let errors = errors_of(&app, line(&too_long).as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, 2);
    assert!(
        errors[0].1.contains("2001") || errors[0].1.contains("2.001"),
        "{errors:?}"
    );
    assert!(
        errors[0].1.contains("2000") || errors[0].1.contains("2.000"),
        "the limit is named: {errors:?}"
    );
    assert!(
        !errors[0].1.contains("http://"),
        "not a blanket scheme error"
    );
    assert!(matches!(
        run(&app, line(&too_long).as_bytes()),
        Err(ImportError::Invalid(_))
    ));
    assert_eq!(snapshot(&app).2, 0, "nothing stored");

    let spaced = errors_of(&app, line("https://vietnam.vn/a b").as_bytes());
    assert!(spaced[0].1.contains("dấu cách"), "{spaced:?}");
    let ftp = errors_of(&app, line("ftp://vietnam.vn/a").as_bytes());
    assert!(ftp[0].1.contains("http://"), "{ftp:?}");

    let fits = url(1_999);
    run(&app, line(&fits).as_bytes()).expect("a 1,999-character source imports");
    let stored: Option<String> = awards::table
        .select(awards::source_url)
        .first(&mut *app.conn())
        .expect("award");
    assert_eq!(stored.as_deref(), Some(fits.as_str()));
}

#[actix_web::test]
async fn fictional_records_say_so_on_every_surface() {
    let app = TestApp::new();
    let (real_slug, fake_slug) = {
        let mut conn = app.conn();
        let real = ProducerBuilder::new("HTX Sen Tây Hồ").insert(&mut conn);
        ProductBuilder::new("Trà sen Tây Hồ", real)
            .slug("tra-sen-tay-ho")
            .award("ocop", 2023, Some("4"))
            .insert(&mut conn);
        let fake = ProducerBuilder::new("Công ty TNHH Minh Phát")
            .fictional()
            .insert(&mut conn);
        ProductBuilder::new("Nước mắm Minh Phát", fake)
            .slug("nuoc-mam-minh-phat")
            .fictional()
            .award("ocop", 2024, Some("3"))
            .insert(&mut conn);
        ("tra-sen-tay-ho", "nuoc-mam-minh-phat")
    };
    let mark = "Dữ liệu minh họa";
    let tag = "tag--fictional";

    let catalogue = app.page("/san-pham").await;
    assert_eq!(
        catalogue.body.matches(tag).count(),
        1,
        "only the fictional card"
    );
    assert!(catalogue.body.contains(mark));
    let fake = app.page(&format!("/san-pham/{fake_slug}")).await;
    assert!(
        fake.body.contains(tag) && fake.body.contains(mark),
        "product page"
    );
    let real = app.page(&format!("/san-pham/{real_slug}")).await;
    assert!(!real.body.contains(tag), "a real product is not marked");
    let producer = app.page("/nha-san-xuat/cong-ty-tnhh-minh-phat").await;
    assert!(producer.body.contains(tag), "producer page");
    let en = app.page(&format!("/en/san-pham/{fake_slug}")).await;
    assert!(en.body.contains("Illustrative data"), "English");

    app.sync_search().await;
    let results = app.page("/tim-kiem?q=nuoc+mam+minh+phat").await;
    assert!(results.body.contains(tag), "search hit");

    let product = app.json(&format!("/api/v1/products/{fake_slug}")).await;
    assert_eq!(product["fictional"], true);
    assert_eq!(product["notice"], mark);
    let real_json = app.json(&format!("/api/v1/products/{real_slug}")).await;
    assert_eq!(real_json["fictional"], false);
    assert!(real_json.get("notice").is_none());
    let list = app.json("/api/v1/products").await;
    let listed = list.to_string();
    assert!(
        listed.contains("\"fictional\":true") && listed.contains(mark),
        "{listed}"
    );
    let producer = app.json("/api/v1/producers/cong-ty-tnhh-minh-phat").await;
    assert_eq!(producer["fictional"], true);
    let search = app.json("/api/v1/search?q=nuoc+mam+minh+phat").await;
    assert_eq!(search["hits"][0]["fictional"], true, "{search}");
    assert_eq!(search["hits"][0]["notice"], mark);

    let feed = app.page("/feed.xml").await;
    assert!(
        feed.body.contains("Nước mắm Minh Phát (Dữ liệu minh họa)"),
        "{}",
        feed.body
    );
    assert!(!feed.body.contains("Trà sen Tây Hồ (Dữ liệu minh họa)"));
}

#[test]
fn serve_demo_loads_only_the_real_records() {
    let app = TestApp::new();
    let report = hangviet::demo::seed_if_empty(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
    )
    .expect("seeds")
    .expect("the database was empty");
    assert_eq!(report.awards, REAL_LINES + 27);
    let mut conn = app.conn();
    let fictional_products: i64 = products::table
        .filter(products::is_demo.eq(true))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    let fictional_producers: i64 = producers::table
        .filter(producers::is_demo.eq(true))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!((fictional_products, fictional_producers), (0, 0));
    let total: i64 = products::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(usize::try_from(total).expect("count"), report.products);
    assert!((350..=385).contains(&total), "real products: {total}");
    let unsourced: i64 = awards::table
        .filter(awards::source_url.is_null())
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(unsourced, 0, "every real award cites its source");
    drop(conn);

    // The home page's shelves hold real winners only, and none is empty.
    assert!(report.collections >= 1, "{report:?}");
    let home = actix_web::rt::System::new().block_on(app.page("/"));
    assert!(home.body.contains("OCOP 5 sao"), "a real shelf");
    assert!(!home.body.contains("tag--fictional"));
    assert!(home.card_count() >= 12, "cards: {}", home.card_count());
}

#[test]
fn generated_records_carry_obviously_fake_certificates_and_phones() {
    let app = TestApp::new();
    let report = hangviet::demo::seed_products(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
        500,
    )
    .expect("seeds");
    assert_eq!(report.products, 500);
    let mut conn = app.conn();
    let generated: Vec<Option<String>> = awards::table
        .inner_join(products::table)
        .filter(products::is_demo.eq(true))
        .select(awards::certificate_no)
        .load(&mut *conn)
        .expect("awards");
    assert!(!generated.is_empty());
    for c in generated.iter().flatten() {
        assert!(c.starts_with("MINH-HOA-"), "{c}");
    }
    let phones: Vec<String> = producers::table
        .filter(producers::is_demo.eq(true))
        .select(producers::phone)
        .load(&mut *conn)
        .expect("phones");
    assert!(phones.iter().any(|p| !p.is_empty()));
    for p in phones.iter().filter(|p| !p.is_empty()) {
        assert!(p.starts_with("0000 "), "{p}");
    }
    let real: i64 = products::table
        .filter(products::is_demo.eq(false))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(
        usize::try_from(real).expect("count"),
        report.real_products,
        "real records are not flagged"
    );
}

#[test]
fn a_later_list_fills_an_unknown_province_and_then_changes_nothing() {
    let app = TestApp::new();
    let national =
        format!("{HEADER}\nthqg,2020,,Gạo ST25 Quốc Gia,Công ty Gạo Toàn Quốc,,thuc-pham,,,,\n");
    run(&app, national.as_bytes()).expect("imports");
    let province_of = || -> Option<i32> {
        producers::table
            .filter(producers::name.eq("Công ty Gạo Toàn Quốc"))
            .select(producers::province_id)
            .first(&mut *app.conn())
            .expect("producer")
    };
    assert_eq!(province_of(), None);
    let local = format!(
        "{HEADER}\nocop,2023,4,Gạo ST25 Quốc Gia,Công ty Gạo Toàn Quốc,,thuc-pham,Sóc Trăng,,,\n"
    );
    let filled = run(&app, local.as_bytes()).expect("imports");
    assert_eq!(filled.producers_updated, 1);
    assert!(province_of().is_some(), "filled from the list");
    let before = snapshot(&app);
    let again = run(&app, local.as_bytes()).expect("imports again");
    assert!(!again.changed_anything(), "{again:?}");
    assert_eq!(snapshot(&app), before);
    // A list without a province never clears a known one.
    run(&app, national.as_bytes()).expect("imports");
    assert!(province_of().is_some());
}

#[actix_web::test]
async fn the_producer_fills_its_unknown_province_on_the_business_form() {
    use hangviet::db::models::membership::{Membership, MembershipStatus};
    use hangviet::db::models::producer::ProducerId;
    let app = TestApp::new();
    let member = app.member("htx@gao.vn", "business");
    let producer = {
        let mut conn = app.conn();
        let id = ProducerBuilder::new("Công ty Gạo Toàn Quốc")
            .no_province()
            .insert(&mut conn);
        Membership::add(
            &mut conn,
            member.user_id,
            ProducerId(id),
            MembershipStatus::Active,
        )
        .expect("membership");
        id
    };
    let path = format!("/doanh-nghiep/nha-san-xuat/{producer}");
    let mut browser = app.browser_of(&member);
    let form = browser.get(&path).await;
    assert_eq!(
        form.status,
        StatusCode::OK,
        "the form opens without a province"
    );
    let saved = browser
        .submit(
            &path,
            &path,
            &[
                ("name", "Công ty Gạo Toàn Quốc"),
                ("address", "Quốc lộ 1"),
                ("province", "can-tho"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let province: Option<i32> = producers::table
        .find(producer)
        .select(producers::province_id)
        .first(&mut *app.conn())
        .expect("producer");
    assert!(province.is_some(), "filled by the producer");
}
