//! Products and the catalogue query with its filters.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::{PageRequest, Programme};
use crate::db::models::province::ProvinceRef;
use crate::db::schema::{award_keys, products};
use crate::db::stored::text_enum;
use crate::db::{DbConnection, MultiBackend};
use crate::i18n::Locale;

text_enum! {
    /// Where a product is in its life: only `Published` is public.
    pub enum ProductStatus {
        Draft = "draft",
        Submitted = "submitted",
        Published = "published",
        Rejected = "rejected",
        Hidden = "hidden",
    }
}

impl ProductStatus {
    /// What the business's and officials' lists show.
    pub fn label(self, locale: Locale) -> String {
        locale.t(&format!("product-status-{}", self.as_str()))
    }

    /// A draft or a rejected product: its business may change it freely and send it for
    /// review.
    pub fn is_draft_or_rejected(self) -> bool {
        matches!(self, ProductStatus::Draft | ProductStatus::Rejected)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: i32,
    pub producer_id: i32,
    pub category_id: i32,
    pub slug: String,
    pub name: String,
    pub name_folded: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub status: ProductStatus,
    pub rejection_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Proposed edits of a published product (JSON), waiting for review.
    pub pending_changes: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    /// Generated for the demo or a load test: fictional, and every page says so.
    pub is_demo: bool,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = products, treat_none_as_default_value = false)]
pub struct NewProduct {
    pub producer_id: i32,
    pub category_id: i32,
    pub slug: String,
    pub name: String,
    pub name_folded: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub status: ProductStatus,
    pub rejection_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub is_demo: bool,
}

impl NewProduct {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<i32> {
        diesel::insert_into(products::table)
            .values(self)
            .returning(products::id)
            .get_result(conn)
    }
}

/// Catalogue order. Every order ends on the product id, so pages never overlap; the award
/// orders read the summary kept on the product (see [`Product::refresh_award_summary`]) and
/// are served by the indexes of migration `product_award_summary`; with award filters, every
/// order is served by the award keys' indexes (migration `award_key_orders`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CatalogueSort {
    /// By name, ignoring diacritics.
    #[default]
    Name,
    /// Most recently published first.
    Newest,
    /// The most recent award year first, then the most recently published.
    AwardYear,
    /// The best tier first ([`super::award::tier_rank`]), then the most recent award year,
    /// then by name.
    Tier,
}

/// The catalogue's filters; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    pub category_id: Option<i32>,
    pub province: Option<ProvinceRef>,
    pub producer_id: Option<i32>,
    pub year: Option<i32>,
    pub programme: Option<Programme>,
    pub tier: Option<String>,
    /// Folded words the product name must all contain (the search fallback).
    pub words: Vec<String>,
    /// Only products holding an award still valid on this day ("còn hiệu lực": an award
    /// without an end date is valid).
    pub valid_on: Option<NaiveDate>,
    pub sort: CatalogueSort,
}

/// How far down a list reaches: 2,400 rows (100 catalogue pages of 24). Deeper pages cost more
/// the deeper they are (the database walks every row before them), so past the cap a list asks
/// to narrow the filters instead (every product stays reachable through the filters, search and
/// the bulk downloads); and a list whose total is not kept by the database is counted only this
/// far ("more than 2,400").
pub const LIST_CAP: i64 = 2_400;

/// The last page a list of `per_page` rows shows.
pub fn max_page(per_page: i64) -> i64 {
    (LIST_CAP / per_page.max(1)).max(1)
}

/// One page of the catalogue and how many products match.
#[derive(Debug)]
pub struct CatalogueSlice {
    pub items: Vec<Product>,
    /// Products matching: exact when `exact`, else more than [`LIST_CAP`] match and this is
    /// the cap.
    pub total: i64,
    pub exact: bool,
    pub page: PageRequest,
}

impl CatalogueSlice {
    /// The last page that can be shown: the list's last, or the cap's.
    pub fn last_page(&self) -> i64 {
        let pages = (self.total + self.page.per_page - 1) / self.page.per_page;
        pages.min(max_page(self.page.per_page)).max(1)
    }

