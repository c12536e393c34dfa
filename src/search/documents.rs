//! Search documents: what the index knows of a published product, built from the database in
//! batches (a fixed number of queries per batch).

use diesel::QueryResult;
use serde::{Deserialize, Serialize};

use crate::db::DbConnection;
use crate::db::models::award::AwardSummary;
use crate::db::models::{Award, PointOfSale, Producer, Product, ProductImage};
use crate::media;
use crate::reference::{CardContext, ProductExtras};
use crate::text::fold;

/// An award as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardRef {
    pub programme: String,
    pub year: i32,
    pub tier: Option<String>,
    /// The end of validity, when the award has one (badges state it).
    #[serde(default)]
    pub valid_until: Option<chrono::NaiveDate>,
}

/// Bump when the documents change (new fields): a Meilisearch index holding documents of
/// another version is rebuilt at start (the embedded index has its own schema version).
pub const DOC_VERSION: u32 = 4;

/// One published product in the index. Field names are the Meilisearch attribute names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub name_folded: String,
    pub brand: String,
    pub producer_name: String,
    pub producer_slug: String,
    /// Brand and producer, folded.
    pub maker_folded: String,
    /// Category slug (filter).
    pub category: String,
    pub category_name: String,
    pub category_folded: String,
    /// Province slugs, current and as written (filter): "an-giang", "kien-giang".
    pub province: Vec<String>,
    /// How the province is shown: "Kiên Giang (nay thuộc An Giang)".
    pub province_label: String,
    /// Province names, current and as written, folded: "an giang kien giang".
    pub places_folded: String,
    pub description_folded: String,
    pub year: Vec<i32>,
    pub programme: Vec<String>,
    pub tier: Vec<String>,
    pub awards: Vec<AwardRef>,
    pub image: Option<String>,
    /// Barcode (GTIN), digits only; a query of it finds the product.
    #[serde(default)]
    pub gtin: Option<String>,
    /// The barcode and the awards' decision or certificate numbers as [`code_key`] writes
    /// them: a query that is one of them finds the product (exactly, before anything else).
    #[serde(default)]
    pub codes: Vec<String>,
    /// The award summary (see `AwardSummary`), for sorting: best tier's rank, 0 without
    /// awards.
    #[serde(default)]
    pub award_rank: i32,
    /// The most recent award year, 0 without awards.
    #[serde(default)]
    pub award_year: i32,
    /// The latest validity as [`super::date_number`] (99991231 when an award has no end
    /// date), 0 without awards: valid today is `valid_until >= today`.
    #[serde(default)]
    pub valid_until: u32,
    /// When the product was published (Unix seconds), for "most recently published first".
    #[serde(default)]
    pub published: i64,
    /// What breaks ties between equally relevant products, the same on both backends: a
    /// valid award first, then the best tier, then the newest year ([`standing`]). Computed
    /// on the day the document is written; the worker rewrites documents whose award has
    /// expired since (see `SearchService::refresh_expired`).
    #[serde(default)]
    pub standing: u64,
    /// The words of the name, lowercased with their diacritics: a query typed with
    /// diacritics ranks the products whose name has those very words first.
    #[serde(default)]
    pub name_words: Vec<String>,
    /// Slugs of the provinces where the product is sold (its points of sale).
    #[serde(default)]
    pub sold_in: Vec<String>,
    /// [`DOC_VERSION`] of the code that wrote the document.
    #[serde(default)]
    pub doc_version: u32,
    /// Generated for a load test: hits say "Dữ liệu minh họa".
    #[serde(default)]
    pub fictional: bool,
}

