//! Degenerate inputs: identical points, too few points, collinear points, a single point, and
//! data scaled by 1e±150. Every outcome must be an `Ok` with finite parameters or a clear `Err`
//! whose message says what to do; never a panic, never a NaN.

use emviz_core::kmeans::KMeans;
use emviz_core::{
    parse_table, rng_from_seed, select_k, CovarianceType, Dataset, Em, Error, Fit, GmmParams, Init,
    Invalid, ParseOptions, RegCovar,
};

const TYPES: [CovarianceType; 4] = [
    CovarianceType::Full,
    CovarianceType::Diag,
    CovarianceType::Spherical,
    CovarianceType::Tied,
];

fn old_faithful() -> Dataset {
    parse_table(
        include_str!("reference/old_faithful.txt"),
        &ParseOptions::default(),
    )
    .unwrap()
}

fn scaled(data: &Dataset, s: f64) -> Dataset {
    Dataset::new(
        data.names().to_vec(),
        data.values().iter().map(|v| v * s).collect(),
    )
    .unwrap()
}

fn all_finite(fit: &Fit) -> bool {
    let m = &fit.model;
    fit.log_likelihood.is_finite()
        && fit.trace.iter().all(|v| v.is_finite())
        && m.weights().iter().all(|v| v.is_finite())
        && m.means().iter().all(|v| v.is_finite())
        && m.covariances().iter().all(|v| v.is_finite())
}

/// Ok with finite numbers, or an error whose message gives advice. Returns a short description.
fn check_outcome(label: &str, outcome: &Result<Fit, Error>) -> String {
    match outcome {
        Ok(fit) => {
            assert!(all_finite(fit), "{label}: non-finite result {fit:?}");
            let w: f64 = fit.model.weights().iter().sum();
            assert!(
                (w - 1.0).abs() < 1e-12,
                "{label}: weights {:?}",
                fit.model.weights()
            );
            format!(
                "Ok ll {:.4e}, {} warning(s)",
                fit.log_likelihood,
                fit.warnings.len()
            )
        }
        Err(e) => {
            let msg = e.to_string();
            match e {
                Error::Collapse { .. } => {
                    assert!(msg.contains("reg_covar"), "{label}: {msg}")
                }
                Error::TooFewPoints { .. } => assert!(msg.contains("lower K"), "{label}: {msg}"),
                Error::InvalidParameter(Invalid::Underflow { .. }) => {
                    assert!(msg.contains("rescale"), "{label}: {msg}")
                }
                Error::InvalidParameter(_) | Error::Parse(_) | Error::Source(_) => {
                    panic!("{label}: {msg}")
                }
            }
            format!("Err {msg}")
        }
    }
}

