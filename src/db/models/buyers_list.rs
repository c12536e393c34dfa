//! The state buyers' list (`/mua-sam-cong`): one row per award still valid on a day, of a
//! published product, with what a procurement officer puts on a shortlist — the producer's
//! legal name, tax code and contact, and the award's decision number.
//!
//! Rules: an award counts while its end date is today or later, or when it has none (as
//! [`super::Validity`] judges badges); a withdrawn award is deleted, so it is never here;
//! generated load-test rows (`is_demo`) are left out, as they are not real goods. A page is
//! one joined query (and its count), always in one stable order — category, province (producers whose province is
//! not known last), product name, product, award — so pages and exports never repeat or skip
//! a row.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{PageRequest, Paged, ProductStatus, Programme};
use crate::db::models::province::ProvinceRef;
use crate::db::schema::{awards, categories, producers, products, provinces};
use crate::db::{DbConnection, MultiBackend};

/// What the list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct BuyersFilter {
    pub category_id: Option<i32>,
    pub province: Option<ProvinceRef>,
    pub programme: Option<Programme>,
    /// Folded words that must each be in the product's or the producer's name.
    pub words: Vec<String>,
}

/// One row of the list: an award and its product and producer.
#[derive(Debug, Clone, Queryable)]
pub struct BuyerRow {
    pub award_id: i32,
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
    pub product_slug: String,
    pub product_name: String,
    pub category_id: i32,
    pub producer_slug: String,
    pub producer_name: String,
    pub legal_name: String,
    pub tax_code: Option<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// The current province unit; `None` while it is not known.
    pub province_id: Option<i32>,
}

#[diesel::dsl::auto_type]
fn joined() -> _ {
    products::table
        .inner_join(awards::table)
        .inner_join(categories::table)
        .inner_join(producers::table.left_join(provinces::table))
}

type Filtered = diesel::helper_types::IntoBoxed<'static, joined, MultiBackend>;

impl BuyersFilter {
    /// Award rows of published products matching every filter, still valid on `today`.
    fn query(&self, today: NaiveDate) -> Filtered {
        let mut q = joined()
            .into_boxed()
            .filter(products::status.eq(ProductStatus::Published))
            .filter(products::is_demo.eq(false))
            .filter(producers::is_demo.eq(false))
            .filter(
                awards::valid_until
                    .is_null()
                    .or(awards::valid_until.ge(today)),
            );
        if let Some(id) = self.category_id {
            q = q.filter(products::category_id.eq(id));
        }
        match self.province {
            Some(ProvinceRef::Current(id)) => q = q.filter(producers::province_id.eq(id)),
            Some(ProvinceRef::Legacy { alias_id, .. }) => {
                q = q.filter(producers::province_alias_id.eq(alias_id));
            }
            None => {}
        }
        if let Some(programme) = self.programme {
            q = q.filter(awards::programme.eq(programme));
        }
        for word in &self.words {
            let pattern = crate::text::like_contains(word);
            q = q.filter(
                products::name_folded
                    .like(pattern.clone())
                    .escape('\\')
                    .or(producers::name_folded.like(pattern).escape('\\')),
            );
        }
        q
    }

    /// The filtered rows in the list's order, not yet cut.
    fn ordered(&self, today: NaiveDate) -> Filtered {
        self.query(today).order((
            categories::sort_order,
            categories::id,
            provinces::slug.is_null(),
            provinces::slug,
            products::name_folded,
            products::id,
            awards::id,
        ))
    }
}

/// The columns of a [`BuyerRow`], in its order.
macro_rules! row_columns {
    () => {
        (
            awards::id,
            awards::programme,
            awards::year,
            awards::tier,
            awards::certificate_no,
            awards::valid_until,
            awards::source_url,
            products::slug,
            products::name,
            products::category_id,
            producers::slug,
            producers::name,
            producers::legal_name,
            producers::tax_code,
            producers::phone,
            producers::email,
            producers::address,
            producers::province_id,
        )
    };
}

impl BuyerRow {
    /// One page of the list and how many rows it has in all.
    pub fn page(
        conn: &mut DbConnection,
        filter: &BuyersFilter,
        today: NaiveDate,
        page: PageRequest,
    ) -> QueryResult<Paged<BuyerRow>> {
        let total = filter.query(today).count().get_result(conn)?;
        let items = filter
            .ordered(today)
            .limit(page.per_page)
            .offset(page.offset())
            .select(row_columns!())
            .load(conn)?;
        Ok(Paged { items, total, page })
    }

    /// The award ids of the first `limit` rows, in the list's order: what an export walks
    /// through, a chunk at a time.
    pub fn ids(
        conn: &mut DbConnection,
        filter: &BuyersFilter,
        today: NaiveDate,
        limit: i64,
    ) -> QueryResult<Vec<i32>> {
        filter
            .ordered(today)
            .limit(limit)
            .select(awards::id)
            .load(conn)
    }

    /// The rows of the awards `ids` (a chunk of [`BuyerRow::ids`]), in the order of `ids`.
    /// The filter is applied again, so an award withdrawn meanwhile is left out.
    pub fn by_ids(
        conn: &mut DbConnection,
        filter: &BuyersFilter,
        today: NaiveDate,
        ids: &[i32],
    ) -> QueryResult<Vec<BuyerRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<BuyerRow> = filter
            .query(today)
            .filter(awards::id.eq_any(ids.to_vec()))
            .select(row_columns!())
            .load(conn)?;
        let position: std::collections::HashMap<i32, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        rows.sort_by_key(|r| position.get(&r.award_id).copied().unwrap_or(usize::MAX));
        Ok(rows)
    }
}
