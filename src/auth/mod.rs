//! Who is asking: sessions, the extractors that put identity and permission in a handler's
//! signature, and CSRF protection of every state-changing request.
//!
//! Rules: a handler that changes state takes [`Protected<T>`] (or checks the token itself, for
//! multipart); a business handler takes [`BusinessUser`] and then checks that the object
//! belongs to one of the user's producers. Session cookies carry a random token; the database
//! keeps only its SHA-256, so a leaked table cannot be replayed.

pub mod landing;
pub mod password;
pub mod throttle;

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use rand_core::{OsRng, RngCore};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::db::models::login_address::LoginAddress;
use crate::db::models::session::{IDLE_LIFETIME, Session};
use crate::db::models::user::{Role, User};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::site::SiteAddress;

pub const SESSION_COOKIE: &str = "hv_session";
pub const CSRF_COOKIE: &str = "hv_csrf";
/// Largest urlencoded form body accepted: actix's own payload limit. An article body may hold
/// 100 KB of Markdown, and percent-encoded Vietnamese takes up to three times its size.
const FORM_LIMIT: usize = 256 * 1024;

/// A random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    crate::text::hex(&bytes)
}

pub fn token_hash(token: &str) -> String {
    crate::text::hex(&Sha256::digest(token.as_bytes()))
}

/// A signed-in user and their session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub session_id: i32,
    pub csrf_token: String,
}

/// Anyone: signed in or not. Never fails; a stale cookie simply means "not signed in".
#[derive(Debug, Clone)]
pub struct Visitor {
    pub signed_in: Option<SignedIn>,
    /// The anonymous CSRF token from the cookie, if any.
    anonymous_csrf: Option<String>,
}

impl Visitor {
    /// The visitor of a signed-in user.
    pub fn signed_in(s: SignedIn) -> Visitor {
        Visitor {
            signed_in: Some(s),
            anonymous_csrf: None,
        }
    }

    pub fn user(&self) -> Option<&User> {
        self.signed_in.as_ref().map(|s| &s.user)
    }

    /// The token forms must carry, and a cookie to set when an anonymous visitor has none yet.
    pub fn csrf_token(&self, req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
        if let Some(s) = &self.signed_in {
            return (s.csrf_token.clone(), None);
        }
        if let Some(t) = &self.anonymous_csrf {
            return (t.clone(), None);
        }
        let token = random_token();
        let cookie = cookie(req, CSRF_COOKIE, token.clone(), None);
        (token, Some(cookie))
    }

    pub(crate) async fn load(req: &HttpRequest) -> Result<Visitor, AppError> {
        let anonymous_csrf = req
            .cookie(CSRF_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| v.len() == 64);
        let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Ok(Visitor {
                signed_in: None,
                anonymous_csrf,
            });
        };
        let db = req
            .app_data::<web::Data<Db>>()
            .cloned()
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("no database in the app data")))?;
        let hash = token_hash(&token);
        let found = db
            .run(move |conn| Ok(Session::find_live(conn, &hash)?))
            .await?;
        Ok(Visitor {
            signed_in: found.map(|(session, user)| SignedIn {
                csrf_token: session.csrf_token,
                session_id: session.id,
                user,
            }),
            anonymous_csrf,
        })
    }
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let known = req.extensions().get::<Visitor>().cloned();
            if let Some(v) = known {
                return Ok(v);
            }
            let visitor = Visitor::load(&req).await?;
            req.extensions_mut().insert(visitor.clone());
            Ok(visitor)
        })
    }
}

/// Middleware: for a page request carrying the session cookie, looks the session up once and
/// keeps the [`Visitor`] with the request, so every page (public ones included, through
/// `Frame::public`) shows who is signed in, and the `Visitor` extractor reuses it. Requests
/// without the cookie (every anonymous, cacheable one) cost nothing; a failed look-up only
/// means the page is drawn as for a signed-out visitor.
pub async fn remember_visitor(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let is_page = req.method() == actix_web::http::Method::GET
        && !["/assets/", "/media/", "/api/"]
            .iter()
            .any(|p| req.path().starts_with(p));
    if is_page && req.cookie(SESSION_COOKIE).is_some() {
        let http = req.request().clone();
        if let Ok(visitor) = Visitor::load(&http).await {
            req.extensions_mut().insert(visitor);
        }
    }
    next.call(req).await
}

/// A signed-in user; anyone else is sent to the login page.
#[derive(Debug, Clone)]
pub struct SignedInUser(pub SignedIn);

impl FromRequest for SignedInUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let visitor = Visitor::from_request(req, payload);
        // The page to come back to, in the language it was asked in.
        let path = crate::i18n::Locale::of(req).path(&req.uri().to_string());
        Box::pin(async move {
            visitor
                .await?
                .signed_in
                .map(SignedInUser)
                .ok_or(AppError::SignInRequired(path))
        })
    }
}

/// Extracts the signed-in user and lets them through only if `allowed(role)`.
fn role_gate(
    req: &HttpRequest,
    payload: &mut Payload,
    allowed: fn(Role) -> bool,
    refusal: &'static str,
) -> Pin<Box<dyn Future<Output = Result<SignedIn, AppError>>>> {
    let user = SignedInUser::from_request(req, payload);
    Box::pin(async move {
        let SignedInUser(s) = user.await?;
        if allowed(s.user.role()) {
            Ok(s)
        } else {
            Err(AppError::forbidden(Msg::new(refusal)))
        }
    })
}

/// Declares an extractor for the signed-in users whose role passes `$allowed`.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $allowed:expr, $refusal:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub SignedIn);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let gate = role_gate(req, payload, $allowed, $refusal);
                Box::pin(async move { gate.await.map($name) })
            }
        }
    };
}

