//! `emviz fit --weights-col`: a column of sample weights, by number or header name, left out of
//! the features; integer weights fit as repeated rows, in memory and streamed alike; bad weights
//! are one `error:` line naming the point; variational Bayes (`--bayes`) takes them alike.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{emviz, fails, fit_difference, json, sample_blobs, Scratch};

/// `n` points from three 2-D blobs (seed 2), as rows of numbers.
fn points(dir: &Path, n: usize) -> Vec<(f64, f64)> {
    let text = sample_blobs(dir, n, 2);
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let v: Vec<f64> = l
                .split([',', ' ', '\t'])
                .filter_map(|f| f.trim().parse().ok())
                .collect();
            (v.len() == 2).then(|| (v[0], v[1]))
        })
        .collect()
}

/// The integer weight of point i: 0, 1, 2 or 3.
fn weight(i: usize) -> usize {
    (i * 7 + 3) % 4
}

/// The weighted file (`x,w,y` with a header) and the file of each row repeated by its weight.
fn files(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let pts = points(dir, n);
    assert_eq!(pts.len(), n);
    let mut weighted = String::from("x,w,y\n");
    let mut repeated = String::from("x,y\n");
    for (i, (x, y)) in pts.iter().enumerate() {
        weighted += &format!("{x:e},{},{y:e}\n", weight(i));
        for _ in 0..weight(i) {
            repeated += &format!("{x:e},{y:e}\n");
        }
    }
    let (w, r) = (dir.join("weighted.csv"), dir.join("repeated.csv"));
    std::fs::write(&w, weighted).unwrap();
    std::fs::write(&r, repeated).unwrap();
    (w, r)
}

fn fit(file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["fit", file.to_str().unwrap(), "--k", "3", "--tol", "1e-10"];
    args.extend_from_slice(extra);
    json(&emviz(&args))
}

const START: [&str; 2] = ["--means", "0,0;5,2;-2,6"];

#[test]
fn integer_weights_fit_as_repeated_rows_in_memory_and_streamed() {
    let dir = Scratch::new();
    let (weighted, repeated) = files(dir.path(), 3000);
    let plain = fit(&repeated, &START);
    let by_name = fit(&weighted, &[&START[..], &["--weights-col", "w"]].concat());
    let diff = fit_difference(&by_name, &plain);
    assert!(diff < 1e-12, "in memory: {diff:e}");
    assert_eq!(by_name["n_iter"], plain["n_iter"]);
    assert_eq!(by_name["n_samples"], 3000);
    assert_eq!(
        by_name["total_weight"].as_f64(),
        plain["n_samples"].as_f64()
    );
    assert_eq!(by_name["feature_names"], serde_json::json!(["x", "y"]));
    for criterion in ["bic", "aic"] {
        let (a, b) = (
            by_name[criterion].as_f64().unwrap(),
            plain[criterion].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9 * b.abs(), "{criterion}: {a} vs {b}");
    }
    // The same column by number, and with --columns choosing the features.
    let by_number = fit(&weighted, &[&START[..], &["--weights-col", "2"]].concat());
    assert_eq!(fit_difference(&by_number, &by_name), 0.0);
    let with_columns = fit(
        &weighted,
        &[&START[..], &["--columns", "x,y", "--weights-col", "w"]].concat(),
    );
    assert_eq!(fit_difference(&with_columns, &by_name), 0.0);
    // Streamed from the cache in chunks, on one thread and on two.
    for threads in ["1", "2"] {
        let streamed = fit(
            &weighted,
            &[
                &START[..],
                &[
                    "--weights-col",
                    "w",
                    "--memory",
                    "stream",
                    "--chunk-rows",
                    "97",
                    "--threads",
                    threads,
                ],
            ]
            .concat(),
        );
        let diff = fit_difference(&streamed, &by_name);
        assert!(diff < 1e-12, "streamed, {threads} threads: {diff:e}");
        assert_eq!(streamed["total_weight"], by_name["total_weight"]);
    }
}

#[test]
fn weighted_starts_stream_as_they_fit_in_memory() {
    let dir = Scratch::new();
    let (weighted, _) = files(dir.path(), 2000);
    for init in ["kmeans++", "random"] {
        let args = [
            "--weights-col",
            "w",
            "--init",
            init,
            "--seed",
            "3",
            "--n-init",
            "2",
        ];
        let memory = fit(&weighted, &args);
        let streamed = fit(
            &weighted,
            &[&args[..], &["--memory", "stream", "--chunk-rows", "300"]].concat(),
        );
        let diff = fit_difference(&streamed, &memory);
        assert!(diff < 1e-12, "{init}: {diff:e}");
    }
}

#[test]
fn bad_weights_are_one_error_naming_the_point() {
    let dir = Scratch::new();
    let file = dir.path().join("bad.txt");
    std::fs::write(&file, "1 2 1\n3 4 -0.5\n5 6 2\n7 8 1\n").unwrap();
    for memory in ["load", "stream"] {
        let e = fails(&emviz(&[
            "fit",
            file.to_str().unwrap(),
            "--k",
            "1",
            "--weights-col",
            "3",
            "--memory",
            memory,
        ]));
        assert!(e.contains("point 2") && e.contains("-0.5"), "{memory}: {e}");
    }
    std::fs::write(&file, "1 2 0\n3 4 0\n").unwrap();
    for memory in ["load", "stream"] {
        let e = fails(&emviz(&[
            "fit",
            file.to_str().unwrap(),
            "--k",
            "1",
            "--weights-col",
            "3",
            "--memory",
            memory,
        ]));
        assert!(e.contains("all 2 weights are zero"), "{memory}: {e}");
    }
    let e = fails(&emviz(&[
        "fit",
        file.to_str().unwrap(),
        "--k",
        "1",
        "--weights-col",
        "w",
    ]));
    assert!(e.contains("\"w\""), "{e}");
    let e = fails(&emviz(&[
        "fit",
        file.to_str().unwrap(),
        "--k",
        "1",
        "--weights-col",
        "4",
    ]));
    assert!(e.contains("column"), "{e}");
    let e = fails(&emviz(&[
        "fit",
        file.to_str().unwrap(),
        "--k",
        "1",
        "--weights-col",
        "0",
    ]));
    assert!(e.contains("--weights-col"), "{e}");
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "1\n2\n").unwrap();
    let e = fails(&emviz(&[
        "fit",
        one.to_str().unwrap(),
        "--k",
        "1",
        "--weights-col",
        "1",
    ]));
    assert!(e.contains("no column is left"), "{e}");
}

