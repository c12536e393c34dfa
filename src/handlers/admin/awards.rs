//! Award lists, one product at a time: look a product up, record an award, edit it, withdraw
//! it; and export a programme's list in the import format.

use crate::i18n::Locale;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{ReasonForm, render, see_other, unprocessable_if};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected, SignedIn};
use crate::clock::{parse_date, today_in_vietnam};
use crate::db::models::award::{Programme, default_valid_until};
use crate::db::models::award_change::{AwardChange, AwardFields};
use crate::db::models::{Award, Product};
use crate::error::AppError;
use crate::views::FilterOption;
use crate::views::forms::FormState;

#[derive(Debug, Deserialize)]
pub struct LookupParams {
    q: Option<String>,
}

#[derive(Serialize)]
struct Found {
    id: i32,
    name: String,
    status_label: String,
}

#[derive(Serialize)]
struct ToolsView {
    q: String,
    found: Vec<Found>,
    programmes: Vec<FilterOption>,
}

fn programme_options(selected: &str) -> Vec<FilterOption> {
    Programme::ALL
        .iter()
        .map(|p| FilterOption {
            value: p.slug().to_owned(),
            label: p.name(Locale::Vi).to_owned(),
            selected: p.slug() == selected,
        })
        .collect()
}

/// `GET /quan-tri/giai-thuong`: find a product to manage its awards; import and export lists.
pub async fn show_award_tools(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<LookupParams>,
) -> Result<HttpResponse, AppError> {
    let q: String = params
        .into_inner()
        .q
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    let lookup = q.clone();
    let found = if q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .db
            .run(move |conn| Ok(Product::find_by_name(conn, &lookup, 30)?))
            .await?
    };
    let view = ToolsView {
        q,
        found: found
            .into_iter()
            .map(|p| Found {
                id: p.id,
                status_label: p.status.label(Locale::Vi),
                name: p.name,
            })
            .collect(),
        programmes: programme_options(""),
    };
    render(
        &state,
        &req,
        &official.0,
        "admin/awards.html",
        "Giải thưởng",
        view,
    )
}

/// The award form as posted; every field is text so that it can be shown back.
#[derive(Debug, Default, Deserialize)]
pub struct AwardForm {
    #[serde(default)]
    programme: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    tier: String,
    #[serde(default)]
    certificate_no: String,
    #[serde(default)]
    valid_until: String,
    #[serde(default)]
    source_url: String,
}

impl AwardForm {
    fn state(&self) -> FormState {
        FormState::default()
            .value("programme", self.programme.trim())
            .value("year", self.year.trim())
            .value("tier", self.tier.trim())
            .value("certificate_no", self.certificate_no.trim())
            .value("valid_until", self.valid_until.trim())
            .value("source_url", self.source_url.trim())
    }

