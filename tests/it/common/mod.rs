//! Test harness: a fresh, migrated database per `TestApp` (a SQLite file in a temp dir, or a
//! schema of its own in the PostgreSQL database named by `TEST_DATABASE_URL`), the real app
//! built by `hangviet::app::app`, and small builders for catalogue rows.
#![allow(dead_code)]

pub mod articles;
pub mod fixtures;
pub mod world;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{test, web};
use chrono::Utc;
use diesel::prelude::*;
use hangviet::app::AppState;
use hangviet::config::Settings;
use hangviet::db::models::province::ProvinceRef;
use hangviet::db::models::{Category, NewAward, NewProducer, NewProduct, ProvinceIndex};
use hangviet::db::schema::awards;
use hangviet::db::{Db, DbConnection};
use hangviet::text::{fold, slugify};
use tempfile::TempDir;

pub struct TestApp {
    pub state: web::Data<AppState>,
    pub dir: TempDir,
    /// The database URL the app runs on (a PostgreSQL one names the app's schema).
    pub database_url: String,
    pg_schema: Option<(String, String)>,
}

/// The settings of a test app on `data_dir`, with the defaults of `hangviet serve` and no
/// environment read (a `MEILI_URL` or `DATABASE_URL` of the shell must not leak in).
pub fn settings_for(data_dir: &std::path::Path) -> Settings {
    Settings {
        bind: "127.0.0.1:8080".to_owned(),
        data_dir: data_dir.to_owned(),
        database_url: None,
        meili_url: None,
        meili_api_key: None,
        meili_index: hangviet::search::meili::DEFAULT_INDEX.to_owned(),
        search_timeout_ms: 500,
        search: "index".to_owned(),
        page_cache_seconds: 5,
        public_url: None,
        trusted_proxies: String::new(),
        body_timeout_seconds: 60,
    }
}

/// A response, read whole.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Number of product cards on the page.
    pub fn card_count(&self) -> usize {
        self.body.matches("<article class=\"card\"").count()
    }

    /// The JSON-LD block of the page, parsed.
    pub fn json_ld(&self) -> serde_json::Value {
        let start_tag = "<script type=\"application/ld+json\">";
        let start = self.body.find(start_tag).expect("page has JSON-LD") + start_tag.len();
        let end = start
            + self.body[start..]
                .find("</script>")
                .expect("JSON-LD is closed");
        serde_json::from_str(&self.body[start..end]).expect("JSON-LD parses")
    }
}

/// A response whose body is kept as bytes.
pub struct RawPage {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl RawPage {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl TestApp {
    /// A new app on an empty, migrated database (reference data loaded).
    pub fn new() -> TestApp {
        TestApp::with_settings(|_| {})
    }

    /// A new app whose settings `adjust` changes first (search backend, say).
    pub fn with_settings(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = settings_for(dir.path());
        settings.public_url = Some("http://localhost:8080".to_owned());
        adjust(&mut settings);
        let mut pg_schema = None;
        if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
            let schema = format!(
                "t{}_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::SeqCst),
                Utc::now().timestamp_subsec_nanos()
            );
            let mut admin = PgConnection::establish(&url).expect("TEST_DATABASE_URL connects");
            diesel::sql_query(format!("CREATE SCHEMA {schema}"))
                .execute(&mut admin)
                .expect("create schema");
            let sep = if url.contains('?') { '&' } else { '?' };
            settings.database_url = Some(format!("{url}{sep}options=-csearch_path%3D{schema}"));
            pg_schema = Some((url, schema));
        }
        let state = AppState::init(&settings).expect("app state");
        TestApp {
            state: web::Data::new(state),
            dir,
            database_url: settings.database_url(),
            pg_schema,
        }
    }

    /// A second app on this app's database with other settings (another search backend,
    /// say), so such a test reuses a seeded catalogue; the database stays owned by `self`.
    pub fn on_same_database(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = settings_for(dir.path());
        settings.database_url = Some(self.database_url.clone());
        adjust(&mut settings);
        let state = AppState::init(&settings).expect("app state");
        TestApp {
            state: web::Data::new(state),
            dir,
            database_url: settings.database_url(),
            pg_schema: None,
        }
    }

