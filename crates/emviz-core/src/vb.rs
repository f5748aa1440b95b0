//! Variational Bayes for a Gaussian mixture, as scikit-learn's `BayesianGaussianMixture`:
//! [`Posterior`] is q(π) q(μ, Λ) — a Dirichlet process (stick-breaking Betas) or a Dirichlet
//! over the weights, and a Gaussian–Wishart per component — with its M-step, its E-step and its
//! evidence lower bound.
//!
//! * **M-step** ([`Posterior::from_estimates`], [`Posterior::m_step`]): the posterior from the
//!   responsibility-weighted counts Nₖ, means x̄ₖ and covariances Sₖ (with `reg_covar`) that
//!   EM's M-step makes — so the same mergeable [`Stats`] of one pass feed it, and threads,
//!   streamed files and Spark's partitions come with it — and the priors ([`CheckedVbPrior`]):
//!   scikit-learn's `_estimate_weights`, `_estimate_means` and `_estimate_wishart_*` (whose
//!   covariances are divided by the degrees of freedom: `covariances_ = W⁻¹ / ν`).
//! * **E-step**: ln ρₙₖ = E[ln πₖ] + ½ E[ln |Λₖ|] − ½ d/βₖ − ½ νₖ (x − mₖ)ᵀWₖ(x − mₖ) (up to a
//!   constant) is a Gaussian density with covariance `covariances_` plus a per-component
//!   constant — the density of a mixture whose weights are those constants' exponentials. So the
//!   E-step is the EM pass (`fused`) under [`Posterior::e_step_model`], whose responsibilities
//!   are exactly the VB ones; [`Posterior::log_normaliser`] is what its normalised weights took
//!   out (so `ln Σₖ ρₙₖ` = the mixture's ln p(xₙ) + that).
//! * **Bound** ([`Posterior::lower_bound`]): scikit-learn's `_compute_lower_bound` — the
//!   responsibilities' entropy (a pass's [`Stats::entropy_sum`]) minus the Wishart and weight
//!   normalisers and ½ d Σ ln βₖ, with its constants left out.

use crate::covariance::Estimates;
use crate::error::{CollapseReason, Error, Invalid, PriorName, Result};
use crate::fastmath::{exp, ln};
use crate::linalg::CholeskyFactor;
use crate::mixture::Mixture;
use crate::params::RegCovar;
use crate::rules::{CovarianceType, WeightPrior};
use crate::special::{digamma, ln_beta, ln_gamma};
use crate::stats::Stats;
use crate::vb_prior::CheckedVbPrior;

const LN_2: f64 = std::f64::consts::LN_2;

/// The numbers of a posterior, as scikit-learn's fitted attributes hold them.
#[derive(Clone, Debug, PartialEq)]
pub struct PosteriorParts {
    /// The prior on the weights the posterior is of.
    pub weight_prior: WeightPrior,
    /// The covariance type.
    pub covariance_type: CovarianceType,
    /// `weight_concentration_`: the Dirichlet's αₖ, or (Dirichlet process) the first parameter
    /// of each stick's Beta.
    pub weight_concentration: Vec<f64>,
    /// The second parameter of each stick's Beta (Dirichlet process); empty for a Dirichlet.
    pub weight_concentration_rest: Vec<f64>,
    /// `mean_precision_`: βₖ.
    pub mean_precision: Vec<f64>,
    /// `means_`: mₖ, k × d row-major.
    pub means: Vec<f64>,
    /// `degrees_of_freedom_`: νₖ (for `tied` K equal values; scikit-learn keeps one).
    pub degrees_of_freedom: Vec<f64>,
    /// `covariances_` = Wₖ⁻¹ / νₖ as k full d × d matrices whatever the type (as [`Mixture`]).
    pub covariances: Vec<f64>,
}

/// What [`Posterior::m_step`] gives.
#[derive(Clone, Debug, PartialEq)]
pub enum VbMStep {
    /// The next posterior.
    Posterior(Box<Posterior>),
    /// Make the pass again under the same E-step model into these (empty) statistics, about the
    /// new means; then [`Posterior::m_step`] of them gives the posterior.
    Again(Stats),
}

/// A variational posterior over a mixture's parameters (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Posterior {
    parts: PosteriorParts,
    e_step: Mixture,
    log_norm: f64,
}

