//! The keys that let every filter walk an index (migration `filter_keys`): the province kept on
//! each product, the award keys behind the award filters and a year's list of winners, and the
//! per-tier counts of those lists. Each answer through the keys is checked against a scan of
//! the awards themselves, and the keys are checked to follow every write that changes them:
//! an award import, a firm-level award, approval, renaming, hiding, a producer's move, deletion.

use crate::common;

use actix_web::http::StatusCode;
use common::world::{World, reviewed_version};
use common::{Actor, ProducerBuilder, ProductBuilder, TestApp};
use diesel::prelude::*;
use hangviet::db::DbConnection;
use hangviet::db::models::award::tier_rank;
use hangviet::db::models::product::{CatalogueFilter, CatalogueSort, LIST_CAP, ProductStatus};
use hangviet::db::models::province::ProvinceRef;
use hangviet::db::models::winners::WinnerFilter;
use hangviet::db::models::{Award, NewAward, PageRequest, Product, Programme};
use hangviet::db::schema::{award_keys, award_list_counts, awards, producers, products, provinces};

/// A published product as the scans need it.
#[derive(Debug, Clone)]
struct Row {
    id: i32,
    producer_id: i32,
    name_folded: String,
    is_demo: bool,
    province_id: Option<i32>,
    category_id: i32,
    published_at: chrono::NaiveDateTime,
    award_year: i32,
    award_rank: i32,
}

fn published(conn: &mut DbConnection) -> Vec<Row> {
    type Loaded = (
        (i32, i32, String, bool, Option<i32>),
        (i32, Option<chrono::NaiveDateTime>, i32, i32),
    );
    let rows: Vec<Loaded> = products::table
        .inner_join(producers::table)
        .filter(products::status.eq(ProductStatus::Published))
        .select((
            (
                products::id,
                products::producer_id,
                products::name_folded,
                products::is_demo,
                producers::province_id,
            ),
            (
                products::category_id,
                products::published_at,
                products::award_year,
                products::award_rank,
            ),
        ))
        .load(conn)
        .expect("products");
    rows.into_iter()
        .map(
            |(
                (id, producer_id, name_folded, is_demo, province_id),
                (category_id, at, year, rank),
            )| {
                Row {
                    id,
                    producer_id,
                    name_folded,
                    is_demo,
                    province_id,
                    category_id,
                    published_at: at.expect("a published product has its date"),
                    award_year: year,
                    award_rank: rank,
                }
            },
        )
        .collect()
}

fn all_awards(conn: &mut DbConnection) -> Vec<Award> {
    awards::table
        .select(Award::as_select())
        .load(conn)
        .expect("awards")
}

/// The ids, in the order `sort`, of the published products passing the award filters and
/// `also`, by a scan of every award (a product's own, and its producer's firm-level ones).
fn scanned(
    rows: &[Row],
    awards: &[Award],
    (programme, year, tier): (Option<Programme>, Option<i32>, Option<&str>),
    also: impl Fn(&Row) -> bool,
    sort: CatalogueSort,
) -> Vec<i32> {
    let mut hits: Vec<&Row> = rows
        .iter()
        .filter(|r| also(r))
        .filter(|r| {
            awards.iter().any(|a| {
                (a.product_id == Some(r.id) || a.producer_id == Some(r.producer_id))
                    && programme.is_none_or(|p| a.programme == p)
                    && year.is_none_or(|y| a.year == y)
                    && tier.is_none_or(|t| a.tier.as_deref() == Some(t))
            })
        })
        .collect();
    use std::cmp::Reverse;
    match sort {
        CatalogueSort::Name => {
            hits.sort_by(|a, b| (&a.name_folded, a.id).cmp(&(&b.name_folded, b.id)))
        }
        CatalogueSort::Newest => hits.sort_by_key(|r| Reverse((r.published_at, r.id))),
        CatalogueSort::AwardYear => {
            hits.sort_by_key(|r| Reverse((r.award_year, r.published_at, r.id)));
        }
        CatalogueSort::Tier => hits.sort_by(|a, b| {
            (
                Reverse(a.award_rank),
                Reverse(a.award_year),
                &a.name_folded,
                a.id,
            )
                .cmp(&(
                    Reverse(b.award_rank),
                    Reverse(b.award_year),
                    &b.name_folded,
                    b.id,
                ))
        }),
    }
    hits.into_iter().map(|r| r.id).collect()
}

