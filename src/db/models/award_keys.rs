//! The award filter keys (table `award_keys`, migration `filter_keys`): for each product, one
//! row per award filter it passes, so that any mix of the programme, year and tier filters is
//! one equality on (programme, year, tier) followed by the page's order, and a year's list of
//! winners walks its rows best tier first. Each key carries its product's category, province
//! and sort columns (migration `award_key_orders`), so a category or a province beside the
//! award filters, and every catalogue order, is served by an index of the keys too. A filter on
//! awards then costs the rows of its page, not a test of every product in the catalogue.
//!
//! An award (p, y, t) held by the product, or a firm-level award of its producer, gives the
//! keys (p, y, t), (p, y, [`ANY`]), (p, [`ANY_YEAR`], t), (p, [`ANY_YEAR`], [`ANY`]) and
//! ([`ANY`], y, [`ANY`]); an award without a tier has the tier `""`. The row (p, y, t) of the
//! product's own award is `listed`: the year's list shows it. The rows are rewritten with the
//! award summary ([`super::Product::refresh_award_summary`], which every writer of awards
//! calls); triggers follow a product's renames, publication, category, province and
//! deletion.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use diesel::prelude::*;

use super::award::{Award, Programme, tier_rank};
use crate::db::DbConnection;
use crate::db::schema::award_keys;

/// "Any programme", "any tier".
pub const ANY: &str = "*";
/// "Any year".
pub const ANY_YEAR: i32 = 0;

/// One key row.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = award_keys)]
pub struct AwardKey {
    pub programme: String,
    pub year: i32,
    pub tier: String,
    pub listed: bool,
    pub rank: i32,
    #[diesel(embed)]
    pub product: KeyedProduct,
}

/// What each key of a product copies from it: its name and whether it is published (kept by
/// the triggers on the product), and (migration `award_key_orders`) its category, province
/// and sort columns, so that an award filter with a category or a province, or in another
/// order than by name, walks one index of the keys. `award_year` and `award_rank` are the
/// award summary as just recomputed.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = award_keys)]
pub struct KeyedProduct {
    #[diesel(column_name = product_id)]
    pub id: i32,
    pub published: bool,
    pub is_demo: bool,
    pub name_folded: String,
    pub category_id: i32,
    pub province_id: Option<i32>,
    pub province_alias_id: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub award_year: i32,
    pub award_rank: i32,
}

/// The key a filter on awards asks for; `None` when it can match nothing (a tier that is not
/// one of the programme's). A tier belongs to one programme, so a tier without a programme is
/// asked as that programme's.
pub fn key_of(
    programme: Option<Programme>,
    year: Option<i32>,
    tier: Option<&str>,
) -> Option<(&'static str, i32, String)> {
    let programme = match (programme, tier) {
        (Some(p), Some(t)) => p.tiers().contains(&t).then_some(p),
        (None, Some(t)) => Programme::ALL
            .iter()
            .copied()
            .find(|p| p.tiers().contains(&t)),
        (p, None) => p,
    };
    if tier.is_some() && programme.is_none() {
        return None;
    }
    Some((
        programme.map_or(ANY, Programme::slug),
        year.unwrap_or(ANY_YEAR),
        tier.unwrap_or(ANY).to_owned(),
    ))
}

