//! The consumer vote's public pages: the ballot of the campaign whose voting is open
//! (`/binh-chon`), the mailed link's confirmation and the receipt, and each year's page with
//! its published files (`/binh-chon/{year}`).
//!
//! The ballot and the confirmation carry the anonymous CSRF token, a honeypot field (a
//! ballot that fills it is answered as if taken, and nothing is stored) and a proof-of-work
//! challenge solved by the page's script (`assets/js/vote.js`); each answered challenge is
//! good once.

use std::collections::BTreeSet;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{PageAddress, see_other};
use crate::actions::vote_ballot::{
    self, BallotError, BallotRequest, Cast, ConfirmError, Contact, Reach,
};
use crate::app::AppState;
use crate::auth::{Protected, Visitor, client_ip};
use crate::db::models::vote_ballot::PublishedFile;
use crate::db::models::vote_campaign::Campaign;
use crate::error::{AppError, UserMessage};
use crate::i18n::{Locale, Msg};
use crate::views::forms::FormState;
use crate::views::vote::{self as view, BallotPage};
use crate::views::{self, Frame};
use crate::vote::files;
use crate::vote::online::{AddressError, PowError, canonical_receipt};

/// Fields of the ballot form besides the picks.
const EMAIL: &str = "email";
const PHONE: &str = "phone";
/// `email` or `phone`: how the voter confirms (phone only with an SMS gateway).
const METHOD: &str = "method";
const CONSENT: &str = "consent";
const POW: &str = "pow";
/// The honeypot: hidden from people, filled in by naive robots.
const HONEYPOT: &str = "website";

/// The campaign of `year`, in any state (a 404 for none): for the officials' and jurors'
/// pages, which check what each state allows.
pub(crate) async fn campaign_of(state: &AppState, year: &str) -> Result<Campaign, AppError> {
    let year: i32 = year.parse().map_err(|_| AppError::not_found())?;
    state
        .db
        .run(move |conn| Campaign::by_year(conn, year)?.ok_or_else(AppError::not_found))
        .await
}

fn now(state: &AppState) -> chrono::NaiveDateTime {
    state.clock.now()
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The ballot as posted: every `pick` and the other fields.
struct Posted {
    picks: Vec<i32>,
    email: String,
    phone: String,
    by_phone: bool,
    consent: bool,
    pow: String,
    honeypot: String,
}

impl Posted {
    fn of(pairs: Vec<(String, String)>) -> Result<Posted, AppError> {
        let mut p = Posted {
            picks: Vec::new(),
            email: String::new(),
            phone: String::new(),
            by_phone: false,
            consent: false,
            pow: String::new(),
            honeypot: String::new(),
        };
        for (name, value) in pairs {
            match name.as_str() {
                "pick" => p.picks.push(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| AppError::bad_request(Msg::new("auth-form-invalid")))?,
                ),
                EMAIL => p.email = value.trim().to_owned(),
                PHONE => p.phone = value.trim().to_owned(),
                METHOD => p.by_phone = value == "phone",
                CONSENT => p.consent = !value.is_empty(),
                POW => p.pow = value,
                HONEYPOT => p.honeypot = value,
                _ => {}
            }
        }
        if p.picks.len() > 1_000 {
            return Err(AppError::bad_request(Msg::new("auth-form-invalid")));
        }
        Ok(p)
    }
}

/// Renders the ballot of `campaign` with `form` and the ticked `picked`.
async fn ballot(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    campaign: Campaign,
    form: FormState,
    picked: BTreeSet<i32>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(req);
    let rules = campaign.parsed_rules().map_err(AppError::internal)?;
    let year = campaign.year;
    let picks_per_group = rules.picks_per_group;
    let groups = state
        .db
        .run(move |conn| {
            Ok(view::ballot_groups(
                conn, &campaign, &rules, &picked, locale,
            )?)
        })
        .await?;
    let page = BallotPage {
        meta: PageAddress::of(req).meta(
            "vote",
            locale.msg(&Msg::new("vote-ballot-title").arg("year", year)),
            locale.t("vote-ballot-description"),
        ),
        year,
        picks_per_group,
        groups,
        form,
        challenge: state.vote_keys.challenge("ballot", unix_now()),
        phones: state.sms.is_some(),
    };
    let frame = Frame::for_visitor(req, visitor);
    views::render(&state.templates, &frame, "vote/ballot.html", &page, status)
}

