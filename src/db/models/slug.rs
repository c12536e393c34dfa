//! Slugs of new rows (products, producers, articles, collections): `base`, else `base-2`,
//! `base-3`… picked with one query, and the row inserted under it.
//!
//! Rule: a slug is only ever taken by inserting the row. Two requests creating the same name
//! at once both see `base` free; the database's UNIQUE index lets one win, and the other
//! retries, in a fresh transaction (a savepoint inside another), under another slug. Retries
//! spread out at random so a crowd does not collide again; the last one takes a random
//! suffix. Only if every attempt loses does the unique violation reach the caller (a 409).

use std::collections::HashSet;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::Text;
use rand_core::{OsRng, RngCore};

use crate::db::DbConnection;
use crate::db::schema::{articles, events, featured_collections, producers, products};

/// Most existing slugs read when picking one.
const SCANNED: i64 = 1000;
/// Attempts at inserting before a unique violation is given up to the caller.
const ATTEMPTS: u32 = 6;

diesel::define_sql_function! {
    /// The length of a text, in characters (SQLite and PostgreSQL alike).
    fn length(text: Text) -> Integer;
}

/// The tables whose rows have a slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugTable {
    Products,
    Producers,
    Articles,
    Collections,
    Events,
}

/// Slugs of `$table` equal to `$base` or starting with `$base-`, shortest first. The range
/// `$base-` ≤ slug < `$base.` (`.` follows `-`) lets the slug's unique index find them (a
/// LIKE with ESCAPE never does, and scanning the table for every insert made a large import
/// quadratic); the LIKE keeps the meaning exact whatever the collation (and should a
/// collation order them otherwise, a missed slug only costs a retry: the unique index
/// decides).
macro_rules! slugs_like {
    ($table:ident, $conn:expr, $base:expr) => {
        $table::table
            .filter(
                $table::slug.eq($base).or($table::slug
                    .ge(format!("{}-", $base))
                    .and($table::slug.lt(format!("{}.", $base)))
                    .and(
                        $table::slug
                            .like(format!("{}-%", crate::text::like_escaped($base)))
                            .escape('\\'),
                    )),
            )
            .order((length($table::slug), $table::slug))
            .limit(SCANNED)
            .select($table::slug)
            .load::<String>($conn)
    };
}

impl SlugTable {
    /// The slug used when a name has no letters or digits at all.
    fn fallback(self) -> &'static str {
        match self {
            SlugTable::Products => "san-pham",
            SlugTable::Producers => "nha-san-xuat",
            SlugTable::Articles => "bai-viet",
            SlugTable::Collections => "bo-suu-tap",
            SlugTable::Events => "hoi-cho",
        }
    }

    /// The slugs `base` might collide with, in one query.
    fn taken(self, conn: &mut DbConnection, base: &str) -> QueryResult<Vec<String>> {
        match self {
            SlugTable::Products => slugs_like!(products, conn, base),
            SlugTable::Producers => slugs_like!(producers, conn, base),
            SlugTable::Articles => slugs_like!(articles, conn, base),
            SlugTable::Collections => slugs_like!(featured_collections, conn, base),
            SlugTable::Events => slugs_like!(events, conn, base),
        }
    }
}

/// Inserts a row under a free slug made from `base` (a slugified name): `insert` gets the
/// slug and runs in a transaction of its own, retried under another slug when a concurrent
/// insert took the one chosen.
pub fn insert_with_free_slug<T>(
    conn: &mut DbConnection,
    table: SlugTable,
    base: &str,
    mut insert: impl FnMut(&mut DbConnection, &str) -> QueryResult<T>,
) -> QueryResult<T> {
    let base = if base.is_empty() {
        table.fallback()
    } else {
        base
    };
    let mut attempt = 0;
    loop {
        let taken = table.taken(conn, base)?;
        let slug = choose(base, &taken, attempt, OsRng.next_u64());
        match conn.transaction(|conn| insert(conn, &slug)) {
            Err(e) if is_slug_violation(&e) && attempt + 1 < ATTEMPTS => attempt += 1,
            outcome => return outcome,
        }
    }
}

/// Whether `e` is a UNIQUE violation of a `slug` column (not, say, of a tax code).
fn is_slug_violation(e: &Error) -> bool {
    match e {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            // PostgreSQL names the constraint (`products_slug_key`); SQLite names the column
            // in its message (`UNIQUE constraint failed: products.slug`).
            info.constraint_name().is_some_and(|c| c.contains("slug"))
                || info.message().contains(".slug")
        }
        _ => false,
    }
}

/// The slug to try on `attempt` (0 first), given the slugs `taken` that start like `base`:
/// the first free of `base`, `base-2`, `base-3`…; after a lost race one of the first free
/// ones at random, in a wider range each time; on the last attempt a random suffix.
fn choose(base: &str, taken: &[String], attempt: u32, random: u64) -> String {
    if attempt + 1 >= ATTEMPTS {
        return format!("{base}-{:08x}", random as u32);
    }
    let used: HashSet<u64> = taken
        .iter()
        .filter_map(|slug| {
            if slug == base {
                return Some(1);
            }
            let n = slug.strip_prefix(base)?.strip_prefix('-')?;
            n.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| n.parse::<u64>().ok())
                .flatten()
                .filter(|n| *n >= 2)
        })
        .collect();
    let mut free = (1..).filter(|n| !used.contains(n));
    let skip = if attempt == 0 {
        0
    } else {
        random % (8 << (2 * attempt))
    };
    match free.nth(usize::try_from(skip).unwrap_or(0)) {
        Some(1) | None => base.to_owned(),
        Some(n) => format!("{base}-{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn the_first_free_slug_is_chosen_first() {
        let taken = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(choose("nuoc-mam", &[], 0, 7), "nuoc-mam");
        assert_eq!(
            choose("nuoc-mam", &taken(&["nuoc-mam"]), 0, 7),
            "nuoc-mam-2"
        );
        assert_eq!(
            choose(
                "nuoc-mam",
                &taken(&["nuoc-mam", "nuoc-mam-2", "nuoc-mam-4", "nuoc-mam-phu-quoc"]),
                0,
                7
            ),
            "nuoc-mam-3"
        );
        // Another product's slug that merely starts alike takes nothing.
        assert_eq!(
            choose("nuoc-mam", &taken(&["nuoc-mam-3-mien"]), 0, 7),
            "nuoc-mam"
        );
        let retried = choose("nuoc-mam", &taken(&["nuoc-mam"]), 2, 12_345);
        assert!(
            retried.starts_with("nuoc-mam-") && retried != "nuoc-mam",
            "{retried}"
        );
        assert_eq!(choose("nuoc-mam", &[], 5, 0xabcdef), "nuoc-mam-00abcdef");
    }
}
