//! A union of queries that is cheap to *seek*: the best of the clauses' scores.
//!
//! Tantivy's own unions (a `BooleanQuery` of `Should` clauses, `DisjunctionMaxQuery`) buffer
//! the matches of every clause over a window of 4,096 documents, which is fast when the union
//! leads an iteration but slow when an intersection seeks it from one sparse match to the
//! next: each seek refills the window, walking every clause's matches in it. A search's
//! clauses are mostly seeked (a word's ways of matching, seeked by the other words; the
//! ranking bonuses, seeked by the matches), so this union seeks each clause to the target
//! directly, through its skip list, and keeps no window. Measured at 1,000,000 products, the
//! window refills were 60% of a two-word search.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Matches the documents any clause matches, scoring the best clause's score (a disjunction
/// max with no tie-breaker).
pub struct SeekUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl SeekUnion {
    pub fn new(clauses: Vec<Box<dyn Query>>) -> Self {
        SeekUnion { clauses }
    }
}

impl Clone for SeekUnion {
    fn clone(&self) -> Self {
        SeekUnion {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for SeekUnion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SeekUnion({:?})", self.clauses)
    }
}

impl Query for SeekUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SeekUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct SeekUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SeekUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let scorer = w.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(Box::new(SeekUnionScorer::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("SeekUnion", scorer.score()))
    }
}

struct SeekUnionScorer {
    /// The clauses not yet exhausted, and the document each is on (kept here: asking a
    /// clause is a dynamic call, and the loops below ask often).
    scorers: Vec<Box<dyn Scorer>>,
    docs: Vec<DocId>,
    doc: DocId,
}

impl SeekUnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> Self {
        let docs = scorers.iter().map(|s| s.doc()).collect();
        let mut union = SeekUnionScorer {
            scorers,
            docs,
            doc: TERMINATED,
        };
        union.settle();
        union
    }

    /// Drops the exhausted clauses and points at the lowest document left.
    fn settle(&mut self) -> DocId {
        let mut i = 0;
        while i < self.docs.len() {
            if self.docs[i] == TERMINATED {
                self.docs.swap_remove(i);
                self.scorers.swap_remove(i);
            } else {
                i += 1;
            }
        }
        self.doc = self.docs.iter().copied().min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for SeekUnionScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for (s, d) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *d == doc {
                *d = s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (s, d) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *d < target {
                *d = s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SeekUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let matching = self
            .scorers
            .iter_mut()
            .zip(&self.docs)
            .filter(|(_, d)| **d == doc)
            .map(|(s, _)| s.score());
        matching.fold(0.0, Score::max)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// The same documents and scores as tantivy's own union, on an index where the clauses
    /// overlap, leave gaps and end at different places.
    #[test]
    fn matches_and_scores_as_tantivys_union_does() {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("w", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for i in 0..20_000u32 {
            let mut doc = TantivyDocument::default();
            for (word, every) in [("a", 3), ("b", 7), ("c", 4_001), ("d", 50_000), ("s", 13)] {
                if i % every == 0 {
                    doc.add_text(field, word);
                }
            }
            writer.add_document(doc).expect("added");
        }
        writer.commit().expect("committed");
        let searcher = index.reader().expect("reader").searcher();
        let term = |w: &str, points: f32| -> Box<dyn Query> {
            Box::new(tantivy::query::BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::Basic,
                )),
                points,
            ))
        };
        let clauses = || {
            vec![
                term("a", 1.0),
                term("b", 2.0),
                term("c", 4.0),
                term("d", 8.0),
            ]
        };
        // Alone (iterated), and seeked by an intersection with every 13th document.
        let every_13th: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(field, "s"),
            IndexRecordOption::Basic,
        ));
        let ours: Box<dyn Query> = Box::new(SeekUnion::new(clauses()));
        let theirs: Box<dyn Query> = Box::new(DisjunctionMaxQuery::new(clauses()));
        let top = || TopDocs::with_limit(20_000).order_by_score();
        let a = searcher.search(&ours, &(Count, top())).expect("ours");
        let b = searcher.search(&theirs, &(Count, top())).expect("theirs");
        assert!(a.0 > 7_000);
        assert_eq!(a.0, b.0);
        let scores = |r: &Vec<(Score, tantivy::DocAddress)>| {
            let mut v: Vec<(u32, u32)> = r
                .iter()
                .map(|(s, d)| (d.doc_id, (s * 1000.0) as u32))
                .collect();
            v.sort_unstable();
            v
        };
        assert_eq!(scores(&a.1), scores(&b.1));
        let seeked = |q: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (Occur::Must, q),
                (Occur::Must, every_13th.box_clone()),
            ])
        };
        let a = searcher
            .search(&seeked(ours), &(Count, top()))
            .expect("ours");
        let b = searcher
            .search(&seeked(theirs), &(Count, top()))
            .expect("theirs");
        assert_eq!(a.0, b.0);
        assert_eq!(scores(&a.1), scores(&b.1));
    }
}
