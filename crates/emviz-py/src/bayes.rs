//! Variational Bayes for `emviz.BayesianGaussianMixture`: the core's priors (`Prior`), posterior
//! (`Posterior`) and loop (`vb_fit`, [`emviz_core::vb_driver::drive_vb`] over the in-memory pass
//! split over threads, GIL released, Ctrl-C between passes; `vb_drive`, the same loop over a
//! pass Python supplies — data spread over processes or machines, as `drive` for EM). The estimator keeps scikit-learn's
//! attributes as numpy arrays and rebuilds a `Posterior` from them when it needs one. With a
//! `SampleWeight` the priors' defaults, the start and every pass are weighted (the core's
//! [`emviz_core::vb_driver`] rule: integer weights fit as the rows repeated).

use numpy::{
    PyArray1, PyArray3, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArray3,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use emviz_core::covariance::estimate_parameters_weighted;
use emviz_core::source::pass_over_weighted;
use emviz_core::vb::{Posterior as CorePosterior, PosteriorParts};
use emviz_core::vb_driver::drive_vb;
use emviz_core::vb_prior::{CheckedVbPrior, VbPrior};
use emviz_core::{LoopParams, RegCovar, WeightPrior};

use crate::convert::{array2, row_major};
use crate::driver::{python_pass, LoopError};
use crate::fit::{check_finite, with_rows};
use crate::weights::SampleWeight;
use crate::{core_err, covariance_type, Data, Model};

fn weight_prior(name: &str) -> PyResult<WeightPrior> {
    WeightPrior::from_name(name).ok_or_else(|| {
        core_err(
            emviz_core::Invalid::UnknownWeightPrior {
                given: name.to_owned(),
            }
            .into(),
        )
    })
}

/// The priors of a fit, checked against the data with scikit-learn's defaults filled in.
#[pyclass(frozen, module = "emviz._core")]
pub struct Prior {
    pub(crate) p: CheckedVbPrior,
}

#[pymethods]
impl Prior {
    /// `Prior(data, k, covariance_type, weight_prior, weight_concentration=None,
    /// mean_precision=None, mean=None, degrees_of_freedom=None, covariance=None,
    /// sample_weight=None)`; `covariance` in the type's layout, flattened (d·d, d or 1 values).
    /// `None`: scikit-learn's default (from the data's moments, weighted by `sample_weight`).
    #[new]
    #[pyo3(signature = (data, k, covariance_type_name, weight_prior_name, weight_concentration = None, mean_precision = None, mean = None, degrees_of_freedom = None, covariance = None, sample_weight = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        data: &Data,
        k: usize,
        covariance_type_name: &str,
        weight_prior_name: &str,
        weight_concentration: Option<f64>,
        mean_precision: Option<f64>,
        mean: Option<PyReadonlyArray1<'_, f64>>,
        degrees_of_freedom: Option<f64>,
        covariance: Option<PyReadonlyArray1<'_, f64>>,
        sample_weight: Option<&SampleWeight>,
    ) -> PyResult<Self> {
        let prior = VbPrior {
            weight_prior: weight_prior(weight_prior_name)?,
            weight_concentration,
            mean_precision,
            mean: mean.map(|m| m.as_array().to_vec()),
            degrees_of_freedom,
            covariance: covariance.map(|c| c.as_array().to_vec()),
        };
        let t = covariance_type(covariance_type_name)?;
        Ok(Self {
            p: (prior.check_weighted(&data.ds, sample_weight.map(|s| &s.w), k, t))
                .map_err(core_err)?,
        })
    }

    /// α₀ (`weight_concentration_prior_`).
    #[getter]
    fn weight_concentration(&self) -> f64 {
        self.p.weight_concentration()
    }

    /// β₀ (`mean_precision_prior_`).
    #[getter]
    fn mean_precision(&self) -> f64 {
        self.p.mean_precision()
    }

    /// m₀ (`mean_prior_`).
    #[getter]
    fn mean<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_vec(py, self.p.mean().to_vec())
    }

    /// ν₀ (`degrees_of_freedom_prior_`).
    #[getter]
    fn degrees_of_freedom(&self) -> f64 {
        self.p.degrees_of_freedom()
    }

    /// W₀⁻¹ (`covariance_prior_`), flattened in the type's layout.
    #[getter]
    fn covariance<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        PyArray1::from_vec(py, self.p.covariance().to_vec())
    }
}

