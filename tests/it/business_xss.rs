//! XSS payloads in every text field a business controls come out as text on every page that
//! shows them: the business's own pages and, once published, the public ones.

use crate::common;

use actix_web::http::StatusCode;
use common::Actor;
use common::world::{World, small_jpeg};
use hangviet::db::models::product::ProductStatus;

const PAYLOADS: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "</textarea><svg onload=alert(3)>",
    "javascript:alert(4)",
];

#[actix_web::test]
async fn business_text_is_escaped_everywhere() {
    let world = World::new();
    let a = world.member(Actor::BusinessA).expect("a");
    let mut b = world.app.browser_of(a);
    let producer_path = format!("/doanh-nghiep/nha-san-xuat/{}", world.producer_a);
    let product_path = format!("/doanh-nghiep/san-pham/{}", world.product_a);
    let mut cases = 0;
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let name = format!("Xưởng {i} {payload}");
        let page = b
            .post_raw(
                &producer_path,
                &[
                    ("csrf_token", &a.csrf_token),
                    ("name", &name),
                    ("legal_name", payload),
                    ("address", payload),
                    ("province", "ha-noi"),
                    ("description", payload),
                ],
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let product_name = format!("Bình {i} {payload}");
        let page = b
            .post_raw(
                &product_path,
                &[
                    ("csrf_token", &a.csrf_token),
                    ("producer", &world.producer_a.to_string()),
                    ("name", &product_name),
                    ("category", "thu-cong-my-nghe"),
                    ("brand", payload),
                    ("description", payload),
                ],
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let photo = small_jpeg();
        let up = b
            .post_multipart(
                &format!("{product_path}/anh"),
                &[
                    ("csrf_token", None, a.csrf_token.as_bytes()),
                    ("alt", None, payload.as_bytes()),
                    ("photo", Some("x.jpg"), &photo),
                ],
            )
            .await;
        assert!(
            up.status == StatusCode::SEE_OTHER || up.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            up.body
        );

        common::set_status(
            &mut world.app.conn(),
            world.product_a,
            ProductStatus::Published,
        );
        world.app.state.pages.clear();
        let slug: String = {
            use diesel::prelude::*;
            hangviet::db::schema::products::table
                .find(world.product_a)
                .select(hangviet::db::schema::products::slug)
                .first(&mut *world.app.conn())
                .expect("slug")
        };
        let producer_slug: String = {
            use diesel::prelude::*;
            hangviet::db::schema::producers::table
                .find(world.producer_a)
                .select(hangviet::db::schema::producers::slug)
                .first(&mut *world.app.conn())
                .expect("slug")
        };
        let pages = [
            b.get("/doanh-nghiep").await,
            b.get(&producer_path).await,
            b.get(&product_path).await,
            world.app.page(&format!("/san-pham/{slug}")).await,
            world
                .app
                .page(&format!("/nha-san-xuat/{producer_slug}"))
                .await,
            world.app.page("/san-pham").await,
            world.app.page("/nha-san-xuat").await,
        ];
        for page in &pages {
            assert!(!page.body.contains("<script>alert"), "script tag");
            assert!(!page.body.contains("<img src=x"), "img tag");
            assert!(!page.body.contains("<svg onload"), "svg tag");
            assert!(!page.body.contains("href=\"javascript:"), "javascript link");
            cases += 1;
        }
        // Back to a draft for the next round.
        common::set_status(&mut world.app.conn(), world.product_a, ProductStatus::Draft);
    }
    println!("business XSS table: {cases} page checks");
}
