//! The catalogue's pages: the filtered product list (`/san-pham`), a category
//! (`/danh-muc/{slug}`) and a product (`/san-pham/{slug}`), with its JSON-LD.

use chrono::NaiveDate;
use serde::Serialize;

use super::filters::{ActiveFilter, CatalogueParams, CatalogueQuery, FilterForm};
use super::pages::{PointOfSaleView, ProducerSummary, truncate};
use super::where_to_buy::{self, SaleViews};
use super::{AwardBadge, ImageView, PageAddress, PageMeta, Pagination, ProductCard, cards};
use crate::db::DbConnection;
use crate::db::models::{Award, Producer, Product, ProductImage};
use crate::error::AppError;
use crate::geo::Position;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;

/// Products related to a product shown on its page.
const RELATED: i64 = 4;
/// Longest page description, in characters.
const DESCRIPTION_CHARS: usize = 180;

/// `/san-pham` and `/danh-muc/{slug}`.
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
    /// False when more products match than the list counts (then `pagination.total` is the
    /// cap and the page says "more than").
    pub total_exact: bool,
    /// Past the pages the list shows, or on the last of them while more match: the page says
    /// how far the list goes and how to go on (narrow the filters, search).
    pub cap_notice: Option<ListCap>,
    /// A category page's schema.org `ItemList` of the products it shows (none on `/san-pham`,
    /// whose filters make endless lists).
    pub json_ld: Option<String>,
}

/// The product as its page shows it.
#[derive(Debug, Serialize)]
pub struct ProductView {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub gtin: Option<String>,
    pub category_name: String,
    pub category_slug: String,
    /// Generated for a load test (or made by a generated producer): "Dữ liệu minh họa".
    pub fictional: bool,
}

/// `/san-pham/{slug}`.
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
    /// Whether the points of sale are nearest first (the visitor's position is known).
    pub near: bool,
    pub related: Vec<ProductCard>,
    /// Upcoming fairs and product weeks where the product can be found (a few at most).
    pub events: Vec<super::events::EventCard>,
    /// A product not yet public, shown to its business or an official: the page says so, is
    /// `noindex` and never cached.
    pub preview: bool,
}

/// The whole catalogue, filtered by `params`.
pub fn list_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    params: CatalogueParams,
    today: NaiveDate,
) -> Result<CataloguePage, AppError> {
    let locale = address.locale;
    let query = CatalogueQuery::parse(params, ctx, None)?;
    let title = locale.t("catalogue-title");
    let meta = address.meta(
        "products",
        title.clone(),
        locale.t("catalogue-meta-description"),
    );
    let list = List {
        heading: title,
        intro: None,
        show_category: true,
    };
    catalogue_page(conn, ctx, address, query, meta, list, today)
}

/// The catalogue narrowed to the category `slug`.
pub fn category_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
    params: CatalogueParams,
    today: NaiveDate,
) -> Result<CataloguePage, AppError> {
    let locale = address.locale;
    let category = ctx.category_by_slug(slug).ok_or_else(AppError::not_found)?;
    let query = CatalogueQuery::parse(params, ctx, Some(category.id))?;
    let name = ctx.category_name(category, locale);
    let description = Msg::new("catalogue-category-description").arg("category", name.as_str());
    let meta = address.meta("products", name.clone(), locale.msg(&description));
    let list = List {
        heading: name,
        intro: Some(category.description.clone()).filter(|d| !d.is_empty()),
        show_category: false,
    };
    catalogue_page(conn, ctx, address, query, meta, list, today)
}

/// What differs between the catalogue and a category page.
struct List {
    heading: String,
    intro: Option<String>,
    /// Whether the category is a filter (false on a category page: the path fixes it).
    show_category: bool,
}

fn catalogue_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    query: CatalogueQuery,
    meta: PageMeta,
    list: List,
    today: NaiveDate,
) -> Result<CataloguePage, AppError> {
    let locale = address.locale;
    let paged = Product::catalogue(conn, &query.filter, query.page)?;
    if paged.items.is_empty() && query.page.page > 1 && !paged.past_cap() {
        return Err(AppError::not_found());
    }
    let last_page = paged.last_page();
    let cap_notice = (paged.past_cap() || (paged.goes_past_cap() && query.page.page == last_page))
        .then(|| ListCap::of(query.page.per_page));
    let total_exact = paged.exact;
    let total = paged.total;
    let path = locale.path(&address.path);
    let products = cards(conn, ctx, locale, today, paged.items)?;
    let json_ld = (!list.show_category).then(|| {
        super::json_for_script(&super::awards::item_list_json_ld(
            address,
            &list.heading,
            total,
            (query.page.page - 1) * query.page.per_page,
            &products,
        ))
    });
    Ok(CataloguePage {
        json_ld,
        meta,
        heading: list.heading,
        intro: list.intro,
        filters: query.form(&path, ctx, locale, list.show_category),
        active_filters: query.active_filters(&path, ctx, locale, list.show_category),
        products,
        pagination: Pagination::new(
            &path,
            &query.pairs(list.show_category),
            query.page.page,
            last_page,
            total,
        ),
        total_exact,
        cap_notice,
        clear_url: path,
    })
}

/// How far a list goes: "the list shows its first 100 pages (2,400 products)".
#[derive(Debug, Serialize)]
pub struct ListCap {
    pub pages: i64,
    pub rows: i64,
}

