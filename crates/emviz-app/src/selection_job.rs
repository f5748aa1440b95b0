//! Choosing K in the background: a [`SelectionJob`] fits K = 1..K_max for one or more covariance
//! types — or mclust's fourteen models ([`ModelName`]), as mclust's BIC plot — in small pieces, so the page can run it between animation frames and never freeze.
//! Each [`SelectionJob::advance`] call does **one start** (k-means++ seeding + one EM run) of the
//! current (K, type) fit; after `n_init` starts the best is kept and the row is complete, exactly
//! as `GmmParams::fit` (one generator seeded from the seed, drawn from start after start) and
//! `emviz_core::select::selection_row` do. (A whole fit with several starts took up to ~100 ms in
//! wasm on a busy machine, too long for one slice.) Plain Rust, tested natively: after the last
//! `advance` each type's table is exactly what `emviz_core::select_k` (and so the CLI's
//! `emviz select`) gives for the same data and settings, and over the models its cells and best
//! (model, K) are what `emviz_core::select_models` (`emviz select --models all`) gives. The best K
//! and type follow the [`Criterion`] the panel ranks by (BIC, AIC or ICL; lower is better for
//! each); over mclust's models a degenerate fit is shown but never the best.

use std::sync::Arc;

use emviz_core::driver::run_on;
use emviz_core::rules::{DEFAULTS, K_MAX, K_MIN};
use emviz_core::select::{lowest, summarise};
use emviz_core::{
    rng_from_seed, Best, BestStart, CovarianceType, Dataset, EmRng, GmmParams, GmmValidParams,
    InMemory, ModelName, ModelRow, Selection, SelectionRow, Weights,
};

use crate::error::{Error, Field, Problem};
use crate::settings::{whole, Settings};

/// What Choose K ranks the fits by: the core's criteria ([`emviz_core::criteria`]), each lower
/// is better. BIC is the page's first choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Criterion {
    /// Bayesian information criterion.
    #[default]
    Bic,
    /// Akaike information criterion.
    Aic,
    /// Integrated completed likelihood (mclust's: BIC plus twice the classification's entropy).
    Icl,
}

impl Criterion {
    /// Every criterion, in the order the panel offers them.
    pub const ALL: [Criterion; 3] = [Criterion::Bic, Criterion::Aic, Criterion::Icl];

    /// The core's reading of this criterion from a row.
    pub fn getter(self) -> fn(&SelectionRow) -> Option<f64> {
        match self {
            Criterion::Bic => |r| r.bic,
            Criterion::Aic => |r| r.aic,
            Criterion::Icl => |r| r.icl,
        }
    }

    /// The row's value of this criterion (None for a failed fit).
    pub fn of(self, row: &SelectionRow) -> Option<f64> {
        match self {
            Criterion::Bic => row.bic,
            Criterion::Aic => row.aic,
            Criterion::Icl => row.icl,
        }
    }

    /// The K of a table with the lowest value of this criterion.
    pub fn best(self, selection: &Selection) -> usize {
        match self {
            Criterion::Bic => selection.best_bic,
            Criterion::Aic => selection.best_aic,
            Criterion::Icl => selection.best_icl,
        }
    }
}

/// What a Choose K job fits: scikit-learn's covariance types or mclust's models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fits {
    /// Some of scikit-learn's four types (mclust's VVV, EEE, VVI, VII), named as scikit-learn
    /// names them; the best is the lowest fit, degenerate or not (as `select_k`).
    Types(Vec<CovarianceType>),
    /// Some of mclust's models; a degenerate fit is never the best (as `select_models`).
    Models(Vec<ModelName>),
}

impl Fits {
    /// The models fitted, in order.
    fn models(&self) -> Vec<ModelName> {
        match self {
            Fits::Types(types) => types
                .iter()
                .map(|&t| ModelName::of_covariance_type(t))
                .collect(),
            Fits::Models(models) => models.clone(),
        }
    }

    /// Whether this is a choice among mclust's models.
    pub fn is_models(&self) -> bool {
        matches!(self, Fits::Models(_))
    }
}

