//! Database set-up on both backends, the "only published is public" rule, and demo seeding.

use crate::common;

use actix_web::http::StatusCode;
use common::{ProducerBuilder, ProductBuilder, TestApp};
use hangviet::db::Db;
use hangviet::db::models::{Category, Product, ProvinceIndex};

#[test]
fn a_wrong_postgres_url_fails_with_the_real_reason() {
    let err = Db::connect("postgres://nobody:wrong@127.0.0.1:1/nothing", 2)
        .err()
        .expect("no server listens on port 1");
    let message = format!("{err:#}");
    assert!(message.contains("Postgres"), "{message}");
    assert!(
        message.contains("refused") || message.contains("connect"),
        "names the cause: {message}"
    );
}

#[test]
fn migrating_twice_is_harmless_and_loads_reference_data_once() {
    let app = TestApp::new();
    app.db().migrate().expect("second migrate");
    let mut conn = app.conn();
    let provinces = ProvinceIndex::load(&mut conn).expect("provinces");
    assert_eq!(provinces.provinces.len(), 34);
    assert!(provinces.aliases.iter().any(|a| a.name == "Kiên Giang"));
    assert_eq!(Category::all(&mut conn).expect("categories").len(), 16);
}

/// Without statistics SQLite takes the `status` index for selective and walks every
/// published product through it; seeding and the bulk-download build refresh them.
#[test]
fn refreshing_statistics_measures_the_catalogue_tables() {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    use hangviet::db::{Backend, Statistics};
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let app = TestApp::new();
    let maker = ProducerBuilder::new("Công ty Chè Tân Cương").insert(&mut app.conn());
    ProductBuilder::new("Chè búp Tân Cương", maker).insert(&mut app.conn());
    let count = |app: &TestApp, sql: &str| -> i64 {
        diesel::sql_query(sql)
            .get_result::<Count>(&mut *app.conn())
            .expect("statistics query")
            .n
    };
    // 1 when the products table has statistics, else 0.
    let measured = |app: &TestApp| -> i64 {
        match app.db().backend() {
            Backend::Sqlite => {
                let kept = "SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'";
                if count(app, kept) == 0 {
                    return 0;
                }
                count(
                    app,
                    "SELECT count(DISTINCT tbl) AS n FROM sqlite_stat1 WHERE tbl = 'products'",
                )
            }
            Backend::Postgres => count(
                app,
                "SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname = 'products' \
                 AND schemaname = current_schema() AND last_analyze IS NOT NULL",
            ),
        }
    };
    assert_eq!(measured(&app), 0, "a new database has no statistics");
    app.db()
        .refresh_statistics(Statistics::Rebuild)
        .expect("statistics");
    assert_eq!(measured(&app), 1, "the products table was measured");
    app.db()
        .refresh_statistics(Statistics::IfStale)
        .expect("a second refresh is harmless");
}

#[actix_web::test]
async fn unpublished_products_are_not_public() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Cơ sở Kiểm Thử").insert(&mut conn);
        ProductBuilder::new("Trà công khai", producer)
            .award("hvnclc", 2023, None)
            .insert(&mut conn);
        for status in ["draft", "submitted", "rejected", "hidden"] {
            ProductBuilder::new(&format!("Trà {status}"), producer)
                .status(status)
                .award("hvnclc", 2023, None)
                .insert(&mut conn);
        }
    }
    let list = app.page("/san-pham").await;
    assert_eq!(list.card_count(), 1);
    let awards = app.page("/giai-thuong/hvnclc/2023").await;
    assert_eq!(awards.card_count(), 1);
    for status in ["draft", "submitted", "rejected", "hidden"] {
        assert!(!list.body.contains(&format!("Trà {status}")));
        assert!(!awards.body.contains(&format!("Trà {status}")));
        let page = app.get(&format!("/san-pham/tra-{status}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{status}");
    }
}

#[actix_web::test]
async fn producer_without_published_products_has_no_page() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Xưởng Chưa Duyệt").insert(&mut conn);
        ProductBuilder::new("Bánh nháp", producer)
            .status("draft")
            .insert(&mut conn);
    }
    assert_eq!(
        app.get("/nha-san-xuat/xuong-chua-duyet").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.page("/nha-san-xuat")
            .await
            .body
            .contains("Xưởng Chưa Duyệt")
    );
}

