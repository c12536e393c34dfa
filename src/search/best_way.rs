//! One query word's ways of matching (a field, a typo, a synonym, the start of a longer word),
//! as one scorer: a match scores the points of its best way.
//!
//! The ways are read whole when the scorer is made, into a set of the word's matches and,
//! for each match, the rank of its best way. The intersection of a search's words and
//! filters then seeks one set per word, and scoring a match is one lookup, instead of
//! seeking every way at every candidate. Reading a way whole costs its postings; a
//! half-typed word's way (every word of the field starting with it) reads them anyway,
//! as tantivy's prefix query does, and here it reads them once for all the word's ways. At
//! 1,000,000 products, the union of ways was a third of a broad search's time.

use std::fmt;

use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{BitSetDocSet, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// How a word matches a field.
pub enum Way {
    /// The term, as written.
    Term(Term),
    /// Any term starting with this one (a word still being typed).
    Prefix(Term),
    /// Whatever a query matches (a term with typos).
    Query(Box<dyn Query>),
}

impl Clone for Way {
    fn clone(&self) -> Self {
        match self {
            Way::Term(t) => Way::Term(t.clone()),
            Way::Prefix(t) => Way::Prefix(t.clone()),
            Way::Query(q) => Way::Query(q.box_clone()),
        }
    }
}

impl fmt::Debug for Way {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Way::Term(t) => write!(f, "Term({t:?})"),
            Way::Prefix(t) => write!(f, "Prefix({t:?})"),
            Way::Query(q) => write!(f, "Query({q:?})"),
        }
    }
}

/// Matches what any way matches, scoring the points of the best way that matches.
#[derive(Clone, Debug)]
pub struct BestWay {
    ways: Vec<(Way, Score)>,
    within: Vec<Term>,
}

impl BestWay {
    pub fn new(ways: Vec<(Way, Score)>) -> Self {
        BestWay {
            ways,
            within: Vec::new(),
        }
    }

    /// Only the documents holding every one of `terms` (filters): they are read with the
    /// ways, and the search then iterates matches that pass them, rather than seeking the
    /// word at every document of a broad filter.
    pub fn within(mut self, terms: Vec<Term>) -> Self {
        self.within = terms;
        self
    }
}

