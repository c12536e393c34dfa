//! Rows made directly in the database: producers and products with their awards, signed-in
//! users of each role, and the state changes tests that are not about a workflow skip its
//! forms for. The business-area [`super::world::World`] is built from these.

use std::sync::OnceLock;

use chrono::Utc;
use diesel::prelude::*;
use hangviet::db::DbConnection;
use hangviet::db::models::province::ProvinceRef;
use hangviet::db::models::user::Role;
use hangviet::db::models::{Category, NewAward, NewProducer, NewProduct, ProvinceIndex};
use hangviet::db::models::{ProductStatus, Programme};
use hangviet::db::schema::awards;
use hangviet::text::{fold, slugify};

use super::TestApp;

/// Builds a producer row.
pub struct ProducerBuilder {
    name: String,
    province: String,
    description: String,
    fictional: bool,
}

impl ProducerBuilder {
    pub fn new(name: &str) -> Self {
        ProducerBuilder {
            name: name.to_owned(),
            province: "Hà Nội".to_owned(),
            description: String::new(),
            fictional: false,
        }
    }

    /// A producer whose province is not yet known (as a national award list gives it).
    pub fn no_province(mut self) -> Self {
        self.province = String::new();
        self
    }

    /// A generated (fictional) producer, as the load-test generator makes.
    pub fn fictional(mut self) -> Self {
        self.fictional = true;
        self
    }

    /// Province as written: current ("An Giang") or pre-2025 ("Kiên Giang").
    pub fn province(mut self, province: &str) -> Self {
        self.province = province.to_owned();
        self
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    pub fn insert(self, conn: &mut DbConnection) -> i32 {
        let provinces = ProvinceIndex::load(conn).expect("provinces");
        let (province_id, province_alias_id) = match provinces.by_name(&self.province) {
            Some(ProvinceRef::Current(id)) => (Some(id), None),
            Some(ProvinceRef::Legacy {
                alias_id,
                province_id,
            }) => (Some(province_id), Some(alias_id)),
            None if self.province.is_empty() => (None, None),
            None => panic!("unknown province {}", self.province),
        };
        let now = Utc::now().naive_utc();
        NewProducer {
            slug: slugify(&self.name),
            name: self.name.clone(),
            name_folded: fold(&self.name),
            legal_name: self.name.clone(),
            tax_code: None,
            address: "1 Tràng Tiền".to_owned(),
            province_id,
            province_alias_id,
            website: String::new(),
            phone: String::new(),
            email: String::new(),
            description: self.description,
            logo_hash: None,
            verified: false,
            claimed_by: None,
            created_at: now,
            updated_at: now,
            is_demo: self.fictional,
        }
        .insert(conn)
        .expect("insert producer")
    }
}

/// Builds a product row with its awards.
pub struct ProductBuilder {
    name: String,
    slug: Option<String>,
    producer_id: i32,
    category: String,
    status: String,
    description: String,
    brand: String,
    awards: Vec<(String, i32, Option<String>)>,
    fictional: bool,
}

impl ProductBuilder {
    pub fn new(name: &str, producer_id: i32) -> Self {
        ProductBuilder {
            name: name.to_owned(),
            slug: None,
            producer_id,
            category: "thuc-pham".to_owned(),
            status: "published".to_owned(),
            description: String::new(),
            brand: String::new(),
            awards: Vec::new(),
            fictional: false,
        }
    }

    /// A generated (fictional) product, as the load-test generator makes.
    pub fn fictional(mut self) -> Self {
        self.fictional = true;
        self
    }

    pub fn slug(mut self, slug: &str) -> Self {
        self.slug = Some(slug.to_owned());
        self
    }

    pub fn category(mut self, slug: &str) -> Self {
        self.category = slug.to_owned();
        self
    }

