//! The count of a consumer vote: one pure, deterministic function from the frozen rules, the
//! ballots, the paper batches and the jury scores to the ranked results of each group with
//! their tiers. It reads no clock, no database and no randomness, and uses only integer
//! arithmetic, so the count of the published files gives the published results on any
//! machine (`hangviet vote count`).
//!
//! Scores are in millionths ([`SCALE`]), each division rounded down:
//! - the consumer share of a nomination is its votes (online picks of counted ballots plus
//!   marks of accepted paper batches) over the most votes any nomination of its group got;
//! - the jury share is the sum of its jurors' scores over the most they could have given
//!   (jurors who scored it × the criteria's maxima);
//! - the score is `(vote_weight × consumer + jury_weight × jury) / 100`.
//!
//! Within a group nominations are ranked by score, then by each of the rules' tie-breaks, then
//! by nomination number (lowest first), so no two share a rank. Tiers are handed out down the
//! ranking: each band takes up to `places` nominations whose score reaches its `min_score`;
//! a nomination below a band's minimum is offered the next band.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One whole score: shares and scores are whole numbers of millionths.
pub const SCALE: u64 = 1_000_000;

/// The rules of a campaign, frozen (with [`Rules::checksum`]) when voting opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub year: i32,
    /// The product and service groups nominations are entered in.
    pub groups: Vec<Group>,
    /// Products a voter may pick in each group.
    pub picks_per_group: u32,
    /// Percent of the score from consumers' votes; `jury_weight` is the rest.
    pub vote_weight: u32,
    pub jury_weight: u32,
    /// What jurors score, each from 0 to its `max`.
    pub criteria: Vec<Criterion>,
    /// The tiers of each group, best first.
    pub tiers: Vec<TierBand>,
    /// How nominations with equal scores are ordered, before their numbers.
    pub tie_breaks: Vec<TieBreak>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub slug: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    pub max: u32,
}

/// Tier `tier` ("Top 1" is 1) goes to the next `places` nominations of a group's ranking
/// whose score is at least `min_score` millionths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierBand {
    pub tier: u8,
    pub places: u32,
    pub min_score: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// The higher jury share first.
    Jury,
    /// More consumers' votes first.
    Votes,
    /// More online votes first (paper marks weigh less as evidence: they are tallies).
    OnlineVotes,
}

/// Why the rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("the weights of votes and jury add up to {0}, not 100")]
    Weights(u32),
    #[error("there are no groups")]
    NoGroups,
    #[error("group {0:?} is listed twice")]
    DuplicateGroup(String),
    #[error("a voter must be able to pick at least one product per group")]
    NoPicks,
    #[error("criterion {0:?} is listed twice or has a maximum of 0")]
    BadCriterion(String),
    #[error("the jury has a weight but no criteria")]
    NoCriteria,
    #[error("the tiers must be numbered 1, 2, 3… in order, each with at least one place")]
    Tiers,
    #[error("a minimum score is above {SCALE}")]
    MinScore,
    #[error("tie-break {0:?} is listed twice")]
    DuplicateTieBreak(TieBreak),
    #[error("the rules are for {0}, not the campaign's year")]
    Year(i32),
    #[error("the stored rules cannot be read")]
    Unreadable,
}

impl Rules {
    pub fn validate(&self) -> Result<(), RulesError> {
        if self.vote_weight + self.jury_weight != 100 {
            return Err(RulesError::Weights(self.vote_weight + self.jury_weight));
        }
        if self.groups.is_empty() {
            return Err(RulesError::NoGroups);
        }
        let mut seen = BTreeSet::new();
        for g in &self.groups {
            if !seen.insert(g.slug.as_str()) {
                return Err(RulesError::DuplicateGroup(g.slug.clone()));
            }
        }
        if self.picks_per_group == 0 {
            return Err(RulesError::NoPicks);
        }
        let mut seen = BTreeSet::new();
        for c in &self.criteria {
            if c.max == 0 || !seen.insert(c.key.as_str()) {
                return Err(RulesError::BadCriterion(c.key.clone()));
            }
        }
        if self.jury_weight > 0 && self.criteria.is_empty() {
            return Err(RulesError::NoCriteria);
        }
        for (i, band) in self.tiers.iter().enumerate() {
            if usize::from(band.tier) != i + 1 || band.places == 0 {
                return Err(RulesError::Tiers);
            }
            if band.min_score > SCALE {
                return Err(RulesError::MinScore);
            }
        }
        let mut seen = Vec::new();
        for t in &self.tie_breaks {
            if seen.contains(t) {
                return Err(RulesError::DuplicateTieBreak(*t));
            }
            seen.push(*t);
        }
        Ok(())
    }

