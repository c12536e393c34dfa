//! Command line and environment (DESIGN.md section 4). Every flag also reads a variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hangviet",
    version,
    about = "Showcase of Vietnamese award-winning goods"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

/// The Meilisearch index the site uses unless told otherwise.
pub const DEFAULT_MEILI_INDEX: &str = "products";

/// Where the site keeps its state.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on (it also gives the default public address).
    #[arg(
        long,
        env = "HANGVIET_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Directory for the SQLite file, media and generated keys.
    #[arg(
        long,
        env = "HANGVIET_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; unset means the SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Meilisearch server; unset means the embedded index in the data directory.
    #[arg(long, env = "MEILI_URL", global = true)]
    pub meili_url: Option<String>,
    /// Meilisearch API key.
    #[arg(long, env = "MEILI_API_KEY", global = true, hide_env_values = true)]
    pub meili_api_key: Option<String>,
    /// Meilisearch index the site uses (several sites or test runs can share one server).
    #[arg(long, env = "HANGVIET_MEILI_INDEX", global = true, default_value = DEFAULT_MEILI_INDEX)]
    pub meili_index: String,
    /// Milliseconds a search waits for the search backend before answering from the
    /// database (degraded).
    #[arg(
        long,
        env = "HANGVIET_SEARCH_TIMEOUT_MS",
        global = true,
        default_value_t = 500
    )]
    pub search_timeout_ms: u64,
    /// `database` turns the search index off: every search is answered from the database
    /// (degraded). For operators and for measuring the fallback.
    #[arg(long, env = "HANGVIET_SEARCH", global = true, value_parser = ["index", "database"], default_value = "index")]
    pub search: String,
    /// Seconds a rendered public page is reused for other visitors; 0 turns the cache off.
    #[arg(
        long,
        env = "HANGVIET_PAGE_CACHE_SECONDS",
        global = true,
        default_value_t = 5
    )]
    pub page_cache_seconds: u64,
    /// The site's public address (`https://hangviet.vn`): every absolute URL is built from it,
    /// never from request headers. Unset: `http://` and the listen address.
    #[arg(long, env = "HANGVIET_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Comma-separated addresses or networks of reverse proxies whose `X-Forwarded-For` /
    /// `Forwarded` headers are believed for the client's address. Unset: none.
    #[arg(
        long,
        env = "HANGVIET_TRUSTED_PROXIES",
        global = true,
        default_value = ""
    )]
    pub trusted_proxies: String,
    /// Seconds a request body may take to arrive, plus one for every 500 bytes received, up to
    /// ten times as long (`body_deadline`); a slower body is cut with 408.
    #[arg(
        long,
        env = "HANGVIET_BODY_TIMEOUT_SECONDS",
        global = true,
        default_value_t = 60
    )]
    pub body_timeout_seconds: u64,
    /// The operator's contact e-mail, shown on the about page (`/gioi-thieu`). Unset: the page
    /// points to the report form and the business area only.
    #[arg(long, env = "HANGVIET_CONTACT_EMAIL", global = true)]
    pub contact_email: Option<String>,
    /// The consumer vote's master key, 64 hex digits. Unset: `keys/vote.key` in the data
    /// directory, made on first start. Machines sharing one database must share it.
    #[arg(long, env = "HANGVIET_VOTE_KEY", global = true, hide_env_values = true)]
    pub vote_key: Option<String>,
    /// Zero bits the ballot's proof of work asks for (4 to 24, a multiple of 4). The server
    /// checks an answer with one hash whatever the number; each 4 more bits is 16 times the
    /// work for the voter's device.
    #[arg(long, env = "HANGVIET_VOTE_POW_BITS", global = true, default_value_t = crate::vote::online::POW_BITS)]
    pub vote_pow_bits: u32,
    /// An SMS gateway reached by mail, as an address with `{phone}` where the number goes in
    /// international form (`{phone}@sms.example.vn`): voters may then confirm a ballot with a
    /// code texted to their phone, besides the mailed link. Unset: email only.
    #[arg(long, env = "HANGVIET_SMS_GATEWAY", global = true)]
    pub sms_gateway: Option<String>,
    /// SMTP server mail goes out through (`smtp://host:port`, `smtps://…`, with
    /// `?tls=required` for STARTTLS; user and password in the URL). Unset: mail is written as
    /// `.eml` files to `DATA_DIR/outbox-mail/`.
    #[arg(long, env = "SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of the site's mail (`Name <address>`). Unset: the site's name at
    /// `no-reply@` the public host.
    #[arg(long, env = "HANGVIET_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Comma-separated addresses or networks, besides loopback, that may read `/metrics`.
    /// Unset: loopback only.
    #[arg(
        long,
        env = "HANGVIET_METRICS_ALLOW",
        global = true,
        default_value = ""
    )]
    pub metrics_allow: String,
    /// `json` writes one JSON object per log line (for log collectors); `text` is for people.
    #[arg(long, env = "HANGVIET_LOG_FORMAT", global = true, value_parser = ["text", "json"], default_value = "text")]
    pub log_format: String,
    /// Least seconds between two rebuilds of the bulk downloads (`/du-lieu`) after the
    /// published catalogue changed.
    #[arg(
        long,
        env = "HANGVIET_OPEN_DATA_SECONDS",
        global = true,
        default_value_t = 300
    )]
    pub open_data_seconds: u64,
}

