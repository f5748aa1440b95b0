//! [`Mixture`]: the parameters of a Gaussian mixture (weights φ, means μ, covariances Σ) and
//! everything a fitted model is used for: densities, responsibilities, labels, sampling, BIC/AIC.

use crate::criteria::{aic, bic};
use crate::data::Dataset;
use crate::error::{CollapseReason, Error, Invalid, Result};
use crate::fastmath::{exp, ln};
use crate::linalg::{is_symmetric, CholeskyFactor};
use crate::rng::{standard_normal, EmRng};
use crate::rules::{CovarianceType, ModelName};
use crate::weights::Weights;

const LN_2PI: f64 = 1.837_877_066_409_345_3;

/// A Gaussian mixture with `k` components in `d` dimensions.
///
/// Covariances are stored as full `d × d` matrices whatever the [`CovarianceType`]; the type
/// constrains what the M-step estimates and how parameters are counted. Construction checks every
/// parameter and precomputes the Cholesky factors the densities need, so a `Mixture` that exists
/// always has finite weights summing to 1 and positive-definite covariances.
#[derive(Clone, Debug, PartialEq)]
pub struct Mixture {
    cov_type: CovarianceType,
    /// The mclust model the M-step keeps to when it is none of scikit-learn's four (then
    /// `cov_type` is the pass's, [`ModelName::pass_type`]); `None`: `cov_type` is the model.
    family: Option<ModelName>,
    d: usize,
    weights: Vec<f64>,
    means: Vec<f64>,
    covariances: Vec<f64>,
    /// Per component, `M = L⁻¹` where `Σ = L Lᵀ` (lower-triangular), so `(x−μ)ᵀΣ⁻¹(x−μ) = ‖M(x−μ)‖²`.
    prec_chol: Vec<f64>,
    /// Per component, `ln φ − d/2 ln 2π + ln det M`.
    log_const: Vec<f64>,
}

/// A worry about a fitted component that does not stop the fit but deserves a word to the user.
/// It carries facts; `Display` words it in English (the page words it in its language).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComponentWarning {
    /// 0-based component index.
    pub component: usize,
    /// What is the matter with it.
    pub kind: WarningKind,
}

/// What [`ComponentWarning`] is about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WarningKind {
    /// No point belongs to the component (its expected count is below 10⁻³).
    Empty {
        /// Its mixing weight.
        weight: f64,
    },
    /// Its variance is about 0 on some axis: it sits on (nearly) identical points, and the
    /// likelihood can grow without bound.
    Collapsed,
    /// Its covariance is close to singular: its points lie almost on a line or plane.
    Flat,
    /// It holds about one point and has shrunk onto it.
    Lonely,
}

impl std::fmt::Display for ComponentWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let j = self.component + 1;
        match self.kind {
            WarningKind::Empty { weight } => write!(
                f,
                "component {j} is empty (weight {weight:.1e}): no point belongs to it; try fewer components"
            ),
            WarningKind::Collapsed => write!(
                f,
                "component {j} has collapsed onto (nearly) identical points: its variance is about 0, so the likelihood can grow without bound; try fewer components or a larger reg_covar"
            ),
            WarningKind::Flat => write!(
                f,
                "component {j} is nearly flat (its covariance is close to singular): its points lie almost on a line or plane"
            ),
            WarningKind::Lonely => write!(
                f,
                "component {j} holds about one point and has shrunk onto it; try fewer components or a larger reg_covar"
            ),
        }
    }
}

