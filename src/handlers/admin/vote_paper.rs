//! Paper ballots in the officials' area (`/quan-tri/binh-chon/{year}/phieu-giay`): the
//! batches with the form that opens one, and each batch's page where two officials, each on
//! their own account, enter its tally. Bad input is shown again next to its field with what
//! was typed; nothing is stored until a whole batch or a whole entry checks out.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::vote::campaign_of;
use crate::actions::vote_paper::{self, BatchFields, PaperError};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected};
use crate::db::models::vote_campaign::Campaign;
use crate::db::models::vote_paper::{BatchStatus, PaperBatch};
use crate::error::AppError;
use crate::flash::{Flash, see_other};
use crate::i18n::{Locale, Msg};
use crate::views::admin::vote_paper as view;
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

/// Most sheets one batch may hold.
const MAX_SHEETS: i32 = 1_000_000;

/// Longest code, place or officer's name kept, in characters.
const MAX_TEXT: usize = 200;

#[derive(Debug, Deserialize)]
pub struct BatchForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    officer_a: String,
    #[serde(default)]
    officer_b: String,
    #[serde(default)]
    sheets_issued: String,
}

/// A count typed into a form: digits only, 0 to [`MAX_SHEETS`].
fn count(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n <= MAX_SHEETS)
}

/// The batch the form describes, or the form again with a message next to each bad field.
fn batch_from_form(f: &BatchForm, locale: Locale) -> Result<BatchFields, FormState> {
    let mut form = FormState::new(locale);
    for (name, value) in [
        ("code", &f.code),
        ("place", &f.place),
        ("day", &f.day),
        ("officer_a", &f.officer_a),
        ("officer_b", &f.officer_b),
        ("sheets_issued", &f.sheets_issued),
    ] {
        form = form.value(name, value.trim());
    }
    let text = |form: &mut FormState, name: &str, value: &str| {
        let value = value.trim();
        if value.is_empty()
            || value.chars().count() > MAX_TEXT
            || value.chars().any(char::is_control)
        {
            form.error(name, Msg::new("admin-paper-error-text"));
        }
        value.to_owned()
    };
    let code = text(&mut form, "code", &f.code);
    let place = text(&mut form, "place", &f.place);
    let officer_a = text(&mut form, "officer_a", &f.officer_a);
    let officer_b = text(&mut form, "officer_b", &f.officer_b);
    if !officer_a.is_empty() && officer_a == officer_b {
        form.error("officer_b", Msg::new("admin-paper-error-same-officer"));
    }
    let day = crate::clock::parse_date(&f.day)
        .map_err(|e| form.error("day", super::date_problem(e, super::DateField::Date)))
        .ok();
    let sheets = count(&f.sheets_issued).filter(|n| *n > 0);
    if sheets.is_none() {
        form.error("sheets_issued", Msg::new("admin-paper-error-sheets"));
    }
    match (day, sheets) {
        (Some(day), Some(sheets_issued)) if form.is_valid() => Ok(BatchFields {
            code,
            place,
            day,
            officer_a,
            officer_b,
            sheets_issued,
        }),
        _ => Err(form),
    }
}

async fn batches_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    campaign: Campaign,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let page = state
        .db
        .run(move |conn| view::batches(conn, &campaign, &address, form))
        .await?;
    let frame = Frame::signed_in(req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/vote_paper.html",
        &page,
        status,
    )
}

/// `GET /quan-tri/binh-chon/{year}/phieu-giay`: the batches and the form that opens one.
pub async fn list_batches(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    year: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let form = FormState::new(Locale::of(&req));
    batches_page(&state, &req, &official, c, form, StatusCode::OK).await
}

/// `POST /quan-tri/binh-chon/{year}/phieu-giay`: opens a batch, audited.
pub async fn open_batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<BatchForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let c = campaign_of(&state, &year).await?;
    let official = posted.who;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let fields = match batch_from_form(&posted.form, locale) {
        Ok(fields) => fields,
        Err(form) => return batches_page(&state, &req, &official, c, form, unprocessable).await,
    };
    let (actor, now, id) = (official.0.actor(), state.clock.now(), c.id);
    let (opened, fields) = state
        .db
        .run(move |conn| {
            Ok((
                vote_paper::open_batch(conn, &actor, id, &fields, now),
                fields,
            ))
        })
        .await?;
    let mut form = FormState::new(locale)
        .value("code", fields.code)
        .value("place", fields.place)
        .value("day", fields.day.format("%Y-%m-%d").to_string())
        .value("officer_a", fields.officer_a)
        .value("officer_b", fields.officer_b)
        .value("sheets_issued", fields.sheets_issued.to_string());
    match opened {
        Ok(batch) => {
            let to = locale.path(&format!(
                "/quan-tri/binh-chon/{}/phieu-giay/{batch}",
                c.year
            ));
            return Ok(see_other(&req, &to, Flash::success("flash-paper-opened")));
        }
        Err(PaperError::CodeTaken(_)) => form.error("code", Msg::new("admin-paper-error-code")),
        Err(PaperError::NotVoting) => form.notice(Msg::new("admin-paper-closed")),
        Err(PaperError::Database) => {
            return Err(AppError::internal(anyhow::anyhow!("batch not opened")));
        }
        Err(e) => form.error_text("code", e.to_string()),
    }
    batches_page(&state, &req, &official, c, form, unprocessable).await
}

