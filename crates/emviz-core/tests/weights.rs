//! Sample weights: integer weights fit as duplicated rows, a zero weight as a dropped row,
//! weights all equal to c as no weights (each from the same start, to 1e-12); per-chunk weighted
//! statistics merged in any partitioning equal one pass; bad weights are refused naming the
//! point; weighted starts never seed at a point of weight 0.

use emviz_core::driver::run_on;
use emviz_core::source::pass_over_weighted;
use emviz_core::{
    rng_from_seed, CovarianceType, Dataset, Error, GmmParams, InMemory, Init, Invalid, LoopParams,
    Mixture, Stats, Weights,
};

/// Points from three blobs in `d` dimensions (`d` = 2 uses the fixed-dimension pass, 5 the
/// general one).
fn blobs(n: usize, d: usize, seed: u64) -> Dataset {
    let k = 3;
    let means: Vec<f64> = (0..k * d)
        .map(|i| ((i * 7 + 3) % 11) as f64 - 5.0)
        .collect();
    let covs: Vec<f64> = (0..k)
        .flat_map(|j| {
            (0..d * d).map(move |e| {
                if e / d == e % d {
                    1.0 + 0.3 * j as f64
                } else {
                    0.2
                }
            })
        })
        .collect();
    let truth = Mixture::new(CovarianceType::Full, vec![1.0; k], means, covs).unwrap();
    truth.sample(n, &mut rng_from_seed(seed)).0
}

/// Deterministic integer weights 0..=3 (an LCG).
fn integer_weights(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((s >> 33) % 4) as f64
        })
        .collect()
}

/// Each row repeated by its (integer) weight.
fn repeated(data: &Dataset, w: &[f64]) -> Dataset {
    let mut values = Vec::new();
    for (row, &wi) in data.rows().zip(w) {
        for _ in 0..wi as usize {
            values.extend_from_slice(row);
        }
    }
    Dataset::new(data.names().to_vec(), values).unwrap()
}

fn start(data: &Dataset, t: CovarianceType) -> Mixture {
    GmmParams::new(3)
        .covariance_type(t)
        .check(data)
        .unwrap()
        .initial_model(data, &mut rng_from_seed(4))
        .unwrap()
}

/// Largest absolute difference between two fits' parameters and traces.
fn max_diff(a: &emviz_core::RunOutcome, b: &emviz_core::RunOutcome) -> f64 {
    assert_eq!(a.n_iter, b.n_iter);
    let pairs = |x: &[f64], y: &[f64]| {
        assert_eq!(x.len(), y.len());
        x.iter()
            .zip(y)
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f64::max)
    };
    pairs(a.model.weights(), b.model.weights())
        .max(pairs(a.model.means(), b.model.means()))
        .max(pairs(a.model.covariances(), b.model.covariances()))
        .max(pairs(&a.trace, &b.trace))
}

fn params() -> LoopParams {
    LoopParams::new(1e-6, 1e-10, 30).unwrap()
}

fn weighted_fit(
    data: &Dataset,
    w: &[f64],
    start: Mixture,
    threads: usize,
) -> emviz_core::RunOutcome {
    let weights = Weights::new(w.to_vec(), data.n()).unwrap();
    let mut source = InMemory::new(data, threads).weighted(&weights).unwrap();
    run_on(&mut source, start, &params()).unwrap()
}

fn plain_fit(data: &Dataset, start: Mixture) -> emviz_core::RunOutcome {
    run_on(&mut InMemory::new(data, 1), start, &params()).unwrap()
}

#[test]
fn integer_weights_fit_as_repeated_rows() {
    let mut worst: f64 = 0.0;
    for d in [1, 2, 3, 5] {
        let data = blobs(700, d, 1);
        let w = integer_weights(data.n(), 7);
        let rep = repeated(&data, &w);
        for t in CovarianceType::ALL {
            let s = start(&data, t);
            let diff = max_diff(&weighted_fit(&data, &w, s.clone(), 1), &plain_fit(&rep, s));
            assert!(diff < 1e-12, "d = {d}, {t}: {diff:e}");
            worst = worst.max(diff);
        }
    }
    eprintln!("integer weights vs repeated rows: max |Δ| = {worst:e}");
}

