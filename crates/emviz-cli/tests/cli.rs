//! End-to-end tests of the `emviz` binary: the book's run, `select`, `sample`, `kmeans`, stdin,
//! and the promise that every failure is one `error:` line with exit status 2 and no panic.

mod support;

use serde_json::Value;
use support::{emviz, emviz_stdin, fails_alone, json, no_panic, ok, stderr, Scratch};

const OLD_FAITHFUL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/old_faithful.txt");

fn nums(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().flat_map(nums).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol
}

fn book_run() -> Value {
    json(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;0,100",
        "--reg-covar",
        "0",
    ]))
}

#[test]
fn the_books_run_reaches_the_books_answer() {
    let m = book_run();
    let w = nums(&m["weights"]);
    assert!(
        close(w[0], 0.356, 1e-3) && close(w[1], 0.644, 1e-3),
        "{w:?}"
    );
    let mu = nums(&m["means"]);
    for (got, want) in mu.iter().zip([2.04, 54.48, 4.29, 79.97]) {
        assert!(close(*got, want, 0.01), "means {mu:?}");
    }
    let c = nums(&m["covariances"]);
    assert_eq!(c.len(), 8, "two full 2×2 matrices");
    let want = [0.069, 0.437, 0.437, 33.7, 0.170, 0.938, 0.938, 36.0];
    for (got, want) in c.iter().zip(want) {
        assert!(close(*got, want, 0.006 * want), "covariances {c:?}");
    }
    assert_eq!(m["converged"], true);
    assert_eq!(m["covariance_type"], "full");
    assert_eq!(m["init"], "means");
    assert_eq!(m["n_samples"], 272);
    assert_eq!(m["n_parameters"], 11);

    // The trace starts with the initial parameters' value and never goes down.
    let trace = nums(&m["trace"]);
    let n_iter = m["n_iter"].as_u64().unwrap() as usize;
    assert_eq!(trace.len(), n_iter + 1);
    assert!(
        trace[0] < trace[1] - 1.0,
        "the identity start is far worse: {trace:?}"
    );
    for pair in trace.windows(2) {
        assert!(pair[1] >= pair[0] - 1e-12, "{trace:?}");
    }
    let ll = m["log_likelihood"].as_f64().unwrap();
    assert_eq!(ll, *trace.last().unwrap());
    assert_eq!(m["lower_bound"].as_f64().unwrap(), ll);

    // BIC and AIC follow scikit-learn's formulas with p = 11.
    let (n, p) = (272.0f64, 11.0);
    let bic = m["bic"].as_f64().unwrap();
    let aic = m["aic"].as_f64().unwrap();
    assert!(close(bic, -2.0 * n * ll + p * n.ln(), 1e-6), "{bic}");
    assert!(close(aic, -2.0 * n * ll + 2.0 * p, 1e-6), "{aic}");
}

#[test]
fn fit_reports_its_settings_and_feature_names() {
    let dir = Scratch::new();
    let file = dir.file(
        "named.csv",
        "id,eruptions,waiting\na,3.6,79\nb,1.8,54\nc,3.333,74\nd,2.283,62\ne,4.533,85\nf,2.883,55\n",
    );
    let m = json(&emviz(&[
        "fit",
        &file,
        "--k",
        "1",
        "--columns",
        "waiting,eruptions",
        "--seed",
        "7",
        "--covariance",
        "diag",
    ]));
    assert_eq!(
        m["feature_names"],
        serde_json::json!(["waiting", "eruptions"])
    );
    assert_eq!(m["seed"], 7);
    assert_eq!(m["n_init"], 1);
    assert_eq!(m["covariance_type"], "diag");
    assert_eq!(m["tol"].as_f64(), Some(1e-4));
    assert_eq!(m["max_iter"], 100);
    assert_eq!(m["reg_covar"].as_f64(), Some(1e-6));
    let mean = nums(&m["means"]);
    assert!(close(
        mean[0],
        (79.0 + 54.0 + 74.0 + 62.0 + 85.0 + 55.0) / 6.0,
        1e-9
    ));

    // Column numbers work as well as names.
    let by_number = json(&emviz(&[
        "fit",
        &file,
        "--k",
        "1",
        "--columns",
        "3,2",
        "--covariance",
        "diag",
    ]));
    assert_eq!(by_number["means"], m["means"]);
}

