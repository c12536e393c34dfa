//! The route table: every URL of the site, in one place (DESIGN.md section 3).

use actix_web::web;

use crate::handlers::{assets, awards, catalogue, health, producers, search};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(catalogue::home))
        .route("/san-pham", web::get().to(catalogue::list_products))
        .route("/san-pham/{slug}", web::get().to(catalogue::show_product))
        .route("/danh-muc/{slug}", web::get().to(catalogue::show_category))
        .route("/nha-san-xuat", web::get().to(producers::list_producers))
        .route(
            "/nha-san-xuat/{slug}",
            web::get().to(producers::show_producer),
        )
        .route("/giai-thuong", web::get().to(awards::award_index))
        .route(
            "/giai-thuong/{programme}/{year}",
            web::get().to(awards::award_year),
        )
        .route("/tim-kiem", web::get().to(search::search_page))
        .route("/api/v1/search", web::get().to(search::api_search))
        .route("/api/v1/suggest", web::get().to(search::api_suggest))
        .route("/healthz", web::get().to(health::healthz))
        .route("/assets/{path:.*}", web::get().to(assets::show_asset))
        .route("/media/{name}", web::get().to(assets::show_media));
}