impl Settings {
    /// The public address and trusted proxies in force; the listen address gives the default.
    pub fn site_address(&self) -> anyhow::Result<crate::site::SiteAddress> {
        let public_url = match self.public_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.to_owned(),
            _ => crate::site::SiteAddress::default_for_bind(&self.bind),
        };
        crate::site::SiteAddress::new(&public_url, &self.trusted_proxies)
            .map_err(|e| anyhow::anyhow!("HANGVIET_PUBLIC_URL / HANGVIET_TRUSTED_PROXIES: {e:#}"))
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => self
                .data_dir
                .join("hangviet.db")
                .to_string_lossy()
                .into_owned(),
        }
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Where mail is written when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("outbox-mail")
    }

    /// Where the bulk downloads (`/du-lieu`) are built.
    pub fn open_data_dir(&self) -> PathBuf {
        self.data_dir.join("open-data")
    }

    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search-index")
    }

    /// The Meilisearch URL in force, if any.
    pub fn meili_url(&self) -> Option<&str> {
        self.meili_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the site (migrates first).
    Serve(ServeArgs),
    /// Run pending migrations and exit.
    Migrate,
    /// Load the demo catalogue into an empty database.
    SeedDemo(SeedArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Import a yearly award list (CSV, DESIGN.md section 5); nothing is imported if any
    /// line is wrong, and every wrong line is listed.
    ImportAwards(ImportArgs),
    /// Import points of sale (CSV: producer,name,kind,address,ward,province,phone,
    /// opening_hours,url,latitude,longitude,products); nothing is imported if any line is
    /// wrong, and every wrong line is listed. Importing a file twice changes nothing.
    ImportPointsOfSale(ImportArgs),
    /// Write every point of sale as CSV (the import's format) to standard output.
    ExportPointsOfSale,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Build or load the bulk downloads of the published catalogue (`/du-lieu`).
    #[command(subcommand)]
    OpenData(OpenDataCommand),
    /// Measure search relevance: precision@5 and nDCG@10 of the judged queries on the
    /// embedded index and, with MEILI_URL set, on Meilisearch, and the agreement of the two.
    SearchEval(SearchEvalArgs),
    /// The consumer vote.
    #[command(subcommand)]
    Vote(VoteCommand),
}

#[derive(Debug, Subcommand)]
pub enum VoteCommand {
    /// Count a vote again from its published files (a directory holding manifest.json):
    /// checks every file against the manifest, prints the results and whether they are the
    /// published ones; exits with an error if anything differs.
    Count {
        /// The directory of the published files.
        dir: PathBuf,
    },
    /// Write the published files of the vote of YEAR into DIR (once counting has started):
    /// rules, nominations, paper batches, results and their manifest.
    Publish {
        year: i32,
        /// Where to write them (created if missing).
        dir: PathBuf,
    },
    /// Open a demonstration vote of YEAR on the loaded catalogue (for load tests): 20 of its
    /// products nominated in two groups, voting open.
    OpenDemo {
        #[arg(long, default_value_t = 2026)]
        year: i32,
    },
    /// Run the fraud detection on the vote of YEAR now (it also runs daily while voting is
    /// open, and before counting) and print what each rule flagged.
    Detect { year: i32 },
    /// Simulate honest voters and a farm of identities in a scratch site and report what
    /// share of each the detection flags.
    SimulateFraud {
        #[arg(long, default_value_t = 5_000)]
        honest: usize,
        #[arg(long, default_value_t = 2_000)]
        farm: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Debug, Args)]
pub struct SearchEvalArgs {
    /// The judged queries (tests/relevance/judged.tsv).
    #[arg(long, default_value = "tests/relevance/judged.tsv")]
    pub queries: PathBuf,
    /// Also measure the agreement of the two backends on this many generated queries.
    #[arg(long, default_value_t = 0)]
    pub generated: usize,
    /// Print each judged query whose top 5 misses a right answer, and each on which the two
    /// backends' top 10s differ.
    #[arg(long)]
    pub misses: bool,
}

#[derive(Debug, Subcommand)]
pub enum OpenDataCommand {
    /// Build the bulk files now (CSV and JSON Lines, gzip-compressed) into
    /// DATA_DIR/open-data, replacing the current set at once when done.
    Build,
    /// Load a set of bulk files (a directory holding manifest.json) into an EMPTY database;
    /// every file is checked against the manifest first, and nothing is stored if anything
    /// is wrong.
    Load {
        /// The directory of the files (DATA_DIR/open-data/current, or downloaded ones).
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// Check the file and report what would change, without changing anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// citizen, business, official or admin.
        #[arg(long, value_parser = ["citizen", "business", "official", "admin"])]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Products to generate in all (real award rows included); for load tests.
    #[arg(long, default_value_t = crate::demo::TARGET_PRODUCTS)]
    pub products: usize,
    /// Extra points of sale to generate around the provinces' centres (the "near me"
    /// benchmark uses 100000); inserted in batches.
    #[arg(long, default_value_t = 0)]
    pub points_of_sale: usize,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Load the demo catalogue first if the database has no products.
    #[arg(long, env = "HANGVIET_DEMO")]
    pub demo: bool,
}