#[test]
fn fit_reads_standard_input() {
    let text = std::fs::read_to_string(OLD_FAITHFUL).unwrap();
    let from_stdin = emviz_stdin(
        &[
            "fit",
            "-",
            "--k",
            "2",
            "--means",
            "0,50;0,100",
            "--reg-covar",
            "0",
        ],
        &text,
    );
    assert_eq!(json(&from_stdin)["means"], book_run()["means"]);
}

#[test]
fn fit_is_reproducible_and_uses_the_seed() {
    let run = |seed: &str| {
        json(&emviz(&[
            "fit",
            OLD_FAITHFUL,
            "--k",
            "3",
            "--init",
            "random",
            "--seed",
            seed,
        ]))
    };
    assert_eq!(run("5"), run("5"));
    assert_eq!(run("1")["init"], "random");
    let many = json(&emviz(&["fit", OLD_FAITHFUL, "--k", "3", "--n-init", "4"]));
    assert_eq!(many["n_init"], 4);
}

#[test]
fn select_picks_k_with_the_bic_formula() {
    let s = json(&emviz(&["select", OLD_FAITHFUL, "--k-max", "4", "--json"]));
    let rows = s["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let n = 272.0f64;
    for (i, r) in rows.iter().enumerate() {
        let k = i + 1;
        assert_eq!(r["k"], k);
        let p = (k * 3 + k * 2 + k - 1) as f64;
        assert_eq!(r["n_parameters"].as_f64(), Some(p));
        let ll = r["log_likelihood"].as_f64().unwrap();
        let bic = r["bic"].as_f64().unwrap();
        assert!(close(bic, -2.0 * n * ll + p * n.ln(), 1e-6), "row {r}");
        let aic = r["aic"].as_f64().unwrap();
        assert!(close(aic, -2.0 * n * ll + 2.0 * p, 1e-6), "row {r}");
    }
    let best = s["best_bic"].as_u64().unwrap() as usize;
    assert!((1..=4).contains(&best));
    let lowest = rows
        .iter()
        .min_by(|a, b| {
            a["bic"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["bic"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(lowest["k"], best);
    assert_eq!(best, 2, "Old Faithful has two clusters");
}

#[test]
fn select_prints_a_readable_table() {
    let out = ok(&emviz(&["select", OLD_FAITHFUL, "--k-max", "3"]));
    assert!(
        out.contains("BIC") && out.contains("AIC") && out.contains("converged"),
        "{out}"
    );
    assert!(out.contains("best K by BIC: 2"), "{out}");
    assert!(out.contains('*'), "{out}");
    // One line per K after the header.
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("3 ")),
        "{out}"
    );
}

#[test]
fn sample_round_trip_is_reproducible() {
    let dir = Scratch::new();
    let model = ok(&emviz(&["fit", OLD_FAITHFUL, "--k", "2"]));
    let path = dir.file("model.json", &model);
    let draw = |seed: &str| ok(&emviz(&["sample", &path, "-n", "500", "--seed", seed]));
    let a = draw("1");
    assert_eq!(a, draw("1"));
    assert_ne!(a, draw("2"));
    let lines: Vec<&str> = a.lines().collect();
    assert_eq!(lines.len(), 500);
    for l in &lines {
        let values: Vec<f64> = l.split_whitespace().map(|v| v.parse().unwrap()).collect();
        assert_eq!(values.len(), 2, "{l}");
    }
    // The points look like Old Faithful.
    let mean_waiting: f64 = lines
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap())
        .sum::<f64>()
        / 500.0;
    assert!((60.0..80.0).contains(&mean_waiting), "{mean_waiting}");

    // --labels adds the component as a third column; the points stay the same.
    let labelled = ok(&emviz(&[
        "sample", &path, "-n", "500", "--seed", "1", "--labels",
    ]));
    for (l, plain) in labelled.lines().zip(&lines) {
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert_eq!(cols.len(), 3);
        assert!(cols[2] == "0" || cols[2] == "1");
        assert_eq!(cols[..2].join(" "), *plain);
    }
}

#[test]
fn sample_reads_scikit_learn_shapes_and_rejects_bad_models() {
    let dir = Scratch::new();
    let sk = dir.file(
        "sk.json",
        r#"{"covariance_type": "spherical", "weights_": [0.3, 0.7], "means_": [[0, 0], [5, 5]], "covariances_": [1.0, 2.0]}"#,
    );
    assert_eq!(ok(&emviz(&["sample", &sk, "-n", "10"])).lines().count(), 10);

    let bad = dir.file("bad.json", "{\"weights\": [1]");
    let e = fails_alone(&emviz(&["sample", &bad, "-n", "10"]));
    assert!(e.contains("bad.json") && e.contains("JSON"), "{e}");
    let shape = dir.file(
        "shape.json",
        r#"{"covariance_type": "full", "weights": [0.5, 0.5], "means": [[0, 0], [1, 1]], "covariances": [[[1, 0], [0, 1]]]}"#,
    );
    let e = fails_alone(&emviz(&["sample", &shape, "-n", "10"]));
    assert!(e.contains("covariances"), "{e}");
    let e = fails_alone(&emviz(&["sample", "no-such-model.json", "-n", "3"]));
    assert_eq!(
        e,
        "error: cannot read no-such-model.json: No such file or directory"
    );
}

#[test]
fn kmeans_prints_centres_labels_and_inertia() {
    let out = json(&emviz(&["kmeans", OLD_FAITHFUL, "--k", "2", "--seed", "3"]));
    let centers = out["centers"].as_array().unwrap();
    assert_eq!(centers.len(), 2);
    assert!(centers.iter().all(|c| c.as_array().unwrap().len() == 2));
    let labels = out["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 272);
    assert!(labels.iter().all(|l| l == 0 || l == 1));
    assert!(out["inertia"].as_f64().unwrap() >= 0.0);
    assert!(out["n_iter"].as_u64().is_some());
    assert_eq!(out["converged"], true);

    let given = json(&emviz(&[
        "kmeans",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "2,55;4,80",
    ]));
    let c = nums(&given["centers"]);
    assert!(close(c[1], 54.75, 0.5) && close(c[3], 80.28, 0.5), "{c:?}");
    assert_eq!(given["init"], "means");
}

#[test]
fn kmeans_and_select_read_standard_input() {
    let text = "1 1\n1.2 0.9\n0.8 1.1\n8 8\n8.1 7.9\n7.9 8.2\n";
    let out = json(&emviz_stdin(&["kmeans", "-", "--k", "2"], text));
    assert_eq!(out["labels"].as_array().unwrap().len(), 6);
    assert!(out["inertia"].as_f64().unwrap() < 1.0);
    let s = json(&emviz_stdin(
        &["select", "-", "--k-max", "2", "--json"],
        text,
    ));
    assert_eq!(s["rows"].as_array().unwrap().len(), 2);
}

#[test]
fn ragged_data_names_the_line() {
    let dir = Scratch::new();
    let f = dir.file("ragged.txt", "1 2\n3 4\n5\n7 8\n");
    let e = fails_alone(&emviz(&["fit", &f, "--k", "1"]));
    assert!(e.contains("ragged.txt: line 3"), "{e}");
    let e = fails_alone(&emviz_stdin(&["fit", "-", "--k", "1"], "1,2\n3,4,5\n"));
    assert!(e.contains("<stdin>: line 2"), "{e}");
}

#[test]
fn a_non_numeric_cell_names_line_and_column() {
    let dir = Scratch::new();
    let f = dir.file("data.csv", "1,2\n3,4\n5,abc\n");
    let e = fails_alone(&emviz(&["fit", &f, "--k", "1"]));
    assert!(
        e.ends_with("data.csv: line 3, column 2: \"abc\" is not a number"),
        "{e}"
    );
    let e = fails_alone(&emviz(&["kmeans", &f, "--k", "1"]));
    assert!(e.contains("line 3, column 2"), "{e}");
    let e = fails_alone(&emviz(&["select", &f, "--k-max", "2"]));
    assert!(e.contains("line 3, column 2"), "{e}");
}

#[test]
fn a_missing_file_is_one_clear_line() {
    let e = fails_alone(&emviz(&["fit", "data.csv", "--k", "2"]));
    assert_eq!(e, "error: cannot read data.csv: No such file or directory");
    let e = fails_alone(&emviz(&["kmeans", "nope/data.csv", "--k", "2"]));
    assert!(e.contains("cannot read nope/data.csv"), "{e}");
}

#[test]
fn empty_input_is_an_error() {
    let e = fails_alone(&emviz_stdin(
        &["fit", "-", "--k", "1"],
        "# only a comment\n\n",
    ));
    assert!(e.contains("<stdin>") && e.contains("no data"), "{e}");
}

#[test]
fn bad_k_is_rejected() {
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "0"]));
    assert!(e.contains('K'), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "273"]));
    assert!(e.contains("272 points") && e.contains("273"), "{e}");
    let e = fails_alone(&emviz_stdin(&["kmeans", "-", "--k", "3"], "1 2\n3 4\n"));
    assert!(e.contains("2 points"), "{e}");
    let e = fails_alone(&emviz(&["kmeans", OLD_FAITHFUL, "--k", "0"]));
    assert!(e.contains('K'), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "-1"]));
    assert!(e.contains("--k"), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "0", "--means", "1,2"]));
    assert!(e.contains('K'), "{e}");
    let e = fails_alone(&emviz(&["select", OLD_FAITHFUL, "--k-max", "0"]));
    assert!(e.contains("K max"), "{e}");
}

