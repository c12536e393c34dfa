//! The officials' area and the articles in both languages. Every officials' page answers at
//! `/quan-tri…` in Vietnamese and at `/en/quan-tri…` in English, with its forms, links and
//! redirects staying in the page's language; form errors, refusals and an award list's bad
//! lines are put into words in the official's language. Articles show their English version
//! on the English site, or the Vietnamese one marked as such.

use crate::common;

use actix_web::http::StatusCode;
use common::world::World;
use common::{Actor, Page};

async fn get(world: &World, actor: Actor, path: &str) -> Page {
    let member = world.member(actor).expect("a signed-in actor");
    world.app.browser_of(member).get(path).await
}

async fn post(world: &World, actor: Actor, path: &str, fields: &[(&str, &str)]) -> Page {
    common::articles::post(world, actor, path, fields).await
}

fn lang_of(page: &Page) -> &str {
    let at = page.body.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    let rest = &page.body[at..];
    &rest[..rest.find('"').expect("closed")]
}

/// The values of `attr="/…"` attributes in `html`, but the language switch's.
fn site_paths<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"/");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        let value_start = at + needle.len() - 1;
        let end = value_start + rest[value_start..].find('"').expect("closed");
        let is_switch = rest[end..].starts_with("\" hreflang=");
        if !is_switch {
            out.push(&rest[value_start..end]);
        }
        rest = &rest[end..];
    }
    out
}

/// Every form of an English page posts to an English address, and every link to a page of
/// the site stays in English (files, the feed and the media are the same in both languages).
fn assert_stays_in_english(page: &Page, path: &str) {
    for action in site_paths(&page.body, "action") {
        assert!(action.starts_with("/en/"), "{path}: form action {action}");
    }
    for href in site_paths(&page.body, "href") {
        let shared = ["/assets/", "/static/", "/media/", "/feed.xml", "/favicon"]
            .iter()
            .any(|p| href.starts_with(p));
        assert!(
            shared || href == "/en" || href.starts_with("/en/") || href.starts_with("/en?"),
            "{path}: link {href}"
        );
    }
}

/// An officials' page: its path, who may see it, a Vietnamese and an English text it shows.
struct AdminPage {
    path: String,
    actor: Actor,
    vi: &'static str,
    en: &'static str,
}

fn pages(world: &World) -> Vec<AdminPage> {
    let page = |path: String, actor: Actor, vi: &'static str, en: &'static str| AdminPage {
        path,
        actor,
        vi,
        en,
    };
    let official = Actor::Official;
    vec![
        page(
            "/quan-tri".into(),
            official,
            "Việc chờ duyệt",
            "Review queue",
        ),
        page(
            "/quan-tri/tong-quan".into(),
            official,
            "Sản phẩm đạt danh hiệu theo năm",
            "Award-winning products by year",
        ),
        page(
            format!("/quan-tri/san-pham/{}", world.product_a),
            official,
            "Hiện tại",
            "Current",
        ),
        page(
            format!("/quan-tri/san-pham/{}/giai-thuong", world.product_a),
            official,
            "Ghi nhận giải thưởng",
            "Record an award",
        ),
        page(
            "/quan-tri/giai-thuong".into(),
            official,
            "Tìm sản phẩm",
            "Find a product",
        ),
        page(
            "/quan-tri/giai-thuong?q=gom".into(),
            official,
            "Xuất danh sách (CSV)",
            "Export a list (CSV)",
        ),
        page(
            "/quan-tri/giai-thuong/nhap".into(),
            official,
            "Các lần tải lên gần đây",
            "Recent uploads",
        ),
        page(
            format!("/quan-tri/giai-thuong/nhap/{}", world.import),
            official,
            "Nếu xác nhận",
            "If you confirm",
        ),
        page(
            "/quan-tri/bo-suu-tap".into(),
            official,
            "Tạo bộ sưu tập",
            "New collection",
        ),
        page(
            format!("/quan-tri/bo-suu-tap/{}", world.collection),
            official,
            "Xóa bộ sưu tập",
            "Delete the collection",
        ),
        page(
            "/quan-tri/tin-tuc".into(),
            official,
            "Viết bài mới",
            "Write a new article",
        ),
        page(
            "/quan-tri/tin-tuc/moi".into(),
            official,
            "Lưu bản nháp",
            "Save as draft",
        ),
        page(
            format!("/quan-tri/tin-tuc/{}", world.article),
            official,
            "Lưu thay đổi",
            "Save changes",
        ),
        page(
            format!("/quan-tri/tin-tuc/{}/xem-truoc", world.article),
            official,
            "bài viết này là bản nháp",
            "this article is a draft",
        ),
        page(
            "/quan-tri/bao-cao".into(),
            official,
            "Báo cáo chưa xử lý",
            "Open reports",
        ),
        page(
            "/quan-tri/bao-cao?status=resolved".into(),
            official,
            "Báo cáo đã xử lý",
            "Resolved reports",
        ),
        page(
            "/quan-tri/nhat-ky".into(),
            official,
            "Nhật ký thao tác",
            "Audit log",
        ),
        page(
            "/quan-tri/nguoi-dung".into(),
            Actor::Admin,
            "Tìm theo email",
            "Search by email",
        ),
    ]
}

