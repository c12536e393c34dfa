//! The consumer vote in the officials' area (`/quan-tri/binh-chon`): the campaigns and the
//! form that opens a year's with its rules; one campaign's console, whose every button is
//! one audited command of `crate::actions::vote*` answering with a flash message.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::vote::{self as campaign, Decision, Mover, NominationError, VoteError};
use crate::actions::vote_detect::{self, InvalidateError, Invalidation, Which};
use crate::actions::vote_jury::{self, JuryError};
use crate::actions::vote_objection::{self, ObjectionError};
use crate::app::AppState;
use crate::auth::{NoFields, OfficialUser, Protected};
use crate::db::models::vote_ballot::InvalidReason;
use crate::db::models::vote_campaign::CampaignState;
use crate::error::AppError;
use crate::flash::{Flash, see_other};
use crate::i18n::{Locale, Msg};
use crate::views::admin::vote as view;
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};
use crate::vote::count::{Criterion, Group, Rules, SCALE, TieBreak, TierBand};
use crate::vote::detect::Rule;

/// What the creation form posts: the year and the rules, a line per group, criterion, tier.
#[derive(Debug, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    groups: String,
    #[serde(default)]
    picks_per_group: String,
    #[serde(default)]
    vote_weight: String,
    #[serde(default)]
    criteria: String,
    #[serde(default)]
    tiers: String,
    #[serde(default)]
    tie_breaks: String,
}

/// A group's or criterion's key: lower-case ASCII words joined by hyphens.
fn is_slug(text: &str) -> bool {
    !text.is_empty() && crate::text::slugify(text) == text
}

fn lines(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(|p| p.trim().to_owned()).collect())
}

/// The rules the form describes, or the form again with a message next to each bad field.
fn rules_from_form(f: &CampaignForm, locale: Locale) -> Result<Rules, FormState> {
    let mut form = FormState::new(locale)
        .value("year", f.year.trim())
        .value("groups", f.groups.trim())
        .value("picks_per_group", f.picks_per_group.trim())
        .value("vote_weight", f.vote_weight.trim())
        .value("criteria", f.criteria.trim())
        .value("tiers", f.tiers.trim())
        .value("tie_breaks", f.tie_breaks.trim());
    let year = f
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        form.error("year", Msg::new("admin-vote-error-year"));
    }
    let mut groups = Vec::new();
    for parts in lines(&f.groups) {
        match parts.as_slice() {
            [slug, vi, en] if is_slug(slug) && !vi.is_empty() && !en.is_empty() => {
                groups.push(Group {
                    slug: slug.clone(),
                    name_vi: vi.clone(),
                    name_en: en.clone(),
                })
            }
            _ => form.error("groups", Msg::new("admin-vote-error-groups")),
        }
    }
    let picks = f
        .picks_per_group
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|p| (1..=20).contains(p));
    if picks.is_none() {
        form.error("picks_per_group", Msg::new("admin-vote-error-picks"));
    }
    let weight = f
        .vote_weight
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|w| *w <= 100);
    if weight.is_none() {
        form.error("vote_weight", Msg::new("admin-vote-error-weight"));
    }
    let mut criteria = Vec::new();
    for parts in lines(&f.criteria) {
        match parts.as_slice() {
            [key, vi, en, max] if is_slug(key) => match max.parse::<u32>() {
                Ok(max) if (1..=1000).contains(&max) => criteria.push(Criterion {
                    key: key.clone(),
                    name_vi: vi.clone(),
                    name_en: en.clone(),
                    max,
                }),
                _ => form.error("criteria", Msg::new("admin-vote-error-criteria")),
            },
            _ => form.error("criteria", Msg::new("admin-vote-error-criteria")),
        }
    }
    let mut tiers = Vec::new();
    for (i, parts) in lines(&f.tiers).enumerate() {
        let parsed = match parts.as_slice() {
            [places, min] => places.parse::<u32>().ok().zip(min.parse::<u64>().ok()),
            _ => None,
        };
        match parsed {
            Some((places, min)) if places > 0 && min <= 100 && i < 20 => tiers.push(TierBand {
                tier: u8::try_from(i + 1).unwrap_or(u8::MAX),
                places,
                min_score: min * (SCALE / 100),
            }),
            _ => form.error("tiers", Msg::new("admin-vote-error-tiers")),
        }
    }
    let mut tie_breaks = Vec::new();
    for code in f
        .tie_breaks
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match code {
            "jury" => tie_breaks.push(TieBreak::Jury),
            "votes" => tie_breaks.push(TieBreak::Votes),
            "online_votes" => tie_breaks.push(TieBreak::OnlineVotes),
            _ => form.error("tie_breaks", Msg::new("admin-vote-error-ties")),
        }
    }
    let (Some(year), Some(picks), Some(weight)) = (year, picks, weight) else {
        return Err(form);
    };
    if !form.is_valid() {
        return Err(form);
    }
    let rules = Rules {
        year,
        groups,
        picks_per_group: picks,
        vote_weight: weight,
        jury_weight: 100 - weight,
        criteria,
        tiers,
        tie_breaks,
    };
    if let Err(e) = rules.validate() {
        form.error_text("groups", e.to_string());
        return Err(form);
    }
    Ok(rules)
}

