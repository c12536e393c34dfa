//! The fraud simulation (`hangviet vote simulate-fraud`): a scratch site (SQLite in a
//! temporary directory, the real award winners loaded) runs a vote where honest citizens
//! and a farm of identities cast and confirm ballots through the same commands the pages use
//! (`crate::actions::vote_ballot`), with the times and client addresses of the scenario; then
//! detection runs as it does before counting, and the report says what share of each side
//! was flagged. Deterministic for a seed. The proof of work is left out (a farm pays it like
//! anyone) and so are the hourly rate limits' windows (the scenario spans weeks in seconds).
//!
//! The scenario:
//! - honest voters from all over (70% each on a network of its own, 30% behind eight
//!   carriers' NATs), at any time of day over 30 days, with addresses made of Vietnamese
//!   names at the usual providers, picking 1–3 products of the first group and 0–3 of the
//!   second, popular products more often;
//! - a farm of identities on four /24 networks voting for one mid-table product in bursts of
//!   200 within 20 minutes; its addresses are numbered (`shop001@`), random at two domains of
//!   its own, or made like honest ones; half its ballots add a random second pick to look
//!   less alike.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::actions::vote::{self as campaign, Decision, Mover};
use crate::actions::vote_ballot::{self, BallotRequest};
use crate::app::AppState;
use crate::config::Settings;
use crate::db::models::ProductStatus;
use crate::db::models::audit::Actor;
use crate::db::models::vote_campaign::CampaignState;
use crate::db::schema::{products, vote_ballots};
use crate::i18n::Locale;
use crate::vote::count::{Group, Rules, TierBand};
use crate::vote::detect::{self, Params, Rule};

/// The size of the scenario.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub honest: usize,
    pub farm: usize,
    pub seed: u64,
}

/// What detection made of the scenario.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub honest: usize,
    pub farm: usize,
    pub honest_flagged: usize,
    pub farm_flagged: usize,
    /// Ballots the per-voter mail limit refused (one mailbox under two spellings).
    pub refused: usize,
    /// Ballots each rule flagged: (honest, farm).
    pub by_rule: BTreeMap<&'static str, (usize, usize)>,
    /// The farm's product: its votes with every ballot counted, and with the flagged ones
    /// invalidated; and its rank in its group each way.
    pub target_votes: (usize, usize),
    pub target_rank: (usize, usize),
    pub seconds: f64,
}

/// SplitMix64: a small, seedable generator (the scenario must be the same on every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// An index in 0..n, the lower ones more likely (weights 1/(i+1)).
    fn zipf(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = (self.next() % 1_000_000) as f64 / 1_000_000.0 * total;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

const SURNAMES: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly",
];
const MIDDLE: &[&str] = &[
    "van", "thi", "minh", "ngoc", "thanh", "duc", "hoang", "quoc", "thu", "kim", "",
];
const GIVEN: &[&str] = &[
    "an", "binh", "chi", "dung", "giang", "ha", "hai", "hanh", "hieu", "hoa", "hung", "huong",
    "khanh", "lan", "linh", "long", "mai", "minh", "nam", "nga", "ngoc", "phuong", "quang", "son",
    "tam", "thao", "thu", "trang", "tuan", "tung", "van", "vy", "yen",
];
const PROVIDERS: &[(&str, usize)] = &[
    ("gmail.com", 70),
    ("yahoo.com", 10),
    ("outlook.com", 8),
    ("icloud.com", 4),
];

/// An address like people make them: names, sometimes a year or two digits.
fn person_address(rng: &mut Rng) -> String {
    let (s, m, g) = (rng.pick(SURNAMES), rng.pick(MIDDLE), rng.pick(GIVEN));
    let local = match rng.below(5) {
        0 => format!("{g}.{s}{}", 1965 + rng.below(45)),
        1 => format!("{s}{m}{g}"),
        2 => format!("{g}{s}{:02}", rng.below(100)),
        3 => format!("{s}.{m}{g}"),
        _ => format!("{g}{m}{s}{}", rng.below(1000)),
    };
    let roll = rng.below(100);
    let mut seen = 0;
    for (domain, share) in PROVIDERS {
        seen += share;
        if roll < seen {
            return format!("{local}@{domain}");
        }
    }
    format!("{local}@congty{}.vn", rng.below(300))
}

