//! Variational Bayes with sample weights ([`fit_vb_weighted`], [`VbPrior::check_weighted`],
//! [`moments_on`] over a weighted pass): integer weights give the VB fit of the rows repeated
//! (the priors' moments, every posterior number and every lower bound to 1e-12), a zero weight
//! the fit without the row, weights all 1 the unweighted fit bit for bit; the full bound never
//! falls over a weighted run, is the repeated rows' bound and lies the derived constant above
//! scikit-learn's bound with n = Σ wₙ.

use emviz_core::vb::Posterior;
use emviz_core::vb_driver::{drive_vb, fit_vb, fit_vb_weighted, moments_on, start_from_model};
use emviz_core::vb_full_bound::{full_bound, offset_from_lower_bound};
use emviz_core::vb_prior::{CheckedVbPrior, DataMoments, VbPrior};
use emviz_core::{
    rng_from_seed, CovarianceType, Dataset, Error, GmmParams, InMemory, Init, LoopParams, Mixture,
    RegCovar, Source, Stats, WeightPrior, Weights,
};

/// 90 points from three overlapping blobs in 2-D.
fn blobs(seed: u64) -> Dataset {
    let truth = Mixture::new(
        CovarianceType::Full,
        vec![0.5, 0.3, 0.2],
        vec![0.0, 0.0, 4.0, 1.0, -2.0, 5.0],
        vec![1.0, 0.3, 0.3, 1.0, 0.5, 0.0, 0.0, 2.0, 1.5, -0.4, -0.4, 0.7],
    )
    .unwrap();
    truth.sample(90, &mut rng_from_seed(seed)).0
}

/// Integer weights 0–3, every value present.
fn integer_weights(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i * 7 + 3) % 4) as f64).collect()
}

/// `data` with row i repeated `weights[i]` times.
fn repeated(data: &Dataset, weights: &[f64]) -> Dataset {
    let rows: Vec<Vec<f64>> = data
        .rows()
        .zip(weights)
        .flat_map(|(r, &w)| std::iter::repeat_n(r.to_vec(), w as usize))
        .collect();
    Dataset::from_rows(&rows).unwrap()
}

/// Three components started away from the blobs, of type `t`.
fn start(t: CovarianceType) -> Mixture {
    let covs = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
    Mixture::new(
        t,
        vec![1.0 / 3.0; 3],
        vec![-1.0, 0.5, 3.0, 0.0, 0.0, 4.0],
        covs,
    )
    .unwrap()
}

fn loop_params() -> LoopParams {
    LoopParams::new(1e-6, 1e-10, 200).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn assert_all_close<'a>(
    a: impl IntoIterator<Item = &'a f64>,
    b: impl IntoIterator<Item = &'a f64>,
    label: &str,
) {
    let (a, b): (Vec<f64>, Vec<f64>) = (
        a.into_iter().copied().collect(),
        b.into_iter().copied().collect(),
    );
    assert_eq!(a.len(), b.len(), "{label}");
    for (x, y) in a.iter().zip(&b) {
        assert!(close(*x, *y, 1e-12), "{label}: {x} vs {y}");
    }
}

fn assert_priors_close(a: &CheckedVbPrior, b: &CheckedVbPrior, label: &str) {
    assert_all_close(a.mean(), b.mean(), &format!("{label}: mean prior"));
    assert_all_close(
        a.covariance(),
        b.covariance(),
        &format!("{label}: covariance prior"),
    );
}

fn assert_posteriors_close(a: &Posterior, b: &Posterior, label: &str) {
    let (p, q) = (a.parts(), b.parts());
    let pairs = [
        (&p.weight_concentration, &q.weight_concentration),
        (&p.weight_concentration_rest, &q.weight_concentration_rest),
        (&p.mean_precision, &q.mean_precision),
        (&p.means, &q.means),
        (&p.degrees_of_freedom, &q.degrees_of_freedom),
        (&p.covariances, &q.covariances),
    ];
    for (x, y) in pairs {
        assert_all_close(x, y, label);
    }
}

