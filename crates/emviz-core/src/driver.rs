//! EM's loop, written once, driving any pass over the data: [`drive`].
//!
//! Each iteration is an M-step from the sums of one pass ([`Stats`]) and the pass under the new
//! parameters; the loop stops by the book's rule ([`crate::rules::converged`]) or after
//! `max_iter` iterations. Where the points live is the caller's business: the pass is a closure
//! that returns the merged statistics of the whole data set under the parameters it is given —
//! one thread or many ([`run_on`] over a [`Source`]: memory, a file streamed from disk), Web
//! Workers, or a cluster (Spark's executors, merged on its driver). So every face runs this loop,
//! with its convergence rule, iteration count and recorded values, and none keeps a copy.
//!
//! The loop records its values in one of two orders ([`Order`]):
//!
//! * [`Order::Book`] — the core's fits, the CLI and the page: the trace holds ℓ(θ₀), ℓ(θ₁), …,
//!   ℓ(θₙ) (mean log-likelihoods), and the loop stops after the iteration whose new parameters
//!   θₙ changed ℓ by less than `tol`, returning θₙ.
//! * [`Order::ScikitLearn`] — scikit-learn's `GaussianMixture` (the Python estimator and Spark's):
//!   iteration i records the "lower bound" ℓ(θᵢ₋₁) of the parameters its E-step used, and stops
//!   when that changed by less than `tol`, returning θᵢ — one M-step past the parameters whose ℓ
//!   met the rule. So it makes no pass under its last parameters.
//!
//! ```
//! use emviz_core::driver::{drive, Order};
//! use emviz_core::{parse_table, GmmParams, Init, InMemory, ParseOptions, Source};
//! let data = parse_table("0 0\n0.2 0.1\n5 5\n5.1 4.9\n", &ParseOptions::default()).unwrap();
//! let params = GmmParams::new(2)
//!     .init(Init::Means { means: vec![0.0, 0.0, 5.0, 5.0], covariances: None, weights: None })
//!     .check(&data)
//!     .unwrap();
//! let start = params.initial_model(&data, &mut emviz_core::rng_from_seed(0)).unwrap();
//! // The pass could run anywhere; here it is the in-memory one.
//! let mut source = InMemory::new(&data, 1);
//! let out = drive(start, params.loop_params(), Order::Book, |model, empty| {
//!     source.pass(model, empty)
//! })
//! .unwrap();
//! assert!(out.converged && out.trace.len() == out.n_iter + 1);
//! ```

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::mixture::Mixture;
use crate::params::LoopParams;
use crate::source::{InMemory, Source};
use crate::stats::{MStep, Stats};

/// Which values the loop records and compares (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Order {
    /// The book's: ℓ of the start and of every iteration's new parameters.
    Book,
    /// scikit-learn's: iteration i records ℓ(θᵢ₋₁) and compares it with the value before.
    ScikitLearn {
        /// The value the first iteration's is compared with: −∞, or the previous fit's last
        /// lower bound when it goes on from there (`warm_start`).
        start_bound: f64,
        /// Added to the first iteration's value only: ln Σⱼ φⱼ of the start's weights before they
        /// were normalised (scikit-learn's starting weights `nₖ / n` need not sum to 1, and its
        /// first E-step uses them as they are). 0 for a normalised start.
        first_shift: f64,
    },
}

/// What a loop ends with.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// Final parameters.
    pub model: Mixture,
    /// The values the stopping rule compared, in [`Order`]'s sense: the book's trace (ℓ at the
    /// start and after every iteration), or scikit-learn's lower bounds (one per iteration).
    pub trace: Vec<f64>,
    /// Iterations done (M-steps).
    pub n_iter: usize,
    /// Whether the stopping rule was met (before `max_iter`, or at it).
    pub converged: bool,
}

/// EM from `start` with the pass `pass`, until the stopping rule of `params` is met or
/// `params.max_iter()` iterations have run, recording values in `order`.
///
/// `pass(model, empty)` must return the statistics of one pass under `model` over every point,
/// accumulated into (a copy of) `empty` and merged in a fixed order: `empty` is
/// [`Stats::empty`]`(model)`, or — rarely, when the sums about the old means lost too many digits
/// ([`MStep::Again`]) — the statistics about the new means that the same pass must fill instead.
/// Its errors (`E`, anything a core [`Error`] converts into) end the loop and are returned, as are
/// the loop's own (a collapsed component).
pub fn drive<E: From<Error>>(
    start: Mixture,
    params: &LoopParams,
    order: Order,
    mut pass: impl FnMut(&Mixture, &Stats) -> std::result::Result<Stats, E>,
) -> std::result::Result<RunOutcome, E> {
    let mut model = start;
    let mut stats = pass(&model, &Stats::empty(&model))?;
    let mut trace = Vec::new();
    let mut last = match order {
        Order::Book => {
            trace.push(stats.mean_log_likelihood());
            stats.mean_log_likelihood()
        }
        Order::ScikitLearn { start_bound, .. } => start_bound,
    };
    let mut converged = false;
    let mut n_iter = 0;
    while n_iter < params.max_iter() {
        let before = stats.mean_log_likelihood();
        model = m_step(&mut pass, &model, &stats, params)?;
        n_iter += 1;
        let value = match order {
            Order::Book => {
                // The E-step under the new parameters gives their log-likelihood and the next
                // sums.
                stats = pass(&model, &Stats::empty(&model))?;
                stats.mean_log_likelihood()
            }
            Order::ScikitLearn { first_shift, .. } => {
                before + if n_iter == 1 { first_shift } else { 0.0 }
            }
        };
        trace.push(value);
        if params.converged(last, value) {
            converged = true;
            break;
        }
        last = value;
        if matches!(order, Order::ScikitLearn { .. }) && n_iter < params.max_iter() {
            stats = pass(&model, &Stats::empty(&model))?;
        }
    }
    Ok(RunOutcome {
        model,
        trace,
        n_iter,
        converged,
    })
}

/// The M-step from the statistics of a pass under `model`, making that pass again about the new
/// means when its sums lost too many digits ([`MStep::Again`]).
fn m_step<E: From<Error>>(
    pass: &mut impl FnMut(&Mixture, &Stats) -> std::result::Result<Stats, E>,
    model: &Mixture,
    stats: &Stats,
    params: &LoopParams,
) -> std::result::Result<Mixture, E> {
    match stats.m_step_with(params.reg_covar())? {
        MStep::Model(next) => Ok(next),
        // Sums about the new means need no second pass: their M-step is the model.
        MStep::Again(empty) => Ok(pass(model, &empty)?.next_model(params.reg_covar())?),
    }
}

/// [`drive`] in the book's order over a [`Source`] (threads, a file streamed from disk): what
/// every fit of the core runs.
pub fn run_on<S: Source + ?Sized>(
    source: &mut S,
    start: Mixture,
    params: &LoopParams,
) -> Result<RunOutcome> {
    if start.d() != source.d() {
        return Err(Invalid::SourceDimensions {
            model: start.d(),
            data: source.d(),
        }
        .into());
    }
    drive(start, params, Order::Book, |model, empty| {
        source.pass(model, empty)
    })
}

/// [`run_on`] over `data` in memory, on one thread.
pub fn run(data: &Dataset, start: Mixture, params: &LoopParams) -> Result<RunOutcome> {
    start.check_data(data)?;
    run_on(&mut InMemory::new(data, 1), start, params)
}
