//! The Meilisearch backend (Meilisearch 1.x through meilisearch-sdk), chosen when `MEILI_URL`
//! is set. One index (`HANGVIET_MEILI_INDEX`, `products` by default) holds [`SearchDoc`]s
//! keyed by `id`.
//!
//! Queries are folded by `text::fold` before they are sent and the folded attributes are
//! searchable, so matching equals the embedded backend's whatever Meilisearch's own
//! normalisation does. Meilisearch ranks by its own rules (words, typo, proximity,
//! attribute, exactness) with the attribute order below (name > brand/producer > places >
//! category > description); it drops diacritics before comparing, so unlike the embedded
//! backend it does not rank exact-diacritic matches first.
//!
//! Every call is bounded: searches by the caller's 500 ms, everything else by
//! [`CALL_TIMEOUT`] per request, and waiting for a task by a deadline of its own (a server
//! that accepts connections and never answers must not stall the outbox worker for ever).
//! Changes count as applied only once Meilisearch has processed them, so the outbox keeps an
//! entry until its change is searchable. A rebuild fills a second index and swaps it in, so
//! searches see the old documents until the new set is complete.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode, MeilisearchError};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{
    FacetingSettings, FilterFeatureModes, FilterFeatures, FilterableAttribute,
    FilterableAttributesSettings, MinWordSizeForTypos, PaginationSetting, Settings,
    TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;

use super::count_cache::CountCache;
use super::documents::SearchDoc;
use super::query::Analyzed;
use super::{EngineResults, Facet, Facets, Partition, SearchFilters};
use crate::db::models::product::CatalogueSort;

const FACETS: [&str; 6] = Facet::NAMES;
/// Longest wait for one request other than a search.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest wait for Meilisearch to process the settings or a rebuild batch.
const TASK_TIMEOUT: Duration = Duration::from_secs(600);
/// Longest wait for the outbox's changes; past it they stay queued and are sent again.
const SYNC_TIMEOUT: Duration = Duration::from_secs(120);
/// Hits a search can count and page through: Meilisearch's default (1,000) would cut long
/// lists short where the embedded index and the database do not.
const MAX_TOTAL_HITS: usize = 1_000_000;
/// Facet values counted per facet (provinces, current and former, are about a hundred).
const MAX_VALUES_PER_FACET: usize = 500;

#[derive(Clone)]
pub struct MeiliIndex {
    client: Client,
    uid: String,
    /// Whether this process has applied the settings (an index created by a document
    /// addition alone would have none: no filters, every attribute searchable).
    configured: Arc<AtomicBool>,
    /// Counts the changes this process has applied: the version of [`MeiliIndex::facets`].
    version: Arc<AtomicU64>,
    /// The facet counts of recent searches ([`CountCache`]); a search asked again leaves
    /// them out of its request, which halves Meilisearch's work on a broad query.
    facets: Arc<CountCache<Facets>>,
}

/// How long facet counts are used at most: the changes another process applies to the
/// index show within this time (this process's own, at once).
const FACETS_MAX_AGE: Duration = Duration::from_secs(30);

impl MeiliIndex {
    /// A client for index `uid` at `url`; nothing is sent yet.
    pub fn new(url: &str, api_key: Option<&str>, uid: &str) -> anyhow::Result<MeiliIndex> {
        anyhow::ensure!(
            url.starts_with("http://") || url.starts_with("https://"),
            "MEILI_URL must start with http:// or https://"
        );
        anyhow::ensure!(
            valid_uid(uid),
            "the Meilisearch index name {uid:?} may only hold ASCII letters, digits, '-' and '_'"
        );
        // The SDK would panic on a key an HTTP header cannot carry (a pasted newline).
        if let Some(key) = api_key {
            anyhow::ensure!(
                key.bytes().all(|b| b.is_ascii_graphic()),
                "MEILI_API_KEY holds spaces or control characters"
            );
        }
        let client =
            Client::new(url.trim_end_matches('/'), api_key).context("invalid MEILI_URL")?;
        Ok(MeiliIndex::on(client, uid.to_owned()))
    }

