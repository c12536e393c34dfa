//! Fraud detection over a campaign's online ballots: a pure function from what is known of
//! each ballot (when, from which network, what it picked, the voter's normalised address) to
//! the ballots each rule flags. It flags; only an official invalidates, with a reason code
//! (`crate::actions::vote_detect`).
//!
//! The rules, each aimed at a farm of identities voting for one product:
//! - **burst**: in a [`Params::burst_window`] a nomination gets at least
//!   [`Params::burst_min`] picks and [`Params::burst_factor`] times its usual rate (its
//!   picks per window over the whole vote); the ballots of that window picking it are flagged
//!   when their network sent [`Params::burst_per_network`] of them or more — people voting at
//!   the same moment from all over the country are not;
//! - **same picks**: [`Params::same_picks_min`] ballots or more with exactly the same picks
//!   from one network within a day;
//! - **addresses**: numbered addresses (`an001@`, `an002@`… the same name and domain,
//!   numbers close together) from few networks, at least [`Params::sequence_min`] of them;
//!   and many addresses at one uncommon domain from few networks (throw-away domains the
//!   disposable list does not know yet).
//!
//! Networks are IPv4 /24 and IPv6 /48: a carrier's NAT puts many honest phones behind one,
//! which is why no rule flags a network for its volume alone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDateTime, TimeDelta};

/// What detection knows of one ballot.
#[derive(Debug, Clone)]
pub struct Facts {
    pub id: i32,
    pub at: NaiveDateTime,
    pub network: String,
    /// The nominations picked, ascending.
    pub picks: Vec<i32>,
    /// The voter's normalised address, while it is kept.
    pub address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Burst,
    SamePicks,
    Addresses,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Burst, Rule::SamePicks, Rule::Addresses];

    /// The stored and published code (the invalidation reason it suggests).
    pub fn code(self) -> &'static str {
        match self {
            Rule::Burst => "burst",
            Rule::SamePicks => "same-picks",
            Rule::Addresses => "addresses",
        }
    }

    pub fn parse(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The thresholds.
#[derive(Debug, Clone)]
pub struct Params {
    pub burst_window: TimeDelta,
    pub burst_min: usize,
    pub burst_factor: usize,
    pub burst_per_network: usize,
    pub same_picks_min: usize,
    pub sequence_min: usize,
    /// Addresses at one uncommon domain from few networks, at least.
    pub domain_min: usize,
    /// "Few networks": at most this many carry most (80%) of a group.
    pub few_networks: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            burst_window: TimeDelta::minutes(30),
            burst_min: 20,
            burst_factor: 8,
            burst_per_network: 3,
            same_picks_min: 10,
            sequence_min: 5,
            domain_min: 10,
            few_networks: 5,
        }
    }
}

/// Mail providers used by many unrelated people: many addresses there say nothing.
const COMMON_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "zoho.com",
    "yandex.com",
    "fpt.vn",
    "vnn.vn",
    "viettel.vn",
];

/// Which rules flag which ballots.
pub fn detect(ballots: &[Facts], params: &Params) -> BTreeMap<i32, BTreeSet<Rule>> {
    let mut flags: BTreeMap<i32, BTreeSet<Rule>> = BTreeMap::new();
    let mut flag = |ids: &[i32], rule: Rule| {
        for id in ids {
            flags.entry(*id).or_default().insert(rule);
        }
    };
    for ids in bursts(ballots, params) {
        flag(&ids, Rule::Burst);
    }
    for ids in same_picks(ballots, params) {
        flag(&ids, Rule::SamePicks);
    }
    for ids in address_groups(ballots, params) {
        flag(&ids, Rule::Addresses);
    }
    flags
}

fn window_of(at: NaiveDateTime, window: TimeDelta) -> i64 {
    at.and_utc().timestamp() / window.num_seconds().max(1)
}

