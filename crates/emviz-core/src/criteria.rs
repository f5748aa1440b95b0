//! Information criteria for comparing fits (lower is better), with scikit-learn's formulas, and
//! the free-parameter count they charge. [`crate::Mixture::bic`], the model-selection table
//! ([`crate::select`]), the page and Python all compute them here. Also what the responsibilities
//! say of the classification: mclust's per-point [`uncertainty`] and its integrated completed
//! likelihood ([`icl`]).

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

/// Per-point uncertainty of the classification, `1 − maxⱼ rₙⱼ` (mclust's `uncertainty`), from
/// the log responsibilities `log_resp` (n × k, row-major, as [`crate::Mixture::log_resp`] gives
/// them): 0 for a point that surely belongs to one component, at most `1 − 1/k`.
pub fn uncertainty(log_resp: &[f64], k: usize) -> Vec<f64> {
    log_resp
        .chunks_exact(k.max(1))
        .map(|row| 1.0 - crate::fastmath::exp(row_max(row)))
        .collect()
}

/// The most likely component of a row of (log) responsibilities or weighted log densities: the
/// index of the largest, the first of equal ones (scikit-learn's `argmax`). What
/// [`crate::Mixture::predict`] and `emviz fit --points` label a point with.
pub fn most_likely(row: &[f64]) -> usize {
    row.iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (j, &v)| {
            if v > best.1 {
                (j, v)
            } else {
                best
            }
        })
        .0
}

/// The integrated completed likelihood in this module's sign (lower is better): mclust's
/// `ICL = BIC + 2 Σₙ Σⱼ Cₙⱼ ln rₙⱼ` with `C` the hard classification, so here `bic − 2 Σₙ wₙ ln
/// maxⱼ rₙⱼ` — [`bic`] (or [`weighted_bic`]) plus twice the entropy of the classification. It
/// charges a fit whose components overlap. `log_resp` is n × k as in [`uncertainty`]; `weights`
/// (checked, [`crate::weights`]) scale each point's term as they scale its log-likelihood.
pub fn icl(bic: f64, log_resp: &[f64], k: usize, weights: Option<&[f64]>) -> f64 {
    let rows = log_resp.chunks_exact(k.max(1));
    let classified: f64 = match weights {
        Some(w) => rows.zip(w).map(|(row, w)| w * row_max(row)).sum(),
        None => rows.map(row_max).sum(),
    };
    bic - 2.0 * classified
}

/// The largest entry of a row of log responsibilities (mclust's `log(z)` where the point is
/// classified; a row of `−∞` would be a point no component reaches, which the E-step refuses).
fn row_max(row: &[f64]) -> f64 {
    row.iter().copied().fold(f64::NEG_INFINITY, f64::max)
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

    #[test]
    fn the_first_of_equal_responsibilities_is_the_label() {
        assert_eq!(most_likely(&[-1.0, -0.5, -0.5]), 1);
        assert_eq!(most_likely(&[0.0]), 0);
    }

    /// Two points, two components: one surely classified, one on the fence.
    #[test]
    fn uncertainty_and_icl_follow_mclust() {
        let log_resp = [0f64.ln(), 1f64.ln(), 0.5f64.ln(), 0.5f64.ln()];
        let u = uncertainty(&log_resp, 2);
        assert_eq!(u, vec![0.0, 0.5]);
        // ICL = BIC − 2 (ln 1 + ln ½) = BIC + 2 ln 2.
        assert!((icl(10.0, &log_resp, 2, None) - (10.0 + 2.0 * 2f64.ln())).abs() < 1e-15);
        // A weight of 3 on the uncertain point counts it three times.
        let w = [1.0, 3.0];
        assert!((icl(10.0, &log_resp, 2, Some(&w)) - (10.0 + 6.0 * 2f64.ln())).abs() < 1e-14);
    }
}
