//! Property tests of the core on random small data sets: 2–4 Gaussian blobs, d = 1..=4,
//! n = 10..200, random centres, spreads and overall scale (10^-3 .. 10^3), random K (≤ n),
//! covariance type, start and seed.
//!
//! Monotonicity and the ELBO/KL identities are checked with `reg_covar = 0`: only then is the
//! M-step the exact maximiser of the ELBO, so only then must EM never lower the log-likelihood
//! (with `reg_covar > 0` it may, by a little). Fits with `reg_covar = 0` can legitimately fail
//! (a component collapses onto too few points); such cases are skipped, everything else must hold,
//! and the properties that may skip count their cases: more than half must really be checked
//! (125 of 128 when written).

use emviz_core::kmeans::KMeans;
use emviz_core::linalg::cholesky;
use emviz_core::{
    rng_from_seed, select_k, CovarianceType, Covariances, Dataset, Em, Error, Fit, GmmParams,
    HalfStep, Init, Mixture, ModelJson, RegCovar,
};
use proptest::prelude::*;

const TYPES: [CovarianceType; 4] = [
    CovarianceType::Full,
    CovarianceType::Diag,
    CovarianceType::Spherical,
    CovarianceType::Tied,
];

/// A random data set: blobs with diagonal spreads, sampled with a seed.
#[derive(Clone, Debug)]
struct Blobs {
    d: usize,
    /// (mean, standard deviations, weight) per blob.
    blobs: Vec<(Vec<f64>, Vec<f64>, f64)>,
    /// Everything is multiplied by 10^scale_exp.
    scale_exp: f64,
    n: usize,
    seed: u64,
}

impl Blobs {
    fn generator(&self) -> Mixture {
        let (d, s) = (self.d, 10f64.powf(self.scale_exp));
        let k = self.blobs.len();
        let mut covs = vec![0.0; k * d * d];
        for (j, (_, sd, _)) in self.blobs.iter().enumerate() {
            for a in 0..d {
                covs[j * d * d + a * d + a] = (sd[a] * s).powi(2);
            }
        }
        Mixture::new(
            CovarianceType::Diag,
            self.blobs.iter().map(|b| b.2).collect(),
            self.blobs
                .iter()
                .flat_map(|b| b.0.iter().map(|m| m * s))
                .collect(),
            covs,
        )
        .expect("valid generator")
    }

    fn data(&self) -> Dataset {
        self.generator()
            .sample(self.n, &mut rng_from_seed(self.seed))
            .0
    }
}

fn blobs() -> impl Strategy<Value = Blobs> {
    (
        1usize..=4,
        2usize..=4,
        10usize..200,
        -3.0f64..3.0,
        any::<u64>(),
    )
        .prop_flat_map(|(d, b, n, scale_exp, seed)| {
            let blob = (
                proptest::collection::vec(-10.0f64..10.0, d),
                proptest::collection::vec(0.1f64..3.0, d),
                0.2f64..1.0,
            );
            proptest::collection::vec(blob, b).prop_map(move |blobs| Blobs {
                d,
                blobs,
                scale_exp,
                n,
                seed,
            })
        })
}

/// A data set and fit settings.
#[derive(Clone, Debug)]
struct Case {
    blobs: Blobs,
    k: usize,
    cov_type: CovarianceType,
    /// 0: k-means++, 1: random points, 2: given means (random data points).
    init: u8,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (blobs(), 1usize..=4, 0usize..4, 0u8..3, any::<u64>()).prop_map(|(blobs, k, t, init, seed)| {
        Case {
            k: k.min(blobs.n),
            blobs,
            cov_type: TYPES[t],
            init,
            seed,
        }
    })
}

impl Case {
    /// The start these settings draw from the case's seed (checked first).
    fn start(&self, data: &Dataset, reg_covar: f64) -> Result<Mixture, Error> {
        self.params(data, reg_covar)
            .check(data)?
            .initial_model(data, &mut rng_from_seed(self.seed))
    }

