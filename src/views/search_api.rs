//! The JSON answers of search: `/api/v1/search` (DESIGN.md section 3) and the as-you-type
//! suggestions of `/api/v1/suggest`. Names and links are in the request's language.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

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

#[derive(Serialize)]
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
#[derive(Serialize)]
struct ApiAward {
    programme: String,
    year: i32,
    tier: Option<String>,
    valid_until: Option<NaiveDate>,
    /// `valid`, `expired` or `no_end_date`, judged on the day of the request.
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

#[derive(Serialize)]
struct ApiRef {
    slug: String,
    name: String,
}

/// The answer of `/api/v1/search` (DESIGN.md section 3).
#[derive(Serialize)]
pub struct ApiSearch {
    query: String,
    total: u64,
    page: i64,
    per_page: i64,
    hits: Vec<ApiHit>,
    facets: Facets,
    took_ms: u64,
    degraded: bool,
}

impl ApiSearch {
    /// `request`'s answer as JSON, names in `locale`.
    pub fn new(
        request: &SearchRequest,
        answer: SearchAnswer,
        ctx: &CardContext,
        locale: Locale,
        today: NaiveDate,
    ) -> ApiSearch {
        ApiSearch {
            query: request.q.clone(),
            total: answer.total,
            page: request.query.page.page,
            per_page: request.query.page.per_page,
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

#[derive(Serialize)]
struct Suggestion {
    kind: &'static str,
    label: String,
    url: String,
}

/// The answer of `/api/v1/suggest`.
#[derive(Serialize)]
pub struct ApiSuggest {
    query: String,
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
