//! The M-step from given responsibilities ([`emviz_core::covariance::estimate_parameters`],
//! scikit-learn's `_estimate_gaussian_parameters`): how the estimator makes its start from a
//! partition (k-means labels, k-means++ seeds, random responsibilities).

use numpy::{PyArray1, PyArray3, PyArrayMethods, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::covariance::estimate_parameters_weighted as core_estimate;
use emviz_core::RegCovar;

use crate::convert::array2;
use crate::fit::with_rows;
use crate::weights::SampleWeight;
use crate::{core_err, covariance_type, Data};

/// The M-step from responsibilities `resp` (n × k float64, rows of `data`'s points): returns
/// `(counts (k), means (k, d), covariances (k, d, d))` — scikit-learn's guarded counts `nk` (its
/// start's weights are `nk / n`), the means, and full covariance matrices of `covariance_type`
/// with `reg_covar` added to the variances. With `sample_weight` (a `SampleWeight` of the
/// points) `resp` holds the weighted responsibilities wₙrₙⱼ and `tied`'s second moments are
/// weighted too. The GIL is released meanwhile.
#[pyfunction]
#[pyo3(signature = (data, resp, covariance_type_name, reg_covar, sample_weight = None))]
#[allow(clippy::type_complexity)]
pub fn estimate_parameters<'py>(
    py: Python<'py>,
    data: &Data,
    resp: PyReadonlyArray2<'_, f64>,
    covariance_type_name: &str,
    reg_covar: f64,
    sample_weight: Option<&SampleWeight>,
) -> PyResult<(
    Bound<'py, PyArray1<f64>>,
    Bound<'py, numpy::PyArray2<f64>>,
    Bound<'py, PyArray3<f64>>,
)> {
    let t = covariance_type(covariance_type_name)?;
    let reg = RegCovar::new(reg_covar).map_err(core_err)?;
    let (n, k) = (resp.shape()[0], resp.shape()[1]);
    if n != data.ds.n() {
        return Err(PyValueError::new_err(format!(
            "invalid responsibilities: {n} rows given for {} points",
            data.ds.n()
        )));
    }
    let est = with_rows(&resp, |r| {
        let w = sample_weight.map(|s| s.w.values());
        py.detach(|| core_estimate(&data.ds, r, w, k, t, reg))
            .map_err(core_err)
    })?;
    let d = data.ds.d();
    let counts = PyArray1::from_vec(py, est.counts);
    let means = array2(py, est.means, k, d)?;
    let covariances = PyArray1::from_vec(py, est.covariances).reshape([k, d, d])?;
    Ok((counts, means, covariances))
}