#[test]
fn identical_points() {
    for point in [vec![1.5], vec![1.5, -2.0], vec![0.0, 0.0, 0.0]] {
        let d = point.len();
        let rows = vec![point.clone(); 50];
        let data = Dataset::from_rows(&rows).unwrap();
        for ct in TYPES {
            for k in [1, 2] {
                // With regularisation: a valid fit, every used component sits on the point with
                // covariance reg_covar·I.
                let label = format!("d={d} {ct} K={k} reg 1e-6");
                let fit = GmmParams::new(k)
                    .covariance_type(ct)
                    .n_init(3)
                    .fit(&data)
                    .unwrap_or_else(|e| panic!("{label}: {e}"));
                check_outcome(&label, &Ok(fit.clone()));
                let m = &fit.model;
                for j in 0..k {
                    if m.weights()[j] * 50.0 < 1e-3 {
                        continue; // an empty component (warned about)
                    }
                    for (a, b) in m.mean(j).iter().zip(&point) {
                        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{label}: {m:?}");
                    }
                    for a in 0..d {
                        for b in 0..d {
                            let want = if a == b { 1e-6 } else { 0.0 };
                            let got = m.covariance(j)[a * d + b];
                            assert!((got - want).abs() <= 1e-15, "{label}: {m:?}");
                        }
                    }
                }
                if k == 2 {
                    assert!(
                        !fit.warnings.is_empty(),
                        "{label}: two components on one point"
                    );
                }

                // Without: the covariance is exactly zero, so the fit fails with advice.
                let label = format!("d={d} {ct} K={k} reg 0");
                let out = GmmParams::new(k)
                    .covariance_type(ct)
                    .reg_covar(0.0)
                    .n_init(3)
                    .fit(&data);
                check_outcome(&label, &out);
                assert!(
                    matches!(out, Err(Error::Collapse { component, .. }) if component < k),
                    "{label}: {out:?}"
                );
            }
        }
        // k-means on identical points converges at once onto the point.
        let mut km = KMeans::plus_plus(&data, 2, &mut rng_from_seed(0)).unwrap();
        let run = km.run(&data, 10).unwrap();
        assert!(run.converged && run.inertia == 0.0, "{run:?}");
        assert!(km.centers().iter().all(|v| v.is_finite()));
        // Model selection still produces a table.
        let sel = select_k(&data, None, &GmmParams::new(1).check(&data).unwrap(), 3).unwrap();
        assert_eq!(sel.best_bic, 1);
    }
}

#[test]
fn more_components_than_points() {
    let data = Dataset::from_rows(&[[0.0, 1.0], [2.0, 3.0], [4.0, 7.0]]).unwrap();
    for k in [4, 10] {
        let err = GmmParams::new(k).fit(&data).unwrap_err();
        assert_eq!(err, Error::TooFewPoints { n: 3, k });
        let msg = err.to_string();
        assert!(msg.contains("K") && msg.contains("lower K"), "{msg}");
        assert!(msg.contains(&format!("{k} components")), "{msg}");
        assert!(matches!(
            KMeans::plus_plus(&data, k, &mut rng_from_seed(0)),
            Err(Error::TooFewPoints { .. })
        ));
    }
    let err = GmmParams::new(0).fit(&data).unwrap_err();
    assert!(
        matches!(err, Error::InvalidParameter(Invalid::KZero)),
        "{err:?}"
    );
    // select_k caps K at n rather than failing.
    let sel = select_k(&data, None, &GmmParams::new(1).check(&data).unwrap(), 10).unwrap();
    assert_eq!(sel.rows.len(), 3);
}

/// Points exactly on the line y = 2x + 1 (integer x, so every sum and product is exact and the
/// scatter matrix is exactly singular).
fn collinear() -> Dataset {
    let rows: Vec<[f64; 2]> = (0..40)
        .map(|i| {
            let x = (i % 20) as f64 + if i < 20 { 0.0 } else { 40.0 };
            [x, 2.0 * x + 1.0]
        })
        .collect();
    Dataset::from_rows(&rows).unwrap()
}

#[test]
fn collinear_points_with_full_covariance() {
    let data = collinear();
    for k in [1, 2] {
        let label = format!("collinear full K={k} reg 0");
        let out = GmmParams::new(k).reg_covar(0.0).n_init(3).fit(&data);
        check_outcome(&label, &out);
        match &out {
            Err(e @ Error::Collapse { component, .. }) => {
                assert!(*component < k);
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("component {}", component + 1)),
                    "{msg}"
                );
                assert!(msg.contains("line or plane"), "{msg}");
            }
            other => panic!("{label}: expected a collapse, got {other:?}"),
        }

        let label = format!("collinear full K={k} reg 1e-6");
        let fit = GmmParams::new(k).n_init(3).fit(&data).unwrap();
        check_outcome(&label, &Ok(fit.clone()));
        // Each covariance is the singular scatter + 1e-6·I: thin, but regular.
        for j in 0..k {
            assert!(emviz_core::linalg::cholesky(fit.model.covariance(j), 2).is_some());
        }
    }
    // Diagonal and spherical covariances of collinear (non-identical) points are not singular.
    for ct in [CovarianceType::Diag, CovarianceType::Spherical] {
        let fit = GmmParams::new(2)
            .covariance_type(ct)
            .reg_covar(0.0)
            .fit(&data)
            .unwrap();
        assert!(all_finite(&fit), "{ct}");
    }
}