    /// Checks the form; `fixed` is the programme and year of an award being edited.
    fn check(&self, fixed: Option<(Programme, i32)>) -> Result<AwardFields, FormState> {
        let mut form = self.state();
        let (programme, year) = match fixed {
            Some(known) => (Some(known.0), Some(known.1)),
            None => {
                let programme = Programme::from_slug(self.programme.trim());
                if programme.is_none() {
                    form.error("programme", "Hãy chọn chương trình.");
                }
                let years = crate::import::award_years();
                let year = self
                    .year
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|y| years.contains(y));
                if year.is_none() {
                    let (first, last) = (years.start(), years.end());
                    form.error("year", format!("Năm phải từ {first} đến {last}."));
                }
                (programme, year)
            }
        };
        let tier = Some(self.tier.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(p) = programme
            && let Err(e) = p.check_tier(tier.as_deref())
        {
            form.error("tier", capitalize(&e));
        }
        let certificate_no = Some(self.certificate_no.trim().to_owned()).filter(|c| !c.is_empty());
        if certificate_no
            .as_ref()
            .is_some_and(|c| c.chars().count() > 100)
        {
            form.error("certificate_no", "Số quyết định dài quá 100 ký tự.");
        }
        let valid_text = self.valid_until.trim();
        let valid_until = if valid_text.is_empty() {
            None
        } else {
            parse_date(valid_text)
                .map_err(|e| form.error("valid_until", e.date_message()))
                .ok()
        };
        let source_url = Some(self.source_url.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(url) = &source_url
            && let Err(e) = crate::validate::website(url)
        {
            form.error("source_url", e);
        }
        match (programme, year) {
            (Some(programme), Some(year)) if form.is_valid() => Ok(AwardFields {
                programme,
                year,
                tier,
                certificate_no,
                valid_until: valid_until.or_else(|| default_valid_until(programme, year)),
                source_url,
            }),
            _ => Err(form),
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[derive(Serialize)]
struct AwardRow {
    id: i32,
    programme: String,
    programme_name: String,
    year: i32,
    tier: String,
    tier_label: String,
    certificate_no: String,
    valid_until: String,
    source_url: String,
    expired: bool,
    tiers: Vec<FilterOption>,
}

#[derive(Serialize)]
struct ProductAwardsView {
    id: i32,
    name: String,
    slug: String,
    status_label: String,
    published: bool,
    awards: Vec<AwardRow>,
    programmes: Vec<FilterOption>,
    /// The award whose edit form failed, with its messages.
    edit_id: Option<i32>,
    edit_form: FormState,
    new_form: FormState,
    /// The (empty) messages of the awards not being edited.
    no_errors: std::collections::BTreeMap<String, String>,
}

/// Where a failed form's messages go.
enum Failed {
    None,
    New(FormState),
    Edit(i32, FormState),
}

async fn product_awards_page(
    state: &AppState,
    req: &HttpRequest,
    official: &SignedIn,
    id: i32,
    failed: Failed,
) -> Result<HttpResponse, AppError> {
    let (product, awards) = state
        .db
        .run(move |conn| {
            let product = Product::by_id(conn, id)?;
            let awards = Award::for_products(conn, &[id])?;
            Ok((product, awards))
        })
        .await?;
    let today = today_in_vietnam();
    let rows = awards
        .iter()
        .filter_map(|a| {
            let programme = a.programme()?;
            let tier = a.tier.clone().unwrap_or_default();
            Some(AwardRow {
                id: a.id,
                programme: programme.slug().to_owned(),
                programme_name: programme.name(Locale::Vi),
                year: a.year,
                tier_label: a
                    .tier
                    .as_deref()
                    .map(|t| programme.tier_label(t, Locale::Vi))
                    .unwrap_or_default(),
                tiers: programme
                    .tiers()
                    .iter()
                    .map(|t| FilterOption {
                        value: (*t).to_owned(),
                        label: programme.tier_label(t, Locale::Vi),
                        selected: *t == tier,
                    })
                    .collect(),
                tier,
                certificate_no: a.certificate_no.clone().unwrap_or_default(),
                valid_until: a.valid_until.map(|d| d.to_string()).unwrap_or_default(),
                source_url: a.source_url.clone().unwrap_or_default(),
                expired: a.is_expired(today),
            })
        })
        .collect();
    let failed_form = !matches!(failed, Failed::None);
    let (new_form, edit_id, edit_form) = match failed {
        Failed::None => (FormState::default(), None, FormState::default()),
        Failed::New(f) => (f, None, FormState::default()),
        Failed::Edit(award, f) => (FormState::default(), Some(award), f),
    };
    let view = ProductAwardsView {
        id,
        programmes: programme_options(
            new_form
                .values
                .get("programme")
                .map(String::as_str)
                .unwrap_or(""),
        ),
        name: product.name.clone(),
        published: product.is_published(),
        slug: product.slug,
        status_label: product.status.label(Locale::Vi),
        awards: rows,
        edit_id,
        edit_form,
        new_form,
        no_errors: Default::default(),
    };
    let page = render(
        state,
        req,
        official,
        "admin/product_awards.html",
        &format!("Giải thưởng: {}", product.name),
        view,
    )?;
    Ok(unprocessable_if(failed_form, page))
}

/// `GET /quan-tri/san-pham/{id}/giai-thuong`: a product's awards, with the forms.
pub async fn show_product_awards(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    product_awards_page(&state, &req, &official.0, id.into_inner(), Failed::None).await
}

/// `POST /quan-tri/san-pham/{id}/giai-thuong`: records an award.
pub async fn record_award(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    posted: Protected<AwardForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let who = &posted.who.0;
    let fields = match posted.form.check(None) {
        Ok(fields) => fields,
        Err(form) => return product_awards_page(&state, &req, who, id, Failed::New(form)).await,
    };
    let actor = who.actor();
    let outcome = state
        .db
        .run(move |conn| {
            Product::by_id(conn, id)?;
            Ok(Award::record(conn, &actor, id, &fields)?)
        })
        .await?;
    if outcome == AwardChange::Duplicate {
        let mut form = posted.form.state();
        form.error(
            "year",
            "Sản phẩm đã có giải của chương trình này trong năm này: hãy sửa giải đó.",
        );
        return product_awards_page(&state, &req, who, id, Failed::New(form)).await;
    }
    state.awards_changed();
    Ok(see_other(&format!("/quan-tri/san-pham/{id}/giai-thuong")))
}

/// `POST /quan-tri/giai-thuong/{award}`: edits an award's tier, certificate, validity, source.
pub async fn edit_award(
    state: web::Data<AppState>,
    req: HttpRequest,
    award: web::Path<i32>,
    posted: Protected<AwardForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let award_id = award.into_inner();
    let current = state
        .db
        .run(move |conn| Ok(Award::by_id(conn, award_id)?))
        .await?;
    let (Some(programme), Some(product_id)) = (current.programme(), current.product_id) else {
        return Err(AppError::not_found());
    };
    let who = &posted.who.0;
    let fields = match posted.form.check(Some((programme, current.year))) {
        Ok(fields) => fields,
        Err(form) => {
            let failed = Failed::Edit(award_id, form);
            return product_awards_page(&state, &req, who, product_id, failed).await;
        }
    };
    let actor = who.actor();
    let outcome = state
        .db
        .run(move |conn| Ok(Award::edit(conn, &actor, award_id, &fields)?))
        .await?;
    finish(&state, outcome)
}

/// `POST /quan-tri/giai-thuong/{award}/thu-hoi`: withdraws an award, with a reason.
pub async fn withdraw_award(
    state: web::Data<AppState>,
    award: web::Path<i32>,
    posted: Protected<ReasonForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let reason = super::moderation::kept_reason(&posted.form.reason);
    if reason.is_empty() {
        return Err(AppError::bad_request(
            "Hãy ghi lý do thu hồi (ví dụ số quyết định thu hồi).",
        ));
    }
    let (award_id, actor) = (award.into_inner(), posted.who.0.actor());
    let outcome = state
        .db
        .run(move |conn| Ok(Award::withdraw(conn, &actor, award_id, &reason)?))
        .await?;
    finish(&state, outcome)
}

fn finish(state: &AppState, outcome: AwardChange) -> Result<HttpResponse, AppError> {
    match outcome {
        AwardChange::Done(product_id) => {
            state.awards_changed();
            Ok(see_other(&format!(
                "/quan-tri/san-pham/{product_id}/giai-thuong"
            )))
        }
        AwardChange::Duplicate | AwardChange::Missing => Err(AppError::not_found()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportParams {
    programme: Option<String>,
    year: Option<String>,
}

/// `GET /quan-tri/giai-thuong/xuat.csv?programme=&year=`: a programme's list in the import
/// format, with formula-like cells defused.
pub async fn export_awards(
    state: web::Data<AppState>,
    _official: OfficialUser,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, AppError> {
    let p = params.into_inner();
    let programme = Programme::from_slug(p.programme.as_deref().unwrap_or_default())
        .ok_or_else(|| AppError::bad_request("Hãy chọn chương trình."))?;
    let year = match p.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| AppError::bad_request(format!("Năm “{y}” không hợp lệ.")))?,
        ),
    };
    let ctx = state.reference.get(&state.db).await?;
    let rows = state
        .db
        .run(move |conn| Ok(Award::list_rows(conn, programme, year)?))
        .await?;
    let csv = crate::import::export::award_list_csv(&rows, &ctx)?;
    let name = match year {
        Some(y) => format!("giai-thuong-{}-{y}.csv", programme.slug()),
        None => format!("giai-thuong-{}.csv", programme.slug()),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(csv))
}
