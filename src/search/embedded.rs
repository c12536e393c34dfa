//! The embedded search backend: a tantivy index in the data directory.
//!
//! Text is folded by `text::fold` before it is indexed and before it is searched, so matching
//! is exactly the folding of the database fallback and of Meilisearch. The name's words with
//! their diacritics are kept too (`name_words`), for the partition of exact matches.
//! Ranking reproduces Meilisearch's rules as this site configures them (see
//! [`EmbeddedIndex::build_query`]), so the two backends give the same order; what decides
//! between partitions (place, exact diacritics) and when words are dropped is in `super`.

use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, TantivyDocument, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::best_way::{BestWay, Way};
use super::count_cache::CountCache;
use super::documents::SearchDoc;
use super::facet_count::{self, FacetCount};
use super::query::{Analyzed, MAX_WORDS, typo_budget};
use super::ranked::{self, Bonus};
use super::seek_union::SeekUnion;
use super::{EngineResults, Facet, Facets, Partition, SearchFilters};
use crate::db::models::product::CatalogueSort;

/// Bump when the schema changes: an index of another version is rebuilt from the database.
const SCHEMA_VERSION: &str = "12";
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    name: Field,
    name_exact: Field,
    maker: Field,
    places: Field,
    category_text: Field,
    description: Field,
    category: Field,
    province: Field,
    year: Field,
    programme: Field,
    tier: Field,
    gtin: Field,
    codes: Field,
    name_sort: Field,
    award_rank: Field,
    award_year: Field,
    valid_until: Field,
    published: Field,
    standing: Field,
    /// Each searchable text whole, for Meilisearch's `exactness` rule (see [`whole`]): name,
    /// maker, places, category, description.
    whole: [Field; 5],
    /// The first words of each `whole` text, each start of up to [`MAX_WORDS`] words (the
    /// whole text left out): a query equal to one is the start of that text.
    starts: Field,
    /// Each two adjacent words of each text field, joined by a space ([`pairs`]): the
    /// proximity of adjacent query words in order, without reading positions.
    pairs: Field,
    /// The starts of up to [`SHORT_PREFIX`] characters of each word of each text field
    /// ([`word_starts`]), in the order of `whole`: a word still being typed that short is
    /// one term here, not every word of the text starting with it.
    word_starts: [Field; 5],
    name_key: [Field; 3],
    id_key: Field,
    name_words: Field,
    sold_in: Field,
    /// Every facet value of the product in one column, as [`facet_count::value`] writes it.
    facets: Field,
    doc: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        name: b.add_text_field("name", TEXT),
        name_exact: b.add_text_field("name_exact", TEXT),
        maker: b.add_text_field("maker", TEXT),
        places: b.add_text_field("places", TEXT),
        category_text: b.add_text_field("category_text", TEXT),
        description: b.add_text_field("description", TEXT),
        category: b.add_text_field("category", STRING),
        province: b.add_text_field("province", STRING),
        year: b.add_u64_field("year", INDEXED),
        programme: b.add_text_field("programme", STRING),
        tier: b.add_text_field("tier", STRING),
        gtin: b.add_text_field("gtin", STRING),
        codes: b.add_text_field("codes", STRING),
        name_sort: b.add_text_field("name_sort", STRING | FAST),
        award_rank: b.add_u64_field("award_rank", FAST),
        award_year: b.add_u64_field("award_year", FAST),
        valid_until: b.add_u64_field("valid_until", INDEXED | FAST),
        published: b.add_u64_field("published", FAST),
        standing: b.add_u64_field("standing", INDEXED | FAST),
        whole: [
            b.add_text_field("name_whole", STRING),
            b.add_text_field("maker_whole", STRING),
            b.add_text_field("places_whole", STRING),
            b.add_text_field("category_whole", STRING),
            b.add_text_field("description_whole", STRING),
        ],
        starts: b.add_text_field("starts", STRING),
        pairs: b.add_text_field("pairs", STRING),
        word_starts: [
            b.add_text_field("name_word_starts", STRING),
            b.add_text_field("maker_word_starts", STRING),
            b.add_text_field("places_word_starts", STRING),
            b.add_text_field("category_word_starts", STRING),
            b.add_text_field("description_word_starts", STRING),
        ],
        name_key: [
            b.add_u64_field("name_key_0", FAST),
            b.add_u64_field("name_key_1", FAST),
            b.add_u64_field("name_key_2", FAST),
        ],
        id_key: b.add_u64_field("id_key", FAST),
        name_words: b.add_text_field("name_words", STRING),
        sold_in: b.add_text_field("sold_in", STRING),
        facets: b.add_text_field(facet_count::FIELD, FAST),
        doc: b.add_text_field("doc", STORED),
    };
    (b.build(), fields)
}

