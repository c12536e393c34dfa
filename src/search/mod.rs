//! Search: one service over two backends (the embedded tantivy index by default, Meilisearch
//! when `MEILI_URL` is set), the outbox worker that keeps the index in step with the database,
//! and the database fallback used whenever the backend is down, slow or missing.
//!
//! Rules: the database is the source of truth; only published products are indexed; a search
//! never fails because of the backend (it answers from the database with `degraded: true`);
//! query meaning (folding, synonyms, typo budget) lives in `query` and is shared by all paths.

mod best_way;
mod count_cache;
pub mod documents;
pub mod embedded;
pub mod eval;
mod facet_count;
pub mod meili;
pub mod places;
pub mod query;
mod ranked;
mod seek_union;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use actix_web::web;
use anyhow::Context;
use serde::Serialize;

use crate::db::Db;
use crate::db::models::product::{CatalogueFilter, CatalogueSort};
use crate::db::models::search_outbox::SearchOutbox;
use crate::db::models::{PageRequest, Product};
use crate::error::AppError;
use crate::reference::CardContext;
use documents::SearchDoc;
use query::Analyzed;

/// Longest a search may wait for the backend before answering from the database, unless
/// `HANGVIET_SEARCH_TIMEOUT_MS` says otherwise.
pub const SEARCH_TIMEOUT: Duration = Duration::from_millis(500);
/// Outbox entries handled per round by the embedded index.
const OUTBOX_BATCH: i64 = 500;
/// Outbox entries handled per round by Meilisearch, whose time per task grows slower than
/// the task at a million products: a backlog of 6,000 drained in 45 s by rounds of 500, in
/// 38 s by rounds of 5,000.
const MEILI_OUTBOX_BATCH: i64 = 5_000;
/// Products loaded per batch when rebuilding.
const REBUILD_BATCH: i64 = 1000;
/// Rebuild batches Meilisearch may have queued before the rebuild waits for the older half
/// (batches queued together are indexed together, which is most of the speed).
const REBUILD_IN_FLIGHT: usize = 40;

/// Filters of a search, already checked (slugs, year).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub category: Option<String>,
    pub province: Option<String>,
    pub year: Option<i32>,
    pub programme: Option<String>,
    pub tier: Option<String>,
    /// Only products holding an award still valid on this day.
    pub valid_on: Option<chrono::NaiveDate>,
    /// Only products sold in this province (slug of a current province).
    pub sold_in: Option<String>,
    /// The order; `None` is by relevance.
    pub sort: Option<CatalogueSort>,
}

/// A date as the index keeps it, comparable as a number: 2026-12-01 is 20261201.
pub fn date_number(date: chrono::NaiveDate) -> u32 {
    use chrono::Datelike;
    u32::try_from(date.year()).unwrap_or(0) * 10_000 + date.month() * 100 + date.day()
}

/// Counts per facet value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub category: BTreeMap<String, u64>,
    pub province: BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    pub programme: BTreeMap<String, u64>,
    pub tier: BTreeMap<String, u64>,
    /// Provinces where products are sold.
    pub sold_in: BTreeMap<String, u64>,
}

/// The facets both backends count, each under one name: the embedded index's facet values
/// (`facet_count::value`) and Meilisearch's filterable attributes and facet distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Category,
    Province,
    Year,
    Programme,
    Tier,
    SoldIn,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Category,
        Facet::Province,
        Facet::Year,
        Facet::Programme,
        Facet::Tier,
        Facet::SoldIn,
    ];
    /// The names, in the order of [`Facet::ALL`].
    pub const NAMES: [&'static str; 6] = [
        "category",
        "province",
        "year",
        "programme",
        "tier",
        "sold_in",
    ];

    pub fn name(self) -> &'static str {
        Facet::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl Facets {
    /// The counts of `facet`.
    fn of_mut(&mut self, facet: Facet) -> &mut BTreeMap<String, u64> {
        match facet {
            Facet::Category => &mut self.category,
            Facet::Province => &mut self.province,
            Facet::Year => &mut self.year,
            Facet::Programme => &mut self.programme,
            Facet::Tier => &mut self.tier,
            Facet::SoldIn => &mut self.sold_in,
        }
    }

    /// Adds the counts of `other` (a disjoint set of products).
    fn add(&mut self, other: Facets) {
        for (mine, theirs) in [
            (&mut self.category, other.category),
            (&mut self.province, other.province),
            (&mut self.year, other.year),
            (&mut self.programme, other.programme),
            (&mut self.tier, other.tier),
            (&mut self.sold_in, other.sold_in),
        ] {
            for (k, v) in theirs {
                *mine.entry(k).or_default() += v;
            }
        }
    }
}