impl Posterior {
    /// Checks the numbers of a posterior (e.g. a fitted estimator's, to go on from or to use)
    /// and prepares its E-step.
    pub fn new(parts: PosteriorParts) -> Result<Self> {
        let k = parts.weight_concentration.len();
        let counts = [
            parts.mean_precision.len(),
            parts.degrees_of_freedom.len(),
            match parts.weight_prior {
                WeightPrior::DirichletProcess => parts.weight_concentration_rest.len(),
                WeightPrior::DirichletDistribution => k,
            },
        ];
        if let Some(&bad) = counts.iter().find(|&&c| c != k) {
            return Err(Invalid::WeightsMeansCount {
                weights: k,
                means: bad,
            }
            .into());
        }
        let concentrations = parts
            .weight_concentration
            .iter()
            .chain(&parts.weight_concentration_rest);
        if k == 0 || concentrations.clone().any(|v| !v.is_finite() || *v <= 0.0) {
            return Err(Invalid::WeightsNegative.into());
        }
        if let Some(&value) = parts
            .mean_precision
            .iter()
            .find(|v| !v.is_finite() || **v <= 0.0)
        {
            return Err(Invalid::PriorNotPositive {
                prior: PriorName::MeanPrecision,
                value,
            }
            .into());
        }
        let d = parts.means.len() / k;
        if let Some(&value) = parts
            .degrees_of_freedom
            .iter()
            .find(|v| !v.is_finite() || **v <= d as f64 - 1.0)
        {
            return Err(Invalid::DegreesOfFreedomPrior { value, d }.into());
        }
        Self::assemble(parts)
    }

    /// The VB M-step from EM's estimates (counts with scikit-learn's 10ε guard, means,
    /// covariances with `reg_covar`; [`crate::covariance::estimate_parameters`] from given
    /// responsibilities is scikit-learn's `_initialize`) and the priors.
    pub fn from_estimates(prior: &CheckedVbPrior, est: &Estimates) -> Result<Self> {
        let k = est.counts.len();
        let d = prior.mean().len();
        if k != prior.k() || est.means.len() != k * d || est.covariances.len() != k * d * d {
            return Err(Invalid::WeightsMeansCount {
                weights: prior.k(),
                means: k,
            }
            .into());
        }
        let nk = &est.counts;
        let (alpha0, beta0, nu0) = (
            prior.weight_concentration(),
            prior.mean_precision(),
            prior.degrees_of_freedom(),
        );
        let (weight_concentration, weight_concentration_rest) = match prior.weight_prior() {
            WeightPrior::DirichletProcess => {
                // The stick left after component j: α₀ + Σ_{l>j} N_l.
                let mut tail = vec![0.0; k];
                let mut sum = 0.0;
                for j in (0..k.saturating_sub(1)).rev() {
                    sum += nk[j + 1];
                    tail[j] = sum;
                }
                (
                    nk.iter().map(|n| 1.0 + n).collect(),
                    tail.iter().map(|t| alpha0 + t).collect(),
                )
            }
            WeightPrior::DirichletDistribution => {
                (nk.iter().map(|n| alpha0 + n).collect(), Vec::new())
            }
        };
        let mean_precision: Vec<f64> = nk.iter().map(|n| beta0 + n).collect();
        let m0 = prior.mean();
        let mut means = vec![0.0; k * d];
        for j in 0..k {
            for a in 0..d {
                means[j * d + a] =
                    (beta0 * m0[a] + nk[j] * est.means[j * d + a]) / mean_precision[j];
            }
        }
        let diff = |j: usize, a: usize| est.means[j * d + a] - m0[a];
        let sk = |j: usize, a: usize, b: usize| est.covariances[j * d * d + a * d + b];
        let w0 = prior.covariance();
        let mut covariances = vec![0.0; k * d * d];
        let degrees_of_freedom: Vec<f64>;
        match prior.covariance_type() {
            CovarianceType::Full => {
                degrees_of_freedom = nk.iter().map(|n| nu0 + n).collect();
                for j in 0..k {
                    let shrink = nk[j] * beta0 / mean_precision[j];
                    for a in 0..d {
                        for b in 0..d {
                            covariances[j * d * d + a * d + b] = (w0[a * d + b]
                                + nk[j] * sk(j, a, b)
                                + shrink * (diff(j, a) * diff(j, b)))
                                / degrees_of_freedom[j];
                        }
                    }
                }
            }
            CovarianceType::Tied => {
                let total: f64 = nk.iter().sum();
                let nu = nu0 + total / k as f64;
                degrees_of_freedom = vec![nu; k];
                let mut c = vec![0.0; d * d];
                for a in 0..d {
                    for b in 0..d {
                        let spread: f64 = (0..k)
                            .map(|j| nk[j] / mean_precision[j] * diff(j, a) * diff(j, b))
                            .sum();
                        c[a * d + b] = (w0[a * d + b]
                            + sk(0, a, b) * total / k as f64
                            + beta0 / k as f64 * spread)
                            / nu;
                    }
                }
                for j in 0..k {
                    covariances[j * d * d..(j + 1) * d * d].copy_from_slice(&c);
                }
            }
            CovarianceType::Diag => {
                degrees_of_freedom = nk.iter().map(|n| nu0 + n).collect();
                for j in 0..k {
                    let shrink = beta0 / mean_precision[j];
                    for a in 0..d {
                        covariances[j * d * d + a * d + a] = (w0[a]
                            + nk[j] * (sk(j, a, a) + shrink * (diff(j, a) * diff(j, a))))
                            / degrees_of_freedom[j];
                    }
                }
            }
            CovarianceType::Spherical => {
                degrees_of_freedom = nk.iter().map(|n| nu0 + n).collect();
                for j in 0..k {
                    let spread = (0..d).map(|a| diff(j, a) * diff(j, a)).sum::<f64>() / d as f64;
                    let var = (w0[0] + nk[j] * (sk(j, 0, 0) + beta0 / mean_precision[j] * spread))
                        / degrees_of_freedom[j];
                    for a in 0..d {
                        covariances[j * d * d + a * d + a] = var;
                    }
                }
            }
        }
        Self::assemble(PosteriorParts {
            weight_prior: prior.weight_prior(),
            covariance_type: prior.covariance_type(),
            weight_concentration,
            weight_concentration_rest,
            mean_precision,
            means,
            degrees_of_freedom,
            covariances,
        })
    }

