//! A small world for the business-area tests: users of every role, business A's producer,
//! product and photos, business B's own producer and product, an award, a staged award list,
//! a featured collection, and a draft article.

use super::fixtures::{encode, two_colour};
use diesel::prelude::*;
use hangviet::db::models::Topic;
use hangviet::db::models::article::{ArticleEnglish, ArticleFields};
use hangviet::db::models::audit::Actor as AuditActor;
use hangviet::db::models::membership::{Membership, MembershipStatus};
use hangviet::db::models::producer::ProducerId;
use hangviet::db::models::product::ProductFields;
use hangviet::db::models::product_image::NewProductImage;
use hangviet::db::models::report::{NewReport, ReportReason};
use hangviet::db::models::{Category, Product, ProductImage};
use hangviet::db::schema::{
    articles, award_imports, awards, event_participants, events, featured_collection_items,
    featured_collections, memberships, producers, product_images, products, reports,
};
use image::ImageFormat;

use super::{Actor, Member, ProducerBuilder, ProductBuilder, TestApp};

/// Everything the matrix acts on: business A's producer, product and photo.
pub struct World {
    pub app: TestApp,
    pub members: Vec<(Actor, Option<Member>)>,
    pub producer_a: i32,
    pub product_a: i32,
    pub photo_a: i32,
    /// Business B's pending claim on A's producer.
    pub claim: i32,
    /// An award of product A.
    pub award: i32,
    /// A checked award list waiting for confirmation.
    pub import: i32,
    /// A featured collection holding product A, and that item.
    pub collection: i32,
    pub item: i32,
    /// A draft article, written by the official.
    pub article: i32,
    /// A published product of a third producer (no member manages it): the public pages'
    /// subject, since `product_a` stays a draft.
    pub published: i32,
    pub published_slug: String,
    /// An open citizen report on `published`.
    pub report: i32,
    /// A published product week ten days ahead.
    pub event: i32,
    /// Business A's pending request to show product A at `event`.
    pub participant: i32,
    /// A point of sale of business A's producer, selling product A, waiting for review.
    pub point: i32,
}

pub const MISSING: i32 = 987_654;