#[test]
fn bad_means_are_explained() {
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50",
    ]));
    assert!(e.contains("--means") && e.contains("K = 2"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;0",
    ]));
    assert!(
        e.contains("--means") && e.contains("mean 2 has 1 value"),
        "{e}"
    );
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;x,1",
    ]));
    assert!(e.contains("\"x\" is not a number"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "1",
        "--init",
        "means",
    ]));
    assert!(e.contains("--means"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;0,100",
        "--covariances",
        "1,0,0,1",
    ]));
    assert!(e.contains("--covariances"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--weights",
        "1,1",
    ]));
    assert!(e.contains("--means"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;0,100",
        "--init",
        "random",
    ]));
    assert!(e.contains("--init"), "{e}");
    // A start that is not positive definite is a core error, still one line.
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "1",
        "--means",
        "3,70",
        "--covariances",
        "1,2,2,1",
    ]));
    assert!(e.contains("component 1"), "{e}");
}

#[test]
fn given_covariances_and_weights_are_used() {
    let m = json(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "0,50;0,100",
        "--covariances",
        "1,0,0,1;1,0,0,1",
        "--weights",
        "0.5,0.5",
        "--reg-covar",
        "0",
    ]));
    assert_eq!(m["means"], book_run()["means"]);
    let m = json(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--means",
        "-1,50;0,100",
        "--max-iter",
        "0",
    ]));
    assert_eq!(nums(&m["means"]), [-1.0, 50.0, 0.0, 100.0]);
}

