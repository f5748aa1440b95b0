//! A fit's parameters, checked once: [`GmmParams`] is the builder (unchecked), and
//! [`GmmParams::check`] turns it into [`GmmValidParams`], the only thing a fit takes (linfa's
//! `ParamGuard` pattern: set, check, fit). The loops take the checked parts they use:
//! [`RegCovar`] (the step-wise [`crate::Em`]) and [`LoopParams`] (the lean loop,
//! [`crate::driver`]). A checked value cannot be made any other way, so nothing fits unchecked
//! and nothing is checked twice.
//!
//! ```
//! use emviz_core::{parse_table, GmmParams, ParseOptions};
//! let data = parse_table("1 2\n1.1 2.1\n5 6\n5.2 6.1\n", &ParseOptions::default()).unwrap();
//! let params = GmmParams::new(2).seed(3).check(&data).unwrap(); // the one check
//! let fit = params.fit(&data).unwrap();                          // no check again
//! assert_eq!(fit.model.k(), 2);
//! assert!(GmmParams::new(2).tol(-1.0).check(&data).is_err());
//! ```
//!
//! The rules themselves (names, ranges, defaults) are [`crate::rules`](mod@crate::rules).

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::rules::{converged, CovarianceType, InitKind, ModelName, BOOK, DEFAULTS, K_MIN};

/// How EM's starting parameters are chosen.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Init {
    /// k-means++ seeding, then the parameters of the nearest-seed partition (the default).
    #[default]
    KMeansPlusPlus,
    /// `k` distinct data points chosen at random, then the parameters of their partition.
    Random,
    /// Given means (`k × d` row-major); covariances (`k` full `d × d`) default to the identity
    /// and weights to `1/k`. The book's start is [`Init::book`].
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
    /// The book's start ([`BOOK`]): means (0, 50) and (0, 100), identity covariances, equal
    /// weights.
    pub fn book() -> Self {
        Init::Means {
            means: BOOK.means.to_vec(),
            covariances: None,
            weights: None,
        }
    }

    /// The start of a kind that needs no values given (`None` for [`InitKind::Means`]).
    pub fn of_kind(kind: InitKind) -> Option<Self> {
        match kind {
            InitKind::KMeansPlusPlus => Some(Init::KMeansPlusPlus),
            InitKind::Random => Some(Init::Random),
            InitKind::Book => Some(Init::book()),
            InitKind::Means => None,
        }
    }

    /// Which kind of start this is (given means are [`InitKind::Means`], the book's included).
    pub fn kind(&self) -> InitKind {
        match self {
            Init::KMeansPlusPlus => InitKind::KMeansPlusPlus,
            Init::Random => InitKind::Random,
            Init::Means { .. } => InitKind::Means,
        }
    }

    /// Its name ([`InitKind::name`]: `kmeans++`, `random`, `means`).
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}

/// The regularisation added to every variance in each M-step, checked: a finite number ≥ 0.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct RegCovar(f64);

impl RegCovar {
    /// No regularisation (the book's run).
    pub const ZERO: RegCovar = RegCovar(0.0);

    /// Checks `value`: a finite number ≥ 0.
    pub fn new(value: f64) -> Result<Self> {
        if !(value >= 0.0) || !value.is_finite() {
            return Err(Invalid::RegCovar { value }.into());
        }
        Ok(Self(value))
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// [`DEFAULTS`]' reg_covar.
impl Default for RegCovar {
    fn default() -> Self {
        Self(DEFAULTS.reg_covar)
    }
}

/// What EM's loop needs, checked: the regularisation, and the stopping rule's `tol` (a finite
/// number ≥ 0; 0 never stops early) and `max_iter`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopParams {
    reg_covar: RegCovar,
    tol: f64,
    max_iter: usize,
}

impl LoopParams {
    /// Checks the values (`tol` first, then `reg_covar`).
    pub fn new(reg_covar: f64, tol: f64, max_iter: usize) -> Result<Self> {
        if !(tol >= 0.0) || !tol.is_finite() {
            return Err(Invalid::Tol { value: tol }.into());
        }
        Ok(Self {
            reg_covar: RegCovar::new(reg_covar)?,
            tol,
            max_iter,
        })
    }

