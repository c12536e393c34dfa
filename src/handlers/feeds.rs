//! `/feed.xml` (Atom 1.0: newly published products and articles) and `/sitemap.xml`; the
//! data comes from [`crate::views::feeds`], the XML from `templates/feeds/`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::error::AppError;
use crate::views::feeds::{load_feed, load_sitemap, render_xml};
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

/// `GET /sitemap.xml`: every public page, with its English alternate.
pub async fn show_sitemap(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let now = chrono::Utc::now().naive_utc();
    // Up to 50,000 URLs: the XML is written on the blocking thread too, not the async worker.
    let (templates, frame) = (state.clone(), Frame::public(&req));
    let xml = state
        .db
        .run(move |conn| {
            let page = load_sitemap(conn, &address, now)?;
            render_xml(&templates.templates, &frame, "feeds/sitemap.xml", &page)
        })
        .await?;
    Ok(xml_response("application/xml; charset=utf-8", xml))
}