    fn params(&self, data: &Dataset, reg_covar: f64) -> GmmParams {
        let init = match self.init {
            0 => Init::KMeansPlusPlus,
            1 => Init::Random,
            _ => {
                // Means at K data points spread through the data (deterministic in the seed).
                let n = data.n();
                let means = (0..self.k)
                    .flat_map(|j| {
                        let i = (self.seed as usize).wrapping_add(j * n / self.k) % n;
                        data.row(i).to_vec()
                    })
                    .collect();
                // Identity covariances would be absurd for data of scale 1e-3 or 1e3, so scale
                // them to the data: variance of each column, on the diagonal (their mean for
                // spherical). The start must lie in the covariance type's family: from a start
                // outside it (say, unequal variances for a spherical model) the first M-step
                // projects onto the family and may lower the log-likelihood.
                let d = data.d();
                let mut var = vec![0.0; d];
                for (a, v) in var.iter_mut().enumerate() {
                    let col: Vec<f64> = data.rows().map(|r| r[a]).collect();
                    let m = col.iter().sum::<f64>() / n as f64;
                    let s = col.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
                    *v = s.max(f64::MIN_POSITIVE.sqrt());
                }
                if self.cov_type == CovarianceType::Spherical {
                    let mean = var.iter().sum::<f64>() / d as f64;
                    var.iter_mut().for_each(|v| *v = mean);
                }
                let mut cov = vec![0.0; d * d];
                for a in 0..d {
                    cov[a * d + a] = var[a];
                }
                Init::Means {
                    means,
                    covariances: Some((0..self.k).flat_map(|_| cov.clone()).collect()),
                    weights: None,
                }
            }
        };
        GmmParams::new(self.k)
            .covariance_type(self.cov_type)
            .init(init)
            .reg_covar(reg_covar)
            .max_iter(200)
            .seed(self.seed)
    }
}

/// Every structural promise of a `Mixture`: finite numbers, weights a distribution, covariances
/// symmetric positive definite, and of the declared type's shape.
fn check_model(m: &Mixture) -> Result<(), TestCaseError> {
    let (k, d) = (m.k(), m.d());
    let w = m.weights();
    prop_assert_eq!(w.len(), k);
    prop_assert!(
        w.iter().all(|v| v.is_finite() && *v >= 0.0),
        "weights {:?}",
        w
    );
    prop_assert!(
        (w.iter().sum::<f64>() - 1.0).abs() <= 1e-12,
        "weights sum {:?}",
        w
    );
    prop_assert!(m.means().iter().all(|v| v.is_finite()));
    prop_assert_eq!(m.means().len(), k * d);
    for j in 0..k {
        let c = m.covariance(j);
        prop_assert!(c.iter().all(|v| v.is_finite()), "covariance {:?}", c);
        for a in 0..d {
            for b in 0..d {
                prop_assert!(c[a * d + b] == c[b * d + a], "asymmetric {:?}", c);
                if a != b
                    && m.covariance_type() != CovarianceType::Full
                    && m.covariance_type() != CovarianceType::Tied
                {
                    prop_assert_eq!(c[a * d + b], 0.0);
                }
            }
        }
        if m.covariance_type() == CovarianceType::Spherical {
            prop_assert!((0..d).all(|a| c[a * d + a] == c[0]));
        }
        if m.covariance_type() == CovarianceType::Tied {
            prop_assert_eq!(c, m.covariance(0));
        }
        prop_assert!(cholesky(c, d).is_some(), "not positive definite: {:?}", c);
    }
    Ok(())
}

fn check_fit(fit: &Fit) -> Result<(), TestCaseError> {
    check_model(&fit.model)?;
    prop_assert!(fit.log_likelihood.is_finite());
    prop_assert!(fit.trace.iter().all(|v| v.is_finite()));
    prop_assert_eq!(fit.trace.len(), fit.n_iter + 1);
    prop_assert_eq!(*fit.trace.last().unwrap(), fit.log_likelihood);
    Ok(())
}

