//! Accounts, the business area and the citizens' report form in both languages: every page at
//! `/…` and `/en/…` (right `<html lang>`, text in the page's language, forms and links that
//! stay in it), validation errors re-rendered in English with the input kept, and redirects
//! after a form that stay under `/en/`.

use crate::common;

use actix_web::http::StatusCode;
use common::world::{World, small_jpeg};
use common::{Actor, Browser, PASSWORD, Page};
use diesel::prelude::*;
use hangviet::db::models::ProductImage;
use hangviet::db::schema::{products, reports, users};

/// Every `action="…"` of the page's forms.
fn form_actions(body: &str) -> Vec<&str> {
    body.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Checks one page of the Vietnamese site.
fn assert_vietnamese(page: &Page, path: &str, vi: &str, en: &str) {
    assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
    assert!(page.body.contains("<html lang=\"vi\""), "{path}: lang");
    assert!(page.body.contains(vi), "{path}: no {vi:?}");
    assert!(!page.body.contains(en), "{path}: English {en:?}");
    for action in form_actions(&page.body) {
        assert!(!action.starts_with("/en"), "{path}: form posts to {action}");
    }
}

/// Checks one page of the English site: English text, no Vietnamese of it, every form action
/// and the `links` (paths without the prefix) under `/en/`.
fn assert_english(page: &Page, path: &str, vi: &str, en: &str, links: &[&str]) {
    assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
    assert!(page.body.contains("<html lang=\"en\""), "{path}: lang");
    assert!(page.body.contains(en), "{path}: no {en:?}");
    assert!(!page.body.contains(vi), "{path}: Vietnamese {vi:?}");
    let actions = form_actions(&page.body);
    assert!(!actions.is_empty(), "{path}: no form");
    for action in actions {
        assert!(action.starts_with("/en/"), "{path}: form posts to {action}");
    }
    for link in links {
        assert!(
            page.body.contains(&format!("href=\"/en{link}\"")),
            "{path}: no link to /en{link}"
        );
    }
}

/// GETs `path` and `/en{path}` with `browser` and checks both.
async fn both_languages(browser: &mut Browser<'_>, path: &str, vi: &str, en: &str, links: &[&str]) {
    let page = browser.get(path).await;
    assert_vietnamese(&page, path, vi, en);
    let english = format!("/en{path}");
    let page = browser.get(&english).await;
    assert_english(&page, &english, vi, en, links);
}

fn business_a(world: &World) -> Browser<'_> {
    world
        .app
        .browser_of(world.member(Actor::BusinessA).expect("business A"))
}

#[actix_web::test]
async fn account_pages_speak_the_visitors_language() {
    let world = World::new();
    let mut anonymous = Browser::new(&world.app);
    both_languages(
        &mut anonymous,
        "/dang-ky",
        "Đăng ký tài khoản",
        "Create a business account",
        &["/dang-nhap"],
    )
    .await;
    both_languages(
        &mut anonymous,
        "/dang-nhap",
        "Chưa có tài khoản? Đăng ký",
        "No account yet? Sign up",
        &["/dang-ky"],
    )
    .await;
    let mut a = business_a(&world);
    both_languages(
        &mut a,
        "/tai-khoan/mat-khau",
        "Mật khẩu hiện tại",
        "Current password",
        &["/doanh-nghiep"],
    )
    .await;
}