fn catalogue_ids(conn: &mut DbConnection, filter: &CatalogueFilter) -> (Vec<i32>, i64, bool) {
    let slice = Product::catalogue(conn, filter, PageRequest::new(1, 200)).expect("catalogue");
    (
        slice.items.iter().map(|p| p.id).collect(),
        slice.total,
        slice.exact,
    )
}

#[actix_web::test]
async fn every_award_filter_through_the_keys_answers_what_a_scan_of_the_awards_answers() {
    let app = TestApp::demo();
    let mut conn = app.conn();
    let rows = published(&mut conn);
    let awards = all_awards(&mut conn);
    let mut years: Vec<i32> = awards.iter().map(|a| a.year).collect();
    years.sort_unstable();
    years.dedup();
    assert!(years.len() >= 3, "the demo has several award years");
    let years = [
        Some(years[0]),
        Some(years[years.len() / 2]),
        Some(1999),
        None,
    ];
    let programmes = [
        None,
        Some(Programme::Ocop),
        Some(Programme::HvnYeuThich),
        Some(Programme::Hvnclc),
    ];
    let tiers = [None, Some("4"), Some("top1"), Some("9")];
    let province: i32 = provinces::table
        .filter(provinces::slug.eq("ha-noi"))
        .select(provinces::id)
        .first(&mut *conn)
        .expect("Hà Nội");
    // The category most awarded products are in.
    let mut by_category: Vec<i32> = rows.iter().map(|r| r.category_id).collect();
    by_category.sort_unstable();
    let category = by_category
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .map(|c| c[0])
        .expect("a category");
    let sorts = [
        CatalogueSort::Name,
        CatalogueSort::Newest,
        CatalogueSort::AwardYear,
        CatalogueSort::Tier,
    ];
    let mut checked = 0;
    let mut non_empty = 0;
    for programme in programmes {
        for year in years {
            for tier in tiers {
                if programme.is_none() && year.is_none() && tier.is_none() {
                    continue;
                }
                for (in_province, in_category) in [
                    (None, None),
                    (Some(province), None),
                    (None, Some(category)),
                    (Some(province), Some(category)),
                ] {
                    let also = |r: &Row| {
                        in_province.is_none_or(|p| r.province_id == Some(p))
                            && in_category.is_none_or(|c| r.category_id == c)
                    };
                    for sort in sorts {
                        let want = scanned(&rows, &awards, (programme, year, tier), also, sort);
                        let filter = CatalogueFilter {
                            programme,
                            year,
                            tier: tier.map(str::to_owned),
                            province: in_province.map(ProvinceRef::Current),
                            category_id: in_category,
                            sort,
                            ..CatalogueFilter::default()
                        };
                        let label = format!(
                            "{programme:?} {year:?} {tier:?} {in_province:?} {in_category:?} {sort:?}"
                        );
                        let (ids, total, exact) = catalogue_ids(&mut conn, &filter);
                        let n = i64::try_from(want.len()).expect("size");
                        assert_eq!((total, exact), (n.min(LIST_CAP), n <= LIST_CAP), "{label}");
                        assert_eq!(
                            ids,
                            want.iter().take(200).copied().collect::<Vec<_>>(),
                            "{label}"
                        );
                        checked += 1;
                        non_empty += usize::from(!want.is_empty());
                    }
                }
            }
        }
    }
    assert!(checked > 900, "{checked} combinations");
    assert!(non_empty > 200, "{non_empty} combinations found products");
}