/// Whether a component has collapsed below what floating point can resolve: a conditional
/// standard deviation (a Cholesky pivot `Lᵢᵢ`, the spread along axis i given the earlier axes)
/// under 1e-6 of the data's magnitude, or a weight under 1e-6 of one point. Flat components count:
/// the covariance of 2 points in 2-D is singular, yet rounding lets Cholesky accept it. With
/// `reg_covar = 0` such a component has an unbounded likelihood that the arithmetic can no
/// longer follow (its density is dominated by the rounding of `x − μ`, `(x − μ)²` in its last
/// bits), so from such a start the next iteration may lower the computed ℓ (seen: a component
/// with variance 1.3e-31 on data of spread ~1 lowered the mean ℓ by 1e-3). EM's monotonicity is a
/// statement about exact arithmetic; it is checked wherever the arithmetic can honour it.
fn numerically_collapsed(m: &Mixture, data: &Dataset) -> bool {
    let (d, n) = (m.d(), data.n() as f64);
    let magnitude: Vec<f64> = (0..d)
        .map(|a| {
            data.rows()
                .map(|r| r[a].abs())
                .fold(0.0, f64::max)
                .max(f64::MIN_POSITIVE)
        })
        .collect();
    (0..m.k()).any(|j| {
        let l = cholesky(m.covariance(j), d).expect("a Mixture's covariances are PD");
        m.weights()[j] * n < 1e-6 || (0..d).any(|a| l[a * d + a] < 1e-6 * magnitude[a])
    })
}

/// Relative closeness with a floor of 1 on the scale (mean log-likelihoods can be near 0).
fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a - b).abs() <= rtol * (a.abs().max(b.abs()) + 1.0)
}

/// With reg_covar = 0, the fit's trace never goes down (tolerance 1e-9·(|ℓ| + 1)), unless the
/// fit ended numerically collapsed (see [`numerically_collapsed`]).
fn check_monotone_trace(c: &Case) -> Result<bool, TestCaseError> {
    let data = c.blobs.data();
    let mut checked = false;
    if let Ok(fit) = c.params(&data, 0.0).tol(1e-10).fit(&data) {
        check_fit(&fit)?;
        if numerically_collapsed(&fit.model, &data) {
            // Checked step by step in `step_wise_em_keeps_the_elbo_identities`.
            return Ok(false);
        }
        checked = true;
        for (i, w) in fit.trace.windows(2).enumerate() {
            prop_assert!(
                w[1] >= w[0] - 1e-9 * (w[0].abs() + 1.0),
                "iteration {}: {} -> {} in {:?}",
                i + 1,
                w[0],
                w[1],
                fit.trace
            );
        }
    }
    Ok(checked)
}