/// One part of an answer: the products of a part are listed before those of the next (a
/// place named in the query first, then exact diacritics first; see [`SearchService::search`]).
/// The parts of one answer never overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partition {
    /// `(slug, true)`: made or sold in that province; `(slug, false)`: neither.
    pub place: Option<(String, bool)>,
    /// `(words, true)`: the name has every one of these words (lowercase, with diacritics);
    /// `(words, false)`: it lacks at least one.
    pub exact: Option<(Vec<String>, bool)>,
}

/// What a backend answers.
#[derive(Debug, Clone)]
pub struct EngineResults {
    pub total: u64,
    pub docs: Vec<SearchDoc>,
    pub facets: Facets,
}

/// A search answer, from the backend or the database.
#[derive(Debug, Clone)]
pub struct SearchAnswer {
    pub query: Analyzed,
    pub total: u64,
    pub docs: Vec<SearchDoc>,
    pub facets: Facets,
    pub degraded: bool,
    pub took: Duration,
    /// The province the query names, when its products were ranked first: the page offers
    /// it as a filter.
    pub place: Option<PlaceHint>,
}

/// A province a query names, and the query without it ("che thai nguyen": Thái Nguyên, "che").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceHint {
    pub slug: String,
    pub rest: String,
}

/// The configured backend.
#[derive(Clone)]
pub enum SearchEngine {
    Embedded(embedded::EmbeddedIndex),
    Meili(meili::MeiliIndex),
}

/// The search service held in the app state.
pub struct SearchService {
    /// `None` when the backend could not be opened: every search then uses the database.
    engine: Option<SearchEngine>,
    timeout: Duration,
    /// Whether the index is known to hold the published catalogue: set once a rebuild or the
    /// start-up check finished, or a search found the index and the database agreeing. Until
    /// then (a fresh index while the start-up rebuild runs) searches answer from the
    /// database, marked degraded, rather than from a half-built or empty index.
    ready: AtomicBool,
    /// Set after the backend failed or timed out: until then searches skip it.
    breaker: Breaker,
}

/// How long searches skip a backend that just failed or timed out, before one search tries it
/// again. A hung server (say, stopped) would otherwise cost every search the whole time-out.
const BREAK: Duration = Duration::from_secs(5);

/// A circuit breaker: after a failure the backend is skipped for [`BREAK`]; then one search at
/// a time is let through to try it, and a success closes the breaker.
#[derive(Debug, Default)]
struct Breaker {
    /// Skip the backend until this instant (`None`: closed).
    open_until: std::sync::Mutex<Option<Instant>>,
}

impl Breaker {
    /// Whether this search may use the backend. When the break is over, the first caller is
    /// let through and the break is extended for the others meanwhile.
    fn allows(&self) -> bool {
        let Ok(mut open_until) = self.open_until.lock() else {
            return true;
        };
        match *open_until {
            None => true,
            Some(until) if Instant::now() < until => false,
            Some(_) => {
                *open_until = Some(Instant::now() + BREAK);
                true
            }
        }
    }

    fn failed(&self) {
        if let Ok(mut open_until) = self.open_until.lock() {
            *open_until = Some(Instant::now() + BREAK);
        }
    }

    fn succeeded(&self) {
        if let Ok(mut open_until) = self.open_until.lock() {
            *open_until = None;
        }
    }
}

impl SearchService {
    pub fn new(engine: Option<SearchEngine>) -> SearchService {
        SearchService {
            engine,
            timeout: SEARCH_TIMEOUT,
            ready: AtomicBool::new(false),
            breaker: Breaker::default(),
        }
    }