/// One covariance type's (or model's) finished table.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeSelection {
    /// The model fitted.
    pub model: ModelName,
    /// What the panel calls it: `"full"`, `"diag"`, `"spherical"`, `"tied"` for scikit-learn's
    /// types, else mclust's name (`"VEV"`).
    pub label: &'static str,
    /// Rows K = 1..K_max, with the lowest BIC and AIC.
    pub selection: Selection,
    /// Per row, whether its fit is degenerate ([`ModelRow::degenerate`]).
    pub degenerate: Vec<bool>,
}

/// Where the job is, for the progress line.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Fits done.
    pub done: usize,
    /// Fits in all.
    pub total: usize,
    /// Starts done (each fit has `n_init`), for a finer progress bar.
    pub starts_done: usize,
    /// Starts in all.
    pub starts_total: usize,
    /// The next fit's K (None when finished).
    pub next_k: Option<usize>,
    /// The next fit's type or model, as the panel names it (None when finished).
    pub next_type: Option<&'static str>,
    /// Largest K tried.
    pub k_max: usize,
    /// Whether every fit is done.
    pub finished: bool,
}

/// The finished job: one table per type, and the best K and type over all of them by the
/// criterion asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionResult {
    /// One table per covariance type, in the order asked for.
    pub types: Vec<TypeSelection>,
    /// What the best fit is the lowest of.
    pub criterion: Criterion,
    /// K with the lowest value of `criterion` over every type.
    pub best_k: usize,
    /// The model of that fit.
    pub best_model: ModelName,
    /// What the panel calls it (as [`TypeSelection::label`]).
    pub best_label: &'static str,
    /// Whether the fits were mclust's models.
    pub models: bool,
    /// Starts per fit.
    pub n_init: usize,
    /// The seed of every fit.
    pub seed: u64,
}

/// Fits K = 1..K_max per covariance type, one fit per [`advance`](Self::advance).
#[derive(Clone, Debug)]
pub struct SelectionJob {
    /// A copy of the data when the job started (the page's data may change meanwhile).
    data: Dataset,
    /// The points' sample weights, if the data have them: every fit and criterion is weighted.
    weights: Option<Arc<Weights>>,
    /// The data's column variances, for the fits' component warnings (as the core's fit).
    var: Vec<f64>,
    /// The settings, checked once for K = 1 on `data`.
    template: GmmValidParams,
    fits: Fits,
    /// The models of `fits`, in order.
    models: Vec<ModelName>,
    k_max: usize,
    /// Finished cells, per model (filled model by model, K by K).
    rows: Vec<Vec<ModelRow>>,
    /// The fit in progress (some of its starts done).
    current: Option<Starts>,
}

/// The starts of one (K, type) fit done so far.
#[derive(Clone, Debug)]
struct Starts {
    /// The fit's parameters (the template's with its K and model), checked once.
    params: GmmValidParams,
    /// Seeded once per fit from the job's seed; every start draws on from it.
    rng: EmRng,
    /// The best of them, as `GmmParams::fit` keeps it.
    best: BestStart,
}

/// Most starts per fit the page offers.
pub const MAX_N_INIT: usize = 20;
/// Starts per fit the page offers first.
pub const DEFAULT_N_INIT: usize = 3;

/// What a Choose K form names: `all` (every covariance type, in the core's order), `mclust`
/// (mclust's fourteen models, in mclust's order) or one type's name.
pub fn types_of(which: &str) -> Result<Fits, Error> {
    let which = which.trim();
    if which.eq_ignore_ascii_case("all") {
        Ok(Fits::Types(CovarianceType::ALL.to_vec()))
    } else if which.eq_ignore_ascii_case(MCLUST) {
        Ok(Fits::Models(ModelName::ALL.to_vec()))
    } else {
        Ok(Fits::Types(vec![which.parse()?]))
    }
}

/// The Choose K form's name for mclust's fourteen models.
pub const MCLUST: &str = "mclust";

