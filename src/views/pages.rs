//! One struct per public page; the field names are what the templates read.

use serde::Serialize;

use super::{AwardBadge, FilterOption, ImageView, PageMeta, Pagination, ProductCard};

#[derive(Debug, Serialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeLink {
    pub slug: &'static str,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct CollectionView {
    pub title: String,
    pub description: String,
    pub products: Vec<ProductCard>,
}

#[derive(Debug, Serialize)]
pub struct SiteStats {
    pub products: i64,
    pub producers: i64,
    pub categories: usize,
}

#[derive(Debug, Serialize)]
pub struct HomePage {
    pub meta: PageMeta,
    pub collections: Vec<CollectionView>,
    pub latest_year: Option<i32>,
    pub latest_programmes: Vec<ProgrammeLink>,
    pub latest_winners: Vec<ProductCard>,
    pub categories: Vec<CategoryLink>,
    pub stats: SiteStats,
    /// The newest public articles.
    pub latest_articles: Vec<super::articles::ArticleCard>,
}

/// A province drop-down: current units, then pre-2025 names in their own group.
#[derive(Debug, Serialize)]
pub struct ProvinceOptions {
    pub current: Vec<FilterOption>,
    pub legacy: Vec<FilterOption>,
}

#[derive(Debug, Serialize)]
pub struct FilterForm {
    pub action: String,
    /// False on a category page, where the category is fixed by the path.
    pub show_category: bool,
    pub categories: Vec<FilterOption>,
    pub provinces: ProvinceOptions,
    pub years: Vec<FilterOption>,
    pub programmes: Vec<FilterOption>,
    pub tiers: Vec<FilterOption>,
    pub sorts: Vec<FilterOption>,
}

/// A filter in force, with the link that drops it.
#[derive(Debug, Serialize)]
pub struct ActiveFilter {
    pub label: String,
    pub remove_url: String,
}

#[derive(Debug, Serialize)]
pub struct CataloguePage {
    pub meta: PageMeta,
    pub heading: String,
    pub intro: Option<String>,
    pub filters: FilterForm,
    pub active_filters: Vec<ActiveFilter>,
    pub clear_url: String,
    pub products: Vec<ProductCard>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize)]
pub struct ProductView {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub category_name: String,
    pub category_slug: String,
}

#[derive(Debug, Serialize)]
pub struct ProducerSummary {
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    pub province: String,
    pub address: String,
    pub verified: bool,
    pub website: Option<String>,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Serialize)]
pub struct PointOfSaleView {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub opening_hours: String,
    /// True when this point of sale is listed for the product itself, not the whole producer.
    pub for_this_product: bool,
}

#[derive(Debug, Serialize)]
pub struct ProductPage {
    pub meta: PageMeta,
    pub json_ld: String,
    pub product: ProductView,
    pub producer: ProducerSummary,
    pub awards: Vec<AwardBadge>,
    pub producer_awards: Vec<AwardBadge>,
    pub images: Vec<ImageView>,
    pub points_of_sale: Vec<PointOfSaleView>,
    pub related: Vec<ProductCard>,
}

#[derive(Debug, Serialize)]
pub struct ProducerRow {
    pub slug: String,
    pub name: String,
    pub province: String,
    pub product_count: i64,
    pub verified: bool,
}

#[derive(Debug, Serialize)]
pub struct ProducerListPage {
    pub meta: PageMeta,
    pub provinces: ProvinceOptions,
    pub producers: Vec<ProducerRow>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize)]
pub struct ProducerPage {
    pub meta: PageMeta,
    pub json_ld: String,
    pub producer: ProducerSummary,
    pub description: String,
    pub awards: Vec<AwardBadge>,
    pub products: Vec<ProductCard>,
    pub pagination: Pagination,
    pub points_of_sale: Vec<PointOfSaleView>,
}

#[derive(Debug, Serialize)]
pub struct TierGroup {
    pub label: String,
    pub products: Vec<ProductCard>,
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct AwardYearPage {
    pub meta: PageMeta,
    pub programme_slug: &'static str,
    pub programme_name: String,
    pub year: i32,
    pub groups: Vec<TierGroup>,
    pub years: Vec<YearLink>,
    pub pagination: Pagination,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeYears {
    pub slug: &'static str,
    pub name: String,
    pub years: Vec<YearLink>,
}

#[derive(Debug, Serialize)]
pub struct AwardIndexPage {
    pub meta: PageMeta,
    pub programmes: Vec<ProgrammeYears>,
}

#[derive(Debug, Serialize)]
pub struct ErrorPage {
    pub meta: PageMeta,
    pub status: u16,
    pub heading: String,
    pub message: String,
}

/// A search result as shown on `/tim-kiem`.
#[derive(Debug, Serialize)]
pub struct SearchHitView {
    pub slug: String,
    /// The name in pieces, matched words marked.
    pub name: Vec<crate::search::query::Segment>,
    pub producer_name: String,
    pub producer_slug: String,
    pub category_name: String,
    pub province: String,
    pub awards: Vec<AwardBadge>,
    pub image: Option<String>,
}

/// One value of a facet, with its count and the link that applies it.
#[derive(Debug, Serialize)]
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    pub url: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct FacetGroup {
    pub label: &'static str,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub meta: PageMeta,
    pub q: String,
    pub total: u64,
    pub hits: Vec<SearchHitView>,
    pub facets: Vec<FacetGroup>,
    pub active_filters: Vec<ActiveFilter>,
    pub clear_url: String,
    pub pagination: Pagination,
    pub degraded: bool,
    pub categories: Vec<CategoryLink>,
}
