//! `select_models`: mclust's models × K table (the core's [`emviz_core::select_models`] and
//! [`emviz_core::select_models_over`], as mclust's `mclustBIC`), for `emviz.select`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::rules::{list, InitKind, DEFAULTS};
use emviz_core::{GmmParams, Init, ModelName};

use crate::family::model_name;
use crate::rules::to_python;
use crate::weights::SampleWeight;
use crate::{core_err, Data};

/// The start a selection's fits take by name: k-means++ or random points (a start with given
/// means fits one K, not a table of them); `None`: the default start.
fn start_of(init: Option<&str>) -> PyResult<Init> {
    let kinds = [InitKind::KMeansPlusPlus, InitKind::Random];
    let Some(init) = init else {
        return Ok(Init::of_kind(DEFAULTS.init).unwrap_or_default());
    };
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
/// `n_init` starts of `init` (`None`: the default start) seeded by `seed`, `tol`, `max_iter` and `reg_covar`, spread over
/// `n_threads` threads (the table is the same for any count); the GIL is released meanwhile.
/// Returns the core's table as a dict: `rows` (one dict per (model, K): `model` (mclust's
/// name), `k`, `n_parameters` (mclust's df), `log_likelihood` (mean per point), `bic`, `aic`,
/// `icl` (lower is better; `None` when the fit failed), `converged`, `degenerate`, `error`
/// (the core's message or `None`)) and `best_bic`, `best_aic`, `best_icl` (each
/// `{"model", "k"}`, never a degenerate fit). With `sample_weight` (a `SampleWeight` of the
/// data's points) every fit and criterion is weighted (n = Σ w).
#[pyfunction]
#[pyo3(signature = (data, models, k_max = None, ks = None, *, init = None, n_init = None, seed = None, tol = None, max_iter = None, reg_covar = None, n_threads = 1, sample_weight = None))]
#[allow(clippy::too_many_arguments)]
pub fn select_models<'py>(
    py: Python<'py>,
    data: &Data,
    models: Vec<String>,
    k_max: Option<usize>,
    ks: Option<Vec<usize>>,
    init: Option<&str>,
    n_init: Option<usize>,
    seed: Option<u64>,
    tol: Option<f64>,
    max_iter: Option<usize>,
    reg_covar: Option<f64>,
    n_threads: usize,
    sample_weight: Option<&SampleWeight>,
) -> PyResult<Bound<'py, PyAny>> {
    let weights = sample_weight.map(|s| &s.w);
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
    // The settings not given keep the core's defaults (rules::DEFAULTS).
    let mut p = GmmParams::new(1)
        .init(start_of(init)?)
        .threads(n_threads.max(1));
    if let Some(v) = n_init {
        p = p.n_init(v);
    }
    if let Some(v) = seed {
        p = p.seed(v);
    }
    if let Some(v) = tol {
        p = p.tol(v);
    }
    if let Some(v) = max_iter {
        p = p.max_iter(v);
    }
    if let Some(v) = reg_covar {
        p = p.reg_covar(v);
    }
    let template = p.check(&data.ds).map_err(core_err)?;
    let selection = match (k_max, ks) {
        (Some(k_max), None) => {
            py.detach(|| emviz_core::select_models(&data.ds, weights, &template, &chosen, k_max))
        }
        (None, Some(ks)) => {
            py.detach(|| emviz_core::select_models_over(&data.ds, weights, &template, &chosen, &ks))
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