/// The batch `id` of campaign `c` (a 404 for another campaign's or none).
async fn batch_of(state: &AppState, c: &Campaign, id: i32) -> Result<PaperBatch, AppError> {
    let campaign_id = c.id;
    state
        .db
        .run(move |conn| {
            PaperBatch::by_id(conn, id)?
                .filter(|b| b.campaign_id == campaign_id)
                .ok_or_else(AppError::not_found)
        })
        .await
}

async fn batch_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    (campaign, batch): (Campaign, PaperBatch),
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let user = official.0.user.id;
    let page = state
        .db
        .run(move |conn| view::batch(conn, &campaign, &batch, user, &address, form))
        .await?;
    let frame = Frame::signed_in(req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/vote_batch.html",
        &page,
        status,
    )
}

/// `GET /quan-tri/binh-chon/{year}/phieu-giay/{batch}`: the batch, its entry form or its two
/// entries compared.
pub async fn show_batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (year, id) = path.into_inner();
    let c = campaign_of(&state, &year).await?;
    let batch = batch_of(&state, &c, id).await?;
    let form = FormState::new(Locale::of(&req));
    batch_page(&state, &req, &official, (c, batch), form, StatusCode::OK).await
}

/// `POST /quan-tri/binh-chon/{year}/phieu-giay/{batch}`: one official's entry of the tally:
/// `sheets_returned` and `m-{nomination}` for each nomination's marks (blank for none).
pub async fn enter_batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    posted: Protected<HashMap<String, String>, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (year, id) = path.into_inner();
    let locale = Locale::of(&req);
    let c = campaign_of(&state, &year).await?;
    let batch = batch_of(&state, &c, id).await?;
    let official = posted.who;
    let mut form = FormState::new(locale);
    let mut marks = BTreeMap::new();
    let mut sheets = None;
    for (name, value) in &posted.form {
        let value = value.trim();
        if name == "sheets_returned" {
            form = form.value(name, value);
            sheets = count(value);
            if sheets.is_none() {
                form.error(name, Msg::new("admin-paper-error-returned"));
            }
        } else if let Some(nomination) = name.strip_prefix("m-") {
            let nomination: i32 = nomination
                .parse()
                .map_err(|_| AppError::bad_request(Msg::new("auth-form-invalid")))?;
            form = form.value(name, value);
            if value.is_empty() {
                continue;
            }
            match count(value) {
                Some(n) => {
                    marks.insert(nomination, n);
                }
                None => form.error(name, Msg::new("admin-paper-error-marks")),
            }
        }
    }
    if sheets.is_none() {
        form.error("sheets_returned", Msg::new("admin-paper-error-returned"));
    }
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(sheets) = sheets.filter(|_| form.is_valid()) else {
        return batch_page(&state, &req, &official, (c, batch), form, unprocessable).await;
    };
    let (actor, now) = (official.0.actor(), state.clock.now());
    let entered = state
        .db
        .run(move |conn| Ok(vote_paper::enter(conn, &actor, id, sheets, &marks, now)))
        .await?;
    let flash = match entered {
        Ok(BatchStatus::Pending) => Flash::success("flash-paper-entered"),
        Ok(BatchStatus::Accepted) => Flash::success("flash-paper-accepted"),
        Ok(BatchStatus::Blocked) => Flash::error("flash-paper-blocked"),
        Err(PaperError::TooManySheets) => {
            form.error("sheets_returned", Msg::new("admin-paper-error-too-many"));
            return batch_page(&state, &req, &official, (c, batch), form, unprocessable).await;
        }
        Err(PaperError::TooManyMarks(n)) => {
            form.error(
                &format!("m-{n}"),
                Msg::new("admin-paper-error-above-returned"),
            );
            return batch_page(&state, &req, &official, (c, batch), form, unprocessable).await;
        }
        Err(PaperError::NotEligible(_)) => {
            return Err(AppError::bad_request(Msg::new("auth-form-invalid")));
        }
        Err(PaperError::Database) => {
            return Err(AppError::internal(anyhow::anyhow!("tally not entered")));
        }
        Err(PaperError::SameOfficial) => Flash::error("flash-paper-same-official"),
        Err(_) => Flash::error("flash-vote-stale"),
    };
    let to = locale.path(&format!("/quan-tri/binh-chon/{}/phieu-giay/{id}", c.year));
    Ok(see_other(&req, &to, flash))
}