impl Mixture {
    /// Builds and checks a mixture. `weights` has `k` entries (they are normalised to sum to 1),
    /// `means` is `k × d` row-major, `covariances` is `k` full `d × d` matrices, row-major.
    pub fn new(
        cov_type: CovarianceType,
        weights: Vec<f64>,
        means: Vec<f64>,
        covariances: Vec<f64>,
    ) -> Result<Self> {
        let k = weights.len();
        if k == 0 {
            return Err(Invalid::NoComponents.into());
        }
        if means.is_empty() || !means.len().is_multiple_of(k) {
            return Err(Invalid::MeansSplit {
                values: means.len(),
                k,
            }
            .into());
        }
        let d = means.len() / k;
        if covariances.len() != k * d * d {
            return Err(Invalid::CovariancesCount {
                k,
                d,
                found: covariances.len(),
            }
            .into());
        }
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(Invalid::WeightsNegative.into());
        }
        let total: f64 = weights.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return Err(Invalid::WeightsZero.into());
        }
        let weights: Vec<f64> = weights.iter().map(|w| w / total).collect();
        if means.iter().any(|m| !m.is_finite()) {
            return Err(Invalid::MeansNotFinite.into());
        }
        let mut prec_chol = vec![0.0; k * d * d];
        let mut log_const = vec![0.0; k];
        for j in 0..k {
            let c = &covariances[j * d * d..(j + 1) * d * d];
            if c.iter().any(|v| !v.is_finite()) {
                return Err(Error::Collapse {
                    component: j,
                    reason: CollapseReason::NonFinite,
                });
            }
            if !is_symmetric(c, d) {
                return Err(Invalid::NotSymmetric { component: j }.into());
            }
            let l = CholeskyFactor::new(c, d).ok_or(Error::Collapse {
                component: j,
                reason: CollapseReason::NotPositiveDefinite,
            })?;
            let m = l.inverse_lower();
            let log_det_m = -l.half_ln_det();
            if !log_det_m.is_finite() || m.iter().any(|v| !v.is_finite()) {
                return Err(Error::Collapse {
                    component: j,
                    reason: CollapseReason::NearSingular,
                });
            }
            prec_chol[j * d * d..(j + 1) * d * d].copy_from_slice(&m);
            log_const[j] = ln(weights[j]) - 0.5 * d as f64 * LN_2PI + log_det_m;
        }
        Ok(Self {
            cov_type,
            family: None,
            d,
            weights,
            means,
            covariances,
            prec_chol,
            log_const,
        })
    }

    /// The mixture with given means, identity covariances and equal weights (the book's start).
    pub fn with_means(cov_type: CovarianceType, means: Vec<f64>, k: usize) -> Result<Self> {
        if k == 0 || !means.len().is_multiple_of(k) {
            return Err(Invalid::MeansNotK.into());
        }
        let d = means.len() / k;
        let covs = (0..k).flat_map(|_| crate::linalg::identity(d)).collect();
        Self::new(cov_type, vec![1.0 / k as f64; k], means, covs)
    }

    /// Number of components.
    pub fn k(&self) -> usize {
        self.weights.len()
    }

    /// Number of dimensions.
    pub fn d(&self) -> usize {
        self.d
    }

    /// The covariance type.
    pub fn covariance_type(&self) -> CovarianceType {
        self.cov_type
    }

    /// Mixing weights φ (sum to 1).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// All means, `k × d` row-major.
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    /// Mean of component `j`.
    pub fn mean(&self, j: usize) -> &[f64] {
        &self.means[j * self.d..(j + 1) * self.d]
    }

    /// All covariances, `k` full `d × d` matrices row-major.
    pub fn covariances(&self) -> &[f64] {
        &self.covariances
    }

    /// Covariance of component `j`, full `d × d` row-major.
    pub fn covariance(&self, j: usize) -> &[f64] {
        let dd = self.d * self.d;
        &self.covariances[j * dd..(j + 1) * dd]
    }

    /// `M = L⁻¹` of component `j` (lower-triangular, `d × d` row-major).
    pub(crate) fn prec_chol(&self, j: usize) -> &[f64] {
        let dd = self.d * self.d;
        &self.prec_chol[j * dd..(j + 1) * dd]
    }

    /// `ln φⱼ − d/2 ln 2π + ln det M` of component `j`.
    pub(crate) fn log_const(&self, j: usize) -> f64 {
        self.log_const[j]
    }

    /// Number of free parameters (scikit-learn's `_n_parameters`; mclust's `df` for its models,
    /// the same number for the four they share).
    pub fn n_parameters(&self) -> usize {
        self.model_name().n_parameters(self.k(), self.d)
    }

    /// The mclust model these parameters are fitted under (scikit-learn's four types are four of
    /// them: [`ModelName::of_covariance_type`]).
    pub fn model_name(&self) -> ModelName {
        self.family
            .unwrap_or(ModelName::of_covariance_type(self.cov_type))
    }

    /// The mclust model the M-step keeps to, when it is none of scikit-learn's four.
    pub fn family(&self) -> Option<ModelName> {
        self.family
    }

    /// These parameters, with the M-step of `family` from now on (`None`: the covariance type's).
    pub(crate) fn with_family(mut self, family: Option<ModelName>) -> Self {
        self.family = family;
        self
    }

    /// A mixture of `model` with exactly these parameters (as [`Mixture::new`], over the pass
    /// of [`ModelName::pass_type`]): what a saved fit of `model` is read back as, bit for bit.
    /// The covariances are taken as given; the next M-step keeps them to `model` (to make a
    /// start of `model` from any parameters, see [`Mixture::constrained`]).
    pub fn of_model(
        model: ModelName,
        weights: Vec<f64>,
        means: Vec<f64>,
        covariances: Vec<f64>,
    ) -> Result<Mixture> {
        let family = model.covariance_type().is_none().then_some(model);
        Mixture::new(model.pass_type(), weights, means, covariances).map(|m| m.with_family(family))
    }

    /// The nearest parameters of `model`: the M-step of `model` ([`crate::family`]) from these
    /// weights as counts and the scatter they imply, `φⱼ Σⱼ` (every M-step is the same for counts
    /// and scatter scaled alike; a start's Σⱼ already holds its `reg_covar`, so this is the
    /// regularised scatter the fits' M-step takes); means and weights unchanged. A start made for another covariance type so becomes a start of `model`. For
    /// scikit-learn's four, a model of that type already is its own start and is returned as it is.
    pub fn constrained(&self, model: ModelName) -> Result<Mixture> {
        if model.covariance_type() == Some(self.cov_type) && self.family.is_none() {
            return Ok(self.clone());
        }
        let (k, d) = (self.k(), self.d);
        let mut scatter = self.covariances.clone();
        for (j, s) in scatter.chunks_exact_mut(d * d).enumerate() {
            for v in s.iter_mut() {
                *v *= self.weights[j];
            }
        }
        let covariances = crate::family::covariances(model, &self.weights, &scatter, d);
        debug_assert_eq!(covariances.len(), k * d * d);
        let family = model.covariance_type().is_none().then_some(model);
        Mixture::new(
            model.pass_type(),
            self.weights.clone(),
            self.means.clone(),
            covariances,
        )
        .map(|m| m.with_family(family))
    }

    pub(crate) fn check_data(&self, data: &Dataset) -> Result<()> {
        if data.d() != self.d {
            return Err(Invalid::ModelDataDimensions {
                model: self.d,
                data: data.d(),
            }
            .into());
        }
        Ok(())
    }

    /// `ln φⱼ + ln N(x; μⱼ, Σⱼ)` for every point and component, into `out` (n × k).
    pub(crate) fn weighted_log_prob_into(&self, data: &Dataset, out: &mut [f64]) {
        match self.d {
            1 => self.weighted_log_prob::<1>(data, out),
            2 => self.weighted_log_prob::<2>(data, out),
            3 => self.weighted_log_prob::<3>(data, out),
            _ => self.weighted_log_prob::<0>(data, out),
        }
    }

    /// The work of [`Self::weighted_log_prob_into`]; `D` is the dimension when known at compile
    /// time (so the inner loops unroll) or 0 to use `self.d`.
    fn weighted_log_prob<const D: usize>(&self, data: &Dataset, out: &mut [f64]) {
        self.weighted_log_prob_rows::<D>(data.values(), out);
    }

    /// The same for raw row-major `values` (`out.len() / k` rows).
    pub(crate) fn weighted_log_prob_rows<const D: usize>(&self, values: &[f64], out: &mut [f64]) {
        let d = if D == 0 { self.d } else { D };
        let k = self.k();
        let mut diff_fixed = [0.0; 16];
        let mut diff_dyn = vec![0.0; if D == 0 { d } else { 0 }];
        let diff: &mut [f64] = if D == 0 {
            &mut diff_dyn
        } else {
            &mut diff_fixed[..d]
        };
        for (x, o) in values.chunks_exact(d).zip(out.chunks_exact_mut(k)) {
            for (j, oj) in o.iter_mut().enumerate() {
                let mu = &self.means[j * d..(j + 1) * d];
                let m = &self.prec_chol[j * d * d..(j + 1) * d * d];
                for i in 0..d {
                    diff[i] = x[i] - mu[i];
                }
                let mut q = 0.0;
                for i in 0..d {
                    let mut y = 0.0;
                    for p in 0..=i {
                        y += m[i * d + p] * diff[p];
                    }
                    q += y * y;
                }
                *oj = self.log_const[j] - 0.5 * q;
            }
        }
    }

    /// Per-point log density `ln p(xₙ)` (scikit-learn's `score_samples`).
    pub fn score_samples(&self, data: &Dataset) -> Result<Vec<f64>> {
        let (lse, _) = self.log_resp(data)?;
        Ok(lse)
    }

    /// Mean per-point log-likelihood (scikit-learn's `score`).
    pub fn mean_log_likelihood(&self, data: &Dataset) -> Result<f64> {
        let s = self.score_samples(data)?;
        Ok(s.iter().sum::<f64>() / s.len().max(1) as f64)
    }

    /// [`Mixture::mean_log_likelihood`] with a sample weight per point when `weights` are given
    /// (checked for `data`'s points): Σ wₙ ln p(xₙ) / Σ wₙ, a point of weight 0 counting for
    /// nothing (scikit-learn's `score(X, sample_weight=w)`).
    pub fn mean_log_likelihood_weighted(
        &self,
        data: &Dataset,
        weights: Option<&Weights>,
    ) -> Result<f64> {
        let Some(w) = weights else {
            return self.mean_log_likelihood(data);
        };
        if w.len() != data.n() {
            return Err(Invalid::SampleWeightsLength {
                given: w.len(),
                n: data.n(),
            }
            .into());
        }
        let s = self.score_samples(data)?;
        let total: f64 = (s.iter().zip(w.values()))
            .map(|(s, &w)| if w > 0.0 { w * s } else { 0.0 })
            .sum();
        Ok(total / w.total())
    }

    /// Responsibilities p(z = j | xₙ), n × k row-major (scikit-learn's `predict_proba`).
    pub fn predict_proba(&self, data: &Dataset) -> Result<Vec<f64>> {
        let (_, mut lr) = self.log_resp(data)?;
        for v in &mut lr {
            *v = exp(*v);
        }
        Ok(lr)
    }

    /// The most likely component of each point (scikit-learn's `predict`).
    pub fn predict(&self, data: &Dataset) -> Result<Vec<usize>> {
        let k = self.k();
        let mut wlp = vec![0.0; data.n() * k];
        self.check_data(data)?;
        self.weighted_log_prob_into(data, &mut wlp);
        Ok(wlp
            .chunks_exact(k)
            .map(crate::criteria::most_likely)
            .collect())
    }

    /// Per-point `ln p(xₙ)` and the log responsibilities `ln p(z = k | xₙ)` (n × k, row-major),
    /// in one pass of the fused kernel (scikit-learn's `_estimate_log_prob_resp`).
    pub fn log_resp(&self, data: &Dataset) -> Result<(Vec<f64>, Vec<f64>)> {
        self.check_data(data)?;
        let k = self.k();
        let mut wlp = vec![0.0; data.n() * k];
        self.weighted_log_prob_into(data, &mut wlp);
        let mut lse = Vec::with_capacity(data.n());
        for (n, row) in wlp.chunks_exact_mut(k).enumerate() {
            let l = row_log_sum_exp(row).ok_or_else(|| far_point_error(n))?;
            for v in row.iter_mut() {
                *v -= l;
            }
            lse.push(l);
        }
        Ok((lse, wlp))
    }

    /// Bayesian information criterion on `data` (lower is better), scikit-learn's formula
    /// ([`crate::criteria::bic`]): `−2 · n · score + p · ln n`.
    pub fn bic(&self, data: &Dataset) -> Result<f64> {
        let ll = self.mean_log_likelihood(data)?;
        Ok(bic(ll, data.n(), self.n_parameters()))
    }

    /// Integrated completed likelihood on `data` (lower is better, [`crate::criteria::icl`]):
    /// [`Mixture::bic`] plus twice the entropy of the classification (mclust's `icl`).
    pub fn icl(&self, data: &Dataset) -> Result<f64> {
        let (lse, log_resp) = self.log_resp(data)?;
        let ll = lse.iter().sum::<f64>() / lse.len().max(1) as f64;
        let bic = bic(ll, data.n(), self.n_parameters());
        Ok(crate::criteria::icl(bic, &log_resp, self.k(), None))
    }

    /// Per-point uncertainty `1 − maxⱼ p(z = j | xₙ)` (mclust's `uncertainty`,
    /// [`crate::criteria::uncertainty`]).
    pub fn uncertainty(&self, data: &Dataset) -> Result<Vec<f64>> {
        let (_, log_resp) = self.log_resp(data)?;
        Ok(crate::criteria::uncertainty(&log_resp, self.k()))
    }

    /// Akaike information criterion on `data` (lower is better, [`crate::criteria::aic`]):
    /// `−2 · n · score + 2p`.
    pub fn aic(&self, data: &Dataset) -> Result<f64> {
        let ll = self.mean_log_likelihood(data)?;
        Ok(aic(ll, data.n(), self.n_parameters()))
    }

    /// Draws `n` points from the mixture (the book's generate.py): for each, a component chosen
    /// by weight, then `μ + L z` with `z` standard normal. Returns the points and their components.
    pub fn sample(&self, n: usize, rng: &mut EmRng) -> (Dataset, Vec<usize>) {
        use rand::Rng;
        let (k, d) = (self.k(), self.d);
        let chols: Vec<CholeskyFactor> = (0..k)
            .map(|j| CholeskyFactor::new(self.covariance(j), d).expect("checked in Mixture::new"))
            .collect();
        let mut values = Vec::with_capacity(n * d);
        let mut labels = Vec::with_capacity(n);
        let mut z = vec![0.0; d];
        for _ in 0..n {
            let u: f64 = rng.random();
            let mut acc = 0.0;
            let mut j = k - 1;
            for (i, w) in self.weights.iter().enumerate() {
                acc += w;
                if u < acc {
                    j = i;
                    break;
                }
            }
            for v in &mut z {
                *v = standard_normal(rng);
            }
            for (mu, lz) in self.mean(j).iter().zip(chols[j].mul(&z)) {
                values.push(mu + lz);
            }
            labels.push(j);
        }
        let names = crate::data::default_names(d);
        let data = Dataset::new(names, values).expect("finite parameters give finite samples");
        (data, labels)
    }

    /// Components that are empty, collapsed onto (nearly) identical points, or nearly singular:
    /// not errors, but worth telling the user. `data` gives the scale a variance is compared with.
    pub fn warnings(&self, data: &Dataset) -> Vec<ComponentWarning> {
        self.warnings_for(data.n(), &data.column_variances())
    }

    /// [`Mixture::warnings`] for data of `n_points` points whose columns have the (population)
    /// variances `data_var`, for a caller that keeps those while the parameters change.
    pub fn warnings_for(&self, n_points: usize, data_var: &[f64]) -> Vec<ComponentWarning> {
        let d = self.d;
        let mut out = Vec::new();
        for j in 0..self.k() {
            let expected = self.weights[j] * n_points as f64;
            if expected < 1e-3 {
                out.push(ComponentWarning {
                    component: j,
                    kind: WarningKind::Empty {
                        weight: self.weights[j],
                    },
                });
                continue;
            }
            let cov = self.covariance(j);
            if (0..d).any(|a| data_var[a] > 0.0 && cov[a * d + a] < 1e-12 * data_var[a]) {
                out.push(ComponentWarning {
                    component: j,
                    kind: WarningKind::Collapsed,
                });
                continue;
            }
            let m = &self.prec_chol[j * d * d..(j + 1) * d * d];
            let diag: Vec<f64> = (0..d).map(|i| m[i * d + i].abs()).collect();
            let (lo, hi) = diag.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
            if d > 1 && lo / hi < 1e-6 {
                out.push(ComponentWarning {
                    component: j,
                    kind: WarningKind::Flat,
                });
            } else if expected < 1.5 {
                out.push(ComponentWarning {
                    component: j,
                    kind: WarningKind::Lonely,
                });
            }
        }
        out
    }
}

/// ln p(xₙ) from one row of weighted log-probabilities, or `None` when every entry is −inf/NaN
/// (a point infinitely far from every component).
pub(crate) fn row_log_sum_exp(row: &[f64]) -> Option<f64> {
    let l = crate::fastmath::log_sum_exp(row);
    l.is_finite().then_some(l)
}

pub(crate) fn far_point_error(n: usize) -> Error {
    Invalid::Underflow { point: n + 1 }.into()
}
