//! Producers: the firms, cooperatives and households behind the products.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{PageRequest, Paged};
use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::models::province::ProvinceRef;
use crate::db::schema::{producer_counts, producers, products};

/// A producer's id where a function also takes a user's (memberships): the two cannot be
/// swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProducerId(pub i32);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = producers)]
pub struct Producer {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub name_folded: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub address: String,
    pub province_id: Option<i32>,
    pub province_alias_id: Option<i32>,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub description: String,
    pub logo_hash: Option<String>,
    pub verified: bool,
    pub claimed_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Generated for the demo or a load test: fictional, and every page says so.
    pub is_demo: bool,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = producers, treat_none_as_default_value = false)]
pub struct NewProducer {
    pub slug: String,
    pub name: String,
    pub name_folded: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub address: String,
    pub province_id: Option<i32>,
    pub province_alias_id: Option<i32>,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub description: String,
    pub logo_hash: Option<String>,
    pub verified: bool,
    pub claimed_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Generated for the demo or a load test: fictional, and every page says so.
    pub is_demo: bool,
}

impl NewProducer {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<i32> {
        diesel::insert_into(producers::table)
            .values(self)
            .returning(producers::id)
            .get_result(conn)
    }
}

impl Producer {
    pub fn by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Producer> {
        producers::table
            .filter(producers::slug.eq(slug))
            .select(Producer::as_select())
            .first(conn)
    }

    pub fn by_ids(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<Producer>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        producers::table
            .filter(producers::id.eq_any(ids))
            .select(Producer::as_select())
            .load(conn)
    }

    /// The producer directory: producers with at least one published product, by name,
    /// optionally in one province (current unit or pre-2025 name).
    pub fn directory(
        conn: &mut DbConnection,
        province: Option<ProvinceRef>,
        page: PageRequest,
    ) -> QueryResult<Paged<Producer>> {
        // Whether a producer has a published product is a look-up in the counts the database
        // keeps, asked of each producer in name order (`IN (…)` would gather them all and sort).
        let filtered = || {
            let with_products = producer_counts::table
                .filter(producer_counts::producer_id.eq(producers::id))
                .filter(producer_counts::published.gt(0));
            let mut q = producers::table
                .filter(diesel::dsl::exists(with_products))
                .into_boxed();
            match province {
                Some(ProvinceRef::Current(id)) => q = q.filter(producers::province_id.eq(id)),
                Some(ProvinceRef::Legacy { alias_id, .. }) => {
                    q = q.filter(producers::province_alias_id.eq(alias_id))
                }
                None => {}
            }
            q
        };
        let total = match province {
            None => super::catalogue_counts::producers_with_products(conn)?,
            // A province's producers, through its index: a small part of the directory.
            Some(_) => filtered().count().get_result(conn)?,
        };
        if page.page > super::product::max_page(page.per_page) {
            return Ok(Paged {
                items: Vec::new(),
                total,
                page,
            });
        }
        let items = filtered()
            .order((producers::name_folded, producers::id))
            .limit(page.per_page)
            .offset(page.offset())
            .select(Producer::as_select())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    /// Published products per producer, for the given producers.
    pub fn published_counts(conn: &mut DbConnection, ids: &[i32]) -> QueryResult<Vec<(i32, i64)>> {
        super::catalogue_counts::of_producers(conn, ids)
    }

    /// Number of producers, with or without published products.
    pub fn count_all(conn: &mut DbConnection) -> QueryResult<i64> {
        producers::table.count().get_result(conn)
    }

    /// Published products per current province unit (pre-2025 names count in their unit):
    /// one grouped query, at most one row per province. Producers whose province is not yet
    /// known are left out (never guessed).
    pub fn published_products_per_province(
        conn: &mut DbConnection,
    ) -> QueryResult<Vec<(i32, i64)>> {
        let rows: Vec<(Option<i32>, i64)> = products::table
            .inner_join(producers::table)
            .filter(products::status.eq(ProductStatus::Published))
            .filter(producers::province_id.is_not_null())
            .group_by(producers::province_id)
            .select((producers::province_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, n)| id.map(|id| (id, n)))
            .collect())
    }

    /// Total number of producers with a published product.
    pub fn count_with_products(conn: &mut DbConnection) -> QueryResult<i64> {
        super::catalogue_counts::producers_with_products(conn)
    }
}

