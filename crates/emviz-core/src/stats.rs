//! [`Stats`]: EM as mergeable sufficient statistics.
//!
//! One EM iteration is a sum over points. Under parameters θ, each point contributes its
//! responsibilities rₙⱼ = p(j | xₙ; θ) to three per-component sums — Nⱼ = Σₙ rₙⱼ, Σₙ rₙⱼ xₙ and
//! the second moments Σₙ rₙⱼ xₙxₙᵀ (only their diagonal for the `diag` and `spherical` types) —
//! and its ln p(xₙ; θ) to the log-likelihood. Those sums are all the M-step needs, so the points
//! can be split into shards, each shard's [`Stats`] computed anywhere (another thread, another
//! process, a Spark executor, a Web Worker), the results added together with [`Stats::merge`], and
//! the next parameters made once from the total with [`Stats::m_step`]:
//!
//! ```
//! use emviz_core::{CovarianceType, Mixture, MStep, Stats};
//! let model = Mixture::new(CovarianceType::Full, vec![0.5, 0.5],
//!     vec![0.0, 0.0, 5.0, 5.0], vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]).unwrap();
//! let rows = [0.1, -0.2, 0.3, 0.1, 4.9, 5.2, 5.1, 4.8, -0.2, 0.2, 5.3, 5.0];
//! // Two shards, accumulated separately and merged …
//! let mut left = Stats::empty(&model);
//! left.accumulate(&model, &rows[..6]).unwrap();
//! let mut right = Stats::empty(&model);
//! right.accumulate(&model, &rows[6..]).unwrap();
//! left.merge(&right).unwrap();
//! assert_eq!(left.n(), 6);
//! // … give the next parameters.
//! let MStep::Model(next) = left.m_step(1e-6).unwrap() else { unreachable!() };
//! assert!((next.weights()[0] - 0.5).abs() < 1e-6);
//! ```
//!
//! The sums are taken about fixed centres cⱼ (the means of θ), not about the origin: `sⱼ =
//! Σ rₙⱼ (xₙ − cⱼ)` and `Sⱼ = Σ rₙⱼ (xₙ − cⱼ)(xₙ − cⱼ)ᵀ` stay well-conditioned where raw moments
//! would cancel most of their digits, and they are turned into exactly scikit-learn's estimates.
//! When a mean moves by far more than its component's spread the correction still cancels
//! digits; [`Stats::m_step`] then asks for the pass to be made again about the new means
//! ([`MStep::Again`]).
//!
//! A pass also gathers what the page's ELBO/KL bookkeeping needs: Σ ln p(xₙ; θ) always, and
//! Σₙⱼ p(j | xₙ) ln φⱼN(xₙ) (so Σ q ln q = that − Σ ln p) when the posteriors are written out.
//!
//! With sample weights ([`Stats::accumulate_weighted`], [`crate::weights`]) every sum takes
//! each point's contribution times its weight wₙ, and [`Stats::total_weight`] is Σ wₙ: the mean
//! log-likelihood divides by it, the M-step is the same formulas on the weighted sums (its
//! mixture weights Nⱼ / Σ Nⱼ never needed n). Weighted and unweighted shards merge (a point
//! without a weight weighs 1).
//!
//! `Stats` is `serde`-serialisable, so statistics travel between threads, processes and
//! machines; with `serde_json`, enable its `float_roundtrip` feature to read every bit back.
//!
//! Determinism: the arithmetic within a shard is fixed (the fused kernel, `fused`),
//! and merging adds the shards' sums in the order the caller merges them; callers merge in a
//! fixed order (see [`crate::source`]), so results never depend on thread timing.

use serde::{Deserialize, Serialize};

use crate::covariance::{finish, Estimates};
use crate::error::{Error, Invalid, Result, Shape};
use crate::family;
use crate::merge::merge_tree;
use crate::mixture::Mixture;
use crate::params::RegCovar;
use crate::rules::{CovarianceType, ModelName};

/// Independent partial sums per accumulated quantity (in 1–3 dimensions; see [`Stats`]'s
/// `parts`), so the pass's additions do not wait on each other.
pub(crate) const LANES: usize = 8;

