//! Importing a yearly award list (DESIGN.md section 5): parse and check every line first, then
//! apply all rows in one transaction, or none. A file on disk is read twice rather than held
//! ([`import_file`]): a million lines take the memory of a few keys a line.
//!
//! Rules: a file with any bad line imports nothing and every bad line is reported with its
//! number as a spreadsheet shows it (the header is line 1) and reason; an empty province is
//! accepted (national lists give none) and left unknown; producers are matched by tax code, else by name ignoring case and
//! diacritics; products by name within their producer; importing the same file again changes
//! nothing. Changed products go to the search outbox, and the import is audited, in the same
//! transaction.

pub mod export;
pub mod points_of_sale;
mod staged;

pub use staged::{ConfirmError, ERRORS_KEPT, ImportPreview, confirm, stage};

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::audit::{Actor, Audit, AuditAction, AuditTarget};
use crate::db::models::award::default_valid_until;
use crate::db::models::province::ProvinceRef;
use crate::db::models::search_outbox::SearchOutbox;
use crate::db::models::slug::{SlugTable, insert_with_free_slug};
use crate::db::models::{NewAward, NewProducer, NewProduct, ProductStatus, Programme};
use crate::db::schema::{awards, producers, products};
use crate::i18n::{Locale, Msg};
use crate::reference::CardContext;
use crate::text::{fold, slugify};

/// The columns of the format, in the documented order.
pub const COLUMNS: [&str; 11] = [
    "programme",
    "year",
    "tier",
    "product",
    "producer",
    "tax_code",
    "category",
    "province",
    "certificate_no",
    "valid_until",
    "source_url",
];

/// One checked line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardLine {
    pub line: u64,
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub product: String,
    pub producer: String,
    /// `product` and `producer` folded (case and diacritics ignored), for matching.
    pub product_folded: String,
    pub producer_folded: String,
    pub tax_code: Option<String>,
    pub category_id: i32,
    /// `None`: the list gives no province; the producer's stays unknown until someone fills it.
    pub province: Option<ProvinceRef>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
}

/// A bad line and why. Stored with a staged upload, and put into words in the reader's
/// language when shown (the command line prints Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineError {
    pub line: u64,
    /// Why; absent only in previews stored before problems were typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<LineProblem>,
    /// The message of a preview stored before problems were typed, as it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl LineError {
    fn new(line: u64, problem: LineProblem) -> LineError {
        LineError {
            line,
            problem: Some(problem),
            message: None,
        }
    }

    /// Why the line is bad, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match (&self.problem, &self.message) {
            (Some(problem), _) => locale.msg(&problem.msg()),
            (None, Some(text)) => text.clone(),
            (None, None) => String::new(),
        }
    }
}

/// What is wrong with a line. Cell values are kept as the file has them, shortened (see
/// [`quoted`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum LineProblem {
    UnreadableHeader {
        detail: String,
    },
    MissingColumns {
        columns: String,
    },
    BrokenLine {
        detail: String,
    },
    Encoding,
    Duplicate {
        first: u64,
    },
    Programme {
        value: String,
    },
    Year {
        value: String,
    },
    TierRequired {
        programme: String,
        tiers: String,
    },
    NoTiers {
        programme: String,
        tier: String,
    },
    TierInvalid {
        programme: String,
        tier: String,
        tiers: String,
    },
    ProductMissing,
    ProducerMissing,
    NameTooLong,
    TaxCode {
        value: String,
    },
    Category {
        value: String,
    },
    Province {
        value: String,
    },
    CertificateTooLong,
    ValidUntilMalformed {
        value: String,
    },
    ValidUntilOutOfRange {
        value: String,
        first: String,
        last: String,
    },
    /// Not an http:// or https:// address.
    SourceUrl {
        value: String,
    },
    SourceUrlTooLong {
        length: usize,
        max: usize,
    },
    SourceUrlNoHost {
        value: String,
    },
    SourceUrlCharacters {
        value: String,
    },
}

