//! The model JSON ([`emviz_core::ModelJson`]: what the page imports and the CLI reads), written
//! and read by the core for Python (`emviz.spark`'s `to_json`, `save` and `load`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::ModelJson;

use crate::{core_err, family, Model};

/// The model JSON of `model` with its column names (`None`: the core's `x1`, `x2`, …), whether it converged, its iterations and its
/// per-iteration mean log-likelihoods (`trace`; the last is the JSON's `lower_bound` and
/// `log_likelihood`, `null` without one). `indent`: spaces per level (`None`: one line). Every
/// float keeps all its digits.
#[pyfunction]
#[pyo3(signature = (model, feature_names = None, converged = false, n_iter = 0, trace = Vec::new(), indent = None))]
pub fn model_to_json(
    model: &Model,
    feature_names: Option<Vec<String>>,
    converged: bool,
    n_iter: usize,
    trace: Vec<f64>,
    indent: Option<usize>,
) -> PyResult<String> {
    let mut json = ModelJson::from_mixture(&model.m);
    json.feature_names =
        feature_names.unwrap_or_else(|| emviz_core::data::default_names(model.m.d()));
    json.converged = converged;
    json.n_iter = n_iter;
    let last = trace.last().copied().unwrap_or(f64::NAN);
    json.lower_bound = last;
    json.log_likelihood = last;
    json.trace = trace;
    let text = match indent {
        None => serde_json::to_string(&json),
        Some(n) => {
            let pad = vec![b' '; n];
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(&pad);
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            serde::Serialize::serialize(&json, &mut ser)
                .map(|()| String::from_utf8(out).expect("serde_json writes UTF-8"))
        }
    };
    text.map_err(|e| PyValueError::new_err(format!("invalid model: {e}")))
}

/// What a model JSON holds: `(model, feature_names or None, converged, n_iter, trace)`.
/// `covariance_type` (a type, or one of mclust's models by name) is the model when the text
/// names none. Covariances may be full matrices or
/// scikit-learn's shape for the type.
#[pyfunction]
#[pyo3(signature = (text, covariance_type_name = None))]
#[allow(clippy::type_complexity)]
pub fn model_from_json(
    text: &str,
    covariance_type_name: Option<&str>,
) -> PyResult<(Model, Option<Vec<String>>, bool, usize, Vec<f64>)> {
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| PyValueError::new_err(format!("invalid model JSON: {e}")))?;
    if let (Some(obj), Some(name)) = (value.as_object_mut(), covariance_type_name) {
        if !obj.contains_key("covariance_type") {
            // One of mclust's other models is written as its pass's type and its model_name.
            let model = family::model_name(name)?;
            obj.insert("covariance_type".into(), model.pass_type().name().into());
            if model.covariance_type().is_none() && !obj.contains_key("model_name") {
                obj.insert("model_name".into(), model.name().into());
            }
        }
    }
    let json: ModelJson = serde_json::from_value(value)
        .map_err(|e| PyValueError::new_err(format!("invalid model JSON: {e}")))?;
    let m = json.to_mixture().map_err(core_err)?;
    let names = (!json.feature_names.is_empty()).then_some(json.feature_names);
    Ok((Model { m }, names, json.converged, json.n_iter, json.trace))
}
