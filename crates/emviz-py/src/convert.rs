//! Conversions between numpy arrays and the core's types, and of the core's errors.

use numpy::{
    PyArray1, PyArray2, PyArray3, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2,
    PyReadonlyArray3, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::{Dataset, Mixture};

/// A core error as a Python `ValueError` carrying the core's message.
pub fn core_err(e: emviz_core::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The values of a 2-D array in row-major order (one copy; a C-contiguous array is copied as a
/// block).
pub(crate) fn row_major(x: &PyReadonlyArray2<'_, f64>) -> Vec<f64> {
    match x.as_slice() {
        Ok(s) if x.is_c_contiguous() => s.to_vec(),
        _ => x.as_array().iter().copied().collect(),
    }
}

/// A checked [`Dataset`] from a 2-D float64 array.
pub(crate) fn dataset_from(py: Python<'_>, x: &PyReadonlyArray2<'_, f64>) -> PyResult<Dataset> {
    let d = x.shape()[1];
    let values = row_major(x);
    py.detach(|| Dataset::new(emviz_core::data::default_names(d), values))
        .map_err(core_err)
}

/// A checked [`Mixture`] from numpy arrays: weights (k), means (k × d), full covariances
/// (k × d × d), of the covariance type or mclust model `covariance_type` names
/// ([`crate::family::model_name`]; the parameters as given: [`Mixture::of_model`]).
pub(crate) fn mixture_from(
    covariance_type: &str,
    weights: &PyReadonlyArray1<'_, f64>,
    means: &PyReadonlyArray2<'_, f64>,
    covariances: &PyReadonlyArray3<'_, f64>,
) -> PyResult<Mixture> {
    let model = crate::family::model_name(covariance_type)?;
    let (k, d) = (means.shape()[0], means.shape()[1]);
    let cs = covariances.shape();
    if weights.len() != k || cs[0] != k || cs[1] != d || cs[2] != d {
        return Err(PyValueError::new_err(format!(
            "invalid model: {} weights, means of shape ({k}, {d}) and covariances of shape \
             ({}, {}, {}) do not describe one mixture of {k} components in {d} dimensions",
            weights.len(),
            cs[0],
            cs[1],
            cs[2]
        )));
    }
    let w = weights.as_array().iter().copied().collect();
    let m = row_major(means);
    let c = covariances.as_array().iter().copied().collect();
    Mixture::of_model(model, w, m, c).map_err(core_err)
}

/// `values` (rows × cols, row-major) as a new 2-D array.
pub(crate) fn array2(
    py: Python<'_>,
    values: Vec<f64>,
    rows: usize,
    cols: usize,
) -> PyResult<Bound<'_, PyArray2<f64>>> {
    PyArray1::from_vec(py, values).reshape([rows, cols])
}

/// A mixture's weights, means and full covariances as new arrays.
#[allow(clippy::type_complexity)]
pub(crate) fn model_arrays<'py>(
    py: Python<'py>,
    m: &Mixture,
) -> PyResult<(
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray3<f64>>,
)> {
    let (k, d) = (m.k(), m.d());
    let w = PyArray1::from_vec(py, m.weights().to_vec());
    let mu = array2(py, m.means().to_vec(), k, d)?;
    let c = PyArray1::from_vec(py, m.covariances().to_vec()).reshape([k, d, d])?;
    Ok((w, mu, c))
}
