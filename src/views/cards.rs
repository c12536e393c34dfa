//! Product cards: what every list of products shows, built from the reference data.

use diesel::QueryResult;

use super::{AwardBadge, ImageView, ProductCard};
use crate::clock::today_in_vietnam;
use crate::db::DbConnection;
use crate::db::models::Product;
use crate::reference::{CardContext, ProductExtras};

/// Cards for `products`, in the order given: 3 queries whatever the number of products.
pub fn cards(
    conn: &mut DbConnection,
    ctx: &CardContext,
    products: Vec<Product>,
) -> QueryResult<Vec<ProductCard>> {
    let ProductExtras {
        producers,
        awards,
        covers,
    } = ProductExtras::load(conn, &products)?;
    let today = today_in_vietnam();
    Ok(products
        .into_iter()
        .filter_map(|product| {
            let producer = producers.get(&product.producer_id)?;
            let category = ctx.category(product.category_id);
            Some(ProductCard {
                slug: product.slug.clone(),
                name: product.name.clone(),
                producer_name: producer.name.clone(),
                producer_slug: producer.slug.clone(),
                category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
                category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
                province: ctx.province_label(producer),
                awards: awards
                    .get(&product.id)
                    .map(|list| list.iter().map(|a| AwardBadge::new(a, today)).collect())
                    .unwrap_or_default(),
                image: covers
                    .get(&product.id)
                    .map(|img| ImageView::new(img, &product.name)),
            })
        })
        .collect())
}
