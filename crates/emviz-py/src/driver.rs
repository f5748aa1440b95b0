//! `emviz._core.drive`: the core's EM loop ([`emviz_core::driver::drive`], in scikit-learn's
//! order) over a pass that Python supplies — for Spark, whose passes are Spark jobs (or the
//! task loop) merged on the driver. The loop, its stopping rule and its recorded values are the
//! core's; Python only says how one pass over all the rows is made.
//!
//! The pass is called with the GIL held (the loop holds it: each M-step is k small matrices, and
//! the pass itself is Python, which lets the GIL go while it waits for the cluster).

use pyo3::prelude::*;

use emviz_core::driver::{drive as core_drive, Order};
use emviz_core::{Error, LoopParams, Mixture};

use crate::stats::Stats;
use crate::{core_err, Model};

/// Why a loop over a caller's pass ended early: the core's error (a collapsed component, bad
/// statistics), or the caller's own (an interrupt, a failed Spark job).
#[derive(Debug)]
pub enum LoopError<E> {
    /// An error of the core.
    Core(Error),
    /// The pass's (or the interrupt's) own error.
    Stopped(E),
}

impl<E> From<Error> for LoopError<E> {
    fn from(e: Error) -> Self {
        Self::Core(e)
    }
}

impl From<LoopError<PyErr>> for PyErr {
    fn from(e: LoopError<PyErr>) -> Self {
        match e {
            LoopError::Core(e) => core_err(e),
            LoopError::Stopped(e) => e,
        }
    }
}

/// One pass of a Python callable: `pass_(model, empty)` with `empty` `None` for a pass into
/// fresh statistics (`Stats(model)`), or the `Stats` the pass must fill instead (the rare
/// second pass about the new means, and every pass of variational Bayes, whose statistics also
/// gather the responsibilities' entropy); it must return a `Stats` over every row.
pub(crate) fn python_pass(
    py: Python<'_>,
    pass_: &Bound<'_, PyAny>,
    model: &Mixture,
    empty: &emviz_core::Stats,
) -> PyResult<emviz_core::Stats> {
    let m = Py::new(py, Model { m: model.clone() })?;
    let e = if *empty == emviz_core::Stats::empty(model) {
        None
    } else {
        Some(Py::new(py, Stats::from(empty.clone()))?)
    };
    let got = pass_.call1((m, e))?;
    let stats = got.cast::<Stats>().map_err(PyErr::from)?;
    let s = stats.borrow().inner().clone();
    Ok(s)
}

/// scikit-learn's EM loop from `start` (the core's [`emviz_core::driver::drive`]), one call of
/// `pass_(model, empty)` per pass (see [`python_pass`]). `start_bound` and `first_shift` are
/// those of [`Order::ScikitLearn`]. Returns `(model, lower_bounds, n_iter, converged)`; an
/// exception of the pass ends the loop and is raised again.
#[pyfunction]
#[pyo3(signature = (start, reg_covar, tol, max_iter, pass_, start_bound = f64::NEG_INFINITY, first_shift = 0.0))]
#[allow(clippy::too_many_arguments)]
pub fn drive(
    py: Python<'_>,
    start: &Model,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    pass_: Bound<'_, PyAny>,
    start_bound: f64,
    first_shift: f64,
) -> PyResult<(Model, Vec<f64>, usize, bool)> {
    let params = LoopParams::new(reg_covar, tol, max_iter).map_err(core_err)?;
    let order = Order::ScikitLearn {
        start_bound,
        first_shift,
    };
    let out = core_drive(start.m.clone(), &params, order, |model, empty| {
        python_pass(py, &pass_, model, empty).map_err(LoopError::Stopped)
    })?;
    Ok((Model { m: out.model }, out.trace, out.n_iter, out.converged))
}