#[actix_web::test]
async fn every_officials_page_speaks_the_language_of_its_address() {
    let world = World::new();
    let mut checked = 0;
    for p in pages(&world) {
        let vi = get(&world, p.actor, &p.path).await;
        assert_eq!(vi.status, StatusCode::OK, "{}: {}", p.path, vi.body);
        assert_eq!(lang_of(&vi), "vi", "{}", p.path);
        assert!(vi.body.contains(p.vi), "{}: no “{}”", p.path, p.vi);
        assert!(!vi.body.contains(p.en), "{}: English “{}”", p.path, p.en);
        // The preview is the public page of the article, without the officials' menu (the
        // site header's account strip has a log-out button on every page).
        let has_menu = !p.path.ends_with("/xem-truoc");
        assert_eq!(
            vi.body.contains("Việc chờ duyệt"),
            has_menu,
            "{}: the menu",
            p.path
        );

        let english = format!("/en{}", p.path);
        let en = get(&world, p.actor, &english).await;
        assert_eq!(en.status, StatusCode::OK, "{english}: {}", en.body);
        assert_eq!(lang_of(&en), "en", "{english}");
        assert!(en.body.contains(p.en), "{english}: no “{}”", p.en);
        assert!(!en.body.contains(p.vi), "{english}: Vietnamese “{}”", p.vi);
        // (Signing out is the site header's, on every page.)
        for menu in ["Overview", "Audit log"] {
            assert_eq!(en.body.contains(menu), has_menu, "{english}: menu {menu}");
        }
        for vietnamese in ["Đăng xuất", "Việc chờ duyệt", "Nhật ký"] {
            assert!(!en.body.contains(vietnamese), "{english}: {vietnamese}");
        }
        assert_stays_in_english(&en, &english);
        checked += 1;
    }
    assert!(checked >= 18);
}

