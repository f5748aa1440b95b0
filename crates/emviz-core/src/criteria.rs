//! Information criteria for comparing fits (lower is better), with scikit-learn's formulas, and
//! the free-parameter count they charge. [`crate::Mixture::bic`], the model-selection table
//! ([`crate::select`]), the page and Python all compute them here.

use crate::rules::CovarianceType;

impl CovarianceType {
    /// Number of free covariance parameters of `k` components in `d` dimensions.
    pub fn n_covariance_parameters(self, k: usize, d: usize) -> usize {
        match self {
            Self::Full => k * d * (d + 1) / 2,
            Self::Diag => k * d,
            Self::Spherical => k,
            Self::Tied => d * (d + 1) / 2,
        }
    }

    /// Number of free parameters of the whole mixture (scikit-learn's `_n_parameters`):
    /// covariances + means + (k − 1) weights.
    pub fn n_parameters(self, k: usize, d: usize) -> usize {
        self.n_covariance_parameters(k, d) + k * d + k - 1
    }
}

/// The Bayesian information criterion of a fit whose mean per-point log-likelihood on `n` points
/// is `mean_log_likelihood`, with `n_parameters` free parameters: `−2 n ℓ + p ln n`.
pub fn bic(mean_log_likelihood: f64, n: usize, n_parameters: usize) -> f64 {
    weighted_bic(mean_log_likelihood, n as f64, n_parameters)
}

/// The Akaike information criterion of the same fit: `−2 n ℓ + 2p`.
pub fn aic(mean_log_likelihood: f64, n: usize, n_parameters: usize) -> f64 {
    weighted_aic(mean_log_likelihood, n as f64, n_parameters)
}

/// [`bic`] of a fit with sample weights ([`crate::weights`]): `mean_log_likelihood` is the
/// weighted mean Σ wₙ ln p(xₙ) / Σ wₙ and n is `total_weight` = Σ wₙ, so integer weights give the
/// criterion of the data with each row repeated (and weights all 1 the unweighted one).
pub fn weighted_bic(mean_log_likelihood: f64, total_weight: f64, n_parameters: usize) -> f64 {
    let n = total_weight;
    -2.0 * mean_log_likelihood * n + n_parameters as f64 * n.ln()
}

/// [`aic`] with sample weights, as [`weighted_bic`].
pub fn weighted_aic(mean_log_likelihood: f64, total_weight: f64, n_parameters: usize) -> f64 {
    -2.0 * mean_log_likelihood * total_weight + 2.0 * n_parameters as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_counts_match_scikit_learn() {
        // sklearn: full k=3,d=2 → 3*3 + 6 + 2 = 17
        assert_eq!(CovarianceType::Full.n_parameters(3, 2), 17);
        assert_eq!(CovarianceType::Diag.n_parameters(3, 2), 6 + 6 + 2);
        assert_eq!(CovarianceType::Spherical.n_parameters(3, 2), 3 + 6 + 2);
        assert_eq!(CovarianceType::Tied.n_parameters(3, 2), 3 + 6 + 2);
        assert_eq!(CovarianceType::Full.n_parameters(1, 1), 2);
    }

    /// The formulas written out for one case: n = 100, ℓ = −1.5, p = 5.
    #[test]
    fn criteria_follow_their_formulas() {
        let (ll, n, p) = (-1.5, 100, 5);
        assert_eq!(bic(ll, n, p), 300.0 + 5.0 * 100f64.ln());
        assert_eq!(aic(ll, n, p), 310.0);
    }
}