/// The fits' settings for a run's `settings` and `n_init` starts (as typed in the form, a whole
/// number from 1 to [`MAX_N_INIT`]): k-means++ starts from the run's seed, tolerance and
/// iteration limit, and its `reg_covar` (at least the default, [`DEFAULTS`]: K up to 10 needs it, and
/// the book's start has 0) — the same as `emviz select --n-init N --seed S --tol T --max-iter M
/// --reg-covar R`.
pub fn template(settings: &Settings, n_init: &str) -> Result<GmmParams, Problem> {
    let n_init = whole(Field::Starts, n_init, 1, MAX_N_INIT as u64)? as usize;
    Ok(GmmParams::new(1)
        .init(emviz_core::Init::KMeansPlusPlus)
        .n_init(n_init)
        .seed(settings.seed)
        .tol(settings.tol)
        .max_iter(settings.max_iter)
        .reg_covar(settings.reg_covar.max(DEFAULTS.reg_covar)))
}

impl SelectionJob {
    /// A job over `fits` (not empty, no repeats) for K = 1..`k_max` (`k_max` at most the largest
    /// K of a run, [`K_MAX`], so that the K chosen can be used; capped at the number of points, as
    /// `select_k` does) with `template`'s settings (its `k` and covariance type are
    /// replaced per fit). Checks the settings once so a bad value is an error, not a table of
    /// failed rows.
    pub fn new(
        data: Dataset,
        template: GmmParams,
        fits: Fits,
        k_max: usize,
    ) -> Result<Self, Error> {
        let models = fits.models();
        if !(K_MIN..=K_MAX).contains(&k_max) {
            return Err(Problem::KMaxRange { k_max, max: K_MAX }.into());
        }
        if models.is_empty() {
            return Err(Problem::NoCovarianceTypes.into());
        }
        if (1..models.len()).any(|i| models[..i].contains(&models[i])) {
            return Err(Problem::RepeatedCovarianceType.into());
        }
        let template = GmmParams { k: 1, ..template }.check(&data)?;
        let k_max = k_max.min(data.n());
        let rows = models.iter().map(|_| Vec::with_capacity(k_max)).collect();
        Ok(Self {
            var: data.column_variances(),
            data,
            weights: None,
            template,
            fits,
            models,
            k_max,
            rows,
            current: None,
        })
    }

    /// The job with every fit weighted by `weights` (one per point of its data), as
    /// `emviz_core::select_models(data, Some(weights), …)` fits them.
    pub fn weighted(self, weights: Option<Arc<Weights>>) -> Result<Self, Error> {
        if let Some(w) = &weights {
            w.check_len(self.data.n())?;
        }
        Ok(Self { weights, ..self })
    }

    /// Fits in all: K_max per type.
    pub fn total(&self) -> usize {
        self.k_max * self.models.len()
    }