/// A random-looking local part.
fn random_local(rng: &mut Rng) -> String {
    (0..8)
        .map(|_| char::from(b'a' + rng.below(26) as u8))
        .collect()
}

/// One ballot of the scenario.
struct Cast {
    email: String,
    ip: String,
    at: NaiveDateTime,
    picks: Vec<i32>,
    farm: bool,
}

fn start() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// Picks `k` distinct nominations of `group`, popular ones more often.
fn popular(rng: &mut Rng, group: &[i32], k: usize) -> Vec<i32> {
    let mut chosen = BTreeSet::new();
    while chosen.len() < k.min(group.len()) {
        chosen.insert(group[rng.zipf(group.len())]);
    }
    chosen.into_iter().collect()
}

fn honest_ballots(rng: &mut Rng, n: usize, a: &[i32], b: &[i32]) -> Vec<Cast> {
    let carriers: Vec<String> = (0..8)
        .map(|i| format!("27.{}.{}", 64 + i, 10 + i))
        .collect();
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    // More votes in the evening (Vietnam time is UTC+7: 19:00 is 12:00 UTC).
    let hours: Vec<usize> = (0..24)
        .flat_map(|h| std::iter::repeat_n(h, if (10..16).contains(&h) { 3 } else { 1 }))
        .collect();
    while out.len() < n {
        let email = person_address(rng);
        if !used.insert(email.clone()) {
            continue;
        }
        let ip = if rng.chance(30) {
            format!("{}.{}", rng.pick(&carriers), 1 + rng.below(254))
        } else {
            format!(
                "{}.{}.{}.{}",
                [14, 42, 113, 116, 171, 183][rng.below(6)],
                rng.below(256),
                rng.below(256),
                1 + rng.below(254)
            )
        };
        let at = start()
            + TimeDelta::days(rng.below(30) as i64)
            + TimeDelta::hours(*rng.pick(&hours) as i64)
            + TimeDelta::seconds(rng.below(3600) as i64);
        let (in_a, in_b) = (1 + rng.below(3), rng.below(4));
        let mut picks = popular(rng, a, in_a);
        picks.extend(popular(rng, b, in_b));
        out.push(Cast {
            email,
            ip,
            at,
            picks,
            farm: false,
        });
    }
    out
}

fn farm_ballots(rng: &mut Rng, n: usize, target: i32, b: &[i32]) -> Vec<Cast> {
    let networks = ["45.117.76", "45.117.77", "45.117.78", "103.9.210"];
    let shops = ["shopthanhdat", "hangviet.fan", "binhchon.vn", "khuyenmai"];
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    let mut burst_start = start();
    while out.len() < n {
        if out.len() % 200 == 0 {
            burst_start = start()
                + TimeDelta::days(rng.below(30) as i64)
                + TimeDelta::minutes(rng.below(24 * 60) as i64);
        }
        let email = match rng.below(10) {
            0..=3 => {
                let shop = *rng.pick(&shops);
                let k = numbers.entry(shop).or_default();
                *k += 1;
                format!("{shop}{k:03}@gmail.com")
            }
            4..=6 => format!(
                "{}@{}",
                random_local(rng),
                ["mailnhanh.vn", "hopthu24.net"][rng.below(2)]
            ),
            _ => person_address(rng),
        };
        if !used.insert(email.clone()) {
            continue;
        }
        let ip = format!("{}.{}", rng.pick(&networks), 1 + rng.below(100));
        let mut picks = vec![target];
        if rng.chance(50) {
            picks.push(*rng.pick(b));
        }
        out.push(Cast {
            email,
            ip,
            at: burst_start + TimeDelta::seconds(rng.below(20 * 60) as i64),
            picks,
            farm: true,
        });
    }
    out
}

