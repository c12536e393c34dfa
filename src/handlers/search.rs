//! Search: the `/tim-kiem` page, the JSON search API and as-you-type suggestions.

use crate::i18n::Locale;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::PageAddress;
use super::filters::{CatalogueParams, CatalogueQuery, parse_page};
use crate::app::AppState;
use crate::db::models::province::ProvinceRef;
use crate::db::models::{PageRequest, Producer, Programme};
use crate::error::AppError;
use crate::reference::CardContext;
use crate::search::query::{analyze, highlight, highlight_html};
use crate::search::{SearchAnswer, SearchFilters};
use crate::text::fold;
use crate::views::pages::{CategoryLink, FacetGroup, FacetValue, SearchHitView, SearchPage};
use crate::views::{self, AwardBadge, Pagination};

const PER_PAGE: i64 = 20;
const API_MAX_PER_PAGE: i64 = 50;
const SUGGESTIONS: usize = 8;

#[derive(Debug, Default, Clone, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub per_page: Option<String>,
    #[serde(flatten)]
    pub filters: CatalogueParams,
}

/// The checked request: query text, filters, page.
struct SearchRequest {
    q: String,
    query: CatalogueQuery,
    filters: SearchFilters,
}

impl SearchRequest {
    fn parse(
        params: SearchParams,
        ctx: &CardContext,
        per_page: i64,
    ) -> Result<SearchRequest, AppError> {
        let q = params.q.unwrap_or_default();
        let mut query = CatalogueQuery::parse(params.filters, ctx, None)?;
        query.page = parse_page(&query.params.page, per_page)?;
        let p = &query.params;
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let filters = SearchFilters {
            category: present(&p.category),
            province: present(&p.province),
            year: query.filter.year,
            programme: present(&p.programme),
            tier: present(&p.tier),
        };
        Ok(SearchRequest { q, query, filters })
    }

    async fn run(&self, state: &AppState, ctx: Arc<CardContext>) -> Result<SearchAnswer, AppError> {
        state
            .search
            .search(
                &state.db,
                ctx,
                &self.q,
                self.filters.clone(),
                self.query.page,
            )
            .await
    }

    /// Query pairs of this search, without `page`.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("q", self.q.clone())];
        pairs.extend(
            self.query
                .pairs(true)
                .into_iter()
                .filter(|(k, _)| *k != "sort"),
        );
        pairs
    }
}

/// `/tim-kiem?q=…`: results with highlighted names, facets and pagination.
pub async fn search_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let ctx = state.reference.get(&state.db).await?;
    let request = SearchRequest::parse(params.into_inner(), &ctx, PER_PAGE)?;
    let answer = request.run(&state, ctx.clone()).await?;
    let total = i64::try_from(answer.total).unwrap_or(i64::MAX);
    let last_page = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    if answer.docs.is_empty() && request.query.page.page > 1 {
        return Err(AppError::not_found());
    }
    let pairs = request.pairs();
    let title = if request.q.trim().is_empty() {
        "Tìm kiếm".to_owned()
    } else {
        format!("Kết quả cho “{}”", request.q.trim())
    };
    let mut meta = address.meta(
        "",
        title,
        "Tìm sản phẩm Việt đạt danh hiệu theo tên, nhà sản xuất, tỉnh thành.",
    );
    meta.canonical = address.absolute("/tim-kiem");
    let page = SearchPage {
        meta,
        q: request.q.clone(),
        total: answer.total,
        hits: answer
            .docs
            .iter()
            .map(|d| SearchHitView {
                slug: d.slug.clone(),
                name: highlight(&d.name, &answer.query),
                producer_name: d.producer_name.clone(),
                producer_slug: d.producer_slug.clone(),
                category_name: d.category_name.clone(),
                province: d.province_label.clone(),
                awards: d
                    .awards
                    .iter()
                    .map(|a| AwardBadge::from_parts(&a.programme, a.year, a.tier.as_deref()))
                    .collect(),
                image: d.image.clone(),
            })
            .collect(),
        facets: facet_groups(&answer, &ctx, &pairs),
        active_filters: request
            .query
            .active_filters("/tim-kiem", &ctx, true)
            .into_iter()
            .map(|mut f| {
                // Chips drop one filter and keep the words searched for.
                f.remove_url = keep_query(&f.remove_url, &request.q);
                f
            })
            .collect(),
        clear_url: keep_query("/tim-kiem", &request.q),
        pagination: Pagination::new(
            "/tim-kiem",
            &pairs,
            request.query.page.page,
            last_page,
            total,
        ),
        degraded: answer.degraded,
        categories: ctx
            .categories
            .iter()
            .map(|c| CategoryLink {
                slug: c.slug.clone(),
                name: c.name.clone(),
                count: 0,
            })
            .collect(),
    };
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "search/results.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

/// Adds `q` to a `/tim-kiem` link built from the filters alone.
fn keep_query(url: &str, q: &str) -> String {
    if q.is_empty() {
        return url.to_owned();
    }
    let q = serde_urlencoded::to_string([("q", q)]).unwrap_or_default();
    match url.split_once('?') {
        Some((path, rest)) => format!("{path}?{q}&{rest}"),
        None => format!("{url}?{q}"),
    }
}

