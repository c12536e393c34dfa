//! The facet counts of the embedded index: for each facet, how many matching products hold
//! each value. Every facet value of a product is one value of a single column
//! ([`FIELD`], `facet:value`), so a match costs one column read; the counts go into an array
//! by term ordinal, and ordinals become values once per segment. tantivy's terms aggregation,
//! one per facet field, spent several times as long per match.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Facet, Facets};

/// The index field holding the facet values.
pub const FIELD: &str = "facets";

/// `value` of `facet` as [`FIELD`] keeps it.
pub fn value(facet: Facet, value: &str) -> String {
    format!("{}:{value}", facet.name())
}

/// Counts the facet values of the documents it is given; a product counts once per value, as
/// the index holds each of its values once (`EmbeddedIndex::document`).
pub struct FacetCount;

pub struct SegmentFacetCount {
    /// The segment's column (none when no document of the segment has a facet value) and its
    /// counts by term ordinal.
    column: Option<(StrColumn, Vec<u64>)>,
}

impl Collector for FacetCount {
    type Fruit = Facets;
    type Child = SegmentFacetCount;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCount> {
        let column = reader.fast_fields().str(FIELD)?.map(|column| {
            let terms = column.num_terms();
            (column, vec![0; terms])
        });
        Ok(SegmentFacetCount { column })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut all = Facets::default();
        for facets in fruits {
            all.add(facets);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacetCount {
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some((column, counts)) = &mut self.column else {
            return;
        };
        for ord in column.term_ords(doc) {
            if let Some(n) = usize::try_from(ord).ok().and_then(|i| counts.get_mut(i)) {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> Facets {
        let mut facets = Facets::default();
        let Some((column, counts)) = self.column else {
            return facets;
        };
        let mut text = String::new();
        for (ord, &n) in (0u64..).zip(&counts) {
            text.clear();
            if n == 0 || !column.ord_to_str(ord, &mut text).unwrap_or(false) {
                continue;
            }
            if let Some((name, value)) = text.split_once(':')
                && let Some(facet) = Facet::parse(name)
            {
                *facets.of_mut(facet).entry(value.to_owned()).or_default() += n;
            }
        }
        facets
    }
}