pub fn small_jpeg() -> Vec<u8> {
    encode(&two_colour(64, 48), ImageFormat::Jpeg)
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    pub fn new() -> World {
        World::new_with_settings(|_| {})
    }

    /// The world on an app whose settings `adjust` changes first (a short body deadline, say).
    pub fn new_with_settings(adjust: impl FnOnce(&mut hangviet::config::Settings)) -> World {
        let app = TestApp::with_settings(adjust);
        let mut members = Vec::new();
        for (actor, email, role) in [
            (Actor::Citizen, "dan@example.vn", "citizen"),
            (Actor::BusinessA, "a@example.vn", "business"),
            (Actor::BusinessB, "b@example.vn", "business"),
            (Actor::SuspendedBusiness, "treo@example.vn", "business"),
            (Actor::Official, "canbo@example.vn", "official"),
            (Actor::Admin, "quantri@example.vn", "admin"),
        ] {
            members.push((actor, Some(app.member(email, role))));
        }
        members.insert(0, (Actor::Anonymous, None));
        let user = |a: Actor| {
            members
                .iter()
                .find(|(x, _)| *x == a)
                .and_then(|(_, m)| m.as_ref())
                .map(|m| m.user_id)
                .expect("member")
        };
        let (a, b, suspended) = (
            user(Actor::BusinessA),
            user(Actor::BusinessB),
            user(Actor::SuspendedBusiness),
        );
        let mut conn = app.conn();
        let producer_a = ProducerBuilder::new("Xưởng Gốm An").insert(&mut conn);
        let producer_b = ProducerBuilder::new("Xưởng Gốm Bình").insert(&mut conn);
        Membership::add(
            &mut conn,
            a,
            ProducerId(producer_a),
            MembershipStatus::Active,
        )
        .expect("membership");
        Membership::add(
            &mut conn,
            b,
            ProducerId(producer_b),
            MembershipStatus::Active,
        )
        .expect("membership");
        Membership::add(
            &mut conn,
            suspended,
            ProducerId(producer_a),
            MembershipStatus::Active,
        )
        .expect("membership");
        let category = Category::by_slug(&mut conn, "thu-cong-my-nghe")
            .expect("category")
            .id;
        let fields = ProductFields {
            name: "Bình gốm men lam".into(),
            category_id: category,
            brand: String::new(),
            description: String::new(),
            gtin: None,
        };
        let product_a = Product::create_draft(&mut conn, producer_a, "binh-gom-men-lam", &fields)
            .expect("product");
        Product::create_draft(
            &mut conn,
            producer_b,
            "binh-gom-binh",
            &ProductFields {
                name: "Bình gốm Bình".into(),
                ..fields
            },
        )
        .expect("product");
        let stored = app.state.media.put(&two_colour(64, 48)).expect("stored");
        let photo_a = ProductImage::append(
            &mut conn,
            NewProductImage {
                product_id: product_a,
                content_hash: stored.hash.clone(),
                width: 64,
                height: 48,
                sort_order: 0,
                alt: "ảnh 1".into(),
            },
        )
        .expect("photo")
        .expect("room");
        ProductImage::append(
            &mut conn,
            NewProductImage {
                product_id: product_a,
                content_hash: stored.hash,
                width: 64,
                height: 48,
                sort_order: 0,
                alt: "ảnh 2".into(),
            },
        )
        .expect("photo")
        .expect("room");
        Membership::add(
            &mut conn,
            b,
            ProducerId(producer_a),
            MembershipStatus::Pending,
        )
        .expect("claim");
        let claim: i32 = memberships::table
            .filter(memberships::user_id.eq(b))
            .filter(memberships::producer_id.eq(producer_a))
            .select(memberships::id)
            .first(&mut *conn)
            .expect("claim id");
        hangviet::db::models::user::User::suspend(&mut conn, suspended).expect("suspend");
        let (award, import, collection, item) = curation_fixtures(&mut conn, product_a);
        let official = user(Actor::Official);
        let article = hangviet::actions::articles::create(
            &mut conn,
            &AuditActor {
                user_id: Some(official),
                label: "canbo@example.vn".into(),
            },
            &ArticleFields {
                title: "Quyền đổi trả hàng lỗi".into(),
                summary: "Những điều cần biết khi mua phải hàng lỗi.".into(),
                topic: Topic::ConsumerRights,
                body_markdown: "Giữ **hóa đơn** và liên hệ người bán.".into(),
                publish_at: None,
            },
            &ArticleEnglish::default(),
        )
        .expect("article");
        let producer_c = ProducerBuilder::new("Hợp tác xã Mây tre Phú Vinh").insert(&mut conn);
        let published_slug = "gio-may-phu-vinh".to_owned();
        let published = ProductBuilder::new("Giỏ mây Phú Vinh", producer_c)
            .slug(&published_slug)
            .category("thu-cong-my-nghe")
            .award("ocop", 2023, Some("4"))
            .insert(&mut conn);
        let report = NewReport {
            product_id: published,
            reason: ReportReason::WrongInformation,
            message: "Giỏ này làm ở Chương Mỹ, không phải Phú Xuyên.".into(),
            contact_email: None,
        }
        .insert(&mut conn)
        .expect("report");
        let today = app.state.clock.today();
        let event = super::events::insert(&mut conn, "Tuần hàng Việt Hoàn Kiếm", today, 10, true);
        hangviet::actions::events::request(&mut conn, event, producer_a, &[product_a])
            .expect("request");
        let participant: i32 = event_participants::table
            .filter(event_participants::event_id.eq(event))
            .select(event_participants::id)
            .first(&mut *conn)
            .expect("participant");
        let point = point_of_sale_fixture(&mut conn, producer_a, product_a);
        drop(conn);
        World {
            app,
            members,
            producer_a,
            product_a,
            photo_a,
            claim,
            award,
            import,
            collection,
            item,
            article,
            event,
            participant,
            published,
            published_slug,
            report,
            point,
        }
    }

    pub fn member(&self, actor: Actor) -> Option<&Member> {
        self.members
            .iter()
            .find(|(a, _)| *a == actor)
            .and_then(|(_, m)| m.as_ref())
    }

    /// A snapshot of everything the business area can change.
    pub fn fingerprint(&self) -> String {
        let mut conn = self.app.conn();
        let p: Vec<(i32, String, String, Option<String>, chrono::NaiveDateTime)> = products::table
            .order(products::id)
            .select((
                products::id,
                products::name,
                products::status,
                products::pending_changes,
                products::updated_at,
            ))
            .load(&mut *conn)
            .expect("products");
        let pr: Vec<(i32, String, String, chrono::NaiveDateTime)> = producers::table
            .order(producers::id)
            .select((
                producers::id,
                producers::name,
                producers::address,
                producers::updated_at,
            ))
            .load(&mut *conn)
            .expect("producers");
        let im: Vec<(i32, i32, i32, String)> = product_images::table
            .order(product_images::id)
            .select((
                product_images::id,
                product_images::product_id,
                product_images::sort_order,
                product_images::alt,
            ))
            .load(&mut *conn)
            .expect("images");
        let m: Vec<(i32, i32, String)> = memberships::table
            .order(memberships::id)
            .select((
                memberships::user_id,
                memberships::producer_id,
                memberships::status,
            ))
            .load(&mut *conn)
            .expect("memberships");
        let mail: (i64, i64, i64) = (
            hangviet::db::schema::mail_outbox::table
                .count()
                .get_result(&mut *conn)
                .expect("mail"),
            hangviet::db::schema::email_tokens::table
                .count()
                .get_result(&mut *conn)
                .expect("tokens"),
            hangviet::db::schema::users::table
                .filter(hangviet::db::schema::users::wants_digest.eq(true))
                .count()
                .get_result(&mut *conn)
                .expect("digests"),
        );
        let users: i64 = hangviet::db::schema::users::table
            .count()
            .get_result(&mut *conn)
            .expect("users");
        let audits: i64 = hangviet::db::schema::audit_log::table
            .count()
            .get_result(&mut *conn)
            .expect("audit");
        let sessions: i64 = hangviet::db::schema::sessions::table
            .count()
            .get_result(&mut *conn)
            .expect("sessions");
        let aw: Vec<(i32, Option<String>, Option<String>)> = awards::table
            .order(awards::id)
            .select((awards::id, awards::tier, awards::certificate_no))
            .load(&mut *conn)
            .expect("awards");
        let fc: Vec<(i32, String, Option<chrono::NaiveDateTime>)> = featured_collections::table
            .order(featured_collections::id)
            .select((
                featured_collections::id,
                featured_collections::title,
                featured_collections::starts_at,
            ))
            .load(&mut *conn)
            .expect("collections");
        let fi: Vec<(i32, i32)> = featured_collection_items::table
            .order(featured_collection_items::id)
            .select((
                featured_collection_items::id,
                featured_collection_items::position,
            ))
            .load(&mut *conn)
            .expect("items");
        let ai: Vec<(i32, Option<chrono::NaiveDateTime>)> = award_imports::table
            .order(award_imports::id)
            .select((award_imports::id, award_imports::applied_at))
            .load(&mut *conn)
            .expect("imports");
        let ar: Vec<(
            i32,
            String,
            String,
            Option<chrono::NaiveDateTime>,
            chrono::NaiveDateTime,
        )> = articles::table
            .order(articles::id)
            .select((
                articles::id,
                articles::title,
                articles::status,
                articles::publish_at,
                articles::updated_at,
            ))
            .load(&mut *conn)
            .expect("articles");
        let reports: Vec<(i32, String, Option<String>)> = reports::table
            .order(reports::id)
            .select((reports::id, reports::status, reports::resolution_note))
            .load(&mut *conn)
            .expect("reports");
        let pos = points_of_sale_fingerprint(&mut conn);
        let ev: Vec<(i32, String, bool, chrono::NaiveDateTime)> = events::table
            .order(events::id)
            .select((
                events::id,
                events::name,
                events::published,
                events::updated_at,
            ))
            .load(&mut *conn)
            .expect("events");
        let ep: Vec<(i32, i32, Option<i32>, String)> = event_participants::table
            .order(event_participants::id)
            .select((
                event_participants::id,
                event_participants::producer_id,
                event_participants::product_id,
                event_participants::status,
            ))
            .load(&mut *conn)
            .expect("participants");
        format!(
            "{ev:?}\n{ep:?}\n{p:?}\n{pr:?}\n{im:?}\n{m:?}\n{reports:?}\n{ar:?}\n{aw:?}\n{fc:?}\n{fi:?}\n{ai:?}\n{pos}\nmail {mail:?}\nusers {users} sessions {sessions} audit {audits} files {}",
            self.app.stored_file_count()
        )
    }
}

