//! The browser suite's harness: the whole app behind a real loopback listener, driven by
//! Debian's headless Chromium through its `chromedriver` (WebDriver, the `fantoccini` crate).
//!
//! [`Chrome::start`] opens a browser at a phone's size (360×800, touch, device pixel ratio 2)
//! or a laptop's (1366×900). Before any page script runs, every document gets
//! [`WATCH_SCRIPTS`]: it counts page loads and records any script that should not run — a
//! call of `alert`/`confirm`/`prompt` (what the XSS payloads call) or a script blocked by the
//! Content-Security-Policy (an injected handler or `<script>` the policy stopped). The
//! helpers count what a person does — clicks, fields typed into, screens — so a journey
//! can report its cost ([`Chrome::tally`]).
//!
//! Needs `chromedriver` and `chromium` on the machine (`apt-get install chromium-driver`;
//! `.ci/run` installs them); a browser test run without them fails, saying so.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use super::TestApp;
use super::world::World;

/// How long the harness waits for something the page should do (an element to appear, an
/// upload to be processed): generous, since a loaded 2-core machine processes photos slowly;
/// a page that never does it still fails.
const WAIT: Duration = Duration::from_secs(30);

/// A phone held upright, and a laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Phone,
    Laptop,
}

impl Screen {
    pub const ALL: [Screen; 2] = [Screen::Phone, Screen::Laptop];

    fn metrics(self) -> Value {
        match self {
            Screen::Phone => {
                json!({"width": 360, "height": 800, "deviceScaleFactor": 2, "mobile": true})
            }
            Screen::Laptop => {
                json!({"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": false})
            }
        }
    }
}

/// Runs in every document before its own scripts (`Page.addScriptToEvaluateOnNewDocument`).
pub const WATCH_SCRIPTS: &str = r#"
(() => {
  const ran = [];
  Object.defineProperty(window, '__hvScriptsRan', { value: ran });
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (what) => { ran.push(name + '(' + String(what) + ')'); };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    if (String(e.effectiveDirective).startsWith('script-src')) {
      ran.push('blocked by CSP: ' + e.effectiveDirective + ' ' + (e.sample || e.blockedURI));
    }
  }, true);
  if (window === window.top) {
    const loads = Number(sessionStorage.getItem('hvLoads') || '0') + 1;
    sessionStorage.setItem('hvLoads', String(loads));
  }
})();
"#;

/// A test app behind a real listener on a free loopback port. The app's public address is
/// that port, so links in mail lead back to it.
pub struct Site {
    served: Served,
    pub base: String,
    handle: ServerHandle,
}

/// What a site serves: a bare app, or the business area's shared set-up and its app.
enum Served {
    App(TestApp),
    World(Box<World>),
}

impl Site {
    /// A new, empty site (reference data loaded).
    pub fn start() -> Site {
        Site::start_with(|_| {})
    }

    pub fn start_with(adjust: impl FnOnce(&mut hangviet::config::Settings)) -> Site {
        let (listener, base) = loopback();
        let app = TestApp::with_settings(|s| {
            public_on(s, &base);
            adjust(s);
        });
        Site::serve(Served::App(app), listener, base)
    }

    /// A site with the business area's shared set-up (`World`: members of every role, a
    /// producer, a product with a photo, a claim, an award list…).
    pub fn with_world() -> Site {
        let (listener, base) = loopback();
        let world = World::new_with_settings(|s| public_on(s, &base));
        Site::serve(Served::World(Box::new(world)), listener, base)
    }

    /// The app under test.
    pub fn app(&self) -> &TestApp {
        match &self.served {
            Served::App(app) => app,
            Served::World(world) => &world.app,
        }
    }

    /// The shared set-up of a site started with [`Site::with_world`].
    pub fn world(&self) -> &World {
        match &self.served {
            Served::World(world) => world,
            Served::App(_) => panic!("this site was not started with Site::with_world"),
        }
    }

    fn serve(served: Served, listener: TcpListener, base: String) -> Site {
        let app = match &served {
            Served::App(app) => app,
            Served::World(world) => &world.app,
        };
        let handle = app.serve(listener, 2);
        Site {
            served,
            base,
            handle,
        }
    }