    /// The regularisation.
    pub fn reg_covar(&self) -> RegCovar {
        self.reg_covar
    }

    /// The stopping rule's tolerance.
    pub fn tol(&self) -> f64 {
        self.tol
    }

    /// The most iterations.
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }

    /// The stopping rule ([`converged`]) with this `tol`.
    pub fn converged(&self, previous: f64, current: f64) -> bool {
        converged(previous, current, self.tol)
    }
}

/// Hyper-parameters of a Gaussian-mixture fit, as set (unchecked): [`GmmParams::check`] makes
/// the [`GmmValidParams`] a fit takes. Defaults are [`DEFAULTS`] (the book's stopping rule and
/// scikit-learn's other choices: full covariances, k-means++ start, one initialisation,
/// `tol = 1e-4`, `max_iter = 100`, `reg_covar = 1e-6`, seed 0), one thread.
#[derive(Clone, Debug, PartialEq)]
pub struct GmmParams {
    /// Number of components K.
    pub k: usize,
    /// Covariance constraint (for an mclust model, the pass's: [`ModelName::pass_type`]).
    pub covariance_type: CovarianceType,
    /// The mclust model the M-step keeps to when it is none of scikit-learn's four
    /// ([`GmmParams::model`]); `None`: `covariance_type` is the model.
    pub model: Option<ModelName>,
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
    /// [`DEFAULTS`] for `k` components, on one thread.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            covariance_type: DEFAULTS.covariance_type,
            model: None,
            init: Init::of_kind(DEFAULTS.init).unwrap_or_default(),
            n_init: DEFAULTS.n_init,
            tol: DEFAULTS.tol,
            max_iter: DEFAULTS.max_iter,
            reg_covar: DEFAULTS.reg_covar,
            seed: DEFAULTS.seed,
            threads: 1,
        }
    }

    /// Sets the covariance type (scikit-learn's four; it replaces a model set before).
    pub fn covariance_type(mut self, t: CovarianceType) -> Self {
        self.covariance_type = t;
        self.model = None;
        self
    }
    /// Sets one of mclust's fourteen covariance models. scikit-learn's four (`VVV`, `VVI`,
    /// `VII`, `EEE`) are their covariance types exactly; the others fit with their own M-step
    /// ([`crate::family`]) over the pass of [`ModelName::pass_type`], from the start of that
    /// type constrained to the model ([`crate::Mixture::constrained`]).
    pub fn model(mut self, m: ModelName) -> Self {
        self.covariance_type = m.pass_type();
        self.model = m.covariance_type().is_none().then_some(m);
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

    /// Checks the parameters against the data, with advice in every message: the checked
    /// parameters every fit takes.
    pub fn check(&self, data: &Dataset) -> Result<GmmValidParams> {
        self.check_shape(data.n(), data.d())
    }

    /// [`GmmParams::check`] for data of `n` points in `d` columns (data not in memory).
    pub fn check_shape(&self, n: usize, d: usize) -> Result<GmmValidParams> {
        check_k(self.k, n)?;
        if self.threads == 0 {
            return Err(Invalid::ThreadsZero.into());
        }
        if self.n_init == 0 {
            return Err(Invalid::NInitZero.into());
        }
        let loop_params = LoopParams::new(self.reg_covar, self.tol, self.max_iter)?;
        check_init(&self.init, self.k, d)?;
        Ok(GmmValidParams {
            params: self.clone(),
            loop_params,
            n,
            d,
        })
    }
}

