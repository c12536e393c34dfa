//! The business journey in one flow (issue 14): every action says what happened (a flash
//! message, shown once), the onboarding checklist on `/doanh-nghiep` follows the steps,
//! "Lưu và gửi duyệt" saves and sends in one step (or keeps the edit and says what is
//! missing), several photos go up in one request with a bad one reported by its name, the
//! photos are reordered, and a product not yet public can be previewed by its business and
//! officials only.

use crate::common;

use actix_web::http::StatusCode;
use common::fixtures::{encode, noisy, two_colour};
use common::{Browser, Page, ProducerBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::models::ProductImage;
use hangviet::db::models::product::ProductStatus;
use hangviet::db::schema::products;
use image::ImageFormat;

/// The part of `location` before any fragment.
fn path_of(location: &str) -> String {
    location.split('#').next().unwrap_or_default().to_owned()
}

/// Follows a 303 and returns the page it leads to.
async fn follow(b: &mut Browser<'_>, page: &Page) -> Page {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    b.get(&path_of(page.header("location"))).await
}

/// The flash message of a page, if it shows one.
fn flash_of(page: &Page) -> Option<String> {
    let at = page.body.find("data-flash>")? + "data-flash>".len();
    Some(page.body[at..].chars().take_while(|c| *c != '<').collect())
}

/// Checks the page shows a flash containing `text`, and that the next page shows none.
async fn says_once(b: &mut Browser<'_>, page: &Page, text: &str) {
    let shown = flash_of(page).unwrap_or_else(|| panic!("no flash message: {}", page.body));
    assert!(shown.contains(text), "flash {shown:?} should say {text:?}");
    let again = b.get("/doanh-nghiep").await;
    assert_eq!(flash_of(&again), None, "a flash message is shown once");
}

/// The state of each step of the checklist, in order (`None` once it is all done).
fn checklist_of(page: &Page) -> Option<Vec<(String, String)>> {
    if !page.body.contains("data-checklist") {
        return None;
    }
    Some(
        page.body
            .split("data-step=\"")
            .skip(1)
            .map(|rest| {
                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                let state = rest
                    .split("data-state=\"")
                    .nth(1)
                    .map(|s| s.chars().take_while(|c| *c != '"').collect())
                    .unwrap_or_default();
                (key, state)
            })
            .collect(),
    )
}

fn steps(states: [&str; 4]) -> Option<Vec<(String, String)>> {
    Some(
        ["producer", "product", "photos", "review"]
            .iter()
            .zip(states)
            .map(|(k, s)| ((*k).to_owned(), s.to_owned()))
            .collect(),
    )
}

fn product_row(app: &TestApp, id: i32) -> (String, String, String) {
    products::table
        .find(id)
        .select((products::name, products::description, products::status))
        .first(&mut *app.conn())
        .expect("product")
}

async fn upload(b: &mut Browser<'_>, product: i32, files: &[(&str, &[u8])], json: bool) -> Page {
    let path = format!("/doanh-nghiep/san-pham/{product}");
    let token = b.token(&path).await;
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("csrf_token", None, token.as_bytes())];
    for (name, bytes) in files {
        parts.push(("photo", Some(name), bytes));
    }
    if json {
        let (content_type, body) = common::multipart(&parts);
        let cookie = b
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let req = actix_web::test::TestRequest::post()
            .uri(&format!("{path}/anh"))
            .insert_header(("Content-Type", content_type))
            .insert_header(("Origin", "http://localhost:8080"))
            .insert_header(("Accept", "application/json"))
            .insert_header(("Cookie", cookie))
            .set_payload(body);
        return b.app.send(req).await;
    }
    b.post_multipart(&format!("{path}/anh"), &parts).await
}