#[actix_web::test]
async fn business_pages_speak_the_visitors_language() {
    let world = World::new();
    let mut a = business_a(&world);
    both_languages(
        &mut a,
        "/doanh-nghiep",
        "Khu vực doanh nghiệp",
        "Business area",
        &[
            "/doanh-nghiep/san-pham/moi",
            &format!("/doanh-nghiep/nha-san-xuat/{}", world.producer_a),
            &format!("/doanh-nghiep/san-pham/{}", world.product_a),
            "/tai-khoan/mat-khau",
        ],
    )
    .await;
    both_languages(
        &mut a,
        "/doanh-nghiep/nha-san-xuat/moi",
        "Tạo trang nhà sản xuất",
        "Create a producer page",
        &["/doanh-nghiep"],
    )
    .await;
    both_languages(
        &mut a,
        &format!("/doanh-nghiep/nha-san-xuat/{}", world.producer_a),
        "Sửa trang nhà sản xuất",
        "Edit producer page",
        &["/doanh-nghiep"],
    )
    .await;
    both_languages(
        &mut a,
        "/doanh-nghiep/nha-san-xuat/nhan?q=gom",
        "Đây là doanh nghiệp của tôi",
        "This is my business",
        &[],
    )
    .await;
    both_languages(
        &mut a,
        "/doanh-nghiep/san-pham/moi",
        "Lưu và thêm ảnh",
        "Save and add photos",
        &["/doanh-nghiep"],
    )
    .await;
    // The product's own page, with its photos section.
    let path = format!("/doanh-nghiep/san-pham/{}", world.product_a);
    both_languages(
        &mut a,
        &path,
        "Tải ảnh lên",
        "Upload photo",
        &["/doanh-nghiep"],
    )
    .await;
    let english = a.get(&format!("/en{path}")).await.body;
    assert!(english.contains("Product photos (2/"), "{english}");
    assert!(english.contains(
        "Status: <span class=\"status status--draft\">Draft — not sent for review yet</span>"
    ));
    assert!(english.contains(&format!(
        "action=\"/en/doanh-nghiep/san-pham/{}/anh\"",
        world.product_a
    )));
    let vietnamese = a.get(&path).await.body;
    assert!(vietnamese.contains("Ảnh sản phẩm (2/"));
    assert!(vietnamese.contains(
        "Trạng thái: <span class=\"status status--draft\">Bản nháp — chưa gửi duyệt</span>"
    ));
}

#[actix_web::test]
async fn the_report_form_and_its_thanks_speak_the_visitors_language() {
    let world = World::new();
    let mut visitor = Browser::new(&world.app);
    let path = format!("/san-pham/{}/bao-cao", world.published_slug);
    let product = format!("/san-pham/{}", world.published_slug);
    both_languages(
        &mut visitor,
        &path,
        "Gửi báo cáo",
        "Send report",
        &[&product],
    )
    .await;
    // The thank-you state has no form: checked on its own.
    let thanks = format!("{path}?da-gui=1");
    let page = visitor.get(&thanks).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"vi\""));
    assert!(page.body.contains("Cảm ơn bạn đã báo cáo."));
    let page = visitor.get(&format!("/en{thanks}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("Thank you for your report."));
    assert!(!page.body.contains("Cảm ơn"));
    assert!(page.body.contains(&format!("href=\"/en{product}\"")));
}

fn count_users(world: &World, email: &str) -> i64 {
    users::table
        .filter(users::email.eq(email))
        .count()
        .get_result(&mut *world.app.conn())
        .expect("count")
}

#[actix_web::test]
async fn a_refused_sign_up_comes_back_in_english_with_the_input_kept() {
    let world = World::new();
    let mut visitor = Browser::new(&world.app);
    let fields = [
        ("email", "not-an-email"),
        ("name", "Lan Anh Export"),
        ("password", PASSWORD),
        ("account_type", "business"),
    ];
    let page = visitor.submit("/en/dang-ky", "/en/dang-ky", &fields).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("This email address is not valid."));
    assert!(page.body.contains("value=\"Lan Anh Export\""));
    assert!(page.body.contains("value=\"not-an-email\""));
    assert!(!page.body.contains("Email không hợp lệ."));
    for action in form_actions(&page.body) {
        assert!(action.starts_with("/en/"), "{action}");
    }
    // The same mistake on the Vietnamese site is told in Vietnamese.
    let page = visitor.submit("/dang-ky", "/dang-ky", &fields).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Email không hợp lệ."));
    // A password too short, in English, with its number.
    let short = [
        ("email", "lan@example.com"),
        ("name", "Lan"),
        ("password", "short"),
        ("account_type", "citizen"),
    ];
    let page = visitor.submit("/en/dang-ky", "/en/dang-ky", &short).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("The password needs at least 8 characters.")
    );
    assert_eq!(count_users(&world, "not-an-email"), 0);
    assert_eq!(count_users(&world, "lan@example.com"), 0);
}

