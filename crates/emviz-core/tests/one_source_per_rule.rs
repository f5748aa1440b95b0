//! One source per rule: the rules of a setting are defined once, in `crates/emviz-core/src/
//! rules.rs`, and everything else reads them there. This test scans the sources of [`SCANNED`]
//! for a copy and fails on each, naming the file, the line and the rule:
//!
//! * a string literal that is a rule's name or alias — a covariance type (`"spherical"`), one of
//!   mclust's models (`"VEV"`), a start (`"kmeans++"`, `"k-means++"`) — or a default written as
//!   text (`"1e-4"`);
//! * in code, the seed's range written out (`1 << 53`, `2 ** 53`, `9007199254740992`);
//! * in code, a constant named like the largest K (`MAX_K`, `K_MAX`) given a number.
//!
//! The literals come from the rules themselves, so a new name or alias is looked for at once.
//! Comments are not read (prose may name a type), nor Rust tests, in-file or in a test module's
//! own file (`#[cfg(test)] mod tests;`): tests spell inputs out on purpose. [`ALLOWED`] (the core
//! and the CLI) and [`ALLOWED_PAGE`] (the app, the binding and `www/js`) list the few literals that
//! are the same text as a rule but not the rule, each with why. [`SCANNED`] holds the core, the
//! CLI, the page's Rust (emviz-app, emviz-wasm) and its JavaScript; to take in the Python package,
//! add its directory: Python is read as well as Rust and JavaScript.

mod source_text;

use std::fs;
use std::path::{Path, PathBuf};

use emviz_core::rules::{
    CovarianceType, InitKind, ModelName, WeightPrior, DEFAULTS, K_MAX, SEED_MAX,
};
use source_text::{lex, test_modules, Language};

/// The directories scanned, relative to the workspace root (every `.rs`, `.js`, `.mjs` and `.py`
/// file under them).
const SCANNED: &[&str] = &[
    "crates/emviz-core/src",
    "crates/emviz-cli/src",
    "crates/emviz-py/src",
    "crates/emviz-py/python",
    "crates/emviz-app/src",
    "crates/emviz-wasm/src",
    "www/js",
];

/// The one file where the rules are written.
const HOME: &str = "crates/emviz-core/src/rules.rs";

/// Literals that are a rule's text but not the rule: (file, literal, why).
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "crates/emviz-core/src/error/english.rs",
        "means",
        "the parameter an error is about (the given means of a start), as its message names it",
    ),
    (
        "crates/emviz-cli/src/args.rs",
        "means",
        "clap's id of the --means argument, which --covariances and --weights require",
    ),
    (
        "crates/emviz-cli/src/commands/sample.rs",
        "means",
        "a key of the model JSON (scikit-learn's means_)",
    ),
    (
        "crates/emviz-py/python/emviz/mixture.py",
        "k-means++",
        "scikit-learn's init_params value (its API, which the estimator keeps), not emviz's start",
    ),
    (
        "crates/emviz-py/python/emviz/mixture.py",
        "random",
        "scikit-learn's init_params value: random responsibilities, not emviz's start of that name",
    ),
    (
        "crates/emviz-py/python/emviz/widget.py",
        "means",
        "a key of the page's state (Session.state()), not the start of that name",
    ),
    (
        "crates/emviz-py/python/emviz/_rules.py",
        "book",
        "the key of the book's start in the rules (emviz._core.RULES), read there",
    ),
];

/// Why the wire type `Init` spells the page's starts: serde's names are what tsify writes into the
/// TypeScript union `Init` that `tsc` holds the page's JavaScript to, and an attribute takes only
/// a literal; `wire::tests` checks each is the core's name (`InitKind::name`).
const WIRE_INIT: &str = "the wire format's name of a start (wire::Init), checked against \
                         InitKind::name by wire::tests";

/// Why `www/js/strings.js` holds a name: it is the words an option shows people in that
/// language (the name as scikit-learn and prose write it); the options' values and their order
/// come from `Session.rules()`.
const WORDS: &str = "the words an option shows people; its value and order are Session.rules()'";

/// The page's literals that are a rule's text but not the rule.
const ALLOWED_PAGE: &[(&str, &str, &str)] = &[
    ("crates/emviz-wasm/src/wire/mod.rs", "book", WIRE_INIT),
    ("crates/emviz-wasm/src/wire/mod.rs", "kmeans++", WIRE_INIT),
    ("crates/emviz-wasm/src/wire/mod.rs", "random", WIRE_INIT),
    ("www/js/strings.js", "full", WORDS),
    ("www/js/strings.js", "diag", WORDS),
    ("www/js/strings.js", "spherical", WORDS),
    ("www/js/strings.js", "tied", WORDS),
    ("www/js/strings.js", "k-means++", WORDS),
    (
        "www/js/features/observe.js",
        "random",
        "a value of the wire type Init (tsc checks it against the declaration generated from \
         wire::Init): the panel's Play starts from random points",
    ),
    (
        "www/js/features/book.js",
        "book",
        "the name of the chapter's panel about the book's code, not the start",
    ),
];

/// Every allowed literal: the core's and the CLI's, then the page's.
fn allowed() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    ALLOWED.iter().chain(ALLOWED_PAGE)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The rules' texts a string literal must not repeat, each with what it is.
fn rule_literals() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in CovarianceType::ALL {
        for name in std::iter::once(t.name()).chain(t.aliases().iter().copied()) {
            out.push((name.to_owned(), format!("the covariance type {t}")));
        }
    }
    for m in ModelName::ALL {
        out.push((m.name().to_owned(), format!("mclust's model {m}")));
    }
    for kind in InitKind::ALL {
        for name in std::iter::once(kind.name()).chain(kind.aliases().iter().copied()) {
            out.push((name.to_owned(), format!("the start {kind}")));
        }
    }
    for prior in WeightPrior::ALL {
        for name in std::iter::once(prior.name()).chain(prior.aliases().iter().copied()) {
            out.push((name.to_owned(), format!("the weight prior {prior}")));
        }
    }
    out.push((format!("{:e}", DEFAULTS.tol), "the default tol".to_owned()));
    out.push((
        format!("{:e}", DEFAULTS.reg_covar),
        "the default reg_covar".to_owned(),
    ));
    out
}

