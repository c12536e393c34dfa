//! The catalogue's query string: parsing `category`, `province`, `year`, `programme`, `tier`,
//! `valid`, `sort` and `page` into a [`CatalogueFilter`], and drawing the filter form and the chips of
//! the filters in force back, in the page's language.
//!
//! Empty values mean "no filter" (that is what an untouched drop-down submits). A malformed
//! or unknown value is a 400 with a message that says which one, never a 500.

use serde::{Deserialize, Serialize};

use super::FilterOption;
use crate::db::models::PageRequest;
use crate::db::models::Programme;
use crate::db::models::product::{CatalogueFilter, CatalogueSort};
use crate::db::models::province::ProvinceRef;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;

/// Products per catalogue page.
pub const PER_PAGE: i64 = 24;

/// The sort orders: query value, catalogue key of its label, and the order.
pub const SORTS: [(&str, &str, CatalogueSort); 4] = [
    ("ten", "filter-sort-name", CatalogueSort::Name),
    ("moi-nhat", "filter-sort-newest", CatalogueSort::Newest),
    (
        "giai-moi-nhat",
        "filter-sort-award-year",
        CatalogueSort::AwardYear,
    ),
    ("hang-cao-nhat", "filter-sort-tier", CatalogueSort::Tier),
];

/// The sort of query value `value`; `None` for an unknown one.
pub fn sort_of(value: &str) -> Option<CatalogueSort> {
    SORTS
        .iter()
        .find(|(v, _, _)| *v == value)
        .map(|(_, _, s)| *s)
}

/// Whether the `valid` ("còn hiệu lực") box is ticked: `1` (what the form sends), `on` or
/// `true`; empty is unticked; anything else is a 400.
pub fn parse_valid(value: &Option<String>) -> Result<bool, AppError> {
    match present(value) {
        None => Ok(false),
        Some("1" | "on" | "true") => Ok(true),
        Some(other) => Err(bad_value("filter-error-valid", other)),
    }
}

/// The raw query string; everything is text until checked. The API document describes the
/// values each takes (a value it does not take is a 400).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueParams {
    /// A category's slug (`thuc-pham`…).
    pub category: Option<String>,
    /// A province's slug: a current unit (`an-giang`) or a pre-2025 name (`kien-giang`).
    pub province: Option<String>,
    /// Only products with an award of this year.
    #[param(value_type = Option<i32>, minimum = 1990, maximum = 2100)]
    pub year: Option<String>,
    /// Only products with an award of this programme (`hvn-yeu-thich`, `ocop`, `hvnclc`,
    /// `thqg`).
    pub programme: Option<String>,
    /// Only products with an award of this tier (`top1`…`top4`, OCOP stars `3`…`5`); needs
    /// `programme`.
    pub tier: Option<String>,
    /// `ten` (by name, the default), `moi-nhat` (newest), `giai-moi-nhat` (newest award),
    /// `hang-cao-nhat` (best tier). Ties are broken by the product's id, so pages are stable.
    pub sort: Option<String>,
    /// The page, from 1; a page past the last one is empty.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100000)]
    pub page: Option<String>,
    /// `1`: only products holding an award still valid today.
    pub valid: Option<String>,
}

/// A province drop-down: current units, then pre-2025 names in their own group.
#[derive(Debug, Serialize)]
pub struct ProvinceOptions {
    pub current: Vec<FilterOption>,
    pub legacy: Vec<FilterOption>,
}

/// The catalogue's filter form.
#[derive(Debug, Serialize)]
pub struct FilterForm {
    /// Where the form is sent: the list's path in the page's language.
    pub action: String,
    /// False on a category page, where the category is fixed by the path.
    pub show_category: bool,
    pub categories: Vec<FilterOption>,
    pub provinces: ProvinceOptions,
    pub years: Vec<FilterOption>,
    pub programmes: Vec<FilterOption>,
    pub tiers: Vec<FilterOption>,
    pub sorts: Vec<FilterOption>,
    /// Whether the "còn hiệu lực" box is ticked.
    pub valid: bool,
}

