//! The site's two languages and its message catalogue.
//!
//! Every user-facing string lives in `assets/locales/<lang>/*.ftl` (Project Fluent), Vietnamese
//! first: it is the default language and the source the English is translated from. Both
//! languages must hold the same keys (a test checks it).
//!
//! English pages live under `/en`, mirroring the Vietnamese paths: [`route_language`] strips
//! the prefix before routing and records [`Locale::En`] on the request, so one handler serves
//! both. Templates print messages with `{{ t(k="key", name=value) }}` and build links with
//! `{{ link(to="/san-pham") }}`, which adds the prefix; each language has its own template
//! engine with those two functions bound to it ([`crate::assets::templates`]). Rust code
//! passes [`Msg`] values (a key and its arguments) and they are put into words where the
//! language is known: when a form is filled or a page rendered.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

/// A language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

/// The language of a local path: English under `/en`, Vietnamese otherwise.
pub fn locale_of_path(path: &str) -> Locale {
    let english = path
        .strip_prefix("/en")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    if english { Locale::En } else { Locale::Vi }
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Vi, Locale::En];

    /// The BCP 47 code: `<html lang>`, `hreflang`, the catalogue's folder.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    /// What this language's paths start with: nothing for Vietnamese, `/en` for English.
    pub fn prefix(self) -> &'static str {
        match self {
            Locale::Vi => "",
            Locale::En => "/en",
        }
    }

    /// `path` (a site path such as `/san-pham?page=2`) in this language.
    pub fn path(self, path: &str) -> String {
        match (self, path) {
            (Locale::Vi, _) => path.to_owned(),
            (Locale::En, "/") => "/en".to_owned(),
            (Locale::En, p) if p.starts_with("/?") => format!("/en{}", &p[1..]),
            (Locale::En, p) => format!("/en{p}"),
        }
    }

    /// OpenGraph's `og:locale`.
    pub fn og_locale(self) -> &'static str {
        match self {
            Locale::Vi => "vi_VN",
            Locale::En => "en_US",
        }
    }

    /// The language a visitor switches to from this one.
    pub fn other(self) -> Locale {
        match self {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        }
    }

    /// The language of a request (set by [`route_language`]; Vietnamese otherwise).
    pub fn of(req: &HttpRequest) -> Locale {
        req.extensions()
            .get::<Locale>()
            .copied()
            .unwrap_or_default()
    }

    /// The catalogue's message `key` in this language, without arguments.
    pub fn t(self, key: &str) -> String {
        CATALOGUE.format(self, key, None)
    }

    /// `msg` in this language.
    pub fn msg(self, msg: &Msg) -> String {
        CATALOGUE.format(self, &msg.key, Some(&msg.fluent_args()))
    }
}

impl FromRequest for Locale {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Locale, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Ok(Locale::of(req)))
    }
}

/// Middleware: `/en/…` is served by the route of `/…`, in English. The prefix is taken off
/// the request's path before routing, and the language is recorded on the request.
pub async fn route_language(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path();
    let rest = if path == "/en" {
        Some("/".to_owned())
    } else {
        path.strip_prefix("/en/").map(|rest| format!("/{rest}"))
    };
    if let Some(rest) = rest {
        let path_and_query = match req.query_string() {
            "" => rest,
            q => format!("{rest}?{q}"),
        };
        let mut parts = req.head().uri.clone().into_parts();
        parts.path_and_query = path_and_query.parse().ok();
        if let Ok(uri) = actix_web::http::Uri::from_parts(parts) {
            req.match_info_mut().get_mut().update(&uri);
            req.head_mut().uri = uri;
            req.extensions_mut().insert(Locale::En);
        }
    }
    next.call(req).await
}

/// A message to be put into words once the language is known: a catalogue key and the
/// values of its `{ $name }` placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

/// A placeholder's value. Numbers select plural forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

impl Msg {
    pub const fn new(key: &'static str) -> Msg {
        Msg {
            key: Cow::Borrowed(key),
            args: Vec::new(),
        }
    }

    /// Sets the placeholder `{ $name }`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    fn fluent_args(&self) -> FluentArgs<'_> {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            match value {
                Arg::Text(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        args
    }
}

impl From<&'static str> for Msg {
    fn from(key: &'static str) -> Msg {
        Msg::new(key)
    }
}

/// The catalogue's files, compiled in.
#[derive(rust_embed::Embed)]
#[folder = "assets/locales/"]
struct Files;

/// Both languages' messages.
pub struct Catalogue {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
    keys: HashMap<Locale, Vec<String>>,
    /// Messages that are plain text (no placeable), already put into words: most of what a
    /// page prints, so a render looks them up instead of formatting them each time.
    plain: HashMap<Locale, HashMap<String, String>>,
}

/// Loaded on first use from the compiled-in files. A syntax error or a key defined twice is a
/// bug caught by the tests (`i18n::tests`), so loading cannot fail in a released build.
pub static CATALOGUE: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::load().unwrap_or_else(|e| panic!("message catalogue: {e}")));

