//! The search page (`/tim-kiem`): the checked request, and the page built from a
//! [`SearchAnswer`]. The JSON answers of the same search are in [`super::search_api`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::FilterOption;
use super::filters::{
    ActiveFilter, CatalogueParams, CatalogueQuery, parse_page, sort_options, with_query,
};
use super::pages::CategoryLink;
use super::{AwardBadge, PageAddress, PageMeta, Pagination};
use crate::db::Db;
use crate::db::models::Programme;
use crate::db::models::province::ProvinceRef;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::search::documents::SearchDoc;
use crate::search::query::{Segment, highlight};
use crate::search::{Facets, SearchAnswer, SearchFilters, SearchService};

/// Results per page of `/tim-kiem` (and the API's default).
pub const PER_PAGE: i64 = 20;
/// Most results per page the API gives.
pub const API_MAX_PER_PAGE: i64 = 50;
/// The search page's path.
const SEARCH_PATH: &str = "/tim-kiem";

/// The query string of a search.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words searched for, with or without diacritics (`nuoc mam`), or a barcode. Empty:
    /// every published product.
    pub q: Option<String>,
    /// Hits per page, from 1 to 50 (20 by default).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 50)]
    pub per_page: Option<String>,
    /// Only products sold in this province (a current unit's slug): the "bán tại" facet.
    pub sold_in: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    pub filters: CatalogueParams,
}

/// A checked search: query text, filters, page.
pub struct SearchRequest {
    pub q: String,
    pub query: CatalogueQuery,
    filters: SearchFilters,
}

impl SearchRequest {
    pub fn parse(
        params: SearchParams,
        ctx: &CardContext,
        per_page: i64,
    ) -> Result<SearchRequest, AppError> {
        let q = params.q.unwrap_or_default();
        let sold_in = match params
            .sold_in
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(slug) => match ctx.provinces.by_slug(slug) {
                Some(ProvinceRef::Current(_)) => Some(slug.to_owned()),
                _ => {
                    return Err(AppError::bad_request(
                        Msg::new("filter-error-province").arg("value", slug),
                    ));
                }
            },
            None => None,
        };
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
            valid_on: query.filter.valid_on,
            sold_in,
            // No sort asked: by relevance.
            sort: present(&p.sort).map(|_| query.filter.sort),
        };
        Ok(SearchRequest { q, query, filters })
    }

    /// Runs the search (on the database when the search backend cannot answer).
    pub async fn run(
        &self,
        search: &SearchService,
        db: &Db,
        ctx: Arc<CardContext>,
    ) -> Result<SearchAnswer, AppError> {
        search
            .search(db, ctx, &self.q, self.filters.clone(), self.query.page)
            .await
    }

    /// The `/api/v1/search` address of page `n` of this search (its page size included).
    pub fn api_page_url(&self, n: i64) -> String {
        let mut pairs = self.pairs();
        if self.query.page.per_page != PER_PAGE {
            pairs.push(("per_page", self.query.page.per_page.to_string()));
        }
        pairs.push(("page", n.to_string()));
        with_query("/api/v1/search", &pairs)
    }

    /// Query pairs of this search, without `page`.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("q", self.q.clone())];
        pairs.extend(self.query.pairs(true));
        if let Some(slug) = &self.filters.sold_in {
            pairs.push(("sold_in", slug.clone()));
        }
        pairs
    }

    /// The "còn hiệu lực" box and the sort drop-down (relevance first), carrying the other
    /// filters along as hidden fields.
    fn refine(&self, locale: Locale) -> SearchRefine {
        let mut sorts = vec![FilterOption {
            value: String::new(),
            label: locale.t("search-sort-relevance"),
            selected: self.filters.sort.is_none(),
        }];
        let chosen = self.query.params.sort.as_deref().map(str::trim);
        sorts.extend(sort_options(
            if self.filters.sort.is_some() {
                chosen.unwrap_or_default()
            } else {
                ""
            },
            locale,
        ));
        SearchRefine {
            hidden: self
                .pairs()
                .into_iter()
                .filter(|(k, _)| !matches!(*k, "valid" | "sort"))
                .map(|(k, v)| FilterOption {
                    value: v,
                    label: k.to_owned(),
                    selected: false,
                })
                .collect(),
            valid: self.filters.valid_on.is_some(),
            sorts,
        }
    }
}

/// The search page's own small form: the filters in force as hidden fields (`label` is the
/// field's name), the "còn hiệu lực" box and the sort.
#[derive(Debug, Serialize)]
pub struct SearchRefine {
    pub hidden: Vec<FilterOption>,
    pub valid: bool,
    pub sorts: Vec<FilterOption>,
}