    /// The part of the time budget the backend gets: the rest is kept for answering from the
    /// database, so a degraded answer still arrives within the budget.
    fn backend_budget(&self) -> Duration {
        self.timeout * 7 / 10
    }

    /// The service the settings ask for: none (`HANGVIET_SEARCH=database`), Meilisearch when
    /// `MEILI_URL` is set, else the embedded index in the data directory.
    /// How long a search waits for the backend before answering from the database.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The embedded index in `dir`, or Meilisearch's index `meili_index` when `meili_url` is
    /// set.
    pub fn open(
        dir: &std::path::Path,
        meili_url: Option<&str>,
        meili_key: Option<&str>,
        meili_index: &str,
    ) -> SearchService {
        let engine = match meili_url {
            Some(url) => {
                meili::MeiliIndex::new(url, meili_key, meili_index).map(SearchEngine::Meili)
            }
            None => embedded::EmbeddedIndex::open(dir).map(SearchEngine::Embedded),
        };
        match engine {
            Ok(engine) => SearchService::new(Some(engine)),
            Err(err) => {
                tracing::error!(error = %format!("{err:#}"), "search backend unavailable; searching the database");
                SearchService::new(None)
            }
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match &self.engine {
            Some(SearchEngine::Embedded(_)) => "embedded",
            Some(SearchEngine::Meili(_)) => "meilisearch",
            None => "none",
        }
    }

    /// Applies Meilisearch's index settings when the index lacks them; nothing to do for the
    /// embedded index. Returns whether settings were sent.
    pub async fn configure(&self) -> anyhow::Result<bool> {
        match &self.engine {
            Some(SearchEngine::Meili(m)) => m.configure().await,
            _ => Ok(false),
        }
    }

    /// Documents in the index.
    pub async fn count(&self) -> anyhow::Result<u64> {
        match &self.engine {
            Some(SearchEngine::Embedded(index)) => Ok(index.count()),
            Some(SearchEngine::Meili(m)) => m.count().await,
            None => anyhow::bail!("no search backend"),
        }
    }

    /// Whether searches use the index (see `ready`); false without a backend.
    pub fn is_ready(&self) -> bool {
        self.engine.is_some() && self.ready.load(Ordering::Acquire)
    }

    fn mark_ready(&self) {
        self.ready.store(true, Ordering::Release);
    }

    /// Whether the index holds as many documents as there are published products; true
    /// marks the service ready. Only asked until the service is ready.
    async fn index_matches_database(&self, db: &Db) -> anyhow::Result<bool> {
        let published = db
            .run(|conn| Ok(Product::count_published(conn)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let indexed = self.count().await?;
        let matches = u64::try_from(published).is_ok_and(|p| p == indexed);
        if matches {
            self.mark_ready();
        }
        Ok(matches)
    }

    /// Searches; on any backend failure or time-out, or while the index is not built yet,
    /// answers from the database instead (marked degraded).
    pub async fn search(
        &self,
        db: &Db,
        ctx: Arc<CardContext>,
        q: &str,
        filters: SearchFilters,
        page: PageRequest,
    ) -> Result<SearchAnswer, AppError> {
        let started = Instant::now();
        let analyzed = query::analyze(q);
        let offset = usize::try_from(page.offset()).unwrap_or(0);
        let limit = usize::try_from(page.per_page).unwrap_or(20);
        let from_engine = match &self.engine {
            Some(_) if !self.breaker.allows() => {
                tracing::debug!("search backend recently failed; answering from the database");
                None
            }
            Some(engine) => {
                let call = async {
                    if !self.ready.load(Ordering::Acquire)
                        && !self.index_matches_database(db).await?
                    {
                        return Ok(None);
                    }
                    answer(engine, &analyzed, &filters, &ctx, offset, limit)
                        .await
                        .map(Some)
                };
                let answer = tokio::time::timeout(self.backend_budget(), call).await;
                if matches!(answer, Ok(Ok(_))) {
                    self.breaker.succeeded();
                } else {
                    self.breaker.failed();
                }
                match answer {
                    Ok(Ok(Some(results))) => Some(results),
                    Ok(Ok(None)) => {
                        tracing::debug!("search index not built yet; answering from the database");
                        None
                    }
                    Ok(Err(err)) => {
                        tracing::warn!(error = %format!("{err:#}"), "search backend failed; answering from the database");
                        if meili::is_index_missing(&err) {
                            // The server lost its data: the worker rebuilds the index.
                            self.ready.store(false, Ordering::Release);
                        }
                        None
                    }
                    Err(_) => {
                        tracing::warn!("search backend timed out; answering from the database");
                        None
                    }
                }
            }
            None => None,
        };
        let (results, place, degraded) = match from_engine {
            Some((results, place)) => (results, place, false),
            None => (
                fallback(db, ctx, analyzed.clone(), filters, page).await?,
                None,
                true,
            ),
        };
        Ok(SearchAnswer {
            place,
            query: analyzed,
            total: results.total,
            docs: results.docs,
            facets: results.facets,
            degraded,
            took: started.elapsed(),
        })
    }

    /// Drains one batch of the outbox into the index; returns how many entries it handled.
    /// On failure the entries stay, with the attempt recorded, for the next round.
    pub async fn sync_once(&self, db: &Db, ctx: Arc<CardContext>) -> Result<usize, AppError> {
        let Some(engine) = &self.engine else {
            return Ok(0);
        };
        let batch = match engine {
            SearchEngine::Embedded(_) => OUTBOX_BATCH,
            SearchEngine::Meili(_) => MEILI_OUTBOX_BATCH,
        };
        let (entries, docs) = db
            .run(move |conn| {
                let entries = SearchOutbox::next_batch(conn, batch)?;
                let mut ids: Vec<i32> = entries.iter().map(|e| e.product_id).collect();
                ids.sort_unstable();
                ids.dedup();
                let docs = documents::load(conn, &ctx, &ids)?;
                Ok((entries, docs))
            })
            .await?;
        if entries.is_empty() {
            return Ok(0);
        }
        let mut deleted: Vec<i32> = entries.iter().map(|e| e.product_id).collect();
        deleted.retain(|id| !docs.iter().any(|d| d.id == *id));
        deleted.sort_unstable();
        deleted.dedup();
        let entry_ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
        let applied = engine.apply(docs, deleted).await;
        let n = entry_ids.len();
        match applied {
            Ok(()) => {
                db.run(move |conn| Ok(SearchOutbox::remove(conn, &entry_ids)?))
                    .await?;
                Ok(n)
            }
            Err(err) => {
                let message = format!("{err:#}");
                tracing::warn!(error = %message, "search index update failed; will retry");
                db.run(move |conn| Ok(SearchOutbox::record_failure(conn, &entry_ids, &message)?))
                    .await?;
                Err(AppError::unavailable(err))
            }
        }
    }

    /// Rebuilds the whole index from the database; `progress` is told each batch's size.
    pub async fn rebuild(
        &self,
        db: &Db,
        ctx: Arc<CardContext>,
        progress: impl Fn(u64) + Send + Sync + 'static,
    ) -> anyhow::Result<usize> {
        let engine = self.engine.clone().context("no search backend")?;
        let db2 = db.clone();
        let outbox_high = db
            .run(|conn| Ok(SearchOutbox::max_id(conn)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let total = match engine {
            SearchEngine::Embedded(index) => {
                web::block(move || {
                    let mut conn = db2.conn()?;
                    let mut after = 0;
                    index.rebuild(|| {
                        let ids = Product::published_ids_after(&mut conn, after, REBUILD_BATCH)?;
                        let Some(last) = ids.last() else {
                            return Ok(None);
                        };
                        after = *last;
                        let docs = documents::load(&mut conn, &ctx, &ids)?;
                        progress(docs.len() as u64);
                        Ok(Some(docs))
                    })
                })
                .await??
            }
            SearchEngine::Meili(m) => {
                // Filled beside the live index and swapped in whole.
                let next = m.begin_rebuild().await?;
                let mut after = 0;
                let mut total = 0;
                // Batches sent and not yet indexed: at most `REBUILD_IN_FLIGHT`, so neither
                // Meilisearch's queue nor its update files grow with the catalogue.
                let mut tasks = std::collections::VecDeque::new();
                loop {
                    let ctx = ctx.clone();
                    let docs = db
                        .run(move |conn| {
                            let ids = Product::published_ids_after(conn, after, REBUILD_BATCH)?;
                            Ok(documents::load(conn, &ctx, &ids)?)
                        })
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    let Some(last) = docs.last() else { break };
                    after = last.id;
                    tasks.push_back(next.add(&docs).await?);
                    total += docs.len();
                    progress(docs.len() as u64);
                    if tasks.len() > REBUILD_IN_FLIGHT {
                        next.wait_all(tasks.drain(..tasks.len() / 2).collect())
                            .await?;
                    }
                }
                next.wait_all(tasks.into()).await?;
                m.replace_with(next).await?;
                total
            }
        };
        self.mark_ready();
        if let Some(high) = outbox_high {
            db.run(move |conn| Ok(SearchOutbox::clear_up_to(conn, high)?))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        Ok(total)
    }

    /// Queues for rewriting the documents that still rank a product as holding a valid award
    /// when that award ended before `today` (a document's `standing` is computed the day it
    /// is written); returns how many. The worker calls it every round: it finds nothing on
    /// most days.
    pub async fn refresh_expired(
        &self,
        db: &Db,
        today: chrono::NaiveDate,
    ) -> anyhow::Result<usize> {
        let ids = match &self.engine {
            Some(SearchEngine::Embedded(index)) => {
                let index = index.clone();
                web::block(move || index.stale_valid(today, OUTBOX_BATCH as usize)).await??
            }
            Some(SearchEngine::Meili(m)) => m.stale_valid(today, OUTBOX_BATCH as usize).await?,
            None => return Ok(0),
        };
        let n = ids.len();
        if n > 0 {
            db.run(move |conn| Ok(SearchOutbox::enqueue(conn, &ids)?))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        Ok(n)
    }

    /// What the worker does first: applies the settings, then [`SearchService::ensure_in_sync`].
    pub async fn prepare(&self, db: &Db, ctx: Arc<CardContext>) -> anyhow::Result<()> {
        self.configure().await?;
        self.ensure_in_sync(db, ctx).await?;
        Ok(())
    }

    /// Rebuilds when the index and the database disagree on the number of published products
    /// (a new or lost index, a restored database), or when the index holds documents of an
    /// older version (see `documents::DOC_VERSION`). Returns whether it rebuilt.
    pub async fn ensure_in_sync(&self, db: &Db, ctx: Arc<CardContext>) -> anyhow::Result<bool> {
        if self.engine.is_none() {
            return Ok(false);
        }
        let published = db
            .run(|conn| Ok(Product::count_published(conn)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let indexed = self.count().await?;
        let outdated = match &self.engine {
            Some(SearchEngine::Meili(m)) => m.outdated().await?,
            _ => false,
        };
        if u64::try_from(published).unwrap_or(0) == indexed && !outdated {
            self.mark_ready();
            return Ok(false);
        }
        tracing::info!(
            published,
            indexed,
            outdated,
            "search index out of step with the database; rebuilding"
        );
        let n = self.rebuild(db, ctx, |_| {}).await?;
        tracing::info!(documents = n, "search index rebuilt");
        Ok(true)
    }
}

impl SearchEngine {
    async fn search_code(
        &self,
        code: &str,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        match self {
            SearchEngine::Embedded(index) => {
                let (index, code, filters) = (index.clone(), code.to_owned(), filters.clone());
                let turn = index.searching().await;
                web::block(move || {
                    let _turn = turn;
                    index.search_code(&code, &filters, offset, limit)
                })
                .await?
            }
            SearchEngine::Meili(m) => m.search_code(code, filters, offset, limit).await,
        }
    }

    async fn search_words(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        partition: &Partition,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        match self {
            SearchEngine::Embedded(index) => {
                let (index, query, filters, partition) = (
                    index.clone(),
                    query.clone(),
                    filters.clone(),
                    partition.clone(),
                );
                let turn = index.searching().await;
                web::block(move || {
                    let _turn = turn;
                    index.search_words(&query, &filters, &partition, offset, limit)
                })
                .await?
            }
            SearchEngine::Meili(m) => {
                m.search_words(query, filters, partition, offset, limit)
                    .await
            }
        }
    }

    async fn apply(&self, docs: Vec<SearchDoc>, deleted: Vec<i32>) -> anyhow::Result<()> {
        match self {
            SearchEngine::Embedded(index) => {
                let index = index.clone();
                web::block(move || index.apply(&docs, &deleted)).await?
            }
            SearchEngine::Meili(m) => m.apply(&docs, &deleted).await,
        }
    }
}

/// One page of the answer to `query`, the same on both backends:
///
/// 1. A query that is a barcode or decision number finds the products holding it, alone.
/// 2. A query naming a place ("che thai nguyen") lists first the products made or sold there
///    that match the other words ("che"), then the products made and sold elsewhere that
///    match every word, the place's included ("Mỹ phẩm Sài Gòn" for "sai gon").
/// 3. Otherwise, or when that finds nothing, every word must match; while nothing does,
///    trailing words are dropped (Meilisearch's `last` matching strategy).
///
/// In 2 and 3, products whose name has every word typed with diacritics, as typed, come
/// first. An explicit province filter or sort turns the parts off: the order is the one asked.
async fn answer(
    engine: &SearchEngine,
    query: &Analyzed,
    filters: &SearchFilters,
    ctx: &CardContext,
    offset: usize,
    limit: usize,
) -> anyhow::Result<(EngineResults, Option<PlaceHint>)> {
    if let Some(code) = &query.code {
        let found = engine.search_code(code, filters, offset, limit).await?;
        if found.total > 0 {
            return Ok((found, None));
        }
    }
    let ranked = filters.sort.is_none();
    let place = (ranked && filters.province.is_none())
        .then(|| places::find(query, ctx))
        .flatten();
    if let Some(place) = place {
        let rest = place.rest(query);
        let mut parts = Vec::new();
        for (words, inside) in [(&rest, true), (query, false)] {
            for exact in exact_split(words, ranked) {
                parts.push((
                    words,
                    Partition {
                        place: Some((place.slug.clone(), inside)),
                        exact,
                    },
                ));
            }
        }
        let found = merged(engine, &parts, filters, offset, limit).await?;
        if found.total > 0 {
            let hint = PlaceHint {
                slug: place.slug,
                rest: rest.text(),
            };
            return Ok((found, Some(hint)));
        }
    }
    let mut words = query.words.len();
    loop {
        let cut = Analyzed {
            words: query.words[..words].to_vec(),
            prefix_last: query.prefix_last && words == query.words.len(),
            ..query.clone()
        };
        let parts: Vec<(&Analyzed, Partition)> = exact_split(&cut, ranked)
            .into_iter()
            .map(|exact| (&cut, Partition { place: None, exact }))
            .collect();
        let found = merged(engine, &parts, filters, offset, limit).await?;
        if found.total > 0 || words <= 1 {
            return Ok((found, None));
        }
        words -= 1;
    }
}

/// The exact-diacritics parts of a query: with words typed with diacritics (among the
/// query's words), those whose name has them all, as typed, then the others; else one part.
/// A word still being typed takes part too: half-typed, it is in no name and the first part
/// is empty.
fn exact_split(query: &Analyzed, ranked: bool) -> Vec<Option<(Vec<String>, bool)>> {
    let words: Vec<String> = query
        .exact
        .iter()
        .filter(|w| query.words.contains(&crate::text::fold(w)))
        .cloned()
        .collect();
    if !ranked || words.is_empty() {
        return vec![None];
    }
    vec![Some((words.clone(), true)), Some((words, false))]
}

/// The page `offset..offset + limit` of the parts listed one after the other, with the total
/// and the facet counts of them all.
async fn merged(
    engine: &SearchEngine,
    parts: &[(&Analyzed, Partition)],
    filters: &SearchFilters,
    offset: usize,
    limit: usize,
) -> anyhow::Result<EngineResults> {
    let mut out = EngineResults {
        total: 0,
        docs: Vec::new(),
        facets: Facets::default(),
    };
    let mut skip = offset;
    for (query, partition) in parts {
        let want = limit - out.docs.len();
        let found = engine
            .search_words(query, filters, partition, skip, want)
            .await?;
        let total = usize::try_from(found.total).unwrap_or(usize::MAX);
        skip = skip.saturating_sub(total);
        out.docs.extend(found.docs.into_iter().take(want));
        out.total += found.total;
        out.facets.add(found.facets);
    }
    Ok(out)
}

/// The database answer: published products whose folded name holds every query word, with
/// the same filters; no facet counts.
async fn fallback(
    db: &Db,
    ctx: Arc<CardContext>,
    query: Analyzed,
    filters: SearchFilters,
    page: PageRequest,
) -> Result<EngineResults, AppError> {
    db.run(move |conn| {
        let mut filter = CatalogueFilter {
            words: query.words.clone(),
            ..CatalogueFilter::default()
        };
        filter.category_id = match &filters.category {
            Some(slug) => Some(
                ctx.categories
                    .iter()
                    .find(|c| &c.slug == slug)
                    .ok_or_else(AppError::not_found)?
                    .id,
            ),
            None => None,
        };
        filter.province = filters
            .province
            .as_deref()
            .and_then(|s| ctx.provinces.by_slug(s));
        filter.year = filters.year;
        filter.programme = filters
            .programme
            .as_deref()
            .and_then(crate::db::models::Programme::from_slug);
        filter.tier = filters.tier.clone();
        filter.valid_on = filters.valid_on;
        filter.sort = filters.sort.unwrap_or_default();
        let paged = Product::catalogue(conn, &filter, page)?;
        let docs = documents::for_products(conn, &ctx, &paged.items)?;
        Ok(EngineResults {
            total: u64::try_from(paged.total).unwrap_or(0),
            docs,
            facets: Facets::default(),
        })
    })
    .await
}

/// What the outbox worker uses, borrowed from whoever holds the services (the application
/// state).
pub struct Worker<'a> {
    pub db: &'a crate::db::Db,
    pub search: &'a SearchService,
    pub reference: &'a crate::reference::ReferenceCache,
    /// Cleared when the catalogue changed.
    pub pages: &'a crate::page_cache::PageCache,
}

/// Runs the outbox worker until the process ends: first the settings and the start-up
/// check (rebuilding a new or mismatched index), retried every second until they succeed
/// and again whenever the index is found missing, then a round every second, and at once
/// again while there is work.
pub fn spawn_worker<S: Send + Sync + 'static>(holder: Arc<S>, parts: fn(&S) -> Worker<'_>) {
    actix_web::rt::spawn(async move {
        let state = parts(&holder);
        let mut failures: u64 = 0;
        // The day the index was last checked for awards that expired since.
        let mut expiry_checked: Option<chrono::NaiveDate> = None;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            let ctx = match state.reference.get(state.db).await {
                Ok(ctx) => ctx,
                Err(err) => {
                    tracing::warn!(error = %err, "could not load reference data");
                    continue;
                }
            };
            if !state.search.is_ready() {
                match state.search.prepare(state.db, ctx.clone()).await {
                    Ok(()) => {}
                    Err(err) => {
                        // Once a minute is enough while the backend stays down.
                        if failures.is_multiple_of(60) {
                            tracing::warn!(error = %format!("{err:#}"), "search index not ready; searching the database meanwhile");
                        }
                        failures += 1;
                        continue;
                    }
                }
            }
            // Awards that ended since their documents were written stop ranking as valid.
            let today = crate::clock::today_in_vietnam();
            if expiry_checked != Some(today) {
                match state.search.refresh_expired(state.db, today).await {
                    Ok(n) => {
                        if n > 0 {
                            tracing::info!(
                                products = n,
                                "awards expired; rewriting their search documents"
                            );
                        }
                        // A full batch may leave more: look again next round.
                        if n < OUTBOX_BATCH as usize {
                            expiry_checked = Some(today);
                        }
                    }
                    Err(err) => {
                        tracing::warn!(error = %format!("{err:#}"), "could not look for expired awards in the index");
                    }
                }
            }
            while let Ok(n) = state.search.sync_once(state.db, ctx.clone()).await {
                if n == 0 {
                    break;
                }
                // The catalogue changed: cached pages may show the old state.
                state.pages.clear();
            }
        }
    });
}