    /// Index `uid` through `client`, with nothing of this process's yet (settings not
    /// applied, no facet counts kept).
    fn on(client: Client, uid: String) -> MeiliIndex {
        MeiliIndex {
            client,
            uid,
            configured: Arc::new(AtomicBool::new(false)),
            version: Arc::default(),
            facets: Arc::new(CountCache::new(Some(FACETS_MAX_AGE))),
        }
    }

    /// The same server, another index.
    fn sibling(&self, uid: String) -> MeiliIndex {
        MeiliIndex::on(self.client.clone(), uid)
    }

    /// The index's name.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    fn index(&self) -> Index {
        self.client.index(&self.uid)
    }

    /// Applies the index settings (searchable, filterable and sortable attributes, synonyms,
    /// typo rules, pagination and facet limits), creating the index if needed, and waits for
    /// Meilisearch to take them.
    ///
    /// Settings the index already holds are not sent again: Meilisearch reindexes on any
    /// settings update, changed or not (59.7 s at 1,000,000 products, during which no
    /// change is indexed), and every start of the site used to send them. Returns whether
    /// they were sent.
    pub async fn configure(&self) -> anyhow::Result<bool> {
        let wanted = settings();
        let wanted_json = serde_json::to_value(&wanted)?;
        let differs = match bounded(CALL_TIMEOUT, self.index().get_settings()).await {
            Ok(current) => differing_setting(&serde_json::to_value(&current)?, &wanted_json),
            Err(e) if is_index_missing(&e) => Some("(no index yet)"),
            // Settings this SDK cannot read: sending ours is always right.
            Err(e) => {
                tracing::warn!(index = %self.uid, error = %format!("{e:#}"), "could not read the Meilisearch index settings");
                Some("(unreadable)")
            }
        };
        if let Some(field) = differs {
            tracing::info!(index = %self.uid, field, "applying the Meilisearch index settings");
            let task = bounded(CALL_TIMEOUT, self.index().set_settings(&wanted)).await?;
            self.wait(task, TASK_TIMEOUT, "apply the index settings")
                .await?;
        }
        self.configured.store(true, Ordering::Release);
        Ok(differs.is_some())
    }

    /// Documents in the index; 0 when there is no index yet.
    pub async fn count(&self) -> anyhow::Result<u64> {
        match bounded(CALL_TIMEOUT, self.index().get_stats()).await {
            Ok(stats) => Ok(stats.number_of_documents as u64),
            Err(e) if is_code(&e, &ErrorCode::IndexNotFound) => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// Whether the index holds documents written by another version of the documents
    /// ([`super::documents::DOC_VERSION`]): they lack fields searches filter and sort on.
    pub async fn outdated(&self) -> anyhow::Result<bool> {
        let filter = format!("doc_version != {}", super::documents::DOC_VERSION);
        let index = self.index();
        let mut search = index.search();
        search
            .with_filter(&filter)
            .with_page(1)
            .with_hits_per_page(1);
        match bounded(CALL_TIMEOUT, search.execute::<serde_json::Value>()).await {
            Ok(results) => Ok(results
                .total_hits
                .or(results.estimated_total_hits)
                .unwrap_or(results.hits.len())
                > 0),
            Err(e) if is_index_missing(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Sends changes and waits until Meilisearch has processed them: until then the outbox
    /// keeps them (sending them again is harmless).
    pub async fn apply(&self, docs: &[SearchDoc], deleted: &[i32]) -> anyhow::Result<()> {
        if !self.configured.load(Ordering::Acquire) {
            self.configure().await?;
        }
        let mut tasks = Vec::new();
        if !docs.is_empty() {
            tasks.push(bounded(CALL_TIMEOUT, self.index().add_or_replace(docs, Some("id"))).await?);
        }
        if !deleted.is_empty() {
            tasks.push(bounded(CALL_TIMEOUT, self.index().delete_documents(deleted)).await?);
        }
        for task in tasks {
            self.wait(task, SYNC_TIMEOUT, "apply the index changes")
                .await?;
        }
        self.version.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// Starts a rebuild: an empty, configured index beside this one, to fill with
    /// [`MeiliIndex::add`] and put in place with [`MeiliIndex::replace_with`].
    pub async fn begin_rebuild(&self) -> anyhow::Result<MeiliIndex> {
        let next = self.sibling(format!("{}-rebuild", self.uid));
        // A rebuild that died half-way leaves its index behind.
        if next.exists().await? {
            next.delete_and_wait().await?;
        }
        next.configure().await?;
        Ok(next)
    }

    /// Sends a batch of documents without waiting for Meilisearch to index it (see
    /// [`MeiliIndex::wait_all`]): batches sent back to back are indexed together, which saves
    /// most of Meilisearch's cost per batch.
    pub async fn add(&self, docs: &[SearchDoc]) -> anyhow::Result<TaskInfo> {
        bounded(CALL_TIMEOUT, self.index().add_or_replace(docs, Some("id"))).await
    }

    /// Waits until Meilisearch has processed every one of `tasks`, each successfully.
    pub async fn wait_all(&self, tasks: Vec<TaskInfo>) -> anyhow::Result<()> {
        for task in tasks {
            self.wait(task, TASK_TIMEOUT, "index a batch of documents")
                .await?;
        }
        Ok(())
    }

    /// Swaps the rebuilt index `next` in place of this one in one step, then drops the old
    /// documents.
    pub async fn replace_with(&self, next: MeiliIndex) -> anyhow::Result<()> {
        // Swapping needs both indexes to exist; the first build has nothing to swap with.
        if !self.exists().await? {
            let created = bounded(
                CALL_TIMEOUT,
                self.client.create_index(&self.uid, Some("id")),
            )
            .await?;
            match self
                .outcome(created, TASK_TIMEOUT, "create the index")
                .await?
            {
                Ok(()) => {}
                Err(e) if e.error_code == ErrorCode::IndexAlreadyExists => {}
                Err(e) => anyhow::bail!("Meilisearch could not create the index: {e}"),
            }
        }
        let swap = SwapIndexes {
            indexes: (self.uid.clone(), next.uid.clone()),
            rename: None,
        };
        let task = bounded(CALL_TIMEOUT, self.client.swap_indexes([&swap])).await?;
        self.wait(task, TASK_TIMEOUT, "swap in the rebuilt index")
            .await?;
        self.configured.store(true, Ordering::Release);
        self.version.fetch_add(1, Ordering::AcqRel);
        // `next` now holds the old documents.
        next.delete_and_wait().await
    }

    /// Whether the index exists (one request, no task).
    async fn exists(&self) -> anyhow::Result<bool> {
        match bounded(CALL_TIMEOUT, self.client.get_raw_index(&self.uid)).await {
            Ok(_) => Ok(true),
            Err(e) if is_index_missing(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn delete_and_wait(&self) -> anyhow::Result<()> {
        let task = bounded(CALL_TIMEOUT, self.client.delete_index(&self.uid)).await?;
        match self.outcome(task, TASK_TIMEOUT, "delete the index").await? {
            Ok(()) => Ok(()),
            Err(e) if e.error_code == ErrorCode::IndexNotFound => Ok(()),
            Err(e) => anyhow::bail!("Meilisearch could not delete the index: {e}"),
        }
    }

    /// Waits until Meilisearch has processed `task`, polling, for at most `limit`; a failed
    /// task is an error that names Meilisearch's error code.
    async fn wait(&self, task: TaskInfo, limit: Duration, what: &str) -> anyhow::Result<()> {
        self.outcome(task, limit, what).await?.map_err(|e| {
            anyhow::anyhow!(
                "Meilisearch could not {what} ({}): {}",
                e.error_code,
                e.error_message
            )
        })
    }

    /// Waits for `task` as [`MeiliIndex::wait`] does, and returns how it ended.
    async fn outcome(
        &self,
        task: TaskInfo,
        limit: Duration,
        what: &str,
    ) -> anyhow::Result<Result<(), MeilisearchError>> {
        let deadline = Instant::now() + limit;
        let mut pause = Duration::from_millis(10);
        loop {
            match bounded(CALL_TIMEOUT, self.client.get_task(&task)).await? {
                Task::Succeeded { .. } => return Ok(Ok(())),
                Task::Failed { content } => return Ok(Err(content.error)),
                Task::Enqueued { .. } | Task::Processing { .. } => {}
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "Meilisearch did not {what} within {} s (task {})",
                limit.as_secs(),
                task.get_task_uid()
            );
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }

    /// Up to `limit` products whose document says their award is valid while its end date is
    /// before `today` (see `SearchDoc::standing`).
    pub async fn stale_valid(
        &self,
        today: chrono::NaiveDate,
        limit: usize,
    ) -> anyhow::Result<Vec<i32>> {
        #[derive(serde::Deserialize)]
        struct Id {
            id: i32,
        }
        let filter = format!(
            "standing >= {} AND valid_until < {}",
            1u64 << 32,
            super::date_number(today)
        );
        let index = self.index();
        let mut search = index.search();
        search
            .with_filter(&filter)
            .with_limit(limit)
            .with_attributes_to_retrieve(Selectors::Some(&["id"]));
        let results = bounded(CALL_TIMEOUT, search.execute::<Id>()).await?;
        Ok(results.hits.into_iter().map(|h| h.result.id).collect())
    }

    /// The products holding `code` (a barcode or decision number); the caller bounds the
    /// time.
    pub async fn search_code(
        &self,
        code: &str,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let mut filter = filter_expression(filters, &Partition::default());
        filter.push(format!("codes = {}", quote(code)));
        self.fetch("", &filter.join(" AND "), filters, offset, limit)
            .await
    }

    /// The products of `partition` matching every word of `query` (matching strategy
    /// `all`), in Meilisearch's order; the caller bounds the time. (Meilisearch's own `last`
    /// strategy would also count, and list after the full matches, every product matching
    /// the first word alone: "nuoc mam" would find all 189 "nuoc" products of the demo
    /// catalogue instead of its 30 fish sauces. Dropping words is `super::answer`'s.)
    pub async fn search_words(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        partition: &Partition,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let filter = filter_expression(filters, partition).join(" AND ");
        let mut text = query.text();
        if !query.prefix_last && !text.is_empty() {
            // A finished last word (typed with a space after it) is not a prefix.
            text.push(' ');
        }
        self.fetch(&text, &filter, filters, offset, limit).await
    }

    /// Hits `offset..offset + limit` of a search, with exact totals and facet counts; `limit`
    /// 0 counts only. Page mode makes Meilisearch count every hit (`totalHits`) rather than
    /// estimate; an offset that is not a whole number of pages takes two pages.
    async fn fetch(
        &self,
        text: &str,
        filter: &str,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        if limit == 0 || offset.is_multiple_of(limit) {
            return self
                .fetch_page(text, filter, filters, offset / limit.max(1) + 1, limit)
                .await;
        }
        let page = offset / limit + 1;
        let mut first = self.fetch_page(text, filter, filters, page, limit).await?;
        let second = self
            .fetch_page(text, filter, filters, page + 1, limit)
            .await?;
        first.docs.extend(second.docs);
        first.docs = first
            .docs
            .into_iter()
            .skip(offset % limit)
            .take(limit)
            .collect();
        Ok(first)
    }

    /// Page `page` (from 1) of `hits_per_page` hits.
    async fn fetch_page(
        &self,
        text: &str,
        filter: &str,
        filters: &SearchFilters,
        page: usize,
        hits_per_page: usize,
    ) -> anyhow::Result<EngineResults> {
        let index = self.index();
        let mut search = index.search();
        search
            .with_query(text)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_page(page)
            .with_hits_per_page(hits_per_page);
        // The facet counts do not depend on the order or the page.
        let version = self.version.load(Ordering::Acquire);
        let key = format!("{text}\u{1f}{filter}");
        let known = self.facets.get(version, &key);
        if known.is_none() {
            search.with_facets(Selectors::Some(&FACETS));
        }
        if !filter.is_empty() {
            search.with_filter(filter);
        }
        // The orders of the catalogue (`CatalogueSort`) and of the embedded index; without
        // one, the ranking rules of `settings`.
        let sort: &[&str] = match filters.sort {
            None => &[],
            Some(CatalogueSort::Name) => &["name_folded:asc", "id:asc"],
            Some(CatalogueSort::Newest) => &["published:desc", "id:desc"],
            Some(CatalogueSort::AwardYear) => &["award_year:desc", "published:desc", "id:desc"],
            Some(CatalogueSort::Tier) => &[
                "award_rank:desc",
                "award_year:desc",
                "name_folded:asc",
                "id:asc",
            ],
        };
        if !sort.is_empty() {
            search.with_sort(sort);
        }
        let results = match search.execute::<SearchDoc>().await {
            Ok(results) => results,
            Err(err) => {
                let err = anyhow::Error::from(err);
                if is_index_missing(&err) {
                    // Settings go with the index: a new one needs them again.
                    self.configured.store(false, Ordering::Release);
                }
                return Err(err);
            }
        };
        let distribution = results.facet_distribution.unwrap_or_default();
        let read = |name: &str| {
            distribution
                .get(name)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect())
                .unwrap_or_default()
        };
        let total = results
            .total_hits
            .or(results.estimated_total_hits)
            .unwrap_or(results.hits.len());
        let facets = match known {
            Some(known) => known,
            None => {
                let mut facets = Facets::default();
                for facet in Facet::ALL {
                    *facets.of_mut(facet) = read(facet.name());
                }
                self.facets.put(version, key, facets.clone());
                facets
            }
        };
        Ok(EngineResults {
            total: total as u64,
            docs: results.hits.into_iter().map(|h| h.result).collect(),
            facets,
        })
    }
}

/// The index settings, the same for every index this site writes.
fn settings() -> Settings {
    let synonyms: HashMap<String, Vec<String>> = super::query::synonym_table();
    Settings::new()
        // Only folded text is searched, so matching is the embedded index's whatever
        // Meilisearch's own normalisation does (it keeps "đ", for one); the order is the
        // attribute rank: name, brand and producer, places, category, description, barcode.
        .with_searchable_attributes([
            "name_folded",
            "maker_folded",
            "places_folded",
            "category_folded",
            "description_folded",
            "gtin",
        ])
        // Each filter attribute with only the features the filters use: no facet search
        // (nothing searches within facet values) and comparisons only where a filter
        // compares. Every feature left on is a database Meilisearch keeps up to date at each
        // change; at a million products these decide how many changes a second it takes.
        .with_filterable_attributes_advanced([
            filterable(&FACETS, false),
            filterable(&["codes", "doc_version", "name_words"], false),
            filterable(&["valid_until", "standing"], true),
        ])
        .with_sortable_attributes(["id", "name_folded", "published", "award_year", "award_rank"])
        // The rules, chosen so that the embedded index can reproduce them exactly (see
        // `embedded::EmbeddedIndex::build_query`):
        // - a sort asked for comes first (Meilisearch's default puts it after the word,
        //   typo, proximity and attribute rules, which would leave it only ties to order);
        // - then words, typos, proximity (adjacent syllables in order first: "thai nguyen"
        //   is the province, not "sinh thái … Nguyên Phát") and the attribute rank;
        // - then exactness: a text equal to the query, or starting with it ("cà phê" finds
        //   "Cà phê Khe Sanh" before "Thịt bò … vị cà phê"), then the words found as typed;
        // - `wordPosition` is left out: the embedded index cannot count it the same way;
        //   exact diacritics are a partition of their own (`name_words`, see
        //   `super::answer`);
        // - ties are broken by what citizens care about, the same on both backends: a valid
        //   award first, the best tier, the newest year (`standing`), then the name and id.
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attributeRank",
            "exactness",
            "standing:desc",
            "name_folded:asc",
            "id:asc",
        ])
        .with_synonyms(synonyms)
        // The typo budget of `query::typo_budget`, stated rather than left to the server's
        // defaults; none on numbers, so a barcode never finds its neighbour.
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(Vec::new()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: Some(true),
        })
        .with_pagination(PaginationSetting {
            max_total_hits: MAX_TOTAL_HITS,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: MAX_VALUES_PER_FACET,
            sort_facet_values_by: None,
        })
}

/// The first of the settings `wanted` that the index's settings `current` (as Meilisearch
/// reports them, every field) do not hold, or `None` when they hold them all. Objects are
/// compared on the fields `wanted` states; lists whose order means nothing to Meilisearch
/// (filterable and sortable attributes, each word's synonyms) in any order.
fn differing_setting<'a>(
    current: &serde_json::Value,
    wanted: &'a serde_json::Value,
) -> Option<&'a str> {
    const UNORDERED: [&str; 3] = ["filterableAttributes", "sortableAttributes", "synonyms"];
    // A map the settings replace whole: a word the index has and `wanted` lacks is a
    // difference (a synonym taken out of the table must go from the index too).
    const MAPS: [&str; 1] = ["synonyms"];
    let wanted = wanted.as_object()?;
    wanted
        .iter()
        .find(|(field, value)| {
            let field = field.as_str();
            let how = Compare {
                unordered: UNORDERED.contains(&field),
                whole_objects: MAPS.contains(&field),
            };
            !current
                .get(field)
                .is_some_and(|held| holds(held, value, how))
        })
        .map(|(field, _)| field.as_str())
}

/// How [`holds`] compares a setting.
#[derive(Clone, Copy)]
struct Compare {
    /// Lists may be in another order.
    unordered: bool,
    /// Objects must have the same fields (else the held object may have more).
    whole_objects: bool,
}

/// Whether `held` holds `wanted`: equal, except as `how` allows.
fn holds(held: &serde_json::Value, wanted: &serde_json::Value, how: Compare) -> bool {
    use serde_json::Value;
    match (held, wanted) {
        (Value::Object(h), Value::Object(w)) => {
            (!how.whole_objects || h.len() == w.len())
                && w.iter()
                    .all(|(k, v)| h.get(k).is_some_and(|hv| holds(hv, v, how)))
        }
        (Value::Array(h), Value::Array(w)) if how.unordered => {
            let sorted = |items: &[Value]| {
                let mut keys: Vec<String> = items.iter().map(Value::to_string).collect();
                keys.sort_unstable();
                keys
            };
            h.len() == w.len() && sorted(h) == sorted(w)
        }
        (Value::Array(h), Value::Array(w)) => {
            h.len() == w.len() && h.iter().zip(w).all(|(a, b)| holds(a, b, how))
        }
        _ => held == wanted,
    }
}

/// Filter attributes `names`: equality (`=`, `!=`), and comparisons (`<`, `>=`) when
/// `compared`; no facet search.
fn filterable(names: &[&str], compared: bool) -> FilterableAttribute {
    FilterableAttribute::Settings(FilterableAttributesSettings {
        attribute_patterns: names.iter().map(|n| n.to_string()).collect(),
        features: FilterFeatures {
            facet_search: false,
            filter: FilterFeatureModes {
                equality: true,
                comparison: compared,
            },
        },
    })
}

/// Meilisearch's rule for index names: ASCII letters, digits, `-` and `_`, at most 400 bytes
/// (less the `-rebuild` suffix a rebuild adds).
fn valid_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= 380
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `err` says the index does not exist (a new server, or one that lost its data).
pub fn is_index_missing(err: &anyhow::Error) -> bool {
    is_code(err, &ErrorCode::IndexNotFound)
}

fn is_code(err: &anyhow::Error, code: &ErrorCode) -> bool {
    matches!(err.downcast_ref::<MeiliError>(), Some(MeiliError::Meilisearch(e)) if &e.error_code == code)
}

/// Awaits `call` for at most `limit`.
async fn bounded<T>(
    limit: Duration,
    call: impl std::future::Future<Output = Result<T, MeiliError>>,
) -> anyhow::Result<T> {
    match tokio::time::timeout(limit, call).await {
        Ok(result) => Ok(result?),
        Err(_) => anyhow::bail!("Meilisearch did not answer within {} s", limit.as_secs()),
    }
}

/// `category = "thuc-pham" AND year = 2022`, as parts to join with `AND`. Values are checked
/// slugs, numbers and words, quoted all the same so nothing in them can change the expression.
fn filter_expression(filters: &SearchFilters, partition: &Partition) -> Vec<String> {
    let mut parts = Vec::new();
    for (name, value) in [
        ("category", &filters.category),
        ("province", &filters.province),
        ("programme", &filters.programme),
        ("tier", &filters.tier),
        ("sold_in", &filters.sold_in),
    ] {
        if let Some(v) = value {
            parts.push(format!("{name} = {}", quote(v)));
        }
    }
    if let Some(year) = filters.year {
        parts.push(format!("year = {year}"));
    }
    if let Some(today) = filters.valid_on {
        parts.push(format!("valid_until >= {}", super::date_number(today)));
    }
    if let Some((slug, inside)) = &partition.place {
        let (p, s) = (quote(slug), quote(slug));
        parts.push(if *inside {
            format!("(province = {p} OR sold_in = {s})")
        } else {
            format!("NOT province = {p} AND NOT sold_in = {s}")
        });
    }
    if let Some((words, inside)) = &partition.exact {
        let all: Vec<String> = words
            .iter()
            .map(|w| format!("name_words = {}", quote(w)))
            .collect();
        let all = all.join(" AND ");
        parts.push(if *inside {
            format!("({all})")
        } else {
            format!("NOT ({all})")
        });
    }
    parts
}

/// A value quoted for a filter expression, so nothing in it can change the expression.
fn quote(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_held_are_not_a_difference() {
        let wanted = serde_json::json!({
            "rankingRules": ["sort", "words"],
            "sortableAttributes": ["id", "name"],
            "synonyms": {"ca phe": ["cafe", "coffee"]},
            "typoTolerance": {"enabled": true},
        });
        let mut current = serde_json::json!({
            "rankingRules": ["sort", "words"],
            "sortableAttributes": ["name", "id"],
            "synonyms": {"ca phe": ["coffee", "cafe"]},
            "typoTolerance": {"enabled": true, "disableOnNumbers": false},
            "stopWords": [],
        });
        assert_eq!(differing_setting(&current, &wanted), None);
        current["rankingRules"] = serde_json::json!(["words", "sort"]);
        assert_eq!(differing_setting(&current, &wanted), Some("rankingRules"));
        current["rankingRules"] = wanted["rankingRules"].clone();
        current["synonyms"]["ca phe"] = serde_json::json!(["cafe"]);
        assert_eq!(differing_setting(&current, &wanted), Some("synonyms"));
        current["synonyms"] = wanted["synonyms"].clone();
        // A synonym the index still has but the table no longer does.
        current["synonyms"]["tra"] = serde_json::json!(["che"]);
        assert_eq!(differing_setting(&current, &wanted), Some("synonyms"));
        current["synonyms"] = wanted["synonyms"].clone();
        current["typoTolerance"]["enabled"] = serde_json::json!(false);
        assert_eq!(differing_setting(&current, &wanted), Some("typoTolerance"));
        current
            .as_object_mut()
            .expect("object")
            .remove("typoTolerance");
        assert_eq!(differing_setting(&current, &wanted), Some("typoTolerance"));
    }

    #[test]
    fn filters_are_quoted() {
        let f = SearchFilters {
            category: Some("thuc-pham".into()),
            province: Some("x\" OR 1=1".into()),
            year: Some(2022),
            ..SearchFilters::default()
        };
        assert_eq!(
            filter_expression(&f, &Partition::default()).join(" AND "),
            "category = \"thuc-pham\" AND province = \"x\\\" OR 1=1\" AND year = 2022"
        );
        let p = Partition {
            place: Some(("thai-nguyen".into(), false)),
            exact: Some((vec!["chè".into(), "x\"".into()], true)),
        };
        assert_eq!(
            filter_expression(&SearchFilters::default(), &p),
            [
                "NOT province = \"thai-nguyen\" AND NOT sold_in = \"thai-nguyen\"",
                "(name_words = \"chè\" AND name_words = \"x\\\"\")"
            ]
        );
    }

    #[test]
    fn index_names_and_keys_are_checked() {
        assert!(MeiliIndex::new("http://127.0.0.1:7700", None, "products").is_ok());
        assert!(MeiliIndex::new("http://127.0.0.1:7700", None, "t_1-a").is_ok());
        assert!(MeiliIndex::new("http://127.0.0.1:7700", None, "a b").is_err());
        assert!(MeiliIndex::new("http://127.0.0.1:7700", None, "").is_err());
        assert!(MeiliIndex::new("127.0.0.1:7700", None, "products").is_err());
        assert!(MeiliIndex::new("http://127.0.0.1:7700", Some("key\n"), "products").is_err());
    }
}