/// `GET /binh-chon`: the ballot while a campaign's voting is open; otherwise the latest
/// campaign's page.
pub async fn ballot_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
) -> Result<HttpResponse, AppError> {
    let campaigns = state
        .db
        .run(|conn| {
            Ok((
                vote_ballot::open_campaign(conn)?,
                Campaign::latest_public(conn)?,
            ))
        })
        .await?;
    match campaigns {
        (Some(open), _) => {
            let form = FormState::new(Locale::of(&req));
            ballot(
                &state,
                &req,
                &visitor,
                open,
                form,
                BTreeSet::new(),
                StatusCode::OK,
            )
            .await
        }
        (None, Some(latest)) => Ok(see_other(
            &Locale::of(&req).path(&format!("/binh-chon/{}", latest.year)),
        )),
        (None, None) => {
            let locale = Locale::of(&req);
            let page = serde_json::json!({
                "meta": PageAddress::of(&req).meta(
                    "vote",
                    locale.t("vote-none-title"),
                    locale.t("vote-ballot-description"),
                ),
            });
            let frame = Frame::public(&req);
            views::render(
                &state.templates,
                &frame,
                "vote/none.html",
                &page,
                StatusCode::OK,
            )
        }
    }
}

/// `POST /binh-chon`: takes the ballot and mails its confirmation link (303 to the page that
/// says so); bad input shows the ballot again with the picks and address kept.
pub async fn cast_ballot(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let posted = Posted::of(form)?;
    let locale = Locale::of(&req);
    let sent = locale.path("/binh-chon/da-gui");
    if !posted.honeypot.is_empty() {
        return Ok(see_other(&sent));
    }
    let Some(campaign) = state.db.run(|c| Ok(vote_ballot::open_campaign(c)?)).await? else {
        return Ok(see_other(&locale.path("/binh-chon")));
    };
    // Without an SMS gateway the form has no phone field: a posted one is ignored.
    let by_phone = posted.by_phone && state.sms.is_some();
    let mut form = FormState::new(locale)
        .value(EMAIL, &posted.email)
        .value(PHONE, &posted.phone)
        .value(METHOD, if by_phone { "phone" } else { "email" });
    if posted.consent {
        form = form.value(CONSENT, "1");
    }
    let picked: BTreeSet<i32> = posted.picks.iter().copied().collect();
    let pow = state.vote_keys.check_pow(&posted.pow, "ballot");
    if let Err(e) = &pow {
        form.error(POW, pow_message(*e));
    }
    let request = BallotRequest {
        picks: posted.picks,
        contact: if by_phone {
            Contact::Phone(posted.phone)
        } else {
            Contact::Email(posted.email)
        },
        consent: posted.consent,
        client_ip: client_ip(&req),
        locale,
        pow_nonce: None,
    };
    let taken = if let Ok(nonce) = pow {
        let keys = state.vote_keys.clone();
        let site = state.site.clone();
        let sms = state.sms.clone();
        let at = now(&state);
        state
            .db
            .run(move |conn| {
                let request = BallotRequest {
                    pow_nonce: Some(nonce),
                    ..request
                };
                let reach = Reach {
                    site: &site,
                    sms: sms.as_ref(),
                };
                Ok(vote_ballot::cast(conn, &keys, reach, &request, at).map_err(Some))
            })
            .await?
    } else {
        Err(None)
    };
    match taken {
        Ok(Cast::Mailed) => Ok(see_other(&sent)),
        Ok(Cast::CodeSent { token }) => Ok(see_other(
            &locale.path(&format!("/binh-chon/xac-nhan/{token}")),
        )),
        Err(Some(BallotError::Throttled)) => Ok(too_many()),
        // A replayed challenge: the page gets a new one.
        Err(Some(BallotError::PowSpent)) => {
            form.error(POW, pow_message(PowError::Invalid));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            ballot(&state, &req, &visitor, campaign, form, picked, status).await
        }
        Err(Some(BallotError::NotOpen)) => Ok(see_other(&locale.path("/binh-chon"))),
        Err(Some(BallotError::Database | BallotError::Rules)) => Err(AppError::internal(
            anyhow::anyhow!("the ballot was not stored"),
        )),
        Err(error) => {
            match error {
                Some(e) => ballot_error(&mut form, &e, by_phone),
                // A replayed challenge: the page gets a new one.
                None if form.is_valid() => form.error(POW, pow_message(PowError::Invalid)),
                None => {}
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            ballot(&state, &req, &visitor, campaign, form, picked, status).await
        }
    }
}

fn pow_message(e: PowError) -> Msg {
    match e {
        PowError::Expired => Msg::new("vote-error-pow-expired"),
        PowError::Missing | PowError::Invalid => Msg::new("vote-error-pow"),
    }
}

fn ballot_error(form: &mut FormState, e: &BallotError, by_phone: bool) {
    match e {
        BallotError::NoPicks => form.error("picks", Msg::new("vote-error-no-picks")),
        BallotError::NotOnBallot(_) => form.error("picks", Msg::new("vote-error-not-on-ballot")),
        BallotError::TooManyPicks { max, .. } => form.error(
            "picks",
            Msg::new("vote-error-too-many-picks").arg("max", i64::from(*max)),
        ),
        BallotError::Address(_) | BallotError::NoPhones if by_phone => {
            form.error(PHONE, Msg::new("vote-error-phone"))
        }
        BallotError::Address(AddressError::Malformed) => {
            form.error(EMAIL, Msg::new("validate-email"))
        }
        BallotError::Address(AddressError::Disposable) => {
            form.error(EMAIL, Msg::new("vote-error-disposable"))
        }
        BallotError::NoConsent => form.error(CONSENT, Msg::new("vote-error-consent")),
        BallotError::NotOpen
        | BallotError::NoPhones
        | BallotError::PowSpent
        | BallotError::Throttled
        | BallotError::Rules
        | BallotError::Database => {}
    }
}

/// The 429 of a voter or address that sent its share this hour.
fn too_many() -> HttpResponse {
    let mut res = HttpResponse::TooManyRequests()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    res.extensions_mut()
        .insert(UserMessage(Msg::new("vote-too-many")));
    res
}

/// `GET /binh-chon/da-gui`: "check your mailbox".
pub async fn sent_page(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let page = serde_json::json!({
        "meta": PageAddress::of(&req).meta(
            "vote",
            locale.t("vote-sent-title"),
            locale.t("vote-ballot-description"),
        ),
    });
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "vote/sent.html",
        &page,
        StatusCode::OK,
    )
}

