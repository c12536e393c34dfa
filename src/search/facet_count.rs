//! The facet counts of the embedded index: for each facet field, how many matching products
//! hold each value. A collector that reads the fields' columns by term ordinal and counts
//! into arrays, turning ordinals into values once per segment; tantivy's general terms
//! aggregation spent several times as long per match (and most of a broad search's time).

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::Facets;

/// The text facet fields (each also a field of [`Facets`]).
const TEXT_FIELDS: [&str; 5] = ["category", "province", "programme", "tier", "sold_in"];
/// The number facet field.
const YEAR_FIELD: &str = "year";

/// Counts the facet values of the documents it is given; each product counts once per value.
pub struct FacetCount;

pub struct SegmentFacetCount {
    /// Each text field's column and its counts by term ordinal.
    text: Vec<(&'static str, StrColumn, Vec<u64>)>,
    year: Option<(Column<u64>, BTreeMap<u64, u64>)>,
    /// One document's ordinals, deduplicated before counting (a reused buffer).
    ords: Vec<u64>,
}

impl Collector for FacetCount {
    type Fruit = Facets;
    type Child = SegmentFacetCount;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCount> {
        let fast = reader.fast_fields();
        let mut text = Vec::with_capacity(TEXT_FIELDS.len());
        for name in TEXT_FIELDS {
            // A segment where no document has the field has no column: nothing to count.
            if let Some(column) = fast.str(name)? {
                let terms = column.num_terms();
                text.push((name, column, vec![0; terms]));
            }
        }
        let year = fast
            .column_opt::<u64>(YEAR_FIELD)?
            .map(|c| (c, BTreeMap::new()));
        Ok(SegmentFacetCount {
            text,
            year,
            ords: Vec::new(),
        })
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
        for (_, column, counts) in &mut self.text {
            self.ords.clear();
            self.ords.extend(column.term_ords(doc));
            if self.ords.len() > 1 {
                self.ords.sort_unstable();
                self.ords.dedup();
            }
            for &ord in &self.ords {
                if let Some(n) = usize::try_from(ord).ok().and_then(|i| counts.get_mut(i)) {
                    *n += 1;
                }
            }
        }
        if let Some((column, counts)) = &mut self.year {
            self.ords.clear();
            self.ords.extend(column.values_for_doc(doc));
            self.ords.sort_unstable();
            self.ords.dedup();
            for &year in &self.ords {
                *counts.entry(year).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Facets {
        let mut facets = Facets::default();
        let mut value = String::new();
        for (name, column, counts) in &self.text {
            let Some(out) = facets.text_mut(name) else {
                continue;
            };
            for (ord, &n) in (0u64..).zip(counts) {
                value.clear();
                if n > 0 && column.ord_to_str(ord, &mut value).unwrap_or(false) {
                    *out.entry(value.clone()).or_default() += n;
                }
            }
        }
        if let Some((_, counts)) = self.year {
            for (year, n) in counts {
                facets.year.insert(year.to_string(), n);
            }
        }
        facets
    }
}