/// The weighted VB run (priors, start and loop over the weighted pass) and the run over
/// `plain`, from the same start model: equal to 1e-12 in every number, the same iterations.
fn assert_runs_agree(data: &Dataset, weights: &[f64], plain: &Dataset, label: &str) {
    let w = Weights::new(weights.to_vec(), data.n()).unwrap();
    for t in CovarianceType::ALL {
        for wp in WeightPrior::ALL {
            let label = format!("{label} {t} {wp}");
            let pw = VbPrior::new(wp)
                .check_weighted(data, Some(&w), 3, t)
                .unwrap();
            let pp = VbPrior::new(wp).check(plain, 3, t).unwrap();
            assert_priors_close(&pw, &pp, &label);
            let lp = loop_params();
            let mut source = InMemory::new(data, 1).weighted(&w).unwrap();
            let mut plain_source = InMemory::new(plain, 1);
            let sw = start_from_model(&mut source, &start(t), &pw, &lp).unwrap();
            let sp = start_from_model(&mut plain_source, &start(t), &pp, &lp).unwrap();
            assert_posteriors_close(&sw, &sp, &format!("{label}: start"));
            let ow = drive_vb(sw, &pw, &lp, f64::NEG_INFINITY, |m, e| source.pass(m, e)).unwrap();
            let op = drive_vb(sp, &pp, &lp, f64::NEG_INFINITY, |m, e| {
                plain_source.pass(m, e)
            })
            .unwrap();
            assert_eq!(ow.n_iter, op.n_iter, "{label}");
            assert_eq!(ow.converged, op.converged, "{label}");
            assert!(ow.n_iter > 3, "{label}: a run of a few iterations at least");
            assert_all_close(
                &ow.lower_bounds,
                &op.lower_bounds,
                &format!("{label}: bounds"),
            );
            assert_posteriors_close(&ow.posterior, &op.posterior, &label);
        }
    }
}

#[test]
fn integer_weights_give_the_vb_fit_of_the_repeated_rows() {
    let data = blobs(5);
    let w = integer_weights(data.n());
    assert_runs_agree(&data, &w, &repeated(&data, &w), "integer");
}

#[test]
fn a_zero_weight_drops_the_row() {
    let data = blobs(6);
    let w: Vec<f64> = (0..data.n())
        .map(|i| if i % 5 == 2 { 0.0 } else { 1.0 })
        .collect();
    assert_runs_agree(&data, &w, &repeated(&data, &w), "zero");
}

/// Weights all 1 change no bit: the moments, the priors, the start and the posteriors of the
/// loop over a weighted pass, and every number of the whole fit ([`fit_vb_weighted`] makes it
/// unweighted) — from given means and from k-means++ starts.
#[test]
fn weights_all_one_are_the_unweighted_fit_bit_for_bit() {
    let data = blobs(7);
    let ones = Weights::new(vec![1.0; data.n()], data.n()).unwrap();
    assert_eq!(
        DataMoments::of_weighted(&data, Some(&ones)).unwrap(),
        DataMoments::of(&data).unwrap()
    );
    let lp = loop_params();
    for t in CovarianceType::ALL {
        for wp in WeightPrior::ALL {
            let pw = VbPrior::new(wp)
                .check_weighted(&data, Some(&ones), 3, t)
                .unwrap();
            let pp = VbPrior::new(wp).check(&data, 3, t).unwrap();
            assert_eq!(pw, pp, "{t} {wp}");
            let mut source = InMemory::new(&data, 1).weighted(&ones).unwrap();
            let mut plain_source = InMemory::new(&data, 1);
            let sw = start_from_model(&mut source, &start(t), &pw, &lp).unwrap();
            let sp = start_from_model(&mut plain_source, &start(t), &pp, &lp).unwrap();
            assert_eq!(sw, sp, "{t} {wp}: start");
            let a = drive_vb(sw, &pw, &lp, f64::NEG_INFINITY, |m, e| source.pass(m, e)).unwrap();
            let b = drive_vb(sp, &pp, &lp, f64::NEG_INFINITY, |m, e| {
                plain_source.pass(m, e)
            })
            .unwrap();
            // The M-step's sums are the same bits; ln p(xₙ) is summed point by point under
            // weights, so the bounds (through the entropy) differ in the last bits.
            assert_eq!(a.posterior, b.posterior, "{t} {wp}");
            assert_all_close(&a.lower_bounds, &b.lower_bounds, &format!("{t} {wp}"));
            let given = Init::Means {
                means: vec![-1.0, 0.5, 3.0, 0.0, 0.0, 4.0],
                covariances: None,
                weights: None,
            };
            for init in [given, Init::default()] {
                let params = (GmmParams::new(3).covariance_type(t).init(init).n_init(2))
                    .check(&data)
                    .unwrap();
                let a = fit_vb_weighted(&params, &pw, &data, Some(&ones)).unwrap();
                let b = fit_vb(&params, &pp, &data).unwrap();
                assert_eq!(a.posterior, b.posterior, "{t} {wp}: fit");
                assert_eq!(a.lower_bounds, b.lower_bounds, "{t} {wp}: fit");
            }
        }
    }
}

