//! Articles: drafts and scheduled articles stay private until their time, bodies are
//! sanitised, the feed and the sitemap are well-formed and escaped, and officials' changes are
//! audited while refused ones write nothing.

use crate::common;

use actix_web::http::StatusCode;
use common::articles::{assert_well_formed, count, post, public_places, publish, slug_of, write};
use common::world::World;
use common::{Actor, Browser, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::schema::articles;

#[actix_web::test]
async fn drafts_and_scheduled_articles_are_private_until_their_time() {
    let world = World::new();
    let app = &world.app;
    let draft = write(
        &world,
        &[
            ("title", "Mua hàng trực tuyến an toàn"),
            ("topic", "quyen-loi"),
            ("body", "Kiểm tra **người bán** trước khi trả tiền."),
        ],
    )
    .await;
    let slug = slug_of(&world, draft);
    assert_eq!(slug, "mua-hang-truc-tuyen-an-toan");
    let title = "Mua hàng trực tuyến an toàn";
    assert_eq!(
        public_places(app, &slug, title).await,
        [false; 4],
        "a draft"
    );
    let official = world.member(Actor::Official).expect("official");
    let preview = app
        .browser_of(official)
        .get(&format!("/quan-tri/tin-tuc/{draft}/xem-truoc"))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.body.contains("bản nháp") && preview.body.contains("<strong>người bán</strong>")
    );
    assert_eq!(
        preview.header("cache-control"),
        "no-store",
        "previews are never cached"
    );

    // Scheduled for later (Vietnam time, stored as UTC): published, but not yet public.
    let later = write(
        &world,
        &[
            ("title", "Ngày Quyền của người tiêu dùng"),
            ("topic", "tin-hoat-dong"),
            ("body", "Hưởng ứng ngày 15/3."),
            ("publish_at", "2099-03-15T07:30"),
        ],
    )
    .await;
    let stored: Option<chrono::NaiveDateTime> = articles::table
        .find(later)
        .select(articles::publish_at)
        .first(&mut *app.conn())
        .expect("article");
    assert_eq!(
        stored.map(|t| t.to_string()).as_deref(),
        Some("2099-03-15 00:30:00"),
        "UTC+7 → UTC"
    );
    publish(&world, later).await;
    let later_slug = slug_of(&world, later);
    let later_title = "Ngày Quyền của người tiêu dùng";
    assert_eq!(
        public_places(app, &later_slug, later_title).await,
        [false; 4],
        "scheduled"
    );
    let list = app.browser_of(official).get("/quan-tri/tin-tuc").await;
    assert!(list.body.contains("Đã lên lịch") && list.body.contains("15/03/2099 07:30"));

    // Its time comes.
    diesel::update(articles::table.find(later))
        .set(articles::publish_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)))
        .execute(&mut *app.conn())
        .expect("time passes");
    assert_eq!(
        public_places(app, &later_slug, later_title).await,
        [true; 4],
        "due"
    );

    // Publishing without a time publishes at once; taking back hides it again.
    publish(&world, draft).await;
    assert_eq!(
        public_places(app, &slug, title).await,
        [true; 4],
        "published"
    );
    let page = app.page(&format!("/tin-tuc/{slug}")).await;
    assert!(page.body.contains("<strong>người bán</strong>"));
    let hide = post(
        &world,
        Actor::Official,
        &format!("/quan-tri/tin-tuc/{draft}/an"),
        &[],
    )
    .await;
    assert_eq!(hide.status, StatusCode::SEE_OTHER);
    assert_eq!(
        public_places(app, &slug, title).await,
        [false; 4],
        "back to draft"
    );

    // The world's own article makes one more creation.
    assert_eq!(count(&world, "create_article"), 3);
    assert_eq!(count(&world, "publish_article"), 2);
    assert_eq!(count(&world, "unpublish_article"), 1);
    let log = app
        .browser_of(official)
        .get("/quan-tri/nhat-ky?action=publish_article")
        .await;
    assert!(
        log.body.contains("lên lịch 15/03/2099 07:30"),
        "the schedule is in the log"
    );
}

