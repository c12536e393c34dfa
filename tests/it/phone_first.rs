//! Issue 11, "Phone first": the header reaches every section and shows who is signed in,
//! sign-up is for businesses only, products without a photo show their category's
//! illustration, product sharing (links, QR code, shelf label), the photo strip, and the
//! site's own pages in the footer, in both languages.

use crate::common::{self, Browser, Page, TestApp};

use actix_web::http::StatusCode;
use common::Actor;
use common::factories::{ProducerBuilder, ProductBuilder};
use common::world::World;
use hangviet::db::models::user::{Role, User};

/// The sections every header links to, by their Vietnamese path.
const SECTIONS: &[&str] = &[
    "/",
    "/san-pham",
    "/nha-san-xuat",
    "/giai-thuong",
    "/tin-tuc",
    "/doanh-nghiep",
];

/// The `<header>` of a page.
fn site_header(page: &Page) -> &str {
    let start = page
        .body
        .find("<header class=\"site-header\"")
        .expect("site header");
    let end = page.body[start..].find("</header>").expect("header end") + start;
    &page.body[start..end]
}

fn footer(page: &Page) -> &str {
    let start = page.body.find("<footer").expect("footer");
    &page.body[start..]
}

#[actix_web::test]
async fn the_header_links_every_section_and_the_other_language() {
    let app = TestApp::new();
    for (prefix, switch) in [("", "href=\"/en/san-pham\""), ("/en", "href=\"/san-pham\"")] {
        let page = app.get(&format!("{prefix}/san-pham")).await;
        assert_eq!(page.status, StatusCode::OK);
        let header = site_header(&page);
        for section in SECTIONS {
            let path = match (prefix, *section) {
                ("", p) => p.to_owned(),
                (pre, "/") => pre.to_owned(),
                (pre, p) => format!("{pre}{p}"),
            };
            assert!(
                header.contains(&format!("href=\"{path}\"")),
                "{prefix}: {path}"
            );
        }
        assert!(header.contains(switch), "{prefix}: language switch");
        // Signed out: no account strip, no token, nothing per visitor.
        assert!(!header.contains("/dang-xuat"), "{prefix}");
        assert!(!page.body.contains("csrf_token"), "{prefix}");
    }
    // The nav wraps instead of scrolling sideways: nothing is hidden off-screen.
    let css = app.get("/assets/site.css").await.body;
    let nav = &css[css.find(".main-nav__list {").expect("nav rule")..];
    let nav = &nav[..nav.find('}').expect("rule end")];
    assert!(nav.contains("flex-wrap: wrap"), "{nav}");
    assert!(!nav.contains("overflow-x"), "{nav}");
}

#[actix_web::test]
async fn a_signed_in_visitor_sees_who_they_are_and_the_way_out_on_public_pages() {
    let world = World::new();
    let slug = world.published_slug.clone();
    let product = format!("/san-pham/{slug}");
    for (actor, email, area, other) in [
        (
            Actor::BusinessA,
            "a@example.vn",
            "href=\"/doanh-nghiep\"",
            "href=\"/quan-tri\"",
        ),
        (
            Actor::Official,
            "canbo@example.vn",
            "href=\"/quan-tri\"",
            "href=\"/doanh-nghiep\"",
        ),
    ] {
        let member = world.member(actor).expect("member");
        let mut browser = world.app.browser_of(member);
        let page = browser.get(&product).await;
        assert_eq!(page.status, StatusCode::OK);
        let header = site_header(&page);
        assert!(header.contains(email), "{email}");
        assert!(header.contains("action=\"/dang-xuat\""), "{email}");
        assert!(header.contains(area), "{email}: the area of the role");
        assert!(!header.contains(other), "{email}: not the other area");
        assert!(header.contains("Đăng xuất"));
        assert_eq!(page.header("cache-control"), "no-store", "{email}");
        // The English page says the same in English.
        let page = browser.get(&format!("/en{product}")).await;
        assert!(site_header(&page).contains("Signed in as"), "{email}");
        assert!(
            site_header(&page).contains("action=\"/en/dang-xuat\""),
            "{email}"
        );
    }
    // Anonymous visitors after them get a page without anyone's account (the page cache
    // never keeps a signed-in page).
    for _ in 0..2 {
        let page = world.app.get(&product).await;
        assert!(!page.body.contains("a@example.vn"));
        assert!(!page.body.contains("canbo@example.vn"));
        assert!(!page.body.contains("/dang-xuat"));
    }
    // The header's log-out form works from a public page and ends the session.
    let member = world.member(Actor::BusinessA).expect("business A");
    let mut browser = world.app.browser_of(member);
    let token = browser.token(&product).await;
    let out = browser
        .post_raw("/dang-xuat", &[("csrf_token", token.as_str())], &[])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = world.app.browser_of(member).get(&product).await;
    assert!(!after.body.contains("a@example.vn"), "the session is over");
}