/// Two groups of ten of the real winners' products, each from a firm of its own.
fn nominations(conn: &mut crate::db::DbConnection) -> anyhow::Result<Vec<(i32, i32)>> {
    let rows: Vec<(i32, i32)> = products::table
        .filter(products::status.eq(ProductStatus::Published))
        .order(products::id.asc())
        .select((products::id, products::producer_id))
        .limit(2_000)
        .load(conn)?;
    let mut firms = BTreeSet::new();
    let chosen: Vec<(i32, i32)> = rows
        .into_iter()
        .filter(|(_, firm)| firms.insert(*firm))
        .take(20)
        .collect();
    anyhow::ensure!(chosen.len() == 20, "not enough products to nominate");
    Ok(chosen)
}

fn rules() -> Rules {
    let group = |slug: &str, name: &str| Group {
        slug: slug.to_owned(),
        name_vi: Locale::Vi.t(name),
        name_en: Locale::En.t(name),
    };
    Rules {
        year: 2026,
        groups: vec![
            group("thuc-pham", "vote-demo-group-food"),
            group("do-uong", "vote-demo-group-drinks"),
        ],
        picks_per_group: 3,
        vote_weight: 100,
        jury_weight: 0,
        criteria: Vec::new(),
        tiers: vec![TierBand {
            tier: 1,
            places: 3,
            min_score: 0,
        }],
        tie_breaks: Vec::new(),
    }
}

/// Opens a demonstration vote of `year` on the catalogue loaded (load tests, the fraud
/// simulation): two groups of ten products, each of a firm of its own, all eligible; voting
/// open. Returns the campaign and the nominations of each group.
pub fn open_demo_vote(
    conn: &mut crate::db::DbConnection,
    mover: Mover<'_>,
    year: i32,
    at: NaiveDateTime,
) -> anyhow::Result<(i32, [Vec<i32>; 2])> {
    let mut rules = rules();
    rules.year = year;
    let id = campaign::create(conn, mover.actor, year, &rules, at)?;
    campaign::advance(
        conn,
        mover,
        id,
        CampaignState::Draft,
        CampaignState::NominationsOpen,
        "",
        at,
    )?;
    let dossier = Locale::Vi.t("vote-demo-dossier");
    let mut groups: [Vec<i32>; 2] = [Vec::new(), Vec::new()];
    for (i, (product, firm)) in nominations(conn)?.into_iter().enumerate() {
        let group = if i < 10 { "thuc-pham" } else { "do-uong" };
        let n = campaign::nominate(conn, id, firm, product, group, &dossier, at)?;
        campaign::review(conn, mover.actor, n, &Decision::Eligible, at)?;
        groups[usize::from(i >= 10)].push(n);
    }
    for (from, to) in [
        (CampaignState::NominationsOpen, CampaignState::Review),
        (CampaignState::Review, CampaignState::VotingOpen),
    ] {
        campaign::advance(conn, mover, id, from, to, "", at)?;
    }
    Ok((id, groups))
}

