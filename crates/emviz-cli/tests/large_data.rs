//! `emviz` on every core and on data larger than memory: `--threads`, the streamed fit through
//! the binary column cache (`--memory`, `--cache`, standard input), its errors, and its memory.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{emviz, emviz_stdin, fails, fit_difference, json, ok, sample_blobs, stderr};

/// Writes `n` points drawn (seed 1) from three 2-D blobs to `dir/points_n.txt`, by `emviz sample`.
fn points(dir: &Path, n: usize) -> PathBuf {
    let text = sample_blobs(dir, n, 1);
    let path = dir.join(format!("points_{n}.txt"));
    std::fs::write(&path, text).unwrap();
    path
}

fn fit(file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["fit", file.to_str().unwrap(), "--k", "3", "--seed", "4"];
    args.extend_from_slice(extra);
    json(&emviz(&args))
}

#[test]
fn a_streamed_fit_equals_the_in_memory_fit() {
    let dir = tempfile::tempdir().unwrap();
    let file = points(dir.path(), 20_000);
    for cov in ["full", "diag", "spherical", "tied"] {
        let memory = fit(
            &file,
            &["--covariance", cov, "--memory", "load", "--threads", "1"],
        );
        for threads in ["1", "2", "3"] {
            let streamed = fit(
                &file,
                &[
                    "--covariance",
                    cov,
                    "--memory",
                    "stream",
                    "--chunk-rows",
                    "999",
                    "--threads",
                    threads,
                ],
            );
            assert_eq!(streamed["n_iter"], memory["n_iter"], "{cov}");
            assert_eq!(streamed["n_samples"], 20_000);
            let diff = fit_difference(&streamed, &memory);
            assert!(diff < 1e-9, "{cov}, {threads} threads: {diff:e}");
            let bic = (streamed["bic"].as_f64().unwrap() - memory["bic"].as_f64().unwrap()).abs();
            assert!(
                bic < 1e-6 * memory["bic"].as_f64().unwrap().abs(),
                "{cov}: BIC {bic}"
            );
        }
    }
    // Standard input streams the same way.
    let text = std::fs::read(&file).unwrap();
    let from_stdin = json(&emviz_stdin(
        &[
            "fit",
            "-",
            "--k",
            "3",
            "--seed",
            "4",
            "--memory",
            "stream",
            "--threads",
            "2",
        ],
        &text,
    ));
    let memory = fit(&file, &["--memory", "load", "--threads", "1"]);
    assert!(fit_difference(&from_stdin, &memory) < 1e-9);
}

#[test]
fn threads_give_the_same_bits_each_time_and_agree_across_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = points(dir.path(), 30_000);
    let one = fit(&file, &["--threads", "1"]);
    let two = fit(&file, &["--threads", "2"]);
    assert_eq!(
        two,
        fit(&file, &["--threads", "2"]),
        "same thread count, same output"
    );
    assert!(fit_difference(&one, &two) < 1e-12);
    // select: every K is fitted on one thread, so its rows do not depend on the count.
    let select = |t: &str| {
        ok(&emviz(&[
            "select",
            file.to_str().unwrap(),
            "--k-max",
            "4",
            "--json",
            "--threads",
            t,
        ]))
    };
    assert_eq!(select("1"), select("3"));
    // k-means: the same labels and inertia to rounding.
    let km = |t: &str| {
        json(&emviz(&[
            "kmeans",
            file.to_str().unwrap(),
            "--k",
            "3",
            "--threads",
            t,
        ]))
    };
    let (a, b) = (km("1"), km("2"));
    assert_eq!(a["labels"], b["labels"]);
    let (ia, ib) = (
        a["inertia"].as_f64().unwrap(),
        b["inertia"].as_f64().unwrap(),
    );
    assert!((ia - ib).abs() < 1e-12 * ia);
    let err = fails(&emviz(&[
        "fit",
        file.to_str().unwrap(),
        "--k",
        "2",
        "--threads",
        "0",
    ]));
    assert!(err.contains("--threads must be at least 1"), "{err}");
}

