//! Awards: the four programmes, their tiers, and award rows of products and producers.

use crate::db::stored::text_enum;
use crate::i18n::{Locale, Msg};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::db::DbConnection;
use crate::db::models::ProductStatus;
use crate::db::schema::{awards, products};

text_enum! {
    /// The award programmes hangviet shows. The stored value (its slug) is the URL and CSV
    /// form.
    #[derive(PartialOrd, Ord)]
    pub enum Programme {
        HvnYeuThich = "hvn-yeu-thich",
        Ocop = "ocop",
        Hvnclc = "hvnclc",
        Thqg = "thqg",
    }
}

impl Programme {
    pub fn from_slug(slug: &str) -> Option<Programme> {
        Programme::parse(slug)
    }

    /// The URL and CSV form: the stored value.
    pub fn slug(self) -> &'static str {
        self.as_str()
    }

    /// The title as printed on certificates and packaging (in English: its usual translation).
    pub fn name(self, locale: Locale) -> String {
        WORDS[&(locale, self)].name.clone()
    }

    /// A short label for badges.
    pub fn short_name(self, locale: Locale) -> String {
        WORDS[&(locale, self)].short.clone()
    }

    /// Tiers valid for the programme, best first; empty when it has none.
    pub fn tiers(self) -> &'static [&'static str] {
        match self {
            Programme::HvnYeuThich => &["top1", "top2", "top3", "top4"],
            Programme::Ocop => &["5", "4", "3"],
            Programme::Hvnclc | Programme::Thqg => &[],
        }
    }

    /// Whether an award of this programme must name a tier (OCOP always has stars).
    pub fn tier_required(self) -> bool {
        self == Programme::Ocop
    }

    /// How a tier is read aloud: "Top 1", "5 sao".
    pub fn tier_label(self, tier: &str, locale: Locale) -> String {
        match WORDS[&(locale, self)]
            .tiers
            .iter()
            .find(|(t, _)| *t == tier)
        {
            Some((_, label)) => label.clone(),
            None => self.put_tier_into_words(tier, locale),
        }
    }

    fn put_tier_into_words(self, tier: &str, locale: Locale) -> String {
        match self {
            Programme::HvnYeuThich => match tier.strip_prefix("top") {
                Some(n) => locale.msg(&Msg::new("tier-top").arg("n", n)),
                None => tier.to_owned(),
            },
            Programme::Ocop => match tier.parse::<i64>() {
                Ok(n) => locale.msg(&Msg::new("tier-stars").arg("n", n)),
                Err(_) => tier.to_owned(),
            },
            Programme::Hvnclc | Programme::Thqg => tier.to_owned(),
        }
    }

    /// Months an award stays valid, when the programme limits it (OCOP: 36 months).
    pub fn validity_months(self) -> Option<u32> {
        (self == Programme::Ocop).then_some(36)
    }
}

/// A programme's names and tier labels in one language.
struct ProgrammeWords {
    name: String,
    short: String,
    tiers: Vec<(&'static str, String)>,
}

/// Every programme's words in every language, put into words once: each card's badges print
/// them.
static WORDS: LazyLock<HashMap<(Locale, Programme), ProgrammeWords>> = LazyLock::new(|| {
    let mut words = HashMap::new();
    for locale in Locale::ALL {
        for programme in Programme::ALL {
            let slug = programme.slug();
            words.insert(
                (locale, programme),
                ProgrammeWords {
                    name: locale.t(&format!("programme-{slug}")),
                    short: locale.t(&format!("programme-short-{slug}")),
                    tiers: programme
                        .tiers()
                        .iter()
                        .map(|t| (*t, programme.put_tier_into_words(t, locale)))
                        .collect(),
                },
            );
        }
    }
    words
});

/// Whether an award still holds on a given day: the state every badge, API answer and feed
/// entry states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// It has an end date, not yet passed.
    Valid,
    /// Its end date has passed.
    Expired,
    /// The list that recorded it gives no end date.
    NoEndDate,
}