#[test]
fn demo_catalogue_covers_every_category_programme_and_year() {
    let app = TestApp::demo();
    let mut conn = app.conn();
    let published = Product::count_published(&mut conn).expect("count");
    assert!(
        (1_900..=2_000).contains(&published),
        "published: {published}"
    );
    assert_eq!(Product::count_all(&mut conn).expect("count"), 2_000);

    use diesel::prelude::*;
    use hangviet::db::schema::{awards, producers, products};
    let categories: i64 = products::table
        .select(diesel::dsl::count(products::category_id).aggregate_distinct())
        .first(&mut *conn)
        .expect("categories");
    assert_eq!(categories, 16);
    let provinces: i64 = producers::table
        .select(diesel::dsl::count(producers::province_id).aggregate_distinct())
        .first(&mut *conn)
        .expect("provinces");
    assert_eq!(provinces, 34);
    let legacy: i64 = producers::table
        .filter(producers::province_alias_id.is_not_null())
        .count()
        .get_result(&mut *conn)
        .expect("legacy");
    assert!(
        legacy > 20,
        "producers recorded under pre-2025 names: {legacy}"
    );
    for programme in ["hvn-yeu-thich", "ocop", "hvnclc", "thqg"] {
        let n: i64 = awards::table
            .filter(awards::programme.eq(programme))
            .count()
            .get_result(&mut *conn)
            .expect("awards");
        assert!(n > 50, "{programme}: {n}");
    }
    let years: Vec<i32> = awards::table
        .select(awards::year)
        .distinct()
        .order(awards::year)
        .load(&mut *conn)
        .expect("years");
    assert_eq!(years, (2015..=2025).collect::<Vec<_>>());
    // Every real award row of both lists is there, with its source, on a real product; no
    // generated award cites a source.
    let sourced: i64 = awards::table
        .inner_join(products::table)
        .filter(awards::source_url.is_not_null())
        .filter(products::is_demo.eq(false))
        .count()
        .get_result(&mut *conn)
        .expect("sourced");
    assert_eq!(sourced, 27 + 358);
    let generated_sourced: i64 = awards::table
        .inner_join(products::table)
        .filter(awards::source_url.is_not_null())
        .filter(products::is_demo.eq(true))
        .count()
        .get_result(&mut *conn)
        .expect("generated");
    assert_eq!(generated_sourced, 0);
}

#[test]
fn demo_is_refused_on_a_non_empty_database_and_changes_nothing() {
    let app = TestApp::new();
    {
        let mut conn = app.conn();
        let producer = ProducerBuilder::new("Đã Có Dữ Liệu").insert(&mut conn);
        ProductBuilder::new("Sản phẩm có sẵn", producer).insert(&mut conn);
    }
    let media_before = app.stored_file_count();
    let err = hangviet::demo::seed(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
    )
    .expect_err("refused");
    assert!(err.to_string().contains("already has products"));
    let mut conn = app.conn();
    assert_eq!(Product::count_all(&mut conn).expect("count"), 1);
    assert_eq!(app.stored_file_count(), media_before, "no photo written");
    let again = hangviet::demo::seed_if_empty(
        &app.state.db,
        &app.state.media,
        hangviet::demo::Progress::Hidden,
    )
    .expect("no error");
    assert!(again.is_none());
}

#[test]
fn a_short_rate_limit_window_does_not_forget_a_long_ones_events() {
    use chrono::{Duration, Utc};
    use diesel::prelude::*;
    use hangviet::db::models::rate_limit::RateLimit;
    use hangviet::db::schema::rate_limit_events;

    let app = TestApp::new();
    let mut conn = app.conn();
    let now = Utc::now().naive_utc();
    let events = |conn: &mut hangviet::db::DbConnection, bucket: &str| -> i64 {
        rate_limit_events::table
            .filter(rate_limit_events::bucket.eq(bucket))
            .count()
            .get_result(conn)
            .expect("count")
    };
    // Five reports half an hour ago fill an hourly limit of five; one event is two days old.
    for (bucket, age) in [("report-ip:a", 30); 5]
        .into_iter()
        .chain([("report-ip:a", 2 * 24 * 60)])
    {
        diesel::insert_into(rate_limit_events::table)
            .values((
                rate_limit_events::bucket.eq(bucket),
                rate_limit_events::at.eq(now - Duration::minutes(age)),
            ))
            .execute(&mut *conn)
            .expect("old event");
    }
    // A login with its 15-minute window prunes only what no window can need any more.
    assert!(RateLimit::hit(&mut conn, "login-ip:b", 10, Duration::minutes(15)).expect("hit"));
    assert_eq!(
        events(&mut conn, "report-ip:a"),
        5,
        "the two-day-old event is gone"
    );
    let allowed = RateLimit::hit(&mut conn, "report-ip:a", 5, Duration::hours(1)).expect("hit");
    assert!(!allowed, "the hourly limit still counts the five reports");
    assert_eq!(
        events(&mut conn, "report-ip:a"),
        5,
        "a refused hit stores nothing"
    );
    // Outside the window the same bucket is free again.
    assert!(RateLimit::hit(&mut conn, "report-ip:a", 5, Duration::minutes(20)).expect("hit"));
}