    /// What the panel calls `model`: scikit-learn's name when the job is over the types.
    pub fn label(&self, model: ModelName) -> &'static str {
        match (&self.fits, model.covariance_type()) {
            (Fits::Types(_), Some(t)) => t.name(),
            _ => model.name(),
        }
    }

    /// Whether the job is over mclust's models.
    pub fn is_models(&self) -> bool {
        self.fits.is_models()
    }

    /// Fits done so far.
    pub fn done(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// Whether every fit is done.
    pub fn finished(&self) -> bool {
        self.done() == self.total()
    }

    /// The next fit: (type index, K).
    fn next(&self) -> Option<(usize, usize)> {
        let done = self.done();
        (done < self.total()).then(|| (done / self.k_max, done % self.k_max + 1))
    }

    /// Where the job is.
    pub fn progress(&self) -> Progress {
        let next = self.next();
        let n_init = self.template.n_init();
        Progress {
            done: self.done(),
            total: self.total(),
            starts_done: self.done() * n_init + self.current.as_ref().map_or(0, |c| c.best.tried()),
            starts_total: self.total() * n_init,
            next_k: next.map(|(_, k)| k),
            next_type: next.map(|(t, _)| self.label(self.models[t])),
            k_max: self.k_max,
            finished: next.is_none(),
        }
    }

    /// Largest K tried.
    pub fn k_max(&self) -> usize {
        self.k_max
    }

    /// The cells found so far, per model (for drawing while the job runs).
    pub fn partial(&self) -> Vec<(ModelName, &[ModelRow])> {
        self.models
            .iter()
            .copied()
            .zip(self.rows.iter().map(Vec::as_slice))
            .collect()
    }

    /// Every cell found so far, model by model, K by K (the table of `select_models`).
    pub fn cells(&self) -> Vec<ModelRow> {
        self.rows.concat()
    }

    /// Does one start of the current (K, type) fit, completing its row after the last start.
    /// Returns whether more work remains; does nothing once finished.
    pub fn advance(&mut self) -> bool {
        let Some((t, k)) = self.next() else {
            return false;
        };
        let model = self.models[t];
        let starts = match self.current.as_mut() {
            Some(starts) => starts,
            None => match self.template.with_model(model).with_k(k) {
                Ok(params) => self.current.insert(Starts {
                    rng: rng_from_seed(params.seed()),
                    params,
                    best: BestStart::new(),
                }),
                Err(e) => {
                    let row = ModelRow::of(model, k, &self.data, self.weights(), Err(e));
                    self.rows[t].push(row);
                    return !self.finished();
                }
            },
        };
        let params = &starts.params;
        // One start as `GmmValidParams::fit_weighted_with_rng` makes it (the data are never
        // more than the core's INIT_SAMPLE: the starts are drawn from the data themselves).
        let weights = self.weights.as_deref();
        let source = InMemory::new(&self.data, 1).weighted_by(weights);
        let outcome = source.and_then(|mut source| {
            params
                .initial_model_weighted(&self.data, weights.map(Weights::values), &mut starts.rng)
                .and_then(|m| run_on(&mut source, m, params.loop_params()))
        });
        starts.best.offer(outcome);
        if starts.best.tried() == params.n_init() {
            let starts = self.current.take().expect("a fit is in progress");
            let (n, var) = (self.data.n(), &self.var);
            let fit = starts.best.finish(|m| m.warnings_for(n, var));
            // The cell of a finished fit, as `emviz_core::select` makes it.
            let row = ModelRow::of(model, k, &self.data, self.weights(), fit);
            self.rows[t].push(row);
        }
        !self.finished()
    }

    /// The points' sample weights the fits take, if any.
    pub fn weights(&self) -> Option<&Weights> {
        self.weights.as_deref()
    }

    /// The tables, the best fit the lowest of `criterion` (None until finished, or if no K of any
    /// type could be fitted).
    pub fn result(&self, criterion: Criterion) -> Option<Result<SelectionResult, Error>> {
        if !self.finished() {
            return None;
        }
        let mut types = Vec::with_capacity(self.models.len());
        let mut first_error = None;
        for (&model, cells) in self.models.iter().zip(&self.rows) {
            match summarise(cells.iter().map(|c| c.row.clone()).collect()) {
                Ok(selection) => types.push(TypeSelection {
                    model,
                    label: self.label(model),
                    selection,
                    degenerate: cells.iter().map(|c| c.degenerate).collect(),
                }),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let best = self.best(criterion);
        Some(match (best, first_error) {
            (Some(best), _) => Ok(SelectionResult {
                types,
                criterion,
                best_k: best.k,
                best_model: best.model,
                best_label: self.label(best.model),
                models: self.is_models(),
                n_init: self.template.n_init(),
                seed: self.template.seed(),
            }),
            (None, Some(e)) => Err(e.into()),
            (None, None) => Err(Problem::NothingFitted.into()),
        })
    }

    /// The best (model, K) found so far by `criterion` (over mclust's models, never a degenerate
    /// fit).
    pub fn best(&self, criterion: Criterion) -> Option<Best> {
        lowest(&self.cells(), criterion.getter(), self.is_models())
    }
}
