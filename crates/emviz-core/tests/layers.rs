//! The core's modules stand in layers (the table "Layers" in `src/lib.rs`): a module imports only
//! from its own layer and the layers below it, and no modules import each other in a circle.
//!
//! This test reads that table, then every `crate::` path in `src/**/*.rs` (a path through a name
//! that `lib.rs` re-exports counts as a path into the module it comes from; `super::` in a
//! top-level module is `crate::`), leaving out comments, string literals and in-file test modules
//! (from `#[cfg(test)]` on: tests may reach anywhere). A module of several files (`error/`) is one
//! module. It fails on a module missing from the table, on a path into a higher layer, and on any
//! circle of imports, naming the files and paths.

mod source_text;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use source_text::{lex, Language};

/// `src/` of this crate.
fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn modules_import_only_their_layer_and_below_and_never_in_a_circle() {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let layers = layer_table(&lib);
    assert!(
        layers.len() > 10,
        "the layer table of lib.rs was not found: {layers:?}"
    );
    let reexports = reexports(&code(&lib));
    let mut problems = Vec::new();
    let files = module_files(&src());
    for module in files.keys() {
        if !layers.contains_key(module) {
            problems.push(format!("module `{module}` has no layer in lib.rs's table"));
        }
    }
    for module in layers.keys() {
        if !files.contains_key(module) {
            problems.push(format!(
                "lib.rs's table names `{module}`, which is no module"
            ));
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, paths) in &files {
        for path in paths {
            let text = fs::read_to_string(path).unwrap();
            let top_level = path.parent() == Some(src().as_path());
            for used in imported_modules(&code(&text), top_level, &reexports, &files) {
                if &used == module {
                    continue;
                }
                if let (Some(from), Some(to)) = (layers.get(module), layers.get(&used)) {
                    if to > from {
                        problems.push(format!(
                            "{} (layer {from}) imports `{used}` (layer {to}): a higher layer",
                            path.strip_prefix(src().parent().unwrap())
                                .unwrap()
                                .display()
                        ));
                    }
                }
                edges.entry(module.clone()).or_default().insert(used);
            }
        }
    }
    for circle in circles(&edges) {
        problems.push(format!("import circle: {}", circle.join(" → ")));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Layer number of every module, from the rows `| n | `a`, `b` | … |` of lib.rs's table.
fn layer_table(lib: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.strip_prefix("//! |") else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Ok(layer) = cells[0].parse::<u32>() else {
            continue;
        };
        for name in cells.get(1).unwrap_or(&"").split(',') {
            let name = name.trim().trim_matches('`');
            if !name.is_empty() {
                out.insert(name.to_owned(), layer);
            }
        }
    }
    out
}

/// The files of every top-level module of `src/` (`a.rs`, or `a/mod.rs` and `a/*.rs`).
fn module_files(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            let mut files = Vec::new();
            collect_rs(&path, &mut files);
            out.entry(name).or_default().extend(files);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
            out.entry(name).or_default().push(path);
        }
    }
    out
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Rust source without comments and literals, and without its in-file tests.
fn code(text: &str) -> String {
    lex(text, Language::Rust).code
}

/// The names `lib.rs` re-exports (`pub use module::{A, B};`), each with its module.
fn reexports(lib_code: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in lib_code.split(';') {
        let stmt = stmt.trim();
        let Some(path) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        let path: String = path.split_whitespace().collect();
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        let names = rest.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',').filter(|n| !n.is_empty()) {
            let name = name.rsplit("::").next().unwrap();
            out.insert(name.to_owned(), module.to_owned());
        }
    }
    out
}

/// The top-level modules the `crate::` paths of `code` go into (a re-exported name counts as
/// its module). `top_level`: the file is a top-level module, whose `super::` is the crate.
fn imported_modules(
    code: &str,
    top_level: bool,
    reexports: &BTreeMap<String, String>,
    modules: &BTreeMap<String, Vec<PathBuf>>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut roots = vec!["crate::"];
    if top_level {
        roots.push("super::");
    }
    for root in roots {
        for (at, _) in code.match_indices(root) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for first in first_segments(&code[at + root.len()..]) {
                let module = if modules.contains_key(&first) {
                    Some(first)
                } else {
                    reexports.get(&first).cloned()
                };
                out.extend(module);
            }
        }
    }
    out
}

/// The first segment of a path (`a` of `a::b`), or of every path of a group (`{a::B, c}`).
fn first_segments(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = rest.strip_prefix('{') {
        // The group's top-level items, up to its closing brace.
        let mut depth = 0;
        let mut items = vec![String::new()];
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(String::new());
                    continue;
                }
                _ => {}
            }
            items.last_mut().unwrap().push(c);
        }
        items
            .iter()
            .map(|i| ident(i.trim()))
            .filter(|i| !i.is_empty())
            .collect()
    } else {
        vec![ident(rest)]
    }
}

/// Every circle of the import graph: its strongly connected components of more than one module
/// (Tarjan), each as a path that comes back to its start.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(w);
                    component.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    let first = component[0].clone();
                    component.push(first);
                    self.out.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.out
}

/// The reader itself: paths in groups and through re-exports are found; comments, strings,
/// character literals and test modules are not read.
#[test]
fn the_reader_finds_paths_and_only_paths() {
    let modules: BTreeMap<String, Vec<PathBuf>> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|m| (m.to_string(), Vec::new()))
        .collect();
    let reexports = reexports(&code("pub use e::{Thing, other::Deep};\npub use d::One;"));
    assert_eq!(reexports["Thing"], "e");
    assert_eq!(reexports["Deep"], "e");
    let text = r##"
        use crate::{a::X, b};
        // use crate::c;
        /* crate::c */
        let s = "crate::c"; let r = r#"crate::c"#; let q = '"'; let l: &'static str = "";
        fn f() -> crate::Thing { crate::One }
        #[cfg(test)]
        mod tests { use crate::c; }
    "##;
    let found = imported_modules(&code(text), false, &reexports, &modules);
    let want: BTreeSet<String> = ["a", "b", "d", "e"].iter().map(|s| s.to_string()).collect();
    assert_eq!(found, want);
    let up = imported_modules(&code("use super::c::Y;"), true, &reexports, &modules);
    assert!(
        up.contains("c"),
        "a top-level module's super:: is the crate"
    );
}

#[test]
fn a_circle_is_found_and_named() {
    let edge = |a: &str, b: &str| (a.to_string(), b.to_string());
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [
        edge("em", "fused"),
        edge("fused", "stats"),
        edge("stats", "em"),
        edge("fit", "em"),
    ] {
        edges.entry(a).or_default().insert(b);
    }
    assert_eq!(circles(&edges), vec![vec!["em", "fused", "stats", "em"]]);
    edges.get_mut("stats").unwrap().clear();
    assert!(circles(&edges).is_empty());
}
