//! Fitting a mixture: [`GmmParams`] (a builder in the style of linfa: set, check, fit) and the
//! [`Fit`] it returns.

use crate::covariance::CovarianceType;
use crate::data::Dataset;
use crate::em::{check_reg_covar, run};
use crate::error::{Error, Result};
use crate::init::{kmeans_plusplus, mixture_from_seeds, random_indices};
use crate::linalg::identity;
use crate::mixture::{ComponentWarning, Mixture};
use crate::rng::{rng_from_seed, EmRng};

/// How EM's starting parameters are chosen.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Init {
    /// k-means++ seeding, then the parameters of the nearest-seed partition (the default).
    #[default]
    KMeansPlusPlus,
    /// `k` distinct data points chosen at random, then the parameters of their partition.
    Random,
    /// Given means (`k × d` row-major); covariances (`k` full `d × d`) default to the identity
    /// and weights to `1/k`. The book's start is `means = [0, 50, 0, 100]`.
    Means {
        /// `k × d` row-major.
        means: Vec<f64>,
        /// `k` full `d × d` matrices, row-major.
        covariances: Option<Vec<f64>>,
        /// `k` weights.
        weights: Option<Vec<f64>>,
    },
}

impl Init {
    /// The short name used by the CLI and the page (`kmeans++`, `random`, `means`).
    pub fn name(&self) -> &'static str {
        match self {
            Init::KMeansPlusPlus => "kmeans++",
            Init::Random => "random",
            Init::Means { .. } => "means",
        }
    }
}

/// Hyper-parameters of a Gaussian-mixture fit. Defaults follow the book and scikit-learn:
/// full covariances, k-means++ start, one initialisation, `tol = 1e-4`, `max_iter = 100`,
/// `reg_covar = 1e-6`, seed 0.
#[derive(Clone, Debug, PartialEq)]
pub struct GmmParams {
    /// Number of components K.
    pub k: usize,
    /// Covariance constraint.
    pub covariance_type: CovarianceType,
    /// Starting parameters.
    pub init: Init,
    /// Number of initialisations; the best final log-likelihood wins.
    pub n_init: usize,
    /// Stop when the mean log-likelihood changes by less than this.
    pub tol: f64,
    /// Stop after this many iterations.
    pub max_iter: usize,
    /// Added to every variance in each M-step (≥ 0).
    pub reg_covar: f64,
    /// Seed of every random choice.
    pub seed: u64,
}

