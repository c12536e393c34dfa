//! Relevance as a measured property: judged queries (`tests/relevance/judged.tsv`), the
//! measures (precision@5, nDCG@10, top-10 agreement of two backends), generated queries over
//! any catalogue, and the report `hangviet search-eval` prints. The test suite runs the same
//! code (`tests/it/relevance.rs`), so the figures in the report are the figures it checks.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use anyhow::Context;

use super::{SearchFilters, SearchService};
use crate::db::Db;
use crate::db::models::{PageRequest, Product};
use crate::reference::CardContext;
use crate::text::fold;

/// Results looked at per query: nDCG and agreement at 10.
pub const DEPTH: usize = 10;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The kind of query ("place-new", "typo", …): figures are given per kind.
    pub kind: String,
    pub query: String,
    /// Slugs of the right answers.
    pub relevant: Vec<String>,
}

/// Reads the judged file: `kind<TAB>query<TAB>slug slug …` per line; `#` starts a comment.
/// A malformed line is an error naming its line number.
pub fn parse_judged(text: &str) -> anyhow::Result<Vec<Judged>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(kind), Some(query), Some(slugs), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            anyhow::bail!(
                "line {}: expected kind, query and answers separated by tabs",
                i + 1
            );
        };
        let relevant: Vec<String> = slugs.split_whitespace().map(str::to_owned).collect();
        anyhow::ensure!(!relevant.is_empty(), "line {}: no right answer", i + 1);
        out.push(Judged {
            kind: kind.trim().to_owned(),
            query: query.to_owned(),
            relevant,
        });
    }
    Ok(out)
}

/// Right answers among the first 5, out of as many as there can be (5, or fewer when fewer
/// answers are right): 1.0 when the top of the list is all right answers.
pub fn precision_at_5(ranked: &[String], relevant: &[String]) -> f64 {
    let k = 5.min(relevant.len());
    if k == 0 {
        return 1.0;
    }
    let hits = ranked
        .iter()
        .take(5)
        .filter(|s| relevant.contains(s))
        .count();
    hits as f64 / k as f64
}

/// Normalised discounted cumulative gain at 10, binary gains.
pub fn ndcg_at_10(ranked: &[String], relevant: &[String]) -> f64 {
    let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(DEPTH)
        .enumerate()
        .filter(|(_, s)| relevant.contains(s))
        .map(|(i, _)| gain(i))
        .sum();
    let ideal: f64 = (0..relevant.len().min(DEPTH)).map(gain).sum();
    if ideal == 0.0 { 1.0 } else { dcg / ideal }
}

/// Share of the top 10 two backends have in common (of the longer list); two empty lists
/// agree.
pub fn agreement(a: &[String], b: &[String]) -> f64 {
    let a: HashSet<&String> = a.iter().take(DEPTH).collect();
    let b: HashSet<&String> = b.iter().take(DEPTH).collect();
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / longer as f64
}

/// The first 10 slugs `service` answers for `q` (no filter, relevance order). An answer from
/// the database fallback is an error: it would measure the fallback, not the backend.
pub async fn top(
    service: &SearchService,
    db: &Db,
    ctx: std::sync::Arc<CardContext>,
    q: &str,
) -> anyhow::Result<Vec<String>> {
    let answer = service
        .search(
            db,
            ctx,
            q,
            SearchFilters::default(),
            PageRequest::new(1, DEPTH as i64),
        )
        .await
        .map_err(|e| anyhow::anyhow!("search {q:?}: {e}"))?;
    anyhow::ensure!(
        !answer.degraded,
        "search {q:?} was answered by the database fallback, not by the {} backend",
        service.backend_name()
    );
    Ok(answer.docs.into_iter().map(|d| d.slug).collect())
}

/// Mean precision@5 and nDCG@10 of one backend, per kind and over all queries.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// kind → (queries, sum of P@5, sum of nDCG@10).
    by_kind: BTreeMap<String, (usize, f64, f64)>,
    /// Queries whose top 5 holds a wrong answer while a right one is missing, for reading.
    pub misses: Vec<(String, Vec<String>)>,
}

impl Scores {
    fn add(&mut self, kind: &str, p5: f64, ndcg: f64) {
        let e = self.by_kind.entry(kind.to_owned()).or_default();
        e.0 += 1;
        e.1 += p5;
        e.2 += ndcg;
    }

