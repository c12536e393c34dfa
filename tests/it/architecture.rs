//! The crate's top-level modules (`src/<name>.rs`, `src/<name>/`) depend on each other without
//! a cycle, so each layer can be read, tested and changed on its own: the services (`db`,
//! `search`, `media`, `page_cache`, …) know nothing of the application state, the state
//! (`app`) nothing of the handlers, the views nothing of the handlers.
//!
//! The check reads every `src/**/*.rs` file, takes the modules it names as `crate::name`
//! (`use crate::{a, b::c}` groups included) and, in a top-level module's own file, as
//! `super::name`, and draws an edge from the file's top-level module to each other top-level
//! module named. Comment lines are skipped. A cycle fails the test with the edges that form it
//! and the files behind each. `cargo test --test it architecture -- --nocapture` prints the
//! whole graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `from → to → files that make the edge`.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules: `src/x.rs` and `src/x/` (the crate roots left out).
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .expect("src is readable")
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            let module = path.is_dir() || path.extension().is_some_and(|x| x == "rs");
            (module && name != "lib" && name != "main").then_some(name)
        })
        .collect()
}

/// The identifiers that follow `prefix` in `code`: `crate::a`, and each item of
/// `crate::{a, b::c}`.
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '$')) {
            continue; // `$crate::`, `foo_crate::`, `a::crate::`
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(group.split(',').map(ident));
        } else {
            names.insert(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The graph of `src`'s top-level modules.
fn module_graph(src: &Path) -> Graph {
    let tops = top_level_modules(src);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src").to_path_buf();
        let mut parts: Vec<String> = relative
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let Some(top) = parts.first().cloned() else {
            continue;
        };
        if !tops.contains(&top) {
            continue; // lib.rs, main.rs
        }
        let text = std::fs::read_to_string(&file).expect("source is readable");
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut names = named_after(&code, "crate::");
        if parts.len() == 1 {
            // In `src/x.rs` or `src/x/mod.rs`, `super::` is the crate root.
            names.extend(named_after(&code, "super::"));
        }
        for name in names {
            if name != top && tops.contains(&name) {
                graph
                    .entry(top.clone())
                    .or_default()
                    .entry(name)
                    .or_default()
                    .insert(relative.display().to_string());
            }
        }
    }
    graph
}

/// The modules on a cycle, each cycle as the path that closes it (`a → b → a`).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            found.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            visit(next, graph, path, done, found);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    for (from, edges) in &graph {
        let to: Vec<&str> = edges.keys().map(String::as_str).collect();
        println!("{from} → {}", to.join(", "));
    }
    let found = cycles(&graph);
    let explain: Vec<String> = found
        .iter()
        .map(|cycle| {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let files: Vec<&str> = graph[&w[0]][&w[1]].iter().map(String::as_str).collect();
                    format!("  {} → {} ({})", w[0], w[1], files.join(", "))
                })
                .collect();
            format!("{}\n{}", cycle.join(" → "), steps.join("\n"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "cycles among src's top-level modules:\n{}",
        explain.join("\n")
    );
}

#[test]
fn the_check_sees_paths_groups_and_cycles() {
    assert_eq!(
        named_after(
            "use crate::{app::AppState, db};\nlet x = crate::views::render(); $crate::no",
            "crate::"
        ),
        ["app", "db", "views"].map(str::to_owned).into()
    );
    let mut graph = Graph::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph
            .entry(a.to_owned())
            .or_default()
            .entry(b.to_owned())
            .or_default()
            .insert(format!("{a}.rs"));
    }
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "c", "a"]]);
    graph.get_mut("c").map(|edges| edges.remove("a"));
    assert!(cycles(&graph).is_empty());
}
