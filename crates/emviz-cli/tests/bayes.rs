//! `emviz fit --bayes`: variational Bayes on a data file — surplus components emptied, the
//! posterior and priors in the JSON, the same fit streamed as in memory and on any thread count,
//! and every bad prior one `error:` line.

mod support;

use support::{emviz, fails_alone, fit_difference, json, numbers, ok};

const OLD_FAITHFUL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/old_faithful.txt");

fn bayes(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "fit",
        OLD_FAITHFUL,
        "--k",
        "6",
        "--tol",
        "1e-6",
        "--max-iter",
        "1000",
    ];
    args.extend_from_slice(extra);
    json(&emviz(&args))
}

#[test]
fn a_dirichlet_process_empties_the_surplus_components() {
    for seed in ["0", "3", "7"] {
        let m = bayes(&["--bayes", "dp", "--seed", seed]);
        let w = numbers(&m["weights"]);
        assert_eq!(w.len(), 6);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let kept = w.iter().filter(|&&v| v > 0.01).count();
        assert!((2..=3).contains(&kept), "seed {seed}: {w:?}");
        assert_eq!(m["converged"], true);
        // The trace is the variational bound: it never goes down.
        let trace = numbers(&m["trace"]);
        assert!(
            trace.windows(2).all(|p| p[1] >= p[0] - 1e-9 * p[0].abs()),
            "{trace:?}"
        );
        assert_eq!(m["lower_bound"], *trace.last().unwrap());
        let q = &m["posterior"];
        assert_eq!(q["weight_concentration_prior_type"], "dirichlet_process");
        // The stick-breaking Betas: [a, b], K each.
        assert_eq!(numbers(&q["weight_concentration"]).len(), 12);
        assert_eq!(numbers(&q["mean_precision"]).len(), 6);
        assert_eq!(numbers(&q["degrees_of_freedom"]).len(), 6);
        let p = &m["prior"];
        assert_eq!(p["weight_concentration_prior"], 1.0 / 6.0);
        assert_eq!(p["degrees_of_freedom_prior"], 2.0);
        assert_eq!(numbers(&p["covariance_prior"]).len(), 4);
    }
}

#[test]
fn given_priors_and_the_dirichlet_distribution() {
    let m = bayes(&[
        "--bayes",
        "dirichlet",
        "--covariance",
        "diag",
        "--concentration",
        "1e-3",
        "--mean-precision",
        "0.5",
        "--mean-prior",
        "3,70",
        "--dof-prior",
        "4",
        "--covariance-prior",
        "0.5,30",
    ]);
    assert_eq!(
        m["posterior"]["weight_concentration_prior_type"],
        "dirichlet_distribution"
    );
    assert_eq!(numbers(&m["posterior"]["weight_concentration"]).len(), 6);
    let p = &m["prior"];
    assert_eq!(p["weight_concentration_prior"], 1e-3);
    assert_eq!(p["mean_precision_prior"], 0.5);
    assert_eq!(numbers(&p["mean_prior"]), vec![3.0, 70.0]);
    assert_eq!(p["degrees_of_freedom_prior"], 4.0);
    assert_eq!(numbers(&p["covariance_prior"]), vec![0.5, 30.0]);
    // α₀ + Nₖ sums to α₀K + N.
    let alpha: f64 = numbers(&m["posterior"]["weight_concentration"])
        .iter()
        .sum();
    assert!((alpha - (6e-3 + 272.0)).abs() < 1e-6, "{alpha}");
}

#[test]
fn streamed_and_threaded_fits_equal_the_in_memory_fit() {
    let memory = bayes(&["--bayes", "dp", "--memory", "load", "--threads", "1"]);
    for extra in [
        ["--memory", "stream", "--threads", "1"],
        ["--memory", "load", "--threads", "2"],
    ] {
        let mut args = vec!["--bayes", "dp"];
        args.extend_from_slice(&extra);
        let other = bayes(&args);
        assert!(fit_difference(&memory, &other) < 1e-9, "{extra:?}");
        assert_eq!(memory["n_iter"], other["n_iter"]);
    }
}

#[test]
fn bad_priors_are_one_error_line() {
    for (args, word) in [
        (vec!["--concentration", "0.1"], "--bayes"),
        (vec!["--bayes", "pitman-yor"], "pitman-yor"),
        (
            vec!["--bayes", "dp", "--concentration", "-1"],
            "weight_concentration_prior",
        ),
        (
            vec!["--bayes", "dp", "--dof-prior", "0.5"],
            "degrees_of_freedom_prior",
        ),
        (vec!["--bayes", "dp", "--mean-prior", "1,2,3"], "mean_prior"),
        (
            vec!["--bayes", "dp", "--covariance-prior", "1,2;2,1"],
            "covariance_prior",
        ),
    ] {
        let mut all = vec!["fit", OLD_FAITHFUL, "--k", "2"];
        all.extend_from_slice(&args);
        let line = fails_alone(&emviz(&all));
        assert!(line.contains(word), "{args:?}: {line}");
    }
    // The EM fit is untouched by the new options.
    ok(&emviz(&["fit", OLD_FAITHFUL, "--k", "2"]));
}