#[test]
fn a_zero_weight_drops_the_row_and_equal_weights_change_nothing() {
    for d in [2, 5] {
        let data = blobs(500, d, 2);
        let mut w = vec![1.0; data.n()];
        let dropped: Vec<usize> = (0..data.n()).filter(|i| i % 7 == 3).collect();
        for &i in &dropped {
            w[i] = 0.0;
        }
        let kept = repeated(&data, &w);
        for t in CovarianceType::ALL {
            let s = start(&data, t);
            let diff = max_diff(
                &weighted_fit(&data, &w, s.clone(), 1),
                &plain_fit(&kept, s.clone()),
            );
            assert!(diff < 1e-12, "drop, d = {d}, {t}: {diff:e}");
            for c in [0.25, 1.0, 3.0] {
                let all_c = vec![c; data.n()];
                let diff = max_diff(
                    &weighted_fit(&data, &all_c, s.clone(), 1),
                    &plain_fit(&data, s.clone()),
                );
                assert!(diff < 1e-12, "c = {c}, d = {d}, {t}: {diff:e}");
            }
        }
    }
}

#[test]
fn weighted_statistics_merge_in_any_partitioning() {
    let data = blobs(5000, 2, 3);
    let w: Vec<f64> = integer_weights(data.n(), 11)
        .iter()
        .map(|v| v * 0.75 + 0.1)
        .collect();
    for t in CovarianceType::ALL {
        let model = start(&data, t);
        let mut one = Stats::empty_with_entropy(&model);
        one.accumulate_weighted(&model, data.values(), &w).unwrap();
        for cuts in [vec![1], vec![63, 64, 65], vec![100, 1000, 4999], vec![2500]] {
            let mut bounds = vec![0];
            bounds.extend(cuts);
            bounds.push(data.n());
            let shards: Vec<Stats> = bounds
                .windows(2)
                .map(|r| {
                    let mut s = Stats::empty_with_entropy(&model);
                    s.accumulate_weighted(
                        &model,
                        &data.values()[r[0] * 2..r[1] * 2],
                        &w[r[0]..r[1]],
                    )
                    .unwrap();
                    s
                })
                .collect();
            let merged = Stats::merge_tree(shards).unwrap().unwrap();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
            assert!(close(merged.log_likelihood(), one.log_likelihood()));
            assert!(close(merged.entropy_sum(), one.entropy_sum()));
            assert!(close(merged.total_weight(), one.total_weight()));
            for (a, b) in merged.counts().iter().zip(one.counts()) {
                assert!(close(*a, b));
            }
            let (emviz_core::MStep::Model(a), emviz_core::MStep::Model(b)) =
                (merged.m_step(1e-6).unwrap(), one.m_step(1e-6).unwrap())
            else {
                panic!("one pass is enough about the means")
            };
            for (x, y) in a
                .means()
                .iter()
                .zip(b.means())
                .chain(a.covariances().iter().zip(b.covariances()))
            {
                assert!(close(*x, *y), "{t}");
            }
        }
        // Threads split the weights with the rows.
        let threaded =
            pass_over_weighted(&model, data.values(), Some(&w), 0, &Stats::empty(&model), 3)
                .unwrap();
        assert!(
            (threaded.log_likelihood() - one.log_likelihood()).abs()
                <= 1e-12 * one.log_likelihood().abs()
        );
    }
}

#[test]
fn weighted_sums_and_log_likelihood_are_the_repeated_ones() {
    let data = blobs(300, 2, 5);
    let w = integer_weights(data.n(), 3);
    let rep = repeated(&data, &w);
    let model = start(&data, CovarianceType::Full);
    let mut a = Stats::empty_with_entropy(&model);
    a.accumulate_weighted(&model, data.values(), &w).unwrap();
    let mut b = Stats::empty_with_entropy(&model);
    b.accumulate(&model, rep.values()).unwrap();
    assert!(a.is_weighted() && !b.is_weighted());
    assert_eq!(a.total_weight(), rep.n() as f64);
    assert_eq!(a.n(), data.n());
    assert!((a.log_likelihood() - b.log_likelihood()).abs() < 1e-9);
    assert!((a.mean_log_likelihood() - b.mean_log_likelihood()).abs() < 1e-12);
    assert!((a.entropy_sum() - b.entropy_sum()).abs() < 1e-9);
}

