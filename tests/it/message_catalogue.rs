//! The message catalogue is the only source of user-facing text.
//!
//! The rule for templates (also what `.ci/code-figures.py` counts): after removing tera tags
//! (`{{ }}`, `{% %}`, `{# #}`) and `<script>`/`<style>` elements, no text between tags and no
//! `alt`, `title`, `placeholder`, `aria-label` or `label` attribute may hold a letter. Anything
//! a visitor reads therefore comes through `t()`, or is data (a product name).
//!
//! The rule for Rust: no string literal in `src/` holds a Vietnamese letter, outside comments,
//! `#[cfg(test)]` modules and the few files that are data (demo vocabulary, the award list's
//! column names, text normalisation tables), listed in `DATA_FILES`.
//!
//! And every key a template (`t(k="…")`) or Rust (`Msg::new("…")`, `.t("…")`) names
//! literally exists in the catalogue, in both languages (the unit test `i18n::tests` checks
//! the two languages hold the same keys).

use std::path::{Path, PathBuf};

use hangviet::i18n::{CATALOGUE, Locale};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("UTF-8 file")
}

/// Replaces every match of `open … close` (non-nested) with a space.
fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        out.push(' ');
        match rest[start + open.len()..].find(close) {
            Some(end) => rest = &rest[start + open.len() + end + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The literal text a visitor could read in one template, by the rule above.
fn template_literals(source: &str) -> Vec<String> {
    let mut text = source.to_owned();
    for (open, close) in [
        ("{#", "#}"),
        ("{{", "}}"),
        ("{%", "%}"),
        ("<script", "</script>"),
        ("<style", "</style>"),
    ] {
        text = strip_between(&text, open, close);
    }
    let mut found = Vec::new();
    let mut rest = text.as_str();
    loop {
        let (before, tag_and_after) = match rest.find('<') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let before = before.trim();
        if before.chars().any(char::is_alphabetic) {
            found.push(before.to_owned());
        }
        if tag_and_after.is_empty() {
            break;
        }
        let end = tag_and_after.find('>').unwrap_or(tag_and_after.len() - 1);
        let tag = &tag_and_after[..=end];
        for attr in ["alt", "title", "placeholder", "aria-label", "label"] {
            let mut search = tag;
            let needle = format!("{attr}=\"");
            while let Some(i) = search.find(&needle) {
                let preceded_by_space = i > 0 && search.as_bytes()[i - 1].is_ascii_whitespace();
                let value_start = i + needle.len();
                let value_end = search[value_start..]
                    .find('"')
                    .map_or(search.len(), |e| value_start + e);
                let value = &search[value_start..value_end];
                if preceded_by_space && value.chars().any(char::is_alphabetic) {
                    found.push(format!("{attr}=\"{value}\""));
                }
                search = &search[value_end..];
            }
        }
        rest = &tag_and_after[end + 1..];
    }
    found
}

#[test]
fn the_literal_text_rule_sees_what_a_visitor_reads() {
    let found = template_literals(
        r#"<p>Xin chào</p><p>{{ t(k="x") }}</p><img alt="Ảnh" src="/a.png">
        <input placeholder="{{ t(k="y") }}"> <span>·</span> {# Chú thích #}
        <a title="Go">{{ name }}</a><script>var s = "chữ";</script>"#,
    );
    assert_eq!(found, vec!["Xin chào", "alt=\"Ảnh\"", "title=\"Go\""]);
}

#[test]
fn templates_print_no_literal_text() {
    let mut templates = Vec::new();
    files(&root().join("templates"), "html", &mut templates);
    files(&root().join("templates"), "xml", &mut templates);
    assert!(templates.len() > 20);
    let mut offenders = Vec::new();
    for path in &templates {
        for literal in template_literals(&read(path)) {
            offenders.push(format!(
                "{}: {literal}",
                path.strip_prefix(root()).unwrap_or(path).display()
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "{} literal texts in templates (use t()):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// Files whose Vietnamese string literals are data, not messages.
const DATA_FILES: &[&str] = &[
    "src/demo/",         // demo catalogue: product names, descriptions, articles
    "src/text.rs",       // folding tables for search and slugs
    "src/search/",       // word lists of the search analyser (places, word pairs)
    "src/import/csv.rs", // the award list's column names, as officials write them
];

fn is_vietnamese_letter(c: char) -> bool {
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
        .contains(c.to_lowercase().next().unwrap_or(c))
}

/// String literals of a Rust file (with the line each starts on), outside comments and
/// `#[cfg(test)]` modules. Enough of Rust's lexing for this: line comments, char literals
/// such as `'"'`, escapes and `r#"…"#` raw strings.
fn rust_literals(source: &str) -> Vec<(usize, String)> {
    let code = match source.find("#[cfg(test)]") {
        Some(i) => &source[..i],
        None => source,
    };
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        match chars[i] {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 3,
            'r' if chars.get(i + 1) == Some(&'#') && chars.get(i + 2) == Some(&'"') => {
                let (start, mut text) = (line, String::new());
                i += 3;
                while i < chars.len() && !(chars[i] == '"' && chars.get(i + 1) == Some(&'#')) {
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                    i += 1;
                }
                found.push((start, text));
                i += 1;
            }
            '"' => {
                let (start, mut text) = (line, String::new());
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if let Some(&c) = chars.get(i) {
                        line += usize::from(c == '\n');
                        text.push(c);
                    }
                    i += 1;
                }
                found.push((start, text));
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[test]
fn rust_code_holds_no_vietnamese_messages() {
    let mut sources = Vec::new();
    files(&root().join("src"), "rs", &mut sources);
    let mut offenders = Vec::new();
    for path in &sources {
        let relative = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        if DATA_FILES.iter().any(|d| relative.starts_with(d)) {
            continue;
        }
        for (line, literal) in rust_literals(&read(path)) {
            if literal.chars().any(is_vietnamese_letter) {
                offenders.push(format!("{relative}:{line}: {literal}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "{} Vietnamese string literals in src (move them to assets/locales):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// Keys named literally after `marker` (e.g. `t(k="`) in `text`.
fn keys_after(text: &str, marker: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        rest = &rest[i + marker.len()..];
        let end = rest.find('"').unwrap_or(0);
        let key = &rest[..end];
        // A key ending in '-' is a prefix completed at run time (`t(k="award-about-" ~ slug)`).
        if !key.is_empty()
            && !key.ends_with('-')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            keys.push(key.to_owned());
        }
    }
    keys
}

#[test]
fn every_key_named_in_code_or_templates_exists_in_both_languages() {
    let mut named = Vec::new();
    let mut templates = Vec::new();
    files(&root().join("templates"), "html", &mut templates);
    files(&root().join("templates"), "xml", &mut templates);
    for path in &templates {
        for key in keys_after(&read(path), "t(k=\"") {
            named.push((path.clone(), key));
        }
    }
    let mut sources = Vec::new();
    files(&root().join("src"), "rs", &mut sources);
    for path in &sources {
        let text = read(path);
        for marker in ["Msg::new(\"", ".t(\""] {
            for key in keys_after(&text, marker) {
                named.push((path.clone(), key));
            }
        }
    }
    assert!(named.len() > 20, "the scan found the keys");
    let mut missing = Vec::new();
    for (path, key) in &named {
        for locale in Locale::ALL {
            if !CATALOGUE.has(locale, key) {
                missing.push(format!(
                    "{}: {key} (no {} message)",
                    path.strip_prefix(root()).unwrap_or(path).display(),
                    locale.code()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "unknown keys:\n{}", missing.join("\n"));
}
