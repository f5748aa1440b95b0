//! mclust's fourteen covariance models by name ([`ModelName`], the core's rules): reading a
//! name that a `Model`, `n_parameters` or a selection is given, and the name a mixture is saved
//! under.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use emviz_core::rules::list;
use emviz_core::{CovarianceType, Mixture, ModelName};

/// The model a name stands for: one of scikit-learn's covariance types (as that model, by the
/// core's reading of its names) or one of mclust's (any case), else a `ValueError` listing both.
pub fn model_name(name: &str) -> PyResult<ModelName> {
    if let Some(t) = CovarianceType::from_name(name) {
        return Ok(ModelName::of_covariance_type(t));
    }
    ModelName::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "invalid covariance type: \"{}\" is not one of {} or mclust's models {}",
            name.trim(),
            list(CovarianceType::ALL.map(CovarianceType::name), false),
            list(ModelName::ALL.map(ModelName::name), true)
        ))
    })
}

/// The name a mixture is saved and shown under: its family when it has one (`"VEV"`), else
/// its covariance type (`"full"`): read back by [`model_name`], it is the same model.
pub fn name_of(m: &Mixture) -> &'static str {
    m.family()
        .map_or_else(|| m.covariance_type().name(), ModelName::name)
}

/// mclust's name of the model `text` names (any case, surrounding spaces ignored: the core's
/// [`ModelName::from_name`]), or `None` when it names none of the fourteen.
#[pyfunction]
pub fn mclust_model(text: &str) -> Option<&'static str> {
    ModelName::from_name(text).map(ModelName::name)
}