    /// (P@5, nDCG@10) over every query.
    pub fn overall(&self) -> (f64, f64) {
        let (n, p, g) = self
            .by_kind
            .values()
            .fold((0, 0.0, 0.0), |a, e| (a.0 + e.0, a.1 + e.1, a.2 + e.2));
        if n == 0 {
            return (0.0, 0.0);
        }
        (p / n as f64, g / n as f64)
    }

    /// (kind, queries, P@5, nDCG@10), kinds in name order.
    pub fn kinds(&self) -> Vec<(String, usize, f64, f64)> {
        self.by_kind
            .iter()
            .map(|(k, (n, p, g))| (k.clone(), *n, p / *n as f64, g / *n as f64))
            .collect()
    }
}

/// Runs every judged query on `service`; returns the scores and each query's top 10.
pub async fn score(
    service: &SearchService,
    db: &Db,
    ctx: std::sync::Arc<CardContext>,
    judged: &[Judged],
) -> anyhow::Result<(Scores, Vec<Vec<String>>)> {
    let mut scores = Scores::default();
    let mut tops = Vec::with_capacity(judged.len());
    for j in judged {
        let ranked = top(service, db, ctx.clone(), &j.query).await?;
        let p5 = precision_at_5(&ranked, &j.relevant);
        scores.add(&j.kind, p5, ndcg_at_10(&ranked, &j.relevant));
        if p5 < 1.0 {
            scores.misses.push((j.query.clone(), ranked.clone()));
        }
        tops.push(ranked);
    }
    Ok((scores, tops))
}

/// Mean agreement of two lists of top 10s, per kind (`kinds[i]` of query i) and overall.
pub fn agreement_by_kind(
    kinds: &[String],
    a: &[Vec<String>],
    b: &[Vec<String>],
) -> (BTreeMap<String, f64>, f64) {
    let mut sums: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for ((kind, a), b) in kinds.iter().zip(a).zip(b) {
        let e = sums.entry(kind.clone()).or_default();
        e.0 += 1;
        e.1 += agreement(a, b);
    }
    let (n, total) = sums.values().fold((0, 0.0), |s, e| (s.0 + e.0, s.1 + e.1));
    let by_kind = sums
        .into_iter()
        .map(|(k, (n, s))| (k, s / n as f64))
        .collect();
    (by_kind, if n == 0 { 1.0 } else { total / n as f64 })
}

/// A small deterministic generator (SplitMix64): the same queries on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// `n` queries as citizens type them, made from the published catalogue (a sample of up to
/// 5,000 products spread over it): one word of a name, two adjacent words, a word and a
/// province, a word with a typo, a half-typed word, a maker's word; folded or with diacritics.
/// Returns (kind, query) pairs.
pub fn generate(
    conn: &mut crate::db::DbConnection,
    ctx: &CardContext,
    n: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let total = Product::count_published(conn)?;
    let stride = i32::try_from((total / 5_000).max(1)).unwrap_or(1);
    let mut ids = Vec::new();
    let mut after = 0;
    while ids.len() < 5_000 {
        let batch = Product::published_ids_after(conn, after, 1000)?;
        let Some(last) = batch.last() else { break };
        after = *last;
        ids.extend(
            batch
                .into_iter()
                .step_by(usize::try_from(stride).unwrap_or(1)),
        );
    }
    let products = Product::published_by_ids(conn, &ids)?;
    anyhow::ensure!(
        !products.is_empty(),
        "no published product to make queries from"
    );
    let provinces: Vec<String> = ctx
        .provinces
        .provinces
        .iter()
        .map(|p| p.name.clone())
        .chain(ctx.provinces.aliases.iter().map(|a| a.name.clone()))
        .collect();
    let mut rng = Rng(0x5EA2C4);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let p = &products[rng.below(products.len())];
        let words: Vec<&str> = p
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .collect();
        if words.is_empty() {
            continue;
        }
        let i = rng.below(words.len());
        let pair = |j: usize| {
            words
                .get(j + 1)
                .map(|next| format!("{} {next}", words[j]))
                .unwrap_or_else(|| words[j].to_owned())
        };
        let (kind, q) = match rng.below(6) {
            0 => ("word", words[i].to_owned()),
            1 => ("pair", pair(i)),
            2 => (
                "type+place",
                format!("{} {}", pair(i), provinces[rng.below(provinces.len())]),
            ),
            3 => {
                let Some(w) = words.iter().find(|w| w.chars().count() >= 5) else {
                    continue;
                };
                let mut chars: Vec<char> = w.chars().collect();
                let k = 1 + rng.below(chars.len() - 2);
                chars.swap(k, k + 1);
                ("typo", chars.into_iter().collect())
            }
            4 => {
                let w: Vec<char> = words[i].chars().collect();
                let cut: String = w[..w.len().div_ceil(2).max(2).min(w.len())]
                    .iter()
                    .collect();
                let q = if i > 0 {
                    format!("{} {cut}", words[i - 1])
                } else {
                    cut
                };
                ("prefix", q)
            }
            _ => {
                let maker: Vec<&str> = p.brand.split_whitespace().collect();
                if maker.is_empty() {
                    continue;
                }
                ("brand", maker.join(" "))
            }
        };
        // Half are typed without diacritics, as on a phone keyboard without them.
        let q = if rng.below(2) == 0 { fold(&q) } else { q };
        out.push((kind.to_owned(), q));
    }
    Ok(out)
}