#[test]
fn bad_weights_are_refused_naming_the_point() {
    let data = blobs(10, 2, 1);
    let model = start(&data, CovarianceType::Full);
    let mut s = Stats::empty(&model);
    let mut w = vec![1.0; 10];
    w[6] = -1.0;
    let e = s
        .accumulate_weighted(&model, data.values(), &w)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidParameter(Invalid::SampleWeight { row: 7, .. })
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("point 7"), "{e}");
    w[6] = f64::NAN;
    assert!(s.accumulate_weighted(&model, data.values(), &w).is_err());
    assert!(matches!(
        s.accumulate_weighted(&model, data.values(), &w[..9])
            .unwrap_err(),
        Error::InvalidParameter(Invalid::SampleWeightsLength { given: 9, n: 10 })
    ));
    assert!(matches!(
        Weights::new(vec![0.0; 10], 10).unwrap_err(),
        Error::InvalidParameter(Invalid::SampleWeightsZero { n: 10 })
    ));
    let short = Weights::new(vec![1.0; 9], 9).unwrap();
    assert!(InMemory::new(&data, 1).weighted(&short).is_err());
    // A pass of weight 0 only has nothing to estimate from.
    let mut zero = Stats::empty(&model);
    zero.accumulate_weighted(&model, data.values(), &[0.0; 10])
        .unwrap();
    assert!(zero.m_step(1e-6).is_err());
}

#[test]
fn weighted_starts_never_seed_at_a_point_of_weight_zero() {
    let data = blobs(400, 2, 9);
    // Only the first 30 points count: the others sit at far-away copies.
    let mut values = data.values().to_vec();
    for v in values.iter_mut().skip(60) {
        *v += 1000.0;
    }
    let data = Dataset::new(data.names().to_vec(), values).unwrap();
    let w: Vec<f64> = (0..data.n())
        .map(|i| if i < 30 { 1.0 } else { 0.0 })
        .collect();
    let weights = Weights::new(w, data.n()).unwrap();
    for init in [Init::KMeansPlusPlus, Init::Random] {
        for seed in 0..20 {
            let params = GmmParams::new(3)
                .init(init.clone())
                .seed(seed)
                .check(&data)
                .unwrap();
            let m = params
                .initial_model_weighted(&data, Some(weights.values()), &mut rng_from_seed(seed))
                .unwrap();
            assert!(
                m.means().iter().all(|v| v.abs() < 100.0),
                "{init:?} seed {seed}"
            );
            let fit = params.fit_weighted(&data, &weights).unwrap();
            assert!(fit.model.means().iter().all(|v| v.abs() < 100.0));
        }
    }
}

/// Choosing the model and K with weights: from given means (the same start for both) every
/// (model, K = 3) cell with integer weights is the cell of the repeated rows — log-likelihood,
/// BIC, AIC and ICL, n being Σ wₙ — for all fourteen models; weights all 1 give the unweighted
/// table's choices and values (k-means++ starts, K = 1..3); weights of another length are refused.
#[test]
fn weighted_selection_is_the_selection_of_the_repeated_rows() {
    use emviz_core::{select_k, select_models, select_models_over, ModelName};
    let data = blobs(120, 2, 21);
    let w = integer_weights(data.n(), 5);
    let rows = repeated(&data, &w);
    let weights = Weights::new(w, data.n()).unwrap();
    let means = vec![-3.0, 2.0, 0.0, -1.0, 4.0, 3.0];
    let template = GmmParams::new(3)
        .init(Init::Means {
            means,
            covariances: None,
            weights: None,
        })
        .tol(1e-10)
        .reg_covar(1e-6)
        .check(&data)
        .unwrap();
    let got = select_models_over(&data, Some(&weights), &template, &ModelName::ALL, &[3]).unwrap();
    let want = select_models_over(&rows, None, &template, &ModelName::ALL, &[3]).unwrap();
    assert_eq!(got.rows.len(), 14);
    for (a, b) in got.rows.iter().zip(&want.rows) {
        assert_eq!((a.model, a.row.converged), (b.model, b.row.converged));
        for (x, y) in [
            (a.row.log_likelihood, b.row.log_likelihood),
            (a.row.bic, b.row.bic),
            (a.row.aic, b.row.aic),
            (a.row.icl, b.row.icl),
        ] {
            let (x, y) = (x.unwrap(), y.unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * (1.0 + y.abs()),
                "{}: {x} {y}",
                a.model
            );
        }
    }
    assert_eq!(got.best_bic, want.best_bic);
    assert_eq!(got.best_icl, want.best_icl);

    // Weights all 1: the same k-means++ starts and the same optima (the weighted pass sums its
    // log-likelihood in another order, so the traces agree to rounding, not bit for bit).
    let ones = Weights::new(vec![1.0; data.n()], data.n()).unwrap();
    let template = GmmParams::new(1)
        .n_init(2)
        .tol(1e-10)
        .max_iter(1000)
        .check(&data)
        .unwrap();
    let a = select_k(&data, Some(&ones), &template, 3).unwrap();
    let b = select_k(&data, None, &template, 3).unwrap();
    assert_eq!(
        (a.best_bic, a.best_aic, a.best_icl),
        (b.best_bic, b.best_aic, b.best_icl)
    );
    for (x, y) in a.rows.iter().zip(&b.rows) {
        let (x, y) = (x.bic.unwrap(), y.bic.unwrap());
        assert!((x - y).abs() <= 1e-8 * y.abs(), "{x} {y}");
    }
    let models = [ModelName::Vev, ModelName::Eei];
    let a = select_models(&data, Some(&ones), &template, &models, 3).unwrap();
    let b = select_models(&data, None, &template, &models, 3).unwrap();
    assert_eq!((a.best_bic, a.best_icl), (b.best_bic, b.best_icl));
    for (x, y) in a.rows.iter().zip(&b.rows) {
        // ICL moves at first order with the parameters, which a flat optimum leaves ~1e-5 apart.
        let (bx, by) = (x.row.bic.unwrap(), y.row.bic.unwrap());
        assert!((bx - by).abs() <= 1e-10 * by.abs(), "{bx} {by}");
        let (x, y) = (x.row.icl.unwrap(), y.row.icl.unwrap());
        assert!((x - y).abs() <= 1e-7 * y.abs(), "{x} {y}");
    }
    let short = Weights::new(vec![1.0; 5], 5).unwrap();
    assert!(matches!(
        select_k(&data, Some(&short), &template, 3),
        Err(Error::InvalidParameter(Invalid::SampleWeightsLength {
            given: 5,
            n: 120
        }))
    ));
}

