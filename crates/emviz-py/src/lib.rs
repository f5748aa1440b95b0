//! # emviz-py
//!
//! The native half of the Python package `emviz`: the extension module `emviz._core`, a thin PyO3
//! layer over [`emviz_core`]. The Python half (`python/emviz/`) holds the scikit-learn-compatible
//! `GaussianMixture` and the notebook widget; everything numerical runs here.
//!
//! | Python name | what it is |
//! |---|---|
//! | `Data(X)` | an n × d float64 table, checked once (finite values) and shared by every call of a fit |
//! | `Model(covariance_type, weights, means, covariances)` | a checked mixture: densities, labels; `covariance_type` is one of scikit-learn's four or of mclust's models (its `family`); `constrained(model)` makes a start of a model ([`family`]) |
//! | `em_fit(X, model, ...)` | EM with scikit-learn's loop (see [`fit::em_fit`]), GIL released |
//! | `Prior`, `Posterior`, `vb_fit`, `vb_drive` | variational Bayes: the checked priors, the posterior (scikit-learn's start from responsibilities, its E-step as a `Model`) and the loop, in memory or over a pass Python supplies ([`bayes`]) |
//! | `kmeans_labels`, `kmeans_plusplus` | the core's k-means and k-means++ seeding |
//! | `estimate_parameters` | the M-step from responsibilities: the estimator's start ([`start`]) |
//! | `Stats` | mergeable sufficient statistics of one EM pass (for Spark and other distributed use) |
//! | `drive` | the core's EM loop over a pass Python supplies: Spark's ([`driver`]) |
//! | `n_parameters`, `bic`, `aic` | the core's criteria ([`criteria`]); with sample weights n is Σ w |
//! | `mclust_model`, `select_models` | mclust's model names and its models × K table ([`select`]) |
//! | `SampleWeight(w, n)` | per-point sample weights, checked once by the core's rule ([`weights`]) |
//! | `first_bad_weight`, `check_weight_total` | the same rule on weights that arrive in parts (Spark's) |
//! | `model_to_json`, `model_from_json` | the core's model JSON ([`model_json`]) |
//! | `RULES`, `check_params`, `book_start_applies` | the core's rules and its check ([`rules`]) |
//!
//! Errors of the core become `ValueError` with the core's message; no panic reaches Python.

pub mod bayes;
mod convert;
pub mod criteria;
pub mod driver;
pub mod family;
pub mod fit;
pub mod model_json;
pub mod rules;
pub mod select;
pub mod start;
mod stats;
pub mod weights;

use numpy::{PyArray1, PyArray2, PyArray3, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArray3};
use pyo3::prelude::*;

use emviz_core::{CovarianceType, Dataset, Mixture, ModelName};

pub use convert::core_err;
use convert::{dataset_from, mixture_from, model_arrays};

/// An n × d table of finite float64 values, checked once.
#[pyclass(frozen, module = "emviz._core")]
pub struct Data {
    pub(crate) ds: Dataset,
}

#[pymethods]
impl Data {
    /// Copies a 2-D float64 array (any memory layout) into a checked table.
    #[new]
    fn new(py: Python<'_>, x: PyReadonlyArray2<'_, f64>) -> PyResult<Self> {
        Ok(Self {
            ds: dataset_from(py, &x)?,
        })
    }

    /// Number of rows.
    #[getter]
    fn n(&self) -> usize {
        self.ds.n()
    }

    /// Number of columns.
    #[getter]
    fn d(&self) -> usize {
        self.ds.d()
    }
}

/// A Gaussian mixture: `covariance_type` (full, diag, spherical, tied, or one of mclust's
/// fourteen models by name: [`family::model_name`]), `weights` (k), `means` (k × d) and full
/// `covariances` (k × d × d) whatever the type, taken as given ([`Mixture::of_model`]).
#[pyclass(frozen, module = "emviz._core")]
#[derive(Clone)]
pub struct Model {
    pub(crate) m: Mixture,
}

#[pymethods]
impl Model {
    #[new]
    fn new(
        covariance_type: &str,
        weights: PyReadonlyArray1<'_, f64>,
        means: PyReadonlyArray2<'_, f64>,
        covariances: PyReadonlyArray3<'_, f64>,
    ) -> PyResult<Self> {
        Ok(Self {
            m: mixture_from(covariance_type, &weights, &means, &covariances)?,
        })
    }

    /// Number of components.
    #[getter]
    fn k(&self) -> usize {
        self.m.k()
    }

    /// Number of dimensions.
    #[getter]
    fn d(&self) -> usize {
        self.m.d()
    }

