//! `emviz._core.Stats`: the core's mergeable sufficient statistics of one EM pass
//! ([`emviz_core::Stats`]), for EM over data split across threads, processes or machines (Spark).
//!
//! ```python
//! from emviz import _core
//! model = _core.Model("full", weights, means, covariances)   # θ, picklable
//! parts = []
//! for X_part in partitions:                # anywhere: each worker gets θ (pickled)
//!     s = _core.Stats(model)
//!     s.accumulate(model, X_part)          # float64 (n, d); C-contiguous is read in place
//!     parts.append(s.to_bytes())           # or pickle.dumps(s)
//! total = _core.Stats.from_bytes(parts[0])
//! for b in parts[1:]:
//!     total.merge(_core.Stats.from_bytes(b))
//! total.mean_log_likelihood                # ln p(x; θ) averaged over every point
//! nxt = total.m_step(1e-6)                 # θ' (a Model) — or, rarely, a Stats: see m_step
//! ```

use numpy::{PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};

use emviz_core::MStep;

use crate::fit::{check_finite, with_rows};
use crate::{core_err, Model};

/// Magic prefix of [`Stats::to_bytes`]'s format (JSON of the core's serde form follows).
const MAGIC: &[u8] = b"emviz-stats-1\n";

/// Sufficient statistics of one EM pass under one model, over the points accumulated so far.
///
/// `Stats(model)` starts empty for passes under `model`; `accumulate(model, X)` adds points;
/// `merge(other)` adds another part's statistics (same model); `m_step(reg_covar)` gives the next
/// model. `to_bytes()` / `Stats.from_bytes(b)` (and pickle) move them between processes exactly.
#[pyclass(module = "emviz._core")]
#[derive(Clone)]
pub struct Stats {
    s: emviz_core::Stats,
}

impl From<emviz_core::Stats> for Stats {
    fn from(s: emviz_core::Stats) -> Self {
        Self { s }
    }
}

impl Stats {
    /// The core's statistics inside.
    pub(crate) fn inner(&self) -> &emviz_core::Stats {
        &self.s
    }
}

#[pymethods]
impl Stats {
    /// Empty statistics for passes under `model`.
    #[new]
    fn new(model: &Model) -> Self {
        Self {
            s: emviz_core::Stats::empty(&model.m),
        }
    }

    /// The E-step over more points: adds the rows of `x` (n × d float64, finite) under `model`
    /// (the model these statistics were made for), each point's contribution times its weight
    /// when `sample_weight` (float64, one per row; checked: finite, ≥ 0) is given. The GIL is
    /// released meanwhile.
    #[pyo3(signature = (model, x, sample_weight = None))]
    fn accumulate(
        &mut self,
        py: Python<'_>,
        model: &Model,
        x: PyReadonlyArray2<'_, f64>,
        sample_weight: Option<PyReadonlyArray1<'_, f64>>,
    ) -> PyResult<()> {
        let d = x.shape()[1];
        if d != model.m.d() {
            return Err(PyValueError::new_err(format!(
                "invalid data: {d} columns given for a model of {} dimension(s)",
                model.m.d()
            )));
        }
        let s = &mut self.s;
        let weights = sample_weight.map(|w| w.as_array().to_vec());
        with_rows(&x, |values| {
            check_finite(values, d)?;
            py.detach(|| match &weights {
                Some(w) => s.accumulate_weighted(&model.m, values, w),
                None => s.accumulate(&model.m, values),
            })
            .map_err(core_err)
        })
    }

    /// Adds another part's statistics (gathered under the same model) to these.
    fn merge(&mut self, other: &Stats) -> PyResult<()> {
        self.s.merge(&other.s).map_err(core_err)
    }

    /// The M-step with `reg_covar` added to the variances: the next `Model`. Rarely (a mean moved
    /// by far more than its component's spread, so the one-pass sums lost digits) it returns an
    /// empty `Stats` instead: make the pass again under the same model, accumulating into that,
    /// and call its `m_step` (which then always gives a `Model`). A collapsed component is a
    /// `ValueError` naming it.
    #[pyo3(signature = (reg_covar = 1e-6))]
    fn m_step(&self, py: Python<'_>, reg_covar: f64) -> PyResult<Py<PyAny>> {
        match self.s.m_step(reg_covar).map_err(core_err)? {
            MStep::Model(m) => Ok(Py::new(py, Model { m })?.into_any()),
            MStep::Again(s) => Ok(Py::new(py, Stats { s })?.into_any()),
        }
    }

    /// Points accumulated.
    #[getter]
    fn n(&self) -> usize {
        self.s.n()
    }

    /// Number of components.
    #[getter]
    fn k(&self) -> usize {
        self.s.k()
    }

    /// Dimension.
    #[getter]
    fn d(&self) -> usize {
        self.s.d()
    }

    /// Σₙ ln p(xₙ; θ) over the points accumulated.
    #[getter]
    fn log_likelihood(&self) -> f64 {
        self.s.log_likelihood()
    }

    /// Σₙ wₙ over the points accumulated (their number without weights).
    #[getter]
    fn total_weight(&self) -> f64 {
        self.s.total_weight()
    }

    /// The mean per-point log-likelihood, weighted by the sample weights when given (NaN
    /// before any point).
    #[getter]
    fn mean_log_likelihood(&self) -> f64 {
        self.s.mean_log_likelihood()
    }

    /// Per-component responsibility sums Nⱼ.
    fn counts(&self) -> Vec<f64> {
        self.s.counts()
    }

    /// A self-describing byte string (every float exactly) for `Stats.from_bytes`.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = MAGIC.to_vec();
        serde_json::to_writer(&mut out, &self.s)
            .map_err(|e| PyValueError::new_err(format!("invalid statistics: {e}")))?;
        Ok(PyBytes::new(py, &out))
    }

    /// The statistics `to_bytes` wrote.
    #[classmethod]
    fn from_bytes(_cls: &Bound<'_, PyType>, data: &[u8]) -> PyResult<Self> {
        let body = data.strip_prefix(MAGIC).ok_or_else(|| {
            PyValueError::new_err(
                "invalid statistics: these bytes were not written by Stats.to_bytes",
            )
        })?;
        let s = serde_json::from_slice(body)
            .map_err(|e| PyValueError::new_err(format!("invalid statistics: {e}")))?;
        Ok(Self { s })
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from = slf.get_type().getattr("from_bytes")?;
        Ok((from, (slf.borrow().to_bytes(py)?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Stats(n={}, k={}, d={}, mean_log_likelihood={})",
            self.s.n(),
            self.s.k(),
            self.s.d(),
            self.s.mean_log_likelihood()
        )
    }
}