impl LineProblem {
    /// The catalogue message (`import-…`) saying what is wrong.
    pub fn msg(&self) -> Msg {
        use LineProblem as P;
        match self {
            P::UnreadableHeader { detail } => {
                Msg::new("import-unreadable-header").arg("detail", detail)
            }
            P::MissingColumns { columns } => {
                Msg::new("import-missing-columns").arg("columns", columns)
            }
            P::BrokenLine { detail } => Msg::new("import-broken-line").arg("detail", detail),
            P::Encoding => Msg::new("import-encoding"),
            P::Duplicate { first } => Msg::new("import-duplicate").arg("first", first.to_string()),
            P::Programme { value } => Msg::new("import-programme").arg("value", value),
            P::Year { value } => Msg::new("import-year").arg("value", value),
            P::TierRequired { programme, tiers } => Msg::new("import-tier-required")
                .arg("programme", programme)
                .arg("tiers", tiers),
            P::NoTiers { programme, tier } => Msg::new("import-no-tiers")
                .arg("programme", programme)
                .arg("tier", tier),
            P::TierInvalid {
                programme,
                tier,
                tiers,
            } => Msg::new("import-tier-invalid")
                .arg("programme", programme)
                .arg("tier", tier)
                .arg("tiers", tiers),
            P::ProductMissing => Msg::new("import-product-missing"),
            P::ProducerMissing => Msg::new("import-producer-missing"),
            P::NameTooLong => Msg::new("import-name-too-long"),
            P::TaxCode { value } => Msg::new("import-tax-code").arg("value", value),
            P::Category { value } => Msg::new("import-category").arg("value", value),
            P::Province { value } => Msg::new("import-province").arg("value", value),
            P::CertificateTooLong => Msg::new("import-certificate-too-long"),
            P::ValidUntilMalformed { value } => {
                Msg::new("import-valid-until-malformed").arg("value", value)
            }
            P::ValidUntilOutOfRange { value, first, last } => {
                Msg::new("import-valid-until-out-of-range")
                    .arg("value", value)
                    .arg("first", first)
                    .arg("last", last)
            }
            P::SourceUrl { value } => Msg::new("import-source-url").arg("value", value),
            P::SourceUrlTooLong { length, max } => Msg::new("import-source-url-too-long")
                .arg("length", *length)
                .arg("max", *max),
            P::SourceUrlNoHost { value } => {
                Msg::new("import-source-url-no-host").arg("value", value)
            }
            P::SourceUrlCharacters { value } => {
                Msg::new("import-source-url-characters").arg("value", value)
            }
        }
    }
}

/// What is wrong with `tier` for `programme`, if anything: the rule of section 5 that the
/// import and the officials' award form share.
pub fn tier_problem(programme: Programme, tier: Option<&str>) -> Option<LineProblem> {
    let tiers = || programme.tiers().join(", ");
    match tier {
        None if programme.tier_required() => Some(LineProblem::TierRequired {
            programme: programme.slug().to_owned(),
            tiers: tiers(),
        }),
        None => None,
        Some(t) if programme.tiers().contains(&t) => None,
        Some(t) if programme.tiers().is_empty() => Some(LineProblem::NoTiers {
            programme: programme.slug().to_owned(),
            tier: quoted(t),
        }),
        Some(t) => Some(LineProblem::TierInvalid {
            programme: programme.slug().to_owned(),
            tier: quoted(t),
            tiers: tiers(),
        }),
    }
}

/// A parsed file: the good lines, and the bad ones (if any, nothing may be imported).
#[derive(Debug, Default)]
pub struct Parsed {
    pub lines: Vec<AwardLine>,
    pub errors: Vec<LineError>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub lines: usize,
    pub producers_created: usize,
    pub producers_matched: usize,
    /// Producers whose unknown province the list gave.
    #[serde(default)]
    pub producers_updated: usize,
    pub products_created: usize,
    pub products_matched: usize,
    pub awards_created: usize,
    pub awards_updated: usize,
    pub awards_unchanged: usize,
    /// What happens to each line, in file order (left out of the audit summary).
    #[serde(skip_serializing, default)]
    pub outcomes: Vec<LineOutcome>,
}

/// What an import does with one line: whether its producer and product were found or are
/// new, and whether its award is new, changed or already recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineOutcome {
    pub line: u64,
    pub programme: String,
    pub year: i32,
    pub tier: Option<String>,
    pub product: String,
    pub producer: String,
    pub producer_created: bool,
    pub product_created: bool,
    pub award: AwardChange,
}