    /// Whether the list goes on past the pages it shows (more rows than the cap).
    pub fn goes_past_cap(&self) -> bool {
        !self.exact || self.total > self.last_page() * self.page.per_page
    }

    /// Whether the page asked for is past the cap.
    pub fn past_cap(&self) -> bool {
        self.page.page > max_page(self.page.per_page)
    }
}

/// Award keys, boxed.
type KeyedQuery = award_keys::BoxedQuery<'static, MultiBackend>;

impl CatalogueFilter {
    /// Products matching, whether the number is exact, and the matching products' ids when
    /// they were read to count them: read from the counts the database keeps when only the
    /// category or the producer narrows the list; otherwise counted as far as [`LIST_CAP`]
    /// (one more row tells "more than that").
    fn count(&self, conn: &mut DbConnection) -> QueryResult<(i64, bool, Option<Vec<i32>>)> {
        let only_kept = self.province.is_none()
            && !self.has_award_filter()
            && self.words.is_empty()
            && self.valid_on.is_none();
        if only_kept {
            match (self.category_id, self.producer_id) {
                (None, None) => {
                    return Ok((super::catalogue_counts::published(conn)?, true, None));
                }
                (Some(id), None) => {
                    return Ok((super::catalogue_counts::of_category(conn, id)?, true, None));
                }
                (None, Some(id)) => {
                    return Ok((super::catalogue_counts::of_producer(conn, id)?, true, None));
                }
                (Some(_), Some(_)) => {}
            }
        }
        let found: Vec<i32> = match self.keyed() {
            Some(keyed) => keyed
                .select(award_keys::product_id)
                .limit(LIST_CAP + 1)
                .load(conn)?,
            None => self
                .query()
                .select(products::id)
                .limit(LIST_CAP + 1)
                .load(conn)?,
        };
        let n = i64::try_from(found.len()).unwrap_or(LIST_CAP + 1);
        Ok((n.min(LIST_CAP), n <= LIST_CAP, Some(found)))
    }

    fn has_award_filter(&self) -> bool {
        self.year.is_some() || self.programme.is_some() || self.tier.is_some()
    }

    /// The award key the award filters ask for (see [`super::award_keys`]); `None` without
    /// award filters, `Some(None)` when they can match nothing.
    fn award_key(&self) -> Option<Option<(&'static str, i32, String)>> {
        self.has_award_filter()
            .then(|| super::award_keys::key_of(self.programme, self.year, self.tier.as_deref()))
    }

    /// With award filters, the award keys of the matching products. The keys carry the
    /// product's category, province and sort columns (migration `award_key_orders`), so an
    /// award filter alone or with a category or a province walks one index of the keys in
    /// the page's order: a page reads its rows, however few products pass the filters. A
    /// producer or validity filter reads each product by its id. `None` without award
    /// filters, or when the search fallback's words narrow the list (then
    /// [`CatalogueFilter::query`] asks the keys of each product).
    fn keyed(&self) -> Option<KeyedQuery> {
        let key = self.award_key()?;
        if !self.words.is_empty() {
            return None;
        }
        let mut q = award_keys::table.into_boxed();
        let Some((programme, year, tier)) = key else {
            return Some(q.filter(false.into_sql::<Bool>()));
        };
        q = q
            .filter(award_keys::programme.eq(programme))
            .filter(award_keys::year.eq(year))
            .filter(award_keys::tier.eq(tier))
            .filter(award_keys::published.eq(true));
        if let Some(id) = self.category_id {
            q = q.filter(award_keys::category_id.eq(id));
        }
        match self.province {
            Some(ProvinceRef::Current(id)) => q = q.filter(award_keys::province_id.eq(id)),
            Some(ProvinceRef::Legacy { alias_id, .. }) => {
                q = q.filter(award_keys::province_alias_id.eq(alias_id));
            }
            None => {}
        }
        if self.producer_id.is_none() && self.valid_on.is_none() {
            return Some(q);
        }
        // One fixed shape whatever is asked (a subquery cannot be boxed): an absent filter
        // binds "true" beside it.
        let product = products::table
            .filter(products::id.eq(award_keys::product_id))
            .filter(
                products::producer_id
                    .eq(self.producer_id.unwrap_or(0))
                    .or(self.producer_id.is_none().into_sql::<Bool>()),
            )
            .filter(
                products::award_valid_until
                    .ge(self.valid_on.unwrap_or_default())
                    .or(self.valid_on.is_none().into_sql::<Bool>()),
            );
        Some(q.filter(diesel::dsl::exists(product)))
    }

