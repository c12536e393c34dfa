//! The officials' overview: counts with links to the queues, and charts drawn as inline SVG
//! with a table fallback, their labels escaped.

use crate::common;

use common::Actor;
use common::world::World;
use diesel::prelude::*;
use hangviet::db::schema::categories;

fn tile(value: i64, label: &str) -> String {
    format!(
        "<span class=\"stat-tiles__value\">{value}</span> <span class=\"stat-tiles__label\">{label}</span>"
    )
}

#[actix_web::test]
async fn the_dashboard_counts_the_queues_and_draws_escaped_charts() {
    let world = World::new();
    hangviet::db::models::Product::submit(&mut world.app.conn(), world.product_a).expect("submit");
    diesel::update(categories::table.filter(categories::slug.eq("thu-cong-my-nghe")))
        .set(categories::name.eq("Thủ công <script>alert(1)</script>"))
        .execute(&mut *world.app.conn())
        .expect("rename");
    world.app.state.reference.invalidate();

    let official = world.member(Actor::Official).expect("official");
    let page = world
        .app
        .browser_of(official)
        .get("/quan-tri/tong-quan")
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.body);
    for expected in [
        tile(1, "Sản phẩm đã công bố"),
        tile(3, "Nhà sản xuất"),
        // The published basket's OCOP award and the draft product A's.
        tile(2, "Danh hiệu đã ghi nhận"),
        tile(1, "Sản phẩm chờ duyệt"),
        tile(0, "Thay đổi chờ duyệt"),
        tile(1, "Yêu cầu nhận quản lý"),
        tile(1, "Báo cáo chưa xử lý"),
        "href=\"/quan-tri/bao-cao\"".to_owned(),
    ] {
        assert!(page.body.contains(&expected), "{expected}");
    }
    assert_eq!(page.body.matches("<svg").count(), 3);
    assert_eq!(page.body.matches("role=\"img\"").count(), 3);
    assert_eq!(page.body.matches("<details>").count(), 3);
    assert!(
        page.body.contains("<title>2023: 1</title>"),
        "one product awarded in 2023"
    );
    assert!(page.body.contains("<title>Hà Nội: 1</title>"));
    assert!(
        !page.body.contains("<script>alert(1)"),
        "a category name is data"
    );
    assert!(
        page.body
            .contains("Thủ công &lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        !page.body.contains("<script src=\"http"),
        "no external scripts"
    );
}
