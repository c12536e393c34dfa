//! `/feed.xml` (Atom 1.0: newly published products and articles), the sitemap index
//! `/sitemap.xml`, its files `/sitemap/*.xml` and `/robots.txt`; the data comes from [`crate::views::feeds`], the XML from `templates/feeds/`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::error::AppError;
use crate::views::feeds::{
    SitemapPart, load_feed, load_sitemap, load_sitemap_index, render_xml, robots_txt,
};
use crate::views::{Frame, PageAddress};

fn xml_response(content_type: &'static str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body)
}

/// `GET /feed.xml`: the newest published products and articles, newest first.
pub async fn show_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    let page = state
        .db
        .run(move |conn| load_feed(conn, &address, now))
        .await?;
    let xml = render_xml(
        &state.templates,
        &Frame::public(&req),
        "feeds/atom.xml",
        &page,
    )?;
    Ok(xml_response("application/atom+xml; charset=utf-8", xml))
}

/// `GET /sitemap.xml`: the sitemap index, naming every sitemap file.
pub async fn show_sitemap(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    let (templates, frame) = (state.clone(), Frame::public(&req));
    let xml = state
        .db
        .run(move |conn| {
            let index = load_sitemap_index(conn, &address, now)?;
            render_xml(
                &templates.templates,
                &frame,
                "feeds/sitemap_index.xml",
                &index,
            )
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", xml))
}

/// `GET /sitemap/{file}`: one sitemap file (`trang.xml`, `san-pham-1.xml` …), every public
/// page of its part with its English alternate; 404 for a name or a range with none.
pub async fn show_sitemap_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let part = SitemapPart::parse(&file).ok_or_else(AppError::not_found)?;
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    // Up to 10,000 URLs: the XML is written on the blocking thread too, not the async worker.
    let (templates, frame) = (state.clone(), Frame::public(&req));
    let xml = state
        .db
        .run(move |conn| {
            let Some(page) = load_sitemap(conn, &address, part, now)? else {
                return Err(AppError::not_found());
            };
            render_xml(&templates.templates, &frame, "feeds/sitemap.xml", &page)
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", xml))
}

/// `GET /robots.txt`: what crawlers may read, and where the sitemap is.
pub async fn show_robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(robots_txt(state.site.origin()))
}