/// The creation form's starting rules: the catalogue's categories as groups, three picks,
/// 70% votes and 30% jury on three criteria, Top 1–4 of 1, 2, 2, 3 places.
async fn template(state: &AppState, locale: Locale) -> Result<FormState, AppError> {
    let year = state
        .clock
        .today()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(2026);
    let ctx = state.reference.get(&state.db).await?;
    let groups = ctx
        .categories
        .iter()
        .map(|c| Group {
            slug: c.slug.clone(),
            name_vi: ctx.category_name(c, Locale::Vi),
            name_en: ctx.category_name(c, Locale::En),
        })
        .collect();
    let criterion = |key: &str| Criterion {
        key: key.to_owned(),
        name_vi: Locale::Vi.t(&format!("admin-vote-criterion-{key}")),
        name_en: Locale::En.t(&format!("admin-vote-criterion-{key}")),
        max: 10,
    };
    let rules = Rules {
        year,
        groups,
        picks_per_group: 3,
        vote_weight: 70,
        jury_weight: 30,
        criteria: vec![
            criterion("chat-luong"),
            criterion("uy-tin"),
            criterion("doi-moi"),
        ],
        tiers: [1, 2, 2, 3]
            .into_iter()
            .enumerate()
            .map(|(i, places)| TierBand {
                tier: u8::try_from(i + 1).unwrap_or(1),
                places,
                min_score: 0,
            })
            .collect(),
        tie_breaks: vec![TieBreak::Jury, TieBreak::Votes],
    };
    Ok(view::rules_form(&rules, locale))
}

async fn campaigns_page(
    state: &AppState,
    req: &HttpRequest,
    official: &OfficialUser,
    form: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let address = PageAddress::of(req);
    let page = state
        .db
        .run(move |conn| view::campaigns(conn, &address, form))
        .await?;
    let frame = Frame::signed_in(req, &official.0);
    views::render(&state.templates, &frame, "admin/votes.html", &page, status)
}

/// `GET /quan-tri/binh-chon`: the campaigns, and the form that opens one.
pub async fn list_votes(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
) -> Result<HttpResponse, AppError> {
    let form = template(&state, Locale::of(&req)).await?;
    campaigns_page(&state, &req, &official, form, StatusCode::OK).await
}

/// `POST /quan-tri/binh-chon`: creates the draft campaign of a year with its rules.
pub async fn create_vote(
    state: web::Data<AppState>,
    req: HttpRequest,
    posted: Protected<CampaignForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::of(&req);
    let official = posted.who;
    let rules = match rules_from_form(&posted.form, locale) {
        Ok(rules) => rules,
        Err(form) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return campaigns_page(&state, &req, &official, form, status).await;
        }
    };
    let (actor, year, now) = (official.0.actor(), rules.year, state.clock.now());
    let (made, rules) = state
        .db
        .run(move |conn| Ok((campaign::create(conn, &actor, year, &rules, now), rules)))
        .await?;
    match made {
        Ok(_) => Ok(see_other(
            &req,
            &locale.path(&format!("/quan-tri/binh-chon/{year}")),
            Flash::success("flash-vote-created"),
        )),
        Err(VoteError::YearTaken(_)) => {
            let mut form = view::rules_form(&rules, locale);
            form.error("year", Msg::new("admin-vote-error-year-taken"));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            campaigns_page(&state, &req, &official, form, status).await
        }
        Err(e) => Err(AppError::internal(e)),
    }
}

pub(super) use crate::handlers::vote::campaign_of;

/// `GET /quan-tri/binh-chon/{year}`: the campaign's console.
pub async fn show_vote(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    year: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let address = PageAddress::of(&req);
    let page = state
        .db
        .run(move |conn| view::console(conn, &c, &address))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/vote.html",
        &page,
        StatusCode::OK,
    )
}