    /// The demo catalogue, seeded once per test binary and shared by read-only tests.
    pub fn demo() -> Arc<TestApp> {
        static DEMO: OnceLock<Arc<TestApp>> = OnceLock::new();
        DEMO.get_or_init(|| {
            let app = TestApp::new();
            hangviet::demo::seed(
                &app.state.db,
                &app.state.media,
                hangviet::demo::Progress::Hidden,
            )
            .expect("demo seeds");
            // Build the search index on a runtime of its own: this runs inside a test's runtime.
            let state = app.state.clone();
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let ctx = state
                        .reference
                        .get(&state.db)
                        .await
                        .expect("reference data");
                    state
                        .search
                        .rebuild(&state.db, ctx, |_| {})
                        .await
                        .expect("index builds");
                })
            })
            .join()
            .expect("indexing thread");
            Arc::new(app)
        })
        .clone()
    }

    /// Files in the media directory (temp files and files being removed included): what a
    /// refused request must not have changed.
    pub fn stored_file_count(&self) -> usize {
        let hangviet::media::MediaStore::LocalFileSystem { root } = &self.state.media;
        std::fs::read_dir(root)
            .map(|dirs| {
                dirs.flatten()
                    .filter_map(|d| std::fs::read_dir(d.path()).ok())
                    .map(|files| files.flatten().count())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// The `hangviet` command on this app's data directory and database (SQLite or the
    /// app's PostgreSQL schema), as an operator would run it.
    pub fn cli(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hangviet"));
        command
            .arg("--data-dir")
            .arg(self.dir.path())
            .env("DATABASE_URL", &self.database_url);
        command
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn conn(&self) -> impl std::ops::DerefMut<Target = DbConnection> {
        self.state.db.conn().expect("connection")
    }

    /// Drains the search outbox into the index, as the background worker would.
    pub async fn sync_search(&self) -> usize {
        let ctx = self
            .state
            .reference
            .get(&self.state.db)
            .await
            .expect("reference");
        self.state
            .search
            .sync_once(&self.state.db, ctx)
            .await
            .expect("outbox drains")
    }

    /// GET a JSON endpoint that must answer 200.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let page = self.page(path).await;
        assert!(
            page.header("content-type").starts_with("application/json"),
            "{path}"
        );
        serde_json::from_str(&page.body).expect("JSON body")
    }

    /// GET a JSON endpoint from this machine's loopback (the operator's view of `/healthz`).
    pub async fn json_from_loopback(&self, path: &str) -> serde_json::Value {
        let page = self
            .send(
                test::TestRequest::get()
                    .uri(path)
                    .peer_addr("127.0.0.1:40000".parse().expect("loopback")),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
        serde_json::from_str(&page.body).expect("JSON body")
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(test::TestRequest::get().uri(path)).await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Page {
        self.send(
            test::TestRequest::get()
                .uri(path)
                .insert_header(("Cookie", cookie)),
        )
        .await
    }

    /// Sends a request and keeps the answer's bytes as they came (compressed ones too).
    pub async fn send_raw(&self, req: test::TestRequest) -> RawPage {
        let app = test::init_service(hangviet::app::app(self.state.clone())).await;
        let res = test::call_service(&app, req.to_request()).await;
        let headers = res.headers().clone();
        RawPage {
            status: res.status(),
            headers,
            bytes: test::read_body(res).await.to_vec(),
        }
    }

    pub async fn send(&self, req: test::TestRequest) -> Page {
        let app = test::init_service(hangviet::app::app(self.state.clone())).await;
        let res = test::call_service(&app, req.to_request()).await;
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await;
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// GET that must answer 200.
    pub async fn page(&self, path: &str) -> Page {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
        page
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.pg_schema
            && let Ok(mut admin) = PgConnection::establish(url)
        {
            let _ = diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut admin);
        }
    }
}

/// Builds a producer row.
pub struct ProducerBuilder {
    name: String,
    province: String,
    description: String,
}

impl ProducerBuilder {
    pub fn new(name: &str) -> Self {
        ProducerBuilder {
            name: name.to_owned(),
            province: "Hà Nội".to_owned(),
            description: String::new(),
        }
    }

    /// Province as written: current ("An Giang") or pre-2025 ("Kiên Giang").
    pub fn province(mut self, province: &str) -> Self {
        self.province = province.to_owned();
        self
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    pub fn insert(self, conn: &mut DbConnection) -> i32 {
        let provinces = ProvinceIndex::load(conn).expect("provinces");
        let (province_id, province_alias_id) = match provinces.by_name(&self.province) {
            Some(ProvinceRef::Current(id)) => (id, None),
            Some(ProvinceRef::Legacy {
                alias_id,
                province_id,
            }) => (province_id, Some(alias_id)),
            None => panic!("unknown province {}", self.province),
        };
        let now = Utc::now().naive_utc();
        NewProducer {
            slug: slugify(&self.name),
            name: self.name.clone(),
            name_folded: fold(&self.name),
            legal_name: self.name.clone(),
            tax_code: None,
            address: "1 Tràng Tiền".to_owned(),
            province_id,
            province_alias_id,
            website: String::new(),
            phone: String::new(),
            email: String::new(),
            description: self.description,
            logo_hash: None,
            verified: false,
            claimed_by: None,
            created_at: now,
            updated_at: now,
        }
        .insert(conn)
        .expect("insert producer")
    }
}

/// Builds a product row with its awards.
pub struct ProductBuilder {
    name: String,
    slug: Option<String>,
    producer_id: i32,
    category: String,
    status: String,
    description: String,
    brand: String,
    awards: Vec<(String, i32, Option<String>)>,
}

impl ProductBuilder {
    pub fn new(name: &str, producer_id: i32) -> Self {
        ProductBuilder {
            name: name.to_owned(),
            slug: None,
            producer_id,
            category: "thuc-pham".to_owned(),
            status: "published".to_owned(),
            description: String::new(),
            brand: String::new(),
            awards: Vec::new(),
        }
    }

    pub fn slug(mut self, slug: &str) -> Self {
        self.slug = Some(slug.to_owned());
        self
    }

    pub fn category(mut self, slug: &str) -> Self {
        self.category = slug.to_owned();
        self
    }

    pub fn status(mut self, status: &str) -> Self {
        self.status = status.to_owned();
        self
    }

    pub fn description(mut self, text: &str) -> Self {
        self.description = text.to_owned();
        self
    }

    pub fn brand(mut self, text: &str) -> Self {
        self.brand = text.to_owned();
        self
    }

    pub fn award(mut self, programme: &str, year: i32, tier: Option<&str>) -> Self {
        self.awards
            .push((programme.to_owned(), year, tier.map(str::to_owned)));
        self
    }

    pub fn insert(self, conn: &mut DbConnection) -> i32 {
        let category = Category::by_slug(conn, &self.category).expect("category");
        let now = Utc::now().naive_utc();
        let id = NewProduct {
            producer_id: self.producer_id,
            category_id: category.id,
            slug: self.slug.unwrap_or_else(|| slugify(&self.name)),
            name: self.name.clone(),
            name_folded: fold(&self.name),
            brand: self.brand,
            description: self.description,
            gtin: None,
            status: self.status.clone(),
            rejection_reason: None,
            published_at: (self.status == "published").then_some(now),
            created_at: now,
            updated_at: now,
        }
        .insert(conn)
        .expect("insert product");
        for (programme, year, tier) in self.awards {
            diesel::insert_into(awards::table)
                .values(NewAward {
                    product_id: Some(id),
                    producer_id: None,
                    programme,
                    year,
                    tier,
                    certificate_no: None,
                    valid_until: None,
                    source_url: None,
                })
                .execute(conn)
                .expect("insert award");
        }
        id
    }
}

/// A browser for one visitor: keeps the cookies the site sets and sends them back.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: std::collections::BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: Default::default(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, page: &Page) {
        for value in page.headers.get_all("set-cookie") {
            let Ok(text) = value.to_str() else { continue };
            let Ok(c) = actix_web::cookie::Cookie::parse(text.to_owned()) else {
                continue;
            };
            let expired = c.max_age().is_some_and(|a| a.is_zero()) || c.value().is_empty();
            if expired {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_owned(), c.value().to_owned());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let mut req = test::TestRequest::get().uri(path);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }

    /// The CSRF token of the form on `path`.
    pub async fn token(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        csrf_of(&page.body).unwrap_or_else(|| panic!("no csrf_token on {path}: {}", page.body))
    }

    /// POSTs a urlencoded form as it is (no token added).
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("form encodes");
        let mut req = test::TestRequest::post()
            .uri(path)
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        for (k, v) in headers {
            req = req.insert_header((*k, *v));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }

    /// POSTs a form with the token of the page at `form_page`, as a browser would.
    pub async fn submit(&mut self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token(form_page).await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(
            action,
            &all,
            &[
                ("Origin", "http://localhost:8080"),
                ("Sec-Fetch-Site", "same-origin"),
            ],
        )
        .await
    }

    /// Signs up and stays signed in.
    pub async fn sign_up(&mut self, email: &str, account_type: &str) -> Page {
        let page = self
            .submit(
                "/dang-ky",
                "/dang-ky",
                &[
                    ("email", email),
                    ("name", "Người Thử"),
                    ("password", PASSWORD),
                    ("account_type", account_type),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-up of {email}: {}",
            page.body
        );
        page
    }

    pub async fn log_in(&mut self, email: &str, password: &str) -> Page {
        self.submit(
            "/dang-nhap",
            "/dang-nhap",
            &[("email", email), ("password", password)],
        )
        .await
    }
}

pub const PASSWORD: &str = "Sen hồng nở giữa hồ 2025";

/// The value of the first `csrf_token` field in `html`.
pub fn csrf_of(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].chars().take_while(|c| *c != '"').collect())
}

/// Who sends a request in the authorization tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Citizen,
    BusinessA,
    BusinessB,
    SuspendedBusiness,
    Official,
    Admin,
}

pub const ACTORS: [Actor; 7] = [
    Actor::Anonymous,
    Actor::Citizen,
    Actor::BusinessA,
    Actor::BusinessB,
    Actor::SuspendedBusiness,
    Actor::Official,
    Actor::Admin,
];

/// A signed-in user made directly in the database (no password hashing per test).
pub struct Member {
    pub user_id: i32,
    pub session_token: String,
    pub csrf_token: String,
}

impl TestApp {
    pub fn member(&self, email: &str, role: &str) -> Member {
        use hangviet::db::models::session::Session;
        use hangviet::db::models::user::NewUser;
        static HASH: OnceLock<String> = OnceLock::new();
        let hash =
            HASH.get_or_init(|| hangviet::auth::password::hash_blocking(PASSWORD).expect("hash"));
        let now = Utc::now().naive_utc();
        let mut conn = self.conn();
        let user_id = NewUser {
            email: email.to_owned(),
            name: format!("Người dùng {email}"),
            password_hash: hash.clone(),
            role: role.to_owned(),
            suspended_at: None,
            created_at: now,
            updated_at: now,
        }
        .insert(&mut conn)
        .expect("insert user")
        .expect("new email");
        let session_token = hangviet::auth::random_token();
        let csrf_token = hangviet::auth::random_token();
        Session::create(
            &mut conn,
            user_id,
            &hangviet::auth::token_hash(&session_token),
            &csrf_token,
        )
        .expect("session");
        Member {
            user_id,
            session_token,
            csrf_token,
        }
    }

    /// A browser carrying `member`'s session.
    pub fn browser_of(&self, member: &Member) -> Browser<'_> {
        let mut b = Browser::new(self);
        b.cookies
            .insert("hv_session".to_owned(), member.session_token.clone());
        b
    }
}

/// A multipart body: `(name, filename, bytes)` parts, with its Content-Type.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----hangvietTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        match filename {
            Some(f) => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
            ),
            None => body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Browser<'_> {
    /// POSTs a multipart body as it is.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        parts: &[(&str, Option<&str>, &[u8])],
    ) -> Page {
        let (content_type, body) = multipart(parts);
        let mut req = test::TestRequest::post()
            .uri(path)
            .insert_header(("Content-Type", content_type))
            .insert_header(("Origin", "http://localhost:8080"))
            .set_payload(body);
        if !self.cookies.is_empty() {
            req = req.insert_header(("Cookie", self.cookie_header()));
        }
        let page = self.app.send(req).await;
        self.remember(&page);
        page
    }
}