    /// The demo site (the real award winners and the demo catalogue, indexed), started once
    /// per test binary on a thread of its own and shared by the tests that only read it.
    pub fn demo() -> &'static Site {
        static DEMO: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
        DEMO.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let site = Site::start();
                    let handle = site.handle.clone();
                    tx.send(site).expect("the test waits");
                    // Serve until the test binary exits.
                    std::future::pending::<()>().await;
                    drop(handle);
                });
            });
            let site = rx.recv().expect("the demo site starts");
            site.app().seed_demo();
            site
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A free loopback port, held open for the server, and its address.
fn loopback() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    let addr: SocketAddr = listener.local_addr().expect("address");
    (listener, format!("http://{addr}"))
}

/// Settings for a site served at `base`: links (mail included) lead there; no page cache.
fn public_on(s: &mut hangviet::config::Settings, base: &str) {
    s.public_url = Some(base.to_owned());
    s.page_cache_seconds = 0;
}

impl Drop for Site {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// `chromedriver` on a free port, stopped on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static NEXT_PORT: AtomicU32 = AtomicU32::new(0);

impl Driver {
    fn start() -> Driver {
        let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        // A port of our own: bind to find a free one, then let chromedriver take it.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("address").port()
        };
        NEXT_PORT.fetch_add(1, Ordering::SeqCst);
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "browser tests need `{exe}` (Debian: apt-get install chromium chromium-driver; \
                     .ci/run installs them): {e}"
                )
            });
        let url = format!("http://127.0.0.1:{port}");
        // Ready when it accepts connections: bounded by a deadline, not a fixed sleep.
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start on port {port}"
            );
            std::thread::yield_now();
        }
        Driver { child, url }
    }
}

/// A Chrome DevTools command sent through chromedriver (`/goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params}).to_string();
        (http::Method::POST, Some(body))
    }
}

/// What a person did in a journey.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub clicks: u32,
    pub fields: u32,
    pub screens: u32,
    pub seconds: f64,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} screens, {} clicks, {} fields typed, {:.1} s",
            self.screens, self.clicks, self.fields, self.seconds
        )
    }
}

/// One headless Chromium window.
pub struct Chrome {
    pub client: Client,
    pub base: String,
    pub screen: Screen,
    _driver: Driver,
    _profile: tempfile::TempDir,
    clicks: u32,
    fields: u32,
    started: Instant,
}

