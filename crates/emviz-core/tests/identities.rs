//! The identities the page teaches, checked independently of the core's arithmetic: at every
//! half-step of several runs (Old Faithful with the book's start, and generated blobs with d = 1..4
//! under every covariance type), the ELBO and the KL divergence are computed here straight from
//! their definitions — q from the last E-step, θ the current parameters, Gaussian densities by a
//! Cholesky factorisation written in this file —
//!
//!   ELBO(q, θ)          = Σₙ Σₖ qₙₖ ln (φₖ N(xₙ; μₖ, Σₖ) / qₙₖ)          (eq. 5.6)
//!   D_KL(q ‖ p(z | x))  = Σₙ Σₖ qₙₖ ln (qₙₖ / p(z = k | xₙ; θ))
//!   ln p(x; θ)          = Σₙ ln Σₖ φₖ N(xₙ; μₖ, Σₖ)
//!
//! and compared with what the core reports (`StepReport`: the ELBO, the KL term, the mean
//! log-likelihood) to 1e-9 of the ELBO's size. The core obtains its KL as n·ℓ − ELBO and sets it to
//! 0 after an E-step; here the KL is summed term by term from q and the posterior, so a core that
//! reported the wrong KL (say 0 after an M-step) fails. Also checked: ln p = ELBO + KL (eq. 5.7)
//! with the independent numbers, and the ELBO never falls from one half-step to the next.

use emviz_core::{
    parse_table, rng_from_seed, CovarianceType, Dataset, Em, GmmParams, HalfStep, Init, Mixture,
    ParseOptions, RegCovar, StepReport,
};

const TYPES: [CovarianceType; 4] = [
    CovarianceType::Full,
    CovarianceType::Diag,
    CovarianceType::Spherical,
    CovarianceType::Tied,
];