/// Adds up `N` partial sums (a power of two) in a fixed order: pairwise, halving the width.
#[inline(always)]
pub(crate) fn fold<const N: usize>(acc: &[f64; N]) -> f64 {
    let mut v = *acc;
    let mut width = N / 2;
    while width > 0 {
        for l in 0..width {
            v[l] += v[l + width];
        }
        width /= 2;
    }
    v[0]
}

/// The sufficient statistics of one EM pass under one set of parameters, over the points seen so
/// far (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub(crate) k: usize,
    pub(crate) d: usize,
    pub(crate) cov_type: CovarianceType,
    /// The mclust model whose M-step these sums feed, when it is none of scikit-learn's four
    /// (then `cov_type` is the pass's: [`ModelName::pass_type`]).
    #[serde(default)]
    pub(crate) family: Option<ModelName>,
    /// The points the M-step sums are taken about (the means, unless a pass is repeated).
    pub(crate) centres: Vec<f64>,
    pub(crate) about_means: bool,
    /// In 1–3 dimensions the M-step sums are kept as `LANES` partial sums of each quantity (per
    /// component: n, s (d), S (d × d, upper triangle used)), added up at the end, so the block
    /// loop vectorises fully.
    pub(crate) parts: Vec<[f64; LANES]>,
    /// Otherwise running sums: Nⱼ, sⱼ (k × d) and Sⱼ (k × d × d).
    pub(crate) nk: Vec<f64>,
    pub(crate) sums: Vec<f64>,
    pub(crate) scatter: Vec<f64>,
    /// Σₙ ln p(xₙ; θ).
    pub(crate) log_lik: f64,
    /// Σₙⱼ p(j | xₙ; θ) ln φⱼN(xₙ; θ), when the pass writes posteriors.
    pub(crate) post_log_prob: f64,
    /// Σₙⱼ qₙⱼ ln φⱼN(xₙ; θ), when the pass is given a q.
    pub(crate) q_log_prob: f64,
    /// Points gathered so far.
    pub(crate) rows: usize,
    /// Σₙ wₙ when some pass was weighted ([`Stats::accumulate_weighted`]); `None` while every
    /// pass was unweighted (then the total weight is `rows`, each point weighing 1).
    #[serde(default)]
    pub(crate) weight_total: Option<f64>,
    /// Whether every pass gathers Σ p ln φN (so [`Stats::entropy_sum`]) even when it does not
    /// write the posteriors out: the variational Bayesian bound needs it ([`Stats::empty_with_entropy`]).
    #[serde(default)]
    pub(crate) with_entropy: bool,
}

/// What [`Stats::m_step`] gives.
#[derive(Clone, Debug, PartialEq)]
pub enum MStep {
    /// The next parameters.
    Model(Mixture),
    /// A mean moved by far more than its component's spread, so the sums about the old means
    /// lost too many digits: make the pass again under the same parameters, accumulating into
    /// this (empty) `Stats`, whose sums are taken about the new means; its `m_step` then always
    /// gives a model.
    Again(Stats),
}

impl Stats {
    /// Nothing gathered yet, for passes under `model` (its K, dimension and covariance type), with
    /// the sums taken about its means.
    pub fn empty(model: &Mixture) -> Self {
        Self::about_centres(model, model.means())
    }

    /// Nothing gathered yet; the M-step sums will be taken about `centres` (k × d).
    pub(crate) fn about_centres(model: &Mixture, centres: &[f64]) -> Self {
        let (k, d) = (model.k(), model.d());
        let fixed = (1..=3).contains(&d);
        Stats {
            k,
            d,
            cov_type: model.covariance_type(),
            family: model.family(),
            centres: centres.to_vec(),
            about_means: centres == model.means(),
            parts: vec![[0.0; LANES]; if fixed { k * (1 + d + d * d) } else { 0 }],
            nk: vec![0.0; k],
            sums: vec![0.0; k * d],
            scatter: vec![0.0; k * d * d],
            log_lik: 0.0,
            post_log_prob: 0.0,
            q_log_prob: 0.0,
            rows: 0,
            weight_total: None,
            with_entropy: false,
        }
    }

    /// [`Stats::empty`] whose passes also gather the posteriors' entropy
    /// ([`Stats::entropy_sum`]) without writing the posteriors out.
    pub fn empty_with_entropy(model: &Mixture) -> Self {
        Self {
            with_entropy: true,
            ..Self::empty(model)
        }
    }