impl Producer {
    /// Producers with a published product whose folded name holds every word: for the
    /// search box's suggestions.
    pub fn suggest(
        conn: &mut DbConnection,
        words: &[String],
        limit: i64,
    ) -> QueryResult<Vec<Producer>> {
        let with_products = products::table
            .filter(products::status.eq(ProductStatus::Published))
            .select(products::producer_id);
        let mut q = producers::table
            .filter(producers::id.eq_any(with_products))
            .into_boxed();
        for word in words {
            q = q.filter(
                producers::name_folded
                    .like(crate::text::like_contains(word))
                    .escape('\\'),
            );
        }
        q.order(producers::name_folded)
            .limit(limit)
            .select(Producer::as_select())
            .load(conn)
    }
}

/// What a business edits on its producer page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProducerFields {
    pub name: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub address: String,
    pub province_id: i32,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub description: String,
}

impl Producer {
    /// Creates a producer owned by `user_id` (an active membership), in one transaction.
    /// A producer page created by a business, under a free slug made from its name, with the
    /// business as its active member; `Ok(None)` when the tax code belongs to another producer
    /// already (checked first, and again by the UNIQUE index against a concurrent request).
    pub fn create_owned(
        conn: &mut DbConnection,
        user_id: i32,
        f: &ProducerFields,
    ) -> QueryResult<Option<i32>> {
        if let Some(tax) = &f.tax_code {
            let taken: i64 = producers::table
                .filter(producers::tax_code.eq(tax))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Ok(None);
            }
        }
        let created = super::slug::insert_with_free_slug(
            conn,
            super::slug::SlugTable::Producers,
            &crate::text::slugify(&f.name),
            |conn, slug| {
                let now = chrono::Utc::now().naive_utc();
                let id = NewProducer {
                    slug: slug.to_owned(),
                    name: f.name.clone(),
                    name_folded: crate::text::fold(&f.name),
                    legal_name: f.legal_name.clone(),
                    tax_code: f.tax_code.clone(),
                    address: f.address.clone(),
                    province_id: Some(f.province_id),
                    province_alias_id: None,
                    website: f.website.clone(),
                    phone: f.phone.clone(),
                    email: f.email.clone(),
                    description: f.description.clone(),
                    logo_hash: None,
                    verified: false,
                    claimed_by: Some(user_id),
                    created_at: now,
                    updated_at: now,
                    is_demo: false,
                }
                .insert(conn)?;
                crate::db::models::membership::Membership::add(
                    conn,
                    user_id,
                    ProducerId(id),
                    crate::db::models::membership::MembershipStatus::Active,
                )?;
                Ok(id)
            },
        );
        match created {
            Ok(id) => Ok(Some(id)),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            )) if info
                .constraint_name()
                .is_some_and(|c| c.contains("tax_code"))
                || info.message().contains(".tax_code") =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Saves a business's edit of its producer page and queues its products for the index.
    pub fn update_fields(
        conn: &mut DbConnection,
        id: i32,
        f: &ProducerFields,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            if let Some(tax) = &f.tax_code {
                let taken: i64 = producers::table
                    .filter(producers::tax_code.eq(tax))
                    .filter(producers::id.ne(id))
                    .count()
                    .get_result(conn)?;
                if taken > 0 {
                    return Ok(false);
                }
            }
            diesel::update(producers::table.find(id))
                .set((
                    producers::name.eq(&f.name),
                    producers::name_folded.eq(crate::text::fold(&f.name)),
                    producers::legal_name.eq(&f.legal_name),
                    producers::tax_code.eq(&f.tax_code),
                    producers::address.eq(&f.address),
                    producers::province_id.eq(Some(f.province_id)),
                    producers::province_alias_id.eq(None::<i32>),
                    producers::website.eq(&f.website),
                    producers::phone.eq(&f.phone),
                    producers::email.eq(&f.email),
                    producers::description.eq(&f.description),
                    producers::updated_at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(conn)?;
            crate::db::models::search_outbox::SearchOutbox::enqueue_producer(conn, id)?;
            Ok(true)
        })
    }

    /// Producers to claim: by tax code, or by name ignoring case and diacritics.
    pub fn find_for_claim(
        conn: &mut DbConnection,
        query: &str,
        limit: i64,
    ) -> QueryResult<Vec<Producer>> {
        let folded = crate::text::fold(query.trim());
        if folded.chars().count() < 2 {
            return Ok(Vec::new());
        }
        producers::table
            .filter(
                producers::name_folded
                    .like(crate::text::like_contains(&folded))
                    .escape('\\')
                    .or(producers::tax_code.eq(query.trim())),
            )
            .order(producers::name_folded)
            .limit(limit)
            .select(Producer::as_select())
            .load(conn)
    }
}
