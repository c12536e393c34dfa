//! The embedded search backend: a tantivy index in the data directory.
//!
//! Text is folded by `text::fold` before it is indexed and before it is searched, so matching
//! is exactly the folding of the database fallback and of Meilisearch. A second copy of the
//! name keeps its diacritics, so a query typed with them ranks exact matches first.
//! Ranking: every query word must match (if none do, trailing words are dropped, as
//! Meilisearch's `last` strategy), scored with per-field boosts name > brand/producer >
//! places > category > description; typos within Meilisearch's default budget and a prefix
//! of the last word match with lower scores.

use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, TantivyDocument, Value,
};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::documents::SearchDoc;
use super::query::{Analyzed, typo_budget};
use super::{EngineResults, Facets, SearchFilters};
use crate::db::models::product::CatalogueSort;

/// Bump when the schema changes: an index of another version is rebuilt from the database.
const SCHEMA_VERSION: &str = "4";
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
        category: b.add_text_field("category", STRING | FAST),
        province: b.add_text_field("province", STRING | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        programme: b.add_text_field("programme", STRING | FAST),
        tier: b.add_text_field("tier", STRING | FAST),
        gtin: b.add_text_field("gtin", STRING),
        codes: b.add_text_field("codes", STRING),
        name_sort: b.add_text_field("name_sort", STRING | FAST),
        award_rank: b.add_u64_field("award_rank", FAST),
        award_year: b.add_u64_field("award_year", FAST),
        valid_until: b.add_u64_field("valid_until", INDEXED | FAST),
        published: b.add_u64_field("published", FAST),
        doc: b.add_text_field("doc", STORED),
    };
    (b.build(), fields)
}