#[actix_web::test]
async fn a_sign_up_in_english_lands_on_the_english_business_area() {
    let world = World::new();
    let mut visitor = Browser::new(&world.app);
    let page = visitor
        .submit(
            "/en/dang-ky",
            "/en/dang-ky",
            &[
                ("email", "export@example.com"),
                ("name", "Export Co"),
                ("password", PASSWORD),
                ("account_type", "business"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.header("location"), "/en/dang-ky/kiem-tra-email");
    let page = visitor.confirm_from_mail("export@example.com").await;
    assert_eq!(page.header("location"), "/en/doanh-nghiep");
    let page = visitor.get("/en/doanh-nghiep").await;
    assert!(page.body.contains("Hello Export Co."), "{}", page.body);
    assert_eq!(count_users(&world, "export@example.com"), 1);
}

#[actix_web::test]
async fn logins_from_english_pages_stay_english() {
    let world = World::new();
    let mut visitor = Browser::new(&world.app);
    // A protected English page sends to the English login, which brings the visitor back.
    let page = visitor.get("/en/doanh-nghiep").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.header("location"),
        "/en/dang-nhap?tiep=%2Fen%2Fdoanh-nghiep"
    );
    let page = visitor.get("/doanh-nghiep").await;
    assert_eq!(page.header("location"), "/dang-nhap?tiep=%2Fdoanh-nghiep");
    let login = "/en/dang-nhap?tiep=%2Fen%2Fdoanh-nghiep";
    let page = visitor.get(login).await;
    assert!(page.body.contains("value=\"/en/doanh-nghiep\""));
    // A wrong password: told in English, the email kept.
    let page = visitor
        .submit(
            login,
            "/en/dang-nhap",
            &[
                ("email", "a@example.vn"),
                ("password", "wrong password"),
                ("tiep", "/en/doanh-nghiep"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("The email or password is not correct."));
    assert!(page.body.contains("value=\"a@example.vn\""));
    assert!(page.body.contains("value=\"/en/doanh-nghiep\""));
    let page = visitor
        .submit(
            login,
            "/en/dang-nhap",
            &[
                ("email", "a@example.vn"),
                ("password", PASSWORD),
                ("tiep", "/en/doanh-nghiep"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/en/doanh-nghiep");
    // Logging out from an English page goes to the English home page.
    let page = visitor
        .submit("/en/doanh-nghiep", "/en/dang-xuat", &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/en");
    // Without `tiep`, an official lands on the officials' area in English.
    let mut official = Browser::new(&world.app);
    let page = official
        .submit(
            "/en/dang-nhap",
            "/en/dang-nhap",
            &[("email", "canbo@example.vn"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/en/quan-tri");
    // And on the Vietnamese one from a Vietnamese page.
    let mut official = Browser::new(&world.app);
    let page = official.log_in("canbo@example.vn", PASSWORD).await;
    assert_eq!(page.header("location"), "/quan-tri");
}

fn count_products_with_brand(world: &World, brand: &str) -> i64 {
    products::table
        .filter(products::brand.eq(brand))
        .count()
        .get_result(&mut *world.app.conn())
        .expect("count")
}

#[actix_web::test]
async fn a_refused_product_comes_back_in_english_and_a_saved_one_stays_english() {
    let world = World::new();
    let mut a = business_a(&world);
    let producer = world.producer_a.to_string();
    let new = "/en/doanh-nghiep/san-pham/moi";
    let page = a
        .submit(
            new,
            new,
            &[
                ("producer", &producer),
                ("name", "   "),
                ("category", "thuc-pham"),
                ("brand", "Sen Vàng Export"),
                ("gtin", "8934588012229"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("This field is required."));
    assert!(page.body.contains("check digit is not right"));
    assert!(page.body.contains("value=\"Sen Vàng Export\""));
    assert!(!page.body.contains("Không được để trống."));
    for action in form_actions(&page.body) {
        assert!(action.starts_with("/en/"), "{action}");
    }
    assert_eq!(count_products_with_brand(&world, "Sen Vàng Export"), 0);
    let page = a
        .submit(
            new,
            new,
            &[
                ("producer", &producer),
                ("name", "Trà sen Export"),
                ("category", "thuc-pham"),
                ("brand", "Sen Vàng Export"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        page.header("location")
            .starts_with("/en/doanh-nghiep/san-pham/"),
        "{}",
        page.header("location")
    );
    assert_eq!(count_products_with_brand(&world, "Sen Vàng Export"), 1);
    // Editing the producer from the English page goes back to the English dashboard.
    let edit = format!("/en/doanh-nghiep/nha-san-xuat/{}", world.producer_a);
    let page = a
        .submit(
            &edit,
            &edit,
            &[
                ("name", "Xưởng Gốm An"),
                ("address", "1 Tràng Tiền"),
                ("province", "ha-noi"),
                ("website", "ftp://x"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("A web address must start with http:// or https://.")
    );
    let page = a
        .submit(
            &edit,
            &edit,
            &[
                ("name", "Xưởng Gốm An"),
                ("address", "1 Tràng Tiền"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.header("location"), "/en/doanh-nghiep");
    // So does a claim sent from the English search.
    let producer_b = hangviet::db::schema::producers::table
        .filter(hangviet::db::schema::producers::slug.eq("xuong-gom-binh"))
        .select(hangviet::db::schema::producers::id)
        .first::<i32>(&mut *world.app.conn())
        .expect("producer B");
    let page = a
        .submit(
            "/en/doanh-nghiep/nha-san-xuat/nhan?q=gom",
            &format!("/en/doanh-nghiep/nha-san-xuat/{producer_b}/nhan"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.header("location"), "/en/doanh-nghiep");
    let page = a.get("/en/doanh-nghiep").await;
    assert!(
        page.body
            .contains("Waiting for an official to confirm your claim")
    );
}

fn count_reports(world: &World) -> i64 {
    reports::table
        .count()
        .get_result(&mut *world.app.conn())
        .expect("count")
}

#[actix_web::test]
async fn a_report_from_the_english_site_is_refused_and_thanked_in_english() {
    let world = World::new();
    let before = count_reports(&world);
    let mut visitor = Browser::new(&world.app);
    let form = format!("/en/san-pham/{}/bao-cao", world.published_slug);
    let page = visitor
        .submit(
            &form,
            &form,
            &[
                ("reason", ""),
                ("message", "The label says 500 ml, the bottle holds 400 ml."),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Please choose a reason for your report.")
    );
    assert!(
        page.body
            .contains("The label says 500 ml, the bottle holds 400 ml.")
    );
    assert_eq!(count_reports(&world), before);
    let page = visitor
        .submit(
            &form,
            &form,
            &[
                ("reason", "sai-thong-tin"),
                ("message", "The label says 500 ml, the bottle holds 400 ml."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.header("location"), format!("{form}?da-gui=1"));
    assert_eq!(count_reports(&world), before + 1);
}

#[actix_web::test]
async fn a_refused_photo_comes_back_in_english_and_a_stored_one_stays_english() {
    let world = World::new();
    let member = world.member(Actor::BusinessA).expect("business A");
    let path = format!("/en/doanh-nghiep/san-pham/{}/anh", world.product_a);
    let upload = |bytes: Vec<u8>| {
        let mut browser = world.app.browser_of(member);
        let path = path.clone();
        async move {
            browser
                .post_multipart(
                    &path,
                    &[
                        ("csrf_token", None, member.csrf_token.as_bytes()),
                        ("photo", Some("photo.jpg"), &bytes),
                    ],
                )
                .await
        }
    };
    let photos = || {
        ProductImage::for_product(&mut world.app.conn(), world.product_a)
            .expect("photos")
            .len()
    };
    let before = photos();
    let page = upload(b"not a photo at all".to_vec()).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(
        page.body
            .contains("Only JPEG, PNG or WebP photos are accepted.")
    );
    assert!(!page.body.contains("Chỉ nhận ảnh"));
    assert_eq!(photos(), before);
    let page = upload(small_jpeg()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.header("location"),
        format!("/en/doanh-nghiep/san-pham/{}#anh", world.product_a)
    );
    assert_eq!(photos(), before + 1);
}

#[actix_web::test]
async fn business_forms_name_categories_and_provinces_in_the_visitors_language() {
    let world = World::new();
    let mut a = business_a(&world);
    let product_vi = a.get("/doanh-nghiep/san-pham/moi").await.body;
    let product_en = a.get("/en/doanh-nghiep/san-pham/moi").await.body;
    assert!(product_vi.contains(">Đồ uống</option>"), "{product_vi}");
    assert!(product_en.contains(">Beverages</option>"), "{product_en}");
    assert!(!product_en.contains(">Đồ uống</option>"));
    let producer_vi = a.get("/doanh-nghiep/nha-san-xuat/moi").await.body;
    let producer_en = a.get("/en/doanh-nghiep/nha-san-xuat/moi").await.body;
    assert!(producer_vi.contains(">Hà Nội</option>"), "{producer_vi}");
    assert!(producer_en.contains(">Hanoi</option>"), "{producer_en}");
}
