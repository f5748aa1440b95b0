//! `SampleWeight`: per-point sample weights checked once by the core's one rule
//! ([`emviz_core::weights`]: finite, ≥ 0, one per point, not all zero), then handed to every
//! weighted call (`em_fit`, `kmeans_plusplus`, `Stats.accumulate`) without being checked again.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use emviz_core::Weights;

use crate::core_err;

/// Checked sample weights of `n` points (a `ValueError` with the core's message, naming the
/// point, otherwise).
#[pyclass(frozen, module = "emviz._core")]
pub struct SampleWeight {
    pub(crate) w: Weights,
}

#[pymethods]
impl SampleWeight {
    #[new]
    fn new(weights: PyReadonlyArray1<'_, f64>, n: usize) -> PyResult<Self> {
        let values = weights.as_array().to_vec();
        Ok(Self {
            w: Weights::new(values, n).map_err(core_err)?,
        })
    }

    /// The weights (float64, one per point).
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_slice(py, self.w.values())
    }

    /// Σ wₙ.
    #[getter]
    fn total(&self) -> f64 {
        self.w.total()
    }

    /// Number of points.
    fn __len__(&self) -> usize {
        self.w.len()
    }
}