    /// The covariance type's name (for one of mclust's other models, its pass's:
    /// [`ModelName::pass_type`]).
    #[getter]
    fn covariance_type(&self) -> &'static str {
        self.m.covariance_type().as_str()
    }

    /// The mclust model whose M-step this mixture keeps to when it is none of scikit-learn's
    /// four (`"VEV"`, …), else `None` (then `covariance_type` is the model).
    #[getter]
    fn family(&self) -> Option<&'static str> {
        self.m.family().map(ModelName::name)
    }

    /// mclust's name of the model (scikit-learn's four too: `full` is `"VVV"`, …).
    #[getter]
    fn model_name(&self) -> &'static str {
        self.m.model_name().name()
    }

    /// The nearest parameters of `model` (a covariance type or mclust model by name): its M-step
    /// from these weights and the scatter they imply (the covariances hold their `reg_covar`)
    /// ([`Mixture::constrained`]): how a start made for `full` becomes a start of `model`.
    fn constrained(&self, py: Python<'_>, model: &str) -> PyResult<Self> {
        let model = family::model_name(model)?;
        let m = py.detach(|| self.m.constrained(model)).map_err(core_err)?;
        Ok(Self { m })
    }

    /// `(weights (k), means (k, d), covariances (k, d, d))` as new float64 arrays.
    #[allow(clippy::type_complexity)]
    fn arrays<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray3<f64>>,
    )> {
        model_arrays(py, &self.m)
    }

    /// Per-point log density ln p(xₙ) (scikit-learn's `score_samples`).
    fn score_samples<'py>(
        &self,
        py: Python<'py>,
        data: &Data,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let out = py
            .detach(|| self.m.score_samples(&data.ds))
            .map_err(core_err)?;
        Ok(PyArray1::from_vec(py, out))
    }

    /// Responsibilities p(z = j | xₙ), n × k (scikit-learn's `predict_proba`).
    fn predict_proba<'py>(
        &self,
        py: Python<'py>,
        data: &Data,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let k = self.m.k();
        let out = py
            .detach(|| self.m.predict_proba(&data.ds))
            .map_err(core_err)?;
        convert::array2(py, out, data.ds.n(), k)
    }

    /// Per-point uncertainty `1 − maxⱼ p(z = j | xₙ)` (mclust's,
    /// [`emviz_core::criteria::uncertainty`]).
    fn uncertainty<'py>(
        &self,
        py: Python<'py>,
        data: &Data,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let out = py
            .detach(|| self.m.uncertainty(&data.ds))
            .map_err(core_err)?;
        Ok(PyArray1::from_vec(py, out))
    }

    /// ICL on `data` of this model whose BIC there is `bic` (mclust's: BIC plus twice the
    /// entropy of the classification, [`emviz_core::criteria::icl`]), each point's term scaled
    /// by its weight when `weights` (checked for these points) are given.
    #[pyo3(signature = (data, bic, weights=None))]
    fn icl(
        &self,
        py: Python<'_>,
        data: &Data,
        bic: f64,
        weights: Option<&weights::SampleWeight>,
    ) -> PyResult<f64> {
        let w = weights.map(|w| w.w.values());
        py.detach(|| {
            let (_, log_resp) = self.m.log_resp(&data.ds)?;
            Ok(emviz_core::criteria::icl(bic, &log_resp, self.m.k(), w))
        })
        .map_err(core_err)
    }

    /// The most likely component of each point (scikit-learn's `predict`), as int64.
    fn predict<'py>(&self, py: Python<'py>, data: &Data) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let out = py.detach(|| self.m.predict(&data.ds)).map_err(core_err)?;
        Ok(PyArray1::from_vec(
            py,
            out.into_iter().map(|j| j as i64).collect(),
        ))
    }

    /// Number of free parameters (scikit-learn's `_n_parameters`).
    fn n_parameters(&self) -> usize {
        self.m.n_parameters()
    }

    /// Pickles as `Model(name, weights, means, covariances)` (exact floats), `name` the family
    /// when there is one, else the covariance type.
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (
            &'static str,
            Bound<'py, PyArray1<f64>>,
            Bound<'py, PyArray2<f64>>,
            Bound<'py, PyArray3<f64>>,
        ),
    )> {
        let m = &slf.borrow().m;
        let (w, mu, c) = model_arrays(py, m)?;
        Ok((slf.get_type().into_any(), (family::name_of(m), w, mu, c)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Model(covariance_type={:?}, k={}, d={})",
            family::name_of(&self.m),
            self.m.k(),
            self.m.d()
        )
    }
}

/// The core's covariance type from its name, as a `ValueError` with the core's wording.
pub(crate) fn covariance_type(name: &str) -> PyResult<CovarianceType> {
    name.parse::<CovarianceType>().map_err(core_err)
}

