//! A programme's yearly list of winners as the public pages show it: which awards a list
//! holds (by province, still valid on a day), how many per tier, and the pages the records
//! were taken from. Every query is bounded and has one fixed shape.

use chrono::NaiveDate;
use diesel::dsl::{InnerJoin, IntoBoxed};
use diesel::prelude::*;

use super::award::{self, Programme};
use super::product::LIST_CAP;
use super::{PageRequest, Product};
use crate::db::models::ProductStatus;
use crate::db::models::province::ProvinceRef;
use crate::db::schema::{award_keys, award_list_counts, awards, products};
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

/// A year's list of winners per tier ([`WinnerFilter::tier_counts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierCounts {
    /// `(tier, winners)`, best tier first; `None`: recorded without a tier.
    pub tiers: Vec<(Option<String>, i64)>,
    /// False when more than [`LIST_CAP`] winners were not all counted.
    pub exact: bool,
}

impl TierCounts {
    /// Winners in the list (counted as far as the cap when not exact).
    pub fn total(&self) -> i64 {
        self.tiers.iter().map(|(_, n)| n).sum()
    }
}

/// Counts by rank ([`award::tier_rank`], best first) as counts by tier: a rank that is none of
/// the programme's tiers is the group recorded without a tier.
fn tiers_of(programme: Programme, by_rank: Vec<(i32, i64)>) -> Vec<(Option<String>, i64)> {
    let mut tiers: Vec<(Option<String>, i64)> = Vec::new();
    for (rank, n) in by_rank {
        let tier = programme
            .tiers()
            .iter()
            .find(|t| award::tier_rank(programme, Some(t)) == rank)
            .map(|t| (*t).to_owned());
        match tiers.iter_mut().find(|(t, _)| *t == tier) {
            Some((_, total)) => *total += n,
            None => tiers.push((tier, n)),
        }
    }
    tiers
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
        // The producer's province as kept on the product (migration `filter_keys`): a
        // subquery of the producers of a large province would list them all at each request.
        match self.province {
            Some(ProvinceRef::Current(id)) => q = q.filter(products::province_id.eq(id)),
            Some(ProvinceRef::Legacy { alias_id, .. }) => {
                q = q.filter(products::province_alias_id.eq(alias_id));
            }
            None => {}
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

    /// The year's winners as their listed award keys (one per product's own award, see
    /// [`super::award_keys`]) whose product is published and of the filter's province; an
    /// index keeps them in the list's order, one per province too (the keys carry their
    /// product's province, migration `award_key_orders`). (`valid_on` is asked of the awards
    /// only, by [`WinnerFilter::apply`].)
    fn listed(
        &self,
        programme: Programme,
        year: i32,
    ) -> award_keys::BoxedQuery<'static, MultiBackend> {
        let q = award_keys::table
            .filter(award_keys::programme.eq(programme.slug()))
            .filter(award_keys::year.eq(year))
            .filter(award_keys::listed.eq(true))
            .filter(award_keys::published.eq(true))
            .into_boxed();
        // The province's indexes hold the listed keys only (`WHERE listed`): the bare column,
        // not a bound `listed = ?`, is what lets the planner see that they serve the query.
        match self.province {
            Some(ProvinceRef::Current(id)) => q
                .filter(award_keys::listed)
                .filter(award_keys::province_id.eq(id)),
            Some(ProvinceRef::Legacy { alias_id, .. }) => q
                .filter(award_keys::listed)
                .filter(award_keys::province_alias_id.eq(alias_id)),
            None => q,
        }
    }

    /// How many winners each tier of the list has (`None`: recorded without a tier), best
    /// tier first; tiers without winners are absent. Read from the counts the database keeps
    /// (`award_list_counts`); with a province, counted as far as [`LIST_CAP`] in the list's
    /// order (then `exact` is false and the last tiers may be short or missing).
    pub fn tier_counts(
        &self,
        conn: &mut DbConnection,
        programme: Programme,
        year: i32,
    ) -> QueryResult<TierCounts> {
        let by_rank: Vec<(i32, i64)> = if self.province.is_none() {
            award_list_counts::table
                .filter(award_list_counts::programme.eq(programme.slug()))
                .filter(award_list_counts::year.eq(year))
                .filter(award_list_counts::published.gt(0))
                .order(award_list_counts::rank.desc())
                .select((award_list_counts::rank, award_list_counts::published))
                .load(conn)?
        } else {
            let ranks: Vec<i32> = self
                .listed(programme, year)
                .order(award_keys::rank.desc())
                .select(award_keys::rank)
                .limit(LIST_CAP + 1)
                .load(conn)?;
            let exact = ranks.len() <= usize::try_from(LIST_CAP).unwrap_or(0);
            let mut counts: Vec<(i32, i64)> = Vec::new();
            for rank in ranks
                .into_iter()
                .take(usize::try_from(LIST_CAP).unwrap_or(0))
            {
                match counts.last_mut() {
                    Some((r, n)) if *r == rank => *n += 1,
                    _ => counts.push((rank, 1)),
                }
            }
            return Ok(TierCounts {
                exact,
                tiers: tiers_of(programme, counts),
            });
        };
        Ok(TierCounts {
            exact: true,
            tiers: tiers_of(programme, by_rank),
        })
    }

    /// One page of the list: `(tier, product)` pairs, best tier first, real records before
    /// generated (fictional) ones, then by name.
    pub fn winners(
        &self,
        conn: &mut DbConnection,
        programme: Programme,
        year: i32,
        page: PageRequest,
    ) -> QueryResult<Vec<(Option<String>, Product)>> {
        let rows: Vec<(String, i32)> = self
            .listed(programme, year)
            .order((
                award_keys::rank.desc(),
                award_keys::is_demo,
                award_keys::name_folded,
                award_keys::product_id,
            ))
            .limit(page.per_page)
            .offset(page.offset())
            .select((award_keys::tier, award_keys::product_id))
            .load(conn)?;
        let ids: Vec<i32> = rows.iter().map(|(_, id)| *id).collect();
        let mut products = Product::published_by_ids(conn, &ids)?;
        Ok(rows
            .into_iter()
            .filter_map(|(tier, id)| {
                let at = products.iter().position(|p| p.id == id)?;
                Some(((!tier.is_empty()).then_some(tier), products.swap_remove(at)))
            })
            .collect())
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
/// data keeps them): each is asked in turn, stopping at the first that has one. Each question
/// seeks the (programme, year, valid_until) index, one programme and one kind of validity at a
/// time, and reads each candidate's product by its id: the awards drive the query by its
/// shape, so a year whose awards have all expired costs a few seeks, not a walk of the
/// catalogue (`MAX` over the join would read every award).
pub fn latest_valid_year(
    conn: &mut DbConnection,
    day: NaiveDate,
    years: &[i32],
) -> QueryResult<Option<i32>> {
    for year in years {
        for programme in Programme::ALL {
            let published = products::table
                .filter(products::id.nullable().eq(awards::product_id))
                .filter(products::status.eq(ProductStatus::Published));
            let of_year = || {
                awards::table
                    .filter(awards::programme.eq(programme))
                    .filter(awards::year.eq(*year))
            };
            let open_ended = of_year()
                .filter(awards::valid_until.is_null())
                .filter(diesel::dsl::exists(published));
            let still_valid = of_year()
                .filter(awards::valid_until.ge(day))
                .filter(diesel::dsl::exists(published));
            if diesel::select(diesel::dsl::exists(open_ended)).get_result(conn)?
                || diesel::select(diesel::dsl::exists(still_valid)).get_result(conn)?
            {
                return Ok(Some(*year));
            }
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