    /// Published products matching every filter; an award filter matches a product's own
    /// awards and its producer's firm-level awards, asked of each product through its award
    /// keys (the orders other than by name walk their own index).
    fn query(&self) -> products::BoxedQuery<'static, MultiBackend> {
        let mut q = products::table
            .filter(products::status.eq(ProductStatus::Published))
            .into_boxed();
        if let Some(id) = self.category_id {
            q = q.filter(products::category_id.eq(id));
        }
        if let Some(id) = self.producer_id {
            q = q.filter(products::producer_id.eq(id));
        }
        if let Some(today) = self.valid_on {
            q = q.filter(products::award_valid_until.ge(today));
        }
        for word in &self.words {
            q = q.filter(
                products::name_folded
                    .like(crate::text::like_contains(word))
                    .escape('\\'),
            );
        }
        // The producer's province is kept on the product (migration `filter_keys`); an
        // equality, so the province indexes serve it.
        match self.province {
            Some(ProvinceRef::Current(id)) => q = q.filter(products::province_id.eq(id)),
            Some(ProvinceRef::Legacy { alias_id, .. }) => {
                q = q.filter(products::province_alias_id.eq(alias_id));
            }
            None => {}
        }
        match self.award_key() {
            None => {}
            Some(Some((programme, year, tier))) => {
                q = q.filter(diesel::dsl::exists(
                    award_keys::table
                        .filter(award_keys::programme.eq(programme))
                        .filter(award_keys::year.eq(year))
                        .filter(award_keys::tier.eq(tier))
                        .filter(award_keys::product_id.eq(products::id)),
                ));
            }
            Some(None) => q = q.filter(false.into_sql::<Bool>()),
        }
        q
    }
}

impl Product {
    pub fn is_published(&self) -> bool {
        self.status == ProductStatus::Published
    }

    /// A published product by slug; drafts and hidden products are 404 to the public.
    pub fn published_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Product> {
        products::table
            .filter(products::slug.eq(slug))
            .filter(products::status.eq(ProductStatus::Published))
            .select(Product::as_select())
            .first(conn)
    }

    /// The product `slug` whatever its status (the preview of its business checks who asks).
    pub fn by_slug_any_status(conn: &mut DbConnection, slug: &str) -> QueryResult<Product> {
        products::table
            .filter(products::slug.eq(slug))
            .select(Product::as_select())
            .first(conn)
    }

    /// One page of the catalogue: an empty one past the cap ([`LIST_CAP`]), without asking
    /// the database for it.
    pub fn catalogue(
        conn: &mut DbConnection,
        filter: &CatalogueFilter,
        page: PageRequest,
    ) -> QueryResult<CatalogueSlice> {
        let (total, exact, counted) = filter.count(conn)?;
        let mut slice = CatalogueSlice {
            items: Vec::new(),
            total,
            exact,
            page,
        };
        if page.page > max_page(page.per_page) {
            return Ok(slice);
        }
        // Every match was read to count it (at most `LIST_CAP`): another order sorts just
        // those, where walking that order's index could pass most of the catalogue before
        // finding a page of a rare filter's products (a year few products hold).
        let counted = counted.filter(|_| exact && filter.sort != CatalogueSort::Name);
        if counted.is_none()
            && let Some(keyed) = filter.keyed()
        {
            let keyed = match filter.sort {
                CatalogueSort::Name => {
                    keyed.order((award_keys::name_folded, award_keys::product_id))
                }
                CatalogueSort::Newest => keyed.order((
                    award_keys::published_at.desc(),
                    award_keys::product_id.desc(),
                )),
                CatalogueSort::AwardYear => keyed.order((
                    award_keys::award_year.desc(),
                    award_keys::published_at.desc(),
                    award_keys::product_id.desc(),
                )),
                CatalogueSort::Tier => keyed.order((
                    award_keys::award_rank.desc(),
                    award_keys::award_year.desc(),
                    award_keys::name_folded,
                    award_keys::product_id,
                )),
            };
            let ids: Vec<i32> = keyed
                .limit(page.per_page)
                .offset(page.offset())
                .select(award_keys::product_id)
                .load(conn)?;
            slice.items = Product::published_by_ids(conn, &ids)?;
            slice
                .items
                .sort_by_key(|p| ids.iter().position(|id| *id == p.id));
            return Ok(slice);
        }
        let q = match counted {
            Some(ids) => products::table
                .filter(products::id.eq_any(ids))
                .filter(products::status.eq(ProductStatus::Published))
                .into_boxed(),
            None => filter.query(),
        };
        let q = match filter.sort {
            CatalogueSort::Name => q.order((products::name_folded, products::id)),
            CatalogueSort::Newest => q.order((products::published_at.desc(), products::id.desc())),
            CatalogueSort::AwardYear => q.order((
                products::award_year.desc(),
                products::published_at.desc(),
                products::id.desc(),
            )),
            CatalogueSort::Tier => q.order((
                products::award_rank.desc(),
                products::award_year.desc(),
                products::name_folded,
                products::id,
            )),
        };
        slice.items = q
            .limit(page.per_page)
            .offset(page.offset())
            .select(Product::as_select())
            .load(conn)?;
        Ok(slice)
    }