/// What an import does to a line's award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AwardChange {
    Created,
    Updated,
    Unchanged,
}

/// The years an award may have: from 1990 to next year (Vietnam time).
pub fn award_years() -> RangeInclusive<i32> {
    1990..=crate::clock::today_in_vietnam().year() + 1
}

impl ImportReport {
    /// Whether the import changed anything.
    pub fn changed_anything(&self) -> bool {
        self.producers_created
            + self.producers_updated
            + self.products_created
            + self.awards_created
            + self.awards_updated
            > 0
    }
}

/// Reads and checks a whole file held in memory (an upload, the demo's lists).
pub fn parse(bytes: &[u8], ctx: &CardContext) -> Parsed {
    let mut parsed = Parsed::default();
    let _ = check::<_, std::convert::Infallible>(
        bytes,
        ctx,
        |line| {
            parsed.lines.push(line);
            Ok(())
        },
        |error| parsed.errors.push(error),
    );
    parsed
}

/// Reads and checks a file from `input` one line at a time, telling `good` each good line
/// and `bad` each problem, in file order; stops early only when `good` fails. Nothing of a
/// line is kept once it is checked but what finds duplicates (16 bytes and a line number a
/// line), so a file of any size is checked in bounded memory.
pub fn check<R: std::io::Read, E>(
    input: R,
    ctx: &CardContext,
    mut good: impl FnMut(AwardLine) -> Result<(), E>,
    mut bad: impl FnMut(LineError),
) -> Result<(), E> {
    use std::io::BufRead;
    let mut input = std::io::BufReader::with_capacity(64 * 1024, input);
    match input.fill_buf() {
        Ok(head) if head.starts_with(b"\xEF\xBB\xBF") => input.consume(3),
        Ok(_) => {}
        Err(e) => {
            bad(LineError::new(
                1,
                LineProblem::UnreadableHeader {
                    detail: e.to_string(),
                },
            ));
            return Ok(());
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(RowCounter::new(input));
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect(),
        Err(e) => {
            bad(LineError::new(
                1,
                LineProblem::UnreadableHeader {
                    detail: e.to_string(),
                },
            ));
            return Ok(());
        }
    };
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        bad(LineError::new(
            1,
            LineProblem::MissingColumns {
                columns: missing.join(", "),
            },
        ));
        return Ok(());
    }
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
    let index: HashMap<&str, usize> = COLUMNS.iter().map(|c| (*c, column(c))).collect();
    let years = award_years();
    let mut seen: HashMap<u128, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| reader.get_ref().line_at(p.byte()));
                let detail = e.to_string();
                bad(LineError::new(line, LineProblem::BrokenLine { detail }));
                // An I/O error does not go away by reading on.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record
            .position()
            .map_or(0, |p| reader.get_ref().line_at(p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut fields: HashMap<&str, String> = HashMap::new();
        let mut bad_encoding = false;
        for (name, i) in &index {
            match std::str::from_utf8(record.get(*i).unwrap_or_default()) {
                Ok(text) => {
                    fields.insert(name, export::unquote_formula(text.trim()).to_owned());
                }
                Err(_) => bad_encoding = true,
            }
        }
        if bad_encoding {
            bad(LineError::new(line, LineProblem::Encoding));
            continue;
        }
        let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
        match check_line(line, &get, ctx, &years) {
            Ok(checked) => {
                let key = line_key(&checked);
                if let Some(first) = seen.get(&key) {
                    bad(LineError::new(
                        line,
                        LineProblem::Duplicate { first: *first },
                    ));
                } else {
                    seen.insert(key, line);
                    good(checked)?;
                }
            }
            Err(problems) => {
                for problem in problems {
                    bad(LineError::new(line, problem));
                }
            }
        }
    }
    Ok(())
}

/// What makes two lines the same award (programme, year, product and producer, folded), as
/// a 128-bit hash: two different awards share one with odds of 1 in 10^20 at a million lines.
fn line_key(line: &AwardLine) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |salt: u64| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        line.programme.slug().hash(&mut h);
        line.year.hash(&mut h);
        line.product_folded.hash(&mut h);
        line.producer_folded.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0x5EED_0001)) << 64) | u128::from(half(0x5EED_0002))
}