#[test]
fn one_point() {
    let data = Dataset::from_rows(&[[3.0, -4.0]]).unwrap();
    for ct in TYPES {
        let fit = GmmParams::new(1).covariance_type(ct).fit(&data).unwrap();
        check_outcome("one point", &Ok(fit.clone()));
        // scikit-learn's 10·ε guard on the component's count: μ = x / (1 + 10ε).
        for (a, b) in fit.model.means().iter().zip([3.0, -4.0]) {
            assert!((a - b).abs() <= 1e-14 * b.abs(), "{:?}", fit.model.means());
        }
        for (a, b) in fit.model.covariances().iter().zip([1e-6, 0.0, 0.0, 1e-6]) {
            assert!((a - b).abs() <= 1e-20, "{:?}", fit.model.covariances());
        }
        // Without regularisation the likelihood of one point is unbounded. scikit-learn's
        // 10·ε guard puts the mean a few ulps off the point (x / (1 + 10ε)), so the variance is
        // not exactly 0: full and tied covariances (rank 1) are singular and fail; diagonal and
        // spherical ones are ~1e-29 and "succeed" with a warning that the component has shrunk
        // onto its point. Either way the outcome is finite and explained.
        let out = GmmParams::new(1)
            .covariance_type(ct)
            .reg_covar(0.0)
            .fit(&data);
        check_outcome("one point reg 0", &out);
        match &out {
            Err(Error::Collapse { component: 0, .. }) => {}
            Ok(fit) => assert!(
                fit.warnings
                    .iter()
                    .any(|w| w.kind == emviz_core::WarningKind::Lonely
                        && w.to_string().contains("shrunk onto it")),
                "{ct}: {fit:?}"
            ),
            other => panic!("{ct}: {other:?}"),
        }
        if matches!(ct, CovarianceType::Full | CovarianceType::Tied) {
            assert!(
                out.is_err(),
                "{ct}: a rank-1 covariance must not pass: {out:?}"
            );
        }
        let out = GmmParams::new(2).covariance_type(ct).fit(&data);
        assert_eq!(out.unwrap_err(), Error::TooFewPoints { n: 1, k: 2 });
    }
    // The step-wise Em on one point, from a given start.
    let start = emviz_core::Mixture::with_means(CovarianceType::Full, vec![0.0, 0.0], 1).unwrap();
    let mut em = Em::new(&data, start, RegCovar::default()).unwrap();
    let r = em.iterate(&data).unwrap();
    assert!(r.log_likelihood.is_finite() && r.elbo.is_finite() && r.kl >= 0.0);
    let mut em = Em::new(&data, em.model().clone(), RegCovar::ZERO).unwrap();
    em.e_step(&data).unwrap();
    let err = em.m_step(&data).unwrap_err();
    assert!(err.to_string().contains("reg_covar"), "{err}");
    // On error the state is unchanged: the old parameters are still there.
    assert!(em.model().covariances().iter().all(|v| v.is_finite()));
}

/// K = 2 on Old Faithful multiplied by 1e±150 (and by 1e±160, 1e±300, where squares overflow or
/// underflow): every covariance type, reg_covar 0 and 1e-6, a finite fit or a clear error.
#[test]
fn extreme_scales_give_finite_fits_or_clear_errors() {
    let base = old_faithful();
    let mut report = String::new();
    for s in [1e150, 1e-150, 1e160, 1e-160, 1e300, 1e-300] {
        let data = scaled(&base, s);
        for ct in TYPES {
            for reg in [0.0, 1e-6] {
                let label = format!("×{s:e} {ct} reg {reg:e}");
                let out = GmmParams::new(2)
                    .covariance_type(ct)
                    .reg_covar(reg)
                    .n_init(2)
                    .fit(&data);
                let what = check_outcome(&label, &out);
                report.push_str(&format!("{label}: {what}\n"));
                if (s == 1e150 || s == 1e-150) && reg == 0.0 {
                    // Within range EM is scale-equivariant: it must succeed.
                    let fit = out.unwrap_or_else(|e| panic!("{label}: {e}"));
                    assert!(fit.converged, "{label}");
                }
            }
        }
    }
    eprint!("{report}");
}