/// The keys of one product from the awards it holds (`true`: its own award, `false`: a
/// firm-level award of its producer).
pub fn keys_of<'a>(
    product: &KeyedProduct,
    held: impl IntoIterator<Item = (&'a Award, bool)>,
) -> Vec<AwardKey> {
    // (programme, year, tier) → (listed, rank)
    let mut keys: BTreeMap<(&'static str, i32, String), (bool, i32)> = BTreeMap::new();
    for (award, own) in held {
        let p = award.programme.slug();
        let y = award.year;
        let t = award.tier.clone().unwrap_or_default();
        let rank = tier_rank(award.programme, award.tier.as_deref());
        let exact = keys.entry((p, y, t.clone())).or_insert((false, 0));
        *exact = (exact.0 || own, exact.1.max(rank));
        let mut general = vec![(p, y, ANY.to_owned()), (p, ANY_YEAR, ANY.to_owned())];
        general.push((ANY, y, ANY.to_owned()));
        if !t.is_empty() {
            general.push((p, ANY_YEAR, t));
        }
        for key in general {
            keys.entry(key).or_insert((false, 0));
        }
    }
    keys.into_iter()
        .map(|((programme, year, tier), (listed, rank))| AwardKey {
            programme: programme.to_owned(),
            year,
            tier,
            listed,
            rank: if listed { rank } else { 0 },
            product: product.clone(),
        })
        .collect()
}

/// Removes the keys of `product_ids`, to be written again with [`insert`] (in the
/// transaction that changed their awards). Removed first, so that updating the products'
/// award summary in between does not copy it into keys about to go.
pub fn remove(conn: &mut DbConnection, product_ids: &[i32]) -> QueryResult<()> {
    for chunk in product_ids.chunks(500) {
        diesel::delete(award_keys::table.filter(award_keys::product_id.eq_any(chunk)))
            .execute(conn)?;
    }
    Ok(())
}

/// Writes `keys`. One statement per row: the multi-backend connection has no batch insert.
pub fn insert(conn: &mut DbConnection, keys: &[AwardKey]) -> QueryResult<()> {
    for key in keys {
        diesel::insert_into(award_keys::table)
            .values(key)
            .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn award(programme: Programme, year: i32, tier: Option<&str>) -> Award {
        Award {
            id: 1,
            product_id: Some(7),
            producer_id: None,
            programme,
            year,
            tier: tier.map(str::to_owned),
            certificate_no: None,
            valid_until: None,
            source_url: None,
        }
    }

    fn names(keys: &[AwardKey]) -> Vec<(String, i32, String, bool)> {
        keys.iter()
            .map(|k| (k.programme.clone(), k.year, k.tier.clone(), k.listed))
            .collect()
    }

    #[test]
    fn an_award_gives_every_filter_it_passes_one_key() {
        let own = award(Programme::Ocop, 2023, Some("4"));
        let firm = award(Programme::Ocop, 2023, Some("4"));
        let other = award(Programme::Hvnclc, 2024, None);
        let product = KeyedProduct {
            id: 7,
            published: true,
            is_demo: false,
            name_folded: "nuoc mam".into(),
            category_id: 3,
            province_id: Some(5),
            province_alias_id: None,
            published_at: None,
            award_year: 2024,
            award_rank: 98,
        };
        let keys = keys_of(&product, [(&own, true), (&firm, false), (&other, false)]);
        let s = |p: &str, y, t: &str, l| (p.to_owned(), y, t.to_owned(), l);
        assert_eq!(
            names(&keys),
            vec![
                s("*", 2023, "*", false),
                s("*", 2024, "*", false),
                s("hvnclc", 0, "*", false),
                s("hvnclc", 2024, "", false),
                s("hvnclc", 2024, "*", false),
                s("ocop", 0, "*", false),
                s("ocop", 0, "4", false),
                s("ocop", 2023, "*", false),
                s("ocop", 2023, "4", true),
            ]
        );
        let listed = keys.iter().find(|k| k.listed).map(|k| k.rank);
        assert_eq!(listed, Some(tier_rank(Programme::Ocop, Some("4"))));
        assert!(keys.iter().filter(|k| !k.listed).all(|k| k.rank == 0));
        assert!(keys.iter().all(|k| k.product == product));
    }

    #[test]
    fn every_filter_asks_for_a_key_that_exists() {
        assert_eq!(
            key_of(Some(Programme::Ocop), Some(2023), Some("4")),
            Some(("ocop", 2023, "4".to_owned()))
        );
        assert_eq!(
            key_of(None, None, Some("4")),
            Some(("ocop", 0, "4".to_owned()))
        );
        assert_eq!(
            key_of(None, Some(2023), None),
            Some(("*", 2023, "*".to_owned()))
        );
        assert_eq!(
            key_of(Some(Programme::Hvnclc), None, None),
            Some(("hvnclc", 0, "*".to_owned()))
        );
        // A tier that is not the programme's, or no programme's, matches nothing.
        assert_eq!(key_of(Some(Programme::Hvnclc), None, Some("4")), None);
        assert_eq!(key_of(None, None, Some("9")), None);
    }
}
