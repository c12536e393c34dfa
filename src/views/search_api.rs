//! The JSON answers of search: `/api/v1/search` (DESIGN.md section 3) and the as-you-type
//! suggestions of `/api/v1/suggest`. Names and links are in the request's language.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::search::{SearchRequest, category_name, province};
use crate::db::Db;
use crate::db::models::{PageRequest, Producer, Validity};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::reference::CardContext;
use crate::search::documents::AwardRef;
use crate::search::query::{analyze, highlight, highlight_html};
use crate::search::{Facets, SearchAnswer, SearchFilters, SearchService};
use crate::text::fold;

/// Most suggestions.
const SUGGESTIONS: usize = 8;

#[derive(Serialize, ToSchema)]
struct ApiHit {
    slug: String,
    name: String,
    producer: ApiRef,
    category: String,
    category_name: String,
    /// `null` while the producer's province is not yet known.
    province: Option<String>,
    awards: Vec<ApiAward>,
    image: Option<String>,
    highlight: String,
    /// Generated for a load test, not a real record.
    fictional: bool,
    /// "Dữ liệu minh họa" in the request's language, present only when `fictional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<String>,
}

/// An award of a hit: programme, year and tier (DESIGN.md section 3), with its end of
/// validity and whether it still holds.
#[derive(Serialize, ToSchema)]
struct ApiAward {
    #[schema(schema_with = super::api_schema::programme_schema)]
    programme: String,
    year: i32,
    tier: Option<String>,
    valid_until: Option<NaiveDate>,
    /// `valid`, `expired` or `no_end_date`, judged on the day of the request.
    #[schema(schema_with = super::api_schema::validity_schema)]
    status: &'static str,
}

impl ApiAward {
    fn new(a: &AwardRef, today: NaiveDate) -> ApiAward {
        ApiAward {
            programme: a.programme.clone(),
            year: a.year,
            tier: a.tier.clone(),
            valid_until: a.valid_until,
            status: Validity::of(a.valid_until, today).as_str(),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct ApiRef {
    slug: String,
    name: String,
}

/// The answer of `/api/v1/search`: one page of hits, with the counts of every filter value.
#[derive(Serialize, ToSchema)]
pub struct ApiSearch {
    query: String,
    total: u64,
    page: i64,
    per_page: i64,
    /// The last page that holds hits (1 when there are none).
    last_page: i64,
    /// Absolute API URL of the next page, if any.
    next: Option<String>,
    hits: Vec<ApiHit>,
    /// Counts of the matching products by filter value.
    #[schema(value_type = FacetCounts)]
    facets: Facets,
    took_ms: u64,
    /// True when the search service could not answer and the database did, by name only.
    degraded: bool,
}

/// Counts of the matching products per value of each filter (the value's slug, or the year,
/// as key). The shape of `crate::search::Facets`, as the document shows it.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "only describes the shape of `Facets` in the API document"
)]
struct FacetCounts {
    category: BTreeMap<String, u64>,
    province: BTreeMap<String, u64>,
    year: BTreeMap<String, u64>,
    programme: BTreeMap<String, u64>,
    tier: BTreeMap<String, u64>,
    /// Provinces where the products are sold.
    sold_in: BTreeMap<String, u64>,
}

impl ApiSearch {
    /// `request`'s answer as JSON, names in `locale`; `base_url` makes the next page's
    /// address absolute.
    pub fn new(
        request: &SearchRequest,
        answer: SearchAnswer,
        ctx: &CardContext,
        locale: Locale,
        today: NaiveDate,
        base_url: &str,
    ) -> ApiSearch {
        let page = request.query.page;
        let total = i64::try_from(answer.total).unwrap_or(i64::MAX);
        let per_page = page.per_page.max(1);
        let last_page = ((total + per_page - 1) / per_page).max(1);
        ApiSearch {
            query: request.q.clone(),
            total: answer.total,
            page: page.page,
            per_page: page.per_page,
            last_page,
            next: (page.page < last_page)
                .then(|| format!("{base_url}{}", request.api_page_url(page.page + 1))),
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
                    category_name: category_name(ctx, d, locale),
                    province: province(ctx, d, locale),
                    awards: d.awards.iter().map(|a| ApiAward::new(a, today)).collect(),
                    image: d.image.clone(),
                    highlight: highlight_html(&highlight(&d.name, &answer.query)),
                    fictional: d.fictional,
                    notice: super::open_data::fictional_notice(d.fictional, locale),
                })
                .collect(),
            took_ms: u64::try_from(answer.took.as_millis()).unwrap_or(u64::MAX),
            degraded: answer.degraded,
            facets: answer.facets,
        }
    }
}

/// A suggestion: a category, product or producer whose page `url` opens.
#[derive(Serialize, ToSchema)]
struct Suggestion {
    #[schema(schema_with = super::api_schema::suggestion_kind_schema)]
    kind: &'static str,
    /// The name, in the request's language.
    label: String,
    /// The site path of its page, in the request's language.
    url: String,
}

/// The answer of `/api/v1/suggest`: at most 8 items, not paged (a search box shows them
/// all; `/api/v1/search` pages through every match).
#[derive(Serialize, ToSchema)]
pub struct ApiSuggest {
    query: String,
    #[schema(max_items = 8)]
    items: Vec<Suggestion>,
    degraded: bool,
}

/// Up to 8 categories, products and producers for a search box that holds `q`; nothing
/// until `q` has two letters.
pub async fn suggestions(
    search: &SearchService,
    db: &Db,
    ctx: Arc<CardContext>,
    q: String,
    locale: Locale,
) -> Result<ApiSuggest, AppError> {
    let analyzed = analyze(&q);
    let mut items = Vec::new();
    let mut degraded = false;
    let letters: usize = analyzed.words.iter().map(|w| w.chars().count()).sum();
    if letters >= 2 {
        for c in &ctx.categories {
            let name = fold(&c.name);
            if items.len() < 2 && analyzed.words.iter().all(|w| name.contains(w.as_str())) {
                items.push(Suggestion {
                    kind: "category",
                    label: ctx.category_name(c, locale),
                    url: locale.path(&format!("/danh-muc/{}", c.slug)),
                });
            }
        }
        let answer = search
            .search(
                db,
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
                url: locale.path(&format!("/san-pham/{}", d.slug)),
                label: d.name,
            });
        }
        let words = analyzed.words.clone();
        let producers = db
            .run(move |conn| Ok(Producer::suggest(conn, &words, 2)?))
            .await?;
        for p in producers {
            items.push(Suggestion {
                kind: "producer",
                url: locale.path(&format!("/nha-san-xuat/{}", p.slug)),
                label: p.name,
            });
        }
        items.truncate(SUGGESTIONS);
    }
    Ok(ApiSuggest {
        query: q,
        items,
        degraded,
    })
}