    /// The rules as published: pretty JSON, fields in declaration order, ending in a newline.
    pub fn canonical_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// SHA-256 (hex) of [`Rules::canonical_json`]: what freezing the rules records, and what
    /// the public rules page and the manifest show.
    pub fn checksum(&self) -> String {
        hex(&Sha256::digest(self.canonical_json().as_bytes()))
    }

    pub fn group(&self, slug: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.slug == slug)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A nomination as the count knows it: its public number and its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomination {
    pub number: u32,
    pub group: String,
    pub product: String,
    pub producer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotStatus {
    /// The voter's live ballot: counted.
    Counted,
    /// Replaced by the same voter's later ballot: kept, not counted.
    Superseded,
    /// Invalidated by an official (with a reason code): kept, not counted.
    Invalidated,
    /// Never confirmed by its voter: kept, not counted.
    Unconfirmed,
}

/// An online ballot: the nominations picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub status: BallotStatus,
    pub picks: Vec<u32>,
}

/// A batch of paper ballots: the marks of each nomination on its returned sheets. Only a
/// batch whose two independent entries agree is `accepted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperBatch {
    pub code: String,
    pub accepted: bool,
    pub sheets_returned: u32,
    pub marks: BTreeMap<u32, u32>,
}

/// One juror's score of one nomination on one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JuryScore {
    pub juror: String,
    pub nomination: u32,
    pub criterion: String,
    pub score: u32,
}

/// Everything the count reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub nominations: Vec<Nomination>,
    pub ballots: Vec<Ballot>,
    pub paper: Vec<PaperBatch>,
    pub jury: Vec<JuryScore>,
}

/// Why an input cannot be counted: the published files would be inconsistent. The count
/// refuses rather than guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error("nomination {0} is listed twice")]
    DuplicateNomination(u32),
    #[error("nomination {number} is in group {group:?}, which the rules do not have")]
    UnknownGroup { number: u32, group: String },
    #[error("ballot {ballot} picks nomination {nomination}, which is not on the list")]
    UnknownPick { ballot: usize, nomination: u32 },
    #[error("ballot {ballot} picks nomination {nomination} twice")]
    DuplicatePick { ballot: usize, nomination: u32 },
    #[error("ballot {ballot} picks more than {max} products in group {group:?}")]
    TooManyPicks {
        ballot: usize,
        group: String,
        max: u32,
    },
    #[error("paper batch {batch} marks nomination {nomination}, which is not on the list")]
    UnknownMark { batch: String, nomination: u32 },
    #[error("paper batch {batch} gives nomination {nomination} more marks than sheets returned")]
    TooManyMarks { batch: String, nomination: u32 },
    #[error("a jury score names nomination {0}, which is not on the list")]
    UnknownScored(u32),
    #[error("a jury score names criterion {0:?}, which the rules do not have")]
    UnknownCriterion(String),
    #[error("juror {juror} scores nomination {nomination} on {criterion:?} above its maximum")]
    ScoreAboveMax {
        juror: String,
        nomination: u32,
        criterion: String,
    },
    #[error("juror {juror} scores nomination {nomination} on {criterion:?} twice")]
    DuplicateScore {
        juror: String,
        nomination: u32,
        criterion: String,
    },
}