/// A variational posterior: scikit-learn's fitted parameters, its E-step as a `Model`.
#[pyclass(frozen, module = "emviz._core")]
pub struct Posterior {
    pub(crate) p: CorePosterior,
}

#[pymethods]
impl Posterior {
    /// A posterior from its numbers (a fitted estimator's): `weight_concentration_rest` is the
    /// Dirichlet process's second Beta parameters (empty for a Dirichlet), `covariances` full
    /// (k, d, d) whatever the type.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        weight_prior_name: &str,
        covariance_type_name: &str,
        weight_concentration: PyReadonlyArray1<'_, f64>,
        weight_concentration_rest: PyReadonlyArray1<'_, f64>,
        mean_precision: PyReadonlyArray1<'_, f64>,
        means: PyReadonlyArray2<'_, f64>,
        degrees_of_freedom: PyReadonlyArray1<'_, f64>,
        covariances: PyReadonlyArray3<'_, f64>,
    ) -> PyResult<Self> {
        let (k, d) = (means.shape()[0], means.shape()[1]);
        let cs = covariances.shape();
        if cs != [k, d, d] {
            return Err(PyValueError::new_err(format!(
                "invalid posterior: covariances of shape {cs:?} for {k} means in {d} dimensions"
            )));
        }
        let parts = PosteriorParts {
            weight_prior: weight_prior(weight_prior_name)?,
            covariance_type: covariance_type(covariance_type_name)?,
            weight_concentration: weight_concentration.as_array().to_vec(),
            weight_concentration_rest: weight_concentration_rest.as_array().to_vec(),
            mean_precision: mean_precision.as_array().to_vec(),
            means: row_major(&means),
            degrees_of_freedom: degrees_of_freedom.as_array().to_vec(),
            covariances: covariances.as_array().iter().copied().collect(),
        };
        Ok(Self {
            p: CorePosterior::new(parts).map_err(core_err)?,
        })
    }

    /// scikit-learn's `_initialize`: the VB M-step from responsibilities `resp` (n × k) of
    /// `data`'s points, with `reg_covar`, under `prior`. With `sample_weight` `resp` holds the
    /// weighted responsibilities wₙrₙⱼ (as `estimate_parameters`).
    #[staticmethod]
    #[pyo3(signature = (prior, data, resp, reg_covar, sample_weight = None))]
    fn start(
        py: Python<'_>,
        prior: &Prior,
        data: &Data,
        resp: PyReadonlyArray2<'_, f64>,
        reg_covar: f64,
        sample_weight: Option<&SampleWeight>,
    ) -> PyResult<Self> {
        let reg = RegCovar::new(reg_covar).map_err(core_err)?;
        let (n, k) = (resp.shape()[0], resp.shape()[1]);
        if n != data.ds.n() || k != prior.p.k() {
            return Err(PyValueError::new_err(format!(
                "invalid responsibilities: shape ({n}, {k}) given for {} points and K = {}",
                data.ds.n(),
                prior.p.k()
            )));
        }
        let t = prior.p.covariance_type();
        with_rows(&resp, |r| {
            py.detach(|| {
                let w = sample_weight.map(|s| s.w.values());
                let est = estimate_parameters_weighted(&data.ds, r, w, k, t, reg)?;
                CorePosterior::from_estimates(&prior.p, &est)
            })
            .map(|p| Self { p })
            .map_err(core_err)
        })
    }

    /// scikit-learn's fitted attributes as a dict of new arrays, keyed by their names:
    /// `weight_concentration_` (with `weight_concentration_rest_`, the Dirichlet process's second
    /// Beta parameters, empty for a Dirichlet), `mean_precision_`, `means_`,
    /// `degrees_of_freedom_` (k values), `covariances_` (k, d, d, whatever the type) and
    /// `weights_` (E[π]).
    fn arrays<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = self.p.parts();
        let (k, d) = (self.p.k(), self.p.d());
        let out = PyDict::new(py);
        let vec = |v: &[f64]| PyArray1::from_vec(py, v.to_vec());
        out.set_item("weight_concentration_", vec(&p.weight_concentration))?;
        out.set_item(
            "weight_concentration_rest_",
            vec(&p.weight_concentration_rest),
        )?;
        out.set_item("mean_precision_", vec(&p.mean_precision))?;
        out.set_item("means_", array2(py, p.means.clone(), k, d)?)?;
        out.set_item("degrees_of_freedom_", vec(&p.degrees_of_freedom))?;
        let c: Bound<'py, PyArray3<f64>> = vec(&p.covariances).reshape([k, d, d])?;
        out.set_item("covariances_", c)?;
        out.set_item("weights_", vec(&self.p.expected_weights()))?;
        Ok(out)
    }

    /// The mixture whose responsibilities are the VB E-step's (for `predict`, `predict_proba`).
    #[getter]
    fn model(&self) -> Model {
        Model {
            m: self.p.e_step_model().clone(),
        }
    }

    /// What the model's normalised weights took out: its `score_samples` plus this is
    /// scikit-learn's `score_samples`.
    #[getter]
    fn log_normaliser(&self) -> f64 {
        self.p.log_normaliser()
    }
}