impl ListCap {
    pub fn of(per_page: i64) -> ListCap {
        let pages = crate::db::models::product::max_page(per_page);
        ListCap {
            pages,
            rows: pages * per_page,
        }
    }
}

/// The published product `slug`.
pub fn product_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
    near: Option<Position>,
    today: NaiveDate,
) -> Result<ProductPage, AppError> {
    let product = Product::published_by_slug(conn, slug)?;
    product_page_of(conn, ctx, address, product, near, today, false)
}

/// Who asks for the preview of a product not yet public: a signed-in user and whether they
/// are an official (or admin).
#[derive(Debug, Clone, Copy)]
pub struct PreviewViewer {
    pub user_id: i32,
    pub is_staff: bool,
}

/// The product `slug` not yet public (a draft, under review, rejected or hidden), for an
/// official or a member of its producer; a 404 for anyone else, exactly like a missing one.
pub fn preview_page(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    slug: &str,
    viewer: PreviewViewer,
    today: NaiveDate,
) -> Result<ProductPage, AppError> {
    let product = Product::by_slug_any_status(conn, slug)?;
    if product.is_published() {
        return Err(AppError::not_found());
    }
    let allowed = viewer.is_staff
        || crate::db::models::membership::Membership::is_active(
            conn,
            viewer.user_id,
            crate::db::models::producer::ProducerId(product.producer_id),
        )?;
    if !allowed {
        return Err(AppError::not_found());
    }
    product_page_of(conn, ctx, address, product, None, today, true)
}

/// The page of `product`, public or (`preview`) not yet.
fn product_page_of(
    conn: &mut DbConnection,
    ctx: &CardContext,
    address: &PageAddress,
    product: Product,
    near: Option<Position>,
    today: NaiveDate,
    preview: bool,
) -> Result<ProductPage, AppError> {
    let locale = address.locale;
    let producer = Producer::by_ids(conn, &[product.producer_id])?
        .pop()
        .ok_or_else(AppError::not_found)?;
    let category = ctx.category(product.category_id);
    let badges = |awards: Vec<Award>| -> Vec<AwardBadge> {
        let mut badges: Vec<AwardBadge> = awards
            .iter()
            .map(|a| AwardBadge::new(a, today, locale))
            .collect();
        AwardBadge::valid_first(&mut badges);
        badges
    };
    let awards = badges(Award::for_products(conn, &[product.id])?);
    let producer_awards = badges(Award::for_producers(conn, &[producer.id])?);
    let photos = ProductImage::for_product(conn, product.id)?;
    let images: Vec<ImageView> = photos
        .iter()
        .map(|i| ImageView::new(i, &product.name))
        .collect();
    let views = SaleViews { ctx, locale };
    let points_of_sale = where_to_buy::for_product(conn, &views, &product, near)?;
    let events = crate::db::models::event::Event::upcoming_for_product(conn, &product, today)?;
    let events = super::events::EventCard::all(ctx, &events, today, locale);
    let related = Product::related(conn, &product, RELATED)?;
    let related = cards(conn, ctx, locale, today, related)?;

    let description = if product.description.is_empty() {
        let msg = Msg::new("product-meta-description")
            .arg("product", product.name.as_str())
            .arg("producer", producer.name.as_str());
        locale.msg(&msg)
    } else {
        product.description.clone()
    };
    let mut meta = address.meta(
        "products",
        product.name.clone(),
        truncate(&description, DESCRIPTION_CHARS),
    );
    meta.og_type = "product";
    meta.og_image = photos
        .first()
        .map(|p| super::OgImage::of(&address.base_url, p, &product.name));
    let json_ld = super::json_for_script(&product_json_ld(
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
                .map(|c| ctx.category_name(c, locale))
                .unwrap_or_default(),
            category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
            fictional: product.is_demo || producer.is_demo,
        },
        producer: ProducerSummary::new(ctx, &producer, locale),
        awards,
        producer_awards,
        images,
        points_of_sale,
        near: near.is_some(),
        related,
        events,
        preview,
    })
}

/// schema.org `Product` for search engines, in the page's language.
fn product_json_ld(
    address: &PageAddress,
    product: &Product,
    producer: &Producer,
    awards: &[AwardBadge],
    images: &[ImageView],
    description: &str,
) -> serde_json::Value {
    let locale = address.locale;
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
        "award": awards.iter().map(|a| award_text(a, locale)).collect::<Vec<_>>(),
        "image": images.iter().map(|i| media_url(address, &i.src)).collect::<Vec<_>>(),
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
fn award_text(a: &AwardBadge, locale: Locale) -> String {
    let msg = match &a.tier_label {
        Some(tier) => Msg::new("product-award-text-tier").arg("tier", tier.as_str()),
        None => Msg::new("product-award-text"),
    };
    let text = locale.msg(
        &msg.arg("programme", a.programme_name.as_str())
            .arg("year", a.year.to_string()),
    );
    // The award's state, as on the badge: search engines must not show an expired title as held.
    format!("{text} ({})", a.status_label)
}

/// The absolute URL of a photo: photos are not pages, their paths have no language.
fn media_url(address: &PageAddress, src: &str) -> String {
    format!("{}{src}", address.base_url)
}