/// The whole fit (priors, given starting means, the loop) on weighted data is the fit on the
/// repeated rows.
#[test]
fn the_whole_weighted_fit_is_the_fit_of_the_repeated_rows() {
    let data = blobs(8);
    let w = integer_weights(data.n());
    let plain = repeated(&data, &w);
    let weights = Weights::new(w, data.n()).unwrap();
    let params = |d: &Dataset| {
        GmmParams::new(3)
            .init(Init::Means {
                means: vec![-1.0, 0.5, 3.0, 0.0, 0.0, 4.0],
                covariances: None,
                weights: None,
            })
            .tol(1e-10)
            .check(d)
            .unwrap()
    };
    for wp in WeightPrior::ALL {
        let pw = VbPrior::new(wp)
            .check_weighted(&data, Some(&weights), 3, CovarianceType::Full)
            .unwrap();
        let pp = VbPrior::new(wp)
            .check(&plain, 3, CovarianceType::Full)
            .unwrap();
        let a = fit_vb_weighted(&params(&data), &pw, &data, Some(&weights)).unwrap();
        let b = fit_vb(&params(&plain), &pp, &plain).unwrap();
        assert_eq!(a.n_iter, b.n_iter, "{wp}");
        assert_all_close(&a.lower_bounds, &b.lower_bounds, &format!("{wp}: bounds"));
        assert_posteriors_close(&a.posterior, &b.posterior, &format!("{wp}"));
    }
}

/// The moments from a weighted pass (a streamed file's, Spark's) are the weighted moments in
/// memory, from a centre near the data or far from it.
#[test]
fn weighted_moments_from_a_pass_are_the_in_memory_ones() {
    let data = blobs(9);
    let weights = Weights::new(
        (0..data.n()).map(|i| 0.25 + (i % 3) as f64 * 1.5).collect(),
        data.n(),
    )
    .unwrap();
    let want = DataMoments::of_weighted(&data, Some(&weights)).unwrap();
    assert!((want.n - weights.total()).abs() < 1e-12);
    for centre in [[0.5, 1.5], [0.0, 0.0], [-1e4, 3e4]] {
        let mut source = InMemory::new(&data, 1).weighted(&weights).unwrap();
        let got = moments_on(&mut source, &centre).unwrap();
        assert!((got.n - want.n).abs() < 1e-12);
        for (a, b) in got
            .mean
            .iter()
            .zip(&want.mean)
            .chain(got.covariance.iter().zip(&want.covariance))
        {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{centre:?}: {a} vs {b}"
            );
        }
    }
}

