//! A business's fairs and product weeks: see the upcoming events, ask for one of its
//! producers (with chosen products, or its whole range) to be listed, follow the requests and
//! withdraw one still pending. Only the user's own producers and their own published products
//! can be named; anything else is refused with a message and nothing stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::events as act;
use crate::app::AppState;
use crate::auth::{BusinessUser, NoFields, Protected};
use crate::db::DbConnection;
use crate::db::models::event::Timing;
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::handlers::PageAddress;
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::views::business::own_producer_ids;
use crate::views::business_events::{
    self as page, BusinessEventPage, own_products, own_request, visible_event,
};
use crate::views::forms::FormState;
use crate::views::{self, Frame};

const TEMPLATE: &str = "business/event.html";
/// Products one request may name at most.
const MAX_CHOSEN: usize = 100;

/// `GET /doanh-nghiep/hoi-cho`: upcoming events and the user's requests.
pub async fn list_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
) -> Result<HttpResponse, AppError> {
    let (user_id, address, today) = (user.0.user.id, PageAddress::of(&req), state.clock.today());
    let ctx = state.reference.get(&state.db).await?;
    let view = state
        .db
        .run(move |conn| page::list_page(conn, &ctx, user_id, &address, today))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "business/events.html",
        &view,
        StatusCode::OK,
    )
}

/// `GET /doanh-nghiep/hoi-cho/{event}`: the event, the user's requests, the request form.
pub async fn show_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: BusinessUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (user.0.user.id, id.into_inner());
    let (address, today) = (PageAddress::of(&req), state.clock.today());
    let ctx = state.reference.get(&state.db).await?;
    let view = state
        .db
        .run(move |conn| page::event_page(conn, &ctx, user_id, id, None, &address, today))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(&state.templates, &frame, TEMPLATE, &view, StatusCode::OK)
}

/// The request form as posted: `producer` once, `product` once per ticked box.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct RequestForm {
    pairs: Vec<(String, String)>,
}

impl RequestForm {
    fn producer(&self) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == "producer")
            .map_or("", |(_, v)| v.trim())
    }

    fn products(&self) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == "product")
            .map(|(_, v)| v.trim())
            .collect()
    }
}

/// What posting a request came to.
enum Posted {
    Saved,
    Refused(Box<BusinessEventPage>),
}

/// Checks the request against the user's producers and products and stores it, or gives the
/// page again with the messages.
fn post_request(
    conn: &mut DbConnection,
    ctx: &CardContext,
    user_id: i32,
    id: i32,
    posted: &RequestForm,
    address: &PageAddress,
    today: chrono::NaiveDate,
) -> Result<Posted, AppError> {
    let locale = address.locale;
    let event = visible_event(conn, id)?;
    let chosen = posted.products();
    let mut f = FormState::new(locale)
        .value("producer", posted.producer())
        .value("products", chosen.join(","));
    let own = own_producer_ids(conn, user_id)?;
    let producer = own
        .iter()
        .copied()
        .find(|p| p.to_string() == posted.producer());
    if producer.is_none() {
        f.error("producer", Msg::new("business-event-producer-missing"));
    }
    let products = own_products(conn, user_id)?;
    let mut product_ids = Vec::new();
    for text in &chosen {
        match products
            .iter()
            .find(|p| p.id.to_string() == *text && Some(p.producer_id) == producer)
        {
            Some(p) if !product_ids.contains(&p.id) => product_ids.push(p.id),
            Some(_) => {}
            None => f.error("products", Msg::new("business-event-product-not-yours")),
        }
    }
    if chosen.len() > MAX_CHOSEN {
        f.error(
            "products",
            Msg::new("business-event-too-many-products").arg("max", MAX_CHOSEN),
        );
    }
    if event.timing(today) == Timing::Past {
        f.notice(Msg::new("business-event-over"));
    }
    match producer {
        Some(producer) if f.is_valid() => {
            act::request(conn, id, producer, &product_ids)?;
            Ok(Posted::Saved)
        }
        _ => {
            let page = page::event_page(conn, ctx, user_id, id, Some(f), address, today)?;
            Ok(Posted::Refused(Box::new(page)))
        }
    }
}

/// `POST /doanh-nghiep/hoi-cho/{event}`: asks for a producer (and products) to be listed.
pub async fn request_listing(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<RequestForm, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, id) = (posted.who.0.user.id, id.into_inner());
    let (address, today) = (PageAddress::of(&req), state.clock.today());
    let ctx = state.reference.get(&state.db).await?;
    let frame = Frame::signed_in(&req, &posted.who.0);
    let form = posted.form;
    let outcome = state
        .db
        .run(move |conn| post_request(conn, &ctx, user_id, id, &form, &address, today))
        .await?;
    match outcome {
        Posted::Saved => Ok(flash::see_other(
            &req,
            &frame.path(&format!("/doanh-nghiep/hoi-cho/{id}")),
            Flash::success("flash-event-requested"),
        )),
        Posted::Refused(page) => views::render(
            &state.templates,
            &frame,
            TEMPLATE,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

/// `POST /doanh-nghiep/hoi-cho/{event}/rut/{participant}`: withdraws a pending request.
pub async fn withdraw_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, BusinessUser>,
) -> Result<HttpResponse, AppError> {
    let (user_id, (id, participant)) = (posted.who.0.user.id, path.into_inner());
    let withdrawn = state
        .db
        .run(move |conn| {
            own_request(conn, user_id, id, participant)?;
            Ok(act::withdraw(conn, participant)?)
        })
        .await?;
    if !withdrawn {
        return Err(AppError::bad_request(Msg::new(
            "business-event-request-decided",
        )));
    }
    Ok(flash::see_other(
        &req,
        &Locale::of(&req).path(&format!("/doanh-nghiep/hoi-cho/{id}")),
        Flash::success("flash-event-withdrawn"),
    ))
}
