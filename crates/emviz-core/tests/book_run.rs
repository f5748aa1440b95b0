//! The book's run (Deep Learning from Scratch 5, ch. 5): Old Faithful, K = 2, equal weights,
//! means (0, 50) and (0, 100), identity covariances, tol 1e-4, reg_covar 0.

use emviz_core::{
    parse_table, CovarianceType, Dataset, Em, GmmParams, HalfStep, Init, ParseOptions,
};

fn old_faithful() -> Dataset {
    let text = include_str!("../../../data/old_faithful.txt");
    parse_table(text, &ParseOptions::default()).expect("the shipped data parses")
}

fn book_params() -> GmmParams {
    GmmParams::new(2)
        .covariance_type(CovarianceType::Full)
        .init(Init::Means {
            means: vec![0.0, 50.0, 0.0, 100.0],
            covariances: None,
            weights: None,
        })
        .tol(1e-4)
        .reg_covar(0.0)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn old_faithful_book_run_reaches_the_books_answer() {
    let data = old_faithful();
    assert_eq!((data.n(), data.d()), (272, 2));
    let fit = book_params().fit(&data).unwrap();
    let m = &fit.model;
    assert!(fit.converged, "{fit:?}");
    let w = m.weights();
    assert!(
        close(w[0], 0.356, 1e-3) && close(w[1], 0.644, 1e-3),
        "{w:?}"
    );
    let mu = m.means();
    for (got, want) in mu.iter().zip([2.04, 54.48, 4.29, 79.97]) {
        assert!(close(*got, want, 0.01), "means {mu:?}");
    }
    let c = m.covariances();
    let want = [0.069, 0.437, 0.437, 33.7, 0.170, 0.938, 0.938, 36.0];
    for (got, want) in c.iter().zip(want) {
        assert!(
            close(*got, want, 0.006 * want.max(1.0)),
            "covariances {c:?}"
        );
    }
    // The trace never goes down.
    for pair in fit.trace.windows(2) {
        assert!(pair[1] >= pair[0] - 1e-12, "{:?}", fit.trace);
    }
    assert_eq!(fit.trace.len(), fit.n_iter + 1);
    eprintln!(
        "book run: n_iter {} ll {} trace {:?}",
        fit.n_iter, fit.log_likelihood, fit.trace
    );
}

#[test]
fn step_wise_em_matches_the_lean_loop_and_the_elbo_identity() {
    let data = old_faithful();
    let params = book_params().check(&data).unwrap();
    let start = params
        .initial_model(&data, &mut emviz_core::rng_from_seed(0))
        .unwrap();
    let fit = params.fit(&data).unwrap();
    let mut em = Em::new(&data, start, params.reg_covar()).unwrap();
    let mut prev_elbo = f64::NEG_INFINITY;
    while !em.converged(1e-4) {
        let e = em.e_step(&data).unwrap();
        assert_eq!(e.half, HalfStep::E);
        assert_eq!(e.kl, 0.0);
        let total = e.log_likelihood * data.n() as f64;
        assert!(close(e.elbo, total, 1e-9 * total.abs()));
        assert!(e.elbo >= prev_elbo - 1e-9);
        let m = em.m_step(&data).unwrap();
        assert!(m.kl >= 0.0);
        assert!(m.elbo >= e.elbo - 1e-9, "M-step lowered the ELBO");
        let total = m.log_likelihood * data.n() as f64;
        assert!(close(m.elbo + m.kl, total, 1e-9 * total.abs()));
        prev_elbo = m.elbo;
    }
    // Both loops run the same pass (crate::fused) in the same order: identical numbers.
    assert_eq!(em.iteration(), fit.n_iter);
    assert_eq!(em.trace(), &fit.trace[..]);
    assert_eq!(em.model(), &fit.model);
}
