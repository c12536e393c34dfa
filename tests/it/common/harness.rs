//! The app under test: a fresh, migrated database per [`TestApp`] (a SQLite file in a temp
//! dir, or a schema of its own in the PostgreSQL database named by `TEST_DATABASE_URL`), the
//! real app built by `hangviet::server::app`, requests sent to it, and the `hangviet` command on
//! the same data.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{test, web};
use chrono::Utc;
use diesel::prelude::*;
use hangviet::app::AppState;
use hangviet::config::Settings;
use hangviet::db::{Db, DbConnection};
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
        meili_index: hangviet::config::DEFAULT_MEILI_INDEX.to_owned(),
        search_timeout_ms: 500,
        search: "index".to_owned(),
        page_cache_seconds: 5,
        public_url: None,
        trusted_proxies: String::new(),
        body_timeout_seconds: 60,
        contact_email: None,
        vote_key: None,
        vote_pow_bits: hangviet::vote::online::POW_BITS,
        sms_gateway: None,
        smtp_url: None,
        mail_from: None,
        metrics_allow: String::new(),
        log_format: "text".to_owned(),
        open_data_seconds: 300,
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
            app.seed_demo();
            Arc::new(app)
        })
        .clone()
    }

    /// Loads the demo catalogue (`seed-demo`'s default) and builds its search index.
    pub fn seed_demo(&self) {
        hangviet::demo::seed(
            &self.state.db,
            &self.state.media,
            hangviet::demo::Progress::Hidden,
        )
        .expect("demo seeds");
        self.rebuild_index();
    }

    /// Builds the search index from the database, on a runtime of its own (this may run
    /// inside a test's runtime).
    pub fn rebuild_index(&self) {
        let state = self.state.clone();
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
    }

    /// Serves the whole app on `listener` with `workers` threads, until the handle stops it.
    pub fn serve(
        &self,
        listener: std::net::TcpListener,
        workers: usize,
    ) -> actix_web::dev::ServerHandle {
        let state = self.state.clone();
        let server = actix_web::HttpServer::new(move || hangviet::server::app(state.clone()))
            .workers(workers)
            .disable_signals()
            .listen(listener)
            .expect("listens")
            .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        handle
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

    /// `actor` moving a vote campaign forward, with this app's vote keys and address.
    pub fn mover<'a>(
        &'a self,
        actor: &'a hangviet::db::models::audit::Actor,
    ) -> hangviet::actions::vote::Mover<'a> {
        hangviet::actions::vote::Mover {
            actor,
            keys: &self.state.vote_keys,
            site: &self.state.site,
        }
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
        let app = test::init_service(hangviet::server::app(self.state.clone())).await;
        let res = test::call_service(&app, req.to_request()).await;
        let headers = res.headers().clone();
        RawPage {
            status: res.status(),
            headers,
            bytes: test::read_body(res).await.to_vec(),
        }
    }

    pub async fn send(&self, req: test::TestRequest) -> Page {
        let app = test::init_service(hangviet::server::app(self.state.clone())).await;
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