/// Checks one line; every problem of the line is reported, not just the first. `years` are
/// the award years accepted.
fn check_line(
    line: u64,
    get: &dyn Fn(&str) -> String,
    ctx: &CardContext,
    years: &RangeInclusive<i32>,
) -> Result<AwardLine, Vec<LineProblem>> {
    let mut errors = Vec::new();
    let programme_text = get("programme").to_lowercase();
    let programme = Programme::from_slug(&programme_text);
    if programme.is_none() {
        errors.push(LineProblem::Programme {
            value: quoted(&programme_text),
        });
    }
    let year_text = get("year");
    let year = year_text.parse::<i32>().ok().filter(|y| years.contains(y));
    if year.is_none() {
        errors.push(LineProblem::Year {
            value: quoted(&year_text),
        });
    }
    let tier = normalize_tier(&get("tier"));
    if let Some(problem) = programme.and_then(|p| tier_problem(p, tier.as_deref())) {
        errors.push(problem);
    }
    let product = get("product");
    let producer = get("producer");
    if product.is_empty() {
        errors.push(LineProblem::ProductMissing);
    }
    if producer.is_empty() {
        errors.push(LineProblem::ProducerMissing);
    }
    if product.chars().count() > 200 || producer.chars().count() > 200 {
        errors.push(LineProblem::NameTooLong);
    }
    let tax_code = Some(get("tax_code")).filter(|t| !t.is_empty());
    if let Some(t) = &tax_code
        && crate::validate::tax_code(t).is_err()
    {
        errors.push(LineProblem::TaxCode { value: quoted(t) });
    }
    let category_text = get("category");
    let category_folded = fold(&category_text);
    let category = ctx
        .categories
        .iter()
        .find(|c| c.slug == category_text || fold(&c.name) == category_folded);
    if category.is_none() {
        errors.push(LineProblem::Category {
            value: quoted(&category_text),
        });
    }
    let province_text = get("province");
    let province = ctx.provinces.by_name(&province_text);
    if province.is_none() && !province_text.is_empty() {
        errors.push(LineProblem::Province {
            value: quoted(&province_text),
        });
    }
    let certificate_no = Some(get("certificate_no")).filter(|c| !c.is_empty());
    if certificate_no
        .as_ref()
        .is_some_and(|c| c.chars().count() > 100)
    {
        errors.push(LineProblem::CertificateTooLong);
    }
    let valid_text = get("valid_until");
    let valid_until = if valid_text.is_empty() {
        None
    } else {
        let parsed = crate::clock::parse_date(&valid_text);
        if let Err(e) = parsed {
            let value = quoted(&valid_text);
            errors.push(match e {
                crate::clock::DateInputError::Malformed => {
                    LineProblem::ValidUntilMalformed { value }
                }
                crate::clock::DateInputError::OutOfRange => {
                    let years = crate::clock::FORM_YEARS;
                    LineProblem::ValidUntilOutOfRange {
                        value,
                        first: years.start().to_string(),
                        last: years.end().to_string(),
                    }
                }
            });
        }
        parsed.ok()
    };
    let source_url = Some(get("source_url")).filter(|s| !s.is_empty());
    if let Some(url) = &source_url
        && let Err(problem) = crate::validate::web_address(url, crate::validate::SOURCE_URL_MAX)
    {
        use crate::validate::UrlProblem;
        let value = quoted(url);
        errors.push(match problem {
            UrlProblem::TooLong { max, length } => LineProblem::SourceUrlTooLong { length, max },
            UrlProblem::Scheme => LineProblem::SourceUrl { value },
            UrlProblem::NoHost => LineProblem::SourceUrlNoHost { value },
            UrlProblem::Characters => LineProblem::SourceUrlCharacters { value },
        });
    }
    match (programme, year, category) {
        (Some(programme), Some(year), Some(category)) if errors.is_empty() => Ok(AwardLine {
            line,
            programme,
            year,
            tier,
            product_folded: fold(&product),
            producer_folded: fold(&producer),
            product,
            producer,
            tax_code,
            category_id: category.id,
            province,
            certificate_no,
            valid_until: valid_until.or_else(|| default_valid_until(programme, year)),
            source_url,
        }),
        _ => Err(errors),
    }
}