/// An award of product A, a staged (valid, unconfirmed) award list, and a featured collection
/// holding product A.
fn curation_fixtures(
    conn: &mut hangviet::db::DbConnection,
    product_a: i32,
) -> (i32, i32, i32, i32) {
    use hangviet::db::models::audit::Actor;
    use hangviet::db::models::featured::{NewFeaturedCollection, NewFeaturedItem};
    let award = diesel::insert_into(awards::table)
        .values(hangviet::db::models::NewAward {
            product_id: Some(product_a),
            producer_id: None,
            programme: hangviet::db::models::Programme::Ocop,
            year: 2024,
            tier: Some("4".into()),
            certificate_no: None,
            valid_until: None,
            source_url: None,
        })
        .returning(awards::id)
        .get_result(conn)
        .expect("award");
    hangviet::db::models::Product::refresh_award_summary(conn, &[product_a], &[])
        .expect("award summary");
    let ctx = hangviet::reference::CardContext::load(conn).expect("reference");
    let sample = include_bytes!("../../../src/demo/demo-awards.csv");
    let import = hangviet::import::stage(conn, &ctx, &Actor::cli(), "mau.csv", sample)
        .expect("staged import");
    let now = chrono::Utc::now().naive_utc();
    let collection = NewFeaturedCollection {
        slug: "ocop-5-sao".into(),
        title: "OCOP 5 sao".into(),
        description: String::new(),
        sort_order: 0,
        starts_at: None,
        ends_at: None,
        created_at: now,
        title_en: String::new(),
        description_en: String::new(),
    }
    .insert(conn)
    .expect("collection");
    diesel::insert_into(featured_collection_items::table)
        .values(NewFeaturedItem {
            collection_id: collection,
            product_id: product_a,
            position: 0,
        })
        .execute(conn)
        .expect("item");
    let item = featured_collection_items::table
        .filter(featured_collection_items::collection_id.eq(collection))
        .select(featured_collection_items::id)
        .first(conn)
        .expect("item id");
    (award, import, collection, item)
}

