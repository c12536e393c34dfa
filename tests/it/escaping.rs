//! Hostile text in product and producer fields is shown as text on every page that renders
//! it, and cannot break out of the JSON-LD `<script>` element.

use crate::common;

use common::{ProducerBuilder, ProductBuilder, TestApp};

const XSS: &str = "<script>alert(1)</script>";
const BREAKOUT: &str = "</script><script>alert(2)</script>";

#[actix_web::test]
async fn script_in_names_is_escaped_on_every_page() {
    let app = TestApp::new();
    let producer_name = format!("Xưởng {XSS}");
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new(&producer_name)
            .description(&format!("Giới thiệu {BREAKOUT}"))
            .insert(&mut conn);
        ProductBuilder::new(XSS, producer)
            .slug("hostile")
            .category("do-uong")
            .brand(XSS)
            .description(&format!("Mô tả {BREAKOUT} \"quoted\" & more"))
            .award("ocop", 2024, Some("4"))
            .insert(&mut conn);
    }
    let producer_slug = hangviet::text::slugify(&producer_name);
    let pages = [
        "/".to_owned(),
        "/san-pham".to_owned(),
        "/san-pham/hostile".to_owned(),
        "/danh-muc/do-uong".to_owned(),
        "/giai-thuong/ocop/2024".to_owned(),
        "/nha-san-xuat".to_owned(),
        format!("/nha-san-xuat/{producer_slug}"),
    ];
    for path in &pages {
        let page = app.page(path).await;
        assert!(
            page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "escaped name on {path}"
        );
        assert!(
            !page.body.contains("<script>alert("),
            "raw script tag on {path}"
        );
    }

    let product = app.page("/san-pham/hostile").await;
    let ld = product.json_ld();
    assert_eq!(ld["name"], XSS, "JSON-LD keeps the real name");
    assert!(
        ld["description"]
            .as_str()
            .is_some_and(|d| d.contains(BREAKOUT))
    );
    assert_eq!(
        product.body.matches("</script>").count(),
        5,
        "only the JSON-LD element and the site's own scripts (suggestions, gallery, sharing, \
         near me) close"
    );

    let producer = app.page(&format!("/nha-san-xuat/{producer_slug}")).await;
    assert_eq!(producer.json_ld()["name"], producer_name);
}
