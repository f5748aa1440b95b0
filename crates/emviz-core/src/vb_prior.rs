//! The priors of a variational Bayesian Gaussian mixture, as scikit-learn's
//! `BayesianGaussianMixture` takes them: [`VbPrior`] (the builder, every prior optional) →
//! [`VbPrior::check`] against the data → [`CheckedVbPrior`], what the VB M-step
//! ([`crate::vb::Posterior`]) reads.
//!
//! A prior left out takes scikit-learn's default, computed from the data: the weight
//! concentration `1/K`, the mean precision `1`, the mean prior the data's mean, the degrees of
//! freedom `d`, and the covariance prior the data's covariance (unbiased, as `np.cov`; for `diag`
//! the columns' variances, for `spherical` their mean). With sample weights
//! ([`VbPrior::check_weighted`]) the moments are weighted as `np.cov(…, fweights=w)`: the mean
//! Σ wₙxₙ / Σ wₙ, the covariance Σ wₙ(xₙ − x̄)(xₙ − x̄)ᵀ / (Σ wₙ − 1) — those of the rows repeated
//! wₙ times for integer weights, without the rows of weight zero, unchanged by weights all 1.
//!
//! ```
//! use emviz_core::vb_prior::VbPrior;
//! use emviz_core::{CovarianceType, Dataset, WeightPrior};
//! let data = Dataset::from_rows(&[[0.0, 1.0], [2.0, 1.0], [4.0, 4.0]]).unwrap();
//! let prior = VbPrior::new(WeightPrior::DirichletProcess)
//!     .check(&data, 3, CovarianceType::Diag)
//!     .unwrap();
//! assert_eq!(prior.weight_concentration(), 1.0 / 3.0);
//! assert_eq!(prior.mean(), &[2.0, 2.0]);
//! assert_eq!(prior.covariance(), &[4.0, 3.0]); // the columns' unbiased variances
//! ```

use crate::data::Dataset;
use crate::error::{Invalid, PriorName, Result};
use crate::linalg::{is_symmetric, CholeskyFactor};
use crate::rules::{CovarianceType, WeightPrior};
use crate::weights::{weight_at, Weights};

/// The priors of a variational Bayesian mixture, each optional (`None`: scikit-learn's default
/// from the data; see the [module documentation](self)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VbPrior {
    /// The prior on the weights: a Dirichlet process or a Dirichlet distribution.
    pub weight_prior: WeightPrior,
    /// `weight_concentration_prior` (α₀ > 0).
    pub weight_concentration: Option<f64>,
    /// `mean_precision_prior` (β₀ > 0).
    pub mean_precision: Option<f64>,
    /// `mean_prior` (m₀, d values).
    pub mean: Option<Vec<f64>>,
    /// `degrees_of_freedom_prior` (ν₀ > d − 1).
    pub degrees_of_freedom: Option<f64>,
    /// `covariance_prior` (W₀⁻¹) in the covariance type's layout: d × d (full, tied), d (diag),
    /// one value (spherical).
    pub covariance: Option<Vec<f64>>,
}

/// Checked priors with every default filled in, for one covariance type and K.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedVbPrior {
    weight_prior: WeightPrior,
    cov_type: CovarianceType,
    k: usize,
    weight_concentration: f64,
    mean_precision: f64,
    mean: Vec<f64>,
    degrees_of_freedom: f64,
    covariance: Vec<f64>,
}

impl From<WeightPrior> for VbPrior {
    /// Every prior at its default, with the weight prior `weight_prior` ([`VbPrior::new`]).
    fn from(weight_prior: WeightPrior) -> Self {
        Self::new(weight_prior)
    }
}

impl VbPrior {
    /// Every prior at its default, with the weight prior `weight_prior`.
    pub fn new(weight_prior: WeightPrior) -> Self {
        Self {
            weight_prior,
            ..Self::default()
        }
    }

    /// Checks the priors for a fit of `k` components of `cov_type` on `data`, filling in the
    /// defaults from it.
    pub fn check(
        &self,
        data: &Dataset,
        k: usize,
        cov_type: CovarianceType,
    ) -> Result<CheckedVbPrior> {
        self.check_weighted(data, None, k, cov_type)
    }

    /// [`VbPrior::check`] on `data` whose points carry the sample weights `weights` (checked for
    /// its points): the defaults from the weighted moments ([`DataMoments::of_weighted`]).
    pub fn check_weighted(
        &self,
        data: &Dataset,
        weights: Option<&Weights>,
        k: usize,
        cov_type: CovarianceType,
    ) -> Result<CheckedVbPrior> {
        self.check_with(data.d(), k, cov_type, || {
            DataMoments::of_weighted(data, weights)
        })
    }

