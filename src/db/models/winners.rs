//! A programme's yearly list of winners as the public pages show it: which awards a list
//! holds (by province, still valid on a day), how many per tier, and the pages the records
//! were taken from. Every query is bounded and has one fixed shape.

use chrono::NaiveDate;
use diesel::dsl::{InnerJoin, IntoBoxed};
use diesel::prelude::*;

use super::award::Programme;
use crate::db::models::ProductStatus;
use crate::db::models::province::ProvinceRef;
use crate::db::schema::{awards, products};
use crate::db::{DbConnection, MultiBackend};

/// Most source pages a list names.
pub const MAX_SOURCES: i64 = 100;

/// Which of a year's awards a list shows; the default shows them all.
#[derive(Debug, Clone, Copy, Default)]
pub struct WinnerFilter {
    /// Only products of producers in this province (current unit, or as written before 2025).
    pub province: Option<ProvinceRef>,
    /// Only awards that have not expired on this day (valid, or with no end date).
    pub valid_on: Option<NaiveDate>,
}

/// Awards joined to their products, boxed.
pub type WinnerQuery = IntoBoxed<'static, InnerJoin<awards::table, products::table>, MultiBackend>;

impl WinnerFilter {
    /// Awards of `programme` in `year` on published products that pass the filter.
    pub fn apply(&self, programme: Programme, year: i32) -> WinnerQuery {
        let mut q = awards::table
            .inner_join(products::table)
            .filter(awards::programme.eq(programme))
            .filter(awards::year.eq(year))
            .filter(products::status.eq(ProductStatus::Published))
            .into_boxed();
        if let Some(province) = self.province {
            q = q.filter(products::producer_id.eq_any(province.producer_ids()));
        }
        if let Some(day) = self.valid_on {
            q = q.filter(
                awards::valid_until
                    .is_null()
                    .or(awards::valid_until.ge(day)),
            );
        }
        q
    }

    /// How many winners each tier of the list has (`None`: recorded without a tier), best
    /// tier first; tiers without winners are absent. One count per tier of the programme
    /// (at most five queries).
    pub fn tier_counts(
        &self,
        conn: &mut DbConnection,
        programme: Programme,
        year: i32,
    ) -> QueryResult<Vec<(Option<String>, i64)>> {
        let mut counts = Vec::new();
        for tier in programme.tiers() {
            let n: i64 = self
                .apply(programme, year)
                .filter(awards::tier.eq(*tier))
                .count()
                .get_result(conn)?;
            counts.push((Some((*tier).to_owned()), n));
        }
        let untiered: i64 = self
            .apply(programme, year)
            .filter(awards::tier.is_null().or(awards::tier.eq("")))
            .count()
            .get_result(conn)?;
        counts.push((None, untiered));
        counts.retain(|(_, n)| *n > 0);
        Ok(counts)
    }

    /// The distinct pages the list's records were taken from, at most [`MAX_SOURCES`].
    pub fn sources(
        &self,
        conn: &mut DbConnection,
        programme: Programme,
        year: i32,
    ) -> QueryResult<Vec<String>> {
        self.apply(programme, year)
            .filter(awards::source_url.is_not_null())
            .select(awards::source_url.assume_not_null())
            .distinct()
            .order(awards::source_url.assume_not_null())
            .limit(MAX_SOURCES)
            .load(conn)
    }
}

/// The newest year with an award still holding on `day` (valid, or with no end date) on a
/// published product. `years` are the years that have awards, newest first (the reference
/// data keeps them): each is asked in turn through the year index, stopping at the first that
/// has one (`MAX` over the join would read every award).
pub fn latest_valid_year(
    conn: &mut DbConnection,
    day: NaiveDate,
    years: &[i32],
) -> QueryResult<Option<i32>> {
    for year in years {
        let holding = awards::table
            .inner_join(products::table)
            .filter(awards::year.eq(*year))
            .filter(products::status.eq(ProductStatus::Published))
            .filter(
                awards::valid_until
                    .is_null()
                    .or(awards::valid_until.ge(day)),
            );
        if diesel::select(diesel::dsl::exists(holding)).get_result(conn)? {
            return Ok(Some(*year));
        }
    }
    Ok(None)
}

/// Up to `limit` published products holding an award of `programme` in `year` still valid on
/// `day`, best tier first (recorded without a tier last), within a tier in the order the
/// awards were recorded: one query per tier through the (programme, year, tier, id) index,
/// each stopping at what is still missing, for the home page's shelf (the year's list sorts
/// them by name, which needs them all).
pub fn shelf(
    conn: &mut DbConnection,
    programme: Programme,
    year: i32,
    day: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<super::Product>> {
    let mut found = Vec::new();
    let tiers = programme.tiers().iter().map(|t| Some(*t)).chain([None]);
    for tier in tiers {
        let missing = limit - i64::try_from(found.len()).unwrap_or(limit);
        if missing <= 0 {
            break;
        }
        let q = WinnerFilter {
            province: None,
            valid_on: Some(day),
        }
        .apply(programme, year);
        let q = match tier {
            Some(t) => q.filter(awards::tier.eq(t)),
            None => q.filter(awards::tier.is_null()),
        };
        found.extend(
            q.order(awards::id)
                .limit(missing)
                .select(super::Product::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}