    /// This statistics' shape with nothing gathered: the same centres, zero sums.
    pub fn cleared(&self) -> Self {
        let mut s = self.clone();
        for p in &mut s.parts {
            *p = [0.0; LANES];
        }
        s.nk.fill(0.0);
        s.sums.fill(0.0);
        s.scatter.fill(0.0);
        s.log_lik = 0.0;
        s.post_log_prob = 0.0;
        s.q_log_prob = 0.0;
        s.rows = 0;
        s.weight_total = None;
        s
    }

    /// Checks that `rows` can be gathered under `model` into these statistics: the model they
    /// were made for, whole rows of finite values.
    pub(crate) fn check_model(&self, model: &Mixture, rows: &[f64]) -> Result<()> {
        if model.k() != self.k || model.d() != self.d || model.covariance_type() != self.cov_type {
            return Err(Invalid::StatsShape {
                stats: Shape {
                    k: self.k,
                    d: self.d,
                    covariance_type: self.cov_type,
                },
                model: Shape {
                    k: model.k(),
                    d: model.d(),
                    covariance_type: model.covariance_type(),
                },
            }
            .into());
        }
        if self.about_means && self.centres != model.means() {
            return Err(Invalid::StatsOtherMeans.into());
        }
        if !rows.len().is_multiple_of(self.d) {
            return Err(Invalid::ValuesNotRows {
                values: rows.len(),
                columns: self.d,
            }
            .into());
        }
        if let Some(i) = rows.iter().position(|v| !v.is_finite()) {
            return Err(Invalid::NonFinitePoint {
                point: self.rows + i / self.d + 1,
                column: i % self.d + 1,
                value: rows[i],
            }
            .into());
        }
        Ok(())
    }