    /// Published products by id, in no particular order.
    pub fn published_by_ids(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<Product>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        products::table
            .filter(products::id.eq_any(ids))
            .filter(products::status.eq(ProductStatus::Published))
            .select(Product::as_select())
            .load(conn)
    }

    /// Up to `limit` other published products of the same category.
    pub fn related(
        conn: &mut DbConnection,
        product: &Product,
        limit: i64,
    ) -> QueryResult<Vec<Product>> {
        products::table
            .filter(products::status.eq(ProductStatus::Published))
            .filter(products::category_id.eq(product.category_id))
            .filter(products::id.ne(product.id))
            .filter(products::name_folded.gt(product.name_folded.clone()))
            .order(products::name_folded)
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    /// Published products (kept by the database: a read of a few rows).
    pub fn count_published(conn: &mut DbConnection) -> QueryResult<i64> {
        super::catalogue_counts::published(conn)
    }

    /// Whether any product is generated (`seed-demo`), not a real record.
    pub fn any_fictional(conn: &mut DbConnection) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            products::table.filter(products::is_demo.eq(true)),
        ))
        .get_result(conn)
    }

    /// Number of products in any status, to tell an empty database.
    pub fn count_all(conn: &mut DbConnection) -> QueryResult<i64> {
        products::table.count().get_result(conn)
    }
}

impl Product {
    /// Recomputes the award summary (best tier, latest year, latest validity) and the award
    /// filter keys ([`super::award_keys`]) of the given
    /// products, and of every product of the given producers (whose firm-level awards count
    /// for all their products), from their awards. Every writer of awards calls it in the
    /// same transaction; a fixed number of queries plus one update per product.
    pub fn refresh_award_summary(
        conn: &mut DbConnection,
        product_ids: &[i32],
        producer_ids: &[i32],
    ) -> QueryResult<()> {
        // Bounded lists of bound values (SQLite limits them).
        for chunk in product_ids.chunks(500) {
            Product::refresh_award_summary_of(conn, chunk, &[])?;
        }
        for chunk in producer_ids.chunks(500) {
            Product::refresh_award_summary_of(conn, &[], chunk)?;
        }
        Ok(())
    }