/// The page of a link that does not count a ballot (unknown or used, expired, vote closed).
fn link_error(
    state: &AppState,
    req: &HttpRequest,
    e: &ConfirmError,
) -> Result<HttpResponse, AppError> {
    let (key, status) = match e {
        ConfirmError::Unknown => ("vote-link-unknown", StatusCode::GONE),
        ConfirmError::Expired => ("vote-link-expired", StatusCode::GONE),
        ConfirmError::Closed => ("vote-link-closed", StatusCode::CONFLICT),
        ConfirmError::WrongCode { .. } => ("vote-code-used-up", StatusCode::GONE),
        ConfirmError::Database => {
            return Err(AppError::internal(anyhow::anyhow!("confirmation failed")));
        }
    };
    let locale = Locale::of(req);
    let page = serde_json::json!({
        "meta": PageAddress::of(req).meta("vote", locale.t("vote-link-title"), locale.t(key)),
        "message": locale.t(key),
    });
    let frame = Frame::public(req);
    views::render(&state.templates, &frame, "vote/link.html", &page, status)
}

/// Renders the confirmation of the ballot of link `token` (its picks, a button).
async fn confirmation(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    token: String,
    error: Option<Msg>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(req);
    let at = now(state);
    let found = state
        .db
        .run(move |conn| {
            Ok(match vote_ballot::pending(conn, &token, at) {
                Ok((campaign, ballot)) => {
                    let rules = campaign.parsed_rules().map_err(AppError::internal)?;
                    Ok((
                        (campaign.year, ballot.code_hash.is_some()),
                        view::picked_lines(conn, &ballot, &rules, locale)?,
                        token,
                    ))
                }
                Err(e) => Err(e),
            })
        })
        .await?;
    let ((year, needs_code), picks, token) = match found {
        Ok(found) => found,
        Err(e) => return link_error(state, req, &e),
    };
    let page = serde_json::json!({
        "meta": PageAddress::of(req).meta(
            "vote",
            locale.msg(&Msg::new("vote-confirm-title").arg("year", year)),
            locale.t("vote-ballot-description"),
        ),
        "year": year,
        "picks": picks,
        "needs_code": needs_code,
        "code_minutes": crate::vote::online::CODE_LIFETIME_MINUTES,
        "action": format!("/binh-chon/xac-nhan/{token}"),
        "challenge": state.vote_keys.challenge("confirm", unix_now()),
        "error": error.map(|m| locale.msg(&m)),
    });
    let frame = Frame::for_visitor(req, visitor);
    let mut res = views::render(&state.templates, &frame, "vote/confirm.html", &page, status)?;
    // The link's token is in the address: it must not leak to other sites.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    Ok(res)
}