/// Step-wise EM with reg_covar = 0: after every E-step KL = 0 exactly and ELBO = n·ℓ; after every
/// M-step KL ≥ 0, the ELBO has not gone down, and ELBO + KL = n·ℓ (1e-9 relative). Steps from a
/// numerically collapsed model are not checked.
fn check_step_wise_em(c: &Case) -> Result<bool, TestCaseError> {
    let data = c.blobs.data();
    let Ok(start) = c.start(&data, 0.0) else {
        return Ok(false);
    };
    let mut checked = false;
    let n = data.n() as f64;
    let mut em = Em::new(&data, start, RegCovar::ZERO).unwrap();
    for _ in 0..25 {
        if numerically_collapsed(em.model(), &data) {
            break;
        }
        let e = em.e_step(&data).unwrap();
        prop_assert_eq!(e.half, HalfStep::E);
        prop_assert_eq!(e.kl, 0.0);
        let total = n * e.log_likelihood;
        prop_assert!(
            close(e.elbo, total, 1e-9),
            "E: elbo {} vs n·ll {}",
            e.elbo,
            total
        );
        let m = match em.m_step(&data) {
            Ok(m) => m,
            Err(Error::Collapse { .. }) => break,
            Err(other) => return Err(TestCaseError::fail(format!("{other}"))),
        };
        prop_assert_eq!(m.half, HalfStep::M);
        prop_assert!(m.kl >= 0.0, "KL {}", m.kl);
        prop_assert!(
            m.elbo >= e.elbo - 1e-9 * (e.elbo.abs() + 1.0),
            "M-step lowered the ELBO: {} -> {}",
            e.elbo,
            m.elbo
        );
        let total = n * m.log_likelihood;
        prop_assert!(
            close(m.elbo + m.kl, total, 1e-9),
            "M: elbo {} + kl {} vs n·ll {}",
            m.elbo,
            m.kl,
            total
        );
        prop_assert!(m.log_likelihood >= e.log_likelihood - 1e-9 * (e.log_likelihood.abs() + 1.0));
        check_model(em.model())?;
        checked = true;
        if em.converged(1e-10) {
            break;
        }
    }
    Ok(checked)
}

/// Half-steps taken in slices of `slice` rows (as the page does, a frame's budget at a time)
/// reach exactly the states, reports and errors of whole half-steps.
fn check_sliced_steps(c: &Case, slice: usize) -> Result<bool, TestCaseError> {
    let data = c.blobs.data();
    let Ok(start) = c.start(&data, 0.0) else {
        return Ok(false);
    };
    let mut whole = Em::new(&data, start.clone(), RegCovar::ZERO).unwrap();
    let mut sliced = Em::new(&data, start, RegCovar::ZERO).unwrap();
    for _ in 0..20 {
        let expected = whole.step(&data);
        let mut calls = 0;
        let got = loop {
            calls += 1;
            match sliced.step_some(&data, slice) {
                Ok(Some(report)) => break Ok(report),
                Ok(None) => prop_assert!(sliced.step_pending()),
                Err(e) => break Err(e),
            }
            prop_assert!(
                calls <= 3 * data.n() / slice + 4,
                "the M-step never finished"
            );
        };
        match (expected, got) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a, b);
                prop_assert_eq!(whole.model(), sliced.model());
                prop_assert_eq!(whole.responsibilities(), sliced.responsibilities());
                prop_assert!(!sliced.step_pending());
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.to_string(), b.to_string());
                break;
            }
            (a, b) => prop_assert!(false, "whole {:?} vs sliced {:?}", a, b),
        }
    }
    Ok(true)
}