/// Counts rows as the bytes pass on to the CSV reader, as a spreadsheet counts them: the
/// first row (the header) is 1; a line break inside a quoted cell does not start a row;
/// `\r\n`, `\n` and a lone `\r` each end one. Only the row starts the reader has not yet
/// asked about are kept (a few, whatever the file's size).
pub(crate) struct RowCounter<R> {
    inner: R,
    state: std::cell::RefCell<RowState>,
}

#[derive(Default)]
struct RowState {
    /// Offset of the next byte.
    at: u64,
    quote: Quote,
    cell_start: bool,
    /// A `\r` was the last byte: whether it ends a row depends on the next.
    pending_cr: bool,
    /// Where the run of line-break bytes that ends at `at` started, if it does.
    breaks_from: Option<u64>,
    /// Row starts not yet counted, each with where the line breaks before it began.
    starts: std::collections::VecDeque<u64>,
    /// Row starts counted so far.
    counted: u64,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Quote {
    #[default]
    Outside,
    Inside,
    /// Inside, just after a `"`: closing, or the first half of `""`.
    Closing,
}

impl<R> RowCounter<R> {
    pub(crate) fn new(inner: R) -> RowCounter<R> {
        RowCounter {
            inner,
            state: std::cell::RefCell::new(RowState {
                cell_start: true,
                ..RowState::default()
            }),
        }
    }

    /// The row of the record the reader says starts at byte `offset` (asked in increasing
    /// order). The reader may place a record's start on the line break that ended the one
    /// before (`\n` of `\r\n`), or before blank lines it skips: a row start counts when the
    /// line breaks before it began at or before `offset`.
    pub(crate) fn line_at(&self, offset: u64) -> u64 {
        let mut state = self.state.borrow_mut();
        while state.starts.front().is_some_and(|from| *from <= offset) {
            state.starts.pop_front();
            state.counted += 1;
        }
        1 + state.counted
    }
}

impl RowState {
    /// As the CSV reader quotes: a `"` opens a quoted cell only at the start of a cell;
    /// inside one, `""` is a quote and a lone `"` closes it.
    fn scan(&mut self, b: u8) {
        let i = self.at;
        self.at += 1;
        if self.pending_cr {
            self.pending_cr = false;
            if b != b'\n' {
                self.start_row();
            }
        }
        if matches!(b, b'\r' | b'\n') {
            self.breaks_from.get_or_insert(i);
        } else {
            self.breaks_from = None;
        }
        match self.quote {
            Quote::Inside => {
                if b == b'"' {
                    self.quote = Quote::Closing;
                }
                return;
            }
            Quote::Closing if b == b'"' => {
                self.quote = Quote::Inside;
                return;
            }
            Quote::Closing => self.quote = Quote::Outside,
            Quote::Outside => {}
        }
        match b {
            b'"' if self.cell_start => self.quote = Quote::Inside,
            b'\n' => self.start_row(),
            b'\r' => self.pending_cr = true,
            _ => {}
        }
        self.cell_start = matches!(b, b',' | b'\n' | b'\r');
    }

    /// A row starts at `at` (after the byte just scanned, or the `\r` before it).
    fn start_row(&mut self) {
        let from = self.breaks_from.unwrap_or(self.at);
        self.starts.push_back(from);
    }

    fn end(&mut self) {
        if std::mem::take(&mut self.pending_cr) {
            self.start_row();
        }
    }
}

impl<R: std::io::Read> std::io::Read for RowCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let state = self.state.get_mut();
        if n == 0 {
            state.end();
        }
        for b in &buf[..n] {
            state.scan(*b);
        }
        Ok(n)
    }
}

/// Longest part of a cell repeated in an error message, in characters.
const QUOTED_MAX: usize = 60;

/// A cell as an error message repeats it: at most [`QUOTED_MAX`] characters, so a huge
/// cell does not make a huge message.
fn quoted(text: &str) -> String {
    if text.chars().count() <= QUOTED_MAX {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(QUOTED_MAX).collect();
    short.push('…');
    short
}

/// "Top 1" → "top1", "5 sao" → "5", "" → None.
fn normalize_tier(text: &str) -> Option<String> {
    let t = fold(text).replace(' ', "");
    let t = t.strip_suffix("sao").unwrap_or(&t).to_owned();
    Some(t).filter(|t| !t.is_empty())
}

/// An award row as the import compares it: id, tier, certificate, validity, source.
type StoredAward = (
    i32,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
);

/// Why an import stopped; `L` is the import's kind of line error (awards' by default).
#[derive(Debug)]
pub enum ImportError<L = LineError> {
    /// The file has bad lines; nothing was imported.
    Invalid(Vec<L>),
    Database(diesel::result::Error),
}

impl<L> From<diesel::result::Error> for ImportError<L> {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Database(e)
    }
}