/// The index, its reader and its single writer. Cheap to clone.
#[derive(Clone)]
pub struct EmbeddedIndex {
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    fields: Fields,
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
        })
    }

    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
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
        for p in &d.province {
            doc.add_text(f.province, p);
        }
        for y in &d.year {
            doc.add_u64(f.year, u64::try_from(*y)?);
        }
        for p in &d.programme {
            doc.add_text(f.programme, p);
        }
        for t in &d.tier {
            doc.add_text(f.tier, t);
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

    /// Runs a search; CPU-bound, call it off the async workers. A query that is a barcode or
    /// a decision number of some product ([`Analyzed::code`]) finds those products alone;
    /// otherwise every word must match, trailing words dropped while nothing does.
    pub fn search(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let searcher = self.reader.searcher();
        if let Some(code) = &query.code {
            let term = Term::from_field_text(self.fields.codes, code);
            let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            )];
            self.add_filters(&mut must, filters);
            let found =
                self.collect(&searcher, &BooleanQuery::new(must), filters, offset, limit)?;
            if found.total > 0 {
                return Ok(found);
            }
        }
        let mut words = query.words.len();
        loop {
            let q = self.build_query(query, words, filters);
            let found = self.collect(&searcher, &q, filters, offset, limit)?;
            // Meilisearch's "last" matching strategy: drop trailing words until something matches.
            if found.total == 0 && words > 1 {
                words -= 1;
                continue;
            }
            return Ok(found);
        }
    }

    /// One page of the documents matching `q` in the order `filters.sort` asks (by score
    /// without one), with the total and the facet counts.
    fn collect(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        use tantivy::Order;
        use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let by = |field: &str| SortByStaticFastValue::<u64>::for_field(field);
        // The orders of the catalogue (`CatalogueSort`) and of Meilisearch's `sort`.
        let addresses = match filters.sort {
            None => self.page(searcher, q, top.order_by_score())?,
            Some(CatalogueSort::Name) => self.page(
                searcher,
                q,
                top.order_by((
                    (SortByString::for_field("name_sort"), Order::Asc),
                    (by("id"), Order::Asc),
                )),
            )?,
            Some(CatalogueSort::Newest) => self.page(
                searcher,
                q,
                top.order_by(((by("published"), Order::Desc), (by("id"), Order::Desc))),
            )?,
            Some(CatalogueSort::AwardYear) => self.page(
                searcher,
                q,
                top.order_by((
                    (by("award_year"), Order::Desc),
                    (by("published"), Order::Desc),
                    (by("id"), Order::Desc),
                )),
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
            )?,
        };
        let aggs = AggregationCollector::from_aggs(
            facet_request()?,
            AggContextParams::new(
                AggregationLimitsGuard::default(),
                TokenizerManager::default(),
            ),
        );
        let (total, aggs) = searcher.search(q, &(Count, aggs))?;
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
            facets: facets_from(&serde_json::to_value(aggs)?),
        })
    }

    /// The addresses `top` collects, in its order.
    fn page<K>(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        top: impl tantivy::collector::Collector<Fruit = Vec<(K, tantivy::DocAddress)>>,
    ) -> anyhow::Result<Vec<tantivy::DocAddress>> {
        Ok(searcher
            .search(q, &top)?
            .into_iter()
            .map(|(_, address)| address)
            .collect())
    }

    fn build_query(&self, query: &Analyzed, words: usize, filters: &SearchFilters) -> BooleanQuery {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = words.saturating_sub(1);
        for (i, word) in query.words.iter().take(words).enumerate() {
            let prefix = query.prefix_last && i == last;
            let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [
                (f.name, 10.0),
                (f.maker, 5.0),
                (f.places, 4.0),
                (f.category_text, 3.0),
                (f.description, 1.0),
            ] {
                let term = Term::from_field_text(field, word);
                should.push((
                    Occur::Should,
                    boosted(
                        TermQuery::new(term.clone(), IndexRecordOption::WithFreqs),
                        boost,
                    ),
                ));
                let typos = typo_budget(word);
                if typos > 0 {
                    should.push((
                        Occur::Should,
                        boosted(FuzzyTermQuery::new(term.clone(), typos, true), boost * 0.3),
                    ));
                }
                if prefix {
                    should.push((
                        Occur::Should,
                        boosted(FuzzyTermQuery::new_prefix(term, 0, true), boost * 0.5),
                    ));
                }
            }
            // A barcode matches whole (or, still being typed, as a prefix); never with typos.
            let term = Term::from_field_text(f.gtin, word);
            should.push((
                Occur::Should,
                boosted(TermQuery::new(term.clone(), IndexRecordOption::Basic), 10.0),
            ));
            if prefix {
                should.push((
                    Occur::Should,
                    boosted(FuzzyTermQuery::new_prefix(term, 0, true), 5.0),
                ));
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
        // Every word in the name, and in the typed order, ranks above words spread over fields
        // (Meilisearch's proximity and attribute rules).
        if words > 1 {
            let in_name: Vec<(Occur, Box<dyn Query>)> = query
                .words
                .iter()
                .take(words)
                .enumerate()
                .map(|(i, w)| {
                    let term = Term::from_field_text(f.name, w);
                    let q: Box<dyn Query> = if query.prefix_last && i == last {
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, true))
                    } else {
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                    };
                    (Occur::Must, q)
                })
                .collect();
            must.push((Occur::Should, boosted(BooleanQuery::new(in_name), 20.0)));
            let phrase: Vec<Term> = query
                .words
                .iter()
                .take(words)
                .map(|w| Term::from_field_text(f.name, w))
                .collect();
            must.push((Occur::Should, boosted(PhraseQuery::new(phrase), 10.0)));
        }
        // Exact-diacritic words only add to the score: they never exclude a folded match.
        for exact in &query.exact {
            let term = Term::from_field_text(f.name_exact, exact);
            must.push((
                Occur::Should,
                boosted(TermQuery::new(term, IndexRecordOption::WithFreqs), 6.0),
            ));
        }
        if must.iter().all(|(occur, _)| *occur != Occur::Must) {
            must.push((Occur::Must, Box::new(AllQuery)));
        }
        self.add_filters(&mut must, filters);
        BooleanQuery::new(must)
    }

    /// The filters, each a required clause.
    fn add_filters(&self, must: &mut Vec<(Occur, Box<dyn Query>)>, filters: &SearchFilters) {
        let f = &self.fields;
        let text_filters = [
            (f.category, &filters.category),
            (f.province, &filters.province),
            (f.programme, &filters.programme),
            (f.tier, &filters.tier),
        ];
        for (field, value) in text_filters {
            if let Some(value) = value {
                let term = Term::from_field_text(field, value);
                must.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
        if let Some(year) = filters.year.and_then(|y| u64::try_from(y).ok()) {
            let term = Term::from_field_u64(f.year, year);
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if let Some(today) = filters.valid_on {
            let from = Term::from_field_u64(f.valid_until, u64::from(super::date_number(today)));
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(from), Bound::Unbounded)),
            ));
        }
    }
}

fn boosted(query: impl Query + 'static, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), boost))
}

/// Terms aggregations on the facet fields.
fn facet_request() -> anyhow::Result<Aggregations> {
    let terms =
        |field: &str, size: u32| serde_json::json!({"terms": {"field": field, "size": size}});
    Ok(serde_json::from_value(serde_json::json!({
        "category": terms("category", 50),
        "province": terms("province", 100),
        "year": terms("year", 100),
        "programme": terms("programme", 10),
        "tier": terms("tier", 20),
    }))?)
}

/// Reads `{"category": {"buckets": [{"key": …, "doc_count": n}]}, …}`.
fn facets_from(json: &serde_json::Value) -> Facets {
    let read = |name: &str| {
        json[name]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|b| {
                        let key = match &b["key"] {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Number(n) => {
                                n.as_f64().map(|f| format!("{f:.0}"))?
                            }
                            _ => return None,
                        };
                        Some((key, b["doc_count"].as_u64()?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Facets {
        category: read("category"),
        province: read("province"),
        year: read("year"),
        programme: read("programme"),
        tier: read("tier"),
    }
}