/// The properties' settings: 128 random cases each; the cases proptest found are replayed by
/// `found_cases_still_pass` instead of a regressions file.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs `check` on `config().cases` random values of `strategy` (failing as proptest! does, with
/// the shrunk case) and asserts that more than half of them were really checked (`check` says
/// whether it could check its case, or had to skip it: a start that fails, a collapse).
fn counted<T: Strategy>(
    name: &str,
    strategy: T,
    check: impl Fn(&T::Value) -> Result<bool, TestCaseError>,
) where
    T::Value: std::fmt::Debug,
{
    use std::cell::Cell;
    let (total, checked) = (Cell::new(0usize), Cell::new(0usize));
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let result = runner.run(&strategy, |v| {
        total.set(total.get() + 1);
        if check(&v)? {
            checked.set(checked.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let (total, checked) = (total.get(), checked.get());
    eprintln!("{name}: {checked} of {total} cases checked");
    assert!(
        2 * checked > total,
        "{name}: only {checked} of {total} cases were checked"
    );
}

/// With reg_covar = 0, EM never lowers the mean log-likelihood (tolerance 1e-9·(|ℓ| + 1)).
#[test]
fn em_trace_never_decreases_without_regularisation() {
    counted("monotone trace", case(), check_monotone_trace);
}

/// The step-wise Em and the book's decomposition ℓ·n = ELBO + KL.
#[test]
fn step_wise_em_keeps_the_elbo_identities() {
    counted("step-wise identities", case(), check_step_wise_em);
}

/// Half-steps in slices equal whole ones, bit for bit.
#[test]
fn sliced_half_steps_equal_whole_ones() {
    counted("sliced half-steps", (case(), 1usize..200), |(c, slice)| {
        check_sliced_steps(c, *slice)
    });
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        // The cases proptest found are replayed by `found_cases_still_pass` instead of a
        // regressions file.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// With the default reg_covar = 1e-6, every start succeeds and gives a valid model.
    #[test]
    fn every_start_gives_a_valid_model(c in case()) {
        let data = c.blobs.data();
        let fit = c.params(&data, 1e-6).fit(&data);
        let fit = fit.map_err(|e| TestCaseError::fail(format!("{e}")))?;
        check_fit(&fit)?;
        prop_assert_eq!(fit.model.k(), c.k);
        prop_assert_eq!(fit.model.covariance_type(), c.cov_type);
        prop_assert_eq!(fit.failed_starts, 0);
    }

    #[test]
    fn fits_are_reproducible(c in case()) {
        let data = c.blobs.data();
        let params = c.params(&data, 1e-6).n_init(2);
        let a = params.fit(&data).unwrap();
        let b = params.fit(&data).unwrap();
        prop_assert_eq!(&a, &b);
    }

    /// What a fitted model is used for: responsibilities, labels, densities, sampling.
    #[test]
    fn predictions_are_consistent(c in case(), sample_seed in any::<u64>(), m in 1usize..50) {
        let data = c.blobs.data();
        let fit = c.params(&data, 1e-6).fit(&data).unwrap();
        let model = &fit.model;
        let k = model.k();
        let proba = model.predict_proba(&data).unwrap();
        let labels = model.predict(&data).unwrap();
        prop_assert_eq!(proba.len(), data.n() * k);
        prop_assert_eq!(labels.len(), data.n());
        for (row, &l) in proba.chunks_exact(k).zip(&labels) {
            prop_assert!(row.iter().all(|p| p.is_finite() && (0.0..=1.0 + 1e-12).contains(p)));
            prop_assert!((row.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "{:?}", row);
            let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(l < k);
            prop_assert_eq!(row[l], max, "predict {} is not an argmax of {:?}", l, row);
        }
        let scores = model.score_samples(&data).unwrap();
        prop_assert_eq!(scores.len(), data.n());
        let mean = scores.iter().sum::<f64>() / data.n() as f64;
        let ll = model.mean_log_likelihood(&data).unwrap();
        prop_assert_eq!(mean, ll);
        prop_assert!(close(ll, fit.log_likelihood, 1e-12), "{} vs {}", ll, fit.log_likelihood);

        let (s1, l1) = model.sample(m, &mut rng_from_seed(sample_seed));
        let (s2, l2) = model.sample(m, &mut rng_from_seed(sample_seed));
        prop_assert_eq!(&s1, &s2);
        prop_assert_eq!(&l1, &l2);
        prop_assert_eq!((s1.n(), s1.d()), (m, model.d()));
        prop_assert!(l1.iter().all(|&j| j < k));
        prop_assert!(s1.values().iter().all(|v| v.is_finite()));
    }

    /// k-means: assignment puts every point at its nearest centre; neither step raises the inertia.
    #[test]
    fn kmeans_steps_never_raise_the_inertia(b in blobs(), k in 1usize..=5, seed in any::<u64>()) {
        let data = b.data();
        let k = k.min(data.n());
        let mut km = KMeans::plus_plus(&data, k, &mut rng_from_seed(seed)).unwrap();
        let d = data.d();
        let mut last = km.inertia(&data);
        let tol = |v: f64| 1e-12 * v.abs() + 1e-300;
        for _ in 0..50 {
            let changed = km.assign(&data).unwrap();
            let after_assign = km.inertia(&data);
            prop_assert!(after_assign <= last + tol(last), "assign: {} -> {}", last, after_assign);
            for (x, &l) in data.rows().zip(km.labels()) {
                let dist = |j: usize| -> f64 {
                    x.iter().zip(&km.centers()[j * d..(j + 1) * d]).map(|(a, b)| (a - b) * (a - b)).sum()
                };
                prop_assert!((0..k).all(|j| dist(l) <= dist(j)), "label {} is not nearest", l);
            }
            if changed == 0 && km.iteration() > 0 {
                break;
            }
            km.update(&data).unwrap();
            let after_update = km.inertia(&data);
            prop_assert!(
                after_update <= after_assign + tol(after_assign),
                "update: {} -> {}", after_assign, after_update
            );
            last = after_update;
        }
        let run = km.clone().run(&data, 100).unwrap();
        prop_assert!(run.inertia <= last + tol(last));
    }

    /// Model JSON: fit → JSON text → ModelJson → Mixture gives the model back.
    #[test]
    fn model_json_round_trips(c in case()) {
        let data = c.blobs.data();
        let fit = c.params(&data, 1e-6).fit(&data).unwrap();
        let json = ModelJson::from_fit(&fit, &data).unwrap();
        let text = serde_json::to_string(&json).unwrap();
        let back: ModelJson = serde_json::from_str(&text).unwrap();
        let m = back.to_mixture().unwrap();
        let orig = &fit.model;
        prop_assert_eq!(m.covariance_type(), orig.covariance_type());
        prop_assert_eq!((m.k(), m.d()), (orig.k(), orig.d()));
        for (a, b) in [
            (m.weights(), orig.weights()),
            (m.means(), orig.means()),
            (m.covariances(), orig.covariances()),
        ] {
            for (x, y) in a.iter().zip(b) {
                prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(y.abs()), "{} vs {}", x, y);
            }
        }
        prop_assert_eq!(back.n_iter, fit.n_iter);
        prop_assert_eq!(back.converged, fit.converged);
        prop_assert_eq!(back.feature_names, data.names().to_vec());

        // Bare parameters too: their unknown lower bound (NaN) is written as null and read back.
        let bare = serde_json::to_string(&ModelJson::from_mixture(orig)).unwrap();
        prop_assert!(bare.contains("\"lower_bound\":null"), "{}", bare);
        let back: ModelJson = serde_json::from_str(&bare).unwrap();
        prop_assert!(back.lower_bound.is_nan());
        // Within 1e-12: serde_json's default float parser may miss the last bit.
        let m = back.to_mixture().unwrap();
        for (a, b) in [
            (m.weights(), orig.weights()),
            (m.means(), orig.means()),
            (m.covariances(), orig.covariances()),
        ] {
            for (x, y) in a.iter().zip(b) {
                prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(y.abs()), "{} vs {}", x, y);
            }
        }
    }

    /// scikit-learn's covariance shapes (diag k × d, spherical k, tied d × d) are read as the full
    /// matrices emviz writes.
    #[test]
    fn sklearn_shaped_covariances_equal_the_full_form(c in case()) {
        let data = c.blobs.data();
        let fit = c.params(&data, 1e-6).fit(&data).unwrap();
        let m = &fit.model;
        let (k, d) = (m.k(), m.d());
        let sk_shape = match m.covariance_type() {
            CovarianceType::Full => return Ok(()),
            CovarianceType::Diag => serde_json::json!((0..k)
                .map(|j| (0..d).map(|a| m.covariance(j)[a * d + a]).collect::<Vec<_>>())
                .collect::<Vec<_>>()),
            CovarianceType::Spherical => {
                serde_json::json!((0..k).map(|j| m.covariance(j)[0]).collect::<Vec<_>>())
            }
            CovarianceType::Tied => serde_json::json!(m
                .covariance(0)
                .chunks_exact(d)
                .map(<[f64]>::to_vec)
                .collect::<Vec<_>>()),
        };
        let mut json = serde_json::to_value(ModelJson::from_mixture(m)).unwrap();
        json["covariances"] = sk_shape;
        let parsed: ModelJson = serde_json::from_value(json).unwrap();
        prop_assert!(!matches!(parsed.covariances, Covariances::Matrices(_)) || d == 1 && m.covariance_type() == CovarianceType::Tied);
        let back = parsed.to_mixture().unwrap();
        prop_assert_eq!(back.covariances(), m.covariances());
        prop_assert_eq!(back.means(), m.means());
        // `Mixture::new` normalises the weights again, which may move the last bit.
        for (x, y) in back.weights().iter().zip(m.weights()) {
            prop_assert!((x - y).abs() <= 1e-15, "{} vs {}", x, y);
        }
    }
}

/// Cases proptest found (shrunk), replayed every run.
#[test]
fn found_cases_still_pass() {
    let cases = [
        // Four components on 75 points in 1-D: one collapses onto a single point (variance
        // 1e-31); after that, one iteration lowers the computed ℓ by 1e-3.
        Case {
            blobs: Blobs {
                d: 1,
                blobs: vec![
                    (
                        vec![6.8359342610123575],
                        vec![2.490523371909261],
                        0.4731587759612694,
                    ),
                    (
                        vec![2.036634824267711],
                        vec![0.36484898232113966],
                        0.7042586311726984,
                    ),
                ],
                scale_exp: -0.6372377877218873,
                n: 75,
                seed: 13899254990617914790,
            },
            k: 4,
            cov_type: CovarianceType::Full,
            init: 1,
            seed: 9347293149950055153,
        },
        // Three components on 10 points in 2-D: a start with a component on 2 points, whose
        // covariance is singular but passes Cholesky by rounding; its first M-step lowers ℓ.
        Case {
            blobs: Blobs {
                d: 2,
                blobs: vec![
                    (
                        vec![-3.003902088529213, -1.5356640451328842],
                        vec![1.0443171570998397, 1.1956443366742489],
                        0.5935107489370227,
                    ),
                    (
                        vec![-4.919743351232099, 1.4020626454031069],
                        vec![1.8085290546228814, 1.0772237932750897],
                        0.2,
                    ),
                ],
                scale_exp: 0.0,
                n: 10,
                seed: 1521713552,
            },
            k: 3,
            cov_type: CovarianceType::Full,
            init: 1,
            seed: 8742934089006969251,
        },
    ];
    for c in &cases {
        check_monotone_trace(c).unwrap();
        check_step_wise_em(c).unwrap();
    }
    // The first is caught by the collapse test at the end of its fit. The second's start is
    // rejected outright since `linalg::cholesky` treats pivots at rounding level as zero (before,
    // it was accepted and caught by the collapse test).
    let data = cases[0].blobs.data();
    let fit = cases[0].params(&data, 0.0).tol(1e-10).fit(&data).unwrap();
    assert!(numerically_collapsed(&fit.model, &data));
    let data = cases[1].blobs.data();
    let start = cases[1].start(&data, 0.0);
    match start {
        Err(Error::Collapse { .. }) => {}
        Ok(m) => assert!(numerically_collapsed(&m, &data)),
        Err(e) => panic!("{e}"),
    }
}

/// A large sample from a known mixture: the fit recovers its weights, means and covariances.
#[test]
fn recovers_a_known_mixture_from_a_large_sample() {
    let truth = Mixture::new(
        CovarianceType::Full,
        vec![0.3, 0.7],
        vec![-2.0, 0.0, 3.0, 1.0],
        vec![1.0, 0.3, 0.3, 0.5, 0.6, -0.2, -0.2, 1.5],
    )
    .unwrap();
    for seed in [1, 2, 3] {
        let (data, _) = truth.sample(5000, &mut rng_from_seed(seed));
        for ct in TYPES {
            let fit = GmmParams::new(2)
                .covariance_type(ct)
                .n_init(3)
                .seed(seed)
                .fit(&data)
                .unwrap();
            let m = &fit.model;
            // Order the components by the first coordinate of their means.
            let order: Vec<usize> = if m.mean(0)[0] < m.mean(1)[0] {
                vec![0, 1]
            } else {
                vec![1, 0]
            };
            for (j, &o) in order.iter().enumerate() {
                let (w, mu) = (m.weights()[o], m.mean(o));
                assert!(
                    (w - truth.weights()[j]).abs() < 0.03,
                    "{ct} seed {seed}: weights {:?}",
                    m.weights()
                );
                for (a, b) in mu.iter().zip(truth.mean(j)) {
                    assert!(
                        (a - b).abs() < 0.15,
                        "{ct} seed {seed}: means {:?}",
                        m.means()
                    );
                }
                if ct == CovarianceType::Full {
                    for (a, b) in m.covariance(o).iter().zip(truth.covariance(j)) {
                        assert!((a - b).abs() < 0.15, "covariances {:?}", m.covariances());
                    }
                }
            }
        }
    }
}

/// Three clear blobs: BIC picks K = 3 with full covariances.
#[test]
fn select_k_finds_three_clear_blobs() {
    for seed in [0, 1, 2, 3] {
        let gen = Mixture::new(
            CovarianceType::Full,
            vec![1.0, 1.0, 1.0],
            vec![0.0, 0.0, 8.0, 0.0, 4.0, 7.0],
            vec![1.0, 0.2, 0.2, 0.8, 0.7, 0.0, 0.0, 1.2, 1.0, -0.3, -0.3, 0.9],
        )
        .unwrap();
        let (data, _) = gen.sample(300, &mut rng_from_seed(seed));
        let template = GmmParams::new(1).n_init(3).seed(seed).check(&data).unwrap();
        let sel = select_k(&data, None, &template, 6).unwrap();
        assert_eq!(sel.best_bic, 3, "seed {seed}: {:#?}", sel.rows);
        assert_eq!(sel.rows.len(), 6);
        for (i, row) in sel.rows.iter().enumerate() {
            assert_eq!(row.k, i + 1);
            assert_eq!(
                row.n_parameters,
                CovarianceType::Full.n_parameters(i + 1, 2)
            );
            assert!(row.bic.unwrap().is_finite() && row.error.is_none());
        }
    }
}

/// Different starts on the same data all give valid models (deterministic companion of the
/// property test, on Old Faithful).
#[test]
fn every_init_kind_gives_a_valid_model_on_old_faithful() {
    let data = emviz_core::parse_table(
        include_str!("reference/old_faithful.txt"),
        &emviz_core::ParseOptions::default(),
    )
    .unwrap();
    let inits = [
        Init::KMeansPlusPlus,
        Init::Random,
        Init::Means {
            means: vec![0.0, 50.0, 0.0, 100.0],
            covariances: None,
            weights: None,
        },
        Init::Means {
            means: vec![2.0, 55.0, 4.5, 80.0],
            covariances: Some(vec![1.0, 0.0, 0.0, 30.0, 1.0, 0.0, 0.0, 30.0]),
            weights: Some(vec![0.4, 0.6]),
        },
    ];
    for ct in TYPES {
        for init in &inits {
            for seed in 0..3 {
                let fit = GmmParams::new(2)
                    .covariance_type(ct)
                    .init(init.clone())
                    .seed(seed)
                    .fit(&data)
                    .unwrap();
                check_fit(&fit).unwrap();
                assert!(fit.converged);
            }
        }
    }
}