#[actix_web::test]
async fn forms_posted_in_english_answer_and_redirect_in_english() {
    let world = World::new();
    // A form error re-renders the form in English.
    let failed = post(
        &world,
        Actor::Official,
        "/en/quan-tri/bo-suu-tap",
        &[("title", "")],
    )
    .await;
    assert_eq!(failed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lang_of(&failed), "en");
    assert!(
        failed
            .body
            .contains("A collection&#x27;s name needs 1 to 120 characters."),
        "{}",
        failed.body
    );
    assert!(!failed.body.contains("Tên bộ sưu tập cần"));
    assert_stays_in_english(&failed, "collection form");
    let bad_time = post(
        &world,
        Actor::Official,
        "/en/quan-tri/tin-tuc/moi",
        &[
            ("title", "Hàng Tết"),
            ("topic", "quyen-loi"),
            ("body", ""),
            ("publish_at", "garbage"),
        ],
    )
    .await;
    assert_eq!(bad_time.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "The body cannot be empty.",
        "The publication time is not valid (pick a date and a time).",
    ] {
        assert!(
            bad_time.body.contains(message),
            "{message}: {}",
            bad_time.body
        );
    }
    let award = format!("/en/quan-tri/san-pham/{}/giai-thuong", world.product_a);
    let no_programme = post(&world, Actor::Official, &award, &[("year", "1800")]).await;
    assert_eq!(no_programme.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_programme.body.contains("Please choose a programme."));
    assert!(
        no_programme
            .body
            .contains("The year must be between 1990 and")
    );
    // The Vietnamese form still says it in Vietnamese.
    let vi = post(
        &world,
        Actor::Official,
        "/quan-tri/bo-suu-tap",
        &[("title", "")],
    )
    .await;
    assert!(vi.body.contains("Tên bộ sưu tập cần từ 1 đến 120 ký tự."));

    // A refusal is put into words in English.
    let withdraw = format!("/en/quan-tri/giai-thuong/{}/thu-hoi", world.award);
    let refused = post(&world, Actor::Official, &withdraw, &[("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused
            .body
            .contains("Please give the reason for withdrawing"),
        "{}",
        refused.body
    );

    // A change made from an English page comes back to the English page.
    let created = post(
        &world,
        Actor::Official,
        "/en/quan-tri/bo-suu-tap",
        &[("title", "Tet goods")],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(
        created
            .header("location")
            .starts_with("/en/quan-tri/bo-suu-tap/")
    );
    let claim = format!("/en/quan-tri/nhan-quan-ly/{}/duyet", world.claim);
    let approved = post(&world, Actor::Official, &claim, &[]).await;
    assert_eq!(approved.header("location"), "/en/quan-tri");
}

#[actix_web::test]
async fn an_award_list_with_bad_lines_lists_them_in_english_by_line_number() {
    let world = World::new();
    let official = world.member(Actor::Official).expect("official");
    let csv = "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url\n\
               oscar,2023,,Trà,HTX Sen,,do-uong,Hà Nội,,,\n\
               ocop,20x3,4,Chè,HTX Chè,,do-uong,Thái Nguyên,,,\n";
    let mut browser = world.app.browser_of(official);
    let uploaded = browser
        .post_multipart(
            "/en/quan-tri/giai-thuong/nhap",
            &[
                ("csrf_token", None, official.csrf_token.as_bytes()),
                ("file", Some("bad.csv"), csv.as_bytes()),
            ],
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let location = uploaded.header("location").to_owned();
    assert!(
        location.starts_with("/en/quan-tri/giai-thuong/nhap/"),
        "{location}"
    );
    let en = browser.get(&location).await;
    assert_eq!(en.status, StatusCode::OK);
    assert_eq!(lang_of(&en), "en");
    assert!(
        en.body
            .contains("The file has 2 errors, so it cannot be imported yet."),
        "{}",
        en.body
    );
    assert!(
        en.body
            .contains("<td>2</td><td>there is no programme “oscar”"),
        "{}",
        en.body
    );
    assert!(
        en.body.contains("<td>3</td><td>invalid year “20x3”"),
        "{}",
        en.body
    );
    assert_stays_in_english(&en, &location);
    let vi = browser.get(&location["/en".len()..]).await;
    assert!(
        vi.body
            .contains("<td>2</td><td>chương trình “oscar” không có")
    );
    assert!(vi.body.contains("<td>3</td><td>năm “20x3” không hợp lệ"));
}

/// Writes and publishes an article from the English officials' pages; returns its slug.
async fn published_article(world: &World, fields: &[(&str, &str)]) -> String {
    let written = post(world, Actor::Official, "/en/quan-tri/tin-tuc/moi", fields).await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let location = written.header("location").to_owned();
    assert!(location.starts_with("/en/quan-tri/tin-tuc/"), "{location}");
    let id: i32 = location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("id");
    let published = post(world, Actor::Official, &format!("{location}/xuat-ban"), &[]).await;
    assert_eq!(published.header("location"), location);
    common::articles::slug_of(world, id)
}

#[actix_web::test]
async fn articles_show_their_english_version_or_the_vietnamese_one_marked_as_such() {
    let world = World::new();
    let app = &world.app;
    let translated = published_article(
        &world,
        &[
            ("title", "Quyền đổi trả hàng"),
            ("topic", "quyen-loi"),
            ("body", "Giữ **hóa đơn**."),
            ("title_en", "Your right to return goods"),
            ("summary_en", "What to do with faulty goods."),
            ("body_en", "Keep the **receipt**.<script>alert(1)</script>"),
        ],
    )
    .await;
    let vietnamese_only = published_article(
        &world,
        &[
            ("title", "Cách nhận biết hàng thật"),
            ("topic", "nhan-biet"),
            ("body", "Xem **tem chống giả**."),
        ],
    )
    .await;

    let en = app.page(&format!("/en/tin-tuc/{translated}")).await;
    assert_eq!(lang_of(&en), "en");
    assert!(en.body.contains("<h1>Your right to return goods</h1>"));
    assert!(en.body.contains("<strong>receipt</strong>") && !en.body.contains("<script>alert"));
    assert!(
        !en.body.contains("Quyền đổi trả hàng")
            && !en.body.contains("only available in Vietnamese")
    );
    assert_eq!(en.json_ld()["inLanguage"], "en");
    let vi = app.page(&format!("/tin-tuc/{translated}")).await;
    assert!(
        vi.body.contains("<h1>Quyền đổi trả hàng</h1>")
            && vi.body.contains("<strong>hóa đơn</strong>")
    );
    assert!(!vi.body.contains("Your right to return goods"));

    let marked = app.page(&format!("/en/tin-tuc/{vietnamese_only}")).await;
    assert_eq!(lang_of(&marked), "en");
    assert!(
        marked
            .body
            .contains("This article is only available in Vietnamese.")
    );
    assert!(
        marked
            .body
            .contains("<article class=\"article\" lang=\"vi\">")
    );
    assert!(marked.body.contains("<h1>Cách nhận biết hàng thật</h1>"));
    assert_eq!(marked.json_ld()["inLanguage"], "vi");
    assert_stays_in_english(&marked, "article");
    let plain = app.page(&format!("/tin-tuc/{vietnamese_only}")).await;
    assert!(
        !plain.body.contains("lang=\"vi\">")
            || plain
                .body
                .starts_with("<!doctype html>\n<html lang=\"vi\">")
    );
    assert!(!plain.body.contains("<article class=\"article\" lang="));
    assert!(!plain.body.contains("chỉ có bằng tiếng Việt"));

    let list = app.page("/en/tin-tuc").await;
    assert!(list.body.contains("Your right to return goods"));
    assert!(
        list.body
            .contains("<h3 class=\"article-row__title\" lang=\"vi\">")
    );
    assert!(list.body.contains("In Vietnamese"));
    assert_stays_in_english(&list, "/en/tin-tuc");
    let vi_list = app.page("/tin-tuc").await;
    assert!(
        vi_list.body.contains("Quyền đổi trả hàng")
            && vi_list.body.contains("Cách nhận biết hàng thật")
    );
    assert!(
        !vi_list.body.contains("Your right to return goods")
            && !vi_list.body.contains("Bằng tiếng Việt")
    );

    // An English version needs a title and a body.
    let half = post(
        &world,
        Actor::Official,
        "/en/quan-tri/tin-tuc/moi",
        &[
            ("title", "Tin"),
            ("topic", "tin-hoat-dong"),
            ("body", "Nội dung."),
            ("title_en", "News"),
        ],
    )
    .await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(half.body.contains("The English version needs a body."));
}
