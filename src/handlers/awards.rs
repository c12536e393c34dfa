//! Award lists: the index of programmes and years, and one year's winners grouped by tier.

use crate::i18n::Locale;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::PageAddress;
use super::filters::parse_page;
use crate::app::AppState;
use crate::db::models::{Award, Programme};
use crate::error::AppError;
use crate::views::pages::{AwardIndexPage, AwardYearPage, ProgrammeYears, TierGroup, YearLink};
use crate::views::{self, Pagination};

const WINNERS_PER_PAGE: i64 = 60;

/// `/giai-thuong`: every programme with the years that have winners.
pub async fn award_index(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| {
            let pairs = Award::programme_years(conn)?;
            Ok(AwardIndexPage {
                meta: address.meta(
                    "awards",
                    "Giải thưởng và danh hiệu",
                    "Danh sách sản phẩm đạt danh hiệu theo chương trình và năm.",
                ),
                programmes: Programme::ALL
                    .iter()
                    .map(|p| ProgrammeYears {
                        slug: p.slug(),
                        name: p.name(Locale::Vi),
                        years: pairs
                            .iter()
                            .filter(|(slug, _)| slug == p.slug())
                            .map(|(_, year)| YearLink {
                                year: *year,
                                url: format!("/giai-thuong/{}/{year}", p.slug()),
                                current: false,
                            })
                            .collect(),
                    })
                    .collect(),
            })
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "awards/index.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct WinnersParams {
    pub page: Option<String>,
}

/// `/giai-thuong/{programme}/{year}`: that year's winners, best tier first.
pub async fn award_year(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    params: web::Query<WinnersParams>,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let (programme, year) = path.into_inner();
    let programme = Programme::from_slug(&programme).ok_or_else(AppError::not_found)?;
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(AppError::not_found)?;
    let page_param = params.into_inner().page;
    let ctx = state.reference.get(&state.db).await?;
    let page = state
        .db
        .run(move |conn| {
            let page = parse_page(&page_param, WINNERS_PER_PAGE)?;
            let years = Award::years_of(conn, programme)?;
            if !years.contains(&year) {
                return Err(AppError::not_found());
            }
            let winners = Award::winners(conn, programme, year, page)?;
            if winners.items.is_empty() && page.page > 1 {
                return Err(AppError::not_found());
            }
            let last_page = winners.last_page();
            let total = winners.total;
            let tiers: Vec<Option<String>> = winners.items.iter().map(|(t, _)| t.clone()).collect();
            let cards = views::cards(
                conn,
                &ctx,
                winners.items.into_iter().map(|(_, p)| p).collect(),
            )?;
            let mut groups: Vec<TierGroup> = Vec::new();
            for (tier, card) in tiers.into_iter().zip(cards) {
                let label = match tier.as_deref().filter(|t| !t.is_empty()) {
                    Some(t) => programme.tier_label(t, Locale::Vi),
                    None => "Sản phẩm đạt danh hiệu".to_owned(),
                };
                match groups.last_mut() {
                    Some(group) if group.label == label => group.products.push(card),
                    _ => groups.push(TierGroup {
                        label,
                        products: vec![card],
                    }),
                }
            }
            Ok(AwardYearPage {
                meta: address.meta(
                    "awards",
                    format!("{} năm {year}", programme.name(Locale::Vi)),
                    format!(
                        "Danh sách sản phẩm đạt “{}” năm {year}.",
                        programme.name(Locale::Vi)
                    ),
                ),
                programme_slug: programme.slug(),
                programme_name: programme.name(Locale::Vi),
                year,
                groups,
                years: years
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        url: format!("/giai-thuong/{}/{y}", programme.slug()),
                        current: *y == year,
                    })
                    .collect(),
                pagination: Pagination::new(&address.path, &[], page.page, last_page, total),
            })
        })
        .await?;
    views::render(
        &state.templates,
        &views::Frame::public(&req),
        "awards/year.html",
        &page,
        actix_web::http::StatusCode::OK,
    )
}
