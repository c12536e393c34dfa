//! The jurors' area of the consumer vote (`/giam-khao`): any signed-in account an official
//! appointed juror of a campaign scores its eligible nominations there, on the rules'
//! criteria, while nominations are in review or voting is open. A sheet is saved whole or not
//! at all; a bad score is shown again next to its field with everything typed kept.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::vote::campaign_of;
use crate::actions::vote_jury::{self, JuryError, Mark};
use crate::app::AppState;
use crate::auth::{Protected, SignedInUser};
use crate::db::models::vote_campaign::Campaign;
use crate::error::AppError;
use crate::flash::{Flash, see_other};
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::jury as view;
use crate::views::{self, Frame, PageAddress};

/// `GET /giam-khao`: the campaigns the signed-in account is a juror of.
pub async fn show_jury(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: SignedInUser,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(&req);
    let id = user.0.user.id;
    let page = state
        .db
        .run(move |conn| view::index(conn, id, &address))
        .await?;
    let frame = Frame::signed_in(&req, &user.0);
    views::render(
        &state.templates,
        &frame,
        "jury/index.html",
        &page,
        StatusCode::OK,
    )
}

/// Draws the score sheet of `user` in `campaign` (a 403 for an account that is not one of
/// its jurors).
async fn sheet_page(
    state: &AppState,
    req: &HttpRequest,
    user: &SignedInUser,
    campaign: Campaign,
    form: Option<FormState>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let id = user.0.user.id;
    let page = state
        .db
        .run(move |conn| {
            let number = view::juror_number(conn, campaign.id, id)?
                .ok_or_else(|| AppError::forbidden(Msg::new("jury-not-juror")))?;
            view::sheet(conn, &campaign, (id, number), &address, form)
        })
        .await?;
    let frame = Frame::signed_in(req, &user.0);
    views::render(&state.templates, &frame, "jury/sheet.html", &page, status)
}

/// `GET /giam-khao/{year}`: the juror's score sheet of that year's campaign.
pub async fn show_sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: SignedInUser,
    year: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    sheet_page(&state, &req, &user, c, None, StatusCode::OK).await
}

/// `POST /giam-khao/{year}`: saves the sheet: `s-{nomination}-{criterion}` fields, blank
/// for a score not given (or taken back).
pub async fn save_sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<HashMap<String, String>, SignedInUser>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let c = campaign_of(&state, &year).await?;
    let user = posted.who;
    let rules = c
        .parsed_rules()
        .map_err(|e| AppError::internal(anyhow::anyhow!("campaign rules: {e}")))?;
    let bad = || AppError::bad_request(Msg::new("auth-form-invalid"));
    let mut form = FormState::new(locale);
    let mut marks = Vec::new();
    for (name, value) in &posted.form {
        let Some(rest) = name.strip_prefix("s-") else {
            continue;
        };
        let (nomination, criterion) = rest.split_once('-').ok_or_else(bad)?;
        let nomination: i32 = nomination.parse().map_err(|_| bad())?;
        let max = rules
            .criteria
            .iter()
            .find(|c| c.key == criterion)
            .map(|c| c.max)
            .ok_or_else(bad)?;
        let value = value.trim();
        form = form.value(name, value);
        if value.is_empty() {
            // A field emptied takes the score back.
            marks.push(Mark {
                nomination,
                criterion: criterion.to_owned(),
                score: None,
            });
            continue;
        }
        let score = Some(value)
            .filter(|v| v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|s| *s <= max);
        match score {
            Some(score) => marks.push(Mark {
                nomination,
                criterion: criterion.to_owned(),
                score: Some(score),
            }),
            None => form.error(name, Msg::new("jury-error-score").arg("max", max)),
        }
    }
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if !form.is_valid() {
        return sheet_page(&state, &req, &user, c, Some(form), unprocessable).await;
    }
    let (id, campaign, now) = (user.0.user.id, c.id, state.clock.now());
    let saved = state
        .db
        .run(move |conn| Ok(vote_jury::score_all(conn, id, campaign, &marks, now)))
        .await?;
    match saved {
        Ok(()) => {
            let to = locale.path(&format!("/giam-khao/{}", c.year));
            Ok(see_other(&req, &to, Flash::success("flash-jury-saved")))
        }
        Err(JuryError::NotJuror) => Err(AppError::forbidden(Msg::new("jury-not-juror"))),
        Err(JuryError::Locked) => {
            form.notice(Msg::new("jury-locked"));
            sheet_page(&state, &req, &user, c, Some(form), StatusCode::CONFLICT).await
        }
        Err(JuryError::Database) => Err(AppError::internal(anyhow::anyhow!("scores not saved"))),
        Err(_) => Err(bad()),
    }
}