/// The year's list through the keys against a scan: the product's own awards on published
/// products, best tier first, real records before generated ones, then by name; and the kept
/// per-tier counts against the same scan.
fn assert_lists_match_a_scan(conn: &mut DbConnection) -> usize {
    let rows = published(conn);
    let awards = all_awards(conn);
    let mut lists: Vec<(Programme, i32)> = awards.iter().map(|a| (a.programme, a.year)).collect();
    lists.sort_by_key(|(p, y)| (p.slug(), *y));
    lists.dedup();
    for (programme, year) in &lists {
        let mut want: Vec<(i32, bool, &str, i32, Option<String>)> = awards
            .iter()
            .filter(|a| a.programme == *programme && a.year == *year)
            .filter_map(|a| {
                let row = rows.iter().find(|r| Some(r.id) == a.product_id)?;
                let tier = a.tier.clone().filter(|t| !t.is_empty());
                Some((
                    -tier_rank(a.programme, a.tier.as_deref()),
                    row.is_demo,
                    row.name_folded.as_str(),
                    row.id,
                    tier,
                ))
            })
            .collect();
        want.sort();
        let label = format!("{} {year}", programme.slug());
        let got = WinnerFilter::default()
            .winners(conn, *programme, *year, PageRequest::new(1, 200))
            .expect("winners");
        let got: Vec<(i32, Option<String>)> = got.into_iter().map(|(t, p)| (p.id, t)).collect();
        let want_page: Vec<(i32, Option<String>)> =
            want.iter().take(200).map(|w| (w.3, w.4.clone())).collect();
        assert_eq!(got, want_page, "the list of {label}");
        let counts = WinnerFilter::default()
            .tier_counts(conn, *programme, *year)
            .expect("counts");
        assert!(counts.exact);
        assert_eq!(
            counts.total(),
            i64::try_from(want.len()).expect("n"),
            "{label}"
        );
        for (tier, n) in &counts.tiers {
            let scanned = want.iter().filter(|w| w.4 == *tier).count();
            if programme.tiers().is_empty() || tier.is_some() {
                assert_eq!(*n, i64::try_from(scanned).expect("n"), "{label} {tier:?}");
            }
        }
    }
    lists.len()
}

/// Each award key carries its product's category, province and sort columns (migration
/// `award_key_orders`).
fn assert_keys_carry_their_products(conn: &mut DbConnection, after: &str) {
    type Carried = (
        i32,
        i32,
        Option<i32>,
        Option<i32>,
        Option<chrono::NaiveDateTime>,
        i32,
        i32,
    );
    let keys: Vec<(Carried, Carried)> = award_keys::table
        .inner_join(products::table)
        .select((
            (
                award_keys::product_id,
                award_keys::category_id,
                award_keys::province_id,
                award_keys::province_alias_id,
                award_keys::published_at,
                award_keys::award_year,
                award_keys::award_rank,
            ),
            (
                products::id,
                products::category_id,
                products::province_id,
                products::province_alias_id,
                products::published_at,
                products::award_year,
                products::award_rank,
            ),
        ))
        .load(conn)
        .expect("keys");
    assert!(!keys.is_empty(), "keys after {after}");
    for (key, product) in keys {
        assert_eq!(key, product, "a key's copy of its product after {after}");
    }
}