impl Chrome {
    /// A fresh browser (its own profile: no cookies) at `screen`'s size, on `site`.
    pub async fn start(site: &Site, screen: Screen) -> Chrome {
        let driver = Driver::start();
        let profile = tempfile::tempdir().expect("profile dir");
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-extensions", "--lang=vi-VN",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a chromedriver session (is chromium installed?)");
        let chrome = Chrome {
            client,
            base: site.base.clone(),
            screen,
            _driver: driver,
            _profile: profile,
            clicks: 0,
            fields: 0,
            started: Instant::now(),
        };
        chrome
            .cdp("Emulation.setDeviceMetricsOverride", screen.metrics())
            .await;
        chrome
            .cdp(
                "Emulation.setTouchEmulationEnabled",
                json!({"enabled": screen == Screen::Phone}),
            )
            .await;
        chrome
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({"source": WATCH_SCRIPTS}),
            )
            .await;
        chrome
    }

    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Signs this browser in as `member` (the session cookie a sign-in would set).
    pub async fn sign_in_as(&self, member: &super::Member) {
        self.cdp(
            "Network.setCookie",
            json!({"name": "hv_session", "value": member.session_token, "url": self.base,
                   "path": "/", "httpOnly": true, "sameSite": "Lax"}),
        )
        .await;
    }

    /// Same-origin pages linked from the page shown (paths, without fragments), leaving out
    /// files, media and the sign-out.
    pub async fn links(&self) -> Vec<String> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('a[href]'))\
                   .map(a => new URL(a.href, location.href))\
                   .filter(u => u.origin === location.origin)\
                   .map(u => u.pathname + u.search)\
                   .filter(p => !/^\\/(en\\/)?(media|assets)\\//.test(p) && !/\\.(csv|xlsx|svg|png|jpg|xml|json|ics)(\\?|$)/.test(p));",
            )
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Links whose address is a script (`javascript:`, `data:`, `vbscript:`) on the page shown.
    pub async fn script_links(&self) -> Vec<String> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('[href], [src], [action], [formaction]'))\
                   .flatMap(e => ['href', 'src', 'action', 'formaction'].map(a => e.getAttribute(a)))\
                   .filter(v => v && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(v));",
            )
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Opens `path` of the site, as typing its address would.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The element `css` names, waiting (up to [`WAIT`]) for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(el) => el,
            Err(e) => panic!("no `{css}` on {}: {e}", self.path().await),
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .is_empty()
    }

    /// Clicks `css` as a person would (scrolled into view first).
    pub async fn click(&mut self, css: &str) {
        let el = self.find(css).await;
        self.scroll_to(&el).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
        self.clicks += 1;
    }

    /// Clicks the link or button whose text is `text`.
    pub async fn click_text(&mut self, text: &str) {
        let xpath = format!(
            "//*[self::a or self::button or self::summary][normalize-space(.)={}]",
            xpath_literal(text)
        );
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await;
        let el = match found {
            Ok(el) => el,
            Err(e) => panic!("no link or button «{text}» on {}: {e}", self.path().await),
        };
        self.scroll_to(&el).await;
        el.click().await.expect("click");
        self.clicks += 1;
    }

    async fn scroll_to(&self, el: &Element) {
        let arg = serde_json::to_value(el).expect("element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                vec![arg],
            )
            .await
            .expect("scroll");
    }

    /// Types `text` into the field `css`, replacing what it held.
    pub async fn fill(&mut self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.scroll_to(&el).await;
        el.clear().await.expect("clear");
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
        self.fields += 1;
    }

    /// Picks `value` in the `<select>` `css`.
    pub async fn select(&mut self, css: &str, value: &str) {
        let el = self.find(css).await;
        el.select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in `{css}`: {e}"));
        self.fields += 1;
    }

    /// Chooses the files at `paths` in the file input `css` (what picking them in the
    /// gallery does).
    pub async fn choose_files(&mut self, css: &str, paths: &[PathBuf]) {
        let el = self.find(css).await;
        let list = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        el.send_keys(&list)
            .await
            .unwrap_or_else(|e| panic!("choose files in `{css}`: {e}"));
        self.fields += 1;
    }

    /// The visible text of `css`; found again if the page replaced it meanwhile (a form's
    /// answer arriving after the element was found on the page before it).
    pub async fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(e) => assert!(Instant::now() < deadline, "text of `{css}`: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits until `script` returns true (up to [`WAIT`]).
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what} on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Scripts that ran although no page meant them to (see [`WATCH_SCRIPTS`]).
    pub async fn scripts_that_ran(&self) -> Vec<String> {
        let v = self
            .js("return Array.from(window.__hvScriptsRan || []);")
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// The serious and critical accessibility violations axe-core finds on the page shown.
    pub async fn axe(&self) -> Vec<String> {
        static AXE: &str = include_str!("../../browser/axe.min.js");
        let loaded = self.js("return typeof window.axe === 'object';").await;
        if loaded != Value::Bool(true) {
            self.js(&format!("{AXE}\nreturn true;")).await;
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' +
                          v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe.run");
        serde_json::from_value(result).unwrap_or_default()
    }

    /// Fills every field of the form `css` the way a hostile user would: each text field and
    /// text area with `payload` (its `#` replaced by the field's name), every other kind of
    /// field with a valid value (`valid` by name first, then by type), the browser's own
    /// checks off so the server sees everything; then submits it with its first button and
    /// waits for the next page. Fields the server refuses (`aria-invalid`) are filled again
    /// from `valid` and the form is sent once more. Returns the names of the fields that
    /// still hold the payload, so the caller knows what was stored.
    pub async fn fill_hostile(
        &self,
        css: &str,
        payload: &str,
        valid: &[(&str, &str)],
    ) -> Vec<String> {
        let valid: serde_json::Map<String, Value> = valid
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect();
        let mut refused: Vec<String> = Vec::new();
        for round in 0..3 {
            self.find(css).await;
            let filled = self
                .client
                .execute(
                    FILL_HOSTILE,
                    vec![
                        Value::String(css.to_owned()),
                        Value::String(payload.to_owned()),
                        Value::Object(valid.clone()),
                        serde_json::to_value(&refused).expect("names"),
                    ],
                )
                .await
                .unwrap_or_else(|e| panic!("fill {css}: {e}"));
            let hostile: Vec<String> = serde_json::from_value(filled).unwrap_or_default();
            self.submit_and_wait(css).await;
            let invalid: Vec<String> = serde_json::from_value(
                self.js(
                    "return Array.from(document.querySelectorAll('[aria-invalid=\"true\"][name]'))\
                     .map(e => e.name);",
                )
                .await,
            )
            .unwrap_or_default();
            if invalid.is_empty() {
                return hostile;
            }
            let unknown: Vec<&String> = invalid
                .iter()
                .filter(|n| refused.contains(n) || (round > 0 && !valid.contains_key(*n)))
                .collect();
            assert!(
                unknown.is_empty(),
                "{css} on {}: the server refuses {unknown:?} even with valid values; add them to \
                 the valid values",
                self.path().await
            );
            refused.extend(invalid);
        }
        panic!("{css}: still refused after three rounds");
    }

    /// Submits the form `css` with its first submit button and waits for the next document.
    pub async fn submit_and_wait(&self, css: &str) {
        self.js(&format!(
            "window.__hvLeaving = true; const f = document.querySelector({sel}); \
             f.noValidate = true; f.requestSubmit(f.querySelector('[type=submit]') || undefined); \
             return true;",
            sel = serde_json::to_string(css).expect("css")
        ))
        .await;
        self.wait_until(
            "the next page",
            "return window.__hvLeaving !== true && document.readyState === 'complete';",
        )
        .await;
    }

    /// What the journey cost so far.
    pub async fn tally(&self) -> Tally {
        let loads = self
            .js("return Number(sessionStorage.getItem('hvLoads') || '0');")
            .await;
        Tally {
            clicks: self.clicks,
            fields: self.fields,
            screens: loads.as_u64().unwrap_or(0) as u32,
            seconds: self.started.elapsed().as_secs_f64(),
        }
    }

    /// Starts counting again (after the set-up of a journey).
    pub async fn restart_tally(&mut self) {
        self.js("sessionStorage.setItem('hvLoads', '0'); return true;")
            .await;
        self.clicks = 0;
        self.fields = 0;
        self.started = Instant::now();
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// The body of [`Chrome::fill_hostile`]'s script: arguments (form selector, payload, valid
/// values by name, names to fill with valid values); returns the names given the payload.
const FILL_HOSTILE: &str = r#"
const [sel, payload, valid, refused] = arguments;
const form = document.querySelector(sel);
const byType = {email: 'lienhe@vidu.vn', url: 'https://vidu.vn/trang?a=1', tel: '0283 823 4567',
  number: '1', date: '2027-05-20', 'datetime-local': '2027-05-20T09:00', time: '09:00',
  month: '2027-05', week: '2027-W20'};
const hostile = [];
for (const el of form.elements) {
  if (el.disabled || el.readOnly || !el.name || el.name === 'csrf_token') continue;
  const tag = el.tagName, type = (el.type || '').toLowerCase();
  if (tag === 'SELECT') {
    if (!el.value) {
      const opt = Array.from(el.options).find(o => o.value);
      if (opt) el.value = opt.value;
    }
  } else if (tag === 'TEXTAREA' || (tag === 'INPUT' && ['text', 'search', ''].includes(type))) {
    if (refused.includes(el.name)) {
      el.value = valid[el.name] ?? el.value;
    } else {
      el.value = payload.replaceAll('#', el.name);
      hostile.push(el.name);
    }
  } else if (tag === 'INPUT' && Object.hasOwn(byType, type)) {
    el.value = valid[el.name] ?? byType[type];
  } else {
    continue;
  }
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
}
return hostile;
"#;

/// `text` as an XPath string literal.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}

/// A JPEG photo of `w`×`h` written to `dir`, for file inputs.
pub fn photo_file(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let path = dir.join(name);
    let jpeg = super::fixtures::encode(&super::fixtures::noisy(w, h), image::ImageFormat::Jpeg);
    std::fs::write(&path, jpeg).expect("photo written");
    path
}
