//! The concentration panel (scikit-learn's example "Concentration Prior Type Analysis of
//! Variation Bayesian Gaussian Mixture", live): variational Bayes's weight concentration prior
//! γ₀ (Dirichlet process) or α₀ (Dirichlet distribution), [`crate::settings::Settings::concentration`],
//! on a log-scale slider of [`stops`], and a [`Sweep`]: how many components stay in use
//! (E[πₖ] > [`IN_USE_WEIGHT`]) after a whole VB fit from the page's start, for every value of
//! [`grid`] and both weight priors. A small prior leaves few components any weight — the
//! Dirichlet process switches the surplus off more sharply — a large one spreads the weights
//! over all K.
//!
//! The sweep is [`SWEEP_FITS`] fits, made a few at a time (the page asks for more each frame);
//! on large data they run on an evenly spaced subset of at most [`rows_for`] rows (the panel
//! says so), and the [`Cache`] keeps the sweep while the data, the settings (but the
//! concentration and the method) and the start stay the same. On weighted data each fit is
//! weighted as the page's VB run is ([`crate::vb_run::VbRun::new_weighted`]).

use std::sync::Arc;

use emviz_core::vb_prior::VbPrior;
use emviz_core::{
    vb_driver, Dataset, InMemory, Invalid, LoopParams, Mixture, PriorName, Source, WeightPrior,
    Weights,
};

use crate::error::Error;
use crate::settings::{Method, Settings};
use crate::vb_run::IN_USE_WEIGHT;

/// The slider's range: 10^`LOWEST_DECADE` … 10^`HIGHEST_DECADE`.
pub const LOWEST_DECADE: i32 = -3;
/// See [`LOWEST_DECADE`].
pub const HIGHEST_DECADE: i32 = 3;
/// The slider's stops in a decade.
pub const STOPS_PER_DECADE: usize = 10;
/// Every how many stops the sweep fits (half a decade).
const SWEEP_EVERY: usize = 5;
/// Fits in a sweep: the [`grid`]'s values times the two weight priors.
pub const SWEEP_FITS: usize = 2 * 13;
/// The sweep's work budget: rows × K × d² of one pass.
const WORK_BUDGET: usize = 30_000;
/// The fewest rows a subset keeps, whatever K and d.
const MIN_ROWS: usize = 200;
/// Fits made per look at the panel (one fit: at most a frame's work on the budget's rows).
pub const FITS_PER_LOOK: usize = 1;
/// The most iterations of one of the sweep's fits (the page's run may allow far more).
pub const SWEEP_MAX_ITER: usize = 500;

/// `value` if it is a concentration prior: a finite number above 0 (the core's rule, its
/// message in every language).
pub fn check(value: f64) -> Result<f64, Error> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(Invalid::PriorNotPositive {
            prior: PriorName::WeightConcentration,
            value,
        }
        .into())
    }
}

/// The slider's values, from 10⁻³ to 10³, [`STOPS_PER_DECADE`] a decade, each rounded to three
/// significant digits (so they read and travel in links as written: 0.00126, 1000).
pub fn stops() -> Vec<f64> {
    let decades = (HIGHEST_DECADE - LOWEST_DECADE) as usize;
    (0..=decades * STOPS_PER_DECADE)
        .map(|i| {
            let exponent = LOWEST_DECADE as f64 + i as f64 / STOPS_PER_DECADE as f64;
            let v = 10f64.powf(exponent);
            format!("{v:.2e}")
                .parse()
                .expect("a number written by Rust")
        })
        .collect()
}

/// The sweep's values: every [`SWEEP_EVERY`]th stop (half decades: 0.001, 0.00316, …, 1000).
pub fn grid() -> Vec<f64> {
    stops().into_iter().step_by(SWEEP_EVERY).collect()
}

/// Where `value` sits on the slider, in stops from the first (fractional; clamped to the ends).
pub fn position(value: f64) -> f64 {
    let last = stops().len() - 1;
    let at = (value.log10() - LOWEST_DECADE as f64) * STOPS_PER_DECADE as f64;
    at.clamp(0.0, last as f64)
}

/// The stop nearest to `value`.
pub fn nearest_stop(value: f64) -> usize {
    position(value).round() as usize
}

