//! The full evidence lower bound of variational Bayes, with every constant (PRML eqs. 10.70–10.77):
//!
//! L(q(z), q(θ)) = Σₙₖ rₙₖ (E[ln πₖ] + E[ln N(xₙ | μₖ, Λₖ⁻¹)]) + H[q(z)]
//!                 − KL(q(π) ‖ p(π)) − Σₖ KL(q(μₖ, Λₖ) ‖ p(μₖ, Λₖ))
//!
//! for any pair of factors: q(z) through the mergeable statistics of its pass ([`Stats`] made by
//! [`Stats::empty_with_entropy`] under [`Posterior::e_step_model`]: Nₖ, x̄ₖ, Sₖ and −Σ r ln r —
//! E[ln N] is quadratic in x, so no other pass is needed), q(θ) a [`Posterior`], and the priors a
//! [`CheckedVbPrior`]. So it is the bound after an E-step (new q(z), old q(θ)) and after an
//! M-step (the same statistics, new q(θ)), and it never falls from one half-step to the next.
//!
//! * **Weights.** Dirichlet: ln C(α₀) − ln C(α) + Σₖ (Nₖ + α₀ − αₖ) E[ln πₖ]. Dirichlet process
//!   (Blei & Jordan 2006, K sticks vₖ ~ Beta(1, α₀), q(vₖ) = Beta(aₖ, bₖ)):
//!   Σₖ Nₖ E[ln πₖ] + Σₖ [ln α₀ + ln B(aₖ, bₖ) + (1 − aₖ) E[ln vₖ] + (α₀ − bₖ) E[ln(1 − vₖ)]].
//! * **Means and precisions.** Every covariance type is the full model — μₖ | Λₖ ~ N(m₀, (β₀Λₖ)⁻¹),
//!   Λₖ ~ Wishart(W₀, ν₀) with W₀⁻¹ scikit-learn's `covariance_prior` as a matrix (diag(c) for
//!   `diag`, c·I for `spherical`) — with q(μₖ | Λₖ) = N(mₖ, (βₖΛₖ)⁻¹) and q(Λₖ) = Wishart(Wₖ, νₖ)
//!   whose Wₖ is full (`full`), diagonal (`diag`), a multiple of I (`spherical`) or the same for
//!   all k, as νₖ (`tied`). scikit-learn's updates are exactly this bound's maximisers over those
//!   families (its `tied` posterior averages the K full posteriors' natural parameters, its
//!   `diag`/`spherical` E-steps and bound use the Wishart's Σᵢ ψ((ν − i)/2) and multivariate
//!   ln Γ), which is why [`offset_from_lower_bound`] is a constant. Per component, with
//!   E[ln |Λ|] = Σᵢ ψ((ν − i)/2) + d ln 2 + ln |W| and C = (νW)⁻¹ (`covariances_`):
//!   ½Nₖ (E[ln |Λ|] − d/β − d ln 2π − tr(C⁻¹Sₖ) − (x̄ₖ − mₖ)ᵀC⁻¹(x̄ₖ − mₖ))
//!   + ½ d ln(β₀/β) − ½ d β₀/β + ½ d − ½ β₀ (mₖ − m₀)ᵀC⁻¹(mₖ − m₀)
//!   + ln B(W₀, ν₀) − ln B(W, ν) + ½ (ν₀ − ν) E[ln |Λ|] − ½ tr(W₀⁻¹C⁻¹) + ½ νd.
//!
//! `reg_covar` counts as the M-step counts it: Sₖ is the statistics' covariance with `reg_covar`
//! added to the variances (E over a jitter of variance `reg_covar` on every point), so the M-step
//! maximises this bound exactly; the E-step, which leaves `reg_covar` out, may miss its maximum by
//! `reg_covar`·ΔNₖ·E[tr Λₖ]/2, far below rounding (with `reg_covar = 0` both are exact).

use crate::covariance::Estimates;
use crate::error::{CollapseReason, Error, Invalid, Result};
use crate::fastmath::ln;
use crate::linalg::CholeskyFactor;
use crate::params::RegCovar;
use crate::rules::{CovarianceType, WeightPrior};
use crate::special::{digamma, ln_beta, ln_gamma};
use crate::stats::Stats;
use crate::vb::{expected_log_weights, Posterior, PosteriorParts};
use crate::vb_prior::CheckedVbPrior;

const LN_2: f64 = std::f64::consts::LN_2;
/// ln 2π.
const LN_2PI: f64 = 1.837_877_066_409_345_5;
/// ln π.
const LN_PI: f64 = 1.144_729_885_849_400_2;

