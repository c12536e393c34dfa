//! Public catalogue pages: home, product list, product page, category page.

use crate::i18n::Locale;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageAddress;
use super::filters::{CatalogueParams, CatalogueQuery};
use crate::app::AppState;
use crate::clock::today_in_vietnam;
use crate::db::DbConnection;
use crate::db::models::product::CatalogueFilter;
use crate::db::models::{
    Article, Award, Category, FeaturedCollection, PageRequest, PointOfSale, Producer, Product,
    ProductImage, Programme,
};
use crate::error::AppError;
use crate::reference::CardContext;
use crate::views::articles::ArticleCard;
use crate::views::pages::{
    CataloguePage, CategoryLink, CollectionView, HomePage, PointOfSaleView, ProducerSummary,
    ProductPage, ProductView, ProgrammeLink, SiteStats,
};
use crate::views::{self, AwardBadge, ImageView, Pagination};

/// Articles shown on the home page.
const HOME_ARTICLES: i64 = 3;

/// `/`: featured collections, the latest award year, categories.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| {
            let now = chrono::Utc::now().naive_utc();
            let mut collections = Vec::new();
            for (collection, ids) in FeaturedCollection::active_with_items(conn, now)? {
                let products = in_order(Product::published_by_ids(conn, &ids)?, &ids);
                collections.push(CollectionView {
                    title: collection.title,
                    description: collection.description,
                    products: views::cards(conn, &ctx, products)?,
                });
            }
            let latest_year = Award::latest_year(conn)?;
            let (latest_winners, latest_programmes) = match latest_year {
                Some(year) => latest_winners(conn, &ctx, year)?,
                None => (Vec::new(), Vec::new()),
            };
            let counts = Category::published_counts(conn)?;
            let categories = ctx
                .categories
                .iter()
                .map(|c| CategoryLink {
                    slug: c.slug.clone(),
                    name: c.name.clone(),
                    count: counts
                        .iter()
                        .find(|(id, _)| *id == c.id)
                        .map_or(0, |(_, n)| *n),
                })
                .collect();
            Ok(HomePage {
                meta: address.meta(
                    "home",
                    "Hàng Việt Nam được người tiêu dùng yêu thích",
                    "Tra cứu sản phẩm Hàng Việt Nam được người tiêu dùng yêu thích, OCOP, \
                     Hàng Việt Nam chất lượng cao và Thương hiệu quốc gia: nhà sản xuất, \
                     giải thưởng và nơi bán.",
                ),
                collections,
                latest_year,
                latest_programmes,
                latest_winners,
                categories,
                stats: SiteStats {
                    products: Product::count_published(conn)?,
                    producers: Producer::count_with_products(conn)?,
                    categories: ctx.categories.len(),
                },
                latest_articles: Article::latest(conn, now, HOME_ARTICLES)?
                    .iter()
                    .map(ArticleCard::new)
                    .collect(),
            })
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "home.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

/// Up to 12 winners of the latest year, best programmes first, and links to that year's lists.
fn latest_winners(
    conn: &mut DbConnection,
    ctx: &CardContext,
    year: i32,
) -> Result<(Vec<views::ProductCard>, Vec<ProgrammeLink>), AppError> {
    let mut winners = Vec::new();
    let mut links = Vec::new();
    for programme in Programme::ALL {
        let paged = Award::winners(conn, programme, year, PageRequest::new(1, 12))?;
        if paged.total == 0 {
            continue;
        }
        links.push(ProgrammeLink {
            slug: programme.slug(),
            name: programme.name(Locale::Vi),
            url: format!("/giai-thuong/{}/{year}", programme.slug()),
        });
        winners.extend(paged.items.into_iter().map(|(_, product)| product));
    }
    let mut seen = std::collections::HashSet::new();
    winners.retain(|p| seen.insert(p.id));
    winners.truncate(12);
    Ok((views::cards(conn, ctx, winners)?, links))
}

/// Puts `products` in the order of `ids` (database `IN` lists come back in any order).
fn in_order(mut products: Vec<Product>, ids: &[i32]) -> Vec<Product> {
    products.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    products
}

