//! Fairs and product weeks (`/quan-tri/hoi-cho`): officials create and edit events, publish
//! and withdraw them, list producers and products in them, and accept or decline producers'
//! requests. Every change is one audited action; an invalid form is shown again with the input
//! kept and writes nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::event_form::EventForm;
use super::{form_status, last_segment};
use crate::actions::events::{self as act, Decision};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected, SignedIn};
use crate::db::DbConnection;
use crate::db::models::{PageRequest, Producer, Product};
use crate::error::AppError;
use crate::flash::{self, Flash};
use crate::i18n::{Locale, Msg};
use crate::views::admin::events::{self as page, EditFailure};
use crate::views::filters::parse_page;
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

/// Events per page of the officials' list.
const PER_PAGE: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct EventListParams {
    page: Option<String>,
}

/// `GET /quan-tri/hoi-cho`: every event with its dates and state.
pub async fn list_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<EventListParams>,
) -> Result<HttpResponse, AppError> {
    let page: PageRequest = parse_page(&params.page, PER_PAGE)?;
    let (address, today) = (PageAddress::of(&req), state.clock.today());
    let view = state
        .db
        .run(move |conn| page::load_list(conn, &address, page, today))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/events.html",
        &view,
        StatusCode::OK,
    )
}

/// The form of a new event, filled with `form`.
async fn new_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let view = page::form_page(&ctx, &PageAddress::of(req), form, None, state.clock.today());
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/event_form.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/hoi-cho/moi`
pub async fn new_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    locale: Locale,
) -> Result<HttpResponse, AppError> {
    let form = FormState::new(locale).value("kind", "product-week");
    new_page(&state, &req, &official.0, form, StatusCode::OK).await
}

/// `POST /quan-tri/hoi-cho/moi`: a new, unpublished event.
pub async fn create_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    posted: Protected<EventForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.reference.get(&state.db).await?;
    let fields = match posted.form.check(&ctx, locale) {
        Ok(fields) => fields,
        Err(form) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return new_page(&state, &req, &posted.who.0, form, status).await;
        }
    };
    let (actor, now) = (posted.who.0.actor(), state.clock.now());
    let id = state
        .db
        .run(move |conn| Ok(act::create(conn, &actor, &fields, now)?))
        .await?;
    let to = locale.path(&format!("/quan-tri/hoi-cho/{id}"));
    Ok(flash::see_other(
        &req,
        &to,
        Flash::success("flash-event-created"),
    ))
}

/// Event `id`'s page; with a failure, shown again with its messages (422).
async fn edit_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    failed: EditFailure,
) -> Result<HttpResponse, AppError> {
    let status = form_status(failed.is_some());
    let (address, today) = (PageAddress::of(req), state.clock.today());
    let ctx = state.reference.get(&state.db).await?;
    let view = state
        .db
        .run(move |conn| page::load_form(conn, &ctx, &address, id, failed, today))
        .await?;
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/event_form.html",
        &view,
        status,
    )
}

/// `GET /quan-tri/hoi-cho/{event}`
pub async fn edit_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let failed = EditFailure::default();
    edit_page(&state, &req, &official.0, id.into_inner(), failed).await
}

/// `POST /quan-tri/hoi-cho/{event}`: saves an edit; a published event changes at once.
pub async fn update_event(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<EventForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let ctx = state.reference.get(&state.db).await?;
    let fields = match posted.form.check(&ctx, locale) {
        Ok(fields) => fields,
        Err(form) => {
            let failed = EditFailure {
                form: Some(form),
                add: None,
            };
            return edit_page(&state, &req, &posted.who.0, id, failed).await;
        }
    };
    let (actor, now) = (posted.who.0.actor(), state.clock.now());
    act::update(&state.db, state.caches(), actor, id, fields, now).await?;
    let to = locale.path(&format!("/quan-tri/hoi-cho/{id}"));
    Ok(flash::see_other(
        &req,
        &to,
        Flash::success("flash-event-saved"),
    ))
}

/// `POST /quan-tri/hoi-cho/{event}/{xuat-ban|an}`: publish, or withdraw from the site.
pub async fn change_event_publication(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (id.into_inner(), posted.who.0.actor());
    let (published, refusal) = match last_segment(&req) {
        "xuat-ban" => (true, "admin-event-already-published"),
        "an" => (false, "admin-event-already-unpublished"),
        _ => return Err(AppError::not_found()),
    };
    let now = state.clock.now();
    let applied = act::set_published(&state.db, state.caches(), actor, id, published, now).await?;
    if !applied {
        return Err(AppError::bad_request(Msg::new(refusal)));
    }
    let key = if published {
        "flash-event-published"
    } else {
        "flash-event-unpublished"
    };
    let to = locale.path(&format!("/quan-tri/hoi-cho/{id}"));
    Ok(flash::see_other(&req, &to, Flash::success(key)))
}

/// The participant form: a producer and/or one of its products, each by slug or page address.
#[derive(Debug, Default, Deserialize)]
pub struct ParticipantForm {
    #[serde(default)]
    producer: String,
    #[serde(default)]
    product: String,
}

/// The slug in "ten-san-pham", "/san-pham/ten-san-pham" or a full page address (English ones,
/// `/en/…`, too), for pages under `section` ("/san-pham/").
fn slug_in<'a>(text: &'a str, section: &str) -> &'a str {
    let text = text.trim().trim_end_matches('/');
    let text = text.split(['?', '#']).next().unwrap_or_default();
    match text.rsplit_once(section) {
        Some((_, slug)) => slug,
        None => text,
    }
}

/// The producer and product the form names, or the form with its messages.
fn resolve_participant(
    conn: &mut DbConnection,
    form: &ParticipantForm,
    locale: Locale,
) -> Result<Result<(i32, Option<i32>), FormState>, AppError> {
    let mut f = FormState::new(locale)
        .value("producer", form.producer.trim())
        .value("product", form.product.trim());
    let producer_slug = slug_in(&form.producer, "/nha-san-xuat/");
    let product_slug = slug_in(&form.product, "/san-pham/");
    let producer = match producer_slug {
        "" => None,
        slug => match Producer::by_slug(conn, slug) {
            Ok(p) => Some(p),
            Err(diesel::result::Error::NotFound) => {
                f.error("producer", "admin-event-no-such-producer");
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    let product = match product_slug {
        "" => None,
        slug => match Product::published_by_slug(conn, slug) {
            Ok(p) => Some(p),
            Err(diesel::result::Error::NotFound) => {
                f.error("product", "admin-event-no-such-product");
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    if producer_slug.is_empty() && product_slug.is_empty() {
        f.error("producer", "admin-event-participant-needed");
    }
    if let (Some(producer), Some(product)) = (&producer, &product)
        && product.producer_id != producer.id
    {
        f.error("product", "admin-event-product-of-another");
    }
    if !f.is_valid() {
        return Ok(Err(f));
    }
    Ok(match (producer, product) {
        (_, Some(product)) => Ok((product.producer_id, Some(product.id))),
        (Some(producer), None) => Ok((producer.id, None)),
        (None, None) => Err(f),
    })
}

/// `POST /quan-tri/hoi-cho/{event}/tham-gia`: lists a producer (and a product of it).
pub async fn add_event_participant(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<ParticipantForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let form = posted.form;
    let resolved = state
        .db
        .run(move |conn| resolve_participant(conn, &form, locale))
        .await?;
    let (producer, product) = match resolved {
        Ok(found) => found,
        Err(add) => {
            let failed = EditFailure {
                form: None,
                add: Some(add),
            };
            return edit_page(&state, &req, &posted.who.0, id, failed).await;
        }
    };
    let actor = posted.who.0.actor();
    act::list_participant(&state.db, state.caches(), actor, id, producer, product).await?;
    let to = locale.path(&format!("/quan-tri/hoi-cho/{id}#tham-gia"));
    Ok(flash::see_other(
        &req,
        &to,
        Flash::success("flash-event-participant-added"),
    ))
}

/// `POST /quan-tri/hoi-cho/{event}/tham-gia/{participant}/{chap-nhan|tu-choi}`
pub async fn decide_event_participant(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    path: web::Path<(i32, i32)>,
    posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, participant) = path.into_inner();
    let decision = match last_segment(&req) {
        "chap-nhan" => Decision::Accept,
        "tu-choi" => Decision::Decline,
        _ => return Err(AppError::not_found()),
    };
    let actor = posted.who.0.actor();
    let applied = act::decide(&state.db, state.caches(), actor, id, participant, decision).await?;
    if !applied {
        return Err(AppError::bad_request(Msg::new(
            "admin-event-participant-already-decided",
        )));
    }
    let key = match decision {
        Decision::Accept => "flash-event-participant-accepted",
        Decision::Decline => "flash-event-participant-declined",
    };
    let to = locale.path(&format!("/quan-tri/hoi-cho/{id}#tham-gia"));
    Ok(flash::see_other(&req, &to, Flash::success(key)))
}

#[cfg(test)]
mod tests {
    use super::slug_in;

    #[test]
    fn slugs_are_read_from_slugs_paths_and_addresses() {
        assert_eq!(slug_in("nuoc-mam", "/san-pham/"), "nuoc-mam");
        assert_eq!(slug_in(" /san-pham/nuoc-mam/ ", "/san-pham/"), "nuoc-mam");
        assert_eq!(
            slug_in(
                "https://hangviet.vn/en/nha-san-xuat/khai-hoan?x=1",
                "/nha-san-xuat/"
            ),
            "khai-hoan"
        );
        assert_eq!(slug_in("", "/san-pham/"), "");
    }
}