/// k-means++ seeding then Lloyd's k-means (at most `max_iter` updates) from the core, seeded by
/// `seed`; returns each row's cluster (int64). The initialisation `init_params="kmeans"` uses it.
#[pyfunction]
#[pyo3(signature = (data, k, seed, max_iter = 300))]
fn kmeans_labels<'py>(
    py: Python<'py>,
    data: &Data,
    k: usize,
    seed: u64,
    max_iter: usize,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let labels = py
        .detach(|| {
            let mut rng = emviz_core::rng_from_seed(seed);
            let mut km = emviz_core::KMeans::plus_plus(&data.ds, k, &mut rng)?;
            km.run(&data.ds, max_iter)?;
            Ok::<_, emviz_core::Error>(km.labels().iter().map(|&j| j as i64).collect::<Vec<_>>())
        })
        .map_err(core_err)?;
    Ok(PyArray1::from_vec(py, labels))
}

/// k row indices chosen by greedy k-means++ seeding (the core's, as scikit-learn's
/// `kmeans_plusplus`), seeded by `seed`. The initialisation `init_params="k-means++"` uses it.
/// With `sample_weight` (a `SampleWeight` of the data's points) the seeds are drawn ∝ w and
/// ∝ w·D², never at a point of weight 0.
#[pyfunction]
#[pyo3(signature = (data, k, seed, sample_weight = None))]
fn kmeans_plusplus<'py>(
    py: Python<'py>,
    data: &Data,
    k: usize,
    seed: u64,
    sample_weight: Option<&weights::SampleWeight>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let w = sample_weight.map(|s| s.w.values());
    if w.is_some_and(|w| w.len() != data.ds.n()) {
        return Err(core_err(emviz_core::Error::InvalidParameter(
            emviz_core::Invalid::SampleWeightsLength {
                given: w.map_or(0, <[f64]>::len),
                n: data.ds.n(),
            },
        )));
    }
    let seeds = w.map_or(data.ds.n(), |w| w.iter().filter(|&&v| v > 0.0).count());
    if k == 0 || k > seeds {
        return Err(core_err(emviz_core::Error::TooFewPoints {
            n: seeds,
            k: k.max(1),
        }));
    }
    let idx = py.detach(|| {
        let mut rng = emviz_core::rng_from_seed(seed);
        emviz_core::init::kmeans_plusplus_weighted(&data.ds, w, k, &mut rng)
    });
    Ok(PyArray1::from_vec(
        py,
        idx.into_iter().map(|i| i as i64).collect(),
    ))
}

/// Number of threads `n_threads=None` means: every core the process may use.
#[pyfunction]
fn available_threads() -> usize {
    emviz_core::available_threads()
}

/// The extension module `emviz._core`.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Data>()?;
    m.add_class::<Model>()?;
    m.add_class::<stats::Stats>()?;
    m.add_class::<bayes::Prior>()?;
    m.add_class::<bayes::Posterior>()?;
    m.add_function(wrap_pyfunction!(bayes::vb_fit, m)?)?;
    m.add_function(wrap_pyfunction!(bayes::vb_drive, m)?)?;
    m.add_function(wrap_pyfunction!(fit::em_fit, m)?)?;
    m.add_function(wrap_pyfunction!(kmeans_labels, m)?)?;
    m.add_function(wrap_pyfunction!(kmeans_plusplus, m)?)?;
    m.add_function(wrap_pyfunction!(available_threads, m)?)?;
    m.add_function(wrap_pyfunction!(start::estimate_parameters, m)?)?;
    m.add_function(wrap_pyfunction!(driver::drive, m)?)?;
    m.add_function(wrap_pyfunction!(criteria::n_parameters, m)?)?;
    m.add_function(wrap_pyfunction!(criteria::bic, m)?)?;
    m.add_function(wrap_pyfunction!(criteria::aic, m)?)?;
    m.add_function(wrap_pyfunction!(family::mclust_model, m)?)?;
    m.add_function(wrap_pyfunction!(select::select_models, m)?)?;
    m.add_class::<weights::SampleWeight>()?;
    m.add_function(wrap_pyfunction!(weights::first_bad_weight, m)?)?;
    m.add_function(wrap_pyfunction!(weights::check_weight_total, m)?)?;
    m.add_function(wrap_pyfunction!(model_json::model_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(model_json::model_from_json, m)?)?;
    m.add("RULES", rules::rules_dict(m.py())?)?;
    m.add_function(wrap_pyfunction!(rules::check_params, m)?)?;
    m.add_function(wrap_pyfunction!(rules::book_start_applies, m)?)?;
    Ok(())
}