#[test]
fn bad_options_are_usage_errors() {
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--covariance",
        "round",
    ]));
    assert!(e.contains("--covariance") && e.contains("full"), "{e}");
    assert!(e.contains("emviz fit --help"), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL]));
    assert!(e.contains("--k"), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "2", "--tol", "-1"]));
    assert!(e.contains("tol"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--reg-covar",
        "nan",
    ]));
    assert!(e.contains("reg_covar"), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "2", "--n-init", "0"]));
    assert!(e.contains("n_init"), "{e}");
    let e = fails_alone(&emviz(&["fit", OLD_FAITHFUL, "--k", "2", "--columns", "9"]));
    assert!(e.contains("column 9"), "{e}");
    let e = fails_alone(&emviz(&[
        "fit",
        OLD_FAITHFUL,
        "--k",
        "2",
        "--header",
        "maybe",
    ]));
    assert!(e.contains("--header"), "{e}");
    let e = fails_alone(&emviz(&[
        "select",
        OLD_FAITHFUL,
        "--k-max",
        "2",
        "--init",
        "means",
    ]));
    assert!(e.contains("means"), "{e}");
    let e = fails_alone(&emviz(&["frobnicate"]));
    assert!(e.contains("frobnicate"), "{e}");
    let e = fails_alone(&emviz(&[]));
    assert!(e.contains("fit") && e.contains("bench"), "{e}");
    let e = fails_alone(&emviz(&["bench", "--iters", "0"]));
    assert!(e.contains("--iters"), "{e}");
}

#[test]
fn binary_and_directory_inputs_are_errors() {
    let dir = Scratch::new();
    let bin = dir.path().join("bin.dat");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x31]).unwrap();
    let e = fails_alone(&emviz(&["fit", bin.to_str().unwrap(), "--k", "1"]));
    assert!(e.contains("UTF-8"), "{e}");
    let e = fails_alone(&emviz(&["fit", dir.path().to_str().unwrap(), "--k", "1"]));
    assert!(e.contains("directory"), "{e}");
}

