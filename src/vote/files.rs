//! The published files of a vote: everything the count reads, with no identity in it, the
//! results it gave, the sorted hashes of the receipt codes and a manifest of checksums. Anyone
//! can count them again with `hangviet vote count DIR` and compare.
//!
//! | file | content |
//! |---|---|
//! | `rules.json` | the frozen rules ([`Rules::canonical_json`]) |
//! | `nominations.csv` | `number,group,product,producer` |
//! | `ballots.csv` | `ballot,channel,status,day,picks`, shuffled; picks are numbers separated by spaces |
//! | `paper-batches.csv` | `batch,place,day,sheets_issued,sheets_returned,status` (`accepted`, `blocked` or `pending`; only accepted ones count) |
//! | `paper-marks.csv` | `batch,nomination,marks` |
//! | `jury-scores.csv` | `juror,nomination,criterion,score`, jurors under pseudonyms |
//! | `invalidations.csv` | `reason,ballots` |
//! | `receipts.txt` | the SHA-256 of each receipt code, sorted, one a line |
//! | `results.csv` | `group,rank,nomination,product,producer,online_votes,paper_votes,consumer,jury,score,tier` |
//! | `manifest.json` | the year, the rules' checksum and each file's size and SHA-256 |

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::count::{
    self, Ballot, BallotStatus, Inputs, JuryScore, Nomination, PaperBatch, Results, Rules, hex,
};