/// The default covariance prior divides by Σ wₙ − 1: weights whose total is at most 1 have
/// none (as a single point), and say so with their total.
#[test]
fn a_total_weight_of_one_or_less_has_no_default_covariance_prior() {
    let data = blobs(10);
    let small = Weights::new(vec![1.0 / data.n() as f64; data.n()], data.n()).unwrap();
    let err = VbPrior::new(WeightPrior::DirichletProcess)
        .check_weighted(&data, Some(&small), 2, CovarianceType::Full)
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidParameter(i) if i.to_string().contains("total weight")),
        "{err}"
    );
    // With the covariance prior given, such weights fit.
    let given = VbPrior {
        covariance: Some(vec![1.0, 0.0, 0.0, 1.0]),
        ..VbPrior::new(WeightPrior::DirichletProcess)
    };
    let prior = given
        .check_weighted(&data, Some(&small), 2, CovarianceType::Full)
        .unwrap();
    let params = GmmParams::new(2).check(&data).unwrap();
    assert!(fit_vb_weighted(&params, &prior, &data, Some(&small)).is_ok());
    // Weights of another length are refused, all 1 or not.
    let short = Weights::new(vec![1.0; 3], 3).unwrap();
    assert!(fit_vb_weighted(&params, &prior, &data, Some(&short)).is_err());
}

/// Over a weighted run, half-step by half-step, the full bound never falls; it is the repeated
/// rows' bound; after each M-step it lies the constant of the priors, Σ wₙ, d and K above
/// scikit-learn's bound.
#[test]
fn the_full_bound_never_falls_over_a_weighted_run() {
    let data = blobs(11);
    let w = integer_weights(data.n());
    let plain = repeated(&data, &w);
    let weights = Weights::new(w, data.n()).unwrap();
    let reg = RegCovar::new(1e-6).unwrap();
    for t in CovarianceType::ALL {
        for wp in WeightPrior::ALL {
            let label = format!("{t} {wp}");
            let prior = VbPrior::new(wp)
                .check_weighted(&data, Some(&weights), 3, t)
                .unwrap();
            let plain_prior = VbPrior::new(wp).check(&plain, 3, t).unwrap();
            let lp = LoopParams::new(1e-6, 0.0, 1).unwrap();
            let mut source = InMemory::new(&data, 1).weighted(&weights).unwrap();
            let mut plain_source = InMemory::new(&plain, 1);
            let mut q = start_from_model(&mut source, &start(t), &prior, &lp).unwrap();
            let offset = offset_from_lower_bound(&prior, weights.total());
            let mut last = f64::NEG_INFINITY;
            for _ in 0..30 {
                // E-step: the new q(z) under the old q(θ).
                let model = q.e_step_model().clone();
                let stats = source
                    .pass(&model, &Stats::empty_with_entropy(&model))
                    .unwrap();
                let plain_stats = plain_source
                    .pass(&model, &Stats::empty_with_entropy(&model))
                    .unwrap();
                let after_e = full_bound(&prior, &q, &stats, reg).unwrap();
                let plain_e = full_bound(&plain_prior, &q, &plain_stats, reg).unwrap();
                assert!(
                    close(after_e, plain_e, 1e-12),
                    "{label}: {after_e} vs {plain_e}"
                );
                assert!(
                    after_e >= last - 1e-10 * last.abs(),
                    "{label}: {last} → {after_e}"
                );
                // M-step: one iteration of the loop, the same q(z).
                let out =
                    drive_vb(q, &prior, &lp, f64::NEG_INFINITY, |m, e| source.pass(m, e)).unwrap();
                q = out.posterior;
                let after_m = full_bound(&prior, &q, &stats, reg).unwrap();
                assert!(
                    after_m >= after_e - 1e-10 * after_e.abs(),
                    "{label}: {after_e} → {after_m}"
                );
                let gap = after_m - out.lower_bounds[0];
                assert!(close(gap, offset, 1e-9), "{label}: {gap} vs {offset}");
                last = after_m;
            }
        }
    }
}