fn back(req: &HttpRequest, year: i32, flash: Flash) -> HttpResponse {
    let to = Locale::of(req).path(&format!("/quan-tri/binh-chon/{year}"));
    see_other(req, &to, flash)
}

#[derive(Debug, Deserialize)]
pub struct AdvanceForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
}

/// `POST /quan-tri/binh-chon/{year}/chuyen`: moves the campaign one state forward, from the
/// state the official saw.
pub async fn advance_vote(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<AdvanceForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let bad = || AppError::bad_request(Msg::new("auth-form-invalid"));
    let from = CampaignState::parse(posted.form.from.trim()).ok_or_else(bad)?;
    let to = CampaignState::parse(posted.form.to.trim()).ok_or_else(bad)?;
    let note = super::kept_reason(&posted.form.note);
    let actor = posted.who.0.actor();
    let app = state.clone();
    let now = state.clock.now();
    let moved = state
        .db
        .run(move |conn| {
            let mover = Mover {
                actor: &actor,
                keys: &app.vote_keys,
                site: &app.site,
            };
            Ok(campaign::advance(conn, mover, c.id, from, to, &note, now))
        })
        .await?;
    let flash = match moved {
        Ok(_) => {
            if to == CampaignState::Certified {
                crate::actions::Caches {
                    pages: &state.pages,
                    reference: &state.reference,
                }
                .awards_changed();
            }
            Flash::success("flash-vote-moved").arg("name", to.label(Locale::of(&req)))
        }
        Err(VoteError::NoDecision) => Flash::error("flash-vote-needs-decision"),
        Err(VoteError::OpenObjections(n)) => {
            Flash::error("flash-vote-open-objections").arg("count", n)
        }
        Err(VoteError::Conflict | VoteError::NotNext { .. }) => Flash::error("flash-vote-stale"),
        Err(VoteError::Rules(e)) => {
            Flash::error("flash-vote-bad-rules").arg("reason", e.to_string())
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    Ok(back(&req, c.year, flash))
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision_no: String,
}

/// `POST /quan-tri/binh-chon/{year}/quyet-dinh`: records the certification decision's number.
pub async fn set_vote_decision(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<DecisionForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let (actor, now, number) = (
        posted.who.0.actor(),
        state.clock.now(),
        posted.form.decision_no,
    );
    let set = state
        .db
        .run(move |conn| Ok(campaign::set_decision(conn, &actor, c.id, &number, now)))
        .await?;
    let flash = match set {
        Ok(()) => Flash::success("flash-vote-decision-set"),
        Err(VoteError::NoDecision) => Flash::error("flash-vote-needs-decision"),
        Err(VoteError::DecisionClosed) => Flash::error("flash-vote-stale"),
        Err(e) => return Err(AppError::internal(e)),
    };
    Ok(back(&req, c.year, flash))
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /quan-tri/binh-chon/{year}/de-cu/{id}`: eligible, needs information or rejected
/// (the last two with a reason), audited.
pub async fn review_nomination(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    posted: Protected<ReviewForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (year, id) = path.into_inner();
    let c = campaign_of(&state, &year).await?;
    let reason = super::kept_reason(&posted.form.reason);
    let decision = match posted.form.decision.as_str() {
        "eligible" => Decision::Eligible,
        "needs_info" | "rejected" if reason.is_empty() => {
            return Ok(back(&req, c.year, Flash::error("flash-vote-reason-needed")));
        }
        "needs_info" => Decision::NeedsInfo(reason),
        "rejected" => Decision::Rejected(reason),
        _ => return Err(AppError::bad_request(Msg::new("auth-form-invalid"))),
    };
    let (actor, now) = (posted.who.0.actor(), state.clock.now());
    let done = state
        .db
        .run(move |conn| Ok(campaign::review(conn, &actor, id, &decision, now)))
        .await?;
    let flash = match done {
        Ok(()) => Flash::success("flash-vote-reviewed"),
        Err(NominationError::NotFound) => return Err(AppError::not_found()),
        Err(NominationError::Database(e)) => return Err(AppError::internal(e)),
        Err(_) => Flash::error("flash-vote-stale"),
    };
    Ok(back(&req, c.year, flash))
}

/// `POST /quan-tri/binh-chon/{year}/phat-hien`: runs fraud detection now.
pub async fn run_detection(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    _posted: Protected<NoFields, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let (keys, now) = (state.vote_keys.clone(), state.clock.now());
    let found = state
        .db
        .run(move |conn| Ok(vote_detect::run(conn, &keys, c.id, now)?))
        .await?;
    let flash = Flash::success("flash-vote-detected").arg("count", found.flagged as i64);
    Ok(back(&req, c.year, flash))
}

#[derive(Debug, Deserialize)]
pub struct InvalidateForm {
    #[serde(default)]
    rule: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// `POST /quan-tri/binh-chon/{year}/huy-phieu`: invalidates the counted ballots a rule
/// flagged, with a reason code and a note, audited; the firms concerned are told.
pub async fn invalidate_ballots(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<InvalidateForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let bad = || AppError::bad_request(Msg::new("auth-form-invalid"));
    let rule = Rule::parse(posted.form.rule.trim()).ok_or_else(bad)?;
    let reason = InvalidReason::parse(posted.form.reason.trim()).ok_or_else(bad)?;
    let note = super::kept_reason(&posted.form.note);
    if note.is_empty() {
        return Ok(back(&req, c.year, Flash::error("flash-vote-reason-needed")));
    }
    let (actor, app) = (posted.who.0.actor(), state.clone());
    let done = state
        .db
        .run(move |conn| {
            let what = Invalidation {
                campaign_id: c.id,
                ballots: Which::Flagged(rule),
                reason,
                note: &note,
            };
            Ok(vote_detect::invalidate(conn, &actor, &app.site, &what))
        })
        .await?;
    let flash = match done {
        Ok(n) => Flash::success("flash-vote-invalidated").arg("count", n as i64),
        Err(InvalidateError::NothingToInvalidate) => Flash::info("flash-vote-nothing-flagged"),
        Err(InvalidateError::WrongState | InvalidateError::NotFound) => {
            Flash::error("flash-vote-stale")
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    Ok(back(&req, c.year, flash))
}

#[derive(Debug, Deserialize)]
pub struct ObjectionAnswer {
    #[serde(default)]
    upheld: String,
    #[serde(default)]
    answer: String,
}

/// `POST /quan-tri/binh-chon/{year}/khieu-nai/{id}`: upholds or dismisses an objection with
/// an answer, audited.
pub async fn decide_objection(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    posted: Protected<ObjectionAnswer, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (year, id) = path.into_inner();
    let c = campaign_of(&state, &year).await?;
    let upheld = match posted.form.upheld.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::bad_request(Msg::new("auth-form-invalid"))),
    };
    let (actor, now, answer) = (posted.who.0.actor(), state.clock.now(), posted.form.answer);
    let done = state
        .db
        .run(move |conn| {
            Ok(vote_objection::decide(
                conn, &actor, id, upheld, &answer, now,
            ))
        })
        .await?;
    let flash = match done {
        Ok(()) => Flash::success("flash-vote-objection-decided"),
        Err(ObjectionError::Text) => Flash::error("flash-vote-reason-needed"),
        Err(ObjectionError::Database) => {
            return Err(AppError::internal(anyhow::anyhow!("objection not decided")));
        }
        Err(_) => Flash::error("flash-vote-stale"),
    };
    Ok(back(&req, c.year, flash))
}

#[derive(Debug, Deserialize)]
pub struct JurorForm {
    #[serde(default)]
    email: String,
}

/// `POST /quan-tri/binh-chon/{year}/giam-khao`: appoints the account with that address a
/// juror of the campaign, audited; the juror scores from `/giam-khao`.
pub async fn appoint_juror(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<String>,
    posted: Protected<JurorForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let c = campaign_of(&state, &year).await?;
    let email = posted.form.email.trim().to_owned();
    let (actor, now, site) = (posted.who.0.actor(), state.clock.now(), state.site.clone());
    let shown = email.clone();
    let done = state
        .db
        .run(move |conn| {
            let Some(user) = crate::db::models::user::User::by_email(conn, &email)? else {
                return Ok(None);
            };
            Ok(Some(vote_jury::appoint(
                conn, &actor, &site, c.id, user.id, now,
            )))
        })
        .await?;
    let flash = match done {
        None => Flash::error("flash-jury-no-account").arg("name", shown),
        Some(Ok(number)) => Flash::success("flash-jury-appointed")
            .arg("name", shown)
            .arg("count", i64::from(number)),
        Some(Err(JuryError::AlreadyJuror)) => Flash::error("flash-jury-already").arg("name", shown),
        Some(Err(JuryError::Database)) => {
            return Err(AppError::internal(anyhow::anyhow!("juror not appointed")));
        }
        Some(Err(_)) => Flash::error("flash-vote-stale"),
    };
    Ok(back(&req, c.year, flash))
}