/// A filter in force, with the link that drops it.
#[derive(Debug, Serialize)]
pub struct ActiveFilter {
    pub label: String,
    pub remove_url: String,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A 400 saying which value of the query string is wrong.
fn bad_value(key: &'static str, value: &str) -> AppError {
    AppError::bad_request(Msg::new(key).arg("value", value))
}

/// Parses `page`: absent means 1; anything but a positive number is a 400.
pub fn parse_page(value: &Option<String>, per_page: i64) -> Result<PageRequest, AppError> {
    match present(value) {
        None => Ok(PageRequest::new(1, per_page)),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(PageRequest::new(n, per_page)),
            _ => Err(bad_value("filter-error-page", text)),
        },
    }
}

/// `per_page` of an API request: absent means `default`; otherwise a number from 1 to `max`.
pub fn parse_per_page(value: Option<&str>, default: i64, max: i64) -> Result<i64, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| AppError::bad_request(Msg::new("api-error-per-page").arg("max", max))),
    }
}

/// Parses a `province` filter value: a current unit or a pre-2025 name.
pub fn parse_province(
    ctx: &CardContext,
    slug: Option<&str>,
) -> Result<Option<ProvinceRef>, AppError> {
    slug.map(|slug| {
        ctx.provinces
            .by_slug(slug)
            .ok_or_else(|| bad_value("filter-error-province", slug))
    })
    .transpose()
}

/// `path?query` (or `path` alone when there are no pairs).
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
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
            let category = ctx.category_by_slug(slug);
            filter.category_id = Some(
                category
                    .ok_or_else(|| bad_value("filter-error-category", slug))?
                    .id,
            );
        }
        filter.province = parse_province(ctx, present(&params.province))?;
        if let Some(text) = present(&params.year) {
            filter.year = Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|y| (1990..=2100).contains(y))
                    .ok_or_else(|| bad_value("filter-error-year", text))?,
            );
        }
        if let Some(slug) = present(&params.programme) {
            filter.programme = Some(
                Programme::from_slug(slug)
                    .ok_or_else(|| bad_value("filter-error-programme", slug))?,
            );
        }
        if let Some(tier) = present(&params.tier) {
            let valid = match filter.programme {
                Some(p) => p.tiers().contains(&tier),
                None => Programme::ALL.iter().any(|p| p.tiers().contains(&tier)),
            };
            if !valid {
                return Err(bad_value("filter-error-tier", tier));
            }
            filter.tier = Some(tier.to_owned());
        }
        filter.sort = match present(&params.sort) {
            None => CatalogueSort::Name,
            Some(value) => sort_of(value).ok_or_else(|| bad_value("filter-error-sort", value))?,
        };
        if parse_valid(&params.valid)? {
            filter.valid_on = Some(crate::clock::today_in_vietnam());
        }
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
        let fields: [(&'static str, &Option<String>); 7] = [
            ("category", &p.category),
            ("province", &p.province),
            ("year", &p.year),
            ("programme", &p.programme),
            ("tier", &p.tier),
            ("valid", &p.valid),
            ("sort", &p.sort),
        ];
        fields
            .into_iter()
            .filter(|(k, _)| include_category || *k != "category")
            .filter_map(|(k, v)| present(v).map(|v| (k, v.to_owned())))
            .collect()
    }

    /// Chips for the filters in force, each linking to `path` (the list in the page's
    /// language) without it.
    pub fn active_filters(
        &self,
        path: &str,
        ctx: &CardContext,
        locale: Locale,
        include_category: bool,
    ) -> Vec<ActiveFilter> {
        let pairs = self.pairs(include_category);
        chips(path, &pairs, &[], |key, value| {
            (key != "sort").then(|| chip_label(key, value, ctx, locale))
        })
    }

    /// The filter form sent to `action` (the list in the page's language), with the current
    /// values selected.
    pub fn form(
        &self,
        action: &str,
        ctx: &CardContext,
        locale: Locale,
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
                    label: ctx.category_name(c, locale),
                })
                .collect(),
            provinces: province_options(ctx, present(&p.province), locale),
            years: ctx
                .award_years
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
                    label: prog.name(locale),
                    selected: selected(&p.programme, prog.slug()),
                })
                .collect(),
            tiers: Programme::ALL
                .iter()
                .flat_map(|prog| prog.tiers().iter())
                .map(|t| FilterOption {
                    value: (*t).to_owned(),
                    label: tier_label(t, locale),
                    selected: selected(&p.tier, t),
                })
                .collect(),
            sorts: sort_options(present(&p.sort).unwrap_or("ten"), locale),
            valid: self.filter.valid_on.is_some(),
        }
    }
}