pub const RULES: &str = "rules.json";
pub const NOMINATIONS: &str = "nominations.csv";
pub const BALLOTS: &str = "ballots.csv";
pub const PAPER_BATCHES: &str = "paper-batches.csv";
pub const PAPER_MARKS: &str = "paper-marks.csv";
pub const JURY_SCORES: &str = "jury-scores.csv";
pub const INVALIDATIONS: &str = "invalidations.csv";
pub const RECEIPTS: &str = "receipts.txt";
pub const RESULTS: &str = "results.csv";
pub const MANIFEST: &str = "manifest.json";
/// A file of a set: its name and its bytes.
pub type NamedFile = (&'static str, Vec<u8>);
/// Every file of a set.
pub const NAMES: [&str; 10] = [
    RULES,
    NOMINATIONS,
    BALLOTS,
    PAPER_BATCHES,
    PAPER_MARKS,
    JURY_SCORES,
    INVALIDATIONS,
    RECEIPTS,
    RESULTS,
    MANIFEST,
];

/// A ballot as published: no identity, no time finer than the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedBallot {
    pub ballot: u64,
    pub channel: String,
    pub status: BallotStatus,
    pub day: String,
    pub picks: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedBatch {
    pub batch: String,
    pub place: String,
    pub day: String,
    pub sheets_issued: u32,
    pub sheets_returned: u32,
    pub status: BatchStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// Entered twice the same: counted.
    Accepted,
    /// Its two entries differ: not counted.
    Blocked,
    /// Not entered twice by the close: not counted.
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperMark {
    pub batch: String,
    pub nomination: u32,
    pub marks: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct JuryRow {
    juror: String,
    nomination: u32,
    criterion: String,
    score: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalidation {
    pub reason: String,
    pub ballots: u64,
}

/// Everything published about a vote but the results and the manifest, which are derived.
#[derive(Debug, Clone)]
pub struct Publication {
    pub rules: Rules,
    pub nominations: Vec<Nomination>,
    pub ballots: Vec<PublishedBallot>,
    pub batches: Vec<PublishedBatch>,
    pub marks: Vec<PaperMark>,
    pub jury: Vec<JuryScore>,
    pub invalidations: Vec<Invalidation>,
    /// SHA-256 (hex) of each receipt code, any order.
    pub receipts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub year: i32,
    pub rules_checksum: String,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Publication {
    /// The count's inputs.
    pub fn inputs(&self) -> anyhow::Result<Inputs> {
        let ballots = self
            .ballots
            .iter()
            .map(|b| {
                let picks = b
                    .picks
                    .split_whitespace()
                    .map(|p| p.parse::<u32>())
                    .collect::<Result<Vec<_>, _>>()
                    .with_context(|| format!("ballot {}: picks {:?}", b.ballot, b.picks))?;
                Ok(Ballot {
                    status: b.status,
                    picks,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut marks: BTreeMap<&str, BTreeMap<u32, u32>> = BTreeMap::new();
        for m in &self.marks {
            let batch = marks.entry(m.batch.as_str()).or_default();
            if batch.insert(m.nomination, m.marks).is_some() {
                bail!(
                    "paper batch {} lists nomination {} twice",
                    m.batch,
                    m.nomination
                );
            }
        }
        for batch in marks.keys() {
            if !self.batches.iter().any(|b| b.batch == *batch) {
                bail!("{PAPER_MARKS} names batch {batch}, which {PAPER_BATCHES} lacks");
            }
        }
        let paper = self
            .batches
            .iter()
            .map(|b| PaperBatch {
                code: b.batch.clone(),
                accepted: b.status == BatchStatus::Accepted,
                sheets_returned: b.sheets_returned,
                marks: marks.remove(b.batch.as_str()).unwrap_or_default(),
            })
            .collect();
        Ok(Inputs {
            nominations: self.nominations.clone(),
            ballots,
            paper,
            jury: self.jury.clone(),
        })
    }

    pub fn count(&self) -> anyhow::Result<Results> {
        Ok(count::count(&self.rules, &self.inputs()?)?)
    }

    /// Writes the set, results and manifest included, into the existing directory `dir`
    /// (files of the same names are replaced); returns the results.
    pub fn write(&self, dir: &Path) -> anyhow::Result<Results> {
        let (results, files) = self.render()?;
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(results)
    }

    /// The results and every file of the set (the manifest last), as written.
    pub fn render(&self) -> anyhow::Result<(Results, Vec<NamedFile>)> {
        let results = self.count()?;
        let mut files: Vec<NamedFile> = vec![
            (RULES, self.rules.canonical_json().into_bytes()),
            (NOMINATIONS, csv_bytes(&self.nominations)?),
            (BALLOTS, csv_bytes(&self.ballots)?),
            (PAPER_BATCHES, csv_bytes(&self.batches)?),
            (PAPER_MARKS, csv_bytes(&self.marks)?),
            (
                JURY_SCORES,
                csv_bytes(self.jury.iter().map(|s| JuryRow {
                    juror: s.juror.clone(),
                    nomination: s.nomination,
                    criterion: s.criterion.clone(),
                    score: s.score,
                }))?,
            ),
            (INVALIDATIONS, csv_bytes(&self.invalidations)?),
        ];
        let mut receipts = self.receipts.clone();
        receipts.sort();
        let mut text = String::new();
        for r in receipts {
            text.push_str(&r);
            text.push('\n');
        }
        files.push((RECEIPTS, text.into_bytes()));
        files.push((RESULTS, results_csv(&results, &self.nominations)?));
        let manifest = Manifest {
            year: self.rules.year,
            rules_checksum: self.rules.checksum(),
            files: files
                .iter()
                .map(|(name, bytes)| ManifestFile {
                    name: (*name).to_owned(),
                    bytes: bytes.len() as u64,
                    sha256: hex(&Sha256::digest(bytes)),
                })
                .collect(),
        };
        let mut manifest_json = serde_json::to_string_pretty(&manifest)?;
        manifest_json.push('\n');
        files.push((MANIFEST, manifest_json.into_bytes()));
        Ok((results, files))
    }

    /// Reads a published set, after checking every file against the manifest.
    pub fn read(dir: &Path) -> anyhow::Result<(Publication, Manifest)> {
        let manifest: Manifest = serde_json::from_slice(&read(dir, MANIFEST)?)
            .with_context(|| format!("{MANIFEST} is not a vote manifest"))?;
        for name in NAMES.into_iter().filter(|n| *n != MANIFEST) {
            let entry = manifest
                .files
                .iter()
                .find(|f| f.name == name)
                .with_context(|| format!("{MANIFEST} does not list {name}"))?;
            let bytes = read(dir, name)?;
            let sha = hex(&Sha256::digest(&bytes));
            if bytes.len() as u64 != entry.bytes || sha != entry.sha256 {
                bail!(
                    "{name} does not match the manifest: {} bytes, SHA-256 {sha}; the manifest says {} bytes, {}",
                    bytes.len(),
                    entry.bytes,
                    entry.sha256
                );
            }
        }
        let rules: Rules = serde_json::from_slice(&read(dir, RULES)?)
            .with_context(|| format!("{RULES} is not a set of rules"))?;
        if rules.checksum() != manifest.rules_checksum {
            bail!("the rules' checksum is not the manifest's");
        }
        let jury: Vec<JuryRow> = csv_rows(dir, JURY_SCORES)?;
        let receipts = String::from_utf8(read(dir, RECEIPTS)?)?
            .lines()
            .map(str::to_owned)
            .collect();
        let publication = Publication {
            rules,
            nominations: csv_rows(dir, NOMINATIONS)?,
            ballots: csv_rows(dir, BALLOTS)?,
            batches: csv_rows(dir, PAPER_BATCHES)?,
            marks: csv_rows(dir, PAPER_MARKS)?,
            jury: jury
                .into_iter()
                .map(|r| JuryScore {
                    juror: r.juror,
                    nomination: r.nomination,
                    criterion: r.criterion,
                    score: r.score,
                })
                .collect(),
            invalidations: csv_rows(dir, INVALIDATIONS)?,
            receipts,
        };
        Ok((publication, manifest))
    }
}

/// The result of counting a published set again.
#[derive(Debug)]
pub struct Recount {
    pub results: Results,
    /// Whether the count gives the published `results.csv` byte for byte.
    pub matches: bool,
}

/// Counts the published set in `dir` again and compares with its `results.csv`.
pub fn recount(dir: &Path) -> anyhow::Result<Recount> {
    let (publication, _) = Publication::read(dir)?;
    let results = publication.count()?;
    let published = read(dir, RESULTS)?;
    let matches = results_csv(&results, &publication.nominations)? == published;
    Ok(Recount { results, matches })
}

#[derive(Serialize)]
struct ResultRow<'a> {
    group: &'a str,
    rank: u32,
    nomination: u32,
    product: &'a str,
    producer: &'a str,
    online_votes: u64,
    paper_votes: u64,
    consumer: u64,
    jury: u64,
    score: u64,
    tier: Option<u8>,
}

/// A line of `results.csv`, as read back (the results page).
#[derive(Debug, Clone, Deserialize)]
pub struct ResultLine {
    pub group: String,
    pub rank: u32,
    pub nomination: u32,
    pub product: String,
    pub producer: String,
    pub online_votes: u64,
    pub paper_votes: u64,
    pub consumer: u64,
    pub jury: u64,
    pub score: u64,
    pub tier: Option<u8>,
}

/// The lines of a `results.csv` (lines that do not read are left out: the file is ours).
pub fn parse_results(bytes: &[u8]) -> Vec<ResultLine> {
    csv::Reader::from_reader(bytes)
        .deserialize()
        .filter_map(Result::ok)
        .collect()
}

/// The results as `results.csv`.
pub fn results_csv(results: &Results, nominations: &[Nomination]) -> anyhow::Result<Vec<u8>> {
    let by_number: BTreeMap<u32, &Nomination> = nominations.iter().map(|n| (n.number, n)).collect();
    let rows = results.groups.iter().flat_map(|g| {
        g.ranking.iter().map(|p| {
            let n = by_number.get(&p.nomination);
            ResultRow {
                group: &g.group,
                rank: p.rank,
                nomination: p.nomination,
                product: n.map_or("", |n| n.product.as_str()),
                producer: n.map_or("", |n| n.producer.as_str()),
                online_votes: p.online_votes,
                paper_votes: p.paper_votes,
                consumer: p.consumer,
                jury: p.jury,
                score: p.score,
                tier: p.tier,
            }
        })
    });
    csv_bytes(rows)
}

fn read(dir: &Path, name: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

fn csv_bytes<T: Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row)?;
    }
    Ok(w.into_inner()?)
}

/// The rows of a published CSV file; a bad line is reported by its line number.
fn csv_rows<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> anyhow::Result<Vec<T>> {
    let bytes = read(dir, name)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for (i, row) in reader.deserialize().enumerate() {
        rows.push(row.with_context(|| format!("{name}, line {}", i + 2))?);
    }
    Ok(rows)
}