/// A search result as shown on `/tim-kiem`.
#[derive(Debug, Serialize)]
pub struct SearchHitView {
    pub slug: String,
    pub url: String,
    /// The name in pieces, matched words marked.
    pub name: Vec<Segment>,
    pub producer_name: String,
    pub producer_slug: String,
    pub producer_url: String,
    pub category_name: String,
    /// The category's slug: without a photo, the hit shows its illustration.
    pub category: String,
    pub province: String,
    pub awards: Vec<AwardBadge>,
    pub image: Option<String>,
    /// Generated for a load test: the hit says "Dữ liệu minh họa".
    pub fictional: bool,
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
    pub label: String,
    pub values: Vec<FacetValue>,
}

/// `/tim-kiem`.
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
    pub refine: SearchRefine,
    /// The province the query names, offered as a filter ("Lọc theo Thái Nguyên?").
    pub place_filter: Option<PlaceFilter>,
}

/// The chips of the filters in force; each drops one filter and keeps the words searched for
/// and the others.
fn active_filters(
    request: &SearchRequest,
    ctx: &CardContext,
    path: &str,
    locale: Locale,
) -> Vec<ActiveFilter> {
    let sold_in = request.filters.sold_in.as_ref();
    let with_sold_in = |url: &str| match sold_in {
        Some(slug) => {
            let pair = serde_urlencoded::to_string([("sold_in", slug)]).unwrap_or_default();
            let joiner = if url.contains('?') { '&' } else { '?' };
            format!("{url}{joiner}{pair}")
        }
        None => url.to_owned(),
    };
    let mut chips: Vec<ActiveFilter> = request
        .query
        .active_filters(path, ctx, locale, true)
        .into_iter()
        .map(|mut f| {
            f.remove_url = keep_query(&with_sold_in(&f.remove_url), &request.q);
            f
        })
        .collect();
    if let Some(Some(ProvinceRef::Current(id))) = sold_in.map(|s| ctx.provinces.by_slug(s)) {
        chips.push(ActiveFilter {
            label: locale.msg(
                &Msg::new("search-filter-sold-in").arg("place", ctx.province_name_of(id, locale)),
            ),
            remove_url: keep_query(&with_query(path, &request.query.pairs(true)), &request.q),
        });
    }
    chips
}

/// A province named in the query, as a link that filters by it and searches the other words.
#[derive(Debug, Serialize)]
pub struct PlaceFilter {
    pub name: String,
    pub url: String,
}

/// The link of [`PlaceFilter`]: the other words of the query, the province as a filter and
/// the filters in force.
fn place_filter(
    request: &SearchRequest,
    answer: &SearchAnswer,
    ctx: &CardContext,
    path: &str,
    locale: Locale,
) -> Option<PlaceFilter> {
    let hint = answer.place.as_ref()?;
    let name = match ctx.provinces.by_slug(&hint.slug)? {
        ProvinceRef::Current(id) => ctx.province_name_of(id, locale),
        ProvinceRef::Legacy { alias_id, .. } => ctx.provinces.alias(alias_id)?.name.clone(),
    };
    let mut pairs = vec![("q", hint.rest.clone()), ("province", hint.slug.clone())];
    pairs.extend(
        request
            .query
            .pairs(true)
            .into_iter()
            .filter(|(k, _)| *k != "province"),
    );
    let query = serde_urlencoded::to_string(&pairs).ok()?;
    Some(PlaceFilter {
        name,
        url: format!("{path}?{query}"),
    })
}

/// The results page of `request`, answered by `answer`. A page past the last is a 404.
pub fn results_page(
    request: &SearchRequest,
    answer: &SearchAnswer,
    ctx: &CardContext,
    address: &PageAddress,
    today: NaiveDate,
) -> Result<SearchPage, AppError> {
    let locale = address.locale;
    let total = i64::try_from(answer.total).unwrap_or(i64::MAX);
    let last_page = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    if answer.docs.is_empty() && request.query.page.page > 1 {
        return Err(AppError::not_found());
    }
    let pairs = request.pairs();
    let q = request.q.trim();
    let title = if q.is_empty() {
        locale.t("search-heading")
    } else {
        locale.msg(&Msg::new("search-results-for").arg("q", q))
    };
    let mut meta = address.meta("", title, locale.t("search-meta-description"));
    meta.canonical = address.absolute(SEARCH_PATH);
    let path = locale.path(SEARCH_PATH);
    Ok(SearchPage {
        meta,
        q: request.q.clone(),
        total: answer.total,
        hits: answer
            .docs
            .iter()
            .map(|d| hit(d, answer, ctx, locale, today))
            .collect(),
        facets: facet_groups(&answer.facets, ctx, &path, &pairs, locale),
        active_filters: active_filters(request, ctx, &path, locale),
        clear_url: keep_query(&path, &request.q),
        pagination: Pagination::new(&path, &pairs, request.query.page.page, last_page, total),
        degraded: answer.degraded,
        categories: ctx
            .categories
            .iter()
            .map(|c| CategoryLink {
                slug: c.slug.clone(),
                name: ctx.category_name(c, locale),
                count: 0,
            })
            .collect(),
        refine: request.refine(locale),
        place_filter: place_filter(request, answer, ctx, &path, locale),
    })
}