/// Moves a product to `status` and queues it for the search index, in one transaction, as
/// moderation would (tests that are not about moderation skip its forms).
pub fn set_status(
    conn: &mut DbConnection,
    id: i32,
    status: hangviet::db::models::product::ProductStatus,
) {
    use hangviet::db::models::product::ProductStatus;
    use hangviet::db::models::search_outbox::SearchOutbox;
    use hangviet::db::schema::products;
    conn.transaction(|conn| {
        let now = Utc::now().naive_utc();
        let published_at = (status == ProductStatus::Published).then_some(now);
        let changed = diesel::update(products::table.find(id))
            .set((
                products::status.eq(status.as_str()),
                products::published_at.eq(published_at),
                products::updated_at.eq(now),
            ))
            .execute(conn)?;
        assert_eq!(changed, 1, "product {id} exists");
        SearchOutbox::enqueue(conn, &[id])
    })
    .expect("set status");
}

/// Renames a producer and queues its products for the search index, in one transaction.
pub fn rename_producer(conn: &mut DbConnection, id: i32, name: &str) {
    use hangviet::db::models::search_outbox::SearchOutbox;
    use hangviet::db::schema::producers;
    conn.transaction(|conn| {
        let changed = diesel::update(producers::table.find(id))
            .set((
                producers::name.eq(name),
                producers::name_folded.eq(fold(name)),
                producers::updated_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
        assert_eq!(changed, 1, "producer {id} exists");
        SearchOutbox::enqueue_producer(conn, id)
    })
    .expect("rename producer");
}
