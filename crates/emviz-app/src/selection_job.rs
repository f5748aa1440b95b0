//! Choosing K in the background: a [`SelectionJob`] fits K = 1..K_max for one or more covariance
//! types in small pieces, so the page can run it between animation frames and never freeze.
//! Each [`SelectionJob::advance`] call does **one start** (k-means++ seeding + one EM run) of the
//! current (K, type) fit; after `n_init` starts the best is kept and the row is complete, exactly
//! as `GmmParams::fit` (one generator seeded from the seed, drawn from start after start) and
//! `emviz_core::select::selection_row` do. (A whole fit with several starts took up to ~100 ms in
//! wasm on a busy machine, too long for one slice.) Plain Rust, tested natively: after the last
//! `advance` each type's table is exactly what `emviz_core::select_k` (and so the CLI's
//! `emviz select`) gives for the same data and settings. The best K and type follow the
//! [`Criterion`] the panel ranks by (BIC, AIC or ICL; lower is better for each).

use emviz_core::driver::run;
use emviz_core::rules::{DEFAULTS, K_MAX, K_MIN};
use emviz_core::select::summarise;
use emviz_core::{
    rng_from_seed, BestStart, CovarianceType, Dataset, EmRng, GmmParams, GmmValidParams, Selection,
    SelectionRow,
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

/// One covariance type's finished table.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeSelection {
    /// `"full"`, `"diag"`, `"spherical"` or `"tied"`.
    pub covariance_type: CovarianceType,
    /// Rows K = 1..K_max, with the lowest BIC and AIC.
    pub selection: Selection,
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
    /// The next fit's covariance type (None when finished).
    pub next_type: Option<CovarianceType>,
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
    /// The covariance type of that fit.
    pub best_type: CovarianceType,
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
    /// The settings, checked once for K = 1 on `data`.
    template: GmmValidParams,
    types: Vec<CovarianceType>,
    k_max: usize,
    /// Finished rows, per type (filled type by type, K by K).
    rows: Vec<Vec<SelectionRow>>,
    /// The fit in progress (some of its starts done).
    current: Option<Starts>,
}

/// The starts of one (K, type) fit done so far.
#[derive(Clone, Debug)]
struct Starts {
    /// The fit's parameters (the template's with its K and type), checked once.
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

/// The covariance types a Choose K form names: `all` (every type, in the core's order) or one
/// type's name.
pub fn types_of(which: &str) -> Result<Vec<CovarianceType>, Error> {
    if which.trim().eq_ignore_ascii_case("all") {
        Ok(CovarianceType::ALL.to_vec())
    } else {
        Ok(vec![which.parse()?])
    }
}

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
    /// A job over `types` (not empty, no repeats) for K = 1..`k_max` (`k_max` at most the largest
    /// K of a run, [`K_MAX`], so that the K chosen can be used; capped at the number of points, as
    /// `select_k` does) with `template`'s settings (its `k` and covariance type are
    /// replaced per fit). Checks the settings once so a bad value is an error, not a table of
    /// failed rows.
    pub fn new(
        data: Dataset,
        template: GmmParams,
        types: Vec<CovarianceType>,
        k_max: usize,
    ) -> Result<Self, Error> {
        if !(K_MIN..=K_MAX).contains(&k_max) {
            return Err(Problem::KMaxRange { k_max, max: K_MAX }.into());
        }
        if types.is_empty() {
            return Err(Problem::NoCovarianceTypes.into());
        }
        if (1..types.len()).any(|i| types[..i].contains(&types[i])) {
            return Err(Problem::RepeatedCovarianceType.into());
        }
        let template = GmmParams { k: 1, ..template }.check(&data)?;
        let k_max = k_max.min(data.n());
        let rows = types.iter().map(|_| Vec::with_capacity(k_max)).collect();
        Ok(Self {
            data,
            template,
            types,
            k_max,
            rows,
            current: None,
        })
    }

    /// Fits in all: K_max per type.
    pub fn total(&self) -> usize {
        self.k_max * self.types.len()
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
            next_type: next.map(|(t, _)| self.types[t]),
            k_max: self.k_max,
            finished: next.is_none(),
        }
    }

    /// Largest K tried.
    pub fn k_max(&self) -> usize {
        self.k_max
    }

    /// The rows found so far, per type (for drawing while the job runs).
    pub fn partial(&self) -> Vec<(CovarianceType, &[SelectionRow])> {
        self.types
            .iter()
            .copied()
            .zip(self.rows.iter().map(Vec::as_slice))
            .collect()
    }

    /// Does one start of the current (K, type) fit, completing its row after the last start.
    /// Returns whether more work remains; does nothing once finished.
    pub fn advance(&mut self) -> bool {
        let Some((t, k)) = self.next() else {
            return false;
        };
        let covariance_type = self.types[t];
        let starts = match self.current.as_mut() {
            Some(starts) => starts,
            None => match self.template.with_k(k) {
                Ok(params) => self.current.insert(Starts {
                    rng: rng_from_seed(params.seed()),
                    params: params.with_covariance_type(covariance_type),
                    best: BestStart::new(),
                }),
                Err(e) => {
                    let row = SelectionRow::of(k, covariance_type, &self.data, Err(e));
                    self.rows[t].push(row);
                    return !self.finished();
                }
            },
        };
        let params = &starts.params;
        starts.best.offer(
            params
                .initial_model(&self.data, &mut starts.rng)
                .and_then(|m| run(&self.data, m, params.loop_params())),
        );
        if starts.best.tried() == params.n_init() {
            let starts = self.current.take().expect("a fit is in progress");
            let fit = starts.best.finish(|_| Vec::new());
            // The table row of a finished fit, as `emviz_core::select::selection_row` makes it.
            let row = SelectionRow::of(k, covariance_type, &self.data, fit);
            self.rows[t].push(row);
        }
        !self.finished()
    }

    /// The tables, the best fit the lowest of `criterion` (None until finished, or if no K of any
    /// type could be fitted).
    pub fn result(&self, criterion: Criterion) -> Option<Result<SelectionResult, Error>> {
        if !self.finished() {
            return None;
        }
        let mut types = Vec::with_capacity(self.types.len());
        let mut best: Option<(f64, usize, CovarianceType)> = None;
        let mut first_error = None;
        for (&covariance_type, rows) in self.types.iter().zip(&self.rows) {
            match summarise(rows.clone()) {
                Ok(selection) => {
                    let k = criterion.best(&selection);
                    let value = (selection.rows.iter())
                        .find(|r| r.k == k)
                        .and_then(|r| criterion.of(r))
                        .unwrap_or(f64::INFINITY);
                    if best.is_none_or(|(b, _, _)| value < b) {
                        best = Some((value, k, covariance_type));
                    }
                    types.push(TypeSelection {
                        covariance_type,
                        selection,
                    });
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Some(match (best, first_error) {
            (Some((_, best_k, best_type)), _) => Ok(SelectionResult {
                types,
                criterion,
                best_k,
                best_type,
                n_init: self.template.n_init(),
                seed: self.template.seed(),
            }),
            (None, Some(e)) => Err(e.into()),
            (None, None) => Err(Problem::NothingFitted.into()),
        })
    }
}