#[actix_web::test]
async fn article_bodies_are_sanitised_on_the_public_page() {
    let world = World::new();
    let body = "Đọc kỹ nhãn.\n\n<script>alert('kịch bản')</script>\n\n\
                [bấm vào đây](javascript:alert(1))\n\n<img src=x onerror=alert(2)>\n\n\
                <iframe src=\"https://evil.example/\"></iframe>\n\n\
                <a href=\"https://moit.gov.vn\" onclick=\"alert(3)\" style=\"color:red\">Bộ Công Thương</a>";
    let id = write(
        &world,
        &[
            ("title", "Nhãn hàng hóa </script><script>alert(4)</script>"),
            ("topic", "nhan-biet"),
            ("body", body),
        ],
    )
    .await;
    publish(&world, id).await;
    let page = world
        .app
        .page(&format!("/tin-tuc/{}", slug_of(&world, id)))
        .await;
    let start = page.body.find("<div class=\"prose\">").expect("the body");
    let end = start + page.body[start..].find("</article>").expect("article ends");
    let prose = &page.body[start..end];
    for bad in [
        "<script",
        "javascript:",
        "onerror",
        "<iframe",
        "evil.example",
        "onclick",
        "style=",
    ] {
        assert!(!prose.contains(bad), "{bad} survived: {prose}");
    }
    assert!(prose.contains("Đọc kỹ nhãn."));
    assert!(prose.contains(
        r#"<a href="https://moit.gov.vn" rel="noopener noreferrer nofollow">Bộ Công Thương</a>"#
    ));
    assert!(
        !page.body.contains("<script>alert(4)"),
        "the title is escaped everywhere"
    );
    let ld = page.json_ld();
    assert_eq!(ld["@type"], "Article");
    assert_eq!(
        ld["headline"],
        "Nhãn hàng hóa </script><script>alert(4)</script>"
    );
    assert!(
        page.body
            .contains(r#"<meta property="og:type" content="article">"#)
    );
}

#[actix_web::test]
async fn feed_and_sitemap_are_well_formed_and_escaped() {
    let world = World::new();
    {
        let mut conn = world.app.conn();
        let producer = common::ProducerBuilder::new("Cơ sở <Bà Năm> & con").insert(&mut conn);
        ProductBuilder::new("Mắm <tép> & \"chưng\" thịt", producer)
            .description("Đặc sản <b>Huế</b> & miền Trung\u{1b}, 'ngon'")
            .insert(&mut conn);
        ProductBuilder::new("Bản nháp chưa duyệt", producer)
            .status("draft")
            .insert(&mut conn);
    }
    let id = write(
        &world,
        &[
            ("title", "Cá <kho> & \"tộ\""),
            ("summary", "Tóm tắt <b>đậm</b> & nhạt"),
            ("topic", "tin-hoat-dong"),
            ("body", "Nội dung."),
        ],
    )
    .await;
    publish(&world, id).await;

    let feed = world.app.page("/feed.xml").await;
    assert_eq!(
        feed.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    assert_well_formed(&feed.body);
    // The world's published basket and product week, the product above and the article.
    assert_eq!(feed.body.matches("<entry>").count(), 4, "{}", feed.body);
    assert!(
        feed.body
            .contains("<title>Cá &lt;kho&gt; &amp; &quot;tộ&quot;</title>")
    );
    assert!(
        feed.body
            .contains("<title>Mắm &lt;tép&gt; &amp; &quot;chưng&quot; thịt</title>")
    );
    assert!(
        feed.body
            .contains("Đặc sản &lt;b&gt;Huế&lt;/b&gt; &amp; miền Trung")
    );
    assert!(feed.body.contains("<link rel=\"alternate\" type=\"text/html\" href=\"http://localhost:8080/tin-tuc/ca-kho-to\"/>"));
    assert!(
        feed.body.contains("miền Trung, &#x27;ngon&#x27;"),
        "a control character XML cannot hold is dropped"
    );
    assert!(
        feed.body
            .contains("<category term=\"san-pham\" label=\"Sản phẩm mới\"/>")
    );
    assert!(!feed.body.contains("Bản nháp chưa duyệt") && !feed.body.contains("Quyền đổi trả"));

    let files = world.app.sitemap_files().await;
    for (path, file) in &files {
        assert_eq!(
            file.header("content-type"),
            "application/xml; charset=utf-8",
            "{path}"
        );
        assert_well_formed(&file.body);
    }
    let sitemap: String = files.into_iter().map(|(_, f)| f.body).collect();
    for loc in [
        "http://localhost:8080/",
        "http://localhost:8080/tin-tuc",
        "http://localhost:8080/tin-tuc/ca-kho-to",
        "http://localhost:8080/san-pham/mam-tep-chung-thit",
        "http://localhost:8080/nha-san-xuat/co-so-ba-nam-con",
        "http://localhost:8080/danh-muc/thuc-pham",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc}");
    }
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost:8080/en/san-pham/mam-tep-chung-thit\"/>"
    ));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost:8080/en\"/>"
    ));
    assert!(!sitemap.contains("ban-nhap-chua-duyet"));
    assert!(
        !sitemap.contains("binh-gom-men-lam"),
        "the world's draft product"
    );
    assert!(
        !sitemap.contains("/nha-san-xuat/xuong-gom-an<"),
        "nothing published"
    );
    let home = world.app.page("/").await;
    assert!(
        home.body
            .contains(r#"<link rel="alternate" type="application/atom+xml""#)
    );
    assert!(
        home.body.contains("Cá &lt;kho&gt; &amp; &quot;tộ&quot;"),
        "the newest article on the home page"
    );

    let english = world.app.page("/en/feed.xml").await;
    assert_well_formed(&english.body);
    assert!(english.body.contains("xml:lang=\"en\""));
    assert!(
        english
            .body
            .contains("<title>hangviet: new products and news</title>")
    );
    assert!(english.body.contains("label=\"New products\""));
    assert!(
        english
            .body
            .contains("href=\"http://localhost:8080/en/san-pham/mam-tep-chung-thit\"")
    );
    assert!(
        english
            .body
            .contains("<title>Mắm &lt;tép&gt; &amp; &quot;chưng&quot; thịt</title>")
    );
}