/// The kept per-tier counts equal a count of the listed keys of published products, and the
/// keys carry their products' columns.
fn assert_list_counts_right(conn: &mut DbConnection, after: &str) {
    assert_keys_carry_their_products(conn, after);
    let mut kept: Vec<(String, i32, i32, i64)> = award_list_counts::table
        .filter(award_list_counts::published.ne(0))
        .select((
            award_list_counts::programme,
            award_list_counts::year,
            award_list_counts::rank,
            award_list_counts::published,
        ))
        .load(conn)
        .expect("kept");
    kept.sort();
    let mut counted: Vec<(String, i32, i32, i64)> = award_keys::table
        .inner_join(products::table)
        .filter(award_keys::listed.eq(true))
        .filter(products::status.eq(ProductStatus::Published))
        .group_by((award_keys::programme, award_keys::year, award_keys::rank))
        .select((
            award_keys::programme,
            award_keys::year,
            award_keys::rank,
            diesel::dsl::count_star(),
        ))
        .load(conn)
        .expect("counted");
    counted.sort();
    assert_eq!(kept, counted, "kept list counts after {after}");
}

#[actix_web::test]
async fn every_years_list_and_its_tier_counts_match_a_scan_of_the_awards() {
    let app = TestApp::demo();
    let mut conn = app.conn();
    let lists = assert_lists_match_a_scan(&mut conn);
    assert!(lists >= 5, "{lists} lists checked");
    assert_list_counts_right(&mut conn, "the demo seed");
}

async fn fresh(app: &TestApp, path: &str) -> common::Page {
    let page = app.get_with_cookie(path, "hv_test=1").await;
    assert_eq!(page.status, StatusCode::OK, "GET {path}");
    page
}

fn firm_award(conn: &mut DbConnection, producer: i32, programme: Programme, year: i32) {
    common::add_award(
        conn,
        NewAward {
            product_id: None,
            producer_id: Some(producer),
            programme,
            year,
            tier: None,
            certificate_no: None,
            valid_until: None,
            source_url: None,
        },
    );
}