/// Runs the scenario in a scratch site under `settings` (its data directory replaced by a
/// temporary one).
pub fn simulate(settings: &Settings, scenario: Scenario) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let scratch = tempfile::tempdir()?;
    let mut settings = settings.clone();
    settings.data_dir = scratch.path().to_owned();
    settings.database_url = None;
    settings.meili_url = None;
    settings.smtp_url = None;
    settings.vote_key = None;
    let state = AppState::init(&settings)?;
    crate::demo::seed_if_empty(&state.db, &state.media, crate::demo::Progress::Bar)?
        .context("the scratch database has products")?;
    let mut conn = state.db.conn()?;
    let conn = &mut *conn;
    let official = Actor {
        user_id: None,
        label: "cli:simulate-fraud".to_owned(),
    };
    let mover = Mover {
        actor: &official,
        keys: &state.vote_keys,
        site: &state.site,
    };
    let opened = start() - TimeDelta::days(20);
    let (id, groups) = open_demo_vote(conn, mover, 2026, opened)?;
    let [a, b] = groups;
    let target = a[6];
    let mut rng = Rng(scenario.seed);
    let mut casts = honest_ballots(&mut rng, scenario.honest, &a, &b);
    casts.extend(farm_ballots(&mut rng, scenario.farm, target, &b));
    casts.sort_by_key(|c| c.at);

    let mut report = Report {
        honest: scenario.honest,
        farm: scenario.farm,
        ..Report::default()
    };
    let bar = crate::demo::Progress::Bar.bar(casts.len() as u64, "Casting ballots");
    let mut farm_ids = BTreeSet::new();
    for cast in &casts {
        let request = BallotRequest {
            picks: cast.picks.clone(),
            contact: vote_ballot::Contact::Email(cast.email.clone()),
            consent: true,
            client_ip: cast.ip.clone(),
            locale: Locale::Vi,
            pow_nonce: None,
        };
        let reach = vote_ballot::Reach {
            site: &state.site,
            sms: None,
        };
        match vote_ballot::cast(conn, &state.vote_keys, reach, &request, cast.at) {
            Ok(_) => {}
            // Two addresses of one mailbox (Gmail's dots) past its mails for the hour.
            Err(vote_ballot::BallotError::Throttled) => {
                report.refused += 1;
                bar.inc(1);
                continue;
            }
            Err(e) => anyhow::bail!("{}: {e}", cast.email),
        }
        let ballot: i32 = vote_ballots::table
            .order(vote_ballots::id.desc())
            .select(vote_ballots::id)
            .first(conn)?;
        let token = latest_token(conn)?;
        vote_ballot::confirm(conn, &state.vote_keys, &token, None, cast.at)
            .map_err(|e| anyhow::anyhow!("{}: {e}", cast.email))?;
        if cast.farm {
            farm_ids.insert(ballot);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    let facts = crate::actions::vote_detect::facts(conn, &state.vote_keys, id)?;
    let flags = detect::detect(&facts, &Params::default());
    for rule in Rule::ALL {
        report.by_rule.insert(rule.code(), (0, 0));
    }
    for (ballot, rules) in &flags {
        let farm = farm_ids.contains(ballot);
        if farm {
            report.farm_flagged += 1;
        } else {
            report.honest_flagged += 1;
        }
        for rule in rules {
            let entry = report.by_rule.entry(rule.code()).or_default();
            if farm {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        }
    }
    let standing = |skip: &BTreeMap<i32, BTreeSet<Rule>>| {
        let mut votes: BTreeMap<i32, usize> = a.iter().map(|n| (*n, 0)).collect();
        for f in facts.iter().filter(|f| !skip.contains_key(&f.id)) {
            for p in &f.picks {
                if let Some(v) = votes.get_mut(p) {
                    *v += 1;
                }
            }
        }
        let mine = votes.get(&target).copied().unwrap_or(0);
        let rank = 1 + votes.values().filter(|v| **v > mine).count();
        (mine, rank)
    };
    let all = standing(&BTreeMap::new());
    let cleaned = standing(&flags);
    report.target_votes = (all.0, cleaned.0);
    report.target_rank = (all.1, cleaned.1);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The token of the newest confirmation link in the outbox.
fn latest_token(conn: &mut crate::db::DbConnection) -> anyhow::Result<String> {
    use crate::db::schema::mail_outbox;
    let body: String = mail_outbox::table
        .order(mail_outbox::id.desc())
        .select(mail_outbox::body_text)
        .first(conn)?;
    let link = body
        .split_whitespace()
        .find(|w| w.contains("/binh-chon/xac-nhan/"))
        .context("a confirmation link")?;
    Ok(link.rsplit('/').next().unwrap_or_default().to_owned())
}
