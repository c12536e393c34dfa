//! One module per table: the row structs, their `New…` insert structs and the queries that
//! concern that table, as associated functions (`Product::by_slug`, `Award::for_products`).

pub mod article;
pub mod audit;
pub mod award;
pub mod award_import;
pub mod award_keys;
pub mod award_list;
pub mod bulk;
pub mod buyers_list;
pub mod catalogue_counts;
pub mod category;
pub mod email_token;
pub mod event;
pub mod event_participant;
pub mod featured;
pub mod feed;
pub mod login_address;
pub mod mail_outbox;
pub mod membership;
pub mod moderation;
pub mod point_of_sale;
pub mod point_of_sale_edits;
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
pub mod vote_ballot;
pub mod vote_campaign;
pub mod vote_nomination;
pub mod vote_objection;
pub mod vote_paper;
pub mod winners;

pub use article::{Article, ArticleSummary, Topic};
pub use award::{Award, NewAward, Programme, Validity};
pub use category::Category;
pub use featured::FeaturedCollection;
pub use point_of_sale::{
    ListedPointOfSale, NewPointOfSale, PointOfSale, PointOfSaleProduct, SaleKind,
};
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

#[cfg(test)]
mod tests {
    use super::ProductStatus;
    use super::audit::AuditAction;
    use super::membership::MembershipStatus;
    use super::report::ReportStatus;
    use super::user::Role;
    use crate::i18n::Locale;

    /// A label missing from the catalogue comes out as its key.
    fn assert_labelled(label: String, key_prefix: &str, value: &str) {
        assert!(
            !label.starts_with(key_prefix),
            "{value}: no {key_prefix}… message"
        );
    }

    #[test]
    fn every_stored_value_has_a_label_in_both_languages() {
        for locale in Locale::ALL {
            for s in ProductStatus::ALL {
                assert_labelled(s.label(locale), "product-status-", s.as_str());
            }
            for r in Role::ALL {
                assert_labelled(r.label(locale), "role-", r.as_str());
            }
            for m in MembershipStatus::ALL {
                assert_labelled(m.label(locale), "membership-status-", m.as_str());
            }
            for r in ReportStatus::ALL {
                assert_labelled(r.label(locale), "report-status-", r.as_str());
            }
            for a in AuditAction::ALL {
                assert_labelled(a.label(locale), "audit-action-", a.as_str());
            }
        }
    }
}
