//! Officials curating the showcase: awards recorded, edited and withdrawn one by one; yearly
//! lists imported from the web (upload → preview → confirm) and exported safely for
//! spreadsheets; featured collections created, scheduled and ordered. Every change writes an
//! audit row; refused ones write none and store nothing.

use crate::common;

use actix_web::http::StatusCode;
use common::world::World;
use common::{Actor, Page, ProducerBuilder, ProductBuilder};
use diesel::prelude::*;
use hangviet::db::schema::{
    award_imports, awards, featured_collection_items, featured_collections, products,
};

const SAMPLE: &[u8] = include_bytes!("../../src/demo/demo-awards.csv");
const HEADER: &str = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url";

async fn post(world: &World, path: &str, fields: &[(&str, &str)]) -> Page {
    let official = world.member(Actor::Official).expect("official");
    let mut all = vec![("csrf_token", official.csrf_token.as_str())];
    all.extend_from_slice(fields);
    world
        .app
        .browser_of(official)
        .post_raw(path, &all, &[("Origin", "http://localhost:8080")])
        .await
}

async fn get(world: &World, path: &str) -> Page {
    let official = world.member(Actor::Official).expect("official");
    world.app.browser_of(official).get(path).await
}

async fn upload(world: &World, name: &str, bytes: &[u8]) -> Page {
    let official = world.member(Actor::Official).expect("official");
    world
        .app
        .browser_of(official)
        .post_multipart(
            "/quan-tri/giai-thuong/nhap",
            &[
                ("csrf_token", None, official.csrf_token.as_bytes()),
                ("file", Some(name), bytes),
            ],
        )
        .await
}

fn audits(world: &World, action: &str) -> i64 {
    crate::common::audit_count(&mut world.app.conn(), action).expect("audit count")
}

/// Rows in a table.
macro_rules! count {
    ($world:expr, $table:expr) => {
        $table
            .count()
            .get_result::<i64>(&mut *$world.app.conn())
            .expect("count")
    };
}

fn published(world: &World, name: &str) -> i32 {
    let mut conn = world.app.conn();
    ProductBuilder::new(name, world.producer_a)
        .status("published")
        .insert(&mut conn)
}

