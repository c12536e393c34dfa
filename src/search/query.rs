//! What a query means, the same for every backend: folded words, synonyms, the typo budget of
//! each word, and highlighting of matched words in a product name.

use super::documents::code_key;
use crate::text::fold;

/// Longest query we look at, in words and in characters per word: a 2 KB paste is cut, not
/// rejected.
pub const MAX_WORDS: usize = 12;
pub const MAX_WORD_CHARS: usize = 40;
/// Longest query still looked up as a barcode or decision number.
pub const MAX_CODE_CHARS: usize = 80;

/// Common abbreviations, folded; each expands to the words it stands for. (Places, "tp hcm"
/// or "sai gon", are understood by `places`, not expanded.)
const SYNONYMS: &[(&str, &str)] = &[
    ("hvnclc", "hang viet nam chat luong cao"),
    ("thqg", "thuong hieu quoc gia"),
];

/// Words that mean the same, folded: a query word matches its alternatives as if typed
/// (without a typo). "Chè" and "trà" are both tea: "che thai nguyen" finds "Trà Hích".
const ALTERNATIVES: &[(&str, &str)] = &[("che", "tra"), ("tra", "che")];

/// The words a query word also matches (see [`ALTERNATIVES`]).
pub fn alternatives(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    ALTERNATIVES
        .iter()
        .filter(move |(w, _)| *w == word)
        .map(|(_, alt)| *alt)
}

/// A query split into words, folded (for matching) and as typed (for exact-diacritic ranking).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analyzed {
    /// Folded words, synonyms expanded.
    pub words: Vec<String>,
    /// Lowercased words as typed, where they carry diacritics (exact matches rank first).
    pub exact: Vec<String>,
    /// Whether the last word may be a prefix (the user is still typing it).
    pub prefix_last: bool,
    /// The whole query as a barcode or decision number ([`code_key`]) when it holds a digit:
    /// a product with that code is found exactly, before anything else.
    pub code: Option<String>,
}

impl Analyzed {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words joined back, as sent to a backend that does its own tokenising.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// Splits `q` into words on anything that is not a letter or digit (so `"`, `:`, `*` and
/// other query syntax are plain separators), folds them and expands synonyms.
pub fn analyze(q: &str) -> Analyzed {
    let raw: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| {
            w.chars()
                .take(MAX_WORD_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let exact = raw.iter().filter(|w| fold(w) != **w).cloned().collect();
    let folded = raw.iter().map(|w| fold(w)).collect::<Vec<_>>().join(" ");
    let mut expanded = format!(" {folded} ");
    for (from, to) in SYNONYMS {
        expanded = expanded.replace(&format!(" {from} "), &format!(" {to} "));
    }
    let words: Vec<String> = expanded.split_whitespace().map(str::to_owned).collect();
    let ends_in_space = q.ends_with(char::is_whitespace);
    let code = code_key(q.trim());
    let code = (code.chars().any(|c| c.is_ascii_digit())
        && (3..=MAX_CODE_CHARS).contains(&code.chars().count()))
    .then_some(code);
    Analyzed {
        prefix_last: !words.is_empty() && !ends_in_space,
        words,
        exact,
        code,
    }
}

/// Typos tolerated in a word, as Meilisearch's defaults: none under 5 letters, one from 5,
/// two from 9; none in a number (a barcode must not find its neighbour; Meilisearch is set
/// the same way).
pub fn typo_budget(word: &str) -> u8 {
    if word.chars().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Damerau–Levenshtein distance with adjacent transpositions (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Whether the folded text word `word` matches query word `q` (exactly, within its typo
/// budget, or as a prefix when `prefix`).
pub fn word_matches(word: &str, q: &str, prefix: bool) -> bool {
    if word == q || (prefix && word.starts_with(q)) {
        return true;
    }
    let budget = usize::from(typo_budget(q));
    if budget == 0 {
        return false;
    }
    if prefix {
        let cut: String = word.chars().take(q.chars().count()).collect();
        if distance(&cut, q) <= budget {
            return true;
        }
    }
    distance(word, q) <= budget
}

/// A piece of a highlighted name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Splits `name` into segments, marking the words that match the query.
pub fn highlight(name: &str, query: &Analyzed) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut push = |text: &str, hit: bool| match segments.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_owned(),
            hit,
        }),
    };
    let mut rest = name;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        push(&rest[..start], false);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if end > 0 {
            let word = fold(&rest[..end]);
            let last = query.words.len().saturating_sub(1);
            let hit = query
                .words
                .iter()
                .enumerate()
                .any(|(i, q)| word_matches(&word, q, query.prefix_last && i == last));
            push(&rest[..end], hit);
        }
        rest = &rest[end..];
    }
    segments
}

/// Highlight as HTML with `<mark>`, every piece escaped: for the JSON API.
pub fn highlight_html(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        let text = s
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        if s.hit {
            out.push_str("<mark>");
            out.push_str(&text);
            out.push_str("</mark>");
        } else {
            out.push_str(&text);
        }
    }
    out
}

/// The synonyms as Meilisearch takes them: each abbreviation maps to what it stands for, with
/// and without diacritics.
pub fn synonym_table() -> std::collections::HashMap<String, Vec<String>> {
    let mut table: std::collections::HashMap<String, Vec<String>> = SYNONYMS
        .iter()
        .map(|(from, to)| ((*from).to_owned(), vec![(*to).to_owned()]))
        .collect();
    for (from, to) in ALTERNATIVES {
        table
            .entry((*from).to_owned())
            .or_default()
            .push((*to).to_owned());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_folds_splits_and_expands() {
        let a = analyze("Nước MẮM \"phú*quốc\": ");
        assert_eq!(a.words, vec!["nuoc", "mam", "phu", "quoc"]);
        assert_eq!(a.exact, vec!["nước", "mắm", "phú", "quốc"]);
        assert!(!a.prefix_last, "trailing space: last word is complete");
        assert_eq!(
            analyze("tp hcm").words,
            vec!["tp", "hcm"],
            "places are not expanded"
        );
        assert_eq!(analyze("thqg").words.len(), 4);
        assert!(analyze("\"*:").is_empty());
        assert_eq!(analyze(&"a".repeat(2048)).words[0].len(), MAX_WORD_CHARS);
        assert_eq!(
            analyze(" 123 / QĐ-UBND ").code.as_deref(),
            Some("123/qd-ubnd")
        );
        assert_eq!(analyze("nuoc mam").code, None, "no digit: not a code");
        assert_eq!(analyze(&"1".repeat(100)).code, None, "too long");
    }

    #[test]
    fn typo_budget_follows_meilisearch() {
        assert_eq!(typo_budget("gao"), 0);
        assert_eq!(typo_budget("quang"), 1);
        assert_eq!(typo_budget("phuongdong"), 2);
        assert_eq!(typo_budget("8934588012112"), 0, "no typo in a barcode");
        assert!(
            word_matches("quang", "qaung", false),
            "transposition is one typo"
        );
        assert!(
            !word_matches("mam", "mum", false),
            "no typo under 5 letters"
        );
        assert!(word_matches("trang", "tr", true));
    }

    #[test]
    fn highlight_marks_matching_words() {
        let q = analyze("nuoc mam");
        let html = highlight_html(&highlight("Nước mắm <Phú Quốc>", &q));
        assert_eq!(html, "<mark>Nước</mark> <mark>mắm</mark> &lt;Phú Quốc&gt;");
    }
}