/// `/san-pham`: the filtered, paginated catalogue.
pub async fn list_products(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| {
            let query = CatalogueQuery::parse(params, &ctx, None)?;
            let meta = address.meta(
                "products",
                "Sản phẩm đạt danh hiệu",
                "Danh mục sản phẩm Việt đạt danh hiệu, lọc theo nhóm hàng, tỉnh thành, năm và chương trình.",
            );
            catalogue_page(conn, &ctx, &address.path, query, meta, "Sản phẩm đạt danh hiệu", None, true)
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "catalogue/list.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

/// `/danh-muc/{slug}`: the catalogue narrowed to one category.
pub async fn show_category(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    params: web::Query<CatalogueParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let params = params.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| {
            let category = ctx
                .categories
                .iter()
                .find(|c| c.slug == slug)
                .cloned()
                .ok_or_else(AppError::not_found)?;
            let query = CatalogueQuery::parse(params, &ctx, Some(category.id))?;
            let meta = address.meta(
                "products",
                category.name.clone(),
                format!("Sản phẩm Việt đạt danh hiệu trong nhóm {}.", category.name),
            );
            let intro = Some(category.description.clone()).filter(|d| !d.is_empty());
            catalogue_page(
                conn,
                &ctx,
                &address.path,
                query,
                meta,
                &category.name,
                intro,
                false,
            )
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "catalogue/list.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

#[expect(clippy::too_many_arguments)]
fn catalogue_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    path: &str,
    query: CatalogueQuery,
    meta: views::PageMeta,
    heading: &str,
    intro: Option<String>,
    show_category: bool,
) -> Result<CataloguePage, AppError> {
    let paged = Product::catalogue(conn, &query.filter, query.page)?;
    if paged.items.is_empty() && query.page.page > 1 {
        return Err(AppError::not_found());
    }
    let last_page = paged.last_page();
    let total = paged.total;
    Ok(CataloguePage {
        meta,
        heading: heading.to_owned(),
        intro,
        filters: query.form(path, ctx, &ctx.award_years, show_category),
        active_filters: query.active_filters(path, ctx, show_category),
        clear_url: path.to_owned(),
        products: views::cards(conn, ctx, paged.items)?,
        pagination: Pagination::new(
            path,
            &query.pairs(show_category),
            query.page.page,
            last_page,
            total,
        ),
    })
}

/// `/san-pham/{slug}`: one published product.
pub async fn show_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let slug = slug.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| product_page(conn, &ctx, &address, &slug))
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "catalogue/product.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

fn product_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
) -> Result<ProductPage, AppError> {
    let product = Product::published_by_slug(conn, slug)?;
    let producer = Producer::by_ids(conn, &[product.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let category = ctx.category(product.category_id).cloned();
    let today = today_in_vietnam();
    let awards: Vec<AwardBadge> = Award::for_products(conn, &[product.id])?
        .iter()
        .map(|a| AwardBadge::new(a, today))
        .collect();
    let producer_awards: Vec<AwardBadge> = Award::for_producers(conn, &[producer.id])?
        .iter()
        .map(|a| AwardBadge::new(a, today))
        .collect();
    let images: Vec<ImageView> = ProductImage::for_product(conn, product.id)?
        .iter()
        .map(|i| ImageView::new(i, &product.name))
        .collect();
    let points_of_sale = PointOfSale::for_product(conn, &product)?
        .into_iter()
        .map(|p| PointOfSaleView {
            for_this_product: p.product_id.is_some(),
            name: p.name,
            address: p.address,
            phone: p.phone,
            opening_hours: p.opening_hours,
        })
        .collect();
    let related = Product::related(conn, &product, 4)?;
    let related = views::cards(conn, ctx, related)?;

    let description = if product.description.is_empty() {
        format!("{} của {}", product.name, producer.name)
    } else {
        product.description.clone()
    };
    let mut meta = address.meta(
        "products",
        product.name.clone(),
        truncate(&description, 180),
    );
    meta.og_type = "product";
    meta.og_image = images.first().map(|i| address.absolute(&i.src));
    let json_ld = views::json_for_script(&product_json_ld(
        address,
        &product,
        &producer,
        &awards,
        &images,
        &description,
    ));
    Ok(ProductPage {
        meta,
        json_ld,
        product: ProductView {
            slug: product.slug.clone(),
            name: product.name.clone(),
            brand: product.brand.clone(),
            description: product.description.clone(),
            gtin: product.gtin.clone(),
            category_name: category
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            category_slug: category.map(|c| c.slug).unwrap_or_default(),
        },
        producer: producer_summary(ctx, &producer),
        awards,
        producer_awards,
        images,
        points_of_sale,
        related,
    })
}

/// schema.org `Product` for search engines.
fn product_json_ld(
    address: &PageAddress,
    product: &Product,
    producer: &Producer,
    awards: &[AwardBadge],
    images: &[ImageView],
    description: &str,
) -> serde_json::Value {
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": description,
        "url": address.absolute(&format!("/san-pham/{}", product.slug)),
        "manufacturer": {
            "@type": "Organization",
            "name": producer.name,
            "url": address.absolute(&format!("/nha-san-xuat/{}", producer.slug)),
        },
        "award": awards.iter().map(award_text).collect::<Vec<_>>(),
        "image": images.iter().map(|i| address.absolute(&i.src)).collect::<Vec<_>>(),
    });
    if !product.brand.is_empty() {
        ld["brand"] = serde_json::json!({"@type": "Brand", "name": product.brand});
    }
    if let Some(gtin) = &product.gtin {
        ld["gtin"] = serde_json::Value::String(gtin.clone());
    }
    ld
}

/// "Sản phẩm OCOP 5 sao 2022".
pub fn award_text(a: &AwardBadge) -> String {
    match &a.tier_label {
        Some(tier) => format!("{} {tier} {}", a.programme_name, a.year),
        None => format!("{} {}", a.programme_name, a.year),
    }
}

pub fn producer_summary(ctx: &CardContext, producer: &Producer) -> ProducerSummary {
    ProducerSummary {
        slug: producer.slug.clone(),
        name: producer.name.clone(),
        legal_name: producer.legal_name.clone(),
        province: ctx.province_label(producer),
        address: producer.address.clone(),
        verified: producer.verified,
        website: crate::views::web_link(&producer.website),
        phone: producer.phone.clone(),
        email: producer.email.clone(),
    }
}

/// Cuts `text` to at most `max` characters at a word boundary, adding "…".
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Shared by producer pages: the catalogue filter of one producer's products.
pub fn producer_filter(producer_id: i32) -> CatalogueFilter {
    CatalogueFilter {
        producer_id: Some(producer_id),
        ..CatalogueFilter::default()
    }
}