/// The count's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub year: i32,
    pub rules_checksum: String,
    pub turnout: Turnout,
    pub groups: Vec<GroupResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turnout {
    pub ballots_counted: u64,
    pub ballots_superseded: u64,
    pub ballots_invalidated: u64,
    pub ballots_unconfirmed: u64,
    pub paper_batches_accepted: u64,
    /// Batches not counted: their two entries differ, or there were not two.
    pub paper_batches_blocked: u64,
    pub paper_sheets: u64,
    /// Every counted pick and accepted paper mark.
    pub vote_marks: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupResult {
    pub group: String,
    pub ranking: Vec<Placed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub rank: u32,
    pub nomination: u32,
    pub online_votes: u64,
    pub paper_votes: u64,
    /// Millionths.
    pub consumer: u64,
    pub jury: u64,
    pub score: u64,
    pub tier: Option<u8>,
}

/// Counts the vote. Deterministic: the same inputs in any order give the same results.
pub fn count(rules: &Rules, inputs: &Inputs) -> Result<Results, CountError> {
    rules.validate()?;
    let mut group_of: BTreeMap<u32, &str> = BTreeMap::new();
    for n in &inputs.nominations {
        let group = rules
            .group(&n.group)
            .ok_or_else(|| CountError::UnknownGroup {
                number: n.number,
                group: n.group.clone(),
            })?;
        if group_of.insert(n.number, group.slug.as_str()).is_some() {
            return Err(CountError::DuplicateNomination(n.number));
        }
    }

    let mut turnout = Turnout::default();
    let mut online: BTreeMap<u32, u64> = BTreeMap::new();
    for (i, ballot) in inputs.ballots.iter().enumerate() {
        check_ballot(rules, &group_of, i + 1, ballot)?;
        match ballot.status {
            BallotStatus::Counted => turnout.ballots_counted += 1,
            BallotStatus::Superseded => turnout.ballots_superseded += 1,
            BallotStatus::Invalidated => turnout.ballots_invalidated += 1,
            BallotStatus::Unconfirmed => turnout.ballots_unconfirmed += 1,
        }
        if ballot.status == BallotStatus::Counted {
            for pick in &ballot.picks {
                *online.entry(*pick).or_default() += 1;
                turnout.vote_marks += 1;
            }
        }
    }

    let mut paper: BTreeMap<u32, u64> = BTreeMap::new();
    for batch in &inputs.paper {
        for (&nomination, &marks) in &batch.marks {
            if !group_of.contains_key(&nomination) {
                return Err(CountError::UnknownMark {
                    batch: batch.code.clone(),
                    nomination,
                });
            }
            if marks > batch.sheets_returned {
                return Err(CountError::TooManyMarks {
                    batch: batch.code.clone(),
                    nomination,
                });
            }
        }
        if !batch.accepted {
            turnout.paper_batches_blocked += 1;
            continue;
        }
        turnout.paper_batches_accepted += 1;
        turnout.paper_sheets += u64::from(batch.sheets_returned);
        for (&nomination, &marks) in &batch.marks {
            *paper.entry(nomination).or_default() += u64::from(marks);
            turnout.vote_marks += u64::from(marks);
        }
    }

    let jury = jury_shares(rules, &group_of, &inputs.jury)?;

    let mut groups = Vec::with_capacity(rules.groups.len());
    for group in &rules.groups {
        let members: Vec<u32> = group_of
            .iter()
            .filter(|(_, g)| **g == group.slug)
            .map(|(n, _)| *n)
            .collect();
        let votes =
            |n: &u32| online.get(n).copied().unwrap_or(0) + paper.get(n).copied().unwrap_or(0);
        let most = members.iter().map(votes).max().unwrap_or(0);
        let mut ranking: Vec<Placed> = members
            .iter()
            .map(|&n| {
                let consumer = (votes(&n) * SCALE).checked_div(most).unwrap_or(0);
                let jury = jury.get(&n).copied().unwrap_or(0);
                Placed {
                    rank: 0,
                    nomination: n,
                    online_votes: online.get(&n).copied().unwrap_or(0),
                    paper_votes: paper.get(&n).copied().unwrap_or(0),
                    consumer,
                    jury,
                    score: (u64::from(rules.vote_weight) * consumer
                        + u64::from(rules.jury_weight) * jury)
                        / 100,
                    tier: None,
                }
            })
            .collect();
        ranking.sort_by(|a, b| {
            let mut order = b.score.cmp(&a.score);
            for t in &rules.tie_breaks {
                order = order.then_with(|| match t {
                    TieBreak::Jury => b.jury.cmp(&a.jury),
                    TieBreak::Votes => {
                        (b.online_votes + b.paper_votes).cmp(&(a.online_votes + a.paper_votes))
                    }
                    TieBreak::OnlineVotes => b.online_votes.cmp(&a.online_votes),
                });
            }
            order.then(a.nomination.cmp(&b.nomination))
        });
        assign_tiers(rules, &mut ranking);
        groups.push(GroupResult {
            group: group.slug.clone(),
            ranking,
        });
    }
    Ok(Results {
        year: rules.year,
        rules_checksum: rules.checksum(),
        turnout,
        groups,
    })
}

fn check_ballot(
    rules: &Rules,
    group_of: &BTreeMap<u32, &str>,
    ballot: usize,
    b: &Ballot,
) -> Result<(), CountError> {
    let mut seen = BTreeSet::new();
    let mut per_group: BTreeMap<&str, u32> = BTreeMap::new();
    for &nomination in &b.picks {
        let group = group_of
            .get(&nomination)
            .ok_or(CountError::UnknownPick { ballot, nomination })?;
        if !seen.insert(nomination) {
            return Err(CountError::DuplicatePick { ballot, nomination });
        }
        let n = per_group.entry(group).or_default();
        *n += 1;
        if *n > rules.picks_per_group {
            return Err(CountError::TooManyPicks {
                ballot,
                group: (*group).to_owned(),
                max: rules.picks_per_group,
            });
        }
    }
    Ok(())
}

/// Each scored nomination's jury share, in millionths.
fn jury_shares(
    rules: &Rules,
    group_of: &BTreeMap<u32, &str>,
    scores: &[JuryScore],
) -> Result<BTreeMap<u32, u64>, CountError> {
    let max_of: BTreeMap<&str, u32> = rules
        .criteria
        .iter()
        .map(|c| (c.key.as_str(), c.max))
        .collect();
    let per_juror: u64 = rules.criteria.iter().map(|c| u64::from(c.max)).sum();
    let mut seen = BTreeSet::new();
    let mut sums: BTreeMap<u32, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for s in scores {
        if !group_of.contains_key(&s.nomination) {
            return Err(CountError::UnknownScored(s.nomination));
        }
        let max = *max_of
            .get(s.criterion.as_str())
            .ok_or_else(|| CountError::UnknownCriterion(s.criterion.clone()))?;
        if s.score > max {
            return Err(CountError::ScoreAboveMax {
                juror: s.juror.clone(),
                nomination: s.nomination,
                criterion: s.criterion.clone(),
            });
        }
        if !seen.insert((s.juror.as_str(), s.nomination, s.criterion.as_str())) {
            return Err(CountError::DuplicateScore {
                juror: s.juror.clone(),
                nomination: s.nomination,
                criterion: s.criterion.clone(),
            });
        }
        let entry = sums.entry(s.nomination).or_default();
        entry.0 += u64::from(s.score);
        entry.1.insert(s.juror.as_str());
    }
    Ok(sums
        .into_iter()
        .map(|(n, (sum, jurors))| {
            let possible = per_juror * jurors.len() as u64;
            (n, (sum * SCALE).checked_div(possible).unwrap_or(0))
        })
        .collect())
}

fn assign_tiers(rules: &Rules, ranking: &mut [Placed]) {
    let mut band = 0;
    let mut taken = 0;
    for (i, placed) in ranking.iter_mut().enumerate() {
        placed.rank = i as u32 + 1;
        while let Some(b) = rules.tiers.get(band) {
            if taken < b.places && placed.score >= b.min_score {
                break;
            }
            band += 1;
            taken = 0;
        }
        if let Some(b) = rules.tiers.get(band) {
            placed.tier = Some(b.tier);
            taken += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            year: 2026,
            groups: ["thuc-pham", "do-uong"]
                .into_iter()
                .map(|slug| Group {
                    slug: slug.to_owned(),
                    name_vi: slug.to_owned(),
                    name_en: slug.to_owned(),
                })
                .collect(),
            picks_per_group: 2,
            vote_weight: 70,
            jury_weight: 30,
            criteria: vec![Criterion {
                key: "chat-luong".to_owned(),
                name_vi: "Chất lượng".to_owned(),
                name_en: "Quality".to_owned(),
                max: 10,
            }],
            tiers: vec![
                TierBand {
                    tier: 1,
                    places: 1,
                    min_score: 500_000,
                },
                TierBand {
                    tier: 2,
                    places: 2,
                    min_score: 0,
                },
            ],
            tie_breaks: vec![TieBreak::Jury, TieBreak::Votes],
        }
    }

    fn nomination(number: u32, group: &str) -> Nomination {
        Nomination {
            number,
            group: group.to_owned(),
            product: format!("P{number}"),
            producer: "F".to_owned(),
        }
    }

    fn ballot(status: BallotStatus, picks: &[u32]) -> Ballot {
        Ballot {
            status,
            picks: picks.to_vec(),
        }
    }

    fn inputs() -> Inputs {
        Inputs {
            nominations: vec![
                nomination(1, "thuc-pham"),
                nomination(2, "thuc-pham"),
                nomination(3, "thuc-pham"),
                nomination(4, "thuc-pham"),
                nomination(5, "do-uong"),
            ],
            ballots: vec![
                ballot(BallotStatus::Counted, &[1, 2, 5]),
                ballot(BallotStatus::Counted, &[1]),
                ballot(BallotStatus::Counted, &[1, 3]),
                ballot(BallotStatus::Superseded, &[4, 3]),
                ballot(BallotStatus::Invalidated, &[4]),
                ballot(BallotStatus::Unconfirmed, &[4]),
            ],
            paper: vec![
                PaperBatch {
                    code: "A".to_owned(),
                    accepted: true,
                    sheets_returned: 5,
                    marks: BTreeMap::from([(2, 1), (3, 1)]),
                },
                PaperBatch {
                    code: "B".to_owned(),
                    accepted: false,
                    sheets_returned: 50,
                    marks: BTreeMap::from([(4, 50)]),
                },
            ],
            jury: vec![
                JuryScore {
                    juror: "J1".to_owned(),
                    nomination: 2,
                    criterion: "chat-luong".to_owned(),
                    score: 10,
                },
                JuryScore {
                    juror: "J2".to_owned(),
                    nomination: 2,
                    criterion: "chat-luong".to_owned(),
                    score: 6,
                },
                JuryScore {
                    juror: "J1".to_owned(),
                    nomination: 3,
                    criterion: "chat-luong".to_owned(),
                    score: 8,
                },
            ],
        }
    }

    fn ranking<'a>(results: &'a Results, group: &str) -> &'a [Placed] {
        &results
            .groups
            .iter()
            .find(|g| g.group == group)
            .expect("group")
            .ranking
    }

    #[test]
    fn counts_only_live_ballots_and_accepted_batches() {
        let results = count(&rules(), &inputs()).expect("counts");
        let t = &results.turnout;
        assert_eq!(
            (
                t.ballots_counted,
                t.ballots_superseded,
                t.ballots_invalidated
            ),
            (3, 1, 1)
        );
        assert_eq!((t.paper_batches_accepted, t.paper_batches_blocked), (1, 1));
        // 6 counted picks + 2 accepted marks; the blocked batch's 50 are not there.
        assert_eq!(t.vote_marks, 8);
        let food = ranking(&results, "thuc-pham");
        let n4 = food.iter().find(|p| p.nomination == 4).expect("4 ranked");
        assert_eq!((n4.online_votes, n4.paper_votes, n4.score), (0, 0, 0));
    }

    #[test]
    fn scores_weigh_votes_and_jury_and_ties_follow_the_rules() {
        let results = count(&rules(), &inputs()).expect("counts");
        let food = ranking(&results, "thuc-pham");
        let order: Vec<u32> = food.iter().map(|p| p.nomination).collect();
        // 1: 3 votes (share 1), no jury → 0.7. 2: 2 votes (2/3), jury 16/20 → 0.7 × 0.666666 +
        // 0.3 × 0.8 = 0.706666. 3: 2 votes, jury 8/10 → the same score as 2, and the same
        // jury share: the tie goes to votes (equal), then to the lower number.
        assert_eq!(order, vec![2, 3, 1, 4]);
        assert_eq!(food[0].consumer, 666_666);
        assert_eq!(food[0].jury, 800_000);
        assert_eq!(food[0].score, (70 * 666_666 + 30 * 800_000) / 100);
        assert_eq!(food[0].score, food[1].score);
        assert_eq!(food[2].score, 700_000);
        let ranks: Vec<u32> = food.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, vec![1, 2, 3, 4]);
        // Top 1 has one place; Top 2 two; the fourth gets none.
        let tiers: Vec<Option<u8>> = food.iter().map(|p| p.tier).collect();
        assert_eq!(tiers, vec![Some(1), Some(2), Some(2), None]);
    }

    #[test]
    fn a_score_below_a_bands_minimum_is_offered_the_next_band() {
        let mut rules = rules();
        rules.tiers[0].min_score = 900_000;
        let results = count(&rules, &inputs()).expect("counts");
        let tiers: Vec<Option<u8>> = ranking(&results, "thuc-pham")
            .iter()
            .map(|p| p.tier)
            .collect();
        assert_eq!(tiers, vec![Some(2), Some(2), None, None]);
    }

    #[test]
    fn the_order_of_the_inputs_does_not_matter() {
        let a = count(&rules(), &inputs()).expect("counts");
        let mut shuffled = inputs();
        shuffled.nominations.reverse();
        shuffled.ballots.reverse();
        shuffled.paper.reverse();
        shuffled.jury.reverse();
        assert_eq!(a, count(&rules(), &shuffled).expect("counts"));
    }

    #[test]
    fn inconsistent_inputs_are_refused_not_guessed() {
        type Change = Box<dyn Fn(&mut Inputs)>;
        let cases: Vec<(Change, CountError)> = vec![
            (
                Box::new(|i| i.ballots.push(ballot(BallotStatus::Counted, &[9]))),
                CountError::UnknownPick {
                    ballot: 7,
                    nomination: 9,
                },
            ),
            (
                Box::new(|i| i.ballots.push(ballot(BallotStatus::Counted, &[1, 2, 3]))),
                CountError::TooManyPicks {
                    ballot: 7,
                    group: "thuc-pham".to_owned(),
                    max: 2,
                },
            ),
            (
                Box::new(|i| i.ballots.push(ballot(BallotStatus::Superseded, &[5, 5]))),
                CountError::DuplicatePick {
                    ballot: 7,
                    nomination: 5,
                },
            ),
            (
                Box::new(|i| {
                    i.paper[0].marks.insert(1, 6);
                }),
                CountError::TooManyMarks {
                    batch: "A".to_owned(),
                    nomination: 1,
                },
            ),
            (
                Box::new(|i| i.jury[0].score = 11),
                CountError::ScoreAboveMax {
                    juror: "J1".to_owned(),
                    nomination: 2,
                    criterion: "chat-luong".to_owned(),
                },
            ),
            (
                Box::new(|i| {
                    let again = i.jury[0].clone();
                    i.jury.push(again);
                }),
                CountError::DuplicateScore {
                    juror: "J1".to_owned(),
                    nomination: 2,
                    criterion: "chat-luong".to_owned(),
                },
            ),
            (
                Box::new(|i| i.nominations.push(nomination(1, "do-uong"))),
                CountError::DuplicateNomination(1),
            ),
            (
                Box::new(|i| i.nominations.push(nomination(6, "my-pham"))),
                CountError::UnknownGroup {
                    number: 6,
                    group: "my-pham".to_owned(),
                },
            ),
        ];
        for (change, expected) in cases {
            let mut i = inputs();
            change(&mut i);
            assert_eq!(count(&rules(), &i), Err(expected));
        }
    }

    #[test]
    fn rules_are_checked_and_their_checksum_follows_every_change() {
        let mut bad = rules();
        bad.jury_weight = 40;
        assert_eq!(bad.validate(), Err(RulesError::Weights(110)));
        let mut bad = rules();
        bad.tiers[1].tier = 3;
        assert_eq!(bad.validate(), Err(RulesError::Tiers));
        let mut bad = rules();
        bad.tie_breaks.push(TieBreak::Jury);
        assert_eq!(
            bad.validate(),
            Err(RulesError::DuplicateTieBreak(TieBreak::Jury))
        );
        let a = rules().checksum();
        assert_eq!(a.len(), 64);
        assert_eq!(a, rules().checksum());
        let mut changed = rules();
        changed.picks_per_group = 3;
        assert_ne!(a, changed.checksum());
    }
}