role_extractor!(
    /// A signed-in business account (not suspended: suspended accounts have no live session).
    BusinessUser,
    |r| r == Role::Business,
    "auth-business-only"
);
role_extractor!(
    /// A signed-in official or admin: the people who moderate and curate.
    OfficialUser,
    |r| matches!(r, Role::Official | Role::Admin),
    "auth-officials-only"
);
role_extractor!(
    /// A signed-in admin: grants roles and suspends accounts.
    AdminUser,
    |r| r == Role::Admin,
    "auth-admin-only"
);

impl SignedIn {
    /// This user as the actor of an audited action.
    pub fn actor(&self) -> crate::db::models::audit::Actor {
        crate::db::models::audit::Actor {
            user_id: Some(self.user.id),
            label: self.user.email.clone(),
        }
    }
}

/// A form with no fields but the CSRF token (a button).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

/// A urlencoded form that passed the CSRF checks, with the visitor who sent it and `R`, the
/// identity the route requires ([`BusinessUser`], [`SignedInUser`], or just [`Visitor`]).
/// `R` is extracted first, so someone without the right is refused as such (sent to log in,
/// or 403) before the body is read, always in the same way.
#[derive(Debug)]
pub struct Protected<T, R = Visitor> {
    pub who: R,
    pub visitor: Visitor,
    pub form: T,
}

impl<T, R> FromRequest for Protected<T, R>
where
    T: DeserializeOwned + 'static,
    R: FromRequest<Error = AppError> + 'static,
{
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let who = R::from_request(&req, &mut Payload::None);
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let who = who.await?;
            let visitor = Visitor::from_request(&req, &mut Payload::None).await?;
            let body = body
                .await
                .map_err(|_| AppError::bad_request(Msg::new("auth-form-invalid")))?;
            if body.len() > FORM_LIMIT {
                return Err(AppError::bad_request(Msg::new("auth-form-too-large")));
            }
            let token: CsrfField = serde_urlencoded::from_bytes(&body)
                .map_err(|_| AppError::bad_request(Msg::new("auth-form-invalid")))?;
            verify_request(&req, &visitor, &token.csrf_token)?;
            let form = serde_urlencoded::from_bytes(&body).map_err(|e| {
                AppError::bad_request(
                    Msg::new("auth-form-invalid-detail").arg("detail", e.to_string()),
                )
            })?;
            Ok(Protected { who, visitor, form })
        })
    }
}

/// The CSRF checks: the request comes from our own pages (Origin / Sec-Fetch-Site, when the
/// browser sends them) and carries the token bound to the session (or, before sign-in, to
/// the anonymous cookie).
pub fn verify_request(req: &HttpRequest, visitor: &Visitor, token: &str) -> Result<(), AppError> {
    let refused = || AppError::forbidden(Msg::new("auth-request-refused"));
    if let Some(site) = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return Err(refused());
    }
    if let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok())
        && !is_own_origin(req, origin)
    {
        return Err(refused());
    }
    let expected = match (&visitor.signed_in, &visitor.anonymous_csrf) {
        (Some(s), _) => s.csrf_token.as_str(),
        (None, Some(t)) => t.as_str(),
        (None, None) => return Err(refused()),
    };
    if token.is_empty() || !constant_time_eq(token.as_bytes(), expected.as_bytes()) {
        return Err(refused());
    }
    Ok(())
}

/// An `Origin` is ours when it is the public address, or names the host this very request was
/// sent to (the browser sets both headers, so a cross-site form cannot make them agree; this
/// keeps forms working when the site is opened as `localhost` rather than its public name).
fn is_own_origin(req: &HttpRequest, origin: &str) -> bool {
    let public = req
        .app_data::<web::Data<SiteAddress>>()
        .is_some_and(|s| s.origin() == origin);
    let host = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let same_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|o| Some(o) == host);
    public || same_host
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cookie with our flags: HttpOnly, SameSite=Lax, Path=/, Secure when the public address
/// is HTTPS.
pub fn cookie(
    req: &HttpRequest,
    name: &'static str,
    value: String,
    max_age: Option<chrono::Duration>,
) -> Cookie<'static> {
    let mut c = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(
            req.app_data::<web::Data<SiteAddress>>()
                .is_some_and(|s| s.is_https()),
        )
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(actix_web::cookie::time::Duration::seconds(
            age.num_seconds(),
        ));
    }
    c
}

/// Starts a session for `user_id` (a new token every time: no fixation), remembers the
/// client's address as one the account logs in from (see [`throttle`]) and returns the
/// cookie to set.
pub async fn start_session(
    db: &Db,
    req: &HttpRequest,
    user_id: i32,
) -> Result<Cookie<'static>, AppError> {
    let token = random_token();
    let hash = token_hash(&token);
    let csrf = random_token();
    let address = throttle::address_key(&client_ip(req));
    db.run(move |conn| {
        LoginAddress::remember(conn, user_id, &address)?;
        Ok(Session::create(conn, user_id, &hash, &csrf)?)
    })
    .await?;
    Ok(cookie(req, SESSION_COOKIE, token, Some(IDLE_LIFETIME)))
}

/// A cookie that removes `name`.
pub fn removal(req: &HttpRequest, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(req, name, String::new(), None);
    c.make_removal();
    c
}

/// The client's address, the key of per-IP rate limits: the peer, or the address a trusted
/// proxy forwarded (`HANGVIET_TRUSTED_PROXIES`).
pub fn client_ip(req: &HttpRequest) -> String {
    req.app_data::<web::Data<SiteAddress>>()
        .and_then(|s| s.client_ip(req))
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The rate-limit key of the client's address (an IPv6 client counts as its /64).
pub fn client_key(req: &HttpRequest) -> String {
    throttle::address_key(&client_ip(req))
}
