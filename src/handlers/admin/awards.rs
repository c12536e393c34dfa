//! Award lists, one product at a time: look a product up, record an award, edit it, withdraw
//! it; and export a programme's list in the import format.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{DateField, ReasonForm, csv_download, date_problem, form_status, kept_reason};
use crate::actions::awards::{self as act, AwardChange, AwardFields};
use crate::app::AppState;
use crate::auth::{OfficialUser, Protected, SignedIn};
use crate::clock::{parse_date, today_in_vietnam};
use crate::db::models::award::{Award, Programme, default_valid_until};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::views::admin::awards::{self as page, Failed};
use crate::views::forms::FormState;
use crate::views::{self, Frame, PageAddress};

#[derive(Debug, Deserialize)]
pub struct LookupParams {
    q: Option<String>,
}

/// `GET /quan-tri/giai-thuong`: find a product to manage its awards; import and export lists.
pub async fn show_award_tools(
    state: web::Data<AppState>,
    req: HttpRequest,
    official: OfficialUser,
    params: web::Query<LookupParams>,
) -> Result<HttpResponse, AppError> {
    let q: String = params
        .q
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    let address = PageAddress::of(&req);
    let view = state
        .db
        .run(move |conn| page::load_tools(conn, &address, q))
        .await?;
    let frame = Frame::signed_in(&req, &official.0);
    views::render(
        &state.templates,
        &frame,
        "admin/awards.html",
        &view,
        StatusCode::OK,
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

fn present(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

impl AwardForm {
    fn state(&self, locale: Locale) -> FormState {
        FormState::new(locale)
            .value("programme", self.programme.trim())
            .value("year", self.year.trim())
            .value("tier", self.tier.trim())
            .value("certificate_no", self.certificate_no.trim())
            .value("valid_until", self.valid_until.trim())
            .value("source_url", self.source_url.trim())
    }

    /// The programme and year of a new award, with their messages in `form`.
    fn identity(&self, form: &mut FormState) -> (Option<Programme>, Option<i32>) {
        let programme = Programme::from_slug(self.programme.trim());
        if programme.is_none() {
            form.error("programme", "admin-award-programme-needed");
        }
        let years = crate::import::award_years();
        let year = self
            .year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| years.contains(y));
        if year.is_none() {
            let range = Msg::new("admin-award-year-range")
                .arg("first", years.start().to_string())
                .arg("last", years.end().to_string());
            form.error("year", range.clone());
        }
        (programme, year)
    }

    /// Checks the form, its messages in `locale`; `fixed` is the programme and year of an
    /// award being edited.
    fn check(
        &self,
        fixed: Option<(Programme, i32)>,
        locale: Locale,
    ) -> Result<AwardFields, FormState> {
        let mut form = self.state(locale);
        let (programme, year) = match fixed {
            Some((p, y)) => (Some(p), Some(y)),
            None => self.identity(&mut form),
        };
        let tier = present(&self.tier);
        if let Some(problem) =
            programme.and_then(|p| crate::import::tier_problem(p, tier.as_deref()))
        {
            form.error_text("tier", capitalize(&locale.msg(&problem.msg())));
        }
        let certificate_no = present(&self.certificate_no);
        if certificate_no
            .as_ref()
            .is_some_and(|c| c.chars().count() > 100)
        {
            form.error("certificate_no", "admin-award-certificate-too-long");
        }
        let valid_until = match present(&self.valid_until) {
            None => None,
            Some(text) => parse_date(&text)
                .map_err(|e| form.error("valid_until", date_problem(e, DateField::Date)))
                .ok(),
        };
        let source_url = present(&self.source_url);
        if source_url.as_deref().is_some_and(|url| {
            crate::validate::web_address(url, crate::validate::SOURCE_URL_MAX).is_err()
        }) {
            form.error("source_url", "admin-award-source-url");
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

/// The awards page of product `id`; a failed form answers 422.
async fn product_awards_page(
    state: &AppState,
    req: &HttpRequest,
    who: &SignedIn,
    id: i32,
    failed: Failed,
) -> Result<HttpResponse, AppError> {
    let status = form_status(!matches!(failed, Failed::None));
    let address = PageAddress::of(req);
    let view = state
        .db
        .run(move |conn| page::load_product(conn, &address, id, failed, today_in_vietnam()))
        .await?;
    let frame = Frame::signed_in(req, who);
    views::render(
        &state.templates,
        &frame,
        "admin/product_awards.html",
        &view,
        status,
    )
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
    locale: Locale,
    id: web::Path<i32>,
    posted: Protected<AwardForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let (id, who) = (id.into_inner(), &posted.who.0);
    let fields = match posted.form.check(None, locale) {
        Ok(fields) => fields,
        Err(form) => return product_awards_page(&state, &req, who, id, Failed::New(form)).await,
    };
    let outcome = act::record(&state.db, state.caches(), who.actor(), id, fields).await?;
    if outcome == AwardChange::Duplicate {
        let mut form = posted.form.state(locale);
        form.error("year", "admin-award-duplicate");
        return product_awards_page(&state, &req, who, id, Failed::New(form)).await;
    }
    back_to_product(&req, outcome, locale, "flash-award-recorded")
}

/// `POST /quan-tri/giai-thuong/{award}`: edits an award's tier, certificate, validity, source.
pub async fn edit_award(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
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
    let fields = match posted.form.check(Some((programme, current.year)), locale) {
        Ok(fields) => fields,
        Err(form) => {
            let failed = Failed::Edit(award_id, form);
            return product_awards_page(&state, &req, who, product_id, failed).await;
        }
    };
    let outcome = act::edit(&state.db, state.caches(), who.actor(), award_id, fields).await?;
    back_to_product(&req, outcome, locale, "flash-award-saved")
}

/// `POST /quan-tri/giai-thuong/{award}/thu-hoi`: withdraws an award, with a reason.
pub async fn withdraw_award(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: Locale,
    award: web::Path<i32>,
    posted: Protected<ReasonForm, OfficialUser>,
) -> Result<HttpResponse, AppError> {
    let reason = kept_reason(&posted.form.reason);
    if reason.is_empty() {
        return Err(AppError::bad_request(Msg::new(
            "admin-award-withdraw-reason-needed",
        )));
    }
    let (award_id, actor) = (award.into_inner(), posted.who.0.actor());
    let outcome = act::withdraw(&state.db, state.caches(), actor, award_id, reason).await?;
    back_to_product(&req, outcome, locale, "flash-award-withdrawn")
}

/// Back to the product's awards after a change; a missing award is a 404.
fn back_to_product(
    req: &HttpRequest,
    outcome: AwardChange,
    locale: Locale,
    key: &'static str,
) -> Result<HttpResponse, AppError> {
    match outcome {
        AwardChange::Done(product_id) => Ok(crate::flash::see_other(
            req,
            &locale.path(&format!("/quan-tri/san-pham/{product_id}/giai-thuong")),
            crate::flash::Flash::success(key),
        )),
        AwardChange::Duplicate | AwardChange::Missing => Err(AppError::not_found()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportParams {
    programme: Option<String>,
    year: Option<String>,
}

impl ExportParams {
    fn programme_and_year(&self) -> Result<(Programme, Option<i32>), AppError> {
        let programme = Programme::from_slug(self.programme.as_deref().unwrap_or_default())
            .ok_or_else(|| AppError::bad_request(Msg::new("admin-award-programme-needed")))?;
        let year = match self
            .year
            .as_deref()
            .map(str::trim)
            .filter(|y| !y.is_empty())
        {
            None => None,
            Some(y) => Some(y.parse::<i32>().map_err(|_| {
                let shown: String = y.chars().take(40).collect();
                AppError::bad_request(Msg::new("admin-award-bad-year").arg("value", shown))
            })?),
        };
        Ok((programme, year))
    }
}

/// `GET /quan-tri/giai-thuong/xuat.csv?programme=&year=`: a programme's list in the import
/// format, with formula-like cells defused.
pub async fn export_awards(
    state: web::Data<AppState>,
    _official: OfficialUser,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, AppError> {
    let (programme, year) = params.programme_and_year()?;
    let ctx = state.reference.get(&state.db).await?;
    let csv = state
        .db
        .run(move |conn| page::csv_export(conn, &ctx, programme, year))
        .await?;
    let name = match year {
        Some(y) => format!("giai-thuong-{}-{y}.csv", programme.slug()),
        None => format!("giai-thuong-{}.csv", programme.slug()),
    };
    Ok(csv_download(&name, csv))
}