/// Weighted k-means (the page's k-means beside a weighted EM run): from the same centres,
/// integer weights give the run of the repeated rows — the same centres step by step to
/// rounding and the objective Σ wₙ ‖xₙ − c(xₙ)‖² — a zero weight pulls no centre, weights all 1
/// are the unweighted run bit for bit, and weights of another length are refused.
#[test]
fn weighted_kmeans_is_kmeans_on_the_repeated_rows() {
    use emviz_core::KMeans;
    use std::sync::Arc;
    let data = blobs(150, 2, 8);
    let w = integer_weights(data.n(), 9);
    let rows = repeated(&data, &w);
    let centres = vec![-3.0, 2.0, 0.0, -1.0, 4.0, 3.0];
    let weights = Arc::new(Weights::new(w.clone(), data.n()).unwrap());
    let mut a = KMeans::new(&data, centres.clone())
        .unwrap()
        .weighted(Some(weights));
    let mut b = KMeans::new(&rows, centres.clone()).unwrap();
    for step in 0..8 {
        a.assign(&data).unwrap();
        b.assign(&rows).unwrap();
        a.update(&data).unwrap();
        b.update(&rows).unwrap();
        for (x, y) in a.centers().iter().zip(b.centers()) {
            assert!(
                (x - y).abs() <= 1e-12 * (1.0 + y.abs()),
                "step {step}: {x} {y}"
            );
        }
        let (ia, ib) = (a.inertia(&data), b.inertia(&rows));
        assert!((ia - ib).abs() <= 1e-10 * ib, "step {step}: {ia} {ib}");
    }
    // Weights all 1: the unweighted run, bit for bit.
    let ones = Arc::new(Weights::new(vec![1.0; data.n()], data.n()).unwrap());
    let mut a = KMeans::new(&data, centres.clone())
        .unwrap()
        .weighted(Some(ones));
    let mut b = KMeans::new(&data, centres.clone()).unwrap();
    assert_eq!(a.run(&data, 20).unwrap(), b.run(&data, 20).unwrap());
    assert_eq!(a.centers(), b.centers());
    // A point of weight 0 far away moves no centre.
    let mut far = data.values().to_vec();
    far.extend([500.0, 500.0]);
    let with_far = Dataset::new(data.names().to_vec(), far).unwrap();
    let mut wf = w.clone();
    wf.push(0.0);
    let mut c = KMeans::new(&with_far, centres.clone())
        .unwrap()
        .weighted(Some(Arc::new(Weights::new(wf, with_far.n()).unwrap())));
    let mut d = KMeans::new(&data, centres.clone())
        .unwrap()
        .weighted(Some(Arc::new(Weights::new(w, data.n()).unwrap())));
    c.run(&with_far, 20).unwrap();
    d.run(&data, 20).unwrap();
    assert_eq!(c.centers(), d.centers());
    // Weights of another length: an error at the step, NaN for the objective, no panic.
    let short = Arc::new(Weights::new(vec![1.0; 3], 3).unwrap());
    let mut e = KMeans::new(&data, centres).unwrap().weighted(Some(short));
    assert!(e.assign(&data).is_err());
    assert!(e.inertia(&data).is_nan());
}