#[test]
fn collapsed_and_odd_data_do_not_panic() {
    // Identical points: every component collapses without regularisation.
    let same = "1 1\n1 1\n1 1\n1 1\n";
    let o = emviz_stdin(&["fit", "-", "--k", "2", "--reg-covar", "0"], same);
    let e = fails_alone(&o);
    assert!(e.contains("collapsed") || e.contains("component"), "{e}");
    // With the default regularisation the fit goes through, perhaps with warnings.
    let o = emviz_stdin(&["fit", "-", "--k", "2"], same);
    no_panic(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    for l in stderr(&o).lines() {
        assert!(l.starts_with("warning: "), "{l}");
    }
    // One column, one point, huge values.
    no_panic(&emviz_stdin(&["fit", "-", "--k", "1"], "5\n"));
    no_panic(&emviz_stdin(
        &["fit", "-", "--k", "2"],
        "1e300 1\n-1e300 2\n0 3\n",
    ));
    no_panic(&emviz_stdin(&["select", "-", "--k-max", "5"], "1\n2\n"));
    no_panic(&emviz_stdin(
        &["kmeans", "-", "--k", "2"],
        "1e308\n-1e308\n",
    ));
    no_panic(&emviz(&["sample", "-", "-n", "3"]));
}

#[test]
fn help_mentions_every_subcommand_and_the_defaults() {
    let h = ok(&emviz(&["--help"]));
    for sub in ["fit", "select", "sample", "kmeans", "bench"] {
        assert!(h.contains(sub), "{sub} missing from --help");
    }
    let fit = ok(&emviz(&["fit", "--help"]));
    for needle in [
        "--k",
        "--covariance",
        "--init",
        "--means",
        "--covariances",
        "--weights",
        "--seed",
        "--n-init",
        "--tol",
        "--max-iter",
        "--reg-covar",
        "--columns",
        "--header",
        "[default: 1e-4]",
        "[default: 100]",
        "[default: 1e-6]",
        "[default: full]",
        "kmeans++",
        "emviz fit data/old_faithful.txt --k 2 --means \"0,50;0,100\" --reg-covar 0",
    ] {
        assert!(fit.contains(needle), "{needle} missing from fit --help");
    }
    for (sub, needles) in [
        ("select", &["--k-max", "--json", "BIC"][..]),
        ("sample", &["-n", "--seed", "--labels"][..]),
        ("kmeans", &["--k", "--means", "--max-iter", "inertia"][..]),
        (
            "bench",
            &["--n", "--iters", "--data-dir", "--json", "[default: 20]"][..],
        ),
    ] {
        let h = ok(&emviz(&[sub, "--help"]));
        for n in needles {
            assert!(h.contains(n), "{n} missing from {sub} --help");
        }
    }
}

#[test]
fn bench_runs_on_a_small_n() {
    let dir = Scratch::new();
    let data_dir = dir.path().to_str().unwrap();
    let run = || {
        let out = ok(&emviz(&[
            "bench",
            "--n",
            "300",
            "--k",
            "3",
            "--iters",
            "4",
            "--repeats",
            "3",
            "--data-dir",
            data_dir,
            "--threads",
            "1",
            "--json",
        ]));
        let row: Value = serde_json::from_str(out.trim()).unwrap();
        row
    };
    let row = run();
    assert_eq!(row["n"], 300);
    assert_eq!(row["iters"], 4);
    // The median of the three repeats, between their smallest and largest.
    let ms = |key: &str| row[key].as_f64().unwrap();
    assert!(ms("emviz_ms_per_iter_min") >= 0.0);
    assert!(ms("emviz_ms_per_iter_min") <= ms("emviz_ms_per_iter"));
    assert!(ms("emviz_ms_per_iter") <= ms("emviz_ms_per_iter_max"));
    assert!(["scalar", "v3", "v4", "default"].contains(&row["simd"].as_str().unwrap()));
    if cfg!(target_os = "linux") {
        assert!(row["peak_rss_mb"].as_f64().unwrap() > 0.0);
    }
    let file = dir.path().join("blobs_300.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 300);
    // The second run reads the file written by the first and fits the same numbers.
    let again = run();
    assert_eq!(
        again["final_mean_log_likelihood"],
        row["final_mean_log_likelihood"]
    );
    let table = ok(&emviz(&[
        "bench",
        "--n",
        "300",
        "--k",
        "3",
        "--iters",
        "2",
        "--data-dir",
        data_dir,
    ]));
    assert!(
        table.contains("ms/iter") && table.contains("300"),
        "{table}"
    );
}