#[test]
fn a_kept_cache_is_reused_until_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = points(dir.path(), 5_000);
    let cache = dir.path().join("points.cache");
    let run = || {
        emviz(&[
            "fit",
            file.to_str().unwrap(),
            "--k",
            "3",
            "--cache",
            cache.to_str().unwrap(),
            "--verbose",
        ])
    };
    let first = run();
    let model = json(&first);
    assert!(
        stderr(&first).contains("into the cache"),
        "{}",
        stderr(&first)
    );
    assert!(cache.is_file());
    let second = run();
    assert!(
        stderr(&second).contains("reusing the cache"),
        "{}",
        stderr(&second)
    );
    assert_eq!(json(&second), model, "the cache holds the same numbers");
    // Another file content (size and time change): parsed again.
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("0.5 0.5\n");
    std::fs::write(&file, text).unwrap();
    let third = run();
    assert!(
        stderr(&third).contains("into the cache"),
        "{}",
        stderr(&third)
    );
    assert_eq!(json(&third)["n_samples"], 5_001);
    // Other columns are other data: not reused either.
    let out = emviz(&[
        "fit",
        file.to_str().unwrap(),
        "--k",
        "2",
        "--columns",
        "2",
        "--cache",
        cache.to_str().unwrap(),
        "--verbose",
    ]);
    assert!(stderr(&out).contains("into the cache"), "{}", stderr(&out));
    assert_eq!(json(&out)["feature_names"], serde_json::json!(["x2"]));
}

/// Bad input deep in a large file: the same one-line error as in memory, exit status 2, and
/// no cache left behind (neither the kept one nor a temporary one, nor a partial file).
#[test]
fn bad_input_in_a_streamed_file_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..70_000 {
        text.push_str(&format!("{}.5,{}\n", i % 97, i % 13));
    }
    text.push_str("1.0,abc\n");
    text.push_str("2.0,3.0\n");
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, &text).unwrap();
    let cache = dir.path().join("bad.cache");
    let want = format!(
        "error: {}: line 70001, column 2: \"abc\" is not a number",
        file.display()
    );
    for memory in ["auto", "stream", "load"] {
        let out = emviz(&[
            "fit",
            file.to_str().unwrap(),
            "--k",
            "2",
            "--memory",
            memory,
            "--cache",
            cache.to_str().unwrap(),
        ]);
        assert_eq!(fails(&out), want);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains("cache"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    // A temporary cache (no --cache) is removed too: none named after the process remains.
    let child = std::process::Command::new(support::EMVIZ)
        .args([
            "fit",
            file.to_str().unwrap(),
            "--k",
            "2",
            "--memory",
            "stream",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    assert_eq!(fails(&out), want);
    let prefix = format!("emviz-cache-{pid}-");
    let left = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        })
        .count();
    assert_eq!(left, 0);
    // Standard input, streamed: the same message with <stdin>.
    let out = emviz_stdin(
        &["fit", "-", "--k", "2", "--memory", "stream"],
        text.as_bytes(),
    );
    assert_eq!(
        fails(&out),
        "error: <stdin>: line 70001, column 2: \"abc\" is not a number"
    );
}

/// Streaming holds a chunk of rows, not the data: the peak memory of a streamed fit does not
/// grow with the number of points, while loading them does.
#[test]
fn streaming_memory_does_not_grow_with_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let peak = |file: &Path, memory: &str| -> f64 {
        let out = emviz(&[
            "fit",
            file.to_str().unwrap(),
            "--k",
            "3",
            "--means",
            "0,0;6,2;-3,7",
            "--max-iter",
            "2",
            "--memory",
            memory,
            "--chunk-rows",
            "512",
            "--threads",
            "2",
            "--verbose",
        ]);
        ok(&out);
        let e = stderr(&out);
        let line = e
            .lines()
            .find(|l| l.starts_with("emviz: peak memory"))
            .unwrap_or_else(|| panic!("no peak memory in {e}"));
        line.split_whitespace().nth(3).unwrap().parse().unwrap()
    };
    if std::fs::read_to_string("/proc/self/status").is_err() {
        return; // peak memory is read from /proc (Linux)
    }
    let small = points(dir.path(), 40_000);
    let large = points(dir.path(), 400_000);
    let (s, l) = (peak(&small, "stream"), peak(&large, "stream"));
    // 400 000 points are 6.4 MB of values; streamed, the peak stays within 2 MB.
    assert!(
        l - s < 2.0,
        "streamed: {s} MB for 20 000 points, {l} MB for 400 000"
    );
    let loaded = peak(&large, "load");
    assert!(loaded - l > 5.0, "loaded {loaded} MB vs streamed {l} MB");
}

#[test]
fn bench_reports_every_thread_count_and_the_speed_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&emviz(&[
        "bench",
        "--n",
        "300",
        "--k",
        "3",
        "--iters",
        "2",
        "--threads",
        "1,2",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--json",
    ]));
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["threads"], 1);
    assert_eq!(rows[1]["threads"], 2);
    assert_eq!(rows[0]["speedup"], 1.0);
    assert!(rows[1]["speedup"].as_f64().unwrap() > 0.0);
    assert_eq!(
        rows[0]["final_mean_log_likelihood"], rows[1]["final_mean_log_likelihood"],
        "300 points are one shard: the same numbers"
    );
}