/// Facet groups with labels, counts and links that add the value to the search.
fn facet_groups(
    answer: &SearchAnswer,
    ctx: &CardContext,
    pairs: &[(&'static str, String)],
) -> Vec<FacetGroup> {
    let link = |key: &'static str, value: &str| {
        let mut p: Vec<(&str, String)> = pairs.iter().filter(|(k, _)| *k != key).cloned().collect();
        p.push((key, value.to_owned()));
        format!(
            "/tim-kiem?{}",
            serde_urlencoded::to_string(&p).unwrap_or_default()
        )
    };
    let selected = |key: &str, value: &str| pairs.iter().any(|(k, v)| *k == key && v == value);
    let mut groups = Vec::new();
    let mut group = |label: &'static str,
                     key: &'static str,
                     counts: &std::collections::BTreeMap<String, u64>,
                     name: &dyn Fn(&str) -> Option<String>| {
        let mut values: Vec<FacetValue> = counts
            .iter()
            .filter_map(|(value, count)| {
                Some(FacetValue {
                    label: name(value)?,
                    count: *count,
                    url: link(key, value),
                    selected: selected(key, value),
                })
            })
            .collect();
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        if key == "year" {
            values.sort_by(|a, b| b.label.cmp(&a.label));
        }
        if !values.is_empty() {
            groups.push(FacetGroup { label, values });
        }
    };
    group("Nhóm hàng", "category", &answer.facets.category, &|slug| {
        ctx.categories
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.name.clone())
    });
    group(
        "Danh hiệu",
        "programme",
        &answer.facets.programme,
        &|slug| Programme::from_slug(slug).map(|p| p.name(Locale::Vi).to_owned()),
    );
    group("Năm", "year", &answer.facets.year, &|y| Some(y.to_owned()));
    group(
        "Tỉnh, thành",
        "province",
        &answer.facets.province,
        &|slug| match ctx.provinces.by_slug(slug) {
            // Pre-2025 names are counted within their current unit; list only the current ones.
            Some(ProvinceRef::Current(id)) => ctx.provinces.province(id).map(|p| p.name.clone()),
            _ => None,
        },
    );
    groups
}

#[derive(Serialize)]
struct ApiHit {
    slug: String,
    name: String,
    producer: ApiRef,
    category: String,
    category_name: String,
    province: String,
    awards: Vec<crate::search::documents::AwardRef>,
    image: Option<String>,
    highlight: String,
}

#[derive(Serialize)]
struct ApiRef {
    slug: String,
    name: String,
}

#[derive(Serialize)]
struct ApiSearch {
    query: String,
    total: u64,
    page: i64,
    per_page: i64,
    hits: Vec<ApiHit>,
    facets: crate::search::Facets,
    took_ms: u64,
    degraded: bool,
}

/// `/api/v1/search`: the same search as JSON (DESIGN.md section 3).
pub async fn api_search(
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let per_page = match params.per_page.as_deref().filter(|s| !s.is_empty()) {
        None => PER_PAGE,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=API_MAX_PER_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::bad_request(format!("per_page phải từ 1 đến {API_MAX_PER_PAGE}."))
            })?,
    };
    let ctx = state.reference.get(&state.db).await?;
    let request = SearchRequest::parse(params, &ctx, per_page)?;
    let answer = request.run(&state, ctx).await?;
    let body = ApiSearch {
        query: request.q.clone(),
        total: answer.total,
        page: request.query.page.page,
        per_page,
        hits: answer
            .docs
            .iter()
            .map(|d| ApiHit {
                slug: d.slug.clone(),
                name: d.name.clone(),
                producer: ApiRef {
                    slug: d.producer_slug.clone(),
                    name: d.producer_name.clone(),
                },
                category: d.category.clone(),
                category_name: d.category_name.clone(),
                province: d.province_label.clone(),
                awards: d.awards.clone(),
                image: d.image.clone(),
                highlight: highlight_html(&highlight(&d.name, &answer.query)),
            })
            .collect(),
        facets: answer.facets,
        took_ms: u64::try_from(answer.took.as_millis()).unwrap_or(u64::MAX),
        degraded: answer.degraded,
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}

#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    pub q: Option<String>,
}

#[derive(Serialize)]
struct Suggestion {
    kind: &'static str,
    label: String,
    url: String,
}

#[derive(Serialize)]
struct ApiSuggest {
    query: String,
    items: Vec<Suggestion>,
    degraded: bool,
}

/// `/api/v1/suggest?q=…`: up to 8 products, producers and categories for a search box.
pub async fn api_suggest(
    state: web::Data<AppState>,
    params: web::Query<SuggestParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.into_inner().q.unwrap_or_default();
    let analyzed = analyze(&q);
    let mut items = Vec::new();
    let mut degraded = false;
    if analyzed
        .words
        .iter()
        .map(|w| w.chars().count())
        .sum::<usize>()
        >= 2
    {
        let ctx = state.reference.get(&state.db).await?;
        for c in ctx.categories.iter() {
            let name = fold(&c.name);
            if items.len() < 2 && analyzed.words.iter().all(|w| name.contains(w.as_str())) {
                items.push(Suggestion {
                    kind: "category",
                    label: c.name.clone(),
                    url: format!("/danh-muc/{}", c.slug),
                });
            }
        }
        let answer = state
            .search
            .search(
                &state.db,
                ctx,
                &q,
                SearchFilters::default(),
                PageRequest::new(1, 5),
            )
            .await?;
        degraded = answer.degraded;
        for d in answer.docs {
            items.push(Suggestion {
                kind: "product",
                label: d.name,
                url: format!("/san-pham/{}", d.slug),
            });
        }
        let words = analyzed.words.clone();
        let producers = state
            .db
            .run(move |conn| Ok(Producer::suggest(conn, &words, 2)?))
            .await?;
        for p in producers {
            items.push(Suggestion {
                kind: "producer",
                label: p.name,
                url: format!("/nha-san-xuat/{}", p.slug),
            });
        }
        items.truncate(SUGGESTIONS);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(ApiSuggest {
            query: q,
            items,
            degraded,
        }))
}
