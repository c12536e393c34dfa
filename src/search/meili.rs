//! The Meilisearch backend (Meilisearch 1.x through meilisearch-sdk), chosen when `MEILI_URL`
//! is set. The index `products` holds [`SearchDoc`]s keyed by `id`.
//!
//! Queries are folded by `text::fold` before they are sent and the folded attributes are
//! searchable, so matching equals the embedded backend's whatever Meilisearch's own
//! normalisation does. Meilisearch ranks by its own rules (words, typo, proximity,
//! attribute, exactness) with the attribute order below (name > brand/producer > places >
//! category > description); it drops diacritics before comparing, so unlike the embedded
//! backend it does not rank exact-diacritic matches first. Search calls are bounded by the
//! caller's timeout; only the CLI and the start-up rebuild wait for Meilisearch tasks.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::Settings;

use super::documents::SearchDoc;
use super::query::Analyzed;
use super::{EngineResults, Facets, SearchFilters};

const INDEX: &str = "products";
const FACETS: [&str; 5] = ["category", "province", "year", "programme", "tier"];
const TASK_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Clone)]
pub struct MeiliIndex {
    client: Client,
}

impl MeiliIndex {
    pub fn new(url: &str, api_key: Option<&str>) -> anyhow::Result<MeiliIndex> {
        let client = Client::new(url, api_key).context("invalid MEILI_URL")?;
        Ok(MeiliIndex { client })
    }

    fn index(&self) -> Index {
        self.client.index(INDEX)
    }

    /// Applies the index settings (searchable, filterable, sortable attributes, synonyms) and
    /// waits for Meilisearch to take them.
    pub async fn configure(&self) -> anyhow::Result<()> {
        let synonyms: HashMap<String, Vec<String>> = super::query::synonym_table();
        let settings = Settings::new()
            .with_searchable_attributes([
                "name",
                "name_folded",
                "brand",
                "producer_name",
                "maker_folded",
                "places_folded",
                "category_name",
                "category_folded",
                "description_folded",
            ])
            .with_filterable_attributes(FACETS)
            .with_sortable_attributes(["id"])
            .with_synonyms(synonyms);
        let task = self.index().set_settings(&settings).await?;
        let task = task
            .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await?;
        anyhow::ensure!(
            !task.is_failure(),
            "Meilisearch refused the index settings: {task:?}"
        );
        Ok(())
    }

    pub async fn count(&self) -> anyhow::Result<u64> {
        match self.index().get_stats().await {
            Ok(stats) => Ok(stats.number_of_documents as u64),
            // No index yet: nothing indexed.
            Err(meilisearch_sdk::errors::Error::Meilisearch(e))
                if e.error_code == meilisearch_sdk::errors::ErrorCode::IndexNotFound =>
            {
                Ok(0)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Sends changes; returns once Meilisearch has accepted the tasks (not processed them).
    pub async fn apply(&self, docs: &[SearchDoc], deleted: &[i32]) -> anyhow::Result<()> {
        if !docs.is_empty() {
            self.index().add_or_replace(docs, Some("id")).await?;
        }
        if !deleted.is_empty() {
            self.index().delete_documents(deleted).await?;
        }
        Ok(())
    }

    /// Empties the index and waits for it.
    pub async fn clear(&self) -> anyhow::Result<()> {
        let task = self.index().delete_all_documents().await?;
        task.wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await?;
        Ok(())
    }

    /// Adds a batch and waits until Meilisearch has indexed it.
    pub async fn add_and_wait(&self, docs: &[SearchDoc]) -> anyhow::Result<()> {
        let task = self.index().add_or_replace(docs, Some("id")).await?;
        let task = task
            .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await?;
        anyhow::ensure!(
            !task.is_failure(),
            "Meilisearch failed to index a batch: {task:?}"
        );
        Ok(())
    }

    pub async fn search(
        &self,
        query: &Analyzed,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<EngineResults> {
        let filter = filter_expression(filters);
        let text = query.text();
        let index = self.index();
        let mut search = index.search();
        search
            .with_query(&text)
            .with_offset(offset)
            .with_limit(limit)
            .with_facets(Selectors::Some(&FACETS));
        if !filter.is_empty() {
            search.with_filter(&filter);
        }
        let results = search.execute::<SearchDoc>().await?;
        let distribution = results.facet_distribution.unwrap_or_default();
        let read = |name: &str| {
            distribution
                .get(name)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect())
                .unwrap_or_default()
        };
        Ok(EngineResults {
            total: results.estimated_total_hits.unwrap_or(results.hits.len()) as u64,
            docs: results.hits.into_iter().map(|h| h.result).collect(),
            facets: Facets {
                category: read("category"),
                province: read("province"),
                year: read("year"),
                programme: read("programme"),
                tier: read("tier"),
            },
        })
    }
}

/// `category = "thuc-pham" AND year = 2022`. Values are checked slugs and numbers, quoted all
/// the same so nothing in them can change the expression.
fn filter_expression(filters: &SearchFilters) -> String {
    let quote = |v: &str| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
    let mut parts = Vec::new();
    for (name, value) in [
        ("category", &filters.category),
        ("province", &filters.province),
        ("programme", &filters.programme),
        ("tier", &filters.tier),
    ] {
        if let Some(v) = value {
            parts.push(format!("{name} = {}", quote(v)));
        }
    }
    if let Some(year) = filters.year {
        parts.push(format!("year = {year}"));
    }
    parts.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_quoted() {
        let f = SearchFilters {
            category: Some("thuc-pham".into()),
            province: Some("x\" OR 1=1".into()),
            year: Some(2022),
            ..SearchFilters::default()
        };
        assert_eq!(
            filter_expression(&f),
            "category = \"thuc-pham\" AND province = \"x\\\" OR 1=1\" AND year = 2022"
        );
    }
}
