//! The frame every HTML page is drawn in — its language, its address in both languages, the
//! visitor's CSRF token and account — and [`render`], the one function that turns a page into
//! HTML.
//!
//! A handler builds the frame from the request (`Frame::public` for pages every visitor sees
//! alike, which the page cache may keep; `Frame::for_visitor` or `Frame::signed_in` for pages
//! holding a form or the visitor's own data, which are never cached), loads its page struct and
//! calls `render`. Templates read the page struct's fields at the top level and the frame as
//! `frame` (plus `csrf_token`, which forms need).

use actix_web::cookie::Cookie;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::PageMeta;
use crate::assets::Templates;
use crate::auth::{SignedIn, Visitor};
use crate::db::models::user::Role;
use crate::error::AppError;
use crate::flash::{Flash, FlashView};
use crate::i18n::Locale;
use crate::site::SiteAddress;

/// What a page needs to know about its own address; unlike `HttpRequest` it can move into a
/// database closure.
#[derive(Debug, Clone)]
pub struct PageAddress {
    /// "https://hangviet.vn": the configured public address.
    pub base_url: String,
    /// The page's path without the language prefix.
    pub path: String,
    pub locale: Locale,
}

impl PageAddress {
    /// The page `req` asks for, on the configured public address (request headers such as
    /// `Host` or `X-Forwarded-Host` never reach an absolute URL).
    pub fn of(req: &HttpRequest) -> PageAddress {
        let base_url = req
            .app_data::<web::Data<SiteAddress>>()
            .map_or_else(String::new, |s| s.origin().to_owned());
        PageAddress {
            base_url,
            path: req.path().to_owned(),
            locale: Locale::of(req),
        }
    }

    /// The absolute URL of `path` in this page's language.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, self.locale.path(path))
    }

    /// The absolute URL of `path` in `locale`.
    pub fn absolute_in(&self, locale: Locale, path: &str) -> String {
        format!("{}{}", self.base_url, locale.path(path))
    }

    /// Page metadata with this page's canonical URL.
    pub fn meta(
        &self,
        section: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> PageMeta {
        PageMeta {
            title: title.into(),
            description: description.into(),
            canonical: self.absolute(&self.path),
            og_image: None,
            og_type: "website",
            section,
        }
    }
}

/// This page in one language: `<link rel="alternate" hreflang>`.
#[derive(Debug, Serialize)]
pub struct Alternate {
    pub hreflang: &'static str,
    pub href: String,
}

/// The signed-in visitor, as the page header shows them.
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub email: String,
    pub is_admin: bool,
    /// Officials and admins: they see the officials' area.
    pub is_staff: bool,
    /// Business accounts: they see the business area.
    pub is_business: bool,
}

/// The frame of an HTML page.
#[derive(Debug, Serialize)]
pub struct Frame {
    /// `<html lang>`: "vi" or "en".
    pub lang: &'static str,
    pub og_locale: &'static str,
    /// The page in every language, absolute.
    pub alternates: Vec<Alternate>,
    /// The same page (query included) in the other language: the language switch.
    pub switch_url: String,
    /// `/en` or nothing: what this language's paths start with.
    pub prefix: &'static str,
    pub csrf_token: Option<String>,
    pub account: Option<AccountView>,
    /// What the last action did (see [`crate::flash`]): shown once, then cleared by [`render`].
    pub flash: Option<FlashView>,
    /// The officials' menu (current section, waiting work) on officials' pages.
    pub admin: Option<super::admin::nav::AdminNav>,
    #[serde(skip)]
    locale: Locale,
    /// The anonymous CSRF cookie to set, when the visitor had none.
    #[serde(skip)]
    cookie: Option<Cookie<'static>>,
    /// Clears the flash cookie once the page has shown its message.
    #[serde(skip)]
    flash_removal: Option<Cookie<'static>>,
}