/// `fit --bayes --weights-col`: variational Bayes on integer weights is the fit of the rows
/// repeated (the priors' defaults, the posterior and every bound), in memory and streamed.
#[test]
fn variational_bayes_takes_the_weights_as_repeated_rows() {
    let dir = Scratch::new();
    let (weighted, repeated) = files(dir.path(), 1500);
    for prior in ["dp", "dirichlet"] {
        let bayes = [&START[..], &["--bayes", prior]].concat();
        let plain = fit(&repeated, &bayes);
        let by_name = fit(&weighted, &[&bayes[..], &["--weights-col", "w"]].concat());
        let diff = fit_difference(&by_name, &plain);
        assert!(diff < 1e-12, "{prior} in memory: {diff:e}");
        assert_eq!(by_name["n_iter"], plain["n_iter"]);
        assert_eq!(by_name["n_samples"], 1500);
        assert_eq!(
            by_name["total_weight"].as_f64(),
            plain["n_samples"].as_f64()
        );
        assert!(plain.get("total_weight").is_none());
        assert_eq!(by_name["feature_names"], serde_json::json!(["x", "y"]));
        for key in ["mean_prior", "covariance_prior"] {
            let (a, b) = (&by_name["prior"][key], &plain["prior"][key]);
            let close = |x: &Value, y: &Value| {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0)
            };
            let (a, b) = (a.as_array().unwrap(), b.as_array().unwrap());
            assert!(
                a.iter().zip(b).all(|(x, y)| close(x, y)),
                "{key}: {a:?} vs {b:?}"
            );
        }
        let (a, b) = (
            by_name["log_likelihood"].as_f64().unwrap(),
            plain["log_likelihood"].as_f64().unwrap(),
        );
        assert!(
            (a - b).abs() <= 1e-12 * b.abs(),
            "log-likelihood {a} vs {b}"
        );
        let streamed = fit(
            &weighted,
            &[
                &bayes[..],
                &[
                    "--weights-col",
                    "w",
                    "--memory",
                    "stream",
                    "--chunk-rows",
                    "97",
                ],
            ]
            .concat(),
        );
        let diff = fit_difference(&streamed, &by_name);
        assert!(diff < 1e-12, "{prior} streamed: {diff:e}");
        assert_eq!(streamed["total_weight"], by_name["total_weight"]);
    }
}

/// `emviz select --weights-col`: every fit and criterion weighted. K = 1 needs no start, so its
/// row is the repeated rows' row (n = Σ w in BIC), over the types and over mclust's models; the
/// title says the data are weighted; a bad weight is the same error as `fit`'s.
#[test]
fn select_weighs_its_fits_and_criteria() {
    let dir = Scratch::new();
    let (weighted, repeated) = files(dir.path(), 200);
    let select = |file: &Path, extra: &[&str]| {
        let mut args = vec!["select", file.to_str().unwrap(), "--k-max", "2", "--json"];
        args.extend_from_slice(extra);
        json(&emviz(&args))
    };
    let close = |a: &Value, b: &Value| {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{a} {b}");
    };
    let w = select(&weighted, &["--weights-col", "w"]);
    let r = select(&repeated, &[]);
    for key in ["log_likelihood", "bic", "aic", "icl"] {
        close(&w["rows"][0][key], &r["rows"][0][key]);
    }
    let models = ["--models", "EII,VEV,VVV"];
    let w = select(&weighted, &[&models[..], &["--weights-col", "2"]].concat());
    let r = select(&repeated, &models);
    let rows = |v: &Value| v["rows"].as_array().unwrap().clone();
    let (w_rows, r_rows) = (rows(&w), rows(&r));
    assert_eq!(w_rows.len(), 6);
    for (a, b) in w_rows.iter().zip(&r_rows).filter(|(a, _)| a["k"] == 1) {
        assert_eq!(a["model"], b["model"]);
        for key in ["bic", "icl"] {
            close(&a[key], &b[key]);
        }
    }
    let table = emviz(&[
        "select",
        weighted.to_str().unwrap(),
        "--k-max",
        "2",
        "--weights-col",
        "w",
    ]);
    let out = String::from_utf8(table.stdout).unwrap();
    let total: usize = (0..200).map(weight).sum();
    assert!(
        out.contains(&format!(
            "200 points, 2 columns (x, y), weighted (Σw = {total})"
        )),
        "{out}"
    );
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "1 2 1\n3 4 -0.5\n5 6 2\n7 8 1\n").unwrap();
    let e = fails(&emviz(&[
        "select",
        bad.to_str().unwrap(),
        "--k-max",
        "2",
        "--weights-col",
        "3",
    ]));
    assert!(e.contains("point 2") && e.contains("-0.5"), "{e}");
}