/// `GET /binh-chon/xac-nhan/{token}`: the ballot to confirm. Following the link changes
/// nothing (mail scanners follow links); the button does.
pub async fn confirm_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    confirmation(&state, &req, &visitor, token, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    pow: String,
    /// A phone ballot's texted code.
    #[serde(default)]
    code: String,
}

/// `POST /binh-chon/xac-nhan/{token}`: counts the ballot and shows its receipt code.
pub async fn confirm_ballot(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    posted: Protected<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let Protected { visitor, form, .. } = posted;
    let token = token.into_inner();
    let nonce = match state.vote_keys.check_pow(&form.pow, "confirm") {
        Ok(nonce) => nonce,
        Err(e) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return confirmation(&state, &req, &visitor, token, Some(pow_message(e)), status).await;
        }
    };
    let keys = state.vote_keys.clone();
    let at = now(&state);
    let secret = token.clone();
    let code = form.code;
    let done = state
        .db
        .run(move |conn| {
            if !vote_ballot::spend_pow(conn, &nonce, at)? {
                return Ok(None);
            }
            let code = Some(code.as_str()).filter(|c| !c.trim().is_empty());
            Ok(Some(vote_ballot::confirm(conn, &keys, &secret, code, at)))
        })
        .await?;
    let confirmed = match done {
        None => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let msg = Some(pow_message(PowError::Invalid));
            return confirmation(&state, &req, &visitor, token, msg, status).await;
        }
        Some(Err(ConfirmError::WrongCode { left })) if left > 0 => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let msg = Some(Msg::new("vote-error-code").arg("count", i64::from(left)));
            return confirmation(&state, &req, &visitor, token, msg, status).await;
        }
        Some(Err(e)) => return link_error(&state, &req, &e),
        Some(Ok(c)) => c,
    };
    let locale = Locale::of(&req);
    let page = serde_json::json!({
        "meta": PageAddress::of(&req).meta(
            "vote",
            locale.t("vote-receipt-title"),
            locale.t("vote-ballot-description"),
        ),
        "year": confirmed.year,
        "receipt": confirmed.receipt,
        "superseded": confirmed.superseded,
    });
    let frame = Frame::public(&req);
    let mut res = views::render(
        &state.templates,
        &frame,
        "vote/receipt.html",
        &page,
        StatusCode::OK,
    )?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    /// A receipt code to look up.
    ma: Option<String>,
}

/// `GET /binh-chon/{year}`: the campaign's rules, record, turnout, results and files, and
/// the receipt check.
pub async fn year_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let year: i32 = year.parse().map_err(|_| AppError::not_found())?;
    let locale = Locale::of(&req);
    let typed = query.ma.as_deref().map(str::trim).filter(|m| !m.is_empty());
    let receipt = typed.and_then(canonical_receipt);
    let bad_receipt = typed.is_some() && receipt.is_none();
    let meta = PageAddress::of(&req).meta(
        "vote",
        locale.msg(&Msg::new("vote-year-title").arg("year", year)),
        locale.msg(&Msg::new("vote-year-description").arg("year", year)),
    );
    let page = state
        .db
        .run(move |conn| {
            let campaign = Campaign::by_year(conn, year)?
                .filter(|c| c.state.is_public())
                .ok_or_else(AppError::not_found)?;
            Ok(view::year_page(conn, &campaign, receipt, locale, meta)?)
        })
        .await?;
    let mut value = serde_json::to_value(&page).map_err(AppError::internal)?;
    if bad_receipt {
        value["receipt_error"] = locale.t("vote-receipt-malformed").into();
        value["receipt_typed"] = typed.unwrap_or_default().into();
    }
    let frame = Frame::public(&req);
    views::render(
        &state.templates,
        &frame,
        "vote/year.html",
        &value,
        StatusCode::OK,
    )
}

/// `GET /binh-chon/{year}/tep/{name}`: one published file, as stored.
pub async fn published_file(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (year, name) = path.into_inner();
    let year: i32 = year.parse().map_err(|_| AppError::not_found())?;
    let content_type = match name.rsplit_once('.').map(|(_, ext)| ext) {
        _ if !files::NAMES.contains(&name.as_str()) => return Err(AppError::not_found()),
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    };
    let file = state
        .db
        .run(move |conn| {
            let campaign = Campaign::by_year(conn, year)?.ok_or_else(AppError::not_found)?;
            PublishedFile::get(conn, campaign.id, &name)?.ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}-{}\"", year, file.name),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(file.body))
}