    /// [`VbPrior::check`] for data of `d` columns known only through `moments` (asked for only
    /// when a default needs them: a file streamed from disk makes a pass for them).
    pub fn check_with(
        &self,
        d: usize,
        k: usize,
        cov_type: CovarianceType,
        moments: impl FnOnce() -> Result<DataMoments>,
    ) -> Result<CheckedVbPrior> {
        if k == 0 {
            return Err(Invalid::KZero.into());
        }
        let positive = |prior, value: Option<f64>, default: f64| match value {
            None => Ok(default),
            Some(v) if v.is_finite() && v > 0.0 => Ok(v),
            Some(value) => Err(Invalid::PriorNotPositive { prior, value }),
        };
        let weight_concentration = positive(
            PriorName::WeightConcentration,
            self.weight_concentration,
            1.0 / k as f64,
        )?;
        let mean_precision = positive(PriorName::MeanPrecision, self.mean_precision, 1.0)?;
        if let Some(m) = &self.mean {
            if m.len() != d || m.iter().any(|v| !v.is_finite()) {
                return Err(Invalid::MeanPrior { given: m.len(), d }.into());
            }
        }
        let degrees_of_freedom = match self.degrees_of_freedom {
            None => d as f64,
            Some(v) if v.is_finite() && v > d as f64 - 1.0 => v,
            Some(value) => return Err(Invalid::DegreesOfFreedomPrior { value, d }.into()),
        };
        let given_covariance = self
            .covariance
            .as_deref()
            .map(|c| check_covariance(c, d, cov_type))
            .transpose()?;
        let moments = if self.mean.is_none() || given_covariance.is_none() {
            Some(moments()?)
        } else {
            None
        };
        let mean = match (&self.mean, &moments) {
            (Some(m), _) => m.clone(),
            (None, Some(m)) => m.mean.clone(),
            (None, None) => unreachable!("moments are taken when the mean prior is not given"),
        };
        let covariance = match (given_covariance, &moments) {
            (Some(c), _) => c,
            (None, Some(m)) => m.covariance_of_type(cov_type)?,
            (None, None) => {
                unreachable!("moments are taken when the covariance prior is not given")
            }
        };
        Ok(CheckedVbPrior {
            weight_prior: self.weight_prior,
            cov_type,
            k,
            weight_concentration,
            mean_precision,
            mean,
            degrees_of_freedom,
            covariance,
        })
    }
}

/// What the default priors are made of: the data's size, column means and unbiased covariance
/// (d × d, as `np.cov`), weighted when the points are (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct DataMoments {
    /// The data's size Σ wₙ: the number of points when unweighted.
    pub n: f64,
    /// Column means.
    pub mean: Vec<f64>,
    /// The unbiased covariance, d × d row-major.
    pub covariance: Vec<f64>,
}

impl DataMoments {
    /// The moments of `data` in memory (two passes: the means, then the scatter about them).
    pub fn of(data: &Dataset) -> Result<Self> {
        Self::of_weighted(data, None)
    }

    /// The moments of `data` with each point weighted by its sample weight (`weights` checked
    /// for `data`'s points; `None`: every weight 1, the same bits as unweighted).
    pub fn of_weighted(data: &Dataset, weights: Option<&Weights>) -> Result<Self> {
        let d = data.d();
        if let Some(w) = weights.filter(|w| w.len() != data.n()) {
            return Err(Invalid::SampleWeightsLength {
                given: w.len(),
                n: data.n(),
            }
            .into());
        }
        let weight = |i: usize| weight_at(weights.map(Weights::values), i);
        let mut n = 0.0;
        let mut sums = vec![0.0; d];
        for (i, row) in data.rows().enumerate() {
            let w = weight(i);
            n += w;
            for (s, x) in sums.iter_mut().zip(row) {
                *s += w * x;
            }
        }
        let mean: Vec<f64> = sums.iter().map(|s| s / n).collect();
        let mut scatter = vec![0.0; d * d];
        for (i, row) in data.rows().enumerate() {
            let w = weight(i);
            for a in 0..d {
                let da = row[a] - mean[a];
                for b in a..d {
                    scatter[a * d + b] += w * (da * (row[b] - mean[b]));
                }
            }
        }
        let denom = n - 1.0;
        let mut covariance = vec![0.0; d * d];
        for a in 0..d {
            for b in a..d {
                covariance[a * d + b] = scatter[a * d + b] / denom;
                covariance[b * d + a] = covariance[a * d + b];
            }
        }
        Ok(Self {
            n,
            mean,
            covariance,
        })
    }

    /// The covariance in the type's layout: d × d (full, tied), the variances (diag), their
    /// mean (spherical) — scikit-learn's default covariance prior. It needs two points (a total
    /// weight above 1: the unbiased covariance divides by Σ wₙ − 1).
    fn covariance_of_type(&self, cov_type: CovarianceType) -> Result<Vec<f64>> {
        if self.n.is_nan() || self.n <= 1.0 {
            return Err(Invalid::CovariancePriorFromData { n: self.n }.into());
        }
        let d = self.mean.len();
        let variances = (0..d).map(|a| self.covariance[a * d + a]);
        Ok(match cov_type {
            CovarianceType::Full | CovarianceType::Tied => self.covariance.clone(),
            CovarianceType::Diag => variances.collect(),
            CovarianceType::Spherical => vec![variances.sum::<f64>() / d as f64],
        })
    }
}

impl CheckedVbPrior {
    /// The prior on the weights.
    pub fn weight_prior(&self) -> WeightPrior {
        self.weight_prior
    }