fn bursts(ballots: &[Facts], params: &Params) -> Vec<Vec<i32>> {
    let Some(first) = ballots.iter().map(|b| b.at).min() else {
        return Vec::new();
    };
    let last = ballots.iter().map(|b| b.at).max().unwrap_or(first);
    let windows = (window_of(last, params.burst_window) - window_of(first, params.burst_window) + 1)
        .max(1) as usize;
    // Picks of each nomination in each window, with the ballots and their networks.
    let mut per: BTreeMap<(i32, i64), Vec<&Facts>> = BTreeMap::new();
    let mut totals: BTreeMap<i32, usize> = BTreeMap::new();
    for b in ballots {
        let w = window_of(b.at, params.burst_window);
        for n in &b.picks {
            per.entry((*n, w)).or_default().push(b);
            *totals.entry(*n).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for ((n, _), in_window) in per {
        let count = in_window.len();
        let others = totals[&n] - count;
        // The usual rate, this window left out, in picks per window (rounded up).
        let usual = others.div_ceil(windows.saturating_sub(1).max(1));
        if count < params.burst_min || count < params.burst_factor * usual.max(1) {
            continue;
        }
        let mut by_network: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
        for b in in_window {
            by_network.entry(&b.network).or_default().push(b.id);
        }
        for ids in by_network.into_values() {
            if ids.len() >= params.burst_per_network {
                out.push(ids);
            }
        }
    }
    out
}

fn same_picks(ballots: &[Facts], params: &Params) -> Vec<Vec<i32>> {
    let mut groups: BTreeMap<(&str, &[i32], i64), Vec<i32>> = BTreeMap::new();
    for b in ballots {
        let day = window_of(b.at, TimeDelta::days(1));
        groups
            .entry((&b.network, &b.picks, day))
            .or_default()
            .push(b.id);
    }
    groups
        .into_values()
        .filter(|ids| ids.len() >= params.same_picks_min)
        .collect()
}

/// `an007` → (`an`, 7); `an` → None.
fn numbered(local: &str) -> Option<(&str, u64)> {
    let stem = local.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &local[stem.len()..];
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    Some((stem, digits.parse().ok()?))
}

/// Whether most of `members` (80%) come from at most `few` networks.
fn from_few_networks(members: &[&Facts], few: usize) -> bool {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in members {
        *counts.entry(&m.network).or_default() += 1;
    }
    let mut sizes: Vec<usize> = counts.into_values().collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let top: usize = sizes.iter().take(few).sum();
    top * 5 >= members.len() * 4
}

/// The domain a phone voter's number is given as address under (`84912345678@tel`), so
/// numbers bought in sequence are caught like numbered mailboxes.
pub const PHONE_DOMAIN: &str = "tel";

/// A phone number as a sequence: its block of a thousand numbers and its place in it.
fn phone_block(number: &str) -> Option<(&str, u64)> {
    let split = number.len().checked_sub(3)?;
    let (block, place) = number.split_at(split);
    Some((block, place.parse().ok()?))
}

fn address_groups(ballots: &[Facts], params: &Params) -> Vec<Vec<i32>> {
    let mut sequences: BTreeMap<(&str, &str), Vec<(&Facts, u64)>> = BTreeMap::new();
    let mut domains: BTreeMap<&str, Vec<&Facts>> = BTreeMap::new();
    for b in ballots {
        let Some((local, domain)) = b.address.as_deref().and_then(|a| a.rsplit_once('@')) else {
            continue;
        };
        if domain == PHONE_DOMAIN {
            if let Some((block, n)) = phone_block(local) {
                sequences.entry((domain, block)).or_default().push((b, n));
            }
            continue;
        }
        if let Some((stem, n)) = numbered(local) {
            sequences.entry((domain, stem)).or_default().push((b, n));
        }
        if !COMMON_DOMAINS.contains(&domain) {
            domains.entry(domain).or_default().push(b);
        }
    }
    let mut out = Vec::new();
    for members in sequences.into_values() {
        // One voter's ballots count once.
        let numbers: BTreeSet<u64> = members.iter().map(|(_, n)| *n).collect();
        if numbers.len() < params.sequence_min {
            continue;
        }
        let span = numbers.last().copied().unwrap_or(0) - numbers.first().copied().unwrap_or(0);
        let dense = span < 4 * numbers.len() as u64;
        let facts: Vec<&Facts> = members.iter().map(|(b, _)| *b).collect();
        if dense && from_few_networks(&facts, params.few_networks) {
            out.push(facts.iter().map(|b| b.id).collect());
        }
    }
    for members in domains.into_values() {
        let voters: BTreeSet<&str> = members
            .iter()
            .filter_map(|b| b.address.as_deref())
            .collect();
        if voters.len() >= params.domain_min && from_few_networks(&members, params.few_networks) {
            out.push(members.iter().map(|b| b.id).collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a time")
            + TimeDelta::minutes(minutes)
    }

    fn ballot(id: i32, minutes: i64, network: &str, picks: &[i32], address: &str) -> Facts {
        Facts {
            id,
            at: at(minutes),
            network: network.to_owned(),
            picks: picks.to_vec(),
            address: Some(address.to_owned()),
        }
    }

    /// Honest voters: one every 10 minutes for 10 days, each from its own network, picking
    /// nomination 1 or 2 (and sometimes 3).
    fn honest() -> Vec<Facts> {
        (0..1440)
            .map(|i| {
                let picks: &[i32] = match i % 3 {
                    0 => &[1],
                    1 => &[2],
                    _ => &[1, 3],
                };
                ballot(
                    i,
                    i64::from(i) * 10,
                    &format!("10.{}.{}.0/24", i / 250, i % 250),
                    picks,
                    &format!("nguoi{}@gmail.com", i * 7919 % 100_000),
                )
            })
            .collect()
    }

    #[test]
    fn honest_voters_are_not_flagged() {
        let flags = detect(&honest(), &Params::default());
        assert!(flags.is_empty(), "{flags:?}");
    }

    #[test]
    fn a_burst_from_few_networks_is_flagged_and_the_voters_beside_it_are_not() {
        let mut all = honest();
        // 60 ballots for nomination 3 within 20 minutes, from two networks.
        for i in 0..60 {
            all.push(ballot(
                10_000 + i,
                5_000 + i64::from(i) / 3,
                ["203.0.113.0/24", "198.51.100.0/24"][(i % 2) as usize],
                &[3],
                &format!("x{}@mailfarm.vn", i * 37),
            ));
        }
        let flags = detect(&all, &Params::default());
        let farm: BTreeSet<i32> = (10_000..10_060).collect();
        for id in &farm {
            assert!(flags[id].contains(&Rule::Burst), "{id}");
        }
        assert!(
            flags.keys().all(|id| farm.contains(id)),
            "only the farm: {:?}",
            flags
                .keys()
                .filter(|id| !farm.contains(id))
                .collect::<Vec<_>>()
        );
        // Their one uncommon domain from two networks flags them too.
        assert!(flags[&10_000].contains(&Rule::Addresses));
    }

    #[test]
    fn numbered_addresses_and_same_picks_from_one_network_are_flagged() {
        let mut all = honest();
        for i in 0..12 {
            all.push(ballot(
                20_000 + i,
                3_000 + i64::from(i) * 90,
                "192.0.2.0/24",
                &[2, 3],
                &format!("shopthanhdat{:03}@gmail.com", i + 1),
            ));
        }
        let flags = detect(&all, &Params::default());
        for i in 0..12 {
            let f = &flags[&(20_000 + i)];
            assert!(f.contains(&Rule::Addresses), "{f:?}");
            assert!(f.contains(&Rule::SamePicks), "{f:?}");
        }
        assert_eq!(flags.len(), 12);
    }

    #[test]
    fn phone_numbers_in_sequence_from_few_networks_are_flagged_and_scattered_ones_not() {
        let mut all = honest();
        // Ten SIM cards bought together, voting from one network over a day.
        for i in 0..10 {
            all.push(ballot(
                30_000 + i,
                2_000 + i64::from(i) * 150,
                "192.0.2.0/24",
                &[1],
                &format!("84912345{:03}@{PHONE_DOMAIN}", 100 + i * 2),
            ));
        }
        // Ten honest phones: numbers far apart, one network each.
        for i in 0..10 {
            all.push(ballot(
                40_000 + i,
                2_000 + i64::from(i) * 150,
                &format!("172.16.{i}.0/24"),
                &[2],
                &format!("849{:08}@{PHONE_DOMAIN}", 10_000_000 + i * 7_654_321),
            ));
        }
        let flags = detect(&all, &Params::default());
        for i in 0..10 {
            assert!(flags[&(30_000 + i)].contains(&Rule::Addresses), "{i}");
            assert!(!flags.contains_key(&(40_000 + i)), "{i}");
        }
    }
}