#[actix_web::test]
async fn the_keys_follow_renames_hiding_moves_firm_awards_and_deletion() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let maker = ProducerBuilder::new("Cơ sở Nước mắm Cửa Hội")
        .province("Nghệ An")
        .insert(&mut conn);
    let other = ProducerBuilder::new("Hợp tác xã Chè Tân Cương")
        .province("Thái Nguyên")
        .insert(&mut conn);
    let sauce = ProductBuilder::new("Nước mắm Cửa Hội 40 độ đạm", maker)
        .award("ocop", 2023, Some("4"))
        .insert(&mut conn);
    let tea = ProductBuilder::new("Chè búp Tân Cương", other)
        .award("ocop", 2023, Some("5"))
        .insert(&mut conn);
    let plain = ProductBuilder::new("Chè xanh Tân Cương", other).insert(&mut conn);
    drop(conn);

    let ocop = "/san-pham?programme=ocop&year=2023";
    let page = fresh(&app, ocop).await;
    assert!(page.body.contains(">2 sản phẩm<"));
    assert!(!page.body.contains("Chè xanh Tân Cương"));
    let list = fresh(&app, "/giai-thuong/ocop/2023").await;
    assert!(list.body.contains("Chè búp Tân Cương") && list.body.contains("(1)"));
    assert_list_counts_right(&mut app.conn(), "two awards");

    // A firm-level award counts for every product of the producer, in the catalogue's
    // filters, but the year's list shows the awards of products only.
    firm_award(&mut app.conn(), other, Programme::Thqg, 2024);
    let page = fresh(&app, "/san-pham?programme=thqg").await;
    assert!(
        page.body.contains(">2 sản phẩm<"),
        "both products of the firm"
    );
    assert!(page.body.contains("Chè xanh Tân Cương"));
    let thqg = CatalogueFilter {
        programme: Some(Programme::Thqg),
        ..CatalogueFilter::default()
    };
    let (ids, _, _) = catalogue_ids(&mut app.conn(), &thqg);
    assert!(ids.contains(&plain) && ids.contains(&tea), "{ids:?}");
    let list = fresh(&app, "/giai-thuong/thqg/2024").await;
    assert!(!list.body.contains("Chè xanh Tân Cương"));

    // Renamed: the name order follows.
    {
        let mut conn = app.conn();
        diesel::update(products::table.find(sauce))
            .set((
                products::name.eq("Mắm Cửa Hội"),
                products::name_folded.eq(hangviet::text::fold("Mắm Cửa Hội")),
            ))
            .execute(&mut *conn)
            .expect("rename");
        let filter = CatalogueFilter {
            programme: Some(Programme::Ocop),
            ..CatalogueFilter::default()
        };
        let (ids, _, _) = catalogue_ids(&mut conn, &filter);
        assert_eq!(ids, vec![tea, sauce], "Chè before Mắm");
    }

    // Hidden: out of the filters, the list and its counts; back when shown again.
    common::set_status(&mut app.conn(), tea, ProductStatus::Hidden);
    assert_list_counts_right(&mut app.conn(), "hiding");
    let shown: Vec<bool> = award_keys::table
        .filter(award_keys::product_id.eq(tea))
        .select(award_keys::published)
        .load(&mut *app.conn())
        .expect("keys");
    assert!(!shown.is_empty() && shown.iter().all(|p| !p), "{shown:?}");
    let page = fresh(&app, ocop).await;
    assert!(page.body.contains(">1 sản phẩm<"));
    let list = fresh(&app, "/giai-thuong/ocop/2023").await;
    assert!(!list.body.contains("Chè búp Tân Cương"));
    common::set_status(&mut app.conn(), tea, ProductStatus::Published);
    assert_list_counts_right(&mut app.conn(), "showing again");

    // The producer moves to another province: its products follow in the province filter.
    let page = fresh(&app, "/san-pham?province=thai-nguyen").await;
    assert!(page.body.contains(">2 sản phẩm<"));
    {
        let mut conn = app.conn();
        let ha_noi: i32 = provinces::table
            .filter(provinces::slug.eq("ha-noi"))
            .select(provinces::id)
            .first(&mut *conn)
            .expect("Hà Nội");
        diesel::update(producers::table.find(other))
            .set(producers::province_id.eq(ha_noi))
            .execute(&mut *conn)
            .expect("move");
    }
    let page = fresh(&app, "/san-pham?province=thai-nguyen").await;
    assert!(page.body.contains(">0 sản phẩm<"));
    let page = fresh(&app, "/san-pham?province=ha-noi&category=thuc-pham").await;
    assert!(page.body.contains("Chè búp Tân Cương"));
    let list = fresh(&app, "/giai-thuong/ocop/2023?province=ha-noi").await;
    assert!(list.body.contains("Chè búp Tân Cương"));
    assert!(!list.body.contains("Cửa Hội"));
    let page = fresh(&app, "/san-pham?province=ha-noi&programme=ocop").await;
    assert!(page.body.contains(">1 sản phẩm<") && page.body.contains("Chè búp Tân Cương"));
    assert_list_counts_right(&mut app.conn(), "a producer's move");

    // The sauce changes category, then producer (to the one now in Hà Nội): the award
    // filters with a category or a province follow.
    {
        let mut conn = app.conn();
        let drinks = hangviet::db::models::Category::by_slug(&mut conn, "do-uong")
            .expect("category")
            .id;
        diesel::update(products::table.find(sauce))
            .set(products::category_id.eq(drinks))
            .execute(&mut *conn)
            .expect("recategorise");
        assert_list_counts_right(&mut conn, "a new category");
        diesel::update(products::table.find(sauce))
            .set(products::producer_id.eq(other))
            .execute(&mut *conn)
            .expect("another producer");
        assert_list_counts_right(&mut conn, "a new producer");
    }
    let page = fresh(
        &app,
        "/san-pham?province=ha-noi&programme=ocop&category=do-uong",
    )
    .await;
    assert!(page.body.contains(">1 sản phẩm<") && page.body.contains("Mắm Cửa Hội"));
    let page = fresh(&app, "/san-pham?province=nghe-an&programme=ocop").await;
    assert!(page.body.contains(">0 sản phẩm<"));

    // Deleted: its keys and its count go with it.
    diesel::delete(products::table.find(tea))
        .execute(&mut *app.conn())
        .expect("delete");
    let left: i64 = award_keys::table
        .filter(award_keys::product_id.eq(tea))
        .count()
        .get_result(&mut *app.conn())
        .expect("count");
    assert_eq!(left, 0);
    assert_list_counts_right(&mut app.conn(), "deletion");
    let page = fresh(&app, ocop).await;
    assert!(page.body.contains(">1 sản phẩm<"));
}