#[actix_web::test]
async fn awards_are_recorded_edited_and_withdrawn_with_audit_rows() {
    let world = World::new();
    let product = published(&world, "Nước mắm cá cơm");
    let of_product = || -> i64 {
        awards::table
            .filter(awards::product_id.eq(product))
            .count()
            .get_result(&mut *world.app.conn())
            .expect("count")
    };
    let base = format!("/quan-tri/san-pham/{product}/giai-thuong");

    // Bad input: every message next to its field, the input kept, nothing stored.
    let bad = post(
        &world,
        &base,
        &[
            ("programme", "ocop"),
            ("year", "1890"),
            ("tier", "7"),
            ("source_url", "javascript:alert(1)"),
            ("certificate_no", "QĐ 123/UBND"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Năm phải từ 1990"), "{}", bad.body);
    assert!(bad.body.contains("không hợp lệ cho ocop"));
    assert!(bad.body.contains("QĐ 123/UBND"), "input kept");
    assert_eq!(of_product(), 0);
    assert_eq!(audits(&world, "record_award"), 0);

    // OCOP without a date: valid for 36 months from the end of the year.
    let ok = post(
        &world,
        &base,
        &[("programme", "ocop"), ("year", "2020"), ("tier", "4")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let (id, valid): (i32, Option<chrono::NaiveDate>) = awards::table
        .filter(awards::product_id.eq(product))
        .select((awards::id, awards::valid_until))
        .first(&mut *world.app.conn())
        .expect("award");
    assert_eq!(valid, chrono::NaiveDate::from_ymd_opt(2023, 12, 31));
    let page = get(&world, &base).await;
    assert!(page.body.contains("Hết hiệu lực"), "expired shown as such");
    let public = world.app.get("/san-pham/nuoc-mam-ca-com").await;
    assert!(public.body.contains(
        "<span class=\"badge__name\">OCOP 4 sao · 2020</span> <span class=\"badge__state\">hết hiệu lực</span>"
    ));

    let twice = post(
        &world,
        &base,
        &[("programme", "ocop"), ("year", "2020"), ("tier", "5")],
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("đã có giải"));
    assert_eq!(of_product(), 1);

    let edit = format!("/quan-tri/giai-thuong/{id}");
    let bad_edit = post(
        &world,
        &edit,
        &[("tier", "9"), ("valid_until", "2027-02-30")],
    )
    .await;
    assert_eq!(bad_edit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_edit.body.contains("Ngày không hợp lệ"));
    let edited = post(
        &world,
        &edit,
        &[
            ("tier", "5"),
            ("valid_until", "2028-06-30"),
            ("certificate_no", "1234/QĐ-UBND"),
        ],
    )
    .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let tier: Option<String> = awards::table
        .find(id)
        .select(awards::tier)
        .first(&mut *world.app.conn())
        .expect("tier");
    assert_eq!(tier.as_deref(), Some("5"));

    let no_reason = post(&world, &format!("{edit}/thu-hoi"), &[("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(of_product(), 1);
    let withdrawn = post(
        &world,
        &format!("{edit}/thu-hoi"),
        &[("reason", "Quyết định thu hồi số 99/QĐ")],
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert_eq!(of_product(), 0);
    let public = world.app.get("/san-pham/nuoc-mam-ca-com").await;
    assert!(!public.body.contains("OCOP 5 sao"), "withdrawn award gone");
    let again = post(&world, &format!("{edit}/thu-hoi"), &[("reason", "lần nữa")]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    for action in ["record_award", "update_award", "withdraw_award"] {
        assert_eq!(audits(&world, action), 1, "{action}");
    }
    let log = get(&world, "/quan-tri/nhat-ky?action=withdraw_award").await;
    assert!(log.body.contains("Quyết định thu hồi số 99/QĐ"));
}

#[actix_web::test]
async fn the_sample_list_is_previewed_then_imported_once_from_the_web() {
    let world = World::new();
    let before = count!(world, awards::table);
    let uploaded = upload(&world, "danh-sach-2025.csv", SAMPLE).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let preview_url = uploaded.header("location").to_owned();
    let preview = get(&world, &preview_url).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Xác nhận nhập"));
    assert!(
        preview
            .body
            .contains("<th scope=\"row\">Giải thưởng mới</th><td>27</td>")
    );
    assert!(preview.body.contains("Nước mắm"), "lines listed");
    assert_eq!(
        count!(world, awards::table),
        before,
        "a preview stores nothing"
    );
    assert_eq!(audits(&world, "import_awards"), 0);

    let confirm = format!("{preview_url}/xac-nhan");
    let done = post(&world, &confirm, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(count!(world, awards::table), before + 27);
    assert_eq!(audits(&world, "import_awards"), 1);
    let after = get(&world, &preview_url).await;
    assert!(after.body.contains("Đã nhập") && !after.body.contains("Xác nhận nhập"));

    // Confirming twice does nothing more.
    let twice = post(&world, &confirm, &[]).await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(audits(&world, "import_awards"), 1);

    // The same list again: everything matched, nothing changes.
    let products_before = count!(world, products::table);
    let again = upload(&world, "danh-sach-2025.csv", SAMPLE).await;
    let again_url = again.header("location").to_owned();
    let preview = get(&world, &again_url).await;
    assert!(
        preview
            .body
            .contains("<th scope=\"row\">Giải thưởng đã có, không đổi</th><td>27</td>")
    );
    // A file that changes nothing offers no confirmation, and says so.
    assert!(preview.body.contains("Tệp này không thay đổi gì"));
    assert!(preview.body.contains("id=\"no-change\""));
    assert!(!preview.body.contains("/xac-nhan"), "no confirm button");
    assert!(!preview.body.contains("id=\"confirm\""));
    post(&world, &format!("{again_url}/xac-nhan"), &[]).await;
    assert_eq!(count!(world, awards::table), before + 27);
    assert_eq!(count!(world, products::table), products_before);
}

#[actix_web::test]
async fn a_broken_list_shows_every_bad_line_and_cannot_be_confirmed() {
    let world = World::new();
    let file = format!(
        "{HEADER}\n\
         hvn-yeu-thich,2025,top1,Trà xanh,Công ty Chè Tân Cương,,thuc-pham-che-bien,Thái Nguyên,,,\n\
         vang-bac,2025,,Nhẫn,Tiệm Vàng,,thu-cong-my-nghe,Hà Nội,,,\n\
         ocop,2025,7,Mật ong,HTX Ong,,thuc-pham-che-bien,Hà Giang,,,\n\
         hvnclc,2025,,Bánh,Công ty Bánh,12345,banh-keo,Hà Nội,,,\n"
    );
    let before = (count!(world, awards::table), count!(world, products::table));
    let uploaded = upload(&world, "loi.csv", file.as_bytes()).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    let url = uploaded.header("location").to_owned();
    let preview = get(&world, &url).await;
    assert!(
        preview.body.contains("Tệp có 3 lỗi") || preview.body.contains("lỗi nên chưa thể nhập")
    );
    for (line, words) in [
        (3, "chương trình “vang-bac” không có"),
        (4, "hạng “7” không hợp lệ cho ocop"),
        (5, "mã số thuế “12345”"),
    ] {
        assert!(
            preview.body.contains(&format!("<td>{line}</td><td>")) && preview.body.contains(words),
            "line {line}: {words}"
        );
    }
    assert!(!preview.body.contains("Xác nhận nhập"));
    let refused = post(&world, &format!("{url}/xac-nhan"), &[]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (count!(world, awards::table), count!(world, products::table)),
        before,
        "nothing imported"
    );
    assert_eq!(audits(&world, "import_awards"), 0);
    let content: String = award_imports::table
        .filter(award_imports::file_name.eq("loi.csv"))
        .select(award_imports::content)
        .first(&mut *world.app.conn())
        .expect("staged");
    assert!(content.is_empty(), "a broken file is not kept for import");

    // Not a CSV at all, and an empty upload.
    let binary = upload(&world, "anh.jpg", &[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]).await;
    let binary = get(&world, binary.header("location")).await;
    assert!(binary.body.contains("thiếu cột"), "{}", binary.body);
    assert_eq!(
        upload(&world, "rong.csv", b"").await.status,
        StatusCode::BAD_REQUEST
    );
}

/// 12345 → "12.345", as Vietnamese writes thousands.
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[actix_web::test]
async fn a_megabyte_of_bad_lines_stores_and_shows_a_bounded_list_with_the_full_count() {
    let world = World::new();
    let mut file = format!("{HEADER}\n");
    let mut lines = 0_i64;
    while file.len() < 1024 * 1024 {
        lines += 1;
        // Two mistakes a line: an unknown programme and an unknown province.
        file.push_str(&format!(
            "vang-bac,2024,,Nhẫn bạc số {lines},Tiệm Bạc {lines},,thu-cong-my-nghe,Sao Hỏa,,,\n"
        ));
    }
    let before = (
        count!(world, awards::table),
        count!(world, products::table),
        audits(&world, "import_awards"),
    );
    let uploaded = upload(&world, "hong.csv", file.as_bytes()).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let (preview, error_count, content): (String, i32, String) = award_imports::table
        .filter(award_imports::file_name.eq("hong.csv"))
        .select((
            award_imports::preview,
            award_imports::error_count,
            award_imports::content,
        ))
        .first(&mut *world.app.conn())
        .expect("staged");
    assert_eq!(i64::from(error_count), 2 * lines, "every error is counted");
    assert!(
        preview.len() < 100 * 1024,
        "stored preview of {} bytes for {lines} bad lines",
        preview.len()
    );
    assert!(content.is_empty());
    let page = get(&world, uploaded.header("location")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.len() < 200 * 1024,
        "preview page of {} bytes",
        page.body.len()
    );
    assert!(page.body.matches("không có").count() >= 100);
    let shown = page.body.matches("<tr><td>").count() as i64;
    assert!(shown <= 200, "{shown} errors listed");
    let rest = format!("và {} lỗi khác", thousands(2 * lines - shown));
    assert!(page.body.contains(&rest), "{rest} in the page");
    assert!(
        page.body
            .contains(&format!("Tệp có {} lỗi", thousands(2 * lines))),
        "the total is shown"
    );
    assert!(!page.body.contains("Xác nhận nhập"));
    assert_eq!(
        (
            count!(world, awards::table),
            count!(world, products::table),
            audits(&world, "import_awards"),
        ),
        before,
        "nothing imported"
    );
}

#[actix_web::test]
async fn exports_defuse_formulas_and_import_back_unchanged() {
    let world = World::new();
    let producer = {
        let mut conn = world.app.conn();
        ProducerBuilder::new("+cmd|' /C calc'!A0").insert(&mut conn)
    };
    let product = {
        let mut conn = world.app.conn();
        ProductBuilder::new("=HYPERLINK(\"http://evil.example\",\"Bấm\")", producer)
            .status("published")
            .award("hvnclc", 2024, None)
            .insert(&mut conn)
    };
    {
        let mut conn = world.app.conn();
        ProductBuilder::new("@SUM(1+1)", producer)
            .status("published")
            .award("hvnclc", 2024, None)
            .insert(&mut conn);
        ProductBuilder::new("-2+3", producer)
            .status("published")
            .award("hvnclc", 2024, None)
            .insert(&mut conn);
    }
    assert!(product > 0);
    let csv = get(
        &world,
        "/quan-tri/giai-thuong/xuat.csv?programme=hvnclc&year=2024",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.expect("record").iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula-like cell: {cell:?}"
            );
            cells += 1;
        }
    }
    assert_eq!(cells, 3 * 11);
    assert!(csv.body.contains("'=HYPERLINK") && csv.body.contains("'@SUM"));
    assert!(csv.body.contains("'-2+3") && csv.body.contains("'+cmd"));

    // The export is the import format: importing it back changes nothing.
    let before = count!(world, products::table);
    let uploaded = upload(&world, "xuat.csv", csv.body.as_bytes()).await;
    let preview = get(&world, uploaded.header("location")).await;
    assert!(
        preview
            .body
            .contains("<th scope=\"row\">Giải thưởng đã có, không đổi</th><td>3</td>"),
        "{}",
        preview.body
    );
    assert_eq!(count!(world, products::table), before);
    assert_eq!(
        get(&world, "/quan-tri/giai-thuong/xuat.csv?programme=xyz")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[actix_web::test]
async fn featured_collections_are_scheduled_ordered_and_shown_on_the_home_page() {
    let world = World::new();
    let collections = count!(world, featured_collections::table);
    let items_before = count!(world, featured_collection_items::table);
    let first = published(&world, "Mật ong bạc hà");
    let second = published(&world, "Chè Shan tuyết");
    assert!(first < second);

    let bad = post(
        &world,
        "/quan-tri/bo-suu-tap",
        &[
            ("title", "OCOP 5 sao"),
            ("starts_at", "2026-03-01T08:00"),
            ("ends_at", "2026-02-01T08:00"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("phải sau thời điểm bắt đầu") && bad.body.contains("OCOP 5 sao"));
    assert_eq!(count!(world, featured_collections::table), collections);
    assert_eq!(audits(&world, "create_collection"), 0);

    let created = post(
        &world,
        "/quan-tri/bo-suu-tap",
        &[("title", "Tháng khuyến mại Hà Nội"), ("sort_order", "1")],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let edit = created.header("location").to_owned();
    for slug in [
        "/san-pham/mat-ong-bac-ha",
        "https://hangviet.vn/san-pham/che-shan-tuyet",
    ] {
        let added = post(&world, &format!("{edit}/san-pham"), &[("product", slug)]).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{slug}");
    }
    let draft = post(
        &world,
        &format!("{edit}/san-pham"),
        &[("product", "binh-gom-men-lam")],
    )
    .await;
    assert_eq!(
        draft.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a draft is not added"
    );
    assert!(draft.body.contains("binh-gom-men-lam"), "input kept");
    let dup = post(
        &world,
        &format!("{edit}/san-pham"),
        &[("product", "mat-ong-bac-ha")],
    )
    .await;
    assert!(dup.body.contains("đã có trong bộ sưu tập"));
    assert_eq!(
        count!(world, featured_collection_items::table),
        items_before + 2
    );

    let home = world.app.get("/").await;
    let (a, b) = (
        home.body.find("Mật ong bạc hà").expect("first on home"),
        home.body.find("Chè Shan tuyết").expect("second on home"),
    );
    assert!(home.body.contains("Tháng khuyến mại Hà Nội") && a < b);

    let items: Vec<i32> = featured_collection_items::table
        .filter(featured_collection_items::collection_id.ne(world.collection))
        .order(featured_collection_items::position)
        .select(featured_collection_items::id)
        .load(&mut *world.app.conn())
        .expect("items");
    let moved = post(&world, &format!("{edit}/san-pham/{}/len", items[1]), &[]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    world.app.state.pages.clear();
    let home = world.app.get("/").await;
    assert!(
        home.body.find("Chè Shan tuyết") < home.body.find("Mật ong bạc hà"),
        "reordered"
    );

    // Scheduled for later: not on the home page yet.
    let later = post(
        &world,
        &edit,
        &[
            ("title", "Tháng khuyến mại Hà Nội"),
            ("starts_at", "2099-11-01T00:00"),
        ],
    )
    .await;
    assert_eq!(later.status, StatusCode::SEE_OTHER);
    let home = world.app.get("/").await;
    assert!(!home.body.contains("Tháng khuyến mại Hà Nội"));
    assert!(
        get(&world, "/quan-tri/bo-suu-tap")
            .await
            .body
            .contains("Sắp hiển thị từ 01/11/2099 00:00")
    );

    let removed = post(&world, &format!("{edit}/san-pham/{}/xoa", items[0]), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let deleted = post(&world, &format!("{edit}/xoa"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(count!(world, featured_collections::table), collections);
    assert_eq!(
        count!(world, featured_collection_items::table),
        items_before
    );
    for action in [
        "create_collection",
        "add_collection_item",
        "reorder_collection",
        "update_collection",
        "remove_collection_item",
        "delete_collection",
    ] {
        assert!(audits(&world, action) >= 1, "{action}");
    }
    assert_eq!(audits(&world, "add_collection_item"), 2);
}

#[actix_web::test]
async fn a_collection_has_an_optional_english_name_shown_on_the_english_home_page() {
    let world = World::new();
    published(&world, "Mật ong bạc hà");
    let too_long = "x".repeat(121);
    let bad = post(
        &world,
        "/quan-tri/bo-suu-tap",
        &[("title", "Quà Tết"), ("title_en", too_long.as_str())],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Tên tiếng Anh dài quá 120 ký tự") && bad.body.contains("Quà Tết"));
    assert!(
        !featured_collections::table
            .filter(featured_collections::title.eq("Quà Tết"))
            .count()
            .get_result::<i64>(&mut *world.app.conn())
            .is_ok_and(|n| n > 0),
        "nothing stored"
    );
    for (title, english) in [
        ("Quà Tết", "Lunar New Year gifts"),
        ("Đặc sản miền núi", ""),
    ] {
        let created = post(
            &world,
            "/quan-tri/bo-suu-tap",
            &[
                ("title", title),
                ("title_en", english),
                (
                    "description_en",
                    if english.is_empty() {
                        ""
                    } else {
                        "Gifts for Tết"
                    },
                ),
            ],
        )
        .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{title}");
        let edit = created.header("location").to_owned();
        let added = post(
            &world,
            &format!("{edit}/san-pham"),
            &[("product", "mat-ong-bac-ha")],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{title}");
        let form = get(&world, &edit).await;
        assert!(
            form.body.contains(&format!("value=\"{english}\"")),
            "{title}: the form shows it"
        );
    }
    world.app.state.pages.clear();
    let vi = world.app.get("/").await;
    assert!(vi.body.contains(">Quà Tết</h2>") && !vi.body.contains("Lunar New Year gifts"));
    let en = world.app.get("/en").await;
    assert!(en.body.contains(">Lunar New Year gifts</h2>") && en.body.contains("Gifts for Tết"));
    assert!(
        !en.body.contains(">Quà Tết</h2>"),
        "the English name replaces it"
    );
    assert!(
        en.body
            .contains("<div class=\"section__head\" lang=\"vi\">\n    <h2 id=\"bo-suu-tap-"),
        "without an English name the Vietnamese one is marked as Vietnamese"
    );
    assert!(en.body.contains(">Đặc sản miền núi</h2>"));
}