/// How many rows of `n` the sweep fits for K components in d columns: all of them within
/// [`WORK_BUDGET`], else an evenly spaced subset.
pub fn rows_for(n: usize, k: usize, d: usize) -> usize {
    let per_row = (k * d * d).max(1);
    n.min((WORK_BUDGET / per_row).max(MIN_ROWS))
}

/// The components in use against the concentration prior, for both weight priors, each a whole
/// VB fit from the same start, made a few fits at a time ([`Sweep::advance`]) so that the page
/// draws the lines as they grow and never freezes.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The concentration priors fitted ([`grid`]).
    pub values: Vec<f64>,
    /// One line per weight prior, in [`WeightPrior::ALL`]'s order.
    pub lines: Vec<SweepLine>,
    /// The rows fitted (all `n`, or an evenly spaced subset).
    pub rows: usize,
    /// The data's rows.
    pub n: usize,
    /// Fits made so far, value by value (both weight priors of a value, then the next value).
    pub fitted: usize,
    /// The rows fitted, when a subset.
    subset: Option<Dataset>,
    /// The sample weights of the rows fitted (`None` unweighted, or all 1).
    weights: Option<Arc<Weights>>,
    params: LoopParams,
}

impl Sweep {
    /// A sweep on `data` from `start` with the stopping rule and reg_covar of `settings`, no fit
    /// made yet.
    pub fn start(data: &Dataset, start: &Mixture, settings: &Settings) -> Result<Sweep, Error> {
        Self::start_weighted(data, None, start, settings)
    }

    /// [`Sweep::start`] on `data` whose points carry the sample weights `weights` (one per
    /// point; a subset keeps its rows' weights).
    pub fn start_weighted(
        data: &Dataset,
        weights: Option<&Arc<Weights>>,
        start: &Mixture,
        settings: &Settings,
    ) -> Result<Sweep, Error> {
        let rows = rows_for(data.n(), start.k(), data.d());
        let subset = subset(data, rows)?;
        let weights = match (weights.filter(|w| !w.all_one()), every(data.n(), rows)) {
            (None, _) => None,
            (Some(w), None) => Some(w.clone()),
            (Some(w), Some(every)) => {
                let kept: Vec<f64> = w.values().iter().step_by(every).copied().collect();
                let n = kept.len();
                Some(Arc::new(Weights::new(kept, n)?))
            }
        };
        let params = LoopParams::new(
            settings.reg_covar,
            settings.tol,
            settings.max_iter.min(SWEEP_MAX_ITER),
        )?;
        let values = grid();
        let lines = (WeightPrior::ALL.into_iter())
            .map(|prior| SweepLine {
                prior,
                counts: vec![None; values.len()],
            })
            .collect();
        Ok(Sweep {
            values,
            lines,
            rows: subset.as_ref().map_or(data.n(), Dataset::n),
            n: data.n(),
            fitted: 0,
            subset,
            weights,
            params,
        })
    }

    /// The whole sweep at once.
    pub fn new(data: &Dataset, start: &Mixture, settings: &Settings) -> Result<Sweep, Error> {
        Self::new_weighted(data, None, start, settings)
    }

    /// The whole sweep at once on weighted data ([`Sweep::start_weighted`]).
    pub fn new_weighted(
        data: &Dataset,
        weights: Option<&Arc<Weights>>,
        start: &Mixture,
        settings: &Settings,
    ) -> Result<Sweep, Error> {
        let mut sweep = Sweep::start_weighted(data, weights, start, settings)?;
        sweep.advance(data, start, SWEEP_FITS);
        Ok(sweep)
    }

    /// Fits in all.
    pub fn total(&self) -> usize {
        self.lines.len() * self.values.len()
    }

    /// Whether every fit is made.
    pub fn finished(&self) -> bool {
        self.fitted >= self.total()
    }