#[actix_web::test]
async fn a_product_approved_after_its_producers_firm_award_is_found_by_it() {
    let world = World::new();
    firm_award(
        &mut world.app.conn(),
        world.producer_a,
        Programme::Hvnclc,
        2025,
    );
    let mut conn = world.app.conn();
    let category = hangviet::db::models::Category::by_slug(&mut conn, "thu-cong-my-nghe")
        .expect("category")
        .id;
    let fields = hangviet::db::models::product::ProductFields {
        name: "Lọ hoa gốm men rạn".into(),
        category_id: category,
        brand: String::new(),
        description: String::new(),
        gtin: None,
    };
    let vase = Product::create_draft(&mut conn, world.producer_a, "lo-hoa-gom-men-ran", &fields)
        .expect("draft");
    Product::submit(&mut conn, vase).expect("submit");
    drop(conn);
    let filtered = "/san-pham?programme=hvnclc&year=2025";
    assert!(
        !fresh(&world.app, filtered)
            .await
            .body
            .contains("Lọ hoa gốm men rạn")
    );

    let version = reviewed_version(&world, vase).await;
    let member = world.member(Actor::Official).expect("official");
    let approved = world
        .app
        .browser_of(member)
        .post_raw(
            &format!("/quan-tri/san-pham/{vase}/duyet"),
            &[
                ("csrf_token", member.csrf_token.as_str()),
                ("version", version.as_str()),
            ],
            &[("Origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let page = fresh(&world.app, filtered).await;
    assert!(
        page.body.contains("Lọ hoa gốm men rạn"),
        "the firm's award counts for the newly approved product"
    );
}

#[actix_web::test]
async fn a_year_list_longer_than_the_cap_shows_its_first_pages_and_says_where_the_rest_is() {
    let app = TestApp::new();
    let mut conn = app.conn();
    let maker = ProducerBuilder::new("Hợp tác xã Nông sản Mộc Châu")
        .province("Sơn La")
        .insert(&mut conn);
    let n = usize::try_from(LIST_CAP).expect("cap") + 10;
    let ids: Vec<i32> = conn
        .transaction::<_, diesel::result::Error, _>(|conn| {
            let mut ids = Vec::new();
            for i in 0..n {
                let tier = if i % 2 == 0 { "4" } else { "3" };
                ids.push(
                    ProductBuilder::new(&format!("Chè Mộc Châu lô {i:05}"), maker)
                        .slug(&format!("che-moc-chau-lo-{i:05}"))
                        .award("ocop", 2024, Some(tier))
                        .insert(conn),
                );
            }
            Ok(ids)
        })
        .expect("products");
    assert_eq!(ids.len(), n);
    drop(conn);
    let first = fresh(&app, "/giai-thuong/ocop/2024").await;
    assert!(first.body.contains("2.410 sản phẩm đạt danh hiệu"));
    assert!(first.body.contains("Chè Mộc Châu lô 00000"));
    assert!(
        first
            .body
            .contains("/san-pham?programme=ocop&amp;year=2024")
    );
    let last = fresh(&app, "/giai-thuong/ocop/2024?page=40").await;
    // 4★ first (the even lots), then 3★ by name: the cap's last row is the 3★ lot 02389.
    assert!(last.body.contains("Chè Mộc Châu lô 02389"));
    assert!(!last.body.contains("Chè Mộc Châu lô 02391"), "past the cap");
    let past = app.get("/giai-thuong/ocop/2024?page=41").await;
    assert_eq!(past.status, StatusCode::NOT_FOUND);
    // Narrowed to a province, the list is counted only as far as the cap.
    let province = fresh(&app, "/giai-thuong/ocop/2024?province=son-la").await;
    assert!(province.body.contains("Hơn 2.400 sản phẩm đạt danh hiệu"));
    let en = fresh(&app, "/en/giai-thuong/ocop/2024?province=son-la").await;
    assert!(en.body.contains("More than 2,400 award-winning products"));
}

#[actix_web::test]
async fn an_award_refresh_racing_a_category_change_keeps_the_new_category() {
    // An award edit rewrites a product's keys from the product as it reads it; a moderator's
    // approval changing the product's category commits meanwhile. On PostgreSQL (READ
    // COMMITTED) the refresh locks the product before reading it, so it either reads the new
    // category or its keys get it from the trigger; never the old one. (On SQLite the
    // refresh's transaction waits for the database's one writer before it begins.)
    let app = TestApp::new();
    let (sauce, drinks) = {
        let mut conn = app.conn();
        let maker = ProducerBuilder::new("Cơ sở Nước mắm Cửa Hội")
            .province("Nghệ An")
            .insert(&mut conn);
        let sauce = ProductBuilder::new("Nước mắm Cửa Hội", maker)
            .category("thuc-pham")
            .award("ocop", 2023, Some("4"))
            .insert(&mut conn);
        let drinks = hangviet::db::models::Category::by_slug(&mut conn, "do-uong")
            .expect("category")
            .id;
        (sauce, drinks)
    };
    let mut editor = app.conn();
    let refresher = editor
        .transaction::<_, diesel::result::Error, _>(|a| {
            diesel::update(products::table.find(sauce))
                .set(products::category_id.eq(drinks))
                .execute(a)?;
            let db = app.state.db.clone();
            let (pid_tx, pid_rx) = std::sync::mpsc::channel();
            let refresher = std::thread::spawn(move || {
                let mut b = db.conn().expect("connection");
                let pid = match &mut *b {
                    DbConnection::Postgresql(pg) => Some(
                        diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(
                            "pg_backend_pid()",
                        ))
                        .get_result::<i32>(pg)
                        .expect("pid"),
                    ),
                    DbConnection::Sqlite(_) => None,
                };
                pid_tx.send(pid).expect("send");
                hangviet::db::lock::exclusive(&mut b, "test-refresh", |b| {
                    Product::refresh_award_summary(b, &[sauce], &[])
                })
            });
            if let Some(pid) = pid_rx.recv().expect("pid") {
                // Until the refresh waits for this transaction's lock on the product.
                let mut watcher = app.conn();
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
                loop {
                    let waiting: Option<String> = diesel::select(diesel::dsl::sql::<
                        diesel::sql_types::Nullable<diesel::sql_types::Text>,
                    >(&format!(
                        "(SELECT wait_event_type FROM pg_stat_activity WHERE pid = {pid})"
                    )))
                    .get_result(&mut *watcher)
                    .expect("activity");
                    if waiting.as_deref() == Some("Lock") {
                        break;
                    }
                    assert!(
                        std::time::Instant::now() < deadline,
                        "the refresh never waited"
                    );
                    std::thread::yield_now();
                }
            }
            Ok(refresher)
        })
        .expect("the category change commits");
    drop(editor);
    refresher
        .join()
        .expect("refresher thread")
        .expect("the refresh commits");
    let categories: Vec<i32> = award_keys::table
        .filter(award_keys::product_id.eq(sauce))
        .select(award_keys::category_id)
        .load(&mut *app.conn())
        .expect("keys");
    assert!(
        !categories.is_empty() && categories.iter().all(|c| *c == drinks),
        "{categories:?}"
    );
}