impl Frame {
    /// A page every visitor sees alike (the page cache may keep it): no token, no account —
    /// except for a signed-in visitor, whose header shows who they are and the way out. Their
    /// requests carry the session cookie, which the page cache never serves nor keeps (see
    /// `page_cache`), and their page is sent `no-store` by [`render`], so a shared page never
    /// holds anyone's account. The session was looked up by [`crate::auth::remember_visitor`].
    pub fn public(req: &HttpRequest) -> Frame {
        let signed_in = req
            .extensions()
            .get::<Visitor>()
            .and_then(|v| v.signed_in.clone());
        Frame {
            csrf_token: signed_in.as_ref().map(|s| s.csrf_token.clone()),
            account: signed_in.as_ref().map(AccountView::of),
            ..Frame::anonymous(req)
        }
    }

    /// The page as every anonymous visitor sees it.
    fn anonymous(req: &HttpRequest) -> Frame {
        let locale = Locale::of(req);
        let address = PageAddress::of(req);
        let flash = Flash::of(req);
        let mut other_path = req.path().to_owned();
        if !req.query_string().is_empty() {
            other_path = format!("{other_path}?{}", req.query_string());
        }
        Frame {
            lang: locale.code(),
            og_locale: locale.og_locale(),
            alternates: Locale::ALL
                .iter()
                .map(|l| Alternate {
                    hreflang: l.code(),
                    href: address.absolute_in(*l, &address.path),
                })
                .collect(),
            switch_url: locale.other().path(&other_path),
            prefix: locale.prefix(),
            csrf_token: None,
            account: None,
            flash: flash.as_ref().map(|f| f.view(locale)),
            admin: None,
            locale,
            cookie: None,
            flash_removal: flash.map(|_| crate::flash::removal(req)),
        }
    }

    /// A page holding a form or the visitor's own data: it carries the visitor's CSRF token
    /// (setting the anonymous CSRF cookie when they have none) and is never cached.
    pub fn for_visitor(req: &HttpRequest, visitor: &Visitor) -> Frame {
        let (token, cookie) = visitor.csrf_token(req);
        Frame {
            csrf_token: Some(token),
            cookie,
            account: visitor.signed_in.as_ref().map(AccountView::of),
            ..Frame::anonymous(req)
        }
    }

    /// A page of the business or officials' area.
    pub fn signed_in(req: &HttpRequest, me: &SignedIn) -> Frame {
        Frame {
            csrf_token: Some(me.csrf_token.clone()),
            account: Some(AccountView::of(me)),
            admin: req
                .extensions()
                .get::<super::admin::nav::AdminNav>()
                .cloned(),
            ..Frame::anonymous(req)
        }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// `path` in this page's language.
    pub fn path(&self, path: &str) -> String {
        self.locale.path(path)
    }
}

impl AccountView {
    fn of(me: &SignedIn) -> AccountView {
        let role = me.user.role();
        AccountView {
            email: me.user.email.clone(),
            is_admin: role == Role::Admin,
            is_staff: matches!(role, Role::Admin | Role::Official),
            is_business: role == Role::Business,
        }
    }
}

/// Renders `template` with the fields of `page` and the frame into an HTML response with
/// `status`. A page carrying a CSRF token, an account or a flash message is marked `no-store`;
/// a flash message shown is cleared.
pub fn render(
    templates: &Templates,
    frame: &Frame,
    template: &str,
    page: &impl Serialize,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let html = render_string(templates, frame, template, page)?;
    let mut res = HttpResponse::build(status);
    res.content_type(mime::TEXT_HTML_UTF_8);
    if frame.csrf_token.is_some() || frame.account.is_some() || frame.flash.is_some() {
        res.insert_header((header::CACHE_CONTROL, "no-store"));
    }
    if let Some(c) = &frame.cookie {
        res.cookie(c.clone());
    }
    if let Some(c) = &frame.flash_removal {
        res.cookie(c.clone());
    }
    Ok(res.body(html))
}

/// The HTML of `template` with `page` in `frame` (for the error pages, which wrap a response
/// of their own).
pub fn render_string(
    templates: &Templates,
    frame: &Frame,
    template: &str,
    page: &impl Serialize,
) -> Result<String, AppError> {
    let mut context = tera::Context::from_serialize(page)?;
    context.insert("frame", frame);
    context.insert("csrf_token", &frame.csrf_token);
    Ok(templates.get(frame.locale).render(template, &context)?)
}