/// The number of matches and their facet counts, when a collection counted them.
type Counted = Option<(usize, Facets)>;

/// The index, its reader and its single writer. Cheap to clone.
#[derive(Clone)]
pub struct EmbeddedIndex {
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    fields: Fields,
    /// The totals and facet counts of recent searches, for the current version of the index.
    counts: Arc<CountCache<(usize, Facets)>>,
    /// One permit per core, and one more to cover a search's pauses: searches are CPU-bound,
    /// and more at once only share the cores, each taking longer (see
    /// [`EmbeddedIndex::searching`]).
    searching: Arc<tokio::sync::Semaphore>,
}

impl EmbeddedIndex {
    /// Opens the index in `dir`, creating it (or recreating it, if it was written by another
    /// schema version) as needed.
    pub fn open(dir: &Path) -> anyhow::Result<EmbeddedIndex> {
        let version_file = dir.join("hangviet-schema-version");
        let current = std::fs::read_to_string(&version_file).ok();
        if dir.exists() && current.as_deref() != Some(SCHEMA_VERSION) {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot reset the search index {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index =
            Index::open_or_create(directory, schema).context("cannot open the search index")?;
        std::fs::write(&version_file, SCHEMA_VERSION)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer(WRITER_MEMORY)?;
        Ok(EmbeddedIndex {
            reader,
            writer: Arc::new(Mutex::new(writer)),
            fields,
            counts: Arc::new(CountCache::new(None)),
            searching: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, usize::from) + 1,
            )),
        })
    }

    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Waits for a turn to search: one search more than there are cores runs at once, the
    /// others wait in line. Eight searches sharing two cores each took four times their own
    /// time; in line, each waits for those before it and then runs at full speed, which
    /// keeps the slowest answers close to the typical ones (at 1,000,000 products, `tra` in
    /// Hà Nội at 8 connections: p99 46 ms sharing, 39 ms in line; one per core cost a fifth
    /// of the throughput, the extra permit gave it back).
    pub async fn searching(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.searching.clone().acquire_owned().await.ok()
    }

    fn document(&self, d: &SearchDoc) -> anyhow::Result<TantivyDocument> {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, u64::try_from(d.id)?);
        doc.add_text(f.name, &d.name_folded);
        doc.add_text(f.name_exact, &d.name);
        doc.add_text(f.maker, &d.maker_folded);
        doc.add_text(f.places, &d.places_folded);
        doc.add_text(f.category_text, &d.category_folded);
        doc.add_text(f.description, &d.description_folded);
        doc.add_text(f.category, &d.category);
        // Each value once: counting then needs no sorting (see `facet_count`).
        let mut facets = std::collections::BTreeSet::new();
        facets.insert(facet_count::value(Facet::Category, &d.category));
        for p in &d.province {
            doc.add_text(f.province, p);
            facets.insert(facet_count::value(Facet::Province, p));
        }
        for y in &d.year {
            doc.add_u64(f.year, u64::try_from(*y)?);
            facets.insert(facet_count::value(Facet::Year, &y.to_string()));
        }
        for p in &d.programme {
            doc.add_text(f.programme, p);
            facets.insert(facet_count::value(Facet::Programme, p));
        }
        for t in &d.tier {
            doc.add_text(f.tier, t);
            facets.insert(facet_count::value(Facet::Tier, t));
        }
        if let Some(gtin) = &d.gtin {
            doc.add_text(f.gtin, gtin);
        }
        for code in &d.codes {
            doc.add_text(f.codes, code);
        }
        doc.add_text(f.name_sort, &d.name_folded);
        doc.add_u64(f.award_rank, u64::try_from(d.award_rank).unwrap_or(0));
        doc.add_u64(f.award_year, u64::try_from(d.award_year).unwrap_or(0));
        doc.add_u64(f.valid_until, u64::from(d.valid_until));
        doc.add_u64(f.published, u64::try_from(d.published).unwrap_or(0));
        doc.add_u64(f.standing, d.standing);
        let texts = [
            &d.name_folded,
            &d.maker_folded,
            &d.places_folded,
            &d.category_folded,
            &d.description_folded,
        ];
        let mut adjacent = std::collections::BTreeSet::new();
        for ((field, starts_field), text) in f.whole.iter().zip(f.word_starts).zip(texts) {
            for start in word_starts(text) {
                doc.add_text(starts_field, start);
            }
            adjacent.extend(pairs(text));
            let whole = whole(text);
            for start in starts(&whole) {
                doc.add_text(f.starts, start);
            }
            doc.add_text(*field, whole);
        }
        for pair in adjacent {
            doc.add_text(f.pairs, pair);
        }
        for (field, key) in f.name_key.iter().zip(descending_name_key(&d.name_folded)) {
            doc.add_u64(*field, key);
        }
        doc.add_u64(f.id_key, u64::MAX - u64::try_from(d.id)?);
        for w in &d.name_words {
            doc.add_text(f.name_words, w);
        }
        for p in &d.sold_in {
            doc.add_text(f.sold_in, p);
            facets.insert(facet_count::value(Facet::SoldIn, p));
        }
        for value in facets {
            doc.add_text(f.facets, value);
        }
        doc.add_text(f.doc, serde_json::to_string(d)?);
        Ok(doc)
    }

    fn lock(&self) -> anyhow::Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| anyhow::anyhow!("search index writer poisoned"))
    }

    /// Adds or replaces `docs` and removes `deleted`, in one commit.
    pub fn apply(&self, docs: &[SearchDoc], deleted: &[i32]) -> anyhow::Result<()> {
        let mut writer = self.lock()?;
        for id in deleted.iter().chain(docs.iter().map(|d| &d.id)) {
            writer.delete_term(Term::from_field_u64(self.fields.id, u64::try_from(*id)?));
        }
        for d in docs {
            writer.add_document(self.document(d)?)?;
        }
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index by the documents `next_batch` yields, in one commit: searches
    /// see the old index until the new one is complete.
    pub fn rebuild(
        &self,
        mut next_batch: impl FnMut() -> anyhow::Result<Option<Vec<SearchDoc>>>,
    ) -> anyhow::Result<usize> {
        let mut writer = self.lock()?;
        let outcome = (|| {
            writer.delete_all_documents()?;
            let mut n = 0;
            while let Some(batch) = next_batch()? {
                for d in &batch {
                    writer.add_document(self.document(d)?)?;
                }
                n += batch.len();
            }
            writer.commit()?;
            Ok(n)
        })();
        if outcome.is_err() {
            let _ = writer.rollback();
        }
        drop(writer);
        self.reader.reload()?;
        outcome
    }

    /// The products holding `code` (a barcode or decision number, as [`super::documents::code_key`]
    /// writes it); CPU-bound, call it off the async workers.
    pub fn search_code(
        &self,
        code: &str,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.fields.codes, code);
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            unscored(TermQuery::new(term, IndexRecordOption::Basic)),
        )];
        self.add_filters(&mut must, filters, &Partition::default(), false);
        let q = BooleanQuery::new(must);
        self.collect(&searcher, (&q, &[]), filters, offset, limit, None)
    }

    /// Up to `limit` products whose document says their award is valid ([`SearchDoc::standing`])
    /// while its end date is before `today`: their documents must be written again.
    pub fn stale_valid(&self, today: chrono::NaiveDate, limit: usize) -> anyhow::Result<Vec<i32>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let valid = Term::from_field_u64(f.standing, 1 << 32);
        let ended = Term::from_field_u64(f.valid_until, u64::from(super::date_number(today)));
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                unscored(RangeQuery::new(Bound::Included(valid), Bound::Unbounded)),
            ),
            (
                Occur::Must,
                unscored(RangeQuery::new(Bound::Unbounded, Bound::Excluded(ended))),
            ),
        ]);
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let mut ids = Vec::new();
        let addresses: Vec<tantivy::DocAddress> = searcher
            .search(&q, &top)?
            .into_iter()
            .map(|(_, address)| address)
            .collect();
        for address in addresses {
            let stored: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = stored.get_first(f.id).and_then(|v| v.as_u64()) {
                ids.push(i32::try_from(id)?);
            }
        }
        Ok(ids)
    }

    /// The products of `partition` matching every word of `query`, ranked as Meilisearch
    /// ranks them with the settings of `super::meili` (see [`EmbeddedIndex::build_query`]);
    /// CPU-bound, call it off the async workers.
    pub fn search_words(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        partition: &Partition,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let searcher = self.reader.searcher();
        let (required, bonuses) = self.build_query(query, filters, partition);
        // What decides the matches (not the order): the words, the filters, the part.
        let unsorted = SearchFilters {
            sort: None,
            ..filters.clone()
        };
        let key = format!(
            "{:?}\u{1f}{}\u{1f}{unsorted:?}\u{1f}{partition:?}",
            query.words, query.prefix_last
        );
        self.collect(
            &searcher,
            (&required, &bonuses),
            filters,
            offset,
            limit,
            Some(key),
        )
    }

    /// One page of the documents matching `q` in the order `filters.sort` asks (by score,
    /// the bonuses' included, then [`SearchDoc::standing`], name and id without one), with
    /// the total and the facet counts; `limit` 0 counts only. The total and the facet
    /// counts are kept under `key` for the index's current version (each commit gives its
    /// searchers a new generation).
    fn collect(
        &self,
        searcher: &tantivy::Searcher,
        (q, bonuses): (&dyn Query, &[Bonus]),
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
        key: Option<String>,
    ) -> anyhow::Result<EngineResults> {
        use tantivy::Order;
        use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
        let generation = searcher.generation().generation_id();
        let known = key.as_ref().and_then(|k| self.counts.get(generation, k));
        let counting = known.is_none();
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let by = |field: &str| SortByStaticFastValue::<u64>::for_field(field);
        // The orders of the catalogue (`CatalogueSort`) and of Meilisearch's `sort`.
        // One pass collects the page and, unless they are known, the total and the facet
        // counts.
        let (addresses, counted) = match filters.sort {
            _ if limit == 0 => (Vec::new(), None),
            None => {
                let found = ranked::collect(searcher, q, bonuses, offset, limit, counting)?;
                (found.page, found.counted)
            }
            Some(CatalogueSort::Name) => self.page(
                searcher,
                q,
                top.order_by((
                    (SortByString::for_field("name_sort"), Order::Asc),
                    (by("id"), Order::Asc),
                )),
                counting,
            )?,
            Some(CatalogueSort::Newest) => self.page(
                searcher,
                q,
                top.order_by(((by("published"), Order::Desc), (by("id"), Order::Desc))),
                counting,
            )?,
            Some(CatalogueSort::AwardYear) => self.page(
                searcher,
                q,
                top.order_by((
                    (by("award_year"), Order::Desc),
                    (by("published"), Order::Desc),
                    (by("id"), Order::Desc),
                )),
                counting,
            )?,
            Some(CatalogueSort::Tier) => self.page(
                searcher,
                q,
                top.order_by((
                    (by("award_rank"), Order::Desc),
                    (by("award_year"), Order::Desc),
                    (SortByString::for_field("name_sort"), Order::Asc),
                    (by("id"), Order::Asc),
                )),
                counting,
            )?,
        };
        let (total, facets) = match (known, counted) {
            (Some(known), _) => known,
            (None, Some(counted)) => counted,
            (None, None) => searcher.search(q, &(Count, FacetCount))?,
        };
        if counting && let Some(key) = key {
            self.counts.put(generation, key, (total, facets.clone()));
        }
        let mut docs = Vec::with_capacity(addresses.len());
        for address in addresses {
            let stored: TantivyDocument = searcher.doc(address)?;
            if let Some(json) = stored.get_first(self.fields.doc).and_then(|v| v.as_str()) {
                docs.push(serde_json::from_str(json)?);
            }
        }
        Ok(EngineResults {
            total: total as u64,
            docs,
            facets,
        })
    }

    /// The addresses `top` collects, in its order, and (when `counting`) the total and the
    /// facet counts, in one pass over the matches.
    fn page<K>(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        top: impl tantivy::collector::Collector<Fruit = Vec<(K, tantivy::DocAddress)>>,
        counting: bool,
    ) -> anyhow::Result<(Vec<tantivy::DocAddress>, Counted)> {
        let addresses = |page: Vec<(K, tantivy::DocAddress)>| {
            page.into_iter().map(|(_, address)| address).collect()
        };
        if !counting {
            return Ok((addresses(searcher.search(q, &top)?), None));
        }
        let (page, total, facets) = searcher.search(q, &(top, Count, FacetCount))?;
        Ok((addresses(page), Some((total, facets))))
    }

    /// Every word of `query` must match. The score of a match is a whole number that orders
    /// documents exactly as Meilisearch's rules `typo`, `proximity` and `attributeRank` do
    /// (see `super::meili::settings`), so that ties, broken by `standing`, name and id on
    /// both backends, are real ties:
    ///
    /// - per word, the best way it matches: [`TYPO`] × (2 without a typo or as the prefix of
    ///   the last word, 1 with one typo, 0 with two) + [`ATTRIBUTE`] × the rank of the field
    ///   (name 5, brand and producer 4, places 3, category 2, description 1, barcode 0);
    /// - per pair of adjacent query words, [`PROXIMITY`] for each of [`PROXIMITY_LEVELS`]
    ///   slops (0, 1, 2, 3) within which the pair occurs in one field: adjacent words in
    ///   order score most, as Meilisearch's proximity costs 1 for them, d for words d apart
    ///   and d + 1 for words in reverse order.
    ///
    /// - exactness: [`EXACT_MATCH`] when a field equals the query, else [`MATCHES_START`]
    ///   when one starts with it, plus a point per word found as typed (Meilisearch's
    ///   `exactness`, after `attributeRank`).
    ///
    /// The weights keep the rules in order: all exactness points stay below one attribute
    /// point, all attribute points below one proximity point, all proximity points below one
    /// typo point.
    fn build_query(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        partition: &Partition,
    ) -> (BooleanQuery, Vec<Bonus>) {
        let f = &self.fields;
        let text_fields = [
            (f.name, 5.0),
            (f.maker, 4.0),
            (f.places, 3.0),
            (f.category_text, 2.0),
            (f.description, 1.0),
        ];
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut bonus: Vec<Bonus> = Vec::new();
        let last = query.words.len().saturating_sub(1);
        for (i, word) in query.words.iter().enumerate() {
            let prefix = query.prefix_last && i == last;
            let typos = typo_budget(word);
            let mut ways: Vec<(Way, f32)> = Vec::new();
            let short = word.chars().count() <= SHORT_PREFIX;
            for ((field, rank), starts) in text_fields.into_iter().zip(f.word_starts) {
                let term = Term::from_field_text(field, word);
                let exact = TYPO * 2.0 + ATTRIBUTE * rank;
                // As typed, or as the start of a longer word (which includes it as typed).
                ways.push(match (prefix, short) {
                    (true, true) => (Way::Term(Term::from_field_text(starts, word)), exact),
                    (true, false) => (Way::Prefix(term.clone()), exact),
                    (false, _) => (Way::Term(term.clone()), exact),
                });
                for alt in super::query::alternatives(word) {
                    ways.push((Way::Term(Term::from_field_text(field, alt)), exact));
                }
                for distance in 1..=typos {
                    let points = TYPO * f32::from(2 - distance) + ATTRIBUTE * rank;
                    let fuzzy = if prefix {
                        FuzzyTermQuery::new_prefix(term.clone(), distance, true)
                    } else {
                        FuzzyTermQuery::new(term.clone(), distance, true)
                    };
                    ways.push((Way::Query(Box::new(fuzzy)), points));
                }
            }
            // Two adjacent words may be one word of the text ("traphaco sapa" finds
            // "TraphacoSapa"), as Meilisearch joins them: the joined word counts for both.
            for joined in [
                i.checked_sub(1)
                    .map(|p| format!("{}{word}", query.words[p])),
                query.words.get(i + 1).map(|n| format!("{word}{n}")),
            ]
            .into_iter()
            .flatten()
            {
                for (field, rank) in text_fields {
                    let term = Term::from_field_text(field, &joined);
                    ways.push((Way::Term(term), TYPO * 2.0 + ATTRIBUTE * rank));
                }
            }
            // A barcode matches whole (or, still being typed, as a prefix); never with typos.
            let term = Term::from_field_text(f.gtin, word);
            ways.push(match prefix {
                true => (Way::Prefix(term), TYPO * 2.0),
                false => (Way::Term(term), TYPO * 2.0),
            });
            // The first word's matches are narrowed by the filters of one term each, so
            // that the search iterates the products passing them all.
            let mut best = BestWay::new(ways);
            if i == 0 {
                best = best.within(self.filter_terms(filters));
            }
            must.push((Occur::Must, Box::new(best)));
        }
        // Proximity: each adjacent pair, in each field, within each slop. Adjacent in order
        // (slop 0) is one term of `pairs`; a half-typed word is only looked for there, right
        // after the word before it, as the start of a pair.
        for (i, pair) in query.words.windows(2).enumerate() {
            let prefix = query.prefix_last && i + 1 == last;
            let adjacent = Term::from_field_text(f.pairs, &format!("{} {}", pair[0], pair[1]));
            bonus.push((
                if prefix {
                    scored(FuzzyTermQuery::new_prefix(adjacent, 0, true), PROXIMITY)
                } else {
                    scored(
                        TermQuery::new(adjacent, IndexRecordOption::Basic),
                        PROXIMITY,
                    )
                },
                PROXIMITY,
            ));
            if prefix {
                continue;
            }
            for slop in 1..PROXIMITY_LEVELS {
                let in_any_field: Vec<Box<dyn Query>> = text_fields
                    .iter()
                    .map(|(field, _)| {
                        let terms: Vec<Term> = pair
                            .iter()
                            .map(|w| Term::from_field_text(*field, w))
                            .collect();
                        let mut phrase = PhraseQuery::new(terms);
                        phrase.set_slop(slop);
                        Box::new(phrase) as Box<dyn Query>
                    })
                    .collect();
                bonus.push((scored(SeekUnion::new(in_any_field), PROXIMITY), PROXIMITY));
            }
        }
        // Exactness: a text equal to the query, or starting with it, then the number of
        // words found as typed anywhere (not by a typo, a synonym or as the start of a
        // longer word).
        if !query.words.is_empty() {
            let text = query.words.join(" ");
            let mut whole_ways: Vec<Box<dyn Query>> = Vec::new();
            for field in f.whole {
                whole_ways.push(scored(
                    TermQuery::new(
                        Term::from_field_text(field, &text),
                        IndexRecordOption::Basic,
                    ),
                    EXACT_MATCH,
                ));
            }
            // Every word as typed, a half-typed last one included (Meilisearch counts
            // "thanh lo" as the start of "lo hoa … thanh", not of "thanh long"): a text
            // whose first words are the query's, followed by more.
            whole_ways.push(scored(
                TermQuery::new(
                    Term::from_field_text(f.starts, &text),
                    IndexRecordOption::Basic,
                ),
                MATCHES_START,
            ));
            bonus.push((Box::new(SeekUnion::new(whole_ways)), EXACT_MATCH));
            for word in &query.words {
                let as_typed: Vec<Box<dyn Query>> = text_fields
                    .iter()
                    .map(|(field, _)| {
                        let term = Term::from_field_text(*field, word);
                        unscored(TermQuery::new(term, IndexRecordOption::Basic))
                    })
                    .collect();
                bonus.push((scored(SeekUnion::new(as_typed), 1.0), 1.0));
            }
        }
        if must.is_empty() {
            must.push((Occur::Must, unscored(AllQuery)));
        }
        self.add_filters(&mut must, filters, partition, !query.words.is_empty());
        // The ranking points beyond the words' own are asked only at the matches (see
        // `super::ranked`), never iterated.
        (BooleanQuery::new(must), bonus)
    }

    /// The filters that are one term each (category, province, programme, tier, sold in,
    /// year): a product must hold every one.
    fn filter_terms(&self, filters: &SearchFilters) -> Vec<Term> {
        let f = &self.fields;
        let text_filters = [
            (f.category, &filters.category),
            (f.province, &filters.province),
            (f.programme, &filters.programme),
            (f.tier, &filters.tier),
            (f.sold_in, &filters.sold_in),
        ];
        let mut terms: Vec<Term> = text_filters
            .into_iter()
            .filter_map(|(field, value)| Some(Term::from_field_text(field, value.as_ref()?)))
            .collect();
        if let Some(year) = filters.year.and_then(|y| u64::try_from(y).ok()) {
            terms.push(Term::from_field_u64(f.year, year));
        }
        terms
    }

    /// The filters and the partition, each a clause that adds nothing to the score; the
    /// filters of one term each only when no word has taken them ([`BestWay::within`]).
    fn add_filters(
        &self,
        must: &mut Vec<(Occur, Box<dyn Query>)>,
        filters: &SearchFilters,
        partition: &Partition,
        terms_taken: bool,
    ) {
        let f = &self.fields;
        let term = |field: Field, value: &str| {
            TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            )
        };
        if !terms_taken {
            for term in self.filter_terms(filters) {
                must.push((
                    Occur::Must,
                    unscored(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
        if let Some(today) = filters.valid_on {
            let from = Term::from_field_u64(f.valid_until, u64::from(super::date_number(today)));
            must.push((
                Occur::Must,
                unscored(RangeQuery::new(Bound::Included(from), Bound::Unbounded)),
            ));
        }
        if let Some((slug, inside)) = &partition.place {
            let made_or_sold = SeekUnion::new(vec![
                unscored(term(f.province, slug)),
                unscored(term(f.sold_in, slug)),
            ]);
            let occur = if *inside { Occur::Must } else { Occur::MustNot };
            must.push((occur, unscored(made_or_sold)));
        }
        if let Some((words, inside)) = &partition.exact {
            let all: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| (Occur::Must, unscored(term(f.name_words, w))))
                .collect();
            let occur = if *inside { Occur::Must } else { Occur::MustNot };
            must.push((occur, unscored(BooleanQuery::new(all))));
        }
    }
}

/// Each two words of `text` at adjacent positions, as the text fields' tokenizer places them
/// (split at whatever is not a letter or a digit, lowercased; a word of 40 bytes or more is
/// dropped and leaves a gap), joined by a space.
fn pairs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut before: Option<String> = None;
    for word in tokens(text) {
        if let (Some(a), Some(b)) = (&before, &word) {
            out.push(format!("{a} {b}"));
        }
        before = word;
    }
    out
}

/// The words of `text` at their positions, as the text fields' tokenizer makes them: split
/// at whatever is not a letter or a digit, lowercased; a word of [`TOKEN_LIMIT`] bytes or
/// more is dropped (`None`, a gap).
fn tokens(text: &str) -> impl Iterator<Item = Option<String>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|word| (word.len() < TOKEN_LIMIT).then(|| word.to_lowercase()))
}