/// Imports `parsed` in one transaction; a dry run rolls back and reports what would happen.
/// `progress` is told after each line.
pub fn apply(
    conn: &mut DbConnection,
    parsed: &Parsed,
    actor: &Actor,
    source: &AuditTarget,
    dry_run: bool,
    progress: &dyn Fn(),
) -> Result<ImportReport, ImportError> {
    if !parsed.errors.is_empty() {
        return Err(ImportError::Invalid(parsed.errors.clone()));
    }
    in_transaction(conn, dry_run, |conn| {
        let mut applier = Applier::new(true);
        for line in &parsed.lines {
            applier.line(conn, line)?;
            progress();
        }
        Ok(applier.finish(conn, actor, source, dry_run)?)
    })
}

/// Imports a file of any size in bounded memory, in two passes over it (`first` and
/// `second` read the same file from its start): the first checks every line and keeps only
/// the problems; if there are none, the second checks again and applies each line as it is
/// read, all in one transaction, so a bad file or a failure writes nothing. A dry run rolls
/// back and reports what would happen. `progress` is told after each line applied; the
/// report has no per-line outcomes.
#[expect(
    clippy::too_many_arguments,
    reason = "the two readers, who, what and how an import is told are all separate"
)]
pub fn import_file<R1: std::io::Read, R2: std::io::Read>(
    conn: &mut DbConnection,
    ctx: &CardContext,
    first: R1,
    second: R2,
    actor: &Actor,
    source: &AuditTarget,
    dry_run: bool,
    progress: &dyn Fn(),
) -> Result<ImportReport, ImportError> {
    let mut errors = Vec::new();
    let _ = check::<_, std::convert::Infallible>(first, ctx, |_| Ok(()), |e| errors.push(e));
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    in_transaction(conn, dry_run, |conn| {
        let mut applier = Applier::new(false);
        let mut errors = Vec::new();
        check(
            second,
            ctx,
            |line| {
                applier.line(conn, &line)?;
                progress();
                Ok::<(), diesel::result::Error>(())
            },
            |e| errors.push(e),
        )?;
        // The file changed between the two passes.
        if !errors.is_empty() {
            return Err(ImportError::Invalid(errors));
        }
        Ok(applier.finish(conn, actor, source, dry_run)?)
    })
}

/// Runs `work` in a transaction that a dry run rolls back, keeping its report.
fn in_transaction(
    conn: &mut DbConnection,
    dry_run: bool,
    work: impl FnOnce(&mut DbConnection) -> Result<ImportReport, ImportError>,
) -> Result<ImportReport, ImportError> {
    let mut dry_run_report = None;
    let outcome = conn.transaction(|conn| match work(conn) {
        Ok(report) if dry_run => {
            dry_run_report = Some(report);
            Err(ImportError::Database(
                diesel::result::Error::RollbackTransaction,
            ))
        }
        outcome => outcome,
    });
    match (outcome, dry_run_report) {
        (Err(ImportError::Database(diesel::result::Error::RollbackTransaction)), Some(r)) => Ok(r),
        (outcome, _) => outcome,
    }
}

/// Applies checked lines one at a time. Across lines it keeps the producers met (a 128-bit
/// key and an id each) and the products changed (an id each): a few dozen bytes a line.
struct Applier {
    report: ImportReport,
    keep_outcomes: bool,
    producer_ids: HashMap<u128, (i32, bool)>,
    changed: Vec<i32>,
    now: chrono::NaiveDateTime,
}

impl Applier {
    fn new(keep_outcomes: bool) -> Applier {
        Applier {
            report: ImportReport::default(),
            keep_outcomes,
            producer_ids: HashMap::new(),
            changed: Vec::new(),
            now: chrono::Utc::now().naive_utc(),
        }
    }