    /// Adds another shard's statistics, gathered under the same parameters (same K, dimension,
    /// covariance type and centres), to these.
    pub fn merge(&mut self, other: &Stats) -> Result<()> {
        if other.k != self.k
            || other.d != self.d
            || other.cov_type != self.cov_type
            || other.family != self.family
            || other.centres != self.centres
            || other.about_means != self.about_means
            || other.parts.len() != self.parts.len()
            || other.with_entropy != self.with_entropy
        {
            return Err(Invalid::StatsMerge.into());
        }
        for (a, b) in self.parts.iter_mut().zip(&other.parts) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.nk.iter_mut().zip(&other.nk) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a += b;
        }
        for (a, b) in self.scatter.iter_mut().zip(&other.scatter) {
            *a += b;
        }
        self.log_lik += other.log_lik;
        self.post_log_prob += other.post_log_prob;
        self.q_log_prob += other.q_log_prob;
        if self.weight_total.is_some() || other.weight_total.is_some() {
            self.weight_total = Some(self.total_weight() + other.total_weight());
        }
        self.rows += other.rows;
        Ok(())
    }

    /// Merges shards in a fixed pairwise tree — (0+1)+(2+3), … — so the result depends only on
    /// the shards and their order. `None` for no shards.
    pub fn merge_tree(shards: Vec<Stats>) -> Result<Option<Stats>> {
        merge_tree(shards, |mut a, b| {
            a.merge(&b)?;
            Ok(a)
        })
    }

    /// Points gathered.
    pub fn n(&self) -> usize {
        self.rows
    }

    /// Σₙ wₙ over the points gathered: their number when no pass was weighted.
    pub fn total_weight(&self) -> f64 {
        self.weight_total.unwrap_or(self.rows as f64)
    }

    /// Whether some pass gathered into these statistics was weighted.
    pub fn is_weighted(&self) -> bool {
        self.weight_total.is_some()
    }

    /// Number of components K.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Dimension d.
    pub fn d(&self) -> usize {
        self.d
    }

    /// Σₙ wₙ ln p(xₙ; θ) over the points gathered (wₙ = 1 unweighted).
    pub fn log_likelihood(&self) -> f64 {
        self.log_lik
    }

    /// The mean per-point log-likelihood, Σ wₙ ln p(xₙ) / Σ wₙ (NaN before any point, or
    /// when every weight gathered is zero).
    pub fn mean_log_likelihood(&self) -> f64 {
        let total = self.total_weight();
        if self.rows == 0 || total <= 0.0 {
            f64::NAN
        } else {
            self.log_lik / total
        }
    }

    /// −Σₙⱼ p ln p, the entropy of the posteriors summed over the points, when they were
    /// written out ([`Stats::accumulate_with_posteriors`]) or the statistics were made by
    /// [`Stats::empty_with_entropy`]: with q the posterior, the ELBO is Σ q ln φN + this.
    pub fn entropy_sum(&self) -> f64 {
        self.log_lik - self.post_log_prob
    }

    /// `Nⱼ = Σₙ rₙⱼ` per component.
    pub fn counts(&self) -> Vec<f64> {
        if self.parts.is_empty() {
            return self.nk.clone();
        }
        let q = 1 + self.d + self.d * self.d;
        (0..self.k).map(|j| fold(&self.parts[j * q])).collect()
    }

    /// The M-step: the parameters that maximise the ELBO for these responsibilities, with
    /// `reg_covar` added to the variances. A collapsed component (a singular covariance, or a
    /// weight of zero) is an [`Error::Collapse`](crate::Error::Collapse) naming it, with advice.
    pub fn m_step(&self, reg_covar: f64) -> Result<MStep> {
        self.m_step_with(RegCovar::new(reg_covar)?)
    }

    /// [`Stats::m_step`] with a checked `reg_covar`.
    pub fn m_step_with(&self, reg_covar: RegCovar) -> Result<MStep> {
        if self.rows == 0 || self.total_weight() <= 0.0 {
            return Err(Invalid::NothingGathered.into());
        }
        match self.again(reg_covar) {
            Some(again) => Ok(MStep::Again(again)),
            None => self.next_model(reg_covar).map(MStep::Model),
        }
    }

    /// The empty statistics about the new means when the M-step's correction would cancel too
    /// many digits (see [`MStep::Again`]), else `None`.
    pub(crate) fn again(&self, reg_covar: RegCovar) -> Option<Stats> {
        if !self.about_means || self.rows == 0 {
            return None;
        }
        let (est, cancelled) = self.estimates(reg_covar);
        cancelled.then(|| {
            let mut again = self.cleared();
            again.about_means = false;
            again.centres = est.means;
            again
        })
    }

    /// The M-step's model, for statistics that need no second pass (after [`Stats::again`]).
    pub(crate) fn next_model(&self, reg_covar: RegCovar) -> Result<Mixture> {
        let est = self.estimates(reg_covar).0;
        Mixture::new(self.cov_type, est.weights, est.means, est.covariances)
            .map(|m| m.with_family(self.family))
            .map_err(|e| self.culprit(e, reg_covar))
    }

    /// A collapse under one of mclust's models that share a shape or an orientation spreads from
    /// the component whose own points collapsed to all of them, and the mixture's check names the
    /// first: name instead the component whose own covariance (the pass type's estimate, without
    /// the model's sharing) is the most nearly singular — the smallest volume det(Σₖ)^{1/d}
    /// (small for points on one spot, a line or a plane), the first of equals.
    fn culprit(&self, e: Error, reg_covar: RegCovar) -> Error {
        let Error::Collapse { component, reason } = e else {
            return e;
        };
        if self.family.is_none() {
            return e;
        }
        let own = Stats {
            family: None,
            ..self.clone()
        };
        let d = self.d;
        let est = own.estimates(reg_covar).0;
        let trace = |c: &[f64]| (0..d).map(|a| c[a * d + a]).sum::<f64>();
        let k = est.covariances.len() / (d * d);
        let scale = est.covariances.chunks_exact(d * d).map(trace).sum::<f64>() / (k * d) as f64;
        let volume = |c: &[f64]| -> f64 {
            let log_volume =
                crate::linalg::CholeskyFactor::new(c, d).map(|l| 2.0 * l.half_ln_det() / d as f64);
            match log_volume {
                Some(v) if !v.is_nan() => v - scale.ln(),
                _ => f64::NEG_INFINITY,
            }
        };
        let component = est
            .covariances
            .chunks_exact(d * d)
            .map(volume)
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(component, |(j, _)| j);
        Error::Collapse { component, reason }
    }

    /// The M-step's estimates from the sums, and whether the correction about the new means
    /// cancelled too many digits (then the sums should be taken again about the new means, or
    /// the estimates made in two passes).
    pub(crate) fn estimates(&self, reg_covar: RegCovar) -> (Estimates, bool) {
        let (k, d) = (self.k, self.d);
        let full = matches!(self.cov_type, CovarianceType::Full | CovarianceType::Tied);
        let (mut nk, mut sums, mut scatter) =
            (self.nk.clone(), self.sums.clone(), self.scatter.clone());
        if !self.parts.is_empty() {
            let q = 1 + d + d * d;
            for j in 0..k {
                let part = &self.parts[j * q..(j + 1) * q];
                nk[j] = fold(&part[0]);
                for a in 0..d {
                    sums[j * d + a] = fold(&part[1 + a]);
                    for b in a..d {
                        scatter[j * d * d + a * d + b] = fold(&part[1 + d + a * d + b]);
                    }
                }
            }
        }
        // Means and scatter about them, as scikit-learn computes them.
        let guarded: Vec<f64> = nk.iter().map(|n| n + 10.0 * f64::EPSILON).collect();
        let mut means = vec![0.0; k * d];
        let mut cancelled = false;
        for j in 0..k {
            let (c, sj) = (&self.centres[j * d..(j + 1) * d], &sums[j * d..(j + 1) * d]);
            let mut delta = vec![0.0; d];
            for a in 0..d {
                means[j * d + a] = (nk[j] * c[a] + sj[a]) / guarded[j];
                delta[a] = means[j * d + a] - c[a];
            }
            let sc = &mut scatter[j * d * d..(j + 1) * d * d];
            for a in 0..d {
                let raw = sc[a * d + a];
                let range = if full { a..d } else { a..a + 1 };
                for b in range {
                    sc[a * d + b] +=
                        -delta[a] * sj[b] - sj[a] * delta[b] + nk[j] * delta[a] * delta[b];
                }
                cancelled |= raw > 0.0 && sc[a * d + a] < CANCELLATION * raw;
            }
        }
        let est = match self.family {
            None => finish(guarded, means, &scatter, d, self.cov_type, reg_covar.get()),
            Some(m) => family::estimates(m, guarded, means, &scatter, d, reg_covar.get()),
        };
        (est, cancelled)
    }
}