/// The full bound L(q(z), q(θ)) of `q` with the q(z) whose pass gave `stats` (made by
/// [`Stats::empty_with_entropy`], or with the posteriors written out), `reg_covar` as the
/// M-step's (see the [module documentation](self)).
pub fn full_bound(
    prior: &CheckedVbPrior,
    q: &Posterior,
    stats: &Stats,
    reg_covar: RegCovar,
) -> Result<f64> {
    full_bound_of(prior, q, &stats.estimates(reg_covar).0, stats.entropy_sum())
}

/// [`full_bound`] from q(z)'s estimates (counts Nₖ, means x̄ₖ, covariances Sₖ with `reg_covar`,
/// as [`crate::covariance::estimate_parameters`] makes them from responsibilities) and its
/// summed entropy −Σ r ln r.
pub fn full_bound_of(
    prior: &CheckedVbPrior,
    q: &Posterior,
    est: &Estimates,
    entropy: f64,
) -> Result<f64> {
    let (k, d) = (q.k(), q.d());
    let p = q.parts();
    if prior.k() != k
        || est.counts.len() != k
        || prior.mean().len() != d
        || est.means.len() != k * d
        || est.covariances.len() != k * d * d
        || prior.weight_prior() != p.weight_prior
        || prior.covariance_type() != p.covariance_type
    {
        return Err(Invalid::WeightsMeansCount {
            weights: prior.k(),
            means: k,
        }
        .into());
    }
    Ok(entropy + weight_terms(prior, p, &est.counts) + gaussian_wishart_terms(prior, p, est)?)
}

/// The full bound minus scikit-learn's `lower_bound_` ([`Posterior::lower_bound`]) after an
/// M-step, for `n` points (Σₖ Nₖ): it depends only on the priors, n, d and K —
/// −½ n d ln 2π + ½ K d ln β₀ + K ln B(W₀, ν₀) + ¼ K d(d − 1) ln π, plus ln Γ(Kα₀) − K ln Γ(α₀)
/// (Dirichlet) or K ln α₀ (Dirichlet process).
pub fn offset_from_lower_bound(prior: &CheckedVbPrior, n: f64) -> f64 {
    let (k, d) = (prior.k() as f64, prior.mean().len());
    let df = d as f64;
    let a0 = prior.weight_concentration();
    let weights = match prior.weight_prior() {
        WeightPrior::DirichletDistribution => ln_gamma(k * a0) - k * ln_gamma(a0),
        WeightPrior::DirichletProcess => k * ln(a0),
    };
    let w0_inv = prior_matrix(prior);
    let ln_b0 = ln_det(&w0_inv, d).map_or(f64::NAN, |l| {
        ln_wishart_norm(-l, prior.degrees_of_freedom(), d)
    });
    -0.5 * n * df * LN_2PI
        + 0.5 * k * df * ln(prior.mean_precision())
        + k * ln_b0
        + 0.25 * k * df * (df - 1.0) * LN_PI
        + weights
}

/// Σₖ Nₖ E[ln πₖ] − KL(q(π) ‖ p(π)).
fn weight_terms(prior: &CheckedVbPrior, p: &PosteriorParts, nk: &[f64]) -> f64 {
    let e_ln_pi = expected_log_weights(p);
    let data: f64 = nk.iter().zip(&e_ln_pi).map(|(n, e)| n * e).sum();
    let a0 = prior.weight_concentration();
    let minus_kl = match p.weight_prior {
        WeightPrior::DirichletDistribution => {
            let alpha = &p.weight_concentration;
            let ln_c = |sum: f64, parts: f64| ln_gamma(sum) - parts;
            let k = alpha.len() as f64;
            let all = digamma(alpha.iter().sum());
            ln_c(k * a0, k * ln_gamma(a0))
                - ln_c(alpha.iter().sum(), alpha.iter().map(|&a| ln_gamma(a)).sum())
                + alpha
                    .iter()
                    .map(|&a| (a0 - a) * (digamma(a) - all))
                    .sum::<f64>()
        }
        WeightPrior::DirichletProcess => (p.weight_concentration.iter())
            .zip(&p.weight_concentration_rest)
            .map(|(&a, &b)| {
                let all = digamma(a + b);
                ln(a0)
                    + ln_beta(a, b)
                    + (1.0 - a) * (digamma(a) - all)
                    + (a0 - b) * (digamma(b) - all)
            })
            .sum(),
    };
    data + minus_kl
}

