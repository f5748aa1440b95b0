//! What the CLI's test files share: running the binary and reading what it printed.
#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub const EMVIZ: &str = env!("CARGO_BIN_EXE_emviz");

/// Runs `emviz` with `args`.
pub fn emviz(args: &[&str]) -> Output {
    Command::new(EMVIZ)
        .args(args)
        .output()
        .expect("the emviz binary runs")
}

/// Runs `emviz` with `args` and `input` on standard input.
pub fn emviz_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(EMVIZ)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the emviz binary runs");
    let mut stdin = child.stdin.take().unwrap();
    // A failing run may stop reading early; what it says is in the output.
    let _ = stdin.write_all(input.as_ref());
    drop(stdin);
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Asserts success and no panic, and returns stdout.
pub fn ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", stderr(o));
    no_panic(o);
    stdout(o)
}

/// Asserts success and parses stdout as JSON.
pub fn json(o: &Output) -> Value {
    serde_json::from_str(&ok(o)).expect("stdout is JSON")
}

/// Asserts the CLI's failure contract: exit status 2, one `error:` line, no panic; returns it.
pub fn fails(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    no_panic(o);
    let e = stderr(o);
    let errors: Vec<&str> = e.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{e}");
    errors[0].to_owned()
}

/// [`fails`], and also nothing on stdout and nothing else on stderr.
pub fn fails_alone(o: &Output) -> String {
    let line = fails(o);
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    assert_eq!(
        stderr(o).lines().count(),
        1,
        "more than the error: {}",
        stderr(o)
    );
    line
}

pub fn no_panic(o: &Output) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(!e.contains("internal error"), "{e}");
    assert!(!e.contains("RUST_BACKTRACE"), "{e}");
}

/// Every number in a JSON value, in order.
pub fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Array(a) => a.iter().flat_map(numbers).collect(),
        _ => Vec::new(),
    }
}

/// The largest relative difference between two fits' weights, means, covariances and traces.
pub fn fit_difference(a: &Value, b: &Value) -> f64 {
    ["weights", "means", "covariances", "trace"]
        .iter()
        .flat_map(|k| numbers(&a[k]).into_iter().zip(numbers(&b[k])))
        .map(|(x, y)| {
            if x == y {
                0.0
            } else {
                (x - y).abs() / x.abs().max(y.abs())
            }
        })
        .fold(0.0, f64::max)
}

/// A temporary directory for the files a test hands to the binary, removed when dropped.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    pub fn new() -> Self {
        Self(tempfile::tempdir().expect("a temporary directory"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `text` to the file `name` in the directory and returns its path as an argument.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    }
}

/// `n` points drawn (seed `seed`) from three 2-D blobs by `emviz sample`, as the text it prints
/// (the model is written to `dir/blobs.json`).
pub fn sample_blobs(dir: &Path, n: usize, seed: u64) -> String {
    let model = dir.join("blobs.json");
    std::fs::write(
        &model,
        r#"{"covariance_type": "full", "weights": [0.5, 0.3, 0.2],
            "means": [[0, 0], [6, 2], [-3, 7]],
            "covariances": [[[1, 0.3], [0.3, 0.8]], [[0.5, 0], [0, 1.5]], [[1.2, -0.4], [-0.4, 0.6]]]}"#,
    )
    .unwrap();
    ok(&emviz(&[
        "sample",
        model.to_str().unwrap(),
        "-n",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
    ]))
}
