//! Queries on awards for the officials' pages: one award and the product it belongs to, and
//! a programme's yearly list as the export writes it. Recording, editing and withdrawing are
//! audited commands in `crate::actions::awards`.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::award::{Award, Programme};
use crate::db::DbConnection;
use crate::db::schema::awards;

impl Award {
    pub fn by_id(conn: &mut DbConnection, id: i32) -> QueryResult<Award> {
        awards::table
            .find(id)
            .select(Award::as_select())
            .first(conn)
    }

    /// The award with the product it belongs to; None for a missing or firm-level award.
    pub fn of_a_product(conn: &mut DbConnection, id: i32) -> QueryResult<Option<(Award, i32)>> {
        let award = Award::by_id(conn, id).optional()?;
        Ok(award.and_then(|a| a.product_id.map(|p| (a, p))))
    }
}

/// One product award as the yearly list has it (DESIGN.md section 5), with ids for the
/// reference names.
#[derive(Debug, Clone, Queryable)]
pub struct AwardListRow {
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
    pub product: String,
    pub category_id: i32,
    pub producer: String,
    pub tax_code: Option<String>,
    pub province_id: Option<i32>,
    pub province_alias_id: Option<i32>,
}

/// Most rows one export holds (a year's list is a few thousand).
pub const EXPORT_LIMIT: i64 = 50_000;

impl Award {
    /// Product awards of a programme (and year), in list order, at most [`EXPORT_LIMIT`].
    pub fn list_rows(
        conn: &mut DbConnection,
        programme: Programme,
        year: Option<i32>,
    ) -> QueryResult<Vec<AwardListRow>> {
        use crate::db::schema::{producers, products};
        let mut query = awards::table
            .inner_join(products::table.inner_join(producers::table))
            .filter(awards::programme.eq(programme))
            .into_boxed();
        if let Some(year) = year {
            query = query.filter(awards::year.eq(year));
        }
        query
            .order((awards::year.desc(), awards::tier, products::name_folded))
            .limit(EXPORT_LIMIT)
            .select((
                awards::programme,
                awards::year,
                awards::tier,
                awards::certificate_no,
                awards::valid_until,
                awards::source_url,
                products::name,
                products::category_id,
                producers::name,
                producers::tax_code,
                producers::province_id,
                producers::province_alias_id,
            ))
            .load(conn)
    }
}
