//! One module per table: the row structs, their `New…` insert structs and the queries that
//! concern that table, as associated functions (`Product::by_slug`, `Award::for_products`).

pub mod article;
pub mod audit;
pub mod award;
pub mod award_import;
pub mod award_list;
pub mod category;
pub mod featured;
pub mod feed;
pub mod login_address;
pub mod membership;
pub mod moderation;
pub mod point_of_sale;
pub mod producer;
pub mod product;
pub mod product_image;
pub mod province;
pub mod rate_limit;
pub mod report;
pub mod search_outbox;
pub mod session;
pub mod slug;
pub mod user;

pub use article::{Article, ArticleSummary, Topic};
pub use award::{Award, NewAward, Programme};
pub use category::Category;
pub use featured::FeaturedCollection;
pub use point_of_sale::{NewPointOfSale, PointOfSale};
pub use producer::{NewProducer, Producer};
pub use product::{NewProduct, Product, ProductStatus};
pub use product_image::{NewProductImage, ProductImage};
pub use province::{Province, ProvinceAlias, ProvinceIndex};

/// Page size and number of a paginated list, always bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub fn new(page: i64, per_page: i64) -> Self {
        PageRequest {
            page: page.max(1),
            per_page: per_page.clamp(1, 200),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// One page of rows with the total they were cut from.
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: PageRequest,
}

impl<T> Paged<T> {
    pub fn last_page(&self) -> i64 {
        ((self.total + self.page.per_page - 1) / self.page.per_page).max(1)
    }
}