/// The seed's range written out in code.
fn seed_spellings() -> Vec<String> {
    let bits = SEED_MAX.trailing_zeros();
    vec![
        format!("1 << {bits}"),
        format!("1<<{bits}"),
        format!("2 ** {bits}"),
        format!("2**{bits}"),
        SEED_MAX.to_string(),
        SEED_MAX
            .to_string()
            .as_bytes()
            .rchunks(3)
            .rev()
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("_"),
    ]
}

/// Copies in one file's text (`file` as named in messages and in [`ALLOWED`]).
fn copies_in(file: &str, text: &str, language: Language) -> Vec<String> {
    let lexed = lex(text, language);
    let mut found = Vec::new();
    let literals = rule_literals();
    for (line, s) in &lexed.strings {
        for (literal, what) in &literals {
            let allowed = allowed().any(|(f, l, _)| *f == file && l == literal);
            if s == literal && !allowed {
                found.push(format!(
                    "{file}:{line}: \"{s}\" spells {what}: use emviz_core::rules"
                ));
            }
        }
    }
    for (n, code_line) in lexed.code.lines().enumerate() {
        let line = n + 1;
        for spelling in seed_spellings() {
            if code_line.contains(&spelling) {
                found.push(format!(
                    "{file}:{line}: `{spelling}` spells the seed's range: use rules::SEED_MAX"
                ));
            }
        }
        if let Some(name) = k_max_constant(code_line) {
            found.push(format!(
                "{file}:{line}: `{name}` spells the largest K ({K_MAX}): use rules::K_MAX"
            ));
        }
    }
    found
}

/// A constant named like the largest K and given a number on this line (`MAX_K: usize = 10`,
/// `JOB_MAX_K = 10`, `const K_MAX = 10`), if any.
fn k_max_constant(line: &str) -> Option<String> {
    let mut rest = line;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let word_len = rest[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        let after = &rest[start + word_len..];
        let upper = word.to_ascii_uppercase();
        if upper.contains("MAX_K") || upper.contains("K_MAX") {
            // `: Type` may stand between the name and `=`.
            if let Some((between, value)) = after.split_once('=') {
                let typed = between.trim().is_empty() || between.trim_start().starts_with(':');
                let number = value.trim_start().starts_with(|c: char| c.is_ascii_digit());
                if typed && number && !between.contains(['(', ',', '=']) {
                    return Some(word.to_owned());
                }
            }
        }
        rest = after;
    }
    None
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else if Language::of(&path).is_some() {
            out.push(path);
        }
    }
}

/// The files of the test modules `files` declare with `#[cfg(test)] mod name;`.
fn test_module_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in files {
        if Language::of(path) != Some(Language::Rust) {
            continue;
        }
        let dir = path.parent().unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        // `mod.rs`, `lib.rs` and `main.rs` hold their children beside them; `x.rs` in `x/`.
        let home = match stem {
            "mod" | "lib" | "main" => dir.to_path_buf(),
            _ => dir.join(stem),
        };
        for name in test_modules(&fs::read_to_string(path).unwrap()) {
            out.push(home.join(format!("{name}.rs")));
            out.push(home.join(&name).join("mod.rs"));
        }
    }
    out
}

#[test]
fn no_rule_is_spelled_outside_the_rules() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in SCANNED {
        files_under(&root.join(dir), &mut files);
    }
    let tests = test_module_files(&files);
    files.retain(|f| !tests.contains(f));
    assert!(files.len() > 20, "the scan found too few files: {files:?}");
    let mut found = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(&root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        if file == HOME {
            continue;
        }
        let language = Language::of(&path).unwrap();
        found.extend(copies_in(
            &file,
            &fs::read_to_string(&path).unwrap(),
            language,
        ));
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn every_allowed_literal_is_still_there() {
    let root = workspace();
    for (file, literal, why) in allowed() {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let lexed = lex(&text, Language::of(Path::new(file)).unwrap());
        assert!(
            lexed.strings.iter().any(|(_, s)| s == literal),
            "{file} no longer holds \"{literal}\" ({why}): take it off ALLOWED"
        );
    }
}

/// The scan itself, on copies of each kind in each language.
#[test]
fn the_scan_finds_each_kind_of_copy() {
    let rust = "let t = \"spherical\";\nconst JOB_MAX_K: usize = 10;\nif seed > (1 << 53) {}\n\
                let d = \"1e-6\"; let k = rules::K_MAX; let s = \"a spherical cow\";";
    let found = copies_in("x.rs", rust, Language::Rust);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("x.rs:1: \"spherical\" spells the covariance type spherical"));
    let js = "const init = 'k-means++'; // 'tied'\nconst MAX_K = 10;\nif (s > 9007199254740992) {}";
    assert_eq!(copies_in("x.js", js, Language::JavaScript).len(), 3);
    let py = "_COV = (\"full\", \"tied\")  # \"diag\"\nif seed > 2**53: pass\nK_MAX = 10\n";
    assert_eq!(copies_in("x.py", py, Language::Python).len(), 4);
    assert!(copies_in("x.rs", "fn f(max_k: usize) {}", Language::Rust).is_empty());
    assert!(copies_in("x.rs", "let k_max = k_max.min(n);", Language::Rust).is_empty());
}
