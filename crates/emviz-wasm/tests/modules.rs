//! No import circle between the top-level modules of emviz-app or of emviz-wasm: every
//! `crate::module` path in a module's code (comments and tests left out: a module's tests may use
//! anything) is an edge from that module to the other, and the graph has no cycle — so each module
//! can be read, tested and changed with only the modules below it in mind.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level module a file belongs to (`app` for src/app.rs, `bindings` for
/// src/bindings/run.rs); None for the crate root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?.trim_end_matches(".rs");
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules a text names with `crate::` (in `use` lines or inline paths, also
/// grouped: `crate::{a, b::c}`), comments and the tests at its end (`#[cfg(test)]`) left out.
fn references(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            found.extend(inner.split(',').map(ident));
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// The module graph of the crate whose sources are in `src`: module → modules it names.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(src) {
        let test_only = ["tests.rs", "by_hand.rs"].map(std::ffi::OsStr::new);
        let Some(module) = module_of(src, &file) else {
            continue;
        };
        if file.file_name().is_some_and(|f| test_only.contains(&f)) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a source file");
        let to = edges.entry(module.clone()).or_default();
        to.extend(references(&text).into_iter().filter(|m| *m != module));
    }
    edges
}

/// A cycle of the graph, as the modules along it, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|m| visit(m, edges, &mut Vec::new(), &mut done))
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn references_are_read_from_paths_not_comments() {
    let text = "use crate::app::App;\nuse crate::{rules, settings::Start};\n\
                // crate::page is only mentioned\nlet v = crate::view::View::default();\n\
                #[cfg(test)]\nmod tests { use crate::share; }";
    let found: Vec<String> = references(text).into_iter().collect();
    assert_eq!(found, ["app", "rules", "settings", "view"]);
    let edges = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        cycle(&edges),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

#[test]
fn the_app_and_the_binding_have_no_import_circle() {
    for name in ["emviz-app", "emviz-wasm"] {
        let edges = graph(&crate_src(name));
        assert!(edges.len() >= 3, "{name}: modules found");
        if let Some(c) = cycle(&edges) {
            panic!("{name}: import circle {}", c.join(" → "));
        }
    }
}