    /// The key a producer is remembered by within an import: its tax code, else its
    /// folded name (as a 128-bit hash).
    fn producer_key(line: &AwardLine) -> u128 {
        use std::hash::{Hash, Hasher};
        let half = |salt: u64| {
            let mut h = std::hash::DefaultHasher::new();
            salt.hash(&mut h);
            match &line.tax_code {
                Some(tax) => (0u8, tax).hash(&mut h),
                None => (1u8, &line.producer_folded).hash(&mut h),
            }
            h.finish()
        };
        (u128::from(half(0x7A11_0001)) << 64) | u128::from(half(0x7A11_0002))
    }

    fn line(&mut self, conn: &mut DbConnection, line: &AwardLine) -> QueryResult<()> {
        let report = &mut self.report;
        let now = self.now;
        report.lines += 1;
        let key = Applier::producer_key(line);
        let (producer_id, producer_created) = match self.producer_ids.get(&key) {
            Some(known) => *known,
            None => {
                let known = match find_producer(conn, line)? {
                    Some(id) => {
                        report.producers_matched += 1;
                        (id, false)
                    }
                    None => {
                        report.producers_created += 1;
                        (create_producer(conn, line, now)?, true)
                    }
                };
                self.producer_ids.insert(key, known);
                known
            }
        };
        // A producer whose province is not yet known gets the one a list gives: an
        // official fills it by importing (a no-op once it is known).
        if fill_unknown_province(conn, producer_id, line, now)? {
            report.producers_updated += 1;
            SearchOutbox::enqueue_producer(conn, producer_id)?;
        }
        let existing: Option<i32> = products::table
            .filter(products::producer_id.eq(producer_id))
            .filter(products::name_folded.eq(&line.product_folded))
            .select(products::id)
            .first(conn)
            .optional()?;
        let product_created = existing.is_none();
        let product_id = match existing {
            Some(id) => {
                report.products_matched += 1;
                id
            }
            None => {
                report.products_created += 1;
                let id = insert_with_free_slug(
                    conn,
                    SlugTable::Products,
                    &slugify(&line.product),
                    |conn, slug| {
                        NewProduct {
                            producer_id,
                            category_id: line.category_id,
                            slug: slug.to_owned(),
                            name: line.product.clone(),
                            name_folded: line.product_folded.clone(),
                            brand: String::new(),
                            description: String::new(),
                            gtin: None,
                            status: ProductStatus::Published,
                            rejection_reason: None,
                            published_at: Some(now),
                            created_at: now,
                            updated_at: now,
                            is_demo: false,
                        }
                        .insert(conn)
                    },
                )?;
                self.changed.push(id);
                id
            }
        };
        let tier = line.tier.clone();
        // A product new in this import has no awards yet.
        let current: Option<StoredAward> = if product_created {
            None
        } else {
            awards::table
                .filter(awards::product_id.eq(product_id))
                .filter(awards::programme.eq(line.programme.slug()))
                .filter(awards::year.eq(line.year))
                .select((
                    awards::id,
                    awards::tier,
                    awards::certificate_no,
                    awards::valid_until,
                    awards::source_url,
                ))
                .first(conn)
                .optional()?
        };
        let wanted = (
            tier.clone(),
            line.certificate_no.clone(),
            line.valid_until,
            line.source_url.clone(),
        );
        let award = match current {
            None => {
                diesel::insert_into(awards::table)
                    .values(NewAward {
                        product_id: Some(product_id),
                        producer_id: None,
                        programme: line.programme,
                        year: line.year,
                        tier,
                        certificate_no: line.certificate_no.clone(),
                        valid_until: line.valid_until,
                        source_url: line.source_url.clone(),
                    })
                    .execute(conn)?;
                report.awards_created += 1;
                self.changed.push(product_id);
                AwardChange::Created
            }
            Some((id, t, c, v, s))
                if (&t, &c, &v, &s) != (&wanted.0, &wanted.1, &wanted.2, &wanted.3) =>
            {
                diesel::update(awards::table.find(id))
                    .set((
                        awards::tier.eq(&wanted.0),
                        awards::certificate_no.eq(&wanted.1),
                        awards::valid_until.eq(wanted.2),
                        awards::source_url.eq(&wanted.3),
                    ))
                    .execute(conn)?;
                report.awards_updated += 1;
                self.changed.push(product_id);
                AwardChange::Updated
            }
            Some(_) => {
                report.awards_unchanged += 1;
                AwardChange::Unchanged
            }
        };
        if self.keep_outcomes {
            report.outcomes.push(LineOutcome {
                line: line.line,
                programme: line.programme.slug().to_owned(),
                year: line.year,
                tier: line.tier.clone(),
                product: line.product.clone(),
                producer: line.producer.clone(),
                producer_created,
                product_created,
                award,
            });
        }
        Ok(())
    }