    /// The VB M-step from the statistics of a pass under [`Posterior::e_step_model`]
    /// (`reg_covar` added to the variances, as EM's) — or, when a mean moved so far that the sums
    /// about the old means lost too many digits, the empty statistics the same pass must fill
    /// again ([`VbMStep::Again`], as EM's [`crate::MStep::Again`]); their M-step is then always
    /// a posterior.
    pub fn m_step(prior: &CheckedVbPrior, stats: &Stats, reg_covar: RegCovar) -> Result<VbMStep> {
        if stats.n() == 0 {
            return Err(Invalid::NothingGathered.into());
        }
        match stats.again(reg_covar) {
            Some(again) => Ok(VbMStep::Again(again)),
            None => Self::from_estimates(prior, &stats.estimates(reg_covar).0)
                .map(|p| VbMStep::Posterior(Box::new(p))),
        }
    }

    /// The M-step from statistics that need no second pass (those [`VbMStep::Again`] asked for).
    pub(crate) fn m_step_final(
        prior: &CheckedVbPrior,
        stats: &Stats,
        reg_covar: RegCovar,
    ) -> Result<Self> {
        Self::from_estimates(prior, &stats.estimates(reg_covar).0)
    }

    /// The E-step's mixture and normaliser for checked parts.
    fn assemble(parts: PosteriorParts) -> Result<Self> {
        let k = parts.weight_concentration.len();
        let d = parts.means.len() / k;
        let log_weights = expected_log_weights(&parts);
        // ln ρ's constant: E[ln π] − ½ d ln ν + ½ (d ln 2 + Σᵢ ψ((ν − i)/2) − d/β), beside the
        // Gaussian density with covariance W⁻¹/ν.
        let consts: Vec<f64> = (0..k)
            .map(|j| {
                let nu = parts.degrees_of_freedom[j];
                let log_lambda =
                    d as f64 * LN_2 + (0..d).map(|i| digamma(0.5 * (nu - i as f64))).sum::<f64>();
                log_weights[j] - 0.5 * d as f64 * ln(nu)
                    + 0.5 * (log_lambda - d as f64 / parts.mean_precision[j])
            })
            .collect();
        let max = consts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            return Err(Invalid::WeightsZero.into());
        }
        // exp(c − max) ∈ (0, 1]; a component e⁻⁷⁰⁰ times less likely than the likeliest
        // everywhere keeps that floor (its responsibilities are below 10⁻³⁰⁰ either way).
        let weights: Vec<f64> = consts.iter().map(|c| exp((c - max).max(-700.0))).collect();
        let total: f64 = weights.iter().sum();
        let e_step = Mixture::new(
            parts.covariance_type,
            weights,
            parts.means.clone(),
            parts.covariances.clone(),
        )?;
        Ok(Self {
            parts,
            e_step,
            log_norm: max + ln(total),
        })
    }

    /// Its numbers.
    pub fn parts(&self) -> &PosteriorParts {
        &self.parts
    }

    /// K.
    pub fn k(&self) -> usize {
        self.parts.weight_concentration.len()
    }

    /// Dimension d.
    pub fn d(&self) -> usize {
        self.e_step.d()
    }

    /// The mixture whose responsibilities are the VB E-step's (its weights are the normalised
    /// exp of each component's constant; see the [module documentation](self)): pass it to
    /// [`Stats::empty_with_entropy`] and a [`crate::Source`]'s pass, or use its
    /// `predict_proba` / `predict`.
    pub fn e_step_model(&self) -> &Mixture {
        &self.e_step
    }

    /// `ln Σₖ ρₙₖ − ln p(xₙ)` of [`Posterior::e_step_model`], the same for every point: add it to
    /// the model's `score_samples` for scikit-learn's `score_samples`.
    pub fn log_normaliser(&self) -> f64 {
        self.log_norm
    }

    /// E[πₖ] under q, normalised (scikit-learn's `weights_`): the share a component keeps.
    pub fn expected_weights(&self) -> Vec<f64> {
        let p = &self.parts;
        let raw: Vec<f64> = match p.weight_prior {
            WeightPrior::DirichletProcess => {
                let mut left = 1.0;
                (0..self.k())
                    .map(|j| {
                        let (a, b) = (p.weight_concentration[j], p.weight_concentration_rest[j]);
                        let w = a / (a + b) * left;
                        left *= b / (a + b);
                        w
                    })
                    .collect()
            }
            WeightPrior::DirichletDistribution => p.weight_concentration.clone(),
        };
        let total: f64 = raw.iter().sum();
        raw.iter().map(|w| w / total).collect()
    }

    /// The posterior's point summary as a mixture: weights E[π] ([`Posterior::expected_weights`]),
    /// means mₖ and covariances Wₖ⁻¹/νₖ — scikit-learn's `weights_`, `means_`, `covariances_`,
    /// what a plot of the fit draws (a component fading with its E[πₖ]).
    pub fn expected_mixture(&self) -> Result<Mixture> {
        let p = &self.parts;
        Mixture::new(
            p.covariance_type,
            self.expected_weights(),
            p.means.clone(),
            p.covariances.clone(),
        )
    }

    /// scikit-learn's `_compute_lower_bound` of this posterior after an E-step whose
    /// responsibilities had the summed entropy `entropy` (−Σ r ln r; [`Stats::entropy_sum`]).
    pub fn lower_bound(&self, entropy: f64) -> Result<f64> {
        let p = &self.parts;
        let (k, d) = (self.k(), self.d());
        let df = d as f64;
        let mut wishart = Vec::with_capacity(k);
        for j in 0..k {
            let nu = p.degrees_of_freedom[j];
            let cov = &p.covariances[j * d * d..(j + 1) * d * d];
            let half_ln_det = CholeskyFactor::new(cov, d)
                .ok_or(Error::Collapse {
                    component: j,
                    reason: CollapseReason::NotPositiveDefinite,
                })?
                .half_ln_det();
            let log_det_chol = -half_ln_det - 0.5 * df * ln(nu);
            let gammas: f64 = (0..d).map(|i| ln_gamma(0.5 * (nu - i as f64))).sum();
            wishart.push(-(nu * log_det_chol + nu * df * 0.5 * LN_2 + gammas));
        }
        let log_wishart = match p.covariance_type {
            CovarianceType::Tied => k as f64 * wishart[0],
            _ => wishart.iter().sum(),
        };
        let log_norm_weight = match p.weight_prior {
            WeightPrior::DirichletProcess => -(0..k)
                .map(|j| ln_beta(p.weight_concentration[j], p.weight_concentration_rest[j]))
                .sum::<f64>(),
            WeightPrior::DirichletDistribution => {
                ln_gamma(p.weight_concentration.iter().sum())
                    - p.weight_concentration
                        .iter()
                        .map(|&a| ln_gamma(a))
                        .sum::<f64>()
            }
        };
        let log_precisions: f64 = p.mean_precision.iter().map(|&b| ln(b)).sum();
        Ok(entropy - log_wishart - log_norm_weight - 0.5 * df * log_precisions)
    }
}

