//! `select_models`: mclust's models × K table (the core's [`emviz_core::select_models`] and
//! [`emviz_core::select_models_over`], as mclust's `mclustBIC`), for `emviz.select`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::rules::{list, InitKind};
use emviz_core::{GmmParams, Init, ModelName};

use crate::family::model_name;
use crate::rules::to_python;
use crate::{core_err, Data};

/// The start a selection's fits take by name: k-means++ or random points (a start with given
/// means fits one K, not a table of them).
fn start_of(init: &str) -> PyResult<Init> {
    let kinds = [InitKind::KMeansPlusPlus, InitKind::Random];
    InitKind::from_name(init)
        .filter(|k| kinds.contains(k))
        .and_then(Init::of_kind)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "invalid init: {init:?} is not one of {}",
                list(kinds.map(InitKind::name), true)
            ))
        })
}

/// Fits each of `models` (names: scikit-learn's four or mclust's fourteen, each once, in the
/// order given) with K = 1..=`k_max` (at most the number of points) or each of `ks` (in their
/// order; exactly one of the two is given) on `data`, each fit with
/// `n_init` starts of `init` seeded by `seed`, `tol`, `max_iter` and `reg_covar`, spread over
/// `n_threads` threads (the table is the same for any count); the GIL is released meanwhile.
/// Returns the core's table as a dict: `rows` (one dict per (model, K): `model` (mclust's
/// name), `k`, `n_parameters` (mclust's df), `log_likelihood` (mean per point), `bic`, `aic`,
/// `icl` (lower is better; `None` when the fit failed), `converged`, `degenerate`, `error`
/// (the core's message or `None`)) and `best_bic`, `best_aic`, `best_icl` (each
/// `{"model", "k"}`, never a degenerate fit).
#[pyfunction]
#[pyo3(signature = (data, models, k_max = None, ks = None, *, init = "kmeans++", n_init = 1, seed = 0, tol = 1e-4, max_iter = 100, reg_covar = 1e-6, n_threads = 1))]
#[allow(clippy::too_many_arguments)]
pub fn select_models<'py>(
    py: Python<'py>,
    data: &Data,
    models: Vec<String>,
    k_max: Option<usize>,
    ks: Option<Vec<usize>>,
    init: &str,
    n_init: usize,
    seed: u64,
    tol: f64,
    max_iter: usize,
    reg_covar: f64,
    n_threads: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let mut chosen: Vec<ModelName> = Vec::new();
    for name in &models {
        let m = model_name(name)?;
        if !chosen.contains(&m) {
            chosen.push(m);
        }
    }
    if chosen.is_empty() {
        return Err(PyValueError::new_err(
            "invalid models: no model given; give \"all\" or some of mclust's models",
        ));
    }
    let template = GmmParams::new(1)
        .init(start_of(init)?)
        .n_init(n_init)
        .seed(seed)
        .tol(tol)
        .max_iter(max_iter)
        .reg_covar(reg_covar)
        .threads(n_threads.max(1))
        .check(&data.ds)
        .map_err(core_err)?;
    let selection = match (k_max, ks) {
        (Some(k_max), None) => {
            py.detach(|| emviz_core::select_models(&data.ds, &template, &chosen, k_max))
        }
        (None, Some(ks)) => {
            py.detach(|| emviz_core::select_models_over(&data.ds, &template, &chosen, &ks))
        }
        _ => {
            return Err(PyValueError::new_err(
                "invalid K: give either k_max (K = 1..k_max) or the K to fit, not both",
            ))
        }
    }
    .map_err(core_err)?;
    let value = serde_json::to_value(&selection)
        .map_err(|e| PyValueError::new_err(format!("the selection: {e}")))?;
    to_python(py, &value)
}