    /// Makes up to `fits` more fits on `data` (the data the sweep was started on) from `start`.
    pub fn advance(&mut self, data: &Dataset, start: &Mixture, fits: usize) {
        let fitted = self.subset.as_ref().unwrap_or(data);
        let priors = self.lines.len();
        for _ in 0..fits {
            if self.finished() {
                break;
            }
            let (value, line) = (self.fitted / priors, self.fitted % priors);
            let line = &mut self.lines[line];
            let c = self.values[value];
            let weights = self.weights.as_deref();
            line.counts[value] =
                in_use_after_fit(fitted, weights, start, line.prior, c, &self.params).ok();
            self.fitted += 1;
        }
    }

    /// Whether the sweep fitted a subset of the rows.
    pub fn is_subset(&self) -> bool {
        self.rows < self.n
    }
}

/// One weight prior's line of a [`Sweep`].
#[derive(Clone, Debug, PartialEq)]
pub struct SweepLine {
    /// The weight prior.
    pub prior: WeightPrior,
    /// The components in use after the fit with each of the sweep's values (`None`: not fitted
    /// yet, or the fit failed, e.g. a component collapsed).
    pub counts: Vec<Option<usize>>,
}

/// Which rows of `n` a subset of `rows` keeps: every ⌈n / rows⌉-th (`None`: all of them).
fn every(n: usize, rows: usize) -> Option<usize> {
    (rows < n).then(|| n.div_ceil(rows))
}

/// Every [`every`]-th row of `data` (`None`: all rows are within the budget).
fn subset(data: &Dataset, rows: usize) -> Result<Option<Dataset>, Error> {
    let Some(every) = every(data.n(), rows) else {
        return Ok(None);
    };
    let values: Vec<f64> = (data.rows().step_by(every)).flatten().copied().collect();
    Ok(Some(Dataset::new(data.names().to_vec(), values)?))
}

/// The components in use (E[πₖ] > [`IN_USE_WEIGHT`]) after a whole VB fit on `data` (its points
/// weighted by `weights` when given) from `start` with `weight_prior` and the concentration
/// `concentration` (the other priors scikit-learn's defaults): the fit
/// [`crate::vb_run::VbRun`] makes step by step.
pub fn in_use_after_fit(
    data: &Dataset,
    weights: Option<&Weights>,
    start: &Mixture,
    weight_prior: WeightPrior,
    concentration: f64,
    params: &LoopParams,
) -> Result<usize, Error> {
    let prior = VbPrior {
        weight_concentration: Some(concentration),
        ..weight_prior.into()
    }
    .check_weighted(data, weights, start.k(), start.covariance_type())?;
    let mut source = InMemory::new(data, 1).weighted_by(weights)?;
    let first = vb_driver::start_from_model(&mut source, start, &prior, params)?;
    let pass = |m: &Mixture, e: &emviz_core::Stats| source.pass(m, e);
    let outcome = vb_driver::drive_vb(first, &prior, params, f64::NEG_INFINITY, pass)?;
    Ok((outcome.posterior.expected_weights().iter())
        .filter(|&&w| w > IN_USE_WEIGHT)
        .count())
}

/// What a sweep depends on: the data (by version), the settings but the concentration and the
/// method, and the start.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    data_version: u64,
    settings: Settings,
    start: Mixture,
}

/// The last sweep, kept while its [`Key`] holds.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    last: Option<(Key, Sweep)>,
}

impl Cache {
    /// The sweep for `data` (of version `data_version`), `start` and `settings` — the one kept,
    /// or a new one — after up to `fits` more of its fits.
    pub fn advance(
        &mut self,
        data_version: u64,
        data: &Dataset,
        start: &Mixture,
        settings: &Settings,
        fits: usize,
    ) -> Result<&Sweep, Error> {
        self.advance_weighted(data_version, data, None, start, settings, fits)
    }

    /// [`Cache::advance`] on `data` whose points carry the sample weights `weights` (the data's
    /// version changes with them).
    pub fn advance_weighted(
        &mut self,
        data_version: u64,
        data: &Dataset,
        weights: Option<&Arc<Weights>>,
        start: &Mixture,
        settings: &Settings,
        fits: usize,
    ) -> Result<&Sweep, Error> {
        let key = Key {
            data_version,
            settings: Settings {
                concentration: None,
                method: Method::Em,
                ..settings.clone()
            },
            start: start.clone(),
        };
        if self.last.as_ref().map(|(k, _)| k) != Some(&key) {
            self.last = None;
            self.last = Some((key, Sweep::start_weighted(data, weights, start, settings)?));
        }
        let (_, sweep) = self.last.as_mut().expect("just made");
        sweep.advance(data, start, fits);
        Ok(sweep)
    }
}

