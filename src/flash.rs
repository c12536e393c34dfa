//! Flash messages: the one line that says what just happened ("Đã lưu sản phẩm", "Đã gửi
//! duyệt"), set by the handler that redirects after a form and shown once, at the top of the
//! page the browser lands on.
//!
//! A handler that worked answers `flash::see_other(&req, &to, Flash::success("flash-…"))`. The
//! message travels in a short-lived cookie (`hv_flash`) holding only a catalogue key that
//! starts with `flash-`, its kind and at most the placeholders `name`, `reason` and `count`.
//! [`crate::views::Frame`] reads it, the page shows it (`templates/partials/flash.html`, from
//! `base.html`) and [`crate::views::render`] clears it. A forged cookie can therefore only
//! show one of the site's own messages, with its text escaped like any other value; an
//! unknown key or kind is ignored. The page cache never serves nor keeps a request that carries
//! a cookie, so a flash is never cached.

use actix_web::cookie::Cookie;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::i18n::{Arg, CATALOGUE, Locale, Msg};

pub const COOKIE: &str = "hv_flash";
/// Longest text a placeholder keeps (a product name, a rejection reason).
const ARG_LIMIT: usize = 300;
/// The placeholders a flash message may use.
const ARG_NAMES: [&str; 3] = ["name", "reason", "count"];

/// How a flash message looks: green for done, blue for information, red for a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Success,
    Info,
    Error,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Success => "success",
            Kind::Info => "info",
            Kind::Error => "error",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        [Kind::Success, Kind::Info, Kind::Error]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// A message to show on the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: Kind,
    pub msg: Msg,
}

/// A flash message put into words, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FlashView {
    pub kind: Kind,
    pub text: String,
}

impl Flash {
    pub fn success(key: &'static str) -> Flash {
        Flash::new(Kind::Success, key)
    }

    pub fn info(key: &'static str) -> Flash {
        Flash::new(Kind::Info, key)
    }

    pub fn error(key: &'static str) -> Flash {
        Flash::new(Kind::Error, key)
    }

    fn new(kind: Kind, key: &'static str) -> Flash {
        debug_assert!(key.starts_with("flash-"), "flash keys start with flash-");
        Flash {
            kind,
            msg: Msg::new(key),
        }
    }

    /// Sets `{ $name }`, `{ $reason }` or `{ $count }` (other names are dropped when the
    /// cookie is written).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Flash {
        self.msg = self.msg.arg(name, value);
        self
    }

    /// The cookie value: `kind=…&key=…&name=…`, URL-encoded.
    fn encode(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("kind", self.kind.code().to_owned()),
            ("key", self.msg.key.to_string()),
        ];
        for (name, value) in &self.msg.args {
            if !ARG_NAMES.contains(name) {
                continue;
            }
            let value = match value {
                Arg::Text(s) => s.chars().take(ARG_LIMIT).collect(),
                Arg::Number(n) => format!("#{n}"),
            };
            pairs.push((name, value));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The message a cookie value holds, when it is one of the site's own.
    fn decode(value: &str) -> Option<Flash> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(value).ok()?;
        let mut kind = None;
        let mut msg: Option<Msg> = None;
        let mut args = Vec::new();
        for (name, value) in pairs {
            match name.as_str() {
                "kind" => kind = Kind::parse(&value),
                "key" => {
                    let known = value.starts_with("flash-")
                        && Locale::ALL.iter().all(|l| CATALOGUE.has(*l, &value));
                    msg = known.then(|| Msg {
                        key: value.into(),
                        args: Vec::new(),
                    });
                }
                other => {
                    let Some(name) = ARG_NAMES.iter().find(|n| **n == other) else {
                        continue;
                    };
                    let text: String = value
                        .chars()
                        .take(ARG_LIMIT)
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .collect();
                    let arg = match text.strip_prefix('#').map(str::parse::<i64>) {
                        Some(Ok(n)) => Arg::Number(n),
                        _ => Arg::Text(text),
                    };
                    args.push((*name, arg));
                }
            }
        }
        let mut msg = msg?;
        msg.args = args;
        Some(Flash { kind: kind?, msg })
    }

    /// The message of the request's flash cookie, if it holds one of the site's own.
    pub fn of(req: &HttpRequest) -> Option<Flash> {
        req.cookie(COOKIE).and_then(|c| Flash::decode(c.value()))
    }

    pub fn view(&self, locale: Locale) -> FlashView {
        FlashView {
            kind: self.kind,
            text: locale.msg(&self.msg),
        }
    }

    /// The cookie that carries this message to the next page.
    pub fn cookie(&self, req: &HttpRequest) -> Cookie<'static> {
        crate::auth::cookie(
            req,
            COOKIE,
            self.encode(),
            Some(chrono::Duration::minutes(5)),
        )
    }
}

/// The cookie that removes a flash message once a page has shown it.
pub fn removal(req: &HttpRequest) -> Cookie<'static> {
    let mut c = crate::auth::cookie(req, COOKIE, String::new(), None);
    c.make_removal();
    c
}

/// A 303 to `to` (a path in the visitor's language) that shows `flash` on arrival.
pub fn see_other(req: &HttpRequest, to: &str, flash: Flash) -> HttpResponse {
    // Built here rather than by `handlers::see_other`, so that `flash` (read by `views`)
    // does not depend on `handlers`: the top-level modules form no cycle.
    let mut res = HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, to.to_owned()))
        .finish();
    // A cookie built by `crate::auth::cookie` always has a valid name and value.
    let _ = res.add_cookie(&flash.cookie(req));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_its_cookie() {
        let flash = Flash::success("flash-saved")
            .arg("name", "Nước mắm; Phú Quốc & “40 độ” = ngon")
            .arg("count", 3);
        let back = Flash::decode(&flash.encode()).expect("decodes");
        assert_eq!(back, flash);
    }

    #[test]
    fn a_forged_cookie_shows_nothing_or_only_a_site_message() {
        assert_eq!(Flash::decode("kind=success&key=admin-nav-label"), None);
        assert_eq!(Flash::decode("kind=success&key=flash-no-such-key"), None);
        assert_eq!(Flash::decode("kind=blink&key=flash-saved"), None);
        assert_eq!(Flash::decode("%%%"), None);
        let odd =
            Flash::decode("kind=info&key=flash-saved&script=x&name=a%0Db").expect("a known key");
        assert_eq!(odd.msg.args, vec![("name", Arg::Text("a b".to_owned()))]);
    }
}
