//! Fitting a mixture: [`GmmParams`] (a builder in the style of linfa: set, check, fit) and the
//! [`Fit`] it returns.

use crate::covariance::CovarianceType;
use crate::data::Dataset;
use rand::Rng;

use crate::em::{check_reg_covar, run_on, RunOutcome};
use crate::error::{Error, Invalid, Result};
use crate::init::{kmeans_plusplus, mixture_from_seeds, random_indices};
use crate::linalg::identity;
use crate::mixture::{ComponentWarning, Mixture};
use crate::rng::{rng_from_seed, EmRng};
use crate::source::{InMemory, Source};

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
    /// Threads each EM pass is split over (1: a single thread; see [`crate::source`] — the
    /// result depends on this number only through the rounding of the final additions).
    pub threads: usize,
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
            threads: 1,
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
    /// Sets the number of threads each EM pass is split over (at least 1;
    /// [`crate::available_threads`] gives the machine's).
    pub fn threads(mut self, t: usize) -> Self {
        self.threads = t;
        self
    }

    /// Checks the parameters against the data, with advice in every message.
    pub fn check(&self, data: &Dataset) -> Result<()> {
        self.check_shape(data.n(), data.d())
    }

    /// [`GmmParams::check`] for data of `n` points in `d` columns (data not in memory).
    pub fn check_shape(&self, n: usize, d: usize) -> Result<()> {
        if self.k == 0 {
            return Err(Invalid::KZero.into());
        }
        if n < self.k {
            return Err(Error::TooFewPoints { n, k: self.k });
        }
        if self.threads == 0 {
            return Err(Invalid::ThreadsZero.into());
        }
        if self.n_init == 0 {
            return Err(Invalid::NInitZero.into());
        }
        if !(self.tol >= 0.0) || !self.tol.is_finite() {
            return Err(Invalid::Tol { value: self.tol }.into());
        }
        check_reg_covar(self.reg_covar)?;
        if let Init::Means {
            means,
            covariances,
            weights,
        } = &self.init
        {
            let k = self.k;
            if means.len() != k * d {
                return Err(Invalid::StartMeans {
                    given: means.len(),
                    k,
                    d,
                }
                .into());
            }
            if covariances.as_ref().is_some_and(|c| c.len() != k * d * d) {
                return Err(Invalid::StartCovariances { k, d }.into());
            }
            if weights.as_ref().is_some_and(|w| w.len() != k) {
                return Err(Invalid::StartWeights { k }.into());
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
    ///
    /// Starts are drawn from the data itself when it has at most [`INIT_SAMPLE`] points, else
    /// from a uniform sample of that many ([`Reservoir`], drawn from `rng` first), so that the
    /// same file fitted in memory or streamed from disk starts from the same parameters.
    pub fn fit_with_rng(&self, data: &Dataset, rng: &mut EmRng) -> Result<Fit> {
        self.check(data)?;
        let sample = if data.n() > INIT_SAMPLE {
            let mut r = Reservoir::new(data.d(), INIT_SAMPLE);
            for row in data.rows() {
                r.push(row, rng);
            }
            Some(r.into_dataset(data.names().to_vec())?)
        } else {
            None
        };
        let var = data.column_variances();
        self.fit_on(
            &mut InMemory::new(data, self.threads),
            sample.as_ref().unwrap_or(data),
            rng,
            |m| m.warnings_for(data.n(), &var),
        )
    }

    /// The fit over any [`Source`] of points: starts drawn from `sample` (the data, or a uniform
    /// sample of it), EM passes over `source`, component warnings from `warnings`.
    pub fn fit_on<S: Source + ?Sized>(
        &self,
        source: &mut S,
        sample: &Dataset,
        rng: &mut EmRng,
        warnings: impl Fn(&Mixture) -> Vec<ComponentWarning>,
    ) -> Result<Fit> {
        self.check_shape(source.n(), source.d())?;
        let mut best = BestStart::new();
        for _ in 0..self.n_init {
            best.offer(
                self.initial_model(sample, rng)
                    .and_then(|m| run_on(source, m, self.reg_covar, self.tol, self.max_iter)),
            );
        }
        best.finish(warnings)
    }
}

/// The best of a fit's starts, taken one start at a time: what `n_init` means. The best final
/// mean log-likelihood wins (the first of equals); a start that fails (a collapsed component) is
/// skipped and counted; if every start fails, the first error is the fit's. [`GmmParams::fit_on`]
/// runs its starts through it, and so does the page's "Choose K" job, one start per frame.
#[derive(Clone, Debug, Default)]
pub struct BestStart {
    best: Option<RunOutcome>,
    tried: usize,
    failed: usize,
    first_error: Option<Error>,
}

impl BestStart {
    /// No start yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one start's outcome.
    pub fn offer(&mut self, outcome: Result<RunOutcome>) {
        self.tried += 1;
        match outcome {
            Ok(o) => {
                let better = self
                    .best
                    .as_ref()
                    .is_none_or(|b| final_log_likelihood(&o) > final_log_likelihood(b));
                if better {
                    self.best = Some(o);
                }
            }
            Err(e) => {
                self.failed += 1;
                self.first_error.get_or_insert(e);
            }
        }
    }

    /// Starts offered so far.
    pub fn tried(&self) -> usize {
        self.tried
    }

    /// The fit of the best start, its components' warnings from `warnings`; or, if every start
    /// failed (or none was offered), the first error.
    pub fn finish(self, warnings: impl Fn(&Mixture) -> Vec<ComponentWarning>) -> Result<Fit> {
        match self.best {
            Some(o) => Ok(Fit {
                log_likelihood: final_log_likelihood(&o),
                warnings: warnings(&o.model),
                model: o.model,
                converged: o.converged,
                n_iter: o.n_iter,
                trace: o.trace,
                failed_starts: self.failed,
            }),
            // No start at all: as if n_init were 0.
            None => Err(self.first_error.unwrap_or(Invalid::NInitZero.into())),
        }
    }
}

fn final_log_likelihood(o: &RunOutcome) -> f64 {
    *o.trace
        .last()
        .expect("the trace starts with the initial value")
}

/// The most points starts are drawn from: larger data is sampled uniformly down to this many
/// (k-means++ makes K passes over the points it seeds from).
pub const INIT_SAMPLE: usize = 1_000_000;

/// A uniform random sample of at most `cap` rows of a stream of rows (Vitter's algorithm R):
/// the first `cap` rows are kept in order, then row i (0-based) replaces a random kept row with
/// probability cap/(i + 1). A stream of at most `cap` rows is kept whole and draws nothing from
/// the generator, so small data starts exactly as before.
#[derive(Clone, Debug)]
pub struct Reservoir {
    d: usize,
    cap: usize,
    seen: u64,
    values: Vec<f64>,
}

impl Reservoir {
    /// An empty sample of rows of `d` values, at most `cap` of them.
    pub fn new(d: usize, cap: usize) -> Self {
        Self {
            d,
            cap,
            seen: 0,
            values: Vec::new(),
        }
    }

    /// Offers the next row of the stream.
    pub fn push(&mut self, row: &[f64], rng: &mut EmRng) {
        let i = self.seen;
        self.seen += 1;
        if (i as usize) < self.cap {
            self.values.extend_from_slice(row);
            return;
        }
        let j = rng.random_range(0..=i);
        if j < self.cap as u64 {
            let j = j as usize;
            self.values[j * self.d..(j + 1) * self.d].copy_from_slice(row);
        }
    }

    /// Rows offered so far.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// The sample as a dataset with the given column names.
    pub fn into_dataset(self, names: Vec<String>) -> Result<Dataset> {
        Dataset::new(names, self.values)
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
