//! Database access: one connection type over SQLite and PostgreSQL, the r2d2 pool, embedded
//! migrations, and [`Db::run`], the only way request handlers reach the database.
//!
//! Rules: queries live on the models (`db::models::<table>`), never in handlers. Diesel is
//! synchronous, so every query runs on the blocking thread pool through [`Db::run`].

pub mod deferred;
pub mod lock;
pub mod models;
pub mod reference;
pub mod schema;
pub mod stored;

use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend; every query in the crate is written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which backend a database URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` select PostgreSQL; anything else is a SQLite path.
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Opens connections of the backend the URL names. Unlike diesel's own manager it never
/// falls back from PostgreSQL to SQLite, and it sets SQLite's per-connection pragmas.
#[derive(Debug)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn =
                    SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the single writer; the busy timeout makes a
                // second writer wait instead of failing; SQLite leaves foreign keys off otherwise.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

/// How [`Db::refresh_statistics`] works: every table, or those SQLite finds stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistics {
    Rebuild,
    IfStale,
}

/// What the pool holds at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PoolState {
    pub connections: u32,
    pub idle: u32,
    pub max: u32,
}

/// The pool and the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
}

impl Db {
    /// Connects to `url`, failing with the backend's own reason (bad password, missing host,
    /// unwritable file) rather than a pool time-out.
    pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Db> {
        let backend = Backend::of_url(url);
        let manager = Manager {
            url: url.to_owned(),
            backend,
        };
        // Open one connection first: r2d2 would only report "timed out" for a wrong URL.
        manager
            .connect()
            .with_context(|| format!("cannot open the {backend:?} database"))?;
        let pool = r2d2::Pool::builder()
            .max_size(max_size)
            // A SQLite file cannot go away under an open connection, so the check-out ping
            // would only cost a query per request; PostgreSQL connections can, so keep it.
            .test_on_check_out(backend == Backend::Postgres)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .context("cannot build the database pool")?;
        Ok(Db { pool, backend })
    }

    /// Connections open, idle and allowed, for `/metrics`.
    pub fn pool_state(&self) -> PoolState {
        let state = self.pool.state();
        PoolState {
            connections: state.connections,
            idle: state.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// The backend this database runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection, for CLI commands and start-up work outside the request path.
    pub fn conn(&self) -> anyhow::Result<r2d2::PooledConnection<Manager>> {
        self.pool.get().context("no database connection available")
    }

    /// Refreshes the query planner's statistics. SQLite keeps none until asked, and without
    /// them it guesses that an index on a two-valued column such as `status` is selective and
    /// walks a whole table through it. [`Statistics::Rebuild`] (after bulk writes: seeding,
    /// imports, the bulk-download build) samples every index (SQLite reads at most 1,000 rows
    /// of each, a fraction of a second at a million products); [`Statistics::IfStale`] (at
    /// start) lets SQLite redo only tables never measured or grown 25-fold since.
    /// PostgreSQL's autovacuum keeps its own; a rebuild runs `ANALYZE` there too.
    pub fn refresh_statistics(&self, how: Statistics) -> anyhow::Result<()> {
        #[derive(diesel::QueryableByName)]
        struct Table {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        let mut conn = self.conn()?;
        let sql = match (&*conn, how) {
            (DbConnection::Sqlite(_), Statistics::Rebuild) => {
                "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0;".to_owned()
            }
            (DbConnection::Sqlite(_), Statistics::IfStale) => "PRAGMA optimize = 0x10002;".into(),
            (DbConnection::Postgresql(_), Statistics::Rebuild) => {
                // The site's own tables: a bare ANALYZE visits every schema of the database,
                // other applications' tables too, and fails on one dropped meanwhile.
                let tables: Vec<Table> = diesel::sql_query(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() \
                     ORDER BY tablename",
                )
                .load(&mut *conn)
                .context("cannot list the tables")?;
                if tables.is_empty() {
                    return Ok(());
                }
                let names: Vec<String> = tables
                    .iter()
                    .map(|t| format!("\"{}\"", t.name.replace('"', "\"\"")))
                    .collect();
                format!("ANALYZE {};", names.join(", "))
            }
            (DbConnection::Postgresql(_), Statistics::IfStale) => return Ok(()),
        };
        conn.batch_execute(&sql)
            .context("cannot refresh the planner's statistics")?;
        Ok(())
    }

    /// Runs pending migrations of this backend, loads the reference data (provinces,
    /// categories) if it is missing, and builds the indexes an interrupted bulk load left
    /// unbuilt ([`deferred`]).
    pub fn migrate(&self) -> anyhow::Result<()> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            DbConnection::Postgresql(pg) => pg.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(lite) => lite.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        for m in applied {
            tracing::info!(migration = %m, "applied migration");
        }
        reference::ensure_loaded(&mut conn)?;
        deferred::rebuild(&mut conn, &indicatif::ProgressBar::hidden())?;
        Ok(())
    }

    /// Runs `f` with a pooled connection on the blocking pool, so diesel never blocks an
    /// async worker.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        // Log lines written on the blocking thread keep the request's span (its id).
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get().map_err(AppError::unavailable)?;
            f(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }
}