/// The panel as the page shows it: the slider, the sweep, the current run's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The slider's values ([`stops`]).
    pub stops: Vec<f64>,
    /// The stop nearest to the concentration in use.
    pub stop: usize,
    /// The concentration set (`None`: the default).
    pub value: Option<f64>,
    /// The default, 1/K.
    pub default: f64,
    /// Where the default sits on the slider, in stops (fractional).
    pub default_position: f64,
    /// The concentration in use (the value set, else the default).
    pub in_use: f64,
    /// The sweep's values ([`grid`]).
    pub values: Vec<f64>,
    /// The sweep's lines, one per weight prior.
    pub lines: Vec<SweepLine>,
    /// The rows the sweep fits (fewer than `n`: an evenly spaced subset).
    pub rows: usize,
    /// The data's rows.
    pub n: usize,
    /// The sweep's fits made so far.
    pub fitted: usize,
    /// The sweep's fits in all.
    pub total: usize,
    /// The current run's expected weights E[πₖ] (empty under EM).
    pub weights: Vec<f64>,
    /// The current run's weight prior (`None` under EM).
    pub weight_prior: Option<WeightPrior>,
}

impl Panel {
    /// The panel for a run of `k` components with `settings`, its `sweep` and its run's expected
    /// weights `weights`.
    pub fn new(settings: &Settings, k: usize, sweep: &Sweep, weights: Vec<f64>) -> Panel {
        let default = 1.0 / k as f64;
        let in_use = settings.concentration.unwrap_or(default);
        Panel {
            stops: stops(),
            stop: nearest_stop(in_use),
            value: settings.concentration,
            default,
            default_position: position(default),
            in_use,
            values: sweep.values.clone(),
            lines: sweep.lines.clone(),
            rows: sweep.rows,
            n: sweep.n,
            fitted: sweep.fitted,
            total: sweep.total(),
            weights,
            weight_prior: match settings.method {
                Method::Vb(w) => Some(w),
                Method::Em => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slider_runs_from_a_thousandth_to_a_thousand_in_tenths_of_a_decade() {
        let s = stops();
        assert_eq!(s.len(), 61);
        assert_eq!((s[0], s[10], s[30], s[60]), (0.001, 0.01, 1.0, 1000.0));
        assert_eq!(s[5], 0.00316);
        assert!(s.windows(2).all(|w| w[1] > w[0]));
        let g = grid();
        assert_eq!(g.len(), 13);
        assert_eq!(2 * g.len(), SWEEP_FITS);
        assert_eq!((g[0], g[2], g[6], g[12]), (0.001, 0.01, 1.0, 1000.0));
        for (i, v) in s.iter().enumerate() {
            assert_eq!(nearest_stop(*v), i);
        }
        assert!((position(1.0 / 6.0) - (30.0 - 10.0 * 6f64.log10())).abs() < 1e-12);
        assert_eq!((position(1e-9), position(1e9)), (0.0, 60.0));
    }

    #[test]
    fn a_concentration_is_a_finite_number_above_zero() {
        assert_eq!(check(0.5), Ok(0.5));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = check(bad).unwrap_err();
            assert!(e.to_string().contains("weight_concentration_prior"), "{e}");
        }
    }

    #[test]
    fn large_data_is_swept_on_an_even_subset() {
        assert_eq!(rows_for(272, 6, 2), 272);
        assert_eq!(rows_for(1_000_000, 6, 2), 1_250);
        assert_eq!(rows_for(1_000_000, 10, 30), MIN_ROWS);
        let rows: Vec<[f64; 1]> = (0..10).map(|i| [i as f64]).collect();
        let data = Dataset::from_rows(&rows).unwrap();
        let sub = subset(&data, 4).unwrap().unwrap();
        assert_eq!(sub.values(), &[0.0, 3.0, 6.0, 9.0]);
        assert!(subset(&data, 10).unwrap().is_none());
    }
}