impl Validity {
    /// The state of an award ending on `valid_until` (none: no end date known), on `today`.
    pub fn of(valid_until: Option<NaiveDate>, today: NaiveDate) -> Validity {
        match valid_until {
            Some(d) if d < today => Validity::Expired,
            Some(_) => Validity::Valid,
            None => Validity::NoEndDate,
        }
    }

    /// The JSON and CSS form: `valid`, `expired`, `no_end_date`.
    pub fn as_str(self) -> &'static str {
        match self {
            Validity::Valid => "valid",
            Validity::Expired => "expired",
            Validity::NoEndDate => "no_end_date",
        }
    }

    /// Order for lists: awards that still hold (or may) before expired ones.
    pub fn rank(self) -> u8 {
        match self {
            Validity::Valid => 0,
            Validity::NoEndDate => 1,
            Validity::Expired => 2,
        }
    }
}

/// One award row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = awards)]
pub struct Award {
    pub id: i32,
    pub product_id: Option<i32>,
    pub producer_id: Option<i32>,
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
}

/// An award to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = awards, treat_none_as_default_value = false)]
pub struct NewAward {
    pub product_id: Option<i32>,
    pub producer_id: Option<i32>,
    pub programme: Programme,
    pub year: i32,
    pub tier: Option<String>,
    pub certificate_no: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub source_url: Option<String>,
}

impl Award {
    /// The programme (always known now that the column is typed; kept as an `Option` for the
    /// callers that skip unknown ones).
    pub fn programme(&self) -> Option<Programme> {
        Some(self.programme)
    }

    /// True when the award has a validity date and it has passed.
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|d| d < today)
    }

    /// Whether the award still holds on `today`.
    pub fn validity(&self, today: NaiveDate) -> Validity {
        Validity::of(self.valid_until, today)
    }

    /// Awards of the given products, best first within each product.
    pub fn for_products(conn: &mut DbConnection, product_ids: &[i32]) -> QueryResult<Vec<Award>> {
        if product_ids.is_empty() {
            return Ok(Vec::new());
        }
        awards::table
            .filter(awards::product_id.eq_any(product_ids))
            .order((awards::year.desc(), awards::programme, awards::tier.desc()))
            .select(Award::as_select())
            .load(conn)
    }

    /// Firm-level awards of the given producers.
    pub fn for_producers(conn: &mut DbConnection, producer_ids: &[i32]) -> QueryResult<Vec<Award>> {
        if producer_ids.is_empty() {
            return Ok(Vec::new());
        }
        awards::table
            .filter(awards::producer_id.eq_any(producer_ids))
            .order((awards::year.desc(), awards::programme))
            .select(Award::as_select())
            .load(conn)
    }

    /// The years in which a programme has any award, newest first: one seek per year in the
    /// (programme, year) index (DISTINCT would read every award).
    pub fn years_of(conn: &mut DbConnection, programme: Programme) -> QueryResult<Vec<i32>> {
        let mut years = Vec::new();
        let mut below = i32::MAX;
        loop {
            let newest: Option<i32> = awards::table
                .filter(awards::programme.eq(programme))
                .filter(awards::year.lt(below))
                .select(diesel::dsl::max(awards::year))
                .first(conn)?;
            match newest {
                Some(year) => {
                    years.push(year);
                    below = year;
                }
                None => return Ok(years),
            }
        }
    }

    /// Every (programme, year) pair that has awards, for the award index page, by programme
    /// slug then newest year first.
    pub fn programme_years(conn: &mut DbConnection) -> QueryResult<Vec<(String, i32)>> {
        let mut programmes = Programme::ALL.to_vec();
        programmes.sort_by_key(|p| p.slug());
        let mut pairs = Vec::new();
        for programme in programmes {
            for year in Award::years_of(conn, programme)? {
                pairs.push((programme.slug().to_owned(), year));
            }
        }
        Ok(pairs)
    }
}

