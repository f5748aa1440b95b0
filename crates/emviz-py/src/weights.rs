//! `SampleWeight`: per-point sample weights checked once by the core's one rule
//! ([`emviz_core::weights`]: finite, ≥ 0, one per point, not all zero), then handed to every
//! weighted call (`em_fit`, `kmeans_plusplus`, `Stats.accumulate`) without being checked again.
//! Data that arrive in parts (Spark's partitions, batch by batch) are checked by the same rule in
//! its two halves: `first_bad_weight` per part, `check_weight_total` once for the whole.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use emviz_core::weights::{check_total, check_weight};
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

/// The first of `values` that breaks the core's rule for one weight (finite, ≥ 0), as
/// `(index, message)`: its 0-based index in `values` and the core's message, which names it
/// point `first_row + index + 1`; None when every weight keeps the rule.
#[pyfunction]
#[pyo3(signature = (values, first_row = 0))]
pub fn first_bad_weight(
    values: PyReadonlyArray1<'_, f64>,
    first_row: usize,
) -> Option<(usize, String)> {
    values.as_array().iter().enumerate().find_map(|(i, &v)| {
        check_weight(first_row + i + 1, v)
            .err()
            .map(|e| (i, e.to_string()))
    })
}

/// The core's rule that the weights of `n` points, summing to `total`, do not all vanish: a
/// `ValueError` with the core's message when they do.
#[pyfunction]
pub fn check_weight_total(total: f64, n: usize) -> PyResult<()> {
    check_total(total, n).map_err(core_err)
}
