//! The catalogue's query string moved to [`crate::views::filters`] (page loaders read it);
//! these names stay here for the handlers that import them from this module.

pub use crate::views::filters::{CatalogueParams, CatalogueQuery, PER_PAGE, parse_page};