#[actix_web::test]
async fn invalid_article_forms_keep_the_input_and_write_nothing() {
    let world = World::new();
    let before = world.fingerprint();
    // Over 100 KB, yet under the form limit once percent-encoded.
    let long_body = "a".repeat(101 * 1024);
    for (fields, field, message) in [
        (
            vec![
                ("title", "  "),
                ("topic", "quyen-loi"),
                ("body", "Nội dung giữ lại"),
            ],
            "title",
            "Không được để trống.",
        ),
        (
            vec![
                ("title", "Tiêu đề giữ lại"),
                ("topic", "khong-co"),
                ("body", "x"),
            ],
            "topic",
            "Hãy chọn chủ đề.",
        ),
        (
            vec![("title", "Tiêu đề"), ("topic", "nhan-biet"), ("body", "")],
            "body",
            "Nội dung không được để trống.",
        ),
        (
            vec![
                ("title", "Tiêu đề"),
                ("topic", "nhan-biet"),
                ("body", long_body.as_str()),
            ],
            "body",
            "Nội dung dài tối đa 100 KB",
        ),
        (
            vec![
                ("title", "Tiêu đề"),
                ("topic", "nhan-biet"),
                ("body", "x"),
                ("publish_at", "ngày mai"),
            ],
            "publish_at",
            "Thời điểm đăng không hợp lệ",
        ),
    ] {
        let title = "x".repeat(201);
        let over_long = [
            ("title", title.as_str()),
            ("topic", "nhan-biet"),
            ("body", "x"),
        ];
        for (fields, field, message) in [
            (fields.as_slice(), field, message),
            (&over_long[..], "title", "Dài tối đa 200 ký tự."),
        ] {
            for path in [
                "/quan-tri/tin-tuc/moi".to_owned(),
                format!("/quan-tri/tin-tuc/{}", world.article),
            ] {
                let page = post(&world, Actor::Official, &path, fields).await;
                assert_eq!(
                    page.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path} {field}"
                );
                assert!(
                    page.body.contains(&format!("id=\"e-{field}\">{message}")),
                    "{path}: the message sits under {field}: {}",
                    page.body
                );
                for (name, value) in fields {
                    if *name != "topic" && value.len() < 100 && !value.trim().is_empty() {
                        assert!(page.body.contains(*value), "{name} kept on {path}");
                    }
                }
                assert_eq!(
                    world.fingerprint(),
                    before,
                    "{path} {field} wrote something"
                );
            }
        }
    }
    assert_eq!(
        count(&world, "create_article"),
        1,
        "the world's article only"
    );
    assert_eq!(count(&world, "update_article"), 0);

    // A valid edit is saved, re-rendered and audited.
    let path = format!("/quan-tri/tin-tuc/{}", world.article);
    let page = post(
        &world,
        Actor::Official,
        &path,
        &[
            ("title", "Quyền đổi trả hàng lỗi (cập nhật)"),
            ("topic", "quyen-loi"),
            ("body", "## Bước 1\n\nGiữ hóa đơn."),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (title, html): (String, String) = articles::table
        .find(world.article)
        .select((articles::title, articles::body_html))
        .first(&mut *world.app.conn())
        .expect("article");
    assert_eq!(title, "Quyền đổi trả hàng lỗi (cập nhật)");
    assert!(html.contains("<h2>Bước 1</h2>"), "{html}");
    assert_eq!(count(&world, "update_article"), 1);
}

#[actix_web::test]
async fn the_public_list_filters_by_topic() {
    let world = World::new();
    for (title, topic) in [
        ("Quyền được thông tin", "quyen-loi"),
        ("Đọc tem OCOP", "nhan-biet"),
    ] {
        let id = write(
            &world,
            &[("title", title), ("topic", topic), ("body", "Nội dung.")],
        )
        .await;
        publish(&world, id).await;
    }
    let all = world.app.page("/tin-tuc").await;
    assert!(all.body.contains("Quyền được thông tin") && all.body.contains("Đọc tem OCOP"));
    let rights = world.app.page("/tin-tuc?chu-de=quyen-loi").await;
    assert!(rights.body.contains("Quyền được thông tin") && !rights.body.contains("Đọc tem OCOP"));
    assert!(rights.body.contains("<h1>Quyền lợi người tiêu dùng</h1>"));
    for bad in [
        "/tin-tuc?chu-de=tin-don",
        "/tin-tuc?page=0",
        "/tin-tuc?page=abc",
    ] {
        assert_eq!(
            world.app.get(bad).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    assert_eq!(
        world.app.get("/tin-tuc?chu-de=").await.status,
        StatusCode::OK
    );
    let mut visitor = Browser::new(&world.app);
    assert_eq!(
        visitor.get("/tin-tuc/khong-co-bai-nay").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_demo_articles_are_published_and_shown_on_the_home_page() {
    let app = TestApp::demo();
    let list = app.page("/tin-tuc").await;
    assert_eq!(list.body.matches("class=\"article-row\"").count(), 5);
    for title in [
        "Ngày Quyền của người tiêu dùng Việt Nam: những quyền bạn cần biết",
        "Cách nhận biết sản phẩm OCOP thật qua tem và mã QR",
        "Đổi trả hàng lỗi: quyền và cách làm",
    ] {
        assert!(list.body.contains(title), "{title}");
    }
    let home = app.page("/").await;
    assert!(
        home.body
            .contains("Cách nhận biết sản phẩm OCOP thật qua tem và mã QR")
    );
    assert!(
        !home.body.contains("Đổi trả hàng lỗi: quyền và cách làm"),
        "only the newest three"
    );
    let article = app
        .page("/tin-tuc/cach-nhan-biet-san-pham-ocop-that-qua-tem-va-ma-qr")
        .await;
    assert!(
        article
            .body
            .contains("<h2>1. Nhìn biểu trưng và số sao</h2>")
    );
    assert!(article.body.contains(
        r#"<link rel="canonical" href="http://localhost:8080/tin-tuc/cach-nhan-biet-san-pham-ocop-that-qua-tem-va-ma-qr">"#
    ));
    assert_eq!(article.json_ld()["@type"], "Article");
}
