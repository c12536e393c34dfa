//! The catalogue's query string: parsing `category`, `province`, `year`, `programme`, `tier`,
//! `sort` and `page` into a [`CatalogueFilter`], and drawing the filter form back.
//!
//! Empty values mean "no filter" (that is what an untouched drop-down submits). A malformed
//! or unknown value is a 400 with a message that says which one, never a 500.

use crate::i18n::Locale;
use serde::Deserialize;

use crate::db::models::PageRequest;
use crate::db::models::Programme;
use crate::db::models::product::{CatalogueFilter, CatalogueSort};
use crate::db::models::province::ProvinceRef;
use crate::error::AppError;
use crate::reference::CardContext;
use crate::views::FilterOption;
use crate::views::pages::{ActiveFilter, FilterForm, ProvinceOptions};

/// Products per catalogue page.
pub const PER_PAGE: i64 = 24;

/// The raw query string; everything is text until checked.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CatalogueParams {
    pub category: Option<String>,
    pub province: Option<String>,
    pub year: Option<String>,
    pub programme: Option<String>,
    pub tier: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Parses `page`: absent means 1; anything but a positive number is a 400.
pub fn parse_page(value: &Option<String>, per_page: i64) -> Result<PageRequest, AppError> {
    match present(value) {
        None => Ok(PageRequest::new(1, per_page)),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(PageRequest::new(n, per_page)),
            _ => Err(AppError::bad_request(format!(
                "Số trang “{text}” không hợp lệ: hãy dùng một số từ 1 trở lên."
            ))),
        },
    }
}

/// A parsed catalogue request.
#[derive(Debug, Clone)]
pub struct CatalogueQuery {
    pub params: CatalogueParams,
    pub filter: CatalogueFilter,
    pub page: PageRequest,
}