/// A barcode or decision number as the index keeps it and as a query is compared with it:
/// folded (lowercase, no diacritics, đ as d) without spaces, so case and spacing never
/// matter: "123/QĐ-UBND", "123 / qđ-ubnd" and "123/qd-ubnd" are the same.
pub fn code_key(text: &str) -> String {
    fold(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The tie-breaking key of a product: valid (1 bit), then its best tier's rank, then its
/// latest award year; higher is better.
pub fn standing(summary: &AwardSummary, today: chrono::NaiveDate) -> u64 {
    let valid = summary.valid_until.is_some_and(|d| d >= today);
    let rank = u64::try_from(summary.rank.clamp(0, 0xFFFF)).unwrap_or(0);
    let year = u64::try_from(summary.year.clamp(0, 0xFFFF)).unwrap_or(0);
    (u64::from(valid) << 32) | (rank << 16) | year
}

/// The words of `name` as `name_words` keeps them: split as queries are (anything not a
/// letter or digit separates), lowercased, diacritics kept.
pub fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Documents of those of `ids` that are published; the others are absent (to delete).
pub fn load(
    conn: &mut DbConnection,
    ctx: &CardContext,
    ids: &[i32],
) -> QueryResult<Vec<SearchDoc>> {
    let products = Product::published_by_ids(conn, ids)?;
    let mut docs = for_products(conn, ctx, &products)?;
    docs.sort_by_key(|d| d.id);
    Ok(docs)
}

/// Documents of `products` (already loaded, published), in their order.
pub fn for_products(
    conn: &mut DbConnection,
    ctx: &CardContext,
    products: &[Product],
) -> QueryResult<Vec<SearchDoc>> {
    let ProductExtras {
        producers,
        mut awards,
        covers,
    } = ProductExtras::load(conn, products)?;
    // Firm-level titles count for every product of the firm.
    let producer_ids: Vec<i32> = producers.keys().copied().collect();
    for award in Award::for_producers(conn, &producer_ids)? {
        if let Some(producer_id) = award.producer_id {
            for p in products.iter().filter(|p| p.producer_id == producer_id) {
                awards.entry(p.id).or_default().push(award.clone());
            }
        }
    }
    let sold_in = PointOfSale::provinces_of_products(conn, products)?;
    let today = crate::clock::today_in_vietnam();
    let mut docs = Vec::with_capacity(products.len());
    for product in products {
        let Some(producer) = producers.get(&product.producer_id) else {
            continue;
        };
        let mut doc = build(
            ctx,
            product,
            producer,
            awards.get(&product.id),
            covers.get(&product.id),
            today,
        );
        let mut places: Vec<String> = sold_in
            .get(&product.id)
            .into_iter()
            .flatten()
            .filter_map(|id| ctx.provinces.province(*id))
            .map(|p| p.slug.clone())
            .collect();
        places.sort();
        places.dedup();
        doc.sold_in = places;
        docs.push(doc);
    }
    Ok(docs)
}

fn build(
    ctx: &CardContext,
    product: &Product,
    producer: &Producer,
    awards: Option<&Vec<Award>>,
    cover: Option<&ProductImage>,
    today: chrono::NaiveDate,
) -> SearchDoc {
    let category = ctx.category(product.category_id);
    let province = producer
        .province_id
        .and_then(|id| ctx.provinces.province(id));
    let alias = producer
        .province_alias_id
        .and_then(|id| ctx.provinces.alias(id));
    let mut province_slugs: Vec<String> = province.map(|p| p.slug.clone()).into_iter().collect();
    let mut places = province.map(|p| p.name.clone()).unwrap_or_default();
    if let Some(alias) = alias {
        province_slugs.push(alias.slug.clone());
        places.push(' ');
        places.push_str(&alias.name);
    }
    let awards_ref: Vec<AwardRef> = awards
        .map(|list| {
            list.iter()
                .map(|a| AwardRef {
                    programme: a.programme.slug().to_owned(),
                    year: a.year,
                    tier: a.tier.clone().filter(|t| !t.is_empty()),
                    valid_until: a.valid_until,
                })
                .collect()
        })
        .unwrap_or_default();
    let summary = awards
        .map(|list| AwardSummary::of(list.iter()))
        .unwrap_or_default();
    let gtin = product
        .gtin
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned);
    let mut codes: Vec<String> = gtin.iter().map(|g| code_key(g)).collect();
    for certificate in awards
        .into_iter()
        .flatten()
        .filter_map(|a| a.certificate_no.as_deref())
    {
        let key = code_key(certificate);
        // "QĐ 4261/QĐ-UBND" is also found as "4261/QĐ-UBND", as people often write it.
        if let Some(bare) = ["qd", "so"].iter().find_map(|p| key.strip_prefix(p))
            && bare.starts_with(|c: char| c.is_ascii_digit())
        {
            codes.push(bare.to_owned());
        }
        if !key.is_empty() {
            codes.push(key);
        }
    }
    codes.sort();
    codes.dedup();
    let awards: Vec<AwardRef> = awards_ref;
    let mut years: Vec<i32> = awards.iter().map(|a| a.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut programmes: Vec<String> = awards.iter().map(|a| a.programme.clone()).collect();
    programmes.sort();
    programmes.dedup();
    let mut tiers: Vec<String> = awards.iter().filter_map(|a| a.tier.clone()).collect();
    tiers.sort();
    tiers.dedup();
    SearchDoc {
        id: product.id,
        slug: product.slug.clone(),
        name: product.name.clone(),
        name_folded: product.name_folded.clone(),
        brand: product.brand.clone(),
        producer_name: producer.name.clone(),
        producer_slug: producer.slug.clone(),
        maker_folded: fold(&format!("{} {}", product.brand, producer.name)),
        category: category.map(|c| c.slug.clone()).unwrap_or_default(),
        category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
        category_folded: category.map(|c| fold(&c.name)).unwrap_or_default(),
        province: province_slugs,
        province_label: ctx.province_label(producer),
        fictional: product.is_demo || producer.is_demo,
        places_folded: fold(&places),
        description_folded: fold(&product.description),
        year: years,
        programme: programmes,
        tier: tiers,
        awards,
        image: cover.map(|c| media::url(&c.content_hash, media::variant_widths(c.width)[0])),
        gtin,
        codes,
        standing: standing(&summary, today),
        name_words: name_words(&product.name),
        sold_in: Vec::new(),
        award_rank: summary.rank,
        award_year: summary.year,
        valid_until: summary.valid_until.map(super::date_number).unwrap_or(0),
        published: product
            .published_at
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0),
        doc_version: DOC_VERSION,
    }
}