impl Query for BestWay {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // Points by rank, from 1 (rank 0 is "no way matched").
        let mut points: Vec<Score> = self.ways.iter().map(|(_, p)| *p).collect();
        points.sort_by(f32::total_cmp);
        points.dedup();
        if points.len() > usize::from(u8::MAX) {
            return Err(tantivy::TantivyError::InvalidArgument(
                "too many kinds of ways for one word".into(),
            ));
        }
        let mut ways = Vec::with_capacity(self.ways.len());
        for (way, p) in &self.ways {
            let rank = points.iter().position(|q| q == p).map_or(0, |i| i + 1);
            let rank = u8::try_from(rank).unwrap_or(u8::MAX);
            let way = match way {
                Way::Term(t) => WayWeight::Term(t.clone()),
                Way::Prefix(t) => WayWeight::Prefix(t.clone()),
                Way::Query(q) => WayWeight::Query(q.weight(enable_scoring)?),
            };
            ways.push((way, rank));
        }
        points.insert(0, 0.0);
        Ok(Box::new(BestWayWeight {
            ways,
            points,
            within: self.within.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (way, _) in &self.ways {
            match way {
                Way::Term(t) => visitor(t, false),
                Way::Prefix(_) => {}
                Way::Query(q) => q.query_terms(visitor),
            }
        }
    }
}

enum WayWeight {
    Term(Term),
    Prefix(Term),
    Query(Box<dyn Weight>),
}

struct BestWayWeight {
    ways: Vec<(WayWeight, u8)>,
    points: Vec<Score>,
    within: Vec<Term>,
}

/// The smallest byte string greater than every string starting with `prefix` (`None`: no
/// such bound, every string from `prefix` on starts with it).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Calls `f` with each document of `postings`.
fn each_doc(mut postings: BlockSegmentPostings, mut f: impl FnMut(DocId)) {
    loop {
        let docs = postings.docs();
        if docs.is_empty() {
            break;
        }
        for &doc in docs {
            f(doc);
        }
        postings.advance();
    }
}

/// Marks the documents of `postings` as matched with `rank` (keeping a better rank), in
/// `matched` too unless the filters decide it.
fn mark_postings(
    postings: BlockSegmentPostings,
    rank: u8,
    best: &mut [u8],
    mut matched: Option<&mut BitSet>,
) {
    each_doc(postings, |doc| {
        if let Some(b) = best.get_mut(doc as usize) {
            *b = (*b).max(rank);
            if let Some(matched) = matched.as_deref_mut() {
                matched.insert(doc);
            }
        }
    });
}

impl BestWayWeight {
    fn mark(
        &self,
        reader: &SegmentReader,
        way: &WayWeight,
        rank: u8,
        best: &mut [u8],
        mut matched: Option<&mut BitSet>,
    ) -> tantivy::Result<()> {
        match way {
            WayWeight::Term(term) => {
                let index = reader.inverted_index(term.field())?;
                if let Some(info) = index.get_term_info(term)? {
                    let postings =
                        index.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                    mark_postings(postings, rank, best, matched);
                }
            }
            WayWeight::Prefix(term) => {
                let index = reader.inverted_index(term.field())?;
                let prefix = term.serialized_value_bytes();
                let mut range = index.terms().range().ge(prefix);
                if let Some(end) = prefix_end(prefix) {
                    range = range.lt(end);
                }
                let mut terms = range.into_stream()?;
                while terms.advance() {
                    let postings = index.read_block_postings_from_terminfo(
                        terms.value(),
                        IndexRecordOption::Basic,
                    )?;
                    mark_postings(postings, rank, best, matched.as_deref_mut());
                }
            }
            WayWeight::Query(weight) => {
                let mut scorer = weight.scorer(reader, 1.0)?;
                let mut doc = scorer.doc();
                while doc != TERMINATED {
                    if let Some(b) = best.get_mut(doc as usize) {
                        *b = (*b).max(rank);
                        if let Some(matched) = matched.as_deref_mut() {
                            matched.insert(doc);
                        }
                    }
                    doc = scorer.advance();
                }
            }
        }
        Ok(())
    }
}

impl BestWayWeight {
    /// Puts in `matched` the documents the ways matched (`best`) that hold every term of
    /// `within`: each term but the last counts its documents, the last keeps those every
    /// other term counted.
    fn filter(
        &self,
        reader: &SegmentReader,
        best: &[u8],
        matched: &mut BitSet,
    ) -> tantivy::Result<()> {
        let mut passed = match self.within.len() {
            1 => Vec::new(),
            _ => vec![0u8; best.len()],
        };
        let others = u8::try_from(self.within.len() - 1).unwrap_or(u8::MAX);
        for (i, term) in self.within.iter().enumerate() {
            let index = reader.inverted_index(term.field())?;
            let Some(info) = index.get_term_info(term)? else {
                // No document holds it: nothing passes.
                return Ok(());
            };
            let postings =
                index.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
            let last = i + 1 == self.within.len();
            each_doc(postings, |doc| {
                let d = doc as usize;
                if best.get(d).copied().unwrap_or(0) == 0 {
                    return;
                }
                if last {
                    if passed.get(d).copied().unwrap_or(0) == others {
                        matched.insert(doc);
                    }
                } else if let Some(p) = passed.get_mut(d) {
                    *p += 1;
                }
            });
        }
        Ok(())
    }
}

impl Weight for BestWayWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max_doc = reader.max_doc();
        let mut best = vec![0u8; max_doc as usize];
        let mut matched = BitSet::with_max_value(max_doc);
        let filtered = !self.within.is_empty();
        for (way, rank) in &self.ways {
            let marking = (!filtered).then_some(&mut matched);
            self.mark(reader, way, *rank, &mut best, marking)?;
        }
        if filtered {
            self.filter(reader, &best, &mut matched)?;
        }
        Ok(Box::new(BestWayScorer {
            docs: BitSetDocSet::from(matched),
            best,
            points: self.points.clone(),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("BestWay", scorer.score()))
    }
}

struct BestWayScorer {
    docs: BitSetDocSet,
    /// Per document of the segment, the rank of its best way (0: none).
    best: Vec<u8>,
    points: Vec<Score>,
}

impl DocSet for BestWayScorer {
    fn advance(&mut self) -> DocId {
        self.docs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.docs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.docs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs.size_hint()
    }
}

impl Scorer for BestWayScorer {
    fn score(&mut self) -> Score {
        let rank = self
            .best
            .get(self.docs.doc() as usize)
            .copied()
            .unwrap_or(0);
        self.points.get(usize::from(rank)).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{
        BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, TermQuery,
    };
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// The same documents and scores as tantivy's disjunction max of the same ways (a term,
    /// a prefix and a term with a typo, in two fields), iterated and seeked by an
    /// intersection, with deleted documents left out.
    #[test]
    fn matches_and_scores_as_the_disjunction_max_of_its_ways() {
        let mut schema = Schema::builder();
        let name = schema.add_text_field("name", TEXT);
        let text = schema.add_text_field("text", TEXT);
        let every = schema.add_text_field("every", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let words = ["tra", "trang", "tram", "tao", "xanh", "trxa", "to"];
        for i in 0..12_000usize {
            let mut doc = TantivyDocument::default();
            doc.add_text(name, words[i % 7]);
            doc.add_text(text, format!("{} {}", words[i % 5], words[(i / 3) % 7]));
            if i % 11 == 0 {
                doc.add_text(every, "s");
            }
            writer.add_document(doc).expect("added");
        }
        writer.commit().expect("committed");
        writer.delete_term(Term::from_field_text(name, "tram"));
        writer.commit().expect("committed");
        let searcher = index.reader().expect("reader").searcher();
        let term = |field, w: &str| Term::from_field_text(field, w);
        let ways = || {
            vec![
                (Way::Term(term(name, "xanh")), 9.0),
                (Way::Prefix(term(name, "tra")), 8.0),
                (Way::Prefix(term(text, "tra")), 4.0),
                (
                    Way::Query(Box::new(FuzzyTermQuery::new(term(text, "xanh"), 1, true))),
                    2.0,
                ),
                (Way::Term(term(text, "to")), 2.0),
            ]
        };
        let ours = || -> Box<dyn Query> { Box::new(BestWay::new(ways())) };
        let boosted = |q: Box<dyn Query>, points: f32| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(q, points))
        };
        let theirs = || -> Box<dyn Query> {
            Box::new(DisjunctionMaxQuery::new(vec![
                boosted(
                    Box::new(TermQuery::new(term(name, "xanh"), IndexRecordOption::Basic)),
                    9.0,
                ),
                boosted(
                    Box::new(FuzzyTermQuery::new_prefix(term(name, "tra"), 0, true)),
                    8.0,
                ),
                boosted(
                    Box::new(FuzzyTermQuery::new_prefix(term(text, "tra"), 0, true)),
                    4.0,
                ),
                boosted(
                    Box::new(FuzzyTermQuery::new(term(text, "xanh"), 1, true)),
                    2.0,
                ),
                boosted(
                    Box::new(TermQuery::new(term(text, "to"), IndexRecordOption::Basic)),
                    2.0,
                ),
            ]))
        };
        let seeked = |q: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(term(every, "s"), IndexRecordOption::Basic)),
                ),
            ]))
        };
        let scores = |q: &dyn Query| {
            let top = TopDocs::with_limit(20_000).order_by_score();
            let (count, found) = searcher.search(q, &(Count, top)).expect("searched");
            let mut v: Vec<(u32, u32)> = found
                .iter()
                .map(|(s, d)| (d.doc_id, (s * 1000.0) as u32))
                .collect();
            v.sort_unstable();
            (count, v)
        };
        let (a, b) = (scores(&*ours()), scores(&*theirs()));
        assert!(a.0 > 5_000, "{}", a.0);
        assert_eq!(a, b);
        let (a, b) = (scores(&*seeked(ours())), scores(&*seeked(theirs())));
        assert!(a.0 > 400, "{}", a.0);
        assert_eq!(a, b);
        // The filter read with the ways: the same as the intersection with it (a filter
        // adds nothing to the score).
        let filter = |t: Term| -> (Occur, Box<dyn Query>) {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
                    0.0,
                )),
            )
        };
        let within = BestWay::new(ways()).within(vec![term(every, "s")]);
        let intersected =
            BooleanQuery::new(vec![(Occur::Must, theirs()), filter(term(every, "s"))]);
        let (a, b) = (scores(&within), scores(&intersected));
        assert!(a.0 > 400, "{}", a.0);
        assert_eq!(a, b);
        // Two filters, one of which no document holds: nothing.
        let none = BestWay::new(ways()).within(vec![term(every, "s"), term(every, "zz")]);
        assert_eq!(scores(&none).0, 0);
        // Two filters both held: the documents holding both.
        let twice = BestWay::new(ways()).within(vec![term(every, "s"), term(name, "tra")]);
        let both = BooleanQuery::new(vec![
            (Occur::Must, theirs()),
            filter(term(every, "s")),
            filter(term(name, "tra")),
        ]);
        let (a, b) = (scores(&twice), scores(&both));
        assert!(a.0 > 50, "{}", a.0);
        assert_eq!(a, b);
    }

    #[test]
    fn the_end_of_a_prefix_is_the_first_string_past_its_extensions() {
        assert_eq!(prefix_end(b"tra"), Some(b"trb".to_vec()));
        assert_eq!(prefix_end(b"a\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_end(b"\xff\xff"), None);
        assert_eq!(prefix_end(b""), None);
    }
}
