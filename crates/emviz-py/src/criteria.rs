//! The information criteria and the parameter count, from the core ([`emviz_core::criteria`]):
//! the estimator's `bic`, `aic` and `_n_parameters` call these (for mclust's models too).

use pyo3::prelude::*;

use crate::family::model_name;

/// Free parameters of a mixture of `k` components in `d` dimensions with covariances of
/// `covariance_type` (scikit-learn's `_n_parameters`), or of one of mclust's models by name (its
/// `df`: [`emviz_core::ModelName::n_parameters`], the same count for scikit-learn's four).
#[pyfunction]
pub fn n_parameters(covariance_type_name: &str, k: usize, d: usize) -> PyResult<usize> {
    Ok(model_name(covariance_type_name)?.n_parameters(k, d))
}

/// BIC of a fit whose mean log-likelihood on `n` points is `mean_log_likelihood`, with
/// `n_parameters` free parameters: `−2 n ℓ + p ln n`. With sample weights, `n` is Σ w and the
/// mean is the weighted one ([`emviz_core::criteria::weighted_bic`]; an integer n gives exactly
/// the unweighted criterion).
#[pyfunction]
pub fn bic(mean_log_likelihood: f64, n: f64, n_parameters: usize) -> f64 {
    emviz_core::criteria::weighted_bic(mean_log_likelihood, n, n_parameters)
}

/// AIC of the same fit: `−2 n ℓ + 2p` (n as for [`bic`]).
#[pyfunction]
pub fn aic(mean_log_likelihood: f64, n: f64, n_parameters: usize) -> f64 {
    emviz_core::criteria::weighted_aic(mean_log_likelihood, n, n_parameters)
}