/// A document's province in `locale` (as the index has it if the province is gone); `None`
/// when the producer's province is not yet known.
pub(super) fn province(ctx: &CardContext, d: &SearchDoc, locale: Locale) -> Option<String> {
    ctx.province_label_of_slugs(&d.province, locale)
        .or_else(|| Some(d.province_label.clone()).filter(|l| !l.is_empty()))
}

/// A search document as a result on the page.
fn hit(
    d: &SearchDoc,
    answer: &SearchAnswer,
    ctx: &CardContext,
    locale: Locale,
    today: NaiveDate,
) -> SearchHitView {
    let mut awards: Vec<AwardBadge> = d
        .awards
        .iter()
        .map(|a| {
            AwardBadge::from_parts(
                &a.programme,
                a.year,
                a.tier.as_deref(),
                a.valid_until,
                today,
                locale,
            )
        })
        .collect();
    AwardBadge::valid_first(&mut awards);
    SearchHitView {
        slug: d.slug.clone(),
        url: locale.path(&format!("/san-pham/{}", d.slug)),
        name: highlight(&d.name, &answer.query),
        producer_name: d.producer_name.clone(),
        producer_slug: d.producer_slug.clone(),
        producer_url: locale.path(&format!("/nha-san-xuat/{}", d.producer_slug)),
        category_name: category_name(ctx, d, locale),
        category: d.category.clone(),
        province: crate::reference::or_unknown_province(province(ctx, d, locale), locale),
        awards,
        image: d.image.clone(),
        fictional: d.fictional,
    }
}

/// A document's category in `locale` (as the index has it if the category is gone).
pub(super) fn category_name(ctx: &CardContext, d: &SearchDoc, locale: Locale) -> String {
    ctx.category_by_slug(&d.category)
        .map_or_else(|| d.category_name.clone(), |c| ctx.category_name(c, locale))
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

/// Facet groups with labels, counts and links (to `path`, the search page in the page's
/// language) that add the value to the search.
fn facet_groups(
    facets: &Facets,
    ctx: &CardContext,
    path: &str,
    pairs: &[(&'static str, String)],
    locale: Locale,
) -> Vec<FacetGroup> {
    let link = |key: &'static str, value: &str| {
        let mut p: Vec<(&str, String)> = pairs.iter().filter(|(k, _)| *k != key).cloned().collect();
        p.push((key, value.to_owned()));
        with_query(path, &p)
    };
    let selected = |key: &str, value: &str| pairs.iter().any(|(k, v)| *k == key && v == value);
    let mut groups = Vec::new();
    let mut group = |label: &str,
                     key: &'static str,
                     counts: &BTreeMap<String, u64>,
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
            groups.push(FacetGroup {
                label: locale.t(label),
                values,
            });
        }
    };
    group(
        "search-facet-category",
        "category",
        &facets.category,
        &|slug| {
            ctx.category_by_slug(slug)
                .map(|c| ctx.category_name(c, locale))
        },
    );
    group(
        "search-facet-programme",
        "programme",
        &facets.programme,
        &|slug| Programme::from_slug(slug).map(|p| p.name(locale)),
    );
    group("search-facet-year", "year", &facets.year, &|y| {
        Some(y.to_owned())
    });
    group(
        "search-facet-province",
        "province",
        &facets.province,
        &|slug| match ctx.provinces.by_slug(slug) {
            // Pre-2025 names are counted within their current unit; list only the current ones.
            Some(ProvinceRef::Current(id)) => Some(ctx.province_name_of(id, locale)),
            _ => None,
        },
    );
    group(
        "search-facet-sold-in",
        "sold_in",
        &facets.sold_in,
        &|slug| match ctx.provinces.by_slug(slug) {
            Some(ProvinceRef::Current(id)) => Some(ctx.province_name_of(id, locale)),
            _ => None,
        },
    );
    groups
}
