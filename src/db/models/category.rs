//! Product groups; officials can edit them.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::categories;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = categories)]
pub struct Category {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sort_order: i32,
}

impl Category {
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Category>> {
        categories::table
            .order((categories::sort_order, categories::name))
            .select(Category::as_select())
            .load(conn)
    }

    pub fn by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Category> {
        categories::table
            .filter(categories::slug.eq(slug))
            .select(Category::as_select())
            .first(conn)
    }

    /// Published products per category id (kept by the database: a read of a few rows).
    pub fn published_counts(conn: &mut DbConnection) -> QueryResult<Vec<(i32, i64)>> {
        super::catalogue_counts::per_category(conn)
    }
}