/// E[ln πₖ] under q (scikit-learn's `_estimate_log_weights`).
pub(crate) fn expected_log_weights(p: &PosteriorParts) -> Vec<f64> {
    match p.weight_prior {
        WeightPrior::DirichletProcess => {
            let mut before = 0.0;
            p.weight_concentration
                .iter()
                .zip(&p.weight_concentration_rest)
                .map(|(&a, &b)| {
                    let sum = digamma(a + b);
                    let v = digamma(a) - sum + before;
                    before += digamma(b) - sum;
                    v
                })
                .collect()
        }
        WeightPrior::DirichletDistribution => {
            let all = digamma(p.weight_concentration.iter().sum());
            p.weight_concentration
                .iter()
                .map(|&a| digamma(a) - all)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covariance::estimate_parameters;
    use crate::data::Dataset;
    use crate::vb_prior::VbPrior;

    fn data() -> Dataset {
        Dataset::from_rows(&[
            [0.0, 0.5],
            [1.0, -0.2],
            [0.4, 0.9],
            [6.0, 5.0],
            [5.5, 6.1],
            [7.0, 5.4],
        ])
        .unwrap()
    }

    fn posterior(t: CovarianceType, w: WeightPrior) -> Posterior {
        let data = data();
        let prior = VbPrior::new(w).check(&data, 2, t).unwrap();
        let resp = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.2, 0.8, 0.1, 0.9, 0.3, 0.7];
        let est = estimate_parameters(&data, &resp, 2, t, RegCovar::new(1e-6).unwrap()).unwrap();
        Posterior::from_estimates(&prior, &est).unwrap()
    }

    /// The E-step mixture's responsibilities are the VB ones, ln ρ written out term by term.
    #[test]
    fn the_e_step_mixture_gives_the_vb_responsibilities() {
        let data = data();
        for t in CovarianceType::ALL {
            for w in WeightPrior::ALL {
                let q = posterior(t, w);
                let p = q.parts();
                let log_w = expected_log_weights(p);
                let probs = q.e_step_model().predict_proba(&data).unwrap();
                for (i, x) in data.rows().enumerate() {
                    let rho: Vec<f64> = (0..2)
                        .map(|j| {
                            let nu = p.degrees_of_freedom[j];
                            let cov = &p.covariances[j * 4..(j + 1) * 4];
                            // W = (ν Σ)⁻¹ for Σ = covariances_; 2 × 2 by hand.
                            let det = cov[0] * cov[3] - cov[1] * cov[2];
                            let (dx, dy) = (x[0] - p.means[j * 2], x[1] - p.means[j * 2 + 1]);
                            let quad = (cov[3] * dx * dx - 2.0 * cov[1] * dx * dy
                                + cov[0] * dy * dy)
                                / det;
                            let e_ln_det =
                                2.0 * LN_2 + digamma(nu / 2.0) + digamma((nu - 1.0) / 2.0)
                                    - ln(det)
                                    - 2.0 * ln(nu);
                            log_w[j] + 0.5 * e_ln_det - 1.0 / p.mean_precision[j] - 0.5 * quad
                        })
                        .collect();
                    let r0 = 1.0 / (1.0 + exp(rho[1] - rho[0]));
                    assert!(
                        (probs[i * 2] - r0).abs() < 1e-12,
                        "{t} {w}: {} vs {r0}",
                        probs[i * 2]
                    );
                }
            }
        }
    }

    /// E[π] of the stick-breaking posterior: a₁/(a₁+b₁), then b₁/(a₁+b₁) · a₂/(a₂+b₂), normalised.
    #[test]
    fn expected_weights_by_hand() {
        let q = posterior(CovarianceType::Full, WeightPrior::DirichletProcess);
        let p = q.parts();
        let (a, b) = (&p.weight_concentration, &p.weight_concentration_rest);
        let first = a[0] / (a[0] + b[0]);
        let second = b[0] / (a[0] + b[0]) * a[1] / (a[1] + b[1]);
        let w = q.expected_weights();
        assert!((w[0] - first / (first + second)).abs() < 1e-15);
        assert!((w[0] + w[1] - 1.0).abs() < 1e-15);
        // The last stick keeps only the prior: b = α₀ = 1/K.
        assert_eq!(b[1], 0.5);
        let q = posterior(CovarianceType::Full, WeightPrior::DirichletDistribution);
        assert!(q.parts().weight_concentration_rest.is_empty());
        let a = &q.parts().weight_concentration;
        assert!((q.expected_weights()[1] - a[1] / (a[0] + a[1])).abs() < 1e-15);
    }
}