    /// The covariance type the priors were checked for.
    pub fn covariance_type(&self) -> CovarianceType {
        self.cov_type
    }

    /// K.
    pub fn k(&self) -> usize {
        self.k
    }

    /// α₀ (scikit-learn's `weight_concentration_prior_`).
    pub fn weight_concentration(&self) -> f64 {
        self.weight_concentration
    }

    /// β₀ (`mean_precision_prior_`).
    pub fn mean_precision(&self) -> f64 {
        self.mean_precision
    }

    /// m₀ (`mean_prior_`, d values).
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// ν₀ (`degrees_of_freedom_prior_`).
    pub fn degrees_of_freedom(&self) -> f64 {
        self.degrees_of_freedom
    }

    /// W₀⁻¹ (`covariance_prior_`) in the type's layout: d × d, d or one value.
    pub fn covariance(&self) -> &[f64] {
        &self.covariance
    }
}

/// A given covariance prior, checked for the type's layout and positivity.
fn check_covariance(c: &[f64], d: usize, cov_type: CovarianceType) -> Result<Vec<f64>> {
    let want = match cov_type {
        CovarianceType::Full | CovarianceType::Tied => d * d,
        CovarianceType::Diag => d,
        CovarianceType::Spherical => 1,
    };
    if c.len() != want {
        return Err(Invalid::CovariancePriorShape {
            given: c.len(),
            want,
        }
        .into());
    }
    let positive = match cov_type {
        CovarianceType::Full | CovarianceType::Tied => {
            c.iter().all(|v| v.is_finite())
                && is_symmetric(c, d)
                && CholeskyFactor::new(c, d).is_some()
        }
        CovarianceType::Diag => c.iter().all(|v| v.is_finite() && *v > 0.0),
        CovarianceType::Spherical => {
            return if c[0].is_finite() && c[0] > 0.0 {
                Ok(c.to_vec())
            } else {
                Err(Invalid::PriorNotPositive {
                    prior: PriorName::Covariance,
                    value: c[0],
                }
                .into())
            };
        }
    };
    if positive {
        Ok(c.to_vec())
    } else {
        Err(Invalid::CovariancePriorNotPositive.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn data() -> Dataset {
        Dataset::from_rows(&[[0.0, 1.0], [2.0, 1.0], [4.0, 4.0]]).unwrap()
    }

    #[test]
    fn defaults_are_scikit_learns() {
        let p = VbPrior::default()
            .check(&data(), 4, CovarianceType::Full)
            .unwrap();
        assert_eq!(p.weight_prior(), WeightPrior::DirichletProcess);
        assert_eq!(p.weight_concentration(), 0.25);
        assert_eq!(p.mean_precision(), 1.0);
        assert_eq!(p.degrees_of_freedom(), 2.0);
        // np.cov([[0, 2, 4], [1, 1, 4]]) = [[4, 3], [3, 3]].
        assert_eq!(p.covariance(), &[4.0, 3.0, 3.0, 3.0]);
        let s = VbPrior::default()
            .check(&data(), 1, CovarianceType::Spherical)
            .unwrap();
        assert_eq!(s.covariance(), &[3.5]);
    }

    #[test]
    fn bad_priors_are_refused_with_their_facts() {
        let err = |p: VbPrior, t| match p.check(&data(), 2, t) {
            Err(Error::InvalidParameter(i)) => i,
            other => panic!("{other:?}"),
        };
        let full = CovarianceType::Full;
        assert_eq!(
            err(
                VbPrior {
                    mean_precision: Some(0.0),
                    ..VbPrior::default()
                },
                full
            ),
            Invalid::PriorNotPositive {
                prior: PriorName::MeanPrecision,
                value: 0.0
            }
        );
        assert_eq!(
            err(
                VbPrior {
                    degrees_of_freedom: Some(1.0),
                    ..VbPrior::default()
                },
                full
            ),
            Invalid::DegreesOfFreedomPrior { value: 1.0, d: 2 }
        );
        assert_eq!(
            err(
                VbPrior {
                    mean: Some(vec![1.0]),
                    ..VbPrior::default()
                },
                full
            ),
            Invalid::MeanPrior { given: 1, d: 2 }
        );
        assert_eq!(
            err(
                VbPrior {
                    covariance: Some(vec![1.0, 2.0]),
                    ..VbPrior::default()
                },
                full
            ),
            Invalid::CovariancePriorShape { given: 2, want: 4 }
        );
        assert_eq!(
            err(
                VbPrior {
                    covariance: Some(vec![1.0, 2.0, 2.0, 1.0]),
                    ..VbPrior::default()
                },
                full
            ),
            Invalid::CovariancePriorNotPositive
        );
        assert_eq!(
            err(
                VbPrior {
                    covariance: Some(vec![1.0, -2.0]),
                    ..VbPrior::default()
                },
                CovarianceType::Diag
            ),
            Invalid::CovariancePriorNotPositive
        );
        let one = Dataset::from_rows(&[[1.0, 2.0]]).unwrap();
        assert!(VbPrior::default().check(&one, 1, full).is_err());
    }
}