/// K against the number of points: at least [`K_MIN`], at most `n`.
fn check_k(k: usize, n: usize) -> Result<()> {
    if k < K_MIN {
        return Err(Invalid::KZero.into());
    }
    if n < k {
        return Err(Error::TooFewPoints { n, k });
    }
    Ok(())
}

/// Given start values against K and the data's `d` columns.
fn check_init(init: &Init, k: usize, d: usize) -> Result<()> {
    if let Init::Means {
        means,
        covariances,
        weights,
    } = init
    {
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

/// The parameters of a fit, checked (by [`GmmParams::check`]) for data of `n` points in `d`
/// columns: what every fit takes ([`GmmValidParams::fit`], [`GmmValidParams::fit_on`],
/// [`GmmValidParams::initial_model`], [`crate::select_k`]).
#[derive(Clone, Debug, PartialEq)]
pub struct GmmValidParams {
    params: GmmParams,
    loop_params: LoopParams,
    n: usize,
    d: usize,
}

impl GmmValidParams {
    /// The parameters as they were set.
    pub fn params(&self) -> &GmmParams {
        &self.params
    }

    /// Number of components K.
    pub fn k(&self) -> usize {
        self.params.k
    }

    /// Covariance constraint (for an mclust model, the pass's).
    pub fn covariance_type(&self) -> CovarianceType {
        self.params.covariance_type
    }

    /// The mclust model fitted (scikit-learn's four types are four of them).
    pub fn model_name(&self) -> ModelName {
        self.params
            .model
            .unwrap_or(ModelName::of_covariance_type(self.params.covariance_type))
    }

    /// Starting parameters.
    pub fn init(&self) -> &Init {
        &self.params.init
    }

    /// Number of initialisations.
    pub fn n_init(&self) -> usize {
        self.params.n_init
    }

    /// Seed of every random choice.
    pub fn seed(&self) -> u64 {
        self.params.seed
    }

    /// Threads each pass is split over.
    pub fn threads(&self) -> usize {
        self.params.threads
    }

    /// What the EM loop takes: regularisation and stopping rule.
    pub fn loop_params(&self) -> &LoopParams {
        &self.loop_params
    }

    /// The regularisation.
    pub fn reg_covar(&self) -> RegCovar {
        self.loop_params.reg_covar
    }

    /// The stopping rule's tolerance.
    pub fn tol(&self) -> f64 {
        self.loop_params.tol
    }

    /// The most iterations.
    pub fn max_iter(&self) -> usize {
        self.loop_params.max_iter
    }

    /// The number of points and columns these parameters were checked for.
    pub fn shape(&self) -> (usize, usize) {
        (self.n, self.d)
    }

    /// These parameters with `k` components, checking only what depends on K (K against the
    /// points, given start values against K): the fits of a model selection.
    pub fn with_k(&self, k: usize) -> Result<Self> {
        check_k(k, self.n)?;
        check_init(&self.params.init, k, self.d)?;
        let mut p = self.clone();
        p.params.k = k;
        Ok(p)
    }

    /// These parameters with another covariance constraint (nothing else depends on it).
    pub fn with_covariance_type(&self, covariance_type: CovarianceType) -> Self {
        let mut p = self.clone();
        p.params = p.params.covariance_type(covariance_type);
        p
    }

    /// These parameters with another of mclust's models ([`GmmParams::model`]).
    pub fn with_model(&self, model: ModelName) -> Self {
        let mut p = self.clone();
        p.params = p.params.model(model);
        p
    }

    /// These parameters with another thread count (at least 1; nothing else depends on it).
    pub fn with_threads(&self, threads: usize) -> Self {
        let mut p = self.clone();
        p.params.threads = threads.max(1);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Dataset {
        Dataset::from_rows(&(0..n).map(|i| [i as f64, 1.0]).collect::<Vec<_>>()).unwrap()
    }

    /// The first broken rule is reported, in a fixed order: K, threads, n_init, tol, reg_covar,
    /// the start's values.
    #[test]
    fn checks_come_in_a_fixed_order() {
        let d = data(5);
        let all_bad = GmmParams::new(0)
            .threads(0)
            .n_init(0)
            .tol(-1.0)
            .reg_covar(f64::NAN)
            .init(Init::Means {
                means: vec![1.0],
                covariances: None,
                weights: None,
            });
        let name = |p: &GmmParams| match p.check(&d).unwrap_err() {
            Error::InvalidParameter(i) => i.name(),
            Error::TooFewPoints { .. } => "points",
            other => panic!("{other}"),
        };
        assert_eq!(name(&all_bad), "K");
        assert_eq!(
            name(&GmmParams {
                k: 9,
                ..all_bad.clone()
            }),
            "points"
        );
        let p = GmmParams { k: 2, ..all_bad };
        assert_eq!(name(&p), "threads");
        let p = p.threads(1);
        assert_eq!(name(&p), "n_init");
        let p = p.n_init(1);
        assert_eq!(name(&p), "tol");
        let p = p.tol(0.0);
        assert_eq!(name(&p), "reg_covar");
        let p = p.reg_covar(0.0);
        assert_eq!(name(&p), "means");
        assert!(p.init(Init::book()).check(&d).is_ok());
    }

    #[test]
    fn checked_parameters_keep_what_was_set() {
        let p = GmmParams::new(3)
            .covariance_type(CovarianceType::Tied)
            .n_init(4)
            .tol(1e-3)
            .max_iter(7)
            .reg_covar(0.5)
            .seed(11)
            .threads(2);
        let v = p.check(&data(10)).unwrap();
        assert_eq!(v.params(), &p);
        assert_eq!(
            (
                v.k(),
                v.covariance_type(),
                v.n_init(),
                v.seed(),
                v.threads()
            ),
            (3, CovarianceType::Tied, 4, 11, 2)
        );
        assert_eq!((v.tol(), v.max_iter(), v.reg_covar().get()), (1e-3, 7, 0.5));
        assert_eq!(v.shape(), (10, 2));
        assert_eq!(v.init().name(), "kmeans++");
    }

    #[test]
    fn another_k_is_checked_against_the_points_and_the_start() {
        let v = GmmParams::new(1).check(&data(4)).unwrap();
        assert_eq!(v.with_k(4).unwrap().k(), 4);
        assert!(matches!(
            v.with_k(5),
            Err(Error::TooFewPoints { n: 4, k: 5 })
        ));
        assert!(v.with_k(0).is_err());
        let book = GmmParams::new(2)
            .init(Init::book())
            .check(&data(4))
            .unwrap();
        assert!(book.with_k(3).is_err(), "two means are not three");
    }

    #[test]
    fn the_defaults_are_the_rules() {
        let p = GmmParams::new(2);
        assert_eq!(p.covariance_type, DEFAULTS.covariance_type);
        assert_eq!(p.init.kind(), DEFAULTS.init);
        assert_eq!(
            (p.n_init, p.tol, p.max_iter),
            (DEFAULTS.n_init, DEFAULTS.tol, DEFAULTS.max_iter)
        );
        assert_eq!((p.reg_covar, p.seed), (DEFAULTS.reg_covar, DEFAULTS.seed));
        assert_eq!(RegCovar::default().get(), DEFAULTS.reg_covar);
    }

    #[test]
    fn regularisation_and_tolerance_must_be_finite_and_not_negative() {
        for bad in [-1e-9, f64::NAN, f64::INFINITY] {
            assert!(RegCovar::new(bad).is_err());
            assert!(LoopParams::new(0.0, bad, 10).is_err());
        }
        assert_eq!(RegCovar::new(0.0).unwrap(), RegCovar::ZERO);
        let l = LoopParams::new(1e-6, 0.0, 3).unwrap();
        assert!(!l.converged(-1.0, -1.0), "tol = 0 runs every iteration");
    }
}
