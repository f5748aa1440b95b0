//! Fitting a mixture: [`GmmValidParams::fit`] (the checked parameters of [`crate::params`]; a
//! [`GmmParams`] is checked once on the way, [`GmmParams::fit`]) and the [`Fit`] it returns;
//! `n_init`'s rule ([`BestStart`]); the uniform sample large data's starts are drawn from
//! ([`Reservoir`]).

use rand::Rng;

use crate::data::Dataset;
use crate::driver::{run_on, RunOutcome};
use crate::error::{Error, Invalid, Result};
use crate::mixture::{ComponentWarning, Mixture};
use crate::params::{GmmParams, GmmValidParams};
use crate::rng::{rng_from_seed, EmRng};
use crate::source::{InMemory, Source};
use crate::weights::Weights;

impl GmmParams {
    /// Checks the parameters against `data` ([`GmmParams::check`]) and fits them.
    pub fn fit(&self, data: &Dataset) -> Result<Fit> {
        self.check(data)?.fit(data)
    }
}

impl GmmValidParams {
    /// Fits with a generator seeded from the seed.
    pub fn fit(&self, data: &Dataset) -> Result<Fit> {
        self.fit_with_rng(data, &mut rng_from_seed(self.seed()))
    }

    /// [`GmmValidParams::fit`] with a sample weight per point ([`crate::weights`]: every sum of
    /// every pass takes each point's contribution times its weight, the starts honour them, the
    /// log-likelihoods are weighted means).
    pub fn fit_weighted(&self, data: &Dataset, weights: &Weights) -> Result<Fit> {
        self.fit_weighted_with_rng(data, Some(weights), &mut rng_from_seed(self.seed()))
    }

    /// Fits `n_init` times drawing from `rng`, keeping the best final log-likelihood. A start
    /// that fails (a collapsed component) is skipped; if all fail, the first error is returned.
    ///
    /// Starts are drawn from the data itself when it has at most [`INIT_SAMPLE`] points, else
    /// from a uniform sample of that many ([`Reservoir`], drawn from `rng` first), so that the
    /// same file fitted in memory or streamed from disk starts from the same parameters.
    pub fn fit_with_rng(&self, data: &Dataset, rng: &mut EmRng) -> Result<Fit> {
        self.fit_weighted_with_rng(data, None, rng)
    }

    /// [`GmmValidParams::fit_with_rng`], weighted when `weights` are given (the sample starts
    /// are drawn from keeps its points' weights, with the same draws as without them).
    pub fn fit_weighted_with_rng(
        &self,
        data: &Dataset,
        weights: Option<&Weights>,
        rng: &mut EmRng,
    ) -> Result<Fit> {
        let (sample, sample_weights) = start_sample(data, weights, rng)?;
        let var = data.column_variances();
        let mut source = InMemory::new(data, self.threads()).weighted_by(weights)?;
        self.fit_on_weighted(
            &mut source,
            sample.as_ref().unwrap_or(data),
            sample_weights.as_deref(),
            rng,
            |m| m.warnings_for(data.n(), &var),
        )
    }

    /// The fit over any [`Source`] of points: starts drawn from `sample` (the data, or a uniform
    /// sample of it), EM passes over `source` ([`run_on`]), component warnings from `warnings`.
    pub fn fit_on<S: Source + ?Sized>(
        &self,
        source: &mut S,
        sample: &Dataset,
        rng: &mut EmRng,
        warnings: impl Fn(&Mixture) -> Vec<ComponentWarning>,
    ) -> Result<Fit> {
        self.fit_on_weighted(source, sample, None, rng, warnings)
    }

    /// [`GmmValidParams::fit_on`] whose starts honour the sample's weights (one per point of
    /// `sample`, checked; see [`crate::init`]); the source's passes weigh its points themselves.
    pub fn fit_on_weighted<S: Source + ?Sized>(
        &self,
        source: &mut S,
        sample: &Dataset,
        sample_weights: Option<&[f64]>,
        rng: &mut EmRng,
        warnings: impl Fn(&Mixture) -> Vec<ComponentWarning>,
    ) -> Result<Fit> {
        let mut best = BestStart::new();
        for _ in 0..self.n_init() {
            best.offer(
                self.initial_model_weighted(sample, sample_weights, rng)
                    .and_then(|m| run_on(source, m, self.loop_params())),
            );
        }
        best.finish(warnings)
    }
}

/// The points a fit's starts are drawn from, and their weights when weighted: `None` for the
/// data itself (at most [`INIT_SAMPLE`] points; its weights are `weights`), else a uniform
/// sample of [`INIT_SAMPLE`] rows ([`Reservoir`], drawn from `rng`) — each row carrying its
/// weight as one more column when weighted, so the draws are the same with weights or without.
pub(crate) fn start_sample(
    data: &Dataset,
    weights: Option<&Weights>,
    rng: &mut EmRng,
) -> Result<(Option<Dataset>, Option<Vec<f64>>)> {
    if data.n() <= INIT_SAMPLE {
        return Ok((None, weights.map(|w| w.values().to_vec())));
    }
    let d = data.d();
    let mut r = Reservoir::new(d + usize::from(weights.is_some()), INIT_SAMPLE);
    match weights {
        None => {
            data.rows().for_each(|row| r.push(row, rng));
            Ok((Some(r.into_dataset(data.names().to_vec())?), None))
        }
        Some(w) => {
            let mut row_w = vec![0.0; d + 1];
            for (row, &wi) in data.rows().zip(w.values()) {
                row_w[..d].copy_from_slice(row);
                row_w[d] = wi;
                r.push(&row_w, rng);
            }
            let (values, sw) = r.split_last_column();
            Ok((Some(Dataset::new(data.names().to_vec(), values)?), Some(sw)))
        }
    }
}

/// The best of a fit's starts, taken one start at a time: what `n_init` means. The best final
/// mean log-likelihood wins (the first of equals); a start that fails (a collapsed component) is
/// skipped and counted; if every start fails, the first error is the fit's. [`GmmValidParams::fit_on`]
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

/// The last value of the outcome's trace (the book's order always has one: the start's; NaN,
/// which never wins, for a trace without values).
fn final_log_likelihood(o: &RunOutcome) -> f64 {
    o.trace.last().copied().unwrap_or(f64::NAN)
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

    /// The sample's last column split off: (the other columns, row-major; the last one), for a
    /// reservoir of rows that carry their weight as a last column.
    pub fn split_last_column(self) -> (Vec<f64>, Vec<f64>) {
        let d = self.d;
        let mut values = Vec::with_capacity(self.values.len() / d * (d - 1));
        let mut last = Vec::with_capacity(self.values.len() / d);
        for row in self.values.chunks_exact(d) {
            values.extend_from_slice(&row[..d - 1]);
            last.push(row[d - 1]);
        }
        (values, last)
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