impl Catalogue {
    /// Parses `assets/locales/<code>/*.ftl` for every language.
    pub fn load() -> Result<Catalogue, String> {
        let mut bundles = HashMap::new();
        let mut keys = HashMap::new();
        let mut plain = HashMap::new();
        for locale in Locale::ALL {
            let lang = locale
                .code()
                .parse()
                .map_err(|e| format!("{}: {e}", locale.code()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Bidi isolation marks around arguments would show up in titles and attributes.
            bundle.set_use_isolating(false);
            let mut names = Vec::new();
            let prefix = format!("{}/", locale.code());
            let mut files: Vec<_> = Files::iter().filter(|f| f.starts_with(&prefix)).collect();
            files.sort();
            for file in files {
                let data = Files::get(&file).ok_or_else(|| format!("{file}: missing"))?;
                let source = String::from_utf8(data.data.into_owned())
                    .map_err(|_| format!("{file}: not UTF-8"))?;
                let resource = FluentResource::try_new(source)
                    .map_err(|(_, errors)| format!("{file}: {errors:?}"))?;
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        names.push(m.id.name.to_owned());
                    }
                }
                bundle
                    .add_resource(resource)
                    .map_err(|errors| format!("{file}: {errors:?}"))?;
            }
            names.sort();
            for name in &names {
                let Some(pattern) = bundle.get_message(name).and_then(|m| m.value()) else {
                    continue;
                };
                let text_only = pattern
                    .elements
                    .iter()
                    .all(|e| matches!(e, fluent_syntax::ast::PatternElement::TextElement { .. }));
                if text_only {
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, None, &mut errors);
                    plain
                        .entry(locale)
                        .or_insert_with(HashMap::new)
                        .insert(name.clone(), text.into_owned());
                }
            }
            bundles.insert(locale, bundle);
            keys.insert(locale, names);
        }
        Ok(Catalogue {
            bundles,
            keys,
            plain,
        })
    }

    /// The text of `key` when it is plain text (no placeable), as every render would print it.
    pub fn plain_text(&self, locale: Locale, key: &str) -> Option<&str> {
        self.plain.get(&locale)?.get(key).map(String::as_str)
    }

    /// Every key of `locale`, sorted.
    pub fn keys(&self, locale: Locale) -> &[String] {
        self.keys.get(&locale).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundles
            .get(&locale)
            .is_some_and(|b| b.get_message(key).is_some())
    }

    /// The message `key` in `locale`. A key missing from the catalogue is logged and shown as
    /// itself (the tests make sure none is).
    pub fn format(&self, locale: Locale, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.try_format(locale, key, args).unwrap_or_else(|| {
            tracing::error!("message catalogue: no {key:?} in {}", locale.code());
            key.to_owned()
        })
    }

    fn try_format(
        &self,
        locale: Locale,
        key: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Option<String> {
        if let Some(text) = self.plain.get(&locale).and_then(|p| p.get(key)) {
            return Some(text.clone());
        }
        let bundle = self.bundles.get(&locale)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::error!(
                "message catalogue: {key:?} in {}: {errors:?}",
                locale.code()
            );
        }
        Some(text.into_owned())
    }
}

/// `{{ t(k="key", name=value…) }}` in templates: the message in the engine's language. Every
/// argument but `k` is a placeholder value. An unknown key is a template error, so a page
/// that prints one fails its test instead of showing the key.
pub struct Translate(pub Locale);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("k")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs k=\"key\""))?;
        // Most calls name only the key: no argument map is built for them.
        let placeables = (args.len() > 1).then(|| template_args(args));
        CATALOGUE
            .try_format(self.0, key, placeables.as_ref())
            .map(tera::Value::String)
            .ok_or_else(|| tera::Error::msg(format!("no message {key:?} in {}", self.0.code())))
    }
}

/// A template call's arguments other than `k`, as Fluent values.
fn template_args(args: &HashMap<String, tera::Value>) -> FluentArgs<'static> {
    let mut fluent = FluentArgs::with_capacity(args.len() - 1);
    for (name, value) in args {
        if name == "k" {
            continue;
        }
        let value = match value {
            tera::Value::Number(n) if n.is_i64() => {
                FluentValue::from(n.as_i64().unwrap_or_default())
            }
            tera::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
            tera::Value::String(s) => FluentValue::from(s.clone()),
            tera::Value::Null => FluentValue::from(""),
            other => FluentValue::from(other.to_string()),
        };
        fluent.set(name.clone(), value);
    }
    fluent
}

/// `{{ link(to="/san-pham") }}` in templates: the path in the engine's language.
pub struct Link(pub Locale);

impl tera::Function for Link {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let to = args
            .get("to")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("link() needs to=\"/path\""))?;
        Ok(tera::Value::String(self.0.path(to)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_loads_and_both_languages_have_the_same_keys() {
        let catalogue = Catalogue::load().expect("catalogue parses, no key twice");
        let vi = catalogue.keys(Locale::Vi);
        let en = catalogue.keys(Locale::En);
        let only_vi: Vec<_> = vi.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "keys only in Vietnamese: {only_vi:?}; only in English: {only_en:?}"
        );
        assert!(vi.len() > 10);
    }

    #[test]
    fn english_paths_carry_the_prefix() {
        assert_eq!(Locale::En.path("/"), "/en");
        assert_eq!(Locale::En.path("/?page=2"), "/en?page=2");
        assert_eq!(Locale::En.path("/san-pham"), "/en/san-pham");
        assert_eq!(Locale::Vi.path("/san-pham"), "/san-pham");
    }

    #[test]
    fn arguments_and_plurals_are_filled_in() {
        let msg = Msg::new("test-products-found").arg("count", 1);
        assert_eq!(Locale::En.msg(&msg), "1 product found");
        let msg = Msg::new("test-products-found").arg("count", 3);
        assert_eq!(Locale::En.msg(&msg), "3 products found");
        assert_eq!(Locale::Vi.msg(&msg), "Tìm thấy 3 sản phẩm");
    }
}
