//! The embedded index's relevance order, collected with bounds: a page of the best matches,
//! and (when asked) the total and the facet counts, in one pass over the matches.
//!
//! A match's score is its words' score (the `required` query: every word, and the filters)
//! plus ranking bonuses (proximity, exactness, words as typed), each of which adds at most a
//! known number of points. Ties are broken by `standing`, the name and the id, all
//! descending as the index keeps them (see `EmbeddedIndex::document`). Once the page is
//! full, a match is dropped as soon as even its best possible score cannot reach the page's
//! last entry: the bonuses are asked one by one, the largest first, and each one a match
//! lacks lowers its bound. On a broad query (a short prefix matching a tenth of the
//! catalogue) most matches are dropped after their words' score and `standing`, without
//! the bonuses' postings being read for them. The order is exactly that of sorting every
//! match by the whole key.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

use super::Facets;
use super::facet_count::FacetCount;

/// A ranking bonus: a query and the most points it adds.
pub type Bonus = (Box<dyn Query>, Score);

/// What a ranked collection returns: the page's addresses, best first, and, when counting
/// was asked, the number of matches and their facet counts.
pub struct Ranked {
    pub page: Vec<DocAddress>,
    pub counted: Option<(usize, Facets)>,
}

/// The order of matches: score, then `standing`, then the name and the id keys (each kept
/// descending by the index), the greater first.
#[derive(Clone, Copy, Debug)]
struct Key {
    score: Score,
    standing: u64,
    name: [u64; 3],
    id: u64,
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.standing.cmp(&other.standing))
            .then(self.name.cmp(&other.name))
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

/// The tie-break columns of one segment.
struct Columns {
    standing: Arc<dyn ColumnValues<u64>>,
    name: [Arc<dyn ColumnValues<u64>>; 3],
    id: Arc<dyn ColumnValues<u64>>,
}

impl Columns {
    fn of(reader: &tantivy::SegmentReader) -> tantivy::Result<Columns> {
        let column = |name: &str| -> tantivy::Result<Arc<dyn ColumnValues<u64>>> {
            Ok(reader.fast_fields().u64(name)?.first_or_default_col(0))
        };
        Ok(Columns {
            standing: column("standing")?,
            name: [
                column("name_key_0")?,
                column("name_key_1")?,
                column("name_key_2")?,
            ],
            id: column("id_key")?,
        })
    }
}

/// The matches `offset..offset + limit` of `required` by score (its own plus the bonuses'),
/// and the total and facet counts of all its matches when `counting`.
pub fn collect(
    searcher: &Searcher,
    required: &dyn Query,
    bonuses: &[Bonus],
    offset: usize,
    limit: usize,
    counting: bool,
) -> tantivy::Result<Ranked> {
    let want = offset + limit.max(1);
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let required = required.weight(scoring)?;
    let mut bonuses = bonuses
        .iter()
        .map(|(query, max)| Ok((query.weight(scoring)?, *max)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // The largest first: a match lacking it loses the most of its bound at once.
    bonuses.sort_by(|a, b| b.1.total_cmp(&a.1));
    let bonus_max: Score = bonuses.iter().map(|(_, max)| max).sum();

    let mut best: BinaryHeap<Reverse<(Key, u32, DocId)>> = BinaryHeap::with_capacity(want + 1);
    let mut total = 0usize;
    let mut facet_fruits = Vec::new();
    for (ord, reader) in (0u32..).zip(searcher.segment_readers()) {
        let mut scorer = required.scorer(reader, 1.0)?;
        if scorer.doc() == TERMINATED {
            continue;
        }
        let mut extra: Vec<(Box<dyn Scorer>, Score)> = bonuses
            .iter()
            .map(|(weight, max)| Ok((weight.scorer(reader, 1.0)?, *max)))
            .collect::<tantivy::Result<_>>()?;
        let columns = Columns::of(reader)?;
        let mut facets = match counting {
            true => Some(FacetCount.for_segment(ord, reader)?),
            false => None,
        };
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        'docs: while doc != TERMINATED {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                doc = scorer.advance();
                continue;
            }
            total += 1;
            if let Some(facets) = &mut facets {
                facets.collect(doc, 0.0);
            }
            let words = scorer.score();
            let standing = columns.standing.get_val(doc);
            // The page's last entry, once the page is full: a match must beat it.
            let last = match best.len() == want {
                true => best.peek().map(|Reverse((key, _, _))| *key),
                false => None,
            };
            let cannot_enter = |bound: Score| {
                last.is_some_and(|last| {
                    bound < last.score || (bound == last.score && standing < last.standing)
                })
            };
            let mut score = words;
            let mut bound = words + bonus_max;
            for (bonus, max) in &mut extra {
                if cannot_enter(bound) {
                    doc = scorer.advance();
                    continue 'docs;
                }
                bound -= *max;
                let at = match bonus.doc() < doc {
                    true => bonus.seek(doc),
                    false => bonus.doc(),
                };
                if at == doc {
                    let points = bonus.score();
                    score += points;
                    bound += points;
                }
            }
            let key = Key {
                score,
                standing,
                name: [
                    columns.name[0].get_val(doc),
                    columns.name[1].get_val(doc),
                    columns.name[2].get_val(doc),
                ],
                id: columns.id.get_val(doc),
            };
            if last.is_none_or(|last| key > last) {
                best.push(Reverse((key, ord, doc)));
                if best.len() > want {
                    best.pop();
                }
            }
            doc = scorer.advance();
        }
        if let Some(facets) = facets {
            facet_fruits.push(facets.harvest());
        }
    }
    let mut ranked: Vec<(Key, u32, DocId)> = best.into_iter().map(|Reverse(e)| e).collect();
    ranked.sort_by_key(|(key, _, _)| Reverse(*key));
    let page = ranked
        .into_iter()
        .skip(offset)
        .map(|(_, segment, doc)| DocAddress::new(segment, doc))
        .collect();
    let counted = match counting {
        true => Some((total, FacetCount.merge_fruits(facet_fruits)?)),
        false => None,
    };
    Ok(Ranked { page, counted })
}
