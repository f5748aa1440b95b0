//! The rules of a setting, from the core ([`emviz_core::rules`](mod@emviz_core::rules)), for the
//! Python package: `emviz._core.RULES` (the core's [`emviz_core::rules()`] as a dict: covariance
//! types and starts with their aliases, the K and seed ranges, the defaults, the book's start)
//! and `check_params`, the core's one check of a fit's parameters ([`GmmParams::check`]) with
//! its messages.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;

use emviz_core::rules::{InitKind, BOOK};
use emviz_core::{GmmParams, Init};

use crate::{core_err, covariance_type};

/// A JSON value as the Python value `json.loads` would give.
pub(crate) fn to_python<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(py.None().into_bound(py)),
        Value::Bool(b) => b.into_bound_py_any(py),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_bound_py_any(py),
            (None, Some(i)) => i.into_bound_py_any(py),
            _ => n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py),
        },
        Value::String(s) => s.into_bound_py_any(py),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            Ok(list.into_any())
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            Ok(dict.into_any())
        }
    }
}

/// `emviz._core.RULES`: the core's rules as a dict (keys as [`emviz_core::Rules`] names them).
pub fn rules_dict(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let value = serde_json::to_value(emviz_core::rules())
        .map_err(|e| PyValueError::new_err(format!("the rules: {e}")))?;
    to_python(py, &value)
}

/// The core's check of a fit of `k` components on `n` points of `d` columns (K against the
/// points, `n_init`, `tol`, `reg_covar`, the start's values against K and d): a `ValueError`
/// with the core's message, or nothing. `init` is a start's name or alias (`None`: the
/// default); the book's start brings its means, so it is checked against K and d.
#[pyfunction]
#[pyo3(signature = (k, n, d, *, covariance_type_name = None, init = None, tol = None, reg_covar = None, max_iter = None, n_init = None))]
#[allow(clippy::too_many_arguments)]
pub fn check_params(
    k: usize,
    n: usize,
    d: usize,
    covariance_type_name: Option<&str>,
    init: Option<&str>,
    tol: Option<f64>,
    reg_covar: Option<f64>,
    max_iter: Option<usize>,
    n_init: Option<usize>,
) -> PyResult<()> {
    let mut p = GmmParams::new(k);
    if let Some(t) = covariance_type_name {
        p = p.covariance_type(covariance_type(t)?);
    }
    if let Some(name) = init {
        let kind = InitKind::from_name(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "invalid init: {name:?} is not one of {}",
                emviz_core::rules::list(InitKind::ALL.map(InitKind::name), true)
            ))
        })?;
        // Given means are checked where they are given; by name, only the book's carry values.
        if let Some(start) = Init::of_kind(kind) {
            p = p.init(start);
        }
    }
    if let Some(v) = tol {
        p = p.tol(v);
    }
    if let Some(v) = reg_covar {
        p = p.reg_covar(v);
    }
    if let Some(v) = max_iter {
        p = p.max_iter(v);
    }
    if let Some(v) = n_init {
        p = p.n_init(v);
    }
    p.check_shape(n, d).map(drop).map_err(core_err)
}

/// Whether the book's start ([`BOOK`]) applies to a fit of `k` components on `d` columns.
#[pyfunction]
pub fn book_start_applies(k: usize, d: usize) -> bool {
    BOOK.applies(k, d)
}