/// Variational Bayes from `posterior` on the rows of `x` (n × d float64, read in place when
/// C-contiguous), in scikit-learn's loop, the passes split over `n_threads` threads, each point
/// weighted by `sample_weight` when given (weights all 1: the unweighted passes, bit for bit).
/// Returns `(posterior, lower_bounds, n_iter, converged)`. The GIL is released while it runs;
/// Ctrl-C stops it between iterations with `KeyboardInterrupt`.
#[pyfunction]
#[pyo3(signature = (x, prior, posterior, reg_covar, tol, max_iter, start_bound = f64::NEG_INFINITY, n_threads = 1, sample_weight = None))]
#[allow(clippy::too_many_arguments)]
pub fn vb_fit(
    py: Python<'_>,
    x: PyReadonlyArray2<'_, f64>,
    prior: &Prior,
    posterior: &Posterior,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    start_bound: f64,
    n_threads: usize,
    sample_weight: Option<&SampleWeight>,
) -> PyResult<(Posterior, Vec<f64>, usize, bool)> {
    let d = x.shape()[1];
    if d != posterior.p.d() || x.shape()[0] == 0 {
        return Err(PyValueError::new_err(format!(
            "invalid data: {} rows of {d} columns given for a posterior of {} dimension(s)",
            x.shape()[0],
            posterior.p.d()
        )));
    }
    if let Some(s) = sample_weight.filter(|s| s.w.len() != x.shape()[0]) {
        return Err(core_err(
            emviz_core::Invalid::SampleWeightsLength {
                given: s.w.len(),
                n: x.shape()[0],
            }
            .into(),
        ));
    }
    let weights = (sample_weight.map(|s| &s.w))
        .filter(|w| !w.all_one())
        .map(|w| w.values());
    let params = LoopParams::new(reg_covar, tol, max_iter).map_err(core_err)?;
    let start = posterior.p.clone();
    let threads = n_threads.max(1);
    let outcome = with_rows(&x, |values| {
        check_finite(values, d)?;
        py.detach(|| {
            let mut first = true;
            drive_vb(start, &prior.p, &params, start_bound, |model, empty| {
                if !std::mem::take(&mut first) {
                    Python::attach(|py| py.check_signals()).map_err(LoopError::Stopped)?;
                }
                let stats = pass_over_weighted(model, values, weights, 0, empty, threads)?;
                Ok::<_, LoopError<PyErr>>(stats)
            })
        })
        .map_err(PyErr::from)
    })?;
    Ok((
        Posterior {
            p: outcome.posterior,
        },
        outcome.lower_bounds,
        outcome.n_iter,
        outcome.converged,
    ))
}

/// The core's variational Bayes loop from `start` over a pass Python supplies:
/// `pass_(model, empty)` is called with the E-step's `Model` and the `Stats` to fill (copies of
/// `empty` accumulated over every row and merged; see `drive`), and must return that `Stats`.
/// Returns `(posterior, lower_bounds, n_iter, converged)`; an exception of the pass ends the
/// loop and is raised again.
#[pyfunction]
#[pyo3(signature = (prior, start, reg_covar, tol, max_iter, pass_, start_bound = f64::NEG_INFINITY))]
#[allow(clippy::too_many_arguments)]
pub fn vb_drive(
    py: Python<'_>,
    prior: &Prior,
    start: &Posterior,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    pass_: Bound<'_, PyAny>,
    start_bound: f64,
) -> PyResult<(Posterior, Vec<f64>, usize, bool)> {
    let params = LoopParams::new(reg_covar, tol, max_iter).map_err(core_err)?;
    let out = drive_vb(
        start.p.clone(),
        &prior.p,
        &params,
        start_bound,
        |model, empty| python_pass(py, &pass_, model, empty).map_err(LoopError::Stopped),
    )?;
    Ok((
        Posterior { p: out.posterior },
        out.lower_bounds,
        out.n_iter,
        out.converged,
    ))
}