impl CatalogueQuery {
    /// `fixed_category` is the category of a `/danh-muc/{slug}` page, which the query string
    /// cannot override.
    pub fn parse(
        params: CatalogueParams,
        ctx: &CardContext,
        fixed_category: Option<i32>,
    ) -> Result<CatalogueQuery, AppError> {
        let mut filter = CatalogueFilter {
            category_id: fixed_category,
            ..CatalogueFilter::default()
        };
        if fixed_category.is_none()
            && let Some(slug) = present(&params.category)
        {
            let category = ctx.categories.iter().find(|c| c.slug == slug);
            filter.category_id = Some(
                category
                    .ok_or_else(|| AppError::bad_request(format!("Không có nhóm hàng “{slug}”.")))?
                    .id,
            );
        }
        if let Some(slug) = present(&params.province) {
            filter.province = Some(ctx.provinces.by_slug(slug).ok_or_else(|| {
                AppError::bad_request(format!("Không có tỉnh, thành phố “{slug}”."))
            })?);
        }
        if let Some(text) = present(&params.year) {
            filter.year = Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|y| (1990..=2100).contains(y))
                    .ok_or_else(|| AppError::bad_request(format!("Năm “{text}” không hợp lệ.")))?,
            );
        }
        if let Some(slug) = present(&params.programme) {
            filter.programme = Some(Programme::from_slug(slug).ok_or_else(|| {
                AppError::bad_request(format!("Không có chương trình “{slug}”."))
            })?);
        }
        if let Some(tier) = present(&params.tier) {
            let valid = match filter.programme {
                Some(p) => p.tiers().contains(&tier),
                None => Programme::ALL.iter().any(|p| p.tiers().contains(&tier)),
            };
            if !valid {
                return Err(AppError::bad_request(format!(
                    "Hạng “{tier}” không hợp lệ."
                )));
            }
            filter.tier = Some(tier.to_owned());
        }
        filter.sort = match present(&params.sort) {
            None | Some("ten") => CatalogueSort::Name,
            Some("moi-nhat") => CatalogueSort::Newest,
            Some(other) => {
                return Err(AppError::bad_request(format!(
                    "Cách sắp xếp “{other}” không hợp lệ."
                )));
            }
        };
        let page = parse_page(&params.page, PER_PAGE)?;
        Ok(CatalogueQuery {
            params,
            filter,
            page,
        })
    }

    /// The filters as query pairs (without `page`), for links that keep them.
    pub fn pairs(&self, include_category: bool) -> Vec<(&'static str, String)> {
        let p = &self.params;
        let fields: [(&'static str, &Option<String>); 6] = [
            ("category", &p.category),
            ("province", &p.province),
            ("year", &p.year),
            ("programme", &p.programme),
            ("tier", &p.tier),
            ("sort", &p.sort),
        ];
        fields
            .into_iter()
            .filter(|(k, _)| include_category || *k != "category")
            .filter_map(|(k, v)| present(v).map(|v| (k, v.to_owned())))
            .collect()
    }

    /// Chips for the filters in force, each linking to the list without it.
    pub fn active_filters(
        &self,
        path: &str,
        ctx: &CardContext,
        include_category: bool,
    ) -> Vec<ActiveFilter> {
        let pairs = self.pairs(include_category);
        pairs
            .iter()
            .filter(|(k, _)| *k != "sort")
            .map(|(key, value)| {
                let rest: Vec<(&str, String)> =
                    pairs.iter().filter(|(k, _)| k != key).cloned().collect();
                let query = serde_urlencoded::to_string(&rest).unwrap_or_default();
                ActiveFilter {
                    label: self.label(key, value, ctx),
                    remove_url: if query.is_empty() {
                        path.to_owned()
                    } else {
                        format!("{path}?{query}")
                    },
                }
            })
            .collect()
    }

    fn label(&self, key: &str, value: &str, ctx: &CardContext) -> String {
        match key {
            "category" => ctx
                .categories
                .iter()
                .find(|c| c.slug == value)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            "province" => match ctx.provinces.by_slug(value) {
                Some(ProvinceRef::Current(id)) => ctx
                    .provinces
                    .province(id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                Some(ProvinceRef::Legacy {
                    alias_id,
                    province_id,
                }) => format!(
                    "{} (nay thuộc {})",
                    ctx.provinces
                        .alias(alias_id)
                        .map(|a| a.name.as_str())
                        .unwrap_or_default(),
                    ctx.provinces
                        .province(province_id)
                        .map(|p| p.name.as_str())
                        .unwrap_or_default()
                ),
                None => value.to_owned(),
            },
            "year" => format!("Năm {value}"),
            "programme" => Programme::from_slug(value)
                .map(|p| p.name(Locale::Vi).to_owned())
                .unwrap_or_default(),
            "tier" => tier_label(value),
            _ => value.to_owned(),
        }
    }

    /// The filter form with the current values selected.
    pub fn form(
        &self,
        action: &str,
        ctx: &CardContext,
        years: &[i32],
        show_category: bool,
    ) -> FilterForm {
        let p = &self.params;
        let selected = |field: &Option<String>, value: &str| present(field) == Some(value);
        FilterForm {
            action: action.to_owned(),
            show_category,
            categories: ctx
                .categories
                .iter()
                .map(|c| FilterOption {
                    selected: selected(&p.category, &c.slug),
                    value: c.slug.clone(),
                    label: c.name.clone(),
                })
                .collect(),
            provinces: province_options(ctx, present(&p.province)),
            years: years
                .iter()
                .map(|y| FilterOption {
                    value: y.to_string(),
                    label: y.to_string(),
                    selected: selected(&p.year, &y.to_string()),
                })
                .collect(),
            programmes: Programme::ALL
                .iter()
                .map(|prog| FilterOption {
                    value: prog.slug().to_owned(),
                    label: prog.name(Locale::Vi).to_owned(),
                    selected: selected(&p.programme, prog.slug()),
                })
                .collect(),
            tiers: Programme::ALL
                .iter()
                .flat_map(|prog| prog.tiers().iter())
                .map(|t| FilterOption {
                    value: (*t).to_owned(),
                    label: tier_label(t),
                    selected: selected(&p.tier, t),
                })
                .collect(),
            sorts: [("ten", "Tên A–Z"), ("moi-nhat", "Mới cập nhật")]
                .iter()
                .map(|(v, l)| FilterOption {
                    value: (*v).to_owned(),
                    label: (*l).to_owned(),
                    selected: present(&p.sort).unwrap_or("ten") == *v,
                })
                .collect(),
        }
    }
}

/// "Top 1 (HVN yêu thích)", "5 sao (OCOP)".
fn tier_label(tier: &str) -> String {
    Programme::ALL
        .iter()
        .find(|p| p.tiers().contains(&tier))
        .map(|p| {
            format!(
                "{} ({})",
                p.tier_label(tier, Locale::Vi),
                p.short_name(Locale::Vi)
            )
        })
        .unwrap_or_else(|| tier.to_owned())
}

/// Province options: the 34 current units, then the pre-2025 names.
pub fn province_options(ctx: &CardContext, selected: Option<&str>) -> ProvinceOptions {
    ProvinceOptions {
        current: ctx
            .provinces
            .provinces
            .iter()
            .map(|p| FilterOption {
                selected: selected == Some(p.slug.as_str()),
                value: p.slug.clone(),
                label: p.name.clone(),
            })
            .collect(),
        legacy: ctx
            .provinces
            .aliases
            .iter()
            .map(|a| FilterOption {
                selected: selected == Some(a.slug.as_str()),
                value: a.slug.clone(),
                label: format!(
                    "{} (nay thuộc {})",
                    a.name,
                    ctx.provinces
                        .province(a.province_id)
                        .map(|p| p.name.as_str())
                        .unwrap_or_default()
                ),
            })
            .collect(),
    }
}