#[actix_web::test]
async fn a_business_goes_from_nothing_to_a_product_under_review_told_what_happened_at_each_step() {
    let app = TestApp::new();
    let me = app.member("moi@example.vn", "business");
    let mut b = app.browser_of(&me);

    // Nothing done yet: every step to do, each a link.
    let dashboard = b.get("/doanh-nghiep").await;
    assert_eq!(
        checklist_of(&dashboard),
        steps(["todo", "todo", "todo", "todo"])
    );
    assert!(
        dashboard
            .body
            .contains("href=\"/doanh-nghiep/nha-san-xuat/moi\"")
    );

    // "Thêm sản phẩm" without a producer page says why and leads there.
    let no_producer = b.get("/doanh-nghiep/san-pham/moi").await;
    assert_eq!(
        no_producer.header("location"),
        "/doanh-nghiep/nha-san-xuat/moi"
    );
    let producer_form = follow(&mut b, &no_producer).await;
    assert!(producer_form.body.contains("id=\"producer-form\""));
    says_once(&mut b, &producer_form, "hãy tạo trang nhà sản xuất").await;

    // The producer page: four visible fields, the rest folded; then the next step.
    let created = b
        .submit(
            "/doanh-nghiep/nha-san-xuat/moi",
            "/doanh-nghiep/nha-san-xuat/moi",
            &[
                ("name", "Xưởng Mây Tre Phú Vinh"),
                ("address", "Thôn Phú Vinh"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    assert_eq!(created.header("location"), "/doanh-nghiep/san-pham/moi");
    let product_form = follow(&mut b, &created).await;
    // The only producer is preselected: the form names it instead of asking.
    assert!(
        product_form
            .body
            .contains("Nhà sản xuất: Xưởng Mây Tre Phú Vinh")
    );
    assert!(!product_form.body.contains("<select id=\"f-producer\""));
    says_once(
        &mut b,
        &product_form,
        "Bước tiếp theo: thêm sản phẩm đầu tiên",
    )
    .await;
    let dashboard = b.get("/doanh-nghiep").await;
    assert_eq!(
        checklist_of(&dashboard),
        steps(["done", "todo", "todo", "todo"])
    );

    // The product: name and category are enough; it lands on its photos.
    let producer_id = common::csrf_of(&product_form.body).map(|_| {
        let marker = "name=\"producer\" value=\"";
        let at = product_form.body.find(marker).expect("producer") + marker.len();
        product_form.body[at..]
            .chars()
            .take_while(|c| *c != '"')
            .collect::<String>()
    });
    let producer_id = producer_id.expect("producer id");
    let draft = b
        .submit(
            "/doanh-nghiep/san-pham/moi",
            "/doanh-nghiep/san-pham/moi",
            &[
                ("producer", &producer_id),
                ("name", "Giỏ mây Phú Vinh"),
                ("category", "thu-cong-my-nghe"),
            ],
        )
        .await;
    let location = draft.header("location").to_owned();
    assert!(location.ends_with("#anh"), "{location}: {}", draft.body);
    let page_path = path_of(&location);
    let id: i32 = page_path
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let product_page = follow(&mut b, &draft).await;
    says_once(&mut b, &product_page, "Đã lưu bản nháp Giỏ mây Phú Vinh").await;
    let dashboard = b.get("/doanh-nghiep").await;
    assert_eq!(
        checklist_of(&dashboard),
        steps(["done", "done", "todo", "todo"])
    );
    assert!(
        dashboard.body.contains("Bản nháp — chưa gửi duyệt"),
        "{}",
        dashboard.body
    );

    // "Lưu và gửi duyệt" without a photo: the edit is kept (saved as the draft), nothing is
    // sent, and the page says what is missing next to the photos.
    let no_photo = b
        .submit(
            &page_path,
            &page_path,
            &[
                ("producer", &producer_id),
                ("name", "Giỏ mây Phú Vinh cỡ lớn"),
                ("category", "thu-cong-my-nghe"),
                ("then", "submit"),
            ],
        )
        .await;
    assert_eq!(no_photo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_photo.body.contains("value=\"Giỏ mây Phú Vinh cỡ lớn\""));
    assert!(
        no_photo
            .body
            .contains("Hãy thêm ít nhất một ảnh sản phẩm trước khi gửi duyệt.")
    );
    assert!(no_photo.body.contains("data-photo-error"));
    let (name, _, status) = product_row(&app, id);
    assert_eq!(name, "Giỏ mây Phú Vinh cỡ lớn", "the edit is not lost");
    assert_eq!(status, ProductStatus::Draft.as_str(), "nothing sent");

    // With a field wrong: the message by the field, linked to it, the input kept, nothing
    // saved nor sent.
    let bad = b
        .submit(
            &page_path,
            &page_path,
            &[
                ("producer", &producer_id),
                ("name", "Giỏ mây sửa dở"),
                ("category", ""),
                ("then", "submit"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("aria-describedby=\"e-category\""));
    assert!(bad.body.contains("id=\"e-category\""));
    assert!(bad.body.contains("value=\"Giỏ mây sửa dở\""));
    assert_eq!(product_row(&app, id).0, "Giỏ mây Phú Vinh cỡ lớn");
    assert_eq!(product_row(&app, id).2, ProductStatus::Draft.as_str());

    // Two files in one request, one of them not a photo: the good one is added, the bad one
    // is named by the upload field and nothing of it is kept.
    let good = encode(&two_colour(64, 48), ImageFormat::Jpeg);
    let junk = b"this is not a photo at all".to_vec();
    let mixed = upload(
        &mut b,
        id,
        &[("gio-1.jpg", &good), ("hong.jpg", &junk)],
        false,
    )
    .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mixed.body.contains("data-file=\"hong.jpg\""),
        "{}",
        mixed.body
    );
    assert!(
        mixed
            .body
            .contains("hong.jpg: Chỉ nhận ảnh JPEG, PNG hoặc WebP."),
        "{}",
        mixed.body
    );
    assert!(!mixed.body.contains("data-file=\"gio-1.jpg\""));
    assert!(mixed.body.contains("Đã thêm 1 ảnh"));
    let photos = ProductImage::for_product(&mut app.conn(), id).expect("photos");
    assert_eq!(photos.len(), 1, "only the good file is stored");
    let files_of_one = app.stored_file_count();
    let width = u32::try_from(photos[0].width).expect("width");
    assert_eq!(
        files_of_one,
        hangviet::media::file_names(&photos[0].content_hash, width).len(),
        "no file of the refused one"
    );

    // Two good ones at once.
    let second = encode(&noisy(80, 60), ImageFormat::Jpeg);
    let third = encode(&two_colour(40, 90), ImageFormat::Png);
    let both = upload(
        &mut b,
        id,
        &[("gio-2.jpg", &second), ("gio-3.png", &third)],
        false,
    )
    .await;
    let page = follow(&mut b, &both).await;
    says_once(&mut b, &page, "Sản phẩm hiện có 3 ảnh").await;
    // Photos are described after they are uploaded, and their status is in plain words.
    let page = b.get(&page_path).await;
    for p in ProductImage::for_product(&mut app.conn(), id).expect("photos") {
        assert!(page.body.contains(&format!("<label for=\"alt-{}\">", p.id)));
    }
    assert!(page.body.contains("Trạng thái ảnh: Chờ duyệt"));
    assert!(!page.body.contains("Đã duyệt"));
    assert!(!page.body.contains("đã được duyệt"));
    assert!(page.body.contains("accept=\"image/*\" multiple"));
    assert!(!page.body.contains("capture="));
    let dashboard = b.get("/doanh-nghiep").await;
    assert_eq!(
        checklist_of(&dashboard),
        steps(["done", "done", "done", "todo"])
    );

    // The script's request gets JSON (and the flash for the page it reloads).
    let fourth = encode(&noisy(30, 30), ImageFormat::Png);
    let json = upload(&mut b, id, &[("gio-4.png", &fourth)], true).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert!(json.body.contains("\"ok\":true"), "{}", json.body);
    let json_bad = upload(&mut b, id, &[("hong-2.jpg", &junk)], true).await;
    assert!(json_bad.body.contains("\"ok\":false"), "{}", json_bad.body);
    assert!(
        json_bad.body.contains("\"status\":422"),
        "{}",
        json_bad.body
    );
    assert!(
        json_bad.body.contains("\"file\":\"hong-2.jpg\""),
        "{}",
        json_bad.body
    );
    assert_eq!(
        ProductImage::for_product(&mut app.conn(), id)
            .expect("photos")
            .len(),
        4
    );

    // Reordered in one go (the page's drag and drop).
    let ids: Vec<i32> = ProductImage::for_product(&mut app.conn(), id)
        .expect("photos")
        .iter()
        .map(|p| p.id)
        .collect();
    let reversed: Vec<String> = ids.iter().rev().map(i32::to_string).collect();
    let moved = b
        .submit(
            &page_path,
            &format!("{page_path}/anh/thu-tu"),
            &[("order", &reversed.join(","))],
        )
        .await;
    let page = follow(&mut b, &moved).await;
    says_once(&mut b, &page, "Đã lưu thứ tự ảnh").await;
    let now: Vec<i32> = ProductImage::for_product(&mut app.conn(), id)
        .expect("photos")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(now, ids.iter().rev().copied().collect::<Vec<_>>());
    // An order that leaves a photo out (or names another's) changes nothing.
    let partial = b
        .submit(
            &page_path,
            &format!("{page_path}/anh/thu-tu"),
            &[(
                "order",
                &ids[..2]
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )],
        )
        .await;
    assert_eq!(partial.status, StatusCode::BAD_REQUEST);
    let after: Vec<i32> = ProductImage::for_product(&mut app.conn(), id)
        .expect("photos")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(after, now);

    // A photo described, one removed: each says so.
    let described = b
        .submit(
            &page_path,
            &format!("{page_path}/anh/{}/mo-ta", now[0]),
            &[("alt", "Giỏ mây nhìn từ trên")],
        )
        .await;
    let page = follow(&mut b, &described).await;
    says_once(&mut b, &page, "Đã lưu mô tả ảnh").await;
    let removed = b
        .submit(&page_path, &format!("{page_path}/anh/{}/xoa", now[3]), &[])
        .await;
    let page = follow(&mut b, &removed).await;
    says_once(&mut b, &page, "Đã xóa ảnh").await;

    // "Lưu và gửi duyệt" with an edit: saved and sent in one step.
    let sent = b
        .submit(
            &page_path,
            &page_path,
            &[
                ("producer", &producer_id),
                ("name", "Giỏ mây Phú Vinh cỡ lớn"),
                ("category", "thu-cong-my-nghe"),
                ("description", "Đan tay từ mây rừng Phú Vinh."),
                ("then", "submit"),
            ],
        )
        .await;
    assert_eq!(sent.header("location"), "/doanh-nghiep");
    let (_, description, status) = product_row(&app, id);
    assert_eq!(
        description, "Đan tay từ mây rừng Phú Vinh.",
        "the edit is kept"
    );
    assert_eq!(status, ProductStatus::Submitted.as_str(), "and sent");
    let dashboard = follow(&mut b, &sent).await;
    says_once(
        &mut b,
        &dashboard,
        "Đã lưu và gửi duyệt Giỏ mây Phú Vinh cỡ lớn",
    )
    .await;
    assert_eq!(checklist_of(&dashboard), None, "every step done");
    assert!(dashboard.body.contains("Đã gửi, đang chờ cán bộ duyệt"));
    // Under review: the photos say so, never "approved".
    let page = b.get(&page_path).await;
    assert!(page.body.contains("Trạng thái ảnh: Đang chờ xem xét"));
    assert!(!page.body.contains("đã được duyệt"));
    assert!(!page.body.contains("Đã duyệt"));
}

#[actix_web::test]
async fn the_dashboard_says_where_each_product_stands_with_the_officials_reason() {
    let world = common::world::World::new();
    let a = world.member(common::Actor::BusinessA).expect("a");
    let mut b = world.app.browser_of(a);
    diesel::update(products::table.find(world.product_a))
        .set((
            products::status.eq(ProductStatus::Rejected),
            products::rejection_reason.eq(Some("Ảnh bị mờ, hãy chụp lại")),
        ))
        .execute(&mut *world.app.conn())
        .expect("reject");
    let dashboard = b.get("/doanh-nghiep").await;
    assert!(
        dashboard.body.contains(
            "Bị từ chối. Lý do của cán bộ: Ảnh bị mờ, hãy chụp lại. Hãy sửa rồi gửi lại."
        )
    );
    assert!(dashboard.body.contains("Sửa và gửi lại"));
    let english = b.get("/en/doanh-nghiep").await;
    assert!(
        english
            .body
            .contains("Rejected. The official&#x27;s reason: Ảnh bị mờ"),
        "{}",
        english.body
    );

    common::set_status(
        &mut world.app.conn(),
        world.product_a,
        ProductStatus::Published,
    );
    let dashboard = b.get("/doanh-nghiep").await;
    assert!(dashboard.body.contains("Đã duyệt, đang hiển thị công khai"));
    let page = b
        .get(&format!("/doanh-nghiep/san-pham/{}", world.product_a))
        .await;
    assert!(page.body.contains("Trạng thái ảnh: Đã duyệt"));
}

#[actix_web::test]
async fn points_of_sale_claims_and_producer_edits_say_what_happened() {
    let world = common::world::World::new();
    let a = world.member(common::Actor::BusinessA).expect("a");
    let mut b = world.app.browser_of(a);
    let producer = format!("/doanh-nghiep/nha-san-xuat/{}", world.producer_a);
    let saved = b
        .submit(
            &producer,
            &producer,
            &[
                ("name", "Xưởng Gốm An Mới"),
                ("address", "2 Bát Tràng"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    let page = follow(&mut b, &saved).await;
    says_once(&mut b, &page, "Đã lưu trang nhà sản xuất Xưởng Gốm An Mới").await;

    let new_point = format!("{producer}/diem-ban/moi");
    let point = b
        .submit(
            &new_point,
            &new_point,
            &[
                ("name", "Cửa hàng Gốm An Mới"),
                ("kind", "shop"),
                ("address", "14 Bát Tràng"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    let page = follow(&mut b, &point).await;
    says_once(&mut b, &page, "Đã thêm điểm bán Cửa hàng Gốm An Mới").await;

    let other = ProducerBuilder::new("Làng Nghề Khác").insert(&mut world.app.conn());
    let claim = b
        .submit(
            "/doanh-nghiep/nha-san-xuat/nhan",
            &format!("/doanh-nghiep/nha-san-xuat/{other}/nhan"),
            &[],
        )
        .await;
    let page = follow(&mut b, &claim).await;
    says_once(&mut b, &page, "Đã gửi yêu cầu quản lý trang").await;

    // In English, in English.
    let english = b
        .submit(
            &format!("/en{producer}"),
            &format!("/en{producer}"),
            &[
                ("name", "Xưởng Gốm An"),
                ("address", "2 Bát Tràng"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    assert_eq!(english.header("location"), "/en/doanh-nghiep");
    let page = follow(&mut b, &english).await;
    assert_eq!(
        flash_of(&page).as_deref(),
        Some("Producer page Xưởng Gốm An saved.")
    );
    assert!(page.body.contains("<html lang=\"en\""));
}

#[actix_web::test]
async fn a_product_not_yet_public_is_previewed_by_its_business_and_officials_only() {
    let world = common::world::World::new();
    let slug: String = products::table
        .find(world.product_a)
        .select(products::slug)
        .first(&mut *world.app.conn())
        .expect("slug");
    let path = format!("/san-pham/{slug}");
    let anonymous = world.app.get(&path).await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
    let missing = world.app.get("/san-pham/khong-co-san-pham-nay").await;
    for actor in [
        common::Actor::Citizen,
        common::Actor::BusinessB,
        common::Actor::SuspendedBusiness,
    ] {
        let member = world.member(actor).expect("member");
        let page = world.app.browser_of(member).get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{actor:?}");
        assert_eq!(
            page.body.replace(&slug, ""),
            world
                .app
                .browser_of(member)
                .get("/san-pham/khong-co-san-pham-nay")
                .await
                .body
                .replace("khong-co-san-pham-nay", ""),
            "{actor:?}: the same 404 as a missing product"
        );
    }
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    for actor in [
        common::Actor::BusinessA,
        common::Actor::Official,
        common::Actor::Admin,
    ] {
        let member = world.member(actor).expect("member");
        let page = world.app.browser_of(member).get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{actor:?}: {}", page.body);
        assert!(page.body.contains("id=\"preview-banner\""), "{actor:?}");
        assert!(page.body.contains("Bản xem trước — chưa công khai"));
        assert!(
            page.body
                .contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
        );
        assert_eq!(page.header("cache-control"), "no-store");
        assert_eq!(page.header("x-robots-tag"), "noindex, nofollow");
    }
    let english = world
        .app
        .browser_of(world.member(common::Actor::BusinessA).expect("a"))
        .get(&format!("/en{path}"))
        .await;
    assert!(english.body.contains("Preview — not public yet."));
    // The previews left nothing behind: still a 404 for everyone else, and nowhere public.
    assert_eq!(world.app.get(&path).await.status, StatusCode::NOT_FOUND);
    for listing in ["/san-pham", "/feed.xml"] {
        let page = world.app.get(listing).await;
        assert!(!page.body.contains(&slug), "{listing} names the draft");
    }
    assert!(
        !world.app.sitemap_text().await.contains(&slug),
        "the sitemap names the draft"
    );
    // Once public, the page is the ordinary one.
    common::set_status(
        &mut world.app.conn(),
        world.product_a,
        ProductStatus::Published,
    );
    let public = world.app.get(&path).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("preview-banner"));
    assert!(!public.body.contains("noindex"));
}

#[actix_web::test]
async fn the_checklist_and_the_forms_speak_english_on_the_english_site() {
    let app = TestApp::new();
    let me = app.member("new-en@example.vn", "business");
    let mut b = app.browser_of(&me);
    let dashboard = b.get("/en/doanh-nghiep").await;
    assert!(
        dashboard
            .body
            .contains("Steps to your first approved product")
    );
    assert!(
        dashboard
            .body
            .contains("href=\"/en/doanh-nghiep/nha-san-xuat/moi\"")
    );
    let redirect = b.get("/en/doanh-nghiep/san-pham/moi").await;
    assert_eq!(
        redirect.header("location"),
        "/en/doanh-nghiep/nha-san-xuat/moi"
    );
    let page = follow(&mut b, &redirect).await;
    assert!(flash_of(&page).is_some_and(|f| f.contains("Before adding a product")));
    let created = b
        .submit(
            "/en/doanh-nghiep/nha-san-xuat/moi",
            "/en/doanh-nghiep/nha-san-xuat/moi",
            &[
                ("name", "Phu Vinh Rattan"),
                ("address", "Phu Vinh"),
                ("province", "ha-noi"),
            ],
        )
        .await;
    assert_eq!(created.header("location"), "/en/doanh-nghiep/san-pham/moi");
    let page = follow(&mut b, &created).await;
    assert!(page.body.contains("Save and add photos"));
    assert!(page.body.contains("Next step: add your first product."));
}