/// The version of the reviewed content in the approval form of `product`'s review page, as
/// the official sees it (empty when the page has none).
pub async fn reviewed_version(world: &World, product: i32) -> String {
    let page = world
        .app
        .browser_of(world.member(Actor::Official).expect("official"))
        .get(&format!("/quan-tri/san-pham/{product}"))
        .await;
    let marker = "name=\"version\" value=\"";
    page.body
        .find(marker)
        .map(|at| {
            page.body[at + marker.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect()
        })
        .unwrap_or_default()
}

/// A point of sale of `producer`, selling `product`, flagged for review (as after a
/// business's edit of a public producer's point of sale).
fn point_of_sale_fixture(
    conn: &mut hangviet::db::DbConnection,
    producer: i32,
    product: i32,
) -> i32 {
    use hangviet::db::models::point_of_sale_edits::PointOfSaleFields;
    use hangviet::db::models::{PointOfSale, SaleKind};
    let province = hangviet::db::models::ProvinceIndex::load(conn)
        .expect("provinces")
        .provinces
        .iter()
        .find(|p| p.slug == "ha-noi")
        .expect("Hà Nội")
        .id;
    let fields = PointOfSaleFields {
        name: "Cửa hàng Gốm An".into(),
        kind: SaleKind::Shop,
        address: "12 Bát Tràng".into(),
        ward: "Xã Bát Tràng".into(),
        province_id: province,
        phone: "024 3874 0000".into(),
        opening_hours: "8:00–18:00".into(),
        url: String::new(),
        latitude: Some(20.9756),
        longitude: Some(105.9125),
        products: vec![product],
    };
    PointOfSale::create(
        conn,
        producer,
        &fields,
        true,
        chrono::Utc::now().naive_utc(),
    )
    .expect("point of sale")
}

/// What the fingerprint keeps of a point of sale: id, name, address, hidden, needs review,
/// latitude, last change.
type PointOfSaleState = (
    i32,
    String,
    String,
    bool,
    bool,
    Option<f64>,
    chrono::NaiveDateTime,
);

/// Every point of sale (and the products listed for it), as a fingerprint line.
pub fn points_of_sale_fingerprint(conn: &mut hangviet::db::DbConnection) -> String {
    use hangviet::db::schema::{point_of_sale_products, points_of_sale};
    let rows: Vec<PointOfSaleState> = points_of_sale::table
        .order(points_of_sale::id)
        .select((
            points_of_sale::id,
            points_of_sale::name,
            points_of_sale::address,
            points_of_sale::hidden,
            points_of_sale::needs_review,
            points_of_sale::latitude,
            points_of_sale::updated_at,
        ))
        .load(conn)
        .expect("points of sale");
    let listed: Vec<(i32, i32)> = point_of_sale_products::table
        .order((
            point_of_sale_products::point_of_sale_id,
            point_of_sale_products::product_id,
        ))
        .select((
            point_of_sale_products::point_of_sale_id,
            point_of_sale_products::product_id,
        ))
        .load(conn)
        .expect("listed products");
    format!("{rows:?} {listed:?}")
}