    pub fn status(mut self, status: &str) -> Self {
        self.status = status.to_owned();
        self
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    pub fn brand(mut self, text: &str) -> Self {
        self.brand = text.to_owned();
        self
    }

    pub fn award(mut self, programme: &str, year: i32, tier: Option<&str>) -> Self {
        self.awards
            .push((programme.to_owned(), year, tier.map(str::to_owned)));
        self
    }

    pub fn insert(self, conn: &mut DbConnection) -> i32 {
        let category = Category::by_slug(conn, &self.category).expect("category");
        let now = Utc::now().naive_utc();
        let id = NewProduct {
            producer_id: self.producer_id,
            category_id: category.id,
            slug: self.slug.unwrap_or_else(|| slugify(&self.name)),
            name: self.name.clone(),
            name_folded: fold(&self.name),
            brand: self.brand,
            description: self.description,
            gtin: None,
            status: ProductStatus::parse(&self.status).expect("a product status"),
            rejection_reason: None,
            published_at: (self.status == "published").then_some(now),
            created_at: now,
            updated_at: now,
            is_demo: self.fictional,
        }
        .insert(conn)
        .expect("insert product");
        for (programme, year, tier) in self.awards {
            diesel::insert_into(awards::table)
                .values(NewAward {
                    product_id: Some(id),
                    producer_id: None,
                    programme: Programme::parse(&programme).expect("a programme"),
                    year,
                    tier,
                    certificate_no: None,
                    valid_until: None,
                    source_url: None,
                })
                .execute(conn)
                .expect("insert award");
        }
        hangviet::db::models::Product::refresh_award_summary(conn, &[id], &[])
            .expect("award summary");
        id
    }
}

pub const PASSWORD: &str = "Sen hồng nở giữa hồ 2025";

/// Who sends a request in the authorization tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Citizen,
    BusinessA,
    BusinessB,
    SuspendedBusiness,
    Official,
    Admin,
}

pub const ACTORS: [Actor; 7] = [
    Actor::Anonymous,
    Actor::Citizen,
    Actor::BusinessA,
    Actor::BusinessB,
    Actor::SuspendedBusiness,
    Actor::Official,
    Actor::Admin,
];

/// A signed-in user: see [`TestApp::member`].
pub struct Member {
    pub user_id: i32,
    pub session_token: String,
    pub csrf_token: String,
}

/// Moves a product to `status` and queues it for the search index, in one transaction, as
/// moderation would (tests that are not about moderation skip its forms).
pub fn set_status(
    conn: &mut DbConnection,
    id: i32,
    status: hangviet::db::models::product::ProductStatus,
) {
    use hangviet::db::models::product::ProductStatus;
    use hangviet::db::models::search_outbox::SearchOutbox;
    use hangviet::db::schema::products;
    conn.transaction(|conn| {
        let now = Utc::now().naive_utc();
        let published_at = (status == ProductStatus::Published).then_some(now);
        let changed = diesel::update(products::table.find(id))
            .set((
                products::status.eq(status),
                products::published_at.eq(published_at),
                products::updated_at.eq(now),
            ))
            .execute(conn)?;
        assert_eq!(changed, 1, "product {id} exists");
        SearchOutbox::enqueue(conn, &[id])
    })
    .expect("set status");
}

/// Renames a producer and queues its products for the search index, in one transaction.
pub fn rename_producer(conn: &mut DbConnection, id: i32, name: &str) {
    use hangviet::db::models::search_outbox::SearchOutbox;
    use hangviet::db::schema::producers;
    conn.transaction(|conn| {
        let changed = diesel::update(producers::table.find(id))
            .set((
                producers::name.eq(name),
                producers::name_folded.eq(fold(name)),
                producers::updated_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
        assert_eq!(changed, 1, "producer {id} exists");
        SearchOutbox::enqueue_producer(conn, id)
    })
    .expect("rename producer");
}

impl TestApp {
    /// A user with `role`, signed in, made directly in the database (no password hashing per
    /// test).
    pub fn member(&self, email: &str, role: &str) -> Member {
        use hangviet::db::models::session::Session;
        use hangviet::db::models::user::NewUser;
        static HASH: OnceLock<String> = OnceLock::new();
        let hash =
            HASH.get_or_init(|| hangviet::auth::password::hash_blocking(PASSWORD).expect("hash"));
        let now = Utc::now().naive_utc();
        let mut conn = self.conn();
        let user_id = NewUser {
            email: email.to_owned(),
            name: format!("Người dùng {email}"),
            password_hash: hash.clone(),
            role: Role::parse(role).expect("a role"),
            suspended_at: None,
            created_at: now,
            updated_at: now,
        }
        .insert(&mut conn)
        .expect("insert user")
        .expect("new email");
        let session_token = hangviet::auth::random_token();
        let csrf_token = hangviet::auth::random_token();
        Session::create(
            &mut conn,
            user_id,
            &hangviet::auth::token_hash(&session_token),
            &csrf_token,
        )
        .expect("session");
        Member {
            user_id,
            session_token,
            csrf_token,
        }
    }
}

/// Audit rows of `action`, as stored (`"approve_product"`, `"set_role:admin"`): the tests
/// name the stored text, so a renamed value fails them.
pub fn audit_count(conn: &mut DbConnection, action: &str) -> QueryResult<i64> {
    use hangviet::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(conn)
}

/// Records `award` as it is (every fact given: validity, certificate, source), for tests of
/// how awards are shown.
pub fn add_award(conn: &mut DbConnection, award: NewAward) {
    let (products, producers) = (award.product_id, award.producer_id);
    diesel::insert_into(awards::table)
        .values(award)
        .execute(conn)
        .expect("insert award");
    // As every writer of awards does: the summary and the award filter keys follow.
    hangviet::db::models::Product::refresh_award_summary(
        conn,
        &products.into_iter().collect::<Vec<_>>(),
        &producers.into_iter().collect::<Vec<_>>(),
    )
    .expect("award summary");
}

/// Builds a point of sale of a producer: a shop in Phú Quốc (An Giang) selling the whole
/// range unless [`PointOfSaleBuilder::selling`] lists products.
pub struct PointOfSaleBuilder {
    row: hangviet::db::models::NewPointOfSale,
    /// A province's current name or slug.
    province: String,
    products: Vec<i32>,
}

impl PointOfSaleBuilder {
    pub fn new(name: &str, producer_id: i32) -> Self {
        let now = Utc::now().naive_utc();
        PointOfSaleBuilder {
            row: hangviet::db::models::NewPointOfSale {
                producer_id,
                name: name.to_owned(),
                kind: hangviet::db::models::SaleKind::Shop,
                address: "12 Trần Phú".into(),
                ward: "Dương Đông".into(),
                province_id: 0,
                phone: "0297 384 6000".into(),
                opening_hours: "7:00–21:00".into(),
                url: String::new(),
                latitude: None,
                longitude: None,
                hidden: false,
                needs_review: false,
                created_at: now,
                updated_at: now,
            },
            province: "an-giang".to_owned(),
            products: Vec::new(),
        }
    }

    pub fn kind(mut self, kind: hangviet::db::models::SaleKind) -> Self {
        self.row.kind = kind;
        self
    }

    /// The province, by current name or slug, and the ward.
    pub fn place(mut self, province: &str, ward: &str) -> Self {
        province.clone_into(&mut self.province);
        ward.clone_into(&mut self.row.ward);
        self
    }

    pub fn address(mut self, address: &str) -> Self {
        address.clone_into(&mut self.row.address);
        self
    }

    pub fn phone(mut self, phone: &str) -> Self {
        phone.clone_into(&mut self.row.phone);
        self
    }

    pub fn opening_hours(mut self, hours: &str) -> Self {
        hours.clone_into(&mut self.row.opening_hours);
        self
    }

    pub fn url(mut self, url: &str) -> Self {
        url.clone_into(&mut self.row.url);
        self
    }

    pub fn at(mut self, position: Option<(f64, f64)>) -> Self {
        self.row.latitude = position.map(|p| p.0);
        self.row.longitude = position.map(|p| p.1);
        self
    }

    pub fn hidden(mut self, hidden: bool) -> Self {
        self.row.hidden = hidden;
        self
    }

    /// Lists these products (none: the whole range).
    pub fn selling(mut self, products: &[i32]) -> Self {
        self.products = products.to_vec();
        self
    }

    pub fn insert(mut self, conn: &mut DbConnection) -> i32 {
        use hangviet::db::models::PointOfSaleProduct;
        use hangviet::db::schema::{point_of_sale_products, points_of_sale};
        let provinces = ProvinceIndex::load(conn).expect("provinces");
        self.row.province_id = match provinces
            .by_slug(&self.province)
            .or_else(|| provinces.by_name(&self.province))
        {
            Some(ProvinceRef::Current(id)) => id,
            Some(ProvinceRef::Legacy { province_id, .. }) => province_id,
            None => panic!("province {}", self.province),
        };
        let id: i32 = diesel::insert_into(points_of_sale::table)
            .values(&self.row)
            .returning(points_of_sale::id)
            .get_result(conn)
            .expect("point of sale");
        for product_id in self.products {
            diesel::insert_into(point_of_sale_products::table)
                .values(PointOfSaleProduct {
                    point_of_sale_id: id,
                    product_id,
                })
                .execute(conn)
                .expect("listing");
        }
        id
    }
}