/// Σₖ E[ln N(x | μₖ, Λₖ)] over q(z) − Σₖ KL(q(μₖ, Λₖ) ‖ p(μₖ, Λₖ)).
fn gaussian_wishart_terms(
    prior: &CheckedVbPrior,
    p: &PosteriorParts,
    est: &Estimates,
) -> Result<f64> {
    let k = p.mean_precision.len();
    let d = prior.mean().len();
    let df = d as f64;
    let (beta0, nu0, m0) = (
        prior.mean_precision(),
        prior.degrees_of_freedom(),
        prior.mean(),
    );
    let w0_inv = prior_matrix(prior);
    let ln_b0 = ln_wishart_norm(
        -ln_det(&w0_inv, d).ok_or(Invalid::CovariancePriorNotPositive)?,
        nu0,
        d,
    );
    let total_n: f64 = est.counts.iter().sum();
    let mut total = 0.0;
    for j in 0..k {
        let (nu, beta, nk) = (p.degrees_of_freedom[j], p.mean_precision[j], est.counts[j]);
        let block = j * d * d..(j + 1) * d * d;
        let chol =
            CholeskyFactor::new(&p.covariances[block.clone()], d).ok_or(Error::Collapse {
                component: j,
                reason: CollapseReason::NotPositiveDefinite,
            })?;
        let prec = precision(&chol, d);
        let ln_w = -2.0 * chol.half_ln_det() - df * ln(nu);
        let e_ln_det =
            (0..d).map(|i| digamma(0.5 * (nu - i as f64))).sum::<f64>() + df * LN_2 + ln_w;
        let m = &p.means[j * d..(j + 1) * d];
        let to_mean: Vec<f64> = (0..d).map(|a| est.means[j * d + a] - m[a]).collect();
        let from_prior: Vec<f64> = (0..d).map(|a| m[a] - m0[a]).collect();
        // Σₙ rₙₖ tr(C⁻¹ (xₙ − x̄ₖ)(xₙ − x̄ₖ)ᵀ): `tied` keeps only the pooled covariance, whose
        // share per component (all C equal) is (N/K) tr(C⁻¹ S).
        let weight = match p.covariance_type {
            CovarianceType::Tied => total_n / k as f64,
            _ => nk,
        };
        let scatter = weight * trace(&prec, &est.covariances[block], d);
        let data = 0.5 * nk * (e_ln_det - df / beta - df * LN_2PI - quad(&prec, &to_mean, d))
            - 0.5 * scatter;
        let mean_terms = 0.5 * df * ln(beta0 / beta) - 0.5 * df * beta0 / beta + 0.5 * df
            - 0.5 * beta0 * quad(&prec, &from_prior, d);
        let precision_terms = ln_b0 - ln_wishart_norm(ln_w, nu, d) + 0.5 * (nu0 - nu) * e_ln_det
            - 0.5 * trace(&prec, &w0_inv, d)
            + 0.5 * nu * df;
        total += data + mean_terms + precision_terms;
    }
    Ok(total)
}

/// ln B(W, ν), the Wishart's normaliser (PRML B.79), from ln |W|.
fn ln_wishart_norm(ln_det_w: f64, nu: f64, d: usize) -> f64 {
    let df = d as f64;
    -0.5 * nu * ln_det_w
        - 0.5 * nu * df * LN_2
        - 0.25 * df * (df - 1.0) * LN_PI
        - (0..d).map(|i| ln_gamma(0.5 * (nu - i as f64))).sum::<f64>()
}

/// W₀⁻¹ (`covariance_prior`) as a d × d matrix whatever the type's layout.
fn prior_matrix(prior: &CheckedVbPrior) -> Vec<f64> {
    let d = prior.mean().len();
    let c = prior.covariance();
    match prior.covariance_type() {
        CovarianceType::Full | CovarianceType::Tied => c.to_vec(),
        CovarianceType::Diag | CovarianceType::Spherical => {
            let mut m = vec![0.0; d * d];
            for a in 0..d {
                m[a * d + a] = c[if c.len() == d { a } else { 0 }];
            }
            m
        }
    }
}

/// ln |A| of a positive definite d × d matrix.
fn ln_det(a: &[f64], d: usize) -> Option<f64> {
    CholeskyFactor::new(a, d).map(|c| 2.0 * c.half_ln_det())
}

/// A⁻¹ = L⁻ᵀL⁻¹ from A's Cholesky factor L.
fn precision(chol: &CholeskyFactor, d: usize) -> Vec<f64> {
    let inv = chol.inverse_lower();
    let mut p = vec![0.0; d * d];
    for a in 0..d {
        for b in 0..d {
            p[a * d + b] = (0..d).map(|c| inv[c * d + a] * inv[c * d + b]).sum();
        }
    }
    p
}

/// tr(P A) for d × d matrices.
fn trace(p: &[f64], a: &[f64], d: usize) -> f64 {
    (0..d)
        .flat_map(|i| (0..d).map(move |j| (i, j)))
        .map(|(i, j)| p[i * d + j] * a[j * d + i])
        .sum()
}

/// vᵀ P v.
fn quad(p: &[f64], v: &[f64], d: usize) -> f64 {
    (0..d)
        .flat_map(|i| (0..d).map(move |j| (i, j)))
        .map(|(i, j)| v[i] * p[i * d + j] * v[j])
        .sum()
}