/// ln N(x; μ, Σ) for a d × d covariance (row-major), by a plain Cholesky factorisation.
fn log_normal(x: &[f64], mean: &[f64], cov: &[f64]) -> f64 {
    let d = x.len();
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum();
            if i == j {
                let v = cov[i * d + i] - s;
                assert!(v > 0.0, "covariance not positive definite: {cov:?}");
                l[i * d + i] = v.sqrt();
            } else {
                l[i * d + j] = (cov[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    // Solve L y = x − μ; the Mahalanobis distance is |y|².
    let mut y = vec![0.0; d];
    for i in 0..d {
        let s: f64 = (0..i).map(|k| l[i * d + k] * y[k]).sum();
        y[i] = (x[i] - mean[i] - s) / l[i * d + i];
    }
    let maha: f64 = y.iter().map(|v| v * v).sum();
    let log_det: f64 = (0..d).map(|i| l[i * d + i].ln()).sum::<f64>() * 2.0;
    -0.5 * (d as f64 * (2.0 * std::f64::consts::PI).ln() + log_det + maha)
}

/// ln (φₖ N(xₙ; μₖ, Σₖ)) for every point and component (n × K).
fn log_joint(model: &Mixture, data: &Dataset) -> Vec<f64> {
    let k = model.k();
    data.rows()
        .flat_map(|x| {
            (0..k).map(move |j| {
                model.weights()[j].ln() + log_normal(x, model.mean(j), model.covariance(j))
            })
        })
        .collect()
}

fn log_sum_exp(v: &[f64]) -> f64 {
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + v.iter().map(|a| (a - m).exp()).sum::<f64>().ln()
}

/// The three quantities from their definitions: (ln p(x; θ), ELBO(q, θ), KL(q ‖ p(z | x; θ))).
fn by_definition(model: &Mixture, data: &Dataset, q: &[f64]) -> (f64, f64, f64) {
    let k = model.k();
    let joint = log_joint(model, data);
    let (mut log_p, mut elbo, mut kl) = (0.0, 0.0, 0.0);
    for (row, q) in joint.chunks_exact(k).zip(q.chunks_exact(k)) {
        let lp = log_sum_exp(row);
        log_p += lp;
        for (&lj, &qk) in row.iter().zip(q) {
            if qk > 0.0 {
                elbo += qk * (lj - qk.ln());
                kl += qk * (qk.ln() - (lj - lp));
            }
        }
    }
    (log_p, elbo, kl)
}

/// Compares one half-step's report with the definitions; returns the independent ELBO.
fn check_half_step(em: &Em, data: &Dataset, report: &StepReport, label: &str) -> f64 {
    let q = em.responsibilities().expect("q after a half-step");
    let (log_p, elbo, kl) = by_definition(em.model(), data, q);
    let scale = elbo.abs() + 1.0;
    let n = data.n() as f64;
    assert!(
        (report.elbo - elbo).abs() <= 1e-9 * scale,
        "{label}: ELBO {} reported, {elbo} by definition",
        report.elbo
    );
    assert!(
        (report.kl - kl).abs() <= 1e-9 * scale,
        "{label}: KL {} reported, {kl} by definition",
        report.kl
    );
    assert!(
        (report.log_likelihood * n - log_p).abs() <= 1e-9 * scale,
        "{label}: n·ℓ {} reported, ln p {log_p} by definition",
        report.log_likelihood * n
    );
    // Eq. 5.7 with the independent numbers, and KL ≥ 0 (Gibbs' inequality).
    assert!(
        (log_p - (elbo + kl)).abs() <= 1e-9 * scale,
        "{label}: eq. 5.7"
    );
    assert!(kl >= -1e-9 * scale, "{label}: KL {kl} < 0");
    elbo
}

/// Runs EM half-step by half-step from `start` and checks every half-step; returns how many, and
/// the largest KL after an M-step.
fn check_run(data: &Dataset, start: Mixture, label: &str) -> (usize, f64) {
    let mut em = Em::new(data, start, RegCovar::ZERO).unwrap();
    let mut last = f64::NEG_INFINITY;
    let mut checked = 0;
    let mut kl_after_m = 0.0f64;
    for it in 0..40 {
        let e = em.e_step(data).unwrap();
        assert_eq!(e.half, HalfStep::E);
        let elbo = check_half_step(&em, data, &e, &format!("{label}, E-step {it}"));
        assert!(
            elbo >= last - 1e-9 * (last.abs() + 1.0),
            "{label}: the E-step lowered the ELBO"
        );
        last = elbo;
        let Ok(m) = em.m_step(data) else {
            break; // a component collapsed: what was reached so far was checked
        };
        assert_eq!(m.half, HalfStep::M);
        let elbo = check_half_step(&em, data, &m, &format!("{label}, M-step {it}"));
        assert!(
            elbo >= last - 1e-9 * (last.abs() + 1.0),
            "{label}: the M-step lowered the ELBO"
        );
        last = elbo;
        kl_after_m = kl_after_m.max(m.kl);
        checked += 2;
        if em.converged(1e-8) {
            break;
        }
    }
    eprintln!("{label}: {checked} half-steps, largest KL after an M-step {kl_after_m:.3e}");
    (checked, kl_after_m)
}

fn blobs(d: usize, seed: u64) -> Dataset {
    let k = 3;
    let mut means = Vec::new();
    let mut covs = vec![0.0; k * d * d];
    for j in 0..k {
        for a in 0..d {
            means.push(6.0 * j as f64 + a as f64 * (j as f64 - 1.0));
            covs[j * d * d + a * d + a] = 0.5 + 0.4 * ((j + a) % 3) as f64;
        }
        for a in 1..d {
            // A correlation, so full and tied models have something to find.
            let c = 0.3 * covs[j * d * d];
            covs[j * d * d + a * d] = c.min(0.3);
            covs[j * d * d + a] = c.min(0.3);
        }
    }
    let generator = Mixture::new(CovarianceType::Full, vec![0.3, 0.3, 0.4], means, covs).unwrap();
    generator.sample(300, &mut rng_from_seed(seed)).0
}

#[test]
fn the_books_run_keeps_every_identity_at_every_half_step() {
    let text = include_str!("../../../data/old_faithful.txt");
    let data = parse_table(text, &ParseOptions::default()).unwrap();
    let start = GmmParams::new(2)
        .init(Init::Means {
            means: vec![0.0, 50.0, 0.0, 100.0],
            covariances: None,
            weights: None,
        })
        .reg_covar(0.0)
        .check(&data)
        .unwrap()
        .initial_model(&data, &mut rng_from_seed(0))
        .unwrap();
    let (checked, kl) = check_run(&data, start, "Old Faithful, the book's start");
    assert!(
        checked >= 18,
        "the book's run has 9 iterations: {checked} half-steps checked"
    );
    // The KL after an M-step is not 0: a core that reported 0 there would have failed above.
    assert!(kl > 1.0, "the book's first M-steps leave a gap: {kl}");
}

#[test]
fn every_covariance_type_and_dimension_keeps_every_identity() {
    let (mut runs, mut half_steps, mut with_gap) = (0, 0, 0);
    for d in 1..=4 {
        for (t, &cov_type) in TYPES.iter().enumerate() {
            let data = blobs(d, 10 + d as u64);
            // A slow start, as the book's: every mean near the data's centre, so EM needs many
            // iterations to pull the components apart.
            let centre: Vec<f64> = (0..d)
                .map(|a| data.rows().map(|r| r[a]).sum::<f64>() / data.n() as f64)
                .collect();
            let means = (0..3)
                .flat_map(|j| centre.iter().map(move |c| c + 0.2 * (j as f64 - 1.0)))
                .collect();
            let start = GmmParams::new(3)
                .covariance_type(cov_type)
                .init(Init::Means {
                    means,
                    covariances: None,
                    weights: None,
                })
                .reg_covar(0.0)
                .check(&data)
                .unwrap()
                .initial_model(&data, &mut rng_from_seed(7 * d as u64 + t as u64))
                .unwrap();
            let (checked, kl) = check_run(&data, start, &format!("d = {d}, {cov_type:?}"));
            half_steps += checked;
            runs += 1;
            with_gap += usize::from(kl > 1e-6);
        }
    }
    assert_eq!(runs, 16);
    // Every run shows a real KL gap after an M-step (its start is far from the answer).
    assert_eq!(with_gap, 16, "runs with a KL gap after an M-step");
    // Every run did real work: 5 iterations or more each (358 half-steps when written).
    assert!(
        half_steps >= 16 * 10,
        "only {half_steps} half-steps checked"
    );
}