/// The rank of a tier for the "best tier first" sort; higher is better. The tier's position
/// in its programme comes first (each programme's best tier, a title without tiers counting
/// as its own best, before any second tier), then the programme in [`Programme::ALL`]'s
/// order (HVN yêu thích, OCOP, HVNCLC, THQG): HVN top1 100, OCOP 5★ 99, HVNCLC 98, THQG 97,
/// top2 90, OCOP 4★ 89, top3 80, OCOP 3★ 79, top4 70. A tier the programme does not know
/// ranks below its known ones. The migration `product_award_summary` spells out the same
/// table in SQL for its backfill.
pub fn tier_rank(programme: Programme, tier: Option<&str>) -> i32 {
    let tiers = programme.tiers();
    let position = if tiers.is_empty() {
        0
    } else {
        tier.and_then(|t| tiers.iter().position(|known| *known == t))
            .unwrap_or(tiers.len())
    };
    let programme_index = Programme::ALL
        .iter()
        .position(|p| *p == programme)
        .unwrap_or(Programme::ALL.len());
    100 - 10 * i32::try_from(position).unwrap_or(9) - i32::try_from(programme_index).unwrap_or(9)
}

/// The validity date that stands for "no end date" in the award summary.
pub fn forever() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// What a product's awards (its own and its producer's firm-level ones) come to for sorting
/// and the "valid now" filter; kept on the product row (see
/// [`super::Product::refresh_award_summary`]) and in its search document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AwardSummary {
    /// [`tier_rank`] of the best award; 0 without awards.
    pub rank: i32,
    /// The most recent award year; 0 without awards.
    pub year: i32,
    /// The latest validity date ([`forever`] when an award has none); `None` without awards.
    pub valid_until: Option<NaiveDate>,
}

impl AwardSummary {
    pub fn of<'a>(awards: impl IntoIterator<Item = &'a Award>) -> AwardSummary {
        awards
            .into_iter()
            .fold(AwardSummary::default(), |s, a| AwardSummary {
                rank: s.rank.max(tier_rank(a.programme, a.tier.as_deref())),
                year: s.year.max(a.year),
                valid_until: s
                    .valid_until
                    .max(Some(a.valid_until.unwrap_or_else(forever))),
            })
    }

    /// Whether some award is still valid on `today`.
    pub fn valid_on(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|d| d >= today)
    }
}

/// The default `valid_until` of an award given in `year` when the list has no date. Award
/// lists give the year, not the decision date, so OCOP's 36 months are counted from the end
/// of that year: the latest the certificate can run.
pub fn default_valid_until(programme: Programme, year: i32) -> Option<NaiveDate> {
    let months = programme.validity_months()?;
    NaiveDate::from_ymd_opt(year, 12, 31)?.checked_add_months(chrono::Months::new(months))
}

impl Award {
    /// Number of award rows, product- and firm-level.
    pub fn count_all(conn: &mut DbConnection) -> QueryResult<i64> {
        awards::table.count().get_result(conn)
    }

    /// Published products with an award of each year, oldest year first: one grouped query,
    /// one row per year.
    pub fn published_products_per_year(conn: &mut DbConnection) -> QueryResult<Vec<(i32, i64)>> {
        awards::table
            .inner_join(products::table)
            .filter(products::status.eq(ProductStatus::Published))
            .group_by(awards::year)
            .select((
                awards::year,
                diesel::dsl::count(products::id).aggregate_distinct(),
            ))
            .order(awards::year.asc())
            .load(conn)
    }

    /// Every year with any award, newest first (a few dozen at most).
    pub fn years(conn: &mut DbConnection) -> QueryResult<Vec<i32>> {
        let mut years = Vec::new();
        for programme in Programme::ALL {
            years.extend(Award::years_of(conn, programme)?);
        }
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years)
    }
}