/// The sort drop-down's options, `selected` chosen.
pub fn sort_options(selected: &str, locale: Locale) -> Vec<FilterOption> {
    SORTS
        .iter()
        .map(|(value, key, _)| FilterOption {
            value: (*value).to_owned(),
            label: locale.t(key),
            selected: selected == *value,
        })
        .collect()
}

/// The chips of the filters `pairs` of the list at `path`, each linking to the list without
/// its filter (and without those that go with it: `("province", "ward")` in `goes_with` drops
/// the ward with its province). `label` says what a chip shows; `None`: that pair has none.
pub fn chips(
    path: &str,
    pairs: &[(&'static str, String)],
    goes_with: &[(&str, &str)],
    label: impl Fn(&str, &str) -> Option<String>,
) -> Vec<ActiveFilter> {
    pairs
        .iter()
        .filter_map(|(key, value)| {
            let label = label(key, value)?;
            let rest: Vec<(&str, String)> = pairs
                .iter()
                .filter(|(k, _)| k != key && !goes_with.contains(&(*key, *k)))
                .cloned()
                .collect();
            Some(ActiveFilter {
                label,
                remove_url: with_query(path, &rest),
            })
        })
        .collect()
}

/// What a chip says for the filter `key` = `value` (the catalogue's keys; the other lists
/// with chips — where to buy, the buyers' list — share them).
pub fn chip_label(key: &str, value: &str, ctx: &CardContext, locale: Locale) -> String {
    match key {
        "category" => ctx
            .category_by_slug(value)
            .map(|c| ctx.category_name(c, locale))
            .unwrap_or_default(),
        "province" => match ctx.provinces.by_slug(value) {
            Some(ProvinceRef::Current(id)) => ctx.province_name_of(id, locale),
            Some(ProvinceRef::Legacy { alias_id, .. }) => ctx
                .provinces
                .alias(alias_id)
                .map(|a| ctx.legacy_label(a, locale))
                .unwrap_or_default(),
            None => value.to_owned(),
        },
        "year" => locale.msg(&Msg::new("filter-year-chip").arg("year", value)),
        "programme" => Programme::from_slug(value)
            .map(|p| p.name(locale))
            .unwrap_or_default(),
        "tier" => tier_label(value, locale),
        "valid" => locale.t("filter-valid-chip"),
        _ => value.to_owned(),
    }
}

/// "Top 1 (HVN yêu thích)", "5 sao (OCOP)".
fn tier_label(tier: &str, locale: Locale) -> String {
    Programme::ALL
        .iter()
        .find(|p| p.tiers().contains(&tier))
        .map(|p| {
            let msg = Msg::new("filter-tier-option")
                .arg("tier", p.tier_label(tier, locale))
                .arg("programme", p.short_name(locale));
            locale.msg(&msg)
        })
        .unwrap_or_else(|| tier.to_owned())
}

/// Province options in `locale`: the 34 current units, then the pre-2025 names. English
/// names sort where they read ("Ho Chi Minh City" under H).
pub fn province_options(
    ctx: &CardContext,
    selected: Option<&str>,
    locale: Locale,
) -> ProvinceOptions {
    let mut current: Vec<FilterOption> = ctx
        .provinces
        .provinces
        .iter()
        .map(|p| FilterOption {
            selected: selected == Some(p.slug.as_str()),
            value: p.slug.clone(),
            label: ctx.province_name(p, locale),
        })
        .collect();
    if locale != Locale::Vi {
        current.sort_by_cached_key(|o| crate::text::fold(&o.label));
    }
    ProvinceOptions {
        current,
        legacy: ctx
            .provinces
            .aliases
            .iter()
            .map(|a| FilterOption {
                selected: selected == Some(a.slug.as_str()),
                value: a.slug.clone(),
                label: ctx.legacy_label(a, locale),
            })
            .collect(),
    }
}