/// Words still being typed this short (in characters) are looked up in the `word_starts`
/// fields: the start of many words ("tra": trà, trang, trái, trâu…), read there as one term
/// rather than as each word of the text starting with it, which at 1,000,000 products was
/// most of a broad search's time.
const SHORT_PREFIX: usize = 3;

/// Each start of up to [`SHORT_PREFIX`] characters of each word of `text` (the word itself
/// when no longer), once: "tra" for "trà sen", "t", "tr", "tra", "s", "se", "sen". A word
/// of the field starts with a short prefix exactly when this holds the prefix.
fn word_starts(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for word in tokens(text).flatten() {
        // The ends of the word's first characters, then of the word.
        let ends = word.char_indices().skip(1).map(|(i, _)| i);
        for end in ends.chain([word.len()]).take(SHORT_PREFIX) {
            out.insert(word[..end].to_owned());
        }
    }
    out
}

/// tantivy's default tokenizer drops words of this many bytes or more.
const TOKEN_LIMIT: usize = 40;

/// A text as the `exactness` fields keep it: its words (as queries split them) joined by one
/// space, cut to [`WHOLE_BYTES`] (a query is shorter: only equality and "starts with" are
/// asked of it).
fn whole(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() + 1 > WHOLE_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The starts of a [`whole`] text: its first word, its first two words, … up to
/// [`MAX_WORDS`] words (a query has no more), the whole text itself left out.
fn starts(whole: &str) -> impl Iterator<Item = &str> {
    whole
        .match_indices(' ')
        .take(MAX_WORDS)
        .map(|(end, _)| &whole[..end])
}

/// Longest text kept whole: more than any query (12 words of 40 characters).
const WHOLE_BYTES: usize = 1024;

/// The first 24 bytes of a folded name as three numbers that sort *descending* in the name's
/// ascending byte order (Meilisearch's order for `name_folded:asc`). Relevance ties are
/// ordered by descending keys only: tantivy 0.27 picks each segment's top documents by the
/// natural order of a key whatever the order asked, so an ascending key after the score
/// would keep the wrong documents.
fn descending_name_key(name: &str) -> [u64; 3] {
    let bytes = name.as_bytes();
    let mut keys = [u64::MAX; 3];
    for (i, key) in keys.iter_mut().enumerate() {
        let mut chunk = [0u8; 8];
        for (j, b) in chunk.iter_mut().enumerate() {
            *b = bytes.get(i * 8 + j).copied().unwrap_or(0);
        }
        *key = u64::MAX - u64::from_be_bytes(chunk);
    }
    keys
}

/// Score weights of [`EmbeddedIndex::build_query`]: whole numbers, far enough apart that
/// the sums stay exact in an `f32` and keep the rules in order.
const TYPO: f32 = 131_072.0;
const PROXIMITY: f32 = 2048.0;
const ATTRIBUTE: f32 = 32.0;
/// Exactness points: a text equal to the query, or starting with it, beats any number of
/// words found as typed (one point each, at most 12).
const EXACT_MATCH: f32 = 14.0;
const MATCHES_START: f32 = 13.0;
/// Slops at which a pair of words is looked for (0 to 3).
const PROXIMITY_LEVELS: u32 = 4;

fn scored(query: impl Query + 'static, points: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), points))
}

fn unscored(query: impl Query + 'static) -> Box<dyn Query> {
    scored(query, 0.0)
}

#[cfg(test)]
mod tests {
    use super::{MAX_WORDS, SHORT_PREFIX, TOKEN_LIMIT, pairs, starts, whole, word_starts};
    use tantivy::schema::{Field, STRING, Schema, TEXT};
    use tantivy::{Index, Searcher, TantivyDocument};

    /// An index in memory of `texts`, each in a text field as the site's text fields are
    /// (`TEXT`), with the terms `derive` makes of it in a `STRING` field beside it: its
    /// searcher, the text field and the derived field.
    fn indexed_with<D: IntoIterator<Item = String>>(
        texts: &[String],
        derive: impl Fn(&str) -> D,
    ) -> (Searcher, Field, Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let derived = schema.add_text_field("derived", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for t in texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(text, t);
            for term in derive(t) {
                doc.add_text(derived, term);
            }
            writer.add_document(doc).expect("added");
        }
        writer.commit().expect("committed");
        (index.reader().expect("reader").searcher(), text, derived)
    }

    #[test]
    fn the_starts_of_a_text_are_its_first_words_without_the_whole() {
        let text = whole("nuoc mam phu quoc, 40 do dam");
        assert_eq!(text, "nuoc mam phu quoc 40 do dam");
        assert_eq!(
            starts(&text).collect::<Vec<_>>(),
            [
                "nuoc",
                "nuoc mam",
                "nuoc mam phu",
                "nuoc mam phu quoc",
                "nuoc mam phu quoc 40",
                "nuoc mam phu quoc 40 do"
            ]
        );
        assert_eq!(starts("tra").count(), 0, "one word: only the whole");
        assert_eq!(starts("").count(), 0);
    }

    #[test]
    fn a_long_text_has_starts_of_up_to_as_many_words_as_a_query() {
        let text = whole(&"tu ".repeat(100));
        let all: Vec<&str> = starts(&text).collect();
        assert_eq!(all.len(), MAX_WORDS);
        assert_eq!(all.last().map(|s| s.split(' ').count()), Some(MAX_WORDS));
    }

    /// A pair matches exactly where a phrase query of its two words matches (slop 0), on
    /// texts with punctuation, capitals, repeats and a word too long for the tokenizer.
    #[test]
    fn a_pair_is_where_the_two_words_are_adjacent_in_order() {
        use tantivy::Term;
        use tantivy::collector::Count;
        use tantivy::query::{PhraseQuery, TermQuery};
        use tantivy::schema::IndexRecordOption;

        let long = "x".repeat(TOKEN_LIMIT);
        let texts = [
            "Nước mắm Phú Quốc, 40 độ đạm".to_owned(),
            "nuoc mam phu quoc 40 do dam".to_owned(),
            "mam nuoc, quoc phu".to_owned(),
            format!("nuoc {long} mam"),
            "tra sen tra sen TRA".to_owned(),
        ];
        assert_eq!(pairs("Trà-sen, 2 hộp"), ["trà sen", "sen 2", "2 hộp"]);
        assert!(pairs(&texts[3]).is_empty());

        let (searcher, text, pair) = indexed_with(&texts, pairs);
        let words = [
            "nuoc", "mam", "phu", "quoc", "40", "tra", "sen", "nước", "mắm",
        ];
        let mut matched = 0;
        for a in words {
            for b in words {
                let phrase = PhraseQuery::new(vec![
                    Term::from_field_text(text, a),
                    Term::from_field_text(text, b),
                ]);
                let term = TermQuery::new(
                    Term::from_field_text(pair, &format!("{a} {b}")),
                    IndexRecordOption::Basic,
                );
                let by_phrase = searcher.search(&phrase, &Count).expect("phrase");
                assert_eq!(
                    by_phrase,
                    searcher.search(&term, &Count).expect("pair"),
                    "{a} {b}"
                );
                matched += by_phrase;
            }
        }
        assert!(matched >= 8, "{matched}");
    }

    /// A word start matches exactly the documents where a word of the text starts with it,
    /// as tantivy's prefix query finds them, for every start of one to three characters
    /// (with diacritics, capitals, a word too long for the tokenizer and one-letter words).
    #[test]
    fn a_word_start_is_where_a_word_of_the_text_starts_with_it() {
        use tantivy::Term;
        use tantivy::collector::Count;
        use tantivy::query::{FuzzyTermQuery, TermQuery};
        use tantivy::schema::IndexRecordOption;

        let long = format!("tra{}", "x".repeat(TOKEN_LIMIT));
        let texts = [
            "Trà sen Tây Hồ, hộp 2 gói".to_owned(),
            "tra sen tay ho hop 2 goi".to_owned(),
            "trang trai tram".to_owned(),
            format!("nuoc {long} mam"),
            "a b c".to_owned(),
            "đặc sản đà lạt".to_owned(),
        ];
        assert_eq!(
            word_starts("Trà sen, 2").into_iter().collect::<Vec<_>>(),
            ["2", "s", "se", "sen", "t", "tr", "trà"]
        );

        let mut all = std::collections::BTreeSet::new();
        for t in &texts {
            for w in word_starts(t) {
                assert!(w.chars().count() <= SHORT_PREFIX, "{w}");
                all.insert(w);
            }
        }
        let (searcher, text, start) = indexed_with(&texts, word_starts);
        all.extend(["trx", "z", "nu", "tras"].map(String::from));
        let mut matched = 0;
        for p in &all {
            let prefix = FuzzyTermQuery::new_prefix(Term::from_field_text(text, p), 0, true);
            let by_prefix = searcher.search(&prefix, &Count).expect("prefix");
            let term = TermQuery::new(Term::from_field_text(start, p), IndexRecordOption::Basic);
            if p.chars().count() <= SHORT_PREFIX {
                assert_eq!(
                    by_prefix,
                    searcher.search(&term, &Count).expect("start"),
                    "{p}"
                );
            }
            matched += by_prefix;
        }
        assert!(matched >= 20, "{matched}");
    }
}