/// The report `search-eval` prints: per backend, P@5 and nDCG@10 by kind; the agreement of
/// the two backends by kind; the agreement on generated queries.
pub fn report(
    backends: &[(&str, &Scores)],
    agreement: Option<&(BTreeMap<String, f64>, f64)>,
    generated: Option<&(BTreeMap<String, f64>, f64, usize)>,
) -> String {
    let mut out = String::new();
    for (name, scores) in backends {
        let _ = writeln!(out, "{name}: precision@5 / nDCG@10 by kind of query");
        for (kind, n, p, g) in scores.kinds() {
            let _ = writeln!(
                out,
                "  {kind:<12} {n:>4} queries  P@5 {p:.3}  nDCG@10 {g:.3}"
            );
        }
        let (p, g) = scores.overall();
        let _ = writeln!(
            out,
            "  {:<12} {:>4} queries  P@5 {p:.3}  nDCG@10 {g:.3}",
            "all",
            scores.kinds().iter().map(|k| k.1).sum::<usize>()
        );
    }
    if let Some((by_kind, all)) = agreement {
        let _ = writeln!(
            out,
            "top-10 agreement of the backends on the judged queries"
        );
        for (kind, a) in by_kind {
            let _ = writeln!(out, "  {kind:<12} {a:.3}");
        }
        let _ = writeln!(out, "  {:<12} {all:.3}", "all");
    }
    if let Some((by_kind, all, n)) = generated {
        let _ = writeln!(out, "top-10 agreement on {n} generated queries");
        for (kind, a) in by_kind {
            let _ = writeln!(out, "  {kind:<12} {a:.3}");
        }
        let _ = writeln!(out, "  {:<12} {all:.3}", "all");
    }
    out
}

/// Reads the judged file at `path`.
pub fn read_judged(path: &std::path::Path) -> anyhow::Result<Vec<Judged>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_judged(&text).with_context(|| format!("in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn measures() {
        let rel = s(&["a", "b"]);
        assert_eq!(precision_at_5(&s(&["a", "x", "b"]), &rel), 1.0);
        assert_eq!(
            precision_at_5(&s(&["x", "y", "z", "w", "v", "a"]), &rel),
            0.0
        );
        assert_eq!(precision_at_5(&s(&["a"]), &rel), 0.5);
        assert!((ndcg_at_10(&s(&["a", "b"]), &rel) - 1.0).abs() < 1e-9);
        assert!(ndcg_at_10(&s(&["x", "a", "b"]), &rel) < 1.0);
        assert_eq!(agreement(&s(&["a", "b"]), &s(&["b", "a"])), 1.0);
        assert_eq!(agreement(&s(&["a", "b"]), &s(&["b"])), 0.5);
        assert_eq!(agreement(&[], &[]), 1.0);
    }

    #[test]
    fn judged_lines_are_checked() {
        let j = parse_judged("# c\npair\tnuoc mam\ta b\n").expect("parse");
        assert_eq!(j[0].relevant, s(&["a", "b"]));
        let err = parse_judged("# c\n\npair\tnuoc mam\n").expect_err("two fields");
        assert!(format!("{err}").contains("line 3"), "{err}");
        assert!(parse_judged("pair\tq\t \n").is_err(), "no answer");
    }
}
