//! The step-wise EM ([`Em`]) with sample weights: integer weights give the run of the rows
//! repeated (every half-step's parameters and numbers to 1e-12), a zero weight the run without
//! the row, weights all 1 the unweighted run bit for bit; the book's identities
//! ELBO + KL = Σ wₙ ln p(xₙ) hold with ELBO, KL and ln p computed here from their definitions;
//! a checkpoint restores the weighted state; M-steps whose shards are made elsewhere (the page's
//! Web Workers) equal the in-thread sharded steps bit for bit.

use std::sync::Arc;

use emviz_core::{
    rng_from_seed, CovarianceType, Dataset, Em, HalfStep, Mixture, RegCovar, Stats, StepReport,
    Weights,
};

fn data_and_start(cov_type: CovarianceType, n: usize, seed: u64) -> (Dataset, Mixture) {
    let truth = Mixture::new(
        CovarianceType::Full,
        vec![0.5, 0.3, 0.2],
        vec![0.0, 0.0, 4.0, 1.0, -2.0, 5.0],
        vec![1.0, 0.3, 0.3, 1.0, 0.5, 0.0, 0.0, 2.0, 1.5, -0.4, -0.4, 0.7],
    )
    .unwrap();
    let (data, _) = truth.sample(n, &mut rng_from_seed(seed));
    let covs = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
    let start = Mixture::new(
        cov_type,
        vec![1.0 / 3.0; 3],
        vec![-1.0, 0.5, 3.0, 0.0, 0.0, 4.0],
        covs,
    )
    .unwrap();
    (data, start)
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

fn weighted(data: &Dataset, start: Mixture, weights: Vec<f64>, shards: usize) -> Em {
    let w = Arc::new(Weights::new(weights, data.n()).unwrap());
    Em::new_weighted(data, start, RegCovar::default(), shards, Some(w)).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn assert_models_close(a: &Mixture, b: &Mixture, label: &str) {
    let pairs = [
        (a.weights(), b.weights()),
        (a.means(), b.means()),
        (a.covariances(), b.covariances()),
    ];
    for (x, y) in pairs {
        assert_eq!(x.len(), y.len(), "{label}");
        for (u, v) in x.iter().zip(y) {
            assert!(close(*u, *v, 1e-12), "{label}: {u} vs {v}");
        }
    }
}

fn assert_reports_close(a: &StepReport, b: &StepReport, label: &str) {
    assert_eq!((a.half, a.iteration), (b.half, b.iteration), "{label}");
    assert!(
        close(a.log_likelihood, b.log_likelihood, 1e-12),
        "{label}: {a:?} vs {b:?}"
    );
    assert!(close(a.elbo, b.elbo, 1e-12), "{label}: {a:?} vs {b:?}");
    // KL is a difference of sums of the size of the ELBO: compare it at that scale.
    assert!(
        (a.kl - b.kl).abs() <= 1e-12 * (1.0 + a.elbo.abs()),
        "{label}: {a:?} vs {b:?}"
    );
}

/// Half-steps of a weighted run and of a plain run on other data agree to 1e-12.
fn assert_runs_agree(mut w: Em, wdata: &Dataset, mut plain: Em, pdata: &Dataset, label: &str) {
    for half in 0..20 {
        let a = w.step(wdata).unwrap();
        let b = plain.step(pdata).unwrap();
        let label = format!("{label}, half-step {half}");
        assert_reports_close(&a, &b, &label);
        assert_models_close(w.model(), plain.model(), &label);
    }
}

#[test]
fn integer_weights_give_the_run_of_the_repeated_rows() {
    for cov_type in CovarianceType::ALL {
        let (data, start) = data_and_start(cov_type, 300, 3);
        let weights = integer_weights(data.n());
        let rows = repeated(&data, &weights);
        let w = weighted(&data, start.clone(), weights, 1);
        let plain = Em::new(&rows, start, RegCovar::default()).unwrap();
        assert_runs_agree(w, &data, plain, &rows, &format!("{cov_type}"));
    }
}

#[test]
fn a_zero_weight_drops_the_row() {
    let (data, start) = data_and_start(CovarianceType::Full, 200, 5);
    let weights: Vec<f64> = (0..data.n()).map(|i| f64::from(i % 5 != 2)).collect();
    let kept = repeated(&data, &weights);
    assert!(kept.n() < data.n());
    let w = weighted(&data, start.clone(), weights, 1);
    let plain = Em::new(&kept, start, RegCovar::default()).unwrap();
    assert_runs_agree(w, &data, plain, &kept, "zero weights");
}

#[test]
fn weights_all_one_are_the_unweighted_run_bit_for_bit() {
    let (data, start) = data_and_start(CovarianceType::Full, 500, 9);
    let mut w = weighted(&data, start.clone(), vec![1.0; data.n()], 1);
    let mut plain = Em::new(&data, start, RegCovar::default()).unwrap();
    assert!(w.weights().is_none());
    for _ in 0..12 {
        assert_eq!(w.step(&data).unwrap(), plain.step(&data).unwrap());
        assert_eq!(w.model(), plain.model());
        assert_eq!(w.responsibilities(), plain.responsibilities());
    }
    assert_eq!(w.trace(), plain.trace());
}

/// ln p(x; θ) summed with weights, ELBO(q, θ) and KL(q ‖ p(z | x; θ)) from their definitions
/// (the Gaussian densities computed here from the means and covariances, not by the core).
fn by_definition(model: &Mixture, data: &Dataset, q: &[f64], w: &[f64]) -> (f64, f64, f64) {
    let (k, d) = (model.k(), data.d());
    let (mut log_p, mut elbo, mut kl) = (0.0, 0.0, 0.0);
    for ((x, q), &wn) in data.rows().zip(q.chunks_exact(k)).zip(w) {
        let joint: Vec<f64> = (0..k)
            .map(|j| model.weights()[j].ln() + log_normal(x, model.mean(j), model.covariance(j), d))
            .collect();
        let m = joint.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lp = m + joint.iter().map(|a| (a - m).exp()).sum::<f64>().ln();
        log_p += wn * lp;
        for (&lj, &qk) in joint.iter().zip(q) {
            if qk > 0.0 {
                elbo += wn * qk * (lj - qk.ln());
                kl += wn * qk * (qk.ln() - (lj - lp));
            }
        }
    }
    (log_p, elbo, kl)
}

/// ln N(x; μ, Σ) by a plain Cholesky factorisation of Σ (d × d, row-major).
fn log_normal(x: &[f64], mean: &[f64], cov: &[f64], d: usize) -> f64 {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum();
            if i == j {
                l[i * d + i] = (cov[i * d + i] - s).sqrt();
            } else {
                l[i * d + j] = (cov[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    let mut y = vec![0.0; d];
    for i in 0..d {
        let s: f64 = (0..i).map(|k| l[i * d + k] * y[k]).sum();
        y[i] = (x[i] - mean[i] - s) / l[i * d + i];
    }
    let maha: f64 = y.iter().map(|v| v * v).sum();
    let log_det: f64 = (0..d).map(|i| l[i * d + i].ln()).sum::<f64>() * 2.0;
    -0.5 * (d as f64 * (2.0 * std::f64::consts::PI).ln() + log_det + maha)
}

#[test]
fn the_identities_hold_with_weights_by_definition() {
    for cov_type in CovarianceType::ALL {
        let (data, start) = data_and_start(cov_type, 400, 11);
        let weights: Vec<f64> = (0..data.n()).map(|i| 0.25 + (i % 9) as f64 * 0.4).collect();
        let total: f64 = weights.iter().sum();
        let mut em = weighted(&data, start, weights.clone(), 1);
        let mut last = f64::NEG_INFINITY;
        for half in 0..16 {
            let r = em.step(&data).unwrap();
            let q = em.responsibilities().unwrap();
            let (log_p, elbo, kl) = by_definition(em.model(), &data, q, &weights);
            let scale = 1e-9 * (1.0 + elbo.abs());
            let label = format!("{cov_type}, half-step {half}");
            assert!(
                (r.elbo - elbo).abs() <= scale,
                "{label}: ELBO {} vs {elbo}",
                r.elbo
            );
            assert!((r.kl - kl).abs() <= scale, "{label}: KL {} vs {kl}", r.kl);
            assert!(
                (r.log_likelihood * total - log_p).abs() <= scale,
                "{label}: Σw·ℓ {} vs {log_p}",
                r.log_likelihood * total
            );
            assert!((log_p - (elbo + kl)).abs() <= scale, "{label}: eq. 5.7");
            if r.half == HalfStep::E {
                assert_eq!(r.kl, 0.0, "{label}");
            }
            assert!(elbo >= last - scale, "{label}: the ELBO fell");
            last = elbo;
        }
    }
}

#[test]
fn a_weighted_checkpoint_restores_the_same_state() {
    let (data, start) = data_and_start(CovarianceType::Diag, 300, 13);
    let mut em = weighted(&data, start, integer_weights(300), 1);
    for _ in 0..5 {
        em.step(&data).unwrap();
    }
    let cp = em.checkpoint();
    let (report_then, resp_then) = (em.elbo_kl(), em.responsibilities().unwrap().to_vec());
    let next = em.step(&data).unwrap();
    em.step(&data).unwrap();
    em.restore(&data, &cp).unwrap();
    assert_eq!(em.elbo_kl(), report_then);
    assert_eq!(em.responsibilities().unwrap(), resp_then);
    assert_eq!(em.step(&data).unwrap(), next);
    assert!(em.weights().is_some());
}

/// One M-step's pass made "elsewhere", a Web Worker's way: each shard through the public API
/// with its rows' weights.
fn m_step_elsewhere(em: &mut Em, data: &Dataset) -> StepReport {
    let args = em.begin_m_step(data).unwrap().unwrap().clone();
    let model = args.build().unwrap();
    let weights = em.weights().unwrap().values().to_vec();
    let (d, k) = (data.d(), model.k());
    let mut shards = Vec::new();
    for r in em.shard_ranges(data.n()) {
        let mut s = Stats::empty(&model);
        let mut post = vec![0.0; r.len() * k];
        let rows = &data.values()[r.start * d..r.end * d];
        s.accumulate_weighted_with_posteriors(&model, rows, &weights[r.clone()], &mut post)
            .unwrap();
        em.pending_posteriors_mut().unwrap()[r.start * k..r.end * k].copy_from_slice(&post);
        shards.push(s);
    }
    em.finish_m_step(data, shards).unwrap()
}

#[test]
fn weighted_m_steps_made_elsewhere_equal_the_in_thread_sharded_steps() {
    let (data, start) = data_and_start(CovarianceType::Full, 40_000, 17);
    let weights: Vec<f64> = (0..data.n()).map(|i| (i % 5) as f64 * 0.5).collect();
    let mut here = weighted(&data, start.clone(), weights.clone(), 4);
    let mut there = weighted(&data, start.clone(), weights.clone(), 4);
    assert!(here.shard_ranges(data.n()).len() > 1);
    for _ in 0..4 {
        let e = here.step_some(&data, 7_000).unwrap().unwrap();
        let m = loop {
            if let Some(r) = here.step_some(&data, 7_000).unwrap() {
                break r;
            }
        };
        assert_eq!(there.step(&data).unwrap(), e);
        assert_eq!(m_step_elsewhere(&mut there, &data), m);
        assert_eq!(here.model(), there.model());
        assert_eq!(here.responsibilities(), there.responsibilities());
    }
    // Unweighted shards do not fit a weighted M-step.
    let mut em = weighted(&data, start, weights, 4);
    em.e_step(&data).unwrap();
    let model = em.begin_m_step(&data).unwrap().unwrap().build().unwrap();
    let d = data.d();
    let shards: Vec<Stats> = em
        .shard_ranges(data.n())
        .into_iter()
        .map(|r| {
            let mut s = Stats::empty(&model);
            s.accumulate(&model, &data.values()[r.start * d..r.end * d])
                .unwrap();
            s
        })
        .collect();
    assert!(em.finish_m_step(&data, shards).is_err());
}

#[test]
fn weights_of_another_length_are_refused() {
    let (data, start) = data_and_start(CovarianceType::Full, 50, 1);
    let w = Arc::new(Weights::new(vec![2.0; 49], 49).unwrap());
    assert!(Em::new_weighted(&data, start, RegCovar::default(), 1, Some(w)).is_err());
}