    fn refresh_award_summary_of(
        conn: &mut DbConnection,
        product_ids: &[i32],
        producer_ids: &[i32],
    ) -> QueryResult<()> {
        use super::award::{Award, AwardSummary};
        use std::collections::{BTreeMap, BTreeSet};
        // PostgreSQL reads at READ COMMITTED: lock the products first, so that a change to
        // one of them running meanwhile (its category on approval, its publication) either
        // commits before the read below, which then sees it, or waits for this transaction
        // and its trigger then updates the keys written here. (SQLite has one writer.)
        if let crate::db::DbConnection::Postgresql(pg) = conn {
            products::table
                .filter(
                    products::id
                        .eq_any(product_ids)
                        .or(products::producer_id.eq_any(producer_ids)),
                )
                .select(products::id)
                .order(products::id) // one order, so two refreshes never wait in a circle
                .for_update()
                .load::<i32>(pg)?;
        }
        type Target = (
            (i32, i32, bool, String, ProductStatus),
            (i32, Option<i32>, Option<i32>, Option<NaiveDateTime>),
        );
        let mut targets: Vec<Target> = products::table
            .filter(
                products::id
                    .eq_any(product_ids)
                    .or(products::producer_id.eq_any(producer_ids)),
            )
            .select((
                (
                    products::id,
                    products::producer_id,
                    products::is_demo,
                    products::name_folded,
                    products::status,
                ),
                (
                    products::category_id,
                    products::province_id,
                    products::province_alias_id,
                    products::published_at,
                ),
            ))
            .load(conn)?;
        targets.sort_unstable_by_key(|t| t.0.0);
        targets.dedup_by_key(|t| t.0.0);
        if targets.is_empty() {
            return Ok(());
        }
        let ids: Vec<i32> = targets.iter().map(|t| t.0.0).collect();
        super::award_keys::remove(conn, &ids)?;
        let makers: Vec<i32> = targets
            .iter()
            .map(|t| t.0.1)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut own: BTreeMap<i32, Vec<Award>> = BTreeMap::new();
        for chunk in ids.chunks(500) {
            for a in Award::for_products(conn, chunk)? {
                if let Some(p) = a.product_id {
                    own.entry(p).or_default().push(a);
                }
            }
        }
        let mut firm: BTreeMap<i32, Vec<Award>> = BTreeMap::new();
        for chunk in makers.chunks(500) {
            for a in Award::for_producers(conn, chunk)? {
                if let Some(p) = a.producer_id {
                    firm.entry(p).or_default().push(a);
                }
            }
        }
        let mut keys = Vec::new();
        for (
            (id, producer_id, is_demo, name_folded, status),
            (category_id, province_id, province_alias_id, published_at),
        ) in targets
        {
            let held = || {
                let own = own.get(&id).into_iter().flatten().map(|a| (a, true));
                own.chain(
                    firm.get(&producer_id)
                        .into_iter()
                        .flatten()
                        .map(|a| (a, false)),
                )
            };
            let s = AwardSummary::of(held().map(|(a, _)| a));
            let product = super::award_keys::KeyedProduct {
                id,
                published: status == ProductStatus::Published,
                is_demo,
                name_folded,
                category_id,
                province_id,
                province_alias_id,
                published_at,
                award_year: s.year,
                award_rank: s.rank,
            };
            keys.extend(super::award_keys::keys_of(&product, held()));
            diesel::update(products::table.find(id))
                .set((
                    products::award_rank.eq(s.rank),
                    products::award_year.eq(s.year),
                    products::award_valid_until.eq(s.valid_until),
                ))
                .execute(conn)?;
        }
        super::award_keys::insert(conn, &keys)
    }

    /// Ids of published products after `after_id`, in id order: for walking the whole
    /// catalogue in batches (reindex).
    pub fn published_ids_after(
        conn: &mut DbConnection,
        after_id: i32,
        limit: i64,
    ) -> QueryResult<Vec<i32>> {
        products::table
            .filter(products::status.eq(ProductStatus::Published))
            .filter(products::id.gt(after_id))
            .order(products::id)
            .limit(limit)
            .select(products::id)
            .load(conn)
    }
}

/// What a business edits on a product.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProductFields {
    pub name: String,
    pub category_id: i32,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
}