impl GmmParams {
    /// Defaults for `k` components.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            covariance_type: CovarianceType::Full,
            init: Init::KMeansPlusPlus,
            n_init: 1,
            tol: 1e-4,
            max_iter: 100,
            reg_covar: 1e-6,
            seed: 0,
        }
    }

    /// Sets the covariance type.
    pub fn covariance_type(mut self, t: CovarianceType) -> Self {
        self.covariance_type = t;
        self
    }
    /// Sets the initialisation.
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }
    /// Sets the number of initialisations.
    pub fn n_init(mut self, n: usize) -> Self {
        self.n_init = n;
        self
    }
    /// Sets the tolerance.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Sets the iteration limit.
    pub fn max_iter(mut self, m: usize) -> Self {
        self.max_iter = m;
        self
    }
    /// Sets the covariance regularisation.
    pub fn reg_covar(mut self, r: f64) -> Self {
        self.reg_covar = r;
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, s: u64) -> Self {
        self.seed = s;
        self
    }

    /// Checks the parameters against the data, with advice in every message.
    pub fn check(&self, data: &Dataset) -> Result<()> {
        if self.k == 0 {
            return Err(Error::invalid("K", "K must be at least 1"));
        }
        if data.n() < self.k {
            return Err(Error::TooFewPoints {
                n: data.n(),
                k: self.k,
            });
        }
        if self.n_init == 0 {
            return Err(Error::invalid("n_init", "n_init must be at least 1"));
        }
        if !(self.tol >= 0.0) || !self.tol.is_finite() {
            return Err(Error::invalid(
                "tol",
                format!(
                    "{} must be a finite number ≥ 0 (the book uses 1e-4)",
                    self.tol
                ),
            ));
        }
        check_reg_covar(self.reg_covar)?;
        if let Init::Means {
            means,
            covariances,
            weights,
        } = &self.init
        {
            let (k, d) = (self.k, data.d());
            if means.len() != k * d {
                return Err(Error::invalid(
                    "means",
                    format!(
                        "{} numbers given, but K = {k} means of {d} values need {}",
                        means.len(),
                        k * d
                    ),
                ));
            }
            if covariances.as_ref().is_some_and(|c| c.len() != k * d * d) {
                return Err(Error::invalid(
                    "covariances",
                    format!("K = {k} covariances of {d}×{d} need {} numbers", k * d * d),
                ));
            }
            if weights.as_ref().is_some_and(|w| w.len() != k) {
                return Err(Error::invalid(
                    "weights",
                    format!("K = {k} weights are needed"),
                ));
            }
        }
        Ok(())
    }

    /// The starting mixture for one initialisation.
    pub fn initial_model(&self, data: &Dataset, rng: &mut EmRng) -> Result<Mixture> {
        self.check(data)?;
        let (k, d, t) = (self.k, data.d(), self.covariance_type);
        match &self.init {
            Init::KMeansPlusPlus => {
                mixture_from_seeds(data, &kmeans_plusplus(data, k, rng), t, self.reg_covar)
            }
            Init::Random => {
                mixture_from_seeds(data, &random_indices(data.n(), k, rng), t, self.reg_covar)
            }
            Init::Means {
                means,
                covariances,
                weights,
            } => Mixture::new(
                t,
                weights.clone().unwrap_or_else(|| vec![1.0 / k as f64; k]),
                means.clone(),
                covariances
                    .clone()
                    .unwrap_or_else(|| (0..k).flat_map(|_| identity(d)).collect()),
            ),
        }
    }

    /// Fits with a generator seeded from `self.seed`.
    pub fn fit(&self, data: &Dataset) -> Result<Fit> {
        self.fit_with_rng(data, &mut rng_from_seed(self.seed))
    }

    /// Fits `n_init` times drawing from `rng`, keeping the best final log-likelihood. A start
    /// that fails (a collapsed component) is skipped; if all fail, the first error is returned.
    pub fn fit_with_rng(&self, data: &Dataset, rng: &mut EmRng) -> Result<Fit> {
        self.check(data)?;
        let mut best: Option<Fit> = None;
        let mut first_error = None;
        let mut failed = 0;
        for _ in 0..self.n_init {
            let outcome = self
                .initial_model(data, rng)
                .and_then(|m| run(data, m, self.reg_covar, self.tol, self.max_iter));
            match outcome {
                Ok(o) => {
                    let ll = *o.trace.last().expect("trace starts with the initial value");
                    if best.as_ref().is_none_or(|b| ll > b.log_likelihood) {
                        best = Some(Fit {
                            warnings: o.model.warnings(data),
                            model: o.model,
                            converged: o.converged,
                            n_iter: o.n_iter,
                            log_likelihood: ll,
                            trace: o.trace,
                            failed_starts: 0,
                        });
                    }
                }
                Err(e) => {
                    failed += 1;
                    first_error.get_or_insert(e);
                }
            }
        }
        match best {
            Some(mut f) => {
                f.failed_starts = failed;
                Ok(f)
            }
            None => Err(first_error.expect("n_init ≥ 1")),
        }
    }
}

/// A fitted mixture and how the fit went.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The fitted parameters.
    pub model: Mixture,
    /// Whether the stopping rule was met before `max_iter`.
    pub converged: bool,
    /// Iterations of the best start.
    pub n_iter: usize,
    /// Final mean per-point log-likelihood.
    pub log_likelihood: f64,
    /// Mean log-likelihood at the start and after every iteration of the best start.
    pub trace: Vec<f64>,
    /// Components worth a word to the user (empty, or nearly singular).
    pub warnings: Vec<ComponentWarning>,
    /// Starts that failed and were skipped.
    pub failed_starts: usize,
}