#[actix_web::test]
async fn sign_up_is_offered_to_businesses_only() {
    let app = TestApp::new();
    let mut browser = Browser::new(&app);
    let page = browser.get("/dang-ky").await;
    assert!(page.body.contains("Đăng ký tài khoản doanh nghiệp"));
    assert!(page.body.contains("Người tiêu dùng không cần tài khoản"));
    assert!(
        !page.body.contains("account_type"),
        "no choice of account type"
    );
    let page = browser.get("/en/dang-ky").await;
    assert!(page.body.contains("Consumers need no account"));
    // Even a forged "citizen" sign-up makes a business account.
    browser.sign_up("lan@example.vn", "citizen").await;
    let user = User::by_email(&mut app.conn(), "lan@example.vn")
        .expect("query")
        .expect("account stored");
    assert_eq!(user.role(), Role::Business);
}

#[actix_web::test]
async fn a_product_without_photo_shows_its_category_illustration_and_says_so() {
    let app = TestApp::new();
    let slug = {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Công ty Nước Mát").insert(&mut conn);
        let product = ProductBuilder::new("Trà xanh đóng chai", producer)
            .category("do-uong")
            .slug("tra-xanh-dong-chai")
            .insert(&mut conn);
        // Queued for the search index as publishing would.
        hangviet::db::models::search_outbox::SearchOutbox::enqueue(&mut conn, &[product])
            .expect("queued for the index");
        "tra-xanh-dong-chai"
    };
    app.sync_search().await;
    for (prefix, label) in [("", "Chưa có ảnh"), ("/en", "No photo yet")] {
        for path in [
            format!("{prefix}/san-pham"),
            format!("{prefix}/san-pham/{slug}"),
        ] {
            let page = app.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(
                page.body.contains("/assets/img/placeholder/do-uong.svg?v="),
                "{path}"
            );
            assert!(page.body.contains(label), "{path}");
            assert!(
                !page.body.contains("img/placeholder.svg"),
                "{path}: not the generic disc"
            );
        }
    }
    // Search hits too.
    let hits = app.get("/tim-kiem?q=tra+xanh+dong+chai").await;
    assert_eq!(hits.status, StatusCode::OK);
    assert!(
        hits.body
            .contains("class=\"hit__media\" href=\"/san-pham/tra-xanh-dong-chai\"")
    );
    assert!(hits.body.contains("/assets/img/placeholder/do-uong.svg?v="));
    assert!(!hits.body.contains("img/placeholder.svg"));
    let svg = app.get("/assets/img/placeholder/do-uong.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert!(svg.header("content-type").starts_with("image/svg+xml"));
    assert!(
        svg.body
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(
        !svg.body.contains("<text"),
        "the label is the page's, not baked into the image"
    );
}

/// A QR code answer is a whole SVG document drawing modules.
fn assert_qr_svg(page: &Page, path: &str) {
    assert_eq!(page.status, StatusCode::OK, "{path}");
    assert_eq!(page.header("content-type"), "image/svg+xml", "{path}");
    let body = page.body.trim();
    assert!(body.starts_with("<?xml"), "{path}");
    assert!(
        body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{path}"
    );
    assert!(body.contains("viewBox=\"0 0 "), "{path}");
    assert!(
        body.contains("<path fill=\"#1f1b16\" d=\"M"),
        "{path}: dark modules"
    );
    assert!(body.ends_with("</svg>"), "{path}");
    assert_eq!(body.matches("<svg").count(), 1, "{path}");
}

#[actix_web::test]
async fn every_published_product_has_a_qr_code_and_a_shelf_label_in_both_languages() {
    let world = World::new();
    let slug = world.published_slug.clone();
    let vi = world.app.get(&format!("/san-pham/{slug}/qr.svg")).await;
    assert_qr_svg(&vi, "vi");
    let en = world.app.get(&format!("/en/san-pham/{slug}/qr.svg")).await;
    assert_qr_svg(&en, "en");
    assert_ne!(
        vi.body, en.body,
        "each language's code leads to its own page"
    );
    for path in [
        "/san-pham/khong-co/qr.svg",
        "/san-pham/binh-gom-men-lam/qr.svg",
        "/san-pham/khong-co/nhan",
    ] {
        assert_eq!(
            world.app.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}: unknown or unpublished"
        );
    }
    let label = world.app.get(&format!("/san-pham/{slug}/nhan")).await;
    assert_eq!(label.status, StatusCode::OK);
    assert!(label.body.contains("class=\"shelf-label\""));
    assert!(
        label
            .body
            .contains(&format!("src=\"/san-pham/{slug}/qr.svg\""))
    );
    assert!(label.body.contains("Quét mã để xem danh hiệu và nơi bán"));
    let label = world.app.get(&format!("/en/san-pham/{slug}/nhan")).await;
    assert_eq!(label.status, StatusCode::OK);
    assert!(
        label
            .body
            .contains(&format!("src=\"/en/san-pham/{slug}/qr.svg\""))
    );
    assert!(label.body.contains("Scan for the titles and where to buy"));
}

#[actix_web::test]
async fn product_pages_share_with_plain_links_and_no_third_party_script() {
    let world = World::new();
    let slug = world.published_slug.clone();
    for (prefix, copy) in [("", "Sao chép liên kết"), ("/en", "Copy link")] {
        let page = world.app.get(&format!("{prefix}/san-pham/{slug}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let canonical = format!(
            "http%3A%2F%2Flocalhost%3A8080{}%2Fsan-pham%2F{slug}",
            prefix.replace('/', "%2F")
        );
        assert!(
            page.body.contains(&format!(
                "https://www.facebook.com/sharer/sharer.php?u={canonical}"
            )),
            "{prefix}: facebook share link"
        );
        assert!(page.body.contains("data-share=\"zalo\""), "{prefix}");
        assert!(page.body.contains(copy), "{prefix}");
        assert!(
            page.body
                .contains(&format!("href=\"{prefix}/san-pham/{slug}/nhan\"")),
            "{prefix}"
        );
        assert!(
            page.body
                .contains(&format!("src=\"{prefix}/san-pham/{slug}/qr.svg\"")),
            "{prefix}"
        );
        for script in page.body.split("<script src=\"").skip(1) {
            assert!(
                script.starts_with("/assets/js/"),
                "{prefix}: own scripts only: {}",
                &script[..40.min(script.len())]
            );
        }
    }
    for js in ["/assets/js/share.js", "/assets/js/gallery.js"] {
        let page = world.app.get(js).await;
        assert_eq!(page.status, StatusCode::OK, "{js}");
        assert!(
            !page.body.contains("http"),
            "{js} loads nothing from elsewhere"
        );
    }
}

#[actix_web::test]
async fn product_photos_form_a_strip_of_plain_links() {
    let app = TestApp::demo();
    // The real records have no photos; a generated product of the demo has some.
    let slug: String = {
        use diesel::prelude::*;
        use hangviet::db::schema::{product_images, products};
        products::table
            .inner_join(product_images::table)
            .filter(products::status.eq(hangviet::db::models::ProductStatus::Published))
            .select(products::slug)
            .order(products::id)
            .first(&mut *app.conn())
            .expect("a demo product with photos")
    };
    let page = app.get(&format!("/san-pham/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-gallery"), "{slug}");
    let strip = &page.body[page.body.find("data-gallery").expect("gallery")..];
    let strip = &strip[..strip.find("</ul>").expect("strip end")];
    let links = strip
        .matches("<a class=\"gallery__link\" href=\"/media/")
        .count();
    assert!(links >= 1, "each photo links to its full size: {strip}");
    assert_eq!(links, strip.matches("<img ").count(), "one link per photo");
}

#[actix_web::test]
async fn the_footer_leads_to_about_terms_and_privacy_in_both_languages() {
    let app = TestApp::new();
    for (prefix, about, terms, privacy) in [
        (
            "",
            "Giới thiệu và liên hệ",
            "Điều khoản sử dụng",
            "Quyền riêng tư",
        ),
        ("/en", "About and contact", "Terms of use", "Privacy"),
    ] {
        let home = app.get(if prefix.is_empty() { "/" } else { prefix }).await;
        let footer = footer(&home);
        for path in ["/gioi-thieu", "/dieu-khoan", "/quyen-rieng-tu"] {
            assert!(
                footer.contains(&format!("href=\"{prefix}{path}\"")),
                "{prefix}{path}"
            );
        }
        let page = app.get(&format!("{prefix}/gioi-thieu")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("<h1>{about}</h1>")), "{prefix}");
        assert!(
            page.body.contains(&format!("href=\"{prefix}/san-pham\"")),
            "{prefix}: contact by report"
        );
        let page = app.get(&format!("{prefix}/dieu-khoan")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("<h1>{terms}</h1>")), "{prefix}");
        let page = app.get(&format!("{prefix}/quyen-rieng-tu")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("<h1>{privacy}</h1>")),
            "{prefix}"
        );
        // The retention periods the code enforces.
        for figure in [
            "14",
            "30",
            "90",
            "hv_session",
            "hv_csrf",
            "Argon2",
            "SHA-256",
        ] {
            assert!(page.body.contains(figure), "{prefix}: {figure}");
        }
    }
}

#[actix_web::test]
async fn the_about_page_gives_the_operators_email_when_set() {
    let without = TestApp::new();
    let page = without.get("/gioi-thieu").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("mailto:"), "no address is made up");
    let app = TestApp::with_settings(|s| s.contact_email = Some(" lienhe@example.vn ".into()));
    for (path, words) in [
        ("/gioi-thieu", "Thư điện tử của đơn vị vận hành trang"),
        ("/en/gioi-thieu", "E-mail of the team that runs the site"),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(words), "{path}");
        assert!(
            page.body
                .contains("<a href=\"mailto:lienhe@example.vn\">lienhe@example.vn</a>"),
            "{path}"
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::harness::settings_for(dir.path());
    settings.contact_email = Some("not an address".into());
    let refused = hangviet::app::AppState::init(&settings);
    assert!(
        refused.is_err_and(|e| e.to_string().contains("HANGVIET_CONTACT_EMAIL")),
        "a malformed address stops the start"
    );
}
