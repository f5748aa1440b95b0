//! The full variational lower bound ([`emviz_core::vb_full_bound`]): it never falls at any
//! half-step (Old Faithful and generated blobs in 1–4 dimensions, every covariance type, both
//! weight priors); after each M-step it is scikit-learn's `lower_bound_` plus the derived constant;
//! the updates are its maximisers (perturbing any posterior number after an M-step, or q(z)
//! after an E-step, lowers it); for K = 1, d = 1 it is the Normal–Gamma bound written out by
//! hand over the points themselves; and for d = 2, K = 2 a Monte Carlo estimate from draws of
//! q(θ) agrees with it to 10⁻³.

use emviz_core::covariance::{estimate_parameters, Estimates};
use emviz_core::special::{digamma, ln_beta, ln_gamma};
use emviz_core::vb::{Posterior, PosteriorParts, VbMStep};
use emviz_core::vb_full_bound::{full_bound, full_bound_of, offset_from_lower_bound};
use emviz_core::vb_prior::{CheckedVbPrior, VbPrior};
use emviz_core::{
    parse_table, rng_from_seed, CovarianceType, Dataset, Error, InMemory, Mixture, ParseOptions,
    RegCovar, Source, Stats, WeightPrior,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rand::Rng;

const LN_2PI: f64 = 1.837_877_066_409_345_5;

fn faithful() -> Dataset {
    let text = include_str!("reference/old_faithful.txt");
    parse_table(text, &ParseOptions::default()).unwrap()
}

/// Blobs with unit spreads around random centres, all scaled by 10^scale.
fn blobs(d: usize, blobs: usize, n: usize, scale: f64, seed: u64) -> Dataset {
    let mut rng = rng_from_seed(seed);
    let s = 10f64.powf(scale);
    let means: Vec<f64> = (0..blobs * d)
        .map(|_| rng.random_range(-5.0..5.0) * s)
        .collect();
    let mut covs = vec![0.0; blobs * d * d];
    for j in 0..blobs {
        for a in 0..d {
            covs[j * d * d + a * d + a] = s * s;
        }
    }
    let truth = Mixture::new(CovarianceType::Diag, vec![1.0; blobs], means, covs).unwrap();
    truth.sample(n, &mut rng).0
}

/// A posterior from random responsibilities (scikit-learn's `_initialize` from them).
fn start(
    data: &Dataset,
    prior: &CheckedVbPrior,
    seed: u64,
    reg: RegCovar,
) -> Result<Posterior, Error> {
    let k = prior.k();
    let mut rng = rng_from_seed(seed);
    let resp: Vec<f64> = (0..data.n())
        .flat_map(|_| {
            let r: Vec<f64> = (0..k).map(|_| rng.random_range(0.01..1.0)).collect();
            let total: f64 = r.iter().sum();
            r.into_iter().map(move |v| v / total)
        })
        .collect();
    let est = estimate_parameters(data, &resp, k, prior.covariance_type(), reg)?;
    Posterior::from_estimates(prior, &est)
}

/// What a run of half-steps gave.
struct Trace {
    /// The full bound after each half-step: E1, M1, E2, M2, …
    bounds: Vec<f64>,
    /// After each M-step: the full bound − scikit-learn's `lower_bound_`.
    offsets: Vec<f64>,
    /// Σₖ Nₖ of the last pass.
    n: f64,
}

/// `iterations` VB iterations from `q`, the full bound taken after every half-step.
fn run(
    data: &Dataset,
    prior: &CheckedVbPrior,
    mut q: Posterior,
    reg: RegCovar,
    iterations: usize,
) -> Result<Trace, Error> {
    let mut source = InMemory::new(data, 1);
    let (mut bounds, mut offsets, mut n) = (Vec::new(), Vec::new(), 0.0);
    for _ in 0..iterations {
        let model = q.e_step_model().clone();
        let mut stats = source.pass(&model, &Stats::empty_with_entropy(&model))?;
        bounds.push(full_bound(prior, &q, &stats, reg)?);
        q = match Posterior::m_step(prior, &stats, reg)? {
            VbMStep::Posterior(next) => *next,
            VbMStep::Again(empty) => {
                stats = source.pass(&model, &empty)?;
                match Posterior::m_step(prior, &stats, reg)? {
                    VbMStep::Posterior(next) => *next,
                    VbMStep::Again(_) => unreachable!("a repeated pass needs no other"),
                }
            }
        };
        let bound = full_bound(prior, &q, &stats, reg)?;
        bounds.push(bound);
        offsets.push(bound - q.lower_bound(stats.entropy_sum())?);
        n = stats.counts().iter().sum();
    }
    Ok(Trace { bounds, offsets, n })
}

/// The first fall of the bound beyond rounding, if any.
fn first_fall(bounds: &[f64]) -> Option<(usize, f64, f64)> {
    bounds
        .windows(2)
        .enumerate()
        .find(|(_, w)| w[1].is_nan() || w[1] < w[0] - 1e-10 * (1.0 + w[0].abs()))
        .map(|(i, w)| (i, w[0], w[1]))
}

#[test]
fn old_faithful_never_falls_and_is_sklearns_bound_plus_the_constant() {
    let data = faithful();
    let mut half_steps = 0;
    let mut shown = Vec::new();
    for k in [2, 6] {
        for t in CovarianceType::ALL {
            for w in WeightPrior::ALL {
                let prior = VbPrior::new(w).check(&data, k, t).unwrap();
                let reg = RegCovar::new(1e-6).unwrap();
                let q = start(&data, &prior, 7 + k as u64, reg).unwrap();
                let trace = run(&data, &prior, q, reg, 150).unwrap();
                assert!(trace.bounds.iter().all(|b| b.is_finite()), "{k} {t} {w}");
                assert_eq!(first_fall(&trace.bounds), None, "{k} {t} {w}");
                half_steps += trace.bounds.len();
                let constant = offset_from_lower_bound(&prior, trace.n);
                let scale = 1.0 + trace.bounds.last().unwrap().abs();
                for o in &trace.offsets {
                    assert!(
                        (o - constant).abs() < 1e-10 * scale,
                        "{k} {t} {w}: {o} vs the derived {constant}"
                    );
                }
                shown.push(format!("K={k} {t} {w}: offset {constant:.6}"));
            }
        }
    }
    assert_eq!(half_steps, 2 * 2 * 4 * 2 * 150);
    eprintln!("{}", shown.join("\n"));
}

#[test]
fn generated_blobs_in_one_to_four_dimensions_never_fall() {
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    let checked = std::cell::Cell::new(0usize);
    let half_steps = std::cell::Cell::new(0usize);
    let strategy = (
        (1usize..=4, 1usize..=3, 30usize..200, 1usize..=5),
        (-2.0f64..2.0, 0u64..1_000_000, any::<bool>(), 0usize..4),
        (
            -2.0f64..1.0,
            -2.0f64..1.0,
            0.1f64..10.0,
            prop_oneof![Just(0.0), Just(1e-6)],
        ),
    );
    runner
        .run(
            &strategy,
            |((d, b, n, k), (scale, seed, dp, ti), (alpha, beta, extra_dof, reg))| {
                let data = blobs(d, b, n, scale, seed);
                let t = CovarianceType::ALL[ti];
                let prior = VbPrior {
                    weight_prior: if dp {
                        WeightPrior::DirichletProcess
                    } else {
                        WeightPrior::DirichletDistribution
                    },
                    weight_concentration: Some(10f64.powf(alpha)),
                    mean_precision: Some(10f64.powf(beta)),
                    degrees_of_freedom: Some(d as f64 - 1.0 + extra_dof),
                    ..VbPrior::default()
                }
                .check(&data, k, t)
                .unwrap();
                let reg = RegCovar::new(reg * 10f64.powf(2.0 * scale)).unwrap();
                let trace = match start(&data, &prior, seed ^ 0x5eed, reg)
                    .and_then(|q| run(&data, &prior, q, reg, 40))
                {
                    Ok(t) => t,
                    // A component may collapse in floating point on such small data.
                    Err(Error::Collapse { .. }) => return Ok(()),
                    Err(e) => return Err(TestCaseError::fail(e.to_string())),
                };
                prop_assert!(trace.bounds.iter().all(|b| b.is_finite()));
                prop_assert_eq!(first_fall(&trace.bounds), None, "{} d={} k={}", t, d, k);
                let constant = offset_from_lower_bound(&prior, trace.n);
                let scale = 1.0 + trace.bounds.last().unwrap().abs();
                for o in &trace.offsets {
                    prop_assert!((o - constant).abs() < 1e-9 * scale, "{} vs {}", o, constant);
                }
                checked.set(checked.get() + 1);
                half_steps.set(half_steps.get() + trace.bounds.len());
                Ok(())
            },
        )
        .unwrap();
    eprintln!(
        "{} of 96 cases checked, {} half-steps",
        checked.get(),
        half_steps.get()
    );
    assert!(
        checked.get() >= 80,
        "only {} cases ran to the end",
        checked.get()
    );
}

/// Each number of a posterior that may be moved on its own, for the type: (name, moved parts).
fn perturbations(p: &PosteriorParts, d: usize, h: f64) -> Vec<(String, PosteriorParts)> {
    let k = p.mean_precision.len();
    let mut out = Vec::new();
    for sign in [h, -h] {
        let mut push = |name: String, f: &dyn Fn(&mut PosteriorParts)| {
            let mut q = p.clone();
            f(&mut q);
            out.push((format!("{name} {sign:+e}"), q));
        };
        for j in 0..k {
            push(format!("alpha[{j}]"), &|q| {
                q.weight_concentration[j] *= 1.0 + sign
            });
            if !p.weight_concentration_rest.is_empty() {
                push(format!("rest[{j}]"), &|q| {
                    q.weight_concentration_rest[j] *= 1.0 + sign
                });
            }
            push(format!("beta[{j}]"), &|q| q.mean_precision[j] *= 1.0 + sign);
            for a in 0..d {
                push(format!("m[{j}][{a}]"), &|q| {
                    let spread = p.covariances[j * d * d + a * d + a].sqrt();
                    q.means[j * d + a] += sign * spread;
                });
            }
        }
        let all: Vec<usize> = (0..k).collect();
        let groups: Vec<Vec<usize>> = match p.covariance_type {
            CovarianceType::Tied => vec![all],
            _ => all.iter().map(|&j| vec![j]).collect(),
        };
        for g in &groups {
            push(format!("nu{g:?}"), &|q| {
                for &j in g {
                    q.degrees_of_freedom[j] *= 1.0 + sign;
                }
            });
            // Moves of C = W⁻¹/ν within the type's family.
            let entries: Vec<Vec<(usize, usize)>> = match p.covariance_type {
                CovarianceType::Full | CovarianceType::Tied => (0..d)
                    .flat_map(|a| (a..d).map(move |b| vec![(a, b)]))
                    .collect(),
                CovarianceType::Diag => (0..d).map(|a| vec![(a, a)]).collect(),
                CovarianceType::Spherical => vec![(0..d).map(|a| (a, a)).collect()],
            };
            for e in &entries {
                push(format!("C{g:?}{e:?}"), &|q| {
                    for &j in g {
                        for &(a, b) in e {
                            let s = (p.covariances[j * d * d + a * d + a]
                                * p.covariances[j * d * d + b * d + b])
                                .sqrt();
                            q.covariances[j * d * d + a * d + b] += sign * s;
                            if a != b {
                                q.covariances[j * d * d + b * d + a] += sign * s;
                            }
                        }
                    }
                });
            }
        }
    }
    out
}

/// q(z) written out, its estimates and entropy.
fn of_responsibilities(
    data: &Dataset,
    resp: &[f64],
    prior: &CheckedVbPrior,
    reg: RegCovar,
) -> (Estimates, f64) {
    let est = estimate_parameters(data, resp, prior.k(), prior.covariance_type(), reg).unwrap();
    let entropy = -resp
        .iter()
        .filter(|&&r| r > 0.0)
        .map(|r| r * r.ln())
        .sum::<f64>();
    (est, entropy)
}

#[test]
fn the_updates_maximise_it_perturbing_any_factor_lowers_it() {
    let data = faithful();
    let reg = RegCovar::new(1e-6).unwrap();
    let mut moves = 0;
    for t in CovarianceType::ALL {
        for w in WeightPrior::ALL {
            let prior = VbPrior::new(w).check(&data, 3, t).unwrap();
            let mut q = start(&data, &prior, 3, reg).unwrap();
            // Some iterations in, then one more E-step (q(z) under q) and M-step.
            let trace = run(&data, &prior, q.clone(), reg, 5).unwrap();
            assert!(trace.bounds.len() == 10);
            for _ in 0..5 {
                let model = q.e_step_model().clone();
                let stats = InMemory::new(&data, 1)
                    .pass(&model, &Stats::empty_with_entropy(&model))
                    .unwrap();
                let VbMStep::Posterior(next) = Posterior::m_step(&prior, &stats, reg).unwrap()
                else {
                    panic!("no repeated pass on Old Faithful")
                };
                q = *next;
            }
            // After the E-step: q(z) = the E-step's responsibilities under q.
            let resp = q.e_step_model().predict_proba(&data).unwrap();
            let (est0, entropy0) = of_responsibilities(&data, &resp, &prior, reg);
            let at_e = full_bound_of(&prior, &q, &est0, entropy0).unwrap();
            let model = q.e_step_model().clone();
            let stats = InMemory::new(&data, 1)
                .pass(&model, &Stats::empty_with_entropy(&model))
                .unwrap();
            let from_stats = full_bound(&prior, &q, &stats, reg).unwrap();
            assert!(
                (at_e - from_stats).abs() < 1e-9 * at_e.abs(),
                "{at_e} {from_stats}"
            );
            let k = prior.k();
            for n in (0..data.n()).step_by(5) {
                let row = &resp[n * k..(n + 1) * k];
                let top = (0..k).fold(0, |b, j| if row[j] > row[b] { j } else { b });
                // Moves whose loss (about δ²/2r) stands above rounding: both shares ≥ 10⁻³.
                for other in (0..k).filter(|&j| j != top && row[j] >= 1e-3) {
                    for delta in [0.01 * row[top], -0.5 * row[other]] {
                        let mut moved = resp.clone();
                        moved[n * k + top] -= delta;
                        moved[n * k + other] += delta;
                        let (est, entropy) = of_responsibilities(&data, &moved, &prior, reg);
                        let b = full_bound_of(&prior, &q, &est, entropy).unwrap();
                        assert!(b < at_e, "{t} {w}: q(z) of point {n} moved: {b} ≥ {at_e}");
                        moves += 1;
                    }
                }
            }
            // After the M-step (from the same q(z)): every posterior number, a little either
            // way.
            let (est, entropy) = (est0, entropy0);
            let next = Posterior::from_estimates(&prior, &est).unwrap();
            let at_m = full_bound_of(&prior, &next, &est, entropy).unwrap();
            assert!(at_m >= at_e, "{t} {w}: the M-step lowered it");
            let VbMStep::Posterior(core) = Posterior::m_step(&prior, &stats, reg).unwrap() else {
                panic!("no repeated pass on Old Faithful")
            };
            let via_stats = full_bound(&prior, &core, &stats, reg).unwrap();
            assert!(
                (via_stats - at_m).abs() < 1e-9 * at_m.abs(),
                "{via_stats} {at_m}"
            );
            for (name, parts) in perturbations(next.parts(), data.d(), 1e-3) {
                let moved = Posterior::new(parts).unwrap();
                let b = full_bound_of(&prior, &moved, &est, entropy).unwrap();
                assert!(b < at_m, "{t} {w}: {name}: {b} ≥ {at_m}");
                moves += 1;
            }
        }
    }
    eprintln!("{moves} perturbations, each lowered the bound");
    assert!(moves > 400);
}

/// K = 1, d = 1: the Normal–Gamma bound written out over the points, for the M-step's posterior
/// and for moved ones.
#[test]
fn one_component_in_one_dimension_by_hand() {
    let xs = [0.3, -1.2, 2.5, 0.9, 1.7, -0.4, 3.1, 0.0, 1.1];
    let data = Dataset::from_rows(&xs.map(|x| [x])).unwrap();
    let n = xs.len() as f64;
    for w in WeightPrior::ALL {
        let vb = VbPrior {
            weight_prior: w,
            weight_concentration: Some(0.7),
            mean_precision: Some(0.4),
            mean: Some(vec![0.5]),
            degrees_of_freedom: Some(2.5),
            covariance: Some(vec![1.8]),
        };
        for t in CovarianceType::ALL {
            let prior = vb.check(&data, 1, t).unwrap();
            let resp = vec![1.0; xs.len()];
            let est = estimate_parameters(&data, &resp, 1, t, RegCovar::ZERO).unwrap();
            let fitted = Posterior::from_estimates(&prior, &est).unwrap();
            let mut moved = fitted.parts().clone();
            moved.means[0] += 0.3;
            moved.mean_precision[0] *= 1.7;
            moved.degrees_of_freedom[0] *= 1.3;
            moved.covariances[0] *= 0.8;
            moved.weight_concentration[0] *= 1.2;
            if w == WeightPrior::DirichletProcess {
                moved.weight_concentration_rest[0] *= 0.6;
            }
            for q in [fitted.clone(), Posterior::new(moved).unwrap()] {
                let p = q.parts();
                let (m, beta, nu, c) = (
                    p.means[0],
                    p.mean_precision[0],
                    p.degrees_of_freedom[0],
                    p.covariances[0],
                );
                // q(λ) = Gamma(a, b) with a = ν/2, rate b = ν c / 2: E[λ] = 1/c.
                let (a, b) = (nu / 2.0, nu * c / 2.0);
                let (e_lambda, e_ln_lambda) = (a / b, digamma(a) - b.ln());
                let (a0, b0, beta0, m0): (f64, f64, f64, f64) = (2.5 / 2.0, 1.8 / 2.0, 0.4, 0.5);
                let likelihood: f64 = xs
                    .iter()
                    .map(|x| {
                        0.5 * e_ln_lambda
                            - 0.5 * LN_2PI
                            - 0.5 * (e_lambda * (x - m) * (x - m) + 1.0 / beta)
                    })
                    .sum();
                let p_mean = 0.5 * (beta0 / (2.0 * std::f64::consts::PI)).ln() + 0.5 * e_ln_lambda
                    - 0.5 * beta0 * (e_lambda * (m - m0) * (m - m0) + 1.0 / beta);
                let p_lambda =
                    a0 * b0.ln() - ln_gamma(a0) + (a0 - 1.0) * e_ln_lambda - b0 * e_lambda;
                let q_mean =
                    0.5 * (beta / (2.0 * std::f64::consts::PI)).ln() + 0.5 * e_ln_lambda - 0.5;
                let q_lambda = a * b.ln() - ln_gamma(a) + (a - 1.0) * e_ln_lambda - a;
                // One component: the Dirichlet's π = 1 (no weight terms); the one stick
                // v ~ Beta(1, α₀), π₁ = v, q(v) = Beta(s, r).
                let weights = match w {
                    WeightPrior::DirichletDistribution => 0.0,
                    WeightPrior::DirichletProcess => {
                        let (s, r) = (p.weight_concentration[0], p.weight_concentration_rest[0]);
                        let (e_ln_v, e_ln_1v) =
                            (digamma(s) - digamma(s + r), digamma(r) - digamma(s + r));
                        let ln_p = 0.7f64.ln() + (0.7 - 1.0) * e_ln_1v;
                        let ln_q = -ln_beta(s, r) + (s - 1.0) * e_ln_v + (r - 1.0) * e_ln_1v;
                        n * e_ln_v + ln_p - ln_q
                    }
                };
                let by_hand = likelihood + p_mean + p_lambda - q_mean - q_lambda + weights;
                let bound = full_bound_of(&prior, &q, &est, 0.0).unwrap();
                assert!(
                    (bound - by_hand).abs() < 1e-12 * by_hand.abs(),
                    "{t} {w}: {bound} vs by hand {by_hand}"
                );
            }
        }
    }
}

/// Draws of the distributions q(θ) is made of (Box–Muller, Marsaglia–Tsang), for the Monte Carlo
/// check below.
struct Draw(emviz_core::EmRng);

impl Draw {
    fn uniform(&mut self) -> f64 {
        // In (0, 1).
        (self.0.random::<f64>() + f64::EPSILON).min(1.0 - f64::EPSILON)
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        x / (x + self.gamma(b))
    }
}

/// 2 × 2 helpers: determinant, inverse, the quadratic form.
fn det2(m: [f64; 4]) -> f64 {
    m[0] * m[3] - m[1] * m[2]
}
fn inv2(m: [f64; 4]) -> [f64; 4] {
    let d = det2(m);
    [m[3] / d, -m[1] / d, -m[2] / d, m[0] / d]
}
fn quad2(m: [f64; 4], v: [f64; 2]) -> f64 {
    v[0] * (m[0] * v[0] + m[1] * v[1]) + v[1] * (m[2] * v[0] + m[3] * v[1])
}

/// ln Wishart(Λ | W, ν) in two dimensions, its normaliser written out: Γ₂(a) = √π Γ(a) Γ(a − ½).
fn ln_wishart2(lambda: [f64; 4], w: [f64; 4], nu: f64) -> f64 {
    let ln_b = -0.5 * nu * det2(w).ln()
        - nu * std::f64::consts::LN_2
        - 0.5 * std::f64::consts::PI.ln()
        - ln_gamma(nu / 2.0)
        - ln_gamma((nu - 1.0) / 2.0);
    let wi = inv2(w);
    let tr = wi[0] * lambda[0] + wi[1] * lambda[2] + wi[2] * lambda[1] + wi[3] * lambda[3];
    ln_b + 0.5 * (nu - 3.0) * det2(lambda).ln() - 0.5 * tr
}

/// ln N(x | μ, (s Λ)⁻¹) in two dimensions.
fn ln_normal2(x: [f64; 2], mu: [f64; 2], s: f64, lambda: [f64; 4]) -> f64 {
    let p = lambda.map(|v| s * v);
    0.5 * det2(p).ln() - LN_2PI - 0.5 * quad2(p, [x[0] - mu[0], x[1] - mu[1]])
}

/// d = 2, K = 2, full covariances: the bound against a Monte Carlo estimate of
/// E_q[ln p(x, z, θ) − ln q(z) − ln q(θ)] from draws of q(θ) (a fixed seed), for a posterior and
/// responsibilities that are not each other's optimum — so the Wishart's normaliser and every
/// constant in d > 1 are checked against densities written out on their own.
#[test]
fn two_dimensions_against_a_monte_carlo_estimate() {
    let rows = [
        [0.2, 0.9],
        [1.1, 0.4],
        [-0.3, 1.6],
        [0.8, 1.2],
        [4.1, 3.0],
        [5.2, 3.9],
        [4.6, 2.4],
        [3.7, 3.3],
        [2.2, 2.0],
    ];
    let data = Dataset::from_rows(&rows).unwrap();
    for w in WeightPrior::ALL {
        let vb = VbPrior {
            weight_prior: w,
            weight_concentration: Some(0.8),
            mean_precision: Some(0.5),
            mean: Some(vec![2.0, 2.0]),
            degrees_of_freedom: Some(3.5),
            covariance: Some(vec![1.5, 0.3, 0.3, 1.2]),
        };
        let prior = vb.check(&data, 2, CovarianceType::Full).unwrap();
        // q(θ) from one set of responsibilities, moved; q(z) another.
        let r1: Vec<f64> = (0..9)
            .flat_map(|n| {
                let a = if n < 4 { 0.9 } else { 0.15 };
                [a, 1.0 - a]
            })
            .collect();
        let est = estimate_parameters(&data, &r1, 2, CovarianceType::Full, RegCovar::ZERO).unwrap();
        let mut parts = Posterior::from_estimates(&prior, &est)
            .unwrap()
            .parts()
            .clone();
        parts.means[1] += 0.4;
        parts.mean_precision[0] *= 0.7;
        parts.degrees_of_freedom[1] += 1.3;
        let q = Posterior::new(parts).unwrap();
        let resp: Vec<f64> = (0..9)
            .flat_map(|n| {
                let a = [0.8, 0.95, 0.7, 0.85, 0.1, 0.05, 0.2, 0.15, 0.5][n];
                [a, 1.0 - a]
            })
            .collect();
        let (est, entropy) = of_responsibilities(&data, &resp, &prior, RegCovar::ZERO);
        let bound = full_bound_of(&prior, &q, &est, entropy).unwrap();

        let p = q.parts();
        let w0 = inv2([1.5, 0.3, 0.3, 1.2]);
        let mut draw = Draw(rng_from_seed(2026));
        let samples = 200_000;
        let mut sum = 0.0;
        for _ in 0..samples {
            let mut total = entropy;
            // q(π), p(π), and ln π.
            let ln_pi: [f64; 2] = match w {
                WeightPrior::DirichletDistribution => {
                    let a = [p.weight_concentration[0], p.weight_concentration[1]];
                    let g = [draw.gamma(a[0]), draw.gamma(a[1])];
                    let pi = [g[0] / (g[0] + g[1]), g[1] / (g[0] + g[1])];
                    let ln_dir = |al: [f64; 2]| {
                        ln_gamma(al[0] + al[1]) - ln_gamma(al[0]) - ln_gamma(al[1])
                            + (al[0] - 1.0) * pi[0].ln()
                            + (al[1] - 1.0) * pi[1].ln()
                    };
                    total += ln_dir([0.8, 0.8]) - ln_dir(a);
                    [pi[0].ln(), pi[1].ln()]
                }
                WeightPrior::DirichletProcess => {
                    let mut ln_pi = [0.0; 2];
                    let mut left = 0.0;
                    for (j, lp) in ln_pi.iter_mut().enumerate() {
                        let (a, b) = (p.weight_concentration[j], p.weight_concentration_rest[j]);
                        let v = draw.beta(a, b);
                        let ln_beta_pdf = |a: f64, b: f64| {
                            -ln_beta(a, b) + (a - 1.0) * v.ln() + (b - 1.0) * (1.0 - v).ln()
                        };
                        total += ln_beta_pdf(1.0, 0.8) - ln_beta_pdf(a, b);
                        *lp = v.ln() + left;
                        left += (1.0 - v).ln();
                    }
                    ln_pi
                }
            };
            for j in 0..2 {
                let nu = p.degrees_of_freedom[j];
                let c = [
                    p.covariances[j * 4],
                    p.covariances[j * 4 + 1],
                    p.covariances[j * 4 + 2],
                    p.covariances[j * 4 + 3],
                ];
                let wk = inv2(c.map(|v| v * nu));
                // Bartlett: Λ = L A Aᵀ Lᵀ, W = L Lᵀ.
                let l00 = wk[0].sqrt();
                let l10 = wk[2] / l00;
                let l11 = (wk[3] - l10 * l10).sqrt();
                let a00 = (2.0 * draw.gamma(nu / 2.0)).sqrt();
                let a11 = (2.0 * draw.gamma((nu - 1.0) / 2.0)).sqrt();
                let a10 = draw.normal();
                // B = L A (lower): [l00 a00, 0; l10 a00 + l11 a10, l11 a11].
                let (b00, b10, b11) = (l00 * a00, l10 * a00 + l11 * a10, l11 * a11);
                let lambda = [b00 * b00, b00 * b10, b00 * b10, b10 * b10 + b11 * b11];
                let beta = p.mean_precision[j];
                let m = [p.means[j * 2], p.means[j * 2 + 1]];
                // μ ~ N(m, (βΛ)⁻¹): m + (βΛ)^{-½} z through Λ⁻¹'s Cholesky factor.
                let cov = inv2(lambda.map(|v| v * beta));
                let c00 = cov[0].sqrt();
                let c10 = cov[2] / c00;
                let c11 = (cov[3] - c10 * c10).sqrt();
                let (z0, z1) = (draw.normal(), draw.normal());
                let mu = [m[0] + c00 * z0, m[1] + c10 * z0 + c11 * z1];
                total += ln_normal2(mu, [2.0, 2.0], 0.5, lambda) + ln_wishart2(lambda, w0, 3.5)
                    - ln_normal2(mu, m, beta, lambda)
                    - ln_wishart2(lambda, wk, nu);
                for (n, x) in rows.iter().enumerate() {
                    total += resp[n * 2 + j] * (ln_pi[j] + ln_normal2(*x, mu, 1.0, lambda));
                }
            }
            sum += total;
        }
        let estimate = sum / samples as f64;
        assert!(
            (estimate - bound).abs() < 1e-3 * bound.abs(),
            "{w}: bound {bound} vs Monte Carlo {estimate}"
        );
        eprintln!("{w}: bound {bound:.4}, Monte Carlo {estimate:.4}");
    }
}