impl Product {
    /// The fields as the pending edit proposes them when there is one, else as they are now
    /// (what the business's edit form and the officials' review show).
    pub fn fields_with_pending_edit(&self) -> ProductFields {
        self.pending_changes
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| ProductFields {
                name: self.name.clone(),
                category_id: self.category_id,
                brand: self.brand.clone(),
                description: self.description.clone(),
                gtin: self.gtin.clone(),
            })
    }

    /// Products of any status whose name contains every word of `text` (folded), for the
    /// officials' look-up; at most `limit`, by name.
    pub fn find_by_name(
        conn: &mut DbConnection,
        text: &str,
        limit: i64,
    ) -> QueryResult<Vec<Product>> {
        let mut q = products::table.into_boxed();
        for word in crate::text::fold(text).split_whitespace().take(8) {
            q = q.filter(
                products::name_folded
                    .like(crate::text::like_contains(word))
                    .escape('\\'),
            );
        }
        q.order((products::name_folded, products::id))
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Product> {
        products::table
            .find(id)
            .select(Product::as_select())
            .first(conn)
    }

    /// Products of the given producers, newest first, bounded.
    pub fn of_producers(
        conn: &mut DbConnection,
        producer_ids: &[i32],
        limit: i64,
    ) -> QueryResult<Vec<Product>> {
        products::table
            .filter(products::producer_id.eq_any(producer_ids))
            .order((products::updated_at.desc(), products::id.desc()))
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    /// A new draft under `slug`, which must be free (see [`Product::create_draft_named`]).
    pub fn create_draft(
        conn: &mut DbConnection,
        producer_id: i32,
        slug: &str,
        f: &ProductFields,
    ) -> QueryResult<i32> {
        let now = chrono::Utc::now().naive_utc();
        NewProduct {
            producer_id,
            category_id: f.category_id,
            slug: slug.to_owned(),
            name: f.name.clone(),
            name_folded: crate::text::fold(&f.name),
            brand: f.brand.clone(),
            description: f.description.clone(),
            gtin: f.gtin.clone(),
            status: ProductStatus::Draft,
            rejection_reason: None,
            published_at: None,
            created_at: now,
            updated_at: now,
            is_demo: false,
        }
        .insert(conn)
    }

    /// A new draft under a free slug made from its name.
    pub fn create_draft_named(
        conn: &mut DbConnection,
        producer_id: i32,
        f: &ProductFields,
    ) -> QueryResult<i32> {
        super::slug::insert_with_free_slug(
            conn,
            super::slug::SlugTable::Products,
            &crate::text::slugify(&f.name),
            |conn, slug| Product::create_draft(conn, producer_id, slug, f),
        )
    }

    /// Saves a business's edit. Drafts and rejected products change directly (a rejected one
    /// goes back to draft); a published or hidden product keeps its public version and the
    /// edit waits in `pending_changes` for review. Products under review cannot be edited.
    pub fn save_edit(
        conn: &mut DbConnection,
        product: &Product,
        f: &ProductFields,
    ) -> QueryResult<EditOutcome> {
        let now = chrono::Utc::now().naive_utc();
        conn.transaction(|conn| match product.status {
            ProductStatus::Draft | ProductStatus::Rejected => {
                diesel::update(products::table.find(product.id))
                    .set((
                        products::name.eq(&f.name),
                        products::name_folded.eq(crate::text::fold(&f.name)),
                        products::category_id.eq(f.category_id),
                        products::brand.eq(&f.brand),
                        products::description.eq(&f.description),
                        products::gtin.eq(&f.gtin),
                        products::status.eq(ProductStatus::Draft),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok(EditOutcome::Saved)
            }
            ProductStatus::Published | ProductStatus::Hidden => {
                let json = serde_json::to_string(f).unwrap_or_default();
                diesel::update(products::table.find(product.id))
                    .set((
                        products::pending_changes.eq(Some(json)),
                        products::submitted_at.eq(Some(now)),
                        products::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok(EditOutcome::AwaitingReview)
            }
            ProductStatus::Submitted => Ok(EditOutcome::Locked),
        })
    }

    /// Sends a draft for review.
    pub fn submit(conn: &mut DbConnection, id: i32) -> QueryResult<bool> {
        let now = chrono::Utc::now().naive_utc();
        let n = diesel::update(
            products::table
                .find(id)
                .filter(products::status.eq_any([ProductStatus::Draft, ProductStatus::Rejected])),
        )
        .set((
            products::status.eq(ProductStatus::Submitted),
            products::submitted_at.eq(Some(now)),
            products::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }
}

/// What happened to an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    Saved,
    AwaitingReview,
    Locked,
}