    /// After the last line: the changed products' award summaries, the search outbox and
    /// the audit (none of it for a dry run, which is rolled back anyway).
    fn finish(
        mut self,
        conn: &mut DbConnection,
        actor: &Actor,
        source: &AuditTarget,
        dry_run: bool,
    ) -> QueryResult<ImportReport> {
        if dry_run {
            return Ok(self.report);
        }
        self.changed.sort_unstable();
        self.changed.dedup();
        crate::db::models::Product::refresh_award_summary(conn, &self.changed, &[])?;
        SearchOutbox::enqueue(conn, &self.changed)?;
        if self.report.changed_anything() {
            let summary = serde_json::to_string(&self.report).unwrap_or_default();
            Audit::record(conn, actor, AuditAction::ImportAwards, source, &summary)?;
        }
        Ok(self.report)
    }
}

/// Sets the province of `producer_id` from `line` if the producer has none and the line
/// gives one; whether it did.
fn fill_unknown_province(
    conn: &mut DbConnection,
    producer_id: i32,
    line: &AwardLine,
    now: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let Some(province) = line.province else {
        return Ok(false);
    };
    let (province_id, alias_id) = match province {
        ProvinceRef::Current(id) => (id, None),
        ProvinceRef::Legacy {
            alias_id,
            province_id,
        } => (province_id, Some(alias_id)),
    };
    let changed = diesel::update(
        producers::table
            .filter(producers::id.eq(producer_id))
            .filter(producers::province_id.is_null()),
    )
    .set((
        producers::province_id.eq(province_id),
        producers::province_alias_id.eq(alias_id),
        producers::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed > 0)
}

fn find_producer(conn: &mut DbConnection, line: &AwardLine) -> QueryResult<Option<i32>> {
    if let Some(tax) = &line.tax_code {
        let by_tax: Option<i32> = producers::table
            .filter(producers::tax_code.eq(tax))
            .select(producers::id)
            .first(conn)
            .optional()?;
        if by_tax.is_some() {
            return Ok(by_tax);
        }
    }
    producers::table
        .filter(producers::name_folded.eq(&line.producer_folded))
        .order(producers::id)
        .select(producers::id)
        .first(conn)
        .optional()
}

fn create_producer(
    conn: &mut DbConnection,
    line: &AwardLine,
    now: chrono::NaiveDateTime,
) -> QueryResult<i32> {
    let (province_id, province_alias_id) = match line.province {
        Some(ProvinceRef::Current(id)) => (Some(id), None),
        Some(ProvinceRef::Legacy {
            alias_id,
            province_id,
        }) => (Some(province_id), Some(alias_id)),
        None => (None, None),
    };
    insert_with_free_slug(
        conn,
        SlugTable::Producers,
        &slugify(&line.producer),
        |conn, slug| new_producer(line, slug, province_id, province_alias_id, now).insert(conn),
    )
}

/// The row of a producer first met in an award list.
fn new_producer(
    line: &AwardLine,
    slug: &str,
    province_id: Option<i32>,
    province_alias_id: Option<i32>,
    now: chrono::NaiveDateTime,
) -> NewProducer {
    NewProducer {
        slug: slug.to_owned(),
        name: line.producer.clone(),
        name_folded: line.producer_folded.clone(),
        legal_name: String::new(),
        tax_code: line.tax_code.clone(),
        address: String::new(),
        province_id,
        province_alias_id,
        website: String::new(),
        phone: String::new(),
        email: String::new(),
        description: String::new(),
        logo_hash: None,
        verified: false,
        claimed_by: None,
        created_at: now,
        updated_at: now,
        is_demo: false,
    }
}