/// EM is scale-equivariant: the book's run on Old Faithful × 1e±150, from the book's start scaled
/// the same way, gives the same weights (and scaled means and covariances).
#[test]
fn scaled_book_run_gives_the_same_weights() {
    let base = old_faithful();
    let book = |s: f64| {
        GmmParams::new(2)
            .init(Init::Means {
                means: vec![0.0, 50.0 * s, 0.0, 100.0 * s],
                covariances: Some(vec![s * s, 0.0, 0.0, s * s, s * s, 0.0, 0.0, s * s]),
                weights: None,
            })
            .tol(1e-4)
            .reg_covar(0.0)
    };
    let reference = book(1.0).fit(&base).unwrap();
    for s in [1e150, 1e-150] {
        let data = scaled(&base, s);
        let fit = book(s).fit(&data).unwrap_or_else(|e| panic!("×{s:e}: {e}"));
        assert!(all_finite(&fit));
        for (a, b) in fit.model.weights().iter().zip(reference.model.weights()) {
            assert!(
                (a - b).abs() <= 1e-6,
                "×{s:e}: {:?} vs {:?}",
                fit.model.weights(),
                reference.model.weights()
            );
        }
        for (a, b) in fit.model.means().iter().zip(reference.model.means()) {
            assert!(
                (a / s - b).abs() <= 1e-6 * b.abs().max(1.0),
                "×{s:e}: means"
            );
        }
        for (a, b) in fit
            .model
            .covariances()
            .iter()
            .zip(reference.model.covariances())
        {
            assert!(
                (a / (s * s) - b).abs() <= 1e-6 * b.abs().max(1.0),
                "×{s:e}: covariances"
            );
        }
        // The mean log-likelihood shifts by −d·ln s; the number of iterations is the same.
        let shift = -2.0 * s.ln();
        assert!((fit.log_likelihood - (reference.log_likelihood + shift)).abs() < 1e-6);
        assert_eq!(fit.n_iter, reference.n_iter, "×{s:e}");
    }
}

#[test]
fn error_messages_say_what_to_do() {
    let collapse = Error::Collapse {
        component: 1,
        reason: emviz_core::CollapseReason::NotPositiveDefinite,
    };
    let msg = collapse.to_string();
    assert!(msg.contains("component 2"), "{msg}");
    assert!(
        msg.contains("reg_covar") && msg.contains("fewer components"),
        "{msg}"
    );

    let few = Error::TooFewPoints { n: 1, k: 3 };
    let msg = few.to_string();
    assert!(
        msg.contains("1 point cannot") && msg.contains("lower K"),
        "{msg}"
    );

    let data = Dataset::from_rows(&[[0.0], [1.0]]).unwrap();
    for (params, needle) in [
        (GmmParams::new(1).reg_covar(-1.0), "reg_covar"),
        (GmmParams::new(1).reg_covar(f64::NAN), "reg_covar"),
        (GmmParams::new(1).tol(f64::INFINITY), "tol"),
        (GmmParams::new(1).n_init(0), "n_init"),
        (
            GmmParams::new(2).init(Init::Means {
                means: vec![0.0],
                covariances: None,
                weights: None,
            }),
            "means",
        ),
    ] {
        let msg = params.fit(&data).unwrap_err().to_string();
        assert!(msg.contains(needle), "{msg}");
    }
}