/// A corrected variance smaller than this fraction of the raw sum has lost too many digits.
const CANCELLATION: f64 = 1e-6;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ModelName, Variation};

    /// Under a model whose volume is free per component, a second component whose scatter is
    /// zero (its points coincide) is a collapse; where the model shares a shape or orientation
    /// the collapse spreads to every component, and the error still names the second — the one
    /// whose own points collapsed.
    #[test]
    fn a_spread_collapse_names_the_component_whose_points_collapsed() {
        // The second component at the origin: its mean stays exactly 0, so its scatter stays 0.
        let (means, covs) = (vec![5.0, 5.0, 0.0, 0.0], [1.0, 0.0, 0.0, 1.0].repeat(2));
        let mut spread = 0;
        // mclust's models beyond scikit-learn's four (which share nothing a collapse can spread
        // through but EEE's pooled scatter), with a volume free per component.
        for model in ModelName::ALL
            .into_iter()
            .filter(|m| m.volume() == Variation::Variable && m.covariance_type().is_none())
        {
            let start = Mixture::of_model(model, vec![0.5; 2], means.clone(), covs.clone());
            let mut stats = Stats::empty(&start.unwrap());
            stats.centres = means.clone();
            stats.nk = vec![3.0, 5.0];
            stats.sums = vec![0.0; 4];
            let off = if stats.cov_type == CovarianceType::Full {
                1.5
            } else {
                0.0
            };
            stats.scatter = vec![6.0, off, off, 3.0, 0.0, 0.0, 0.0, 0.0];
            stats.rows = 8;
            stats.about_means = false;
            stats.parts.clear();
            let e = stats.next_model(RegCovar::new(0.0).unwrap()).unwrap_err();
            let Error::Collapse { component, .. } = e else {
                panic!("{model}: {e}");
            };
            assert_eq!(component, 1, "{model}: {e}");
            // Did the collapse spread (the first component singular too)?
            let est = stats.estimates(RegCovar::new(0.0).unwrap()).0;
            let first = &est.covariances[..4];
            spread += usize::from(
                first.iter().any(|v| !v.is_finite())
                    || first[0] * first[3] - first[1] * first[2] <= 0.0,
            );
        }
        assert!(
            spread > 0,
            "no model spread the collapse: the renaming is untested"
        );
    }
}
