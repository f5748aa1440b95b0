//! [`App`]: everything the page shows, in plain Rust (no JS types), so it is tested natively.
//! The data, the run and its start live here; the page holds one handle to it
//! ([`crate::bindings::Session`]) and never copies the data out.

use emviz_core::em::MixtureArgs;
use emviz_core::{
    parse_table, rng_from_seed, Checkpoint, Dataset, Em, HalfStep, Mixture, ParseOptions, Stats,
    StepReport,
};
use serde::Serialize;

use crate::error::{Error, Problem};
use crate::messages::{describe_warning, Lang};
use crate::presets::{preset, OLD_FAITHFUL};
use crate::settings::{Settings, Start};
use crate::view::padded_range;

/// The outcome of [`App::step_some`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Progress {
    /// The half-step finished (its report), or the run was already over (`None`).
    Done(Option<StepReport>),
    /// More calls are needed to finish the half-step.
    Pending,
}

/// One EM run on one data set, step by step.
#[derive(Clone, Debug)]
pub struct App {
    data: Dataset,
    settings: Settings,
    start: Mixture,
    em: Em,
    /// Parameters before the last M-step, so the page can tween from them.
    prev_model: Option<Mixture>,
    last: Option<StepReport>,
    view_cols: [usize; 2],
    bounds: [[f64; 2]; 2],
    /// Bumped whenever what the points look like may have changed (data, colours, view).
    version: u64,
    /// Bumped whenever the points' colours or positions may have changed (not by M-steps, which
    /// only move the ellipses), so the point layer is repainted only then.
    points_version: u64,
    /// The variance of each data column (the scale component warnings compare with), kept so
    /// that the warnings of each new state need no pass over the data.
    data_var: Vec<f64>,
    /// The component warnings of state `version`.
    warnings_cache: std::cell::RefCell<Option<(u64, Vec<emviz_core::ComponentWarning>)>>,
    /// Every half-step of the run so far (index 0 is the start), for scrubbing back and forth.
    history: Vec<HistoryEntry>,
    /// Bumped whenever the data points change (Web Workers hold copies of them).
    data_version: u64,
    /// Which entry of `history` is shown.
    cursor: usize,
    /// The mixture p* the data were drawn from, when that is known (a generated preset, or points
    /// generated from a model and used as the data); any other data leaves it unknown.
    truth: Option<emviz_core::Mixture>,
}

/// One point of the run's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// The EM state after this half-step.
    pub checkpoint: Checkpoint,
    /// Its report (None for the start).
    pub report: Option<StepReport>,
}

/// The ELBO / KL / log-likelihood of one half-step, for the page's charts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HalfStepPoint {
    /// The half-step (`None` for the start); `"start"`, `"E"` or `"M"` in JS.
    #[serde(serialize_with = "serialize_phase")]
    pub phase: Option<HalfStep>,
    /// Completed iterations.
    pub iteration: usize,
    /// Mean log-likelihood.
    pub log_likelihood: f64,
    /// Total log-likelihood (Σₙ ln p(xₙ)) = ELBO + KL.
    pub total_log_likelihood: f64,
    /// ELBO summed over points (null at the start).
    pub elbo: Option<f64>,
    /// KL summed over points (null at the start).
    pub kl: Option<f64>,
}

/// What the page learns after loading data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Loaded {
    /// Points.
    pub n: usize,
    /// Columns.
    pub d: usize,
    /// Column names.
    pub names: Vec<String>,
}

/// A snapshot of the run for the page and for `window.emviz.state()`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Completed iterations.
    pub iteration: usize,
    /// The last half-step taken (`None` at the start); `"start"`, `"E"` or `"M"` in JS.
    #[serde(serialize_with = "serialize_phase")]
    pub phase: Option<HalfStep>,
    /// Mean per-point log-likelihood.
    pub log_likelihood: f64,
    /// ELBO summed over points (null before the first E-step).
    pub elbo: Option<f64>,
    /// KL(q ‖ p(z|x)) summed over points (null before the first E-step).
    pub kl: Option<f64>,
    /// Mixing weights.
    pub weights: Vec<f64>,
    /// Means, k × d.
    pub means: Vec<Vec<f64>>,
    /// Covariances, k × d × d.
    pub covariances: Vec<Vec<Vec<f64>>>,
    /// Whether the stopping rule has been met.
    pub converged: bool,
    /// Whether the run is over (converged, or max_iter reached).
    pub done: bool,
    /// The seed in use.
    pub seed: u64,
    /// Components.
    pub k: usize,
    /// Columns.
    pub d: usize,
    /// Points.
    pub n: usize,
    /// Column names.
    pub names: Vec<String>,
    /// Mean log-likelihood at the start and after each iteration.
    pub trace: Vec<f64>,
    /// The settings of the run.
    pub settings: Settings,
    /// Half-steps recorded (the start counts as one).
    pub history_len: usize,
    /// Which of them is shown (history_len − 1 unless scrubbed back).
    pub cursor: usize,
    /// The two columns drawn.
    pub view_columns: [usize; 2],
    /// Plain-words worries about components (empty, nearly flat).
    pub warnings: Vec<String>,
    /// Whether the book's start may be chosen with these settings and data (K = 2, two columns).
    pub book_start_applies: bool,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    /// Old Faithful with the book's start.
    pub fn new() -> Self {
        let text = format!("eruptions waiting\n{OLD_FAITHFUL}");
        let data = parse_table(&text, &ParseOptions::default()).expect("shipped data parses");
        let settings = Settings::default();
        let (start, em) = start_run(&data, &settings).expect("the book's start is valid");
        let mut app = Self {
            data_var: data.column_variances(),
            data,
            settings,
            start,
            em,
            prev_model: None,
            last: None,
            view_cols: [0, 1],
            bounds: [[0.0, 1.0]; 2],
            version: 0,
            points_version: 0,
            warnings_cache: Default::default(),
            history: Vec::new(),
            data_version: 0,
            cursor: 0,
            truth: None,
        };
        app.restart_history();
        app.fit_bounds();
        app
    }

    /// Parses pasted text and starts a run on it with the current settings (the book's start
    /// gives way to k-means++ where it does not apply). On error nothing changes.
    pub fn load_text(&mut self, text: &str) -> Result<Loaded, Error> {
        let data = parse_table(text, &ParseOptions::default())?;
        let mut settings = self.settings.clone();
        if settings.init == Start::Book && !is_old_faithful(&data) {
            // The book's start (means (0, 50) and (0, 100), reg_covar = 0) belongs to the book's
            // data; on other data it would leave a component with no points.
            settings.init = Start::KMeansPlusPlus;
            settings.reg_covar = settings.reg_covar.max(1e-6);
        }
        self.replace(data, settings)?;
        Ok(self.loaded())
    }

    /// Loads a built-in data set with its suggested settings; returns its text for the Data box.
    pub fn load_preset(&mut self, id: &str, seed: u64) -> Result<String, Error> {
        let p = preset(id).ok_or_else(|| Problem::NoPreset { id: id.to_string() })?;
        let data = parse_table(&p.text, &ParseOptions::default())?;
        let settings = Settings {
            k: p.k,
            // The known mixture starts from random points, far from p*: the climb of ℓ and the
            // fall of D_KL(p* ‖ p_θ) are then plain to see.
            init: if p.book_start {
                Start::Book
            } else if id == "known-mixture" {
                Start::Random
            } else {
                Start::KMeansPlusPlus
            },
            reg_covar: if p.book_start { 0.0 } else { 1e-6 },
            seed,
            ..self.settings.clone()
        };
        self.replace(data, settings)?;
        self.truth = crate::presets::truth(id);
        Ok(p.text)
    }

    /// Makes `data`, drawn from the mixture `truth`, the data set (as a paste would: the current
    /// settings, k-means++ instead of the book's start); p* is then known. On error nothing changes.
    pub fn load_known(
        &mut self,
        data: Dataset,
        truth: emviz_core::Mixture,
    ) -> Result<Loaded, Error> {
        if truth.d() != data.d() {
            return Err(Problem::TruthDimensions.into());
        }
        let mut settings = self.settings.clone();
        if settings.init == Start::Book {
            settings.init = Start::KMeansPlusPlus;
            settings.reg_covar = settings.reg_covar.max(1e-6);
        }
        self.replace(data, settings)?;
        self.truth = Some(truth);
        Ok(self.loaded())
    }

    /// The mixture p* the data were drawn from, if known.
    pub fn truth(&self) -> Option<&emviz_core::Mixture> {
        self.truth.as_ref()
    }

    fn replace(&mut self, data: Dataset, settings: Settings) -> Result<(), Error> {
        let (start, em) = start_run(&data, &settings)?;
        self.data_var = data.column_variances();
        self.data = data;
        self.data_version += 1;
        self.settings = settings;
        self.start = start;
        self.em = em;
        self.prev_model = None;
        self.last = None;
        self.view_cols = [0, usize::from(self.data.d() > 1)];
        self.restart_history();
        self.fit_bounds();
        self.truth = None;
        Ok(())
    }

    /// Starts again with new settings (a new start drawn from their seed). On error nothing changes.
    pub fn apply_settings(&mut self, settings: Settings) -> Result<(), Error> {
        let (start, em) = start_run(&self.data, &settings)?;
        self.settings = settings;
        self.start = start;
        self.em = em;
        self.prev_model = None;
        self.last = None;
        self.restart_history();
        self.fit_bounds();
        Ok(())
    }

    /// The run's start (its parameters before the first E-step).
    pub fn start(&self) -> &Mixture {
        &self.start
    }

    /// A start set by hand (a mean dragged on the plot): runs again from `start` (iteration 0,
    /// fresh history) without reframing the view. The settings stay as they were (so a new seed
    /// or new settings replace this start); Reset comes back to it. On error nothing changes.
    pub fn set_start(&mut self, start: Mixture) -> Result<(), Error> {
        self.em = new_em(&self.data, start.clone(), self.settings.reg_covar)?;
        self.start = start;
        self.prev_model = None;
        self.last = None;
        self.restart_history();
        self.touch();
        Ok(())
    }

    /// Goes back to the same start.
    pub fn reset(&mut self) {
        self.em = new_em(&self.data, self.start.clone(), self.settings.reg_covar)
            .expect("the start was valid on this data");
        self.prev_model = None;
        self.last = None;
        self.restart_history();
        self.touch();
    }

    /// Makes `model` the start of a fresh run on the current data (e.g. an imported model): K and
    /// the covariance type follow the model, the history starts again. On error nothing changes.
    pub fn start_from(&mut self, model: Mixture) -> Result<(), Error> {
        let em = new_em(&self.data, model.clone(), self.settings.reg_covar)?;
        self.settings.k = model.k();
        self.settings.covariance_type = model.covariance_type();
        self.start = model;
        self.em = em;
        self.prev_model = None;
        self.last = None;
        self.restart_history();
        self.fit_bounds();
        Ok(())
    }

    /// Every half-step recorded so far (index 0 is the start); `state().cursor` is the one shown.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Starts the history afresh at the current state.
    fn restart_history(&mut self) {
        self.history = vec![HistoryEntry {
            checkpoint: self.em.checkpoint(),
            report: self.last,
        }];
        self.cursor = 0;
    }

    /// Moves to half-step `index` of the history (0 = the start), restoring that exact state.
    /// Stepping from an earlier point drops the later history and runs on from there.
    pub fn seek(&mut self, index: usize) -> Result<(), Error> {
        let entry = self
            .history
            .get(index)
            .ok_or(Problem::HistoryTooShort {
                len: self.history.len(),
            })?
            .clone();
        self.em.restore(&self.data, &entry.checkpoint)?;
        self.cursor = index;
        self.last = entry.report;
        self.prev_model = None;
        self.touch();
        Ok(())
    }

    /// ELBO, KL and log-likelihood of every recorded half-step.
    pub fn half_steps(&self) -> Vec<HalfStepPoint> {
        let n = self.data.n() as f64;
        self.history
            .iter()
            .map(|h| {
                let cp = &h.checkpoint;
                let ll = *cp.trace.last().unwrap_or(&f64::NAN);
                let ll = h.report.map_or(ll, |r| r.log_likelihood);
                HalfStepPoint {
                    phase: cp.last,
                    iteration: cp.iteration,
                    log_likelihood: ll,
                    total_log_likelihood: ll * n,
                    elbo: h.report.map(|r| r.elbo),
                    kl: h.report.map(|r| r.kl),
                }
            })
            .collect()
    }

    /// One half-step (E, then M, then E, …). Does nothing once the run is over. On error (a
    /// collapsed component) nothing changes and the message explains it.
    pub fn step(&mut self) -> Result<Option<StepReport>, Error> {
        loop {
            if let Progress::Done(report) = self.step_some(usize::MAX)? {
                return Ok(report);
            }
        }
    }

    /// Like [`App::step`], doing at most about `budget` rows of work now (an M-step is one pass
    /// over the data; an E-step takes the posterior that pass computed and costs no pass):
    /// [`Progress::Pending`] if the half-step is not finished yet. The
    /// page calls this once per animation frame with a row budget that fits in a few
    /// milliseconds, so a million points never block input for long.
    pub fn step_some(&mut self, budget: usize) -> Result<Progress, Error> {
        if !self.em.step_pending() && self.done() {
            return Ok(Progress::Done(None));
        }
        let before = self.em.model().clone();
        let Some(report) = self.em.step_some(&self.data, budget)? else {
            return Ok(Progress::Pending);
        };
        self.record(before, report);
        Ok(Progress::Done(Some(report)))
    }

    /// The bookkeeping after a finished half-step (`before`: the parameters before it).
    fn record(&mut self, before: Mixture, report: StepReport) {
        if report.half == HalfStep::M {
            self.prev_model = Some(before);
        }
        self.last = Some(report);
        self.history.truncate(self.cursor + 1);
        self.history.push(HistoryEntry {
            checkpoint: self.em.checkpoint(),
            report: Some(report),
        });
        self.cursor = self.history.len() - 1;
        if report.half == HalfStep::M {
            self.version += 1;
        } else {
            self.touch();
        }
    }

    /// Begins the next M-step for a pass made elsewhere (Web Workers): its new parameters, or
    /// `None` if the run is over or an E-step comes next. See [`Em::begin_m_step`].
    pub fn begin_m_step_elsewhere(&mut self) -> Result<Option<MixtureArgs>, Error> {
        if !self.em.step_pending() && self.done() {
            return Ok(None);
        }
        Ok(self.em.begin_m_step(&self.data)?.cloned())
    }

    /// The posterior buffer of the M-step begun by [`App::begin_m_step_elsewhere`].
    pub fn pending_posteriors_mut(&mut self) -> Option<&mut [f64]> {
        self.em.pending_posteriors_mut()
    }

    /// Ends that M-step with its shards' statistics (see [`Em::finish_m_step`]), recorded as
    /// [`App::step_some`] records a half-step.
    pub fn finish_m_step_elsewhere(&mut self, shards: Vec<Stats>) -> Result<StepReport, Error> {
        let before = self.em.model().clone();
        let report = self.em.finish_m_step(&self.data, shards)?;
        self.record(before, report);
        Ok(report)
    }

    /// Changes whenever the data points change.
    pub fn data_version(&self) -> u64 {
        self.data_version
    }

    /// Whether a half-step begun by [`App::step_some`] is unfinished.
    pub fn step_pending(&self) -> bool {
        self.em.step_pending()
    }

    /// Half-steps until the next M-step is done (one whole iteration).
    pub fn iterate(&mut self) -> Result<Option<StepReport>, Error> {
        loop {
            match self.step()? {
                Some(r) if r.half == HalfStep::E => continue,
                other => return Ok(other),
            }
        }
    }

    /// Iterates until the run is over.
    pub fn run_to_end(&mut self) -> Result<(), Error> {
        while !self.done() {
            self.iterate()?;
        }
        Ok(())
    }

    /// Whether the stopping rule is met (after an M-step).
    pub fn converged(&self) -> bool {
        self.em.converged(self.settings.tol)
    }

    /// Whether the run is over: converged, or max_iter iterations done.
    pub fn done(&self) -> bool {
        self.em.last_half_step() == Some(HalfStep::M)
            && (self.converged() || self.em.iteration() >= self.settings.max_iter)
    }

    /// Adds a point given in the two viewed columns (other columns get the data's means); the
    /// run goes on from where it is, with an E-step next. Returns the new row as text.
    pub fn add_point(&mut self, x: f64, y: f64) -> Result<String, Error> {
        let d = self.data.d();
        let mut row: Vec<f64> = (0..d)
            .map(|c| self.data.rows().map(|r| r[c]).sum::<f64>() / self.data.n() as f64)
            .collect();
        row[self.view_cols[0]] = x;
        if d > 1 {
            row[self.view_cols[1]] = y;
        }
        self.data.push_row(&row)?;
        self.data_version += 1;
        self.truth = None; // a point added by hand does not come from p*
        self.data_var = self.data.column_variances();
        self.last = None;
        // The recorded states were for the old data: the history starts again here.
        self.history = vec![HistoryEntry {
            checkpoint: self.em.checkpoint(),
            report: None,
        }];
        self.cursor = 0;
        self.touch();
        Ok(row
            .iter()
            .map(|v| format!("{v}"))
            .collect::<Vec<_>>()
            .join(" "))
    }

    /// Chooses the two columns drawn (for d > 2).
    pub fn set_view_columns(&mut self, x: usize, y: usize) -> Result<(), Error> {
        let d = self.data.d();
        if x >= d || y >= d {
            return Err(Problem::ViewColumns { columns: d }.into());
        }
        self.view_cols = [x, y];
        self.fit_bounds();
        Ok(())
    }

    /// Frames the view on the data and the start's means.
    fn fit_bounds(&mut self) {
        let (data, start) = (&self.data, &self.start);
        let range = |c: usize| {
            let values = data.rows().map(|r| r[c]);
            padded_range(values.chain((0..start.k()).map(|j| start.mean(j)[c])), 0.05)
        };
        self.bounds = self.view_cols.map(range);
        self.touch();
    }

    fn loaded(&self) -> Loaded {
        Loaded {
            n: self.data.n(),
            d: self.data.d(),
            names: self.data.names().to_vec(),
        }
    }

    /// The snapshot for the page (warnings in English).
    pub fn state(&self) -> State {
        self.state_in(Lang::En)
    }

    /// The snapshot for the page, its warnings worded in `lang`.
    pub fn state_in(&self, lang: Lang) -> State {
        let m = self.em.model();
        let d = m.d();
        let (elbo, kl) = match self.em.responsibilities() {
            Some(_) => {
                let (e, k) = self.em.elbo_kl();
                (Some(e), Some(k))
            }
            None => (None, None),
        };
        State {
            iteration: self.em.iteration(),
            phase: self.em.last_half_step(),
            log_likelihood: self.em.log_likelihood(),
            elbo,
            kl,
            weights: m.weights().to_vec(),
            means: m.means().chunks_exact(d).map(<[f64]>::to_vec).collect(),
            covariances: (0..m.k())
                .map(|j| {
                    m.covariance(j)
                        .chunks_exact(d)
                        .map(<[f64]>::to_vec)
                        .collect()
                })
                .collect(),
            converged: self.done() && self.converged(),
            done: self.done(),
            seed: self.settings.seed,
            k: m.k(),
            d,
            n: self.data.n(),
            names: self.data.names().to_vec(),
            trace: self.em.trace().to_vec(),
            settings: self.settings.clone(),
            history_len: self.history.len(),
            cursor: self.cursor,
            view_columns: self.view_cols,
            warnings: self
                .component_warnings()
                .iter()
                .map(|w| describe_warning(w, lang))
                .collect(),
            book_start_applies: self.settings.book_applies(d),
        }
    }

    /// The current model's component warnings, computed once per state.
    fn component_warnings(&self) -> Vec<emviz_core::ComponentWarning> {
        let mut cache = self.warnings_cache.borrow_mut();
        match &*cache {
            Some((v, w)) if *v == self.version => w.clone(),
            _ => {
                let w = self.em.model().warnings_for(self.data.n(), &self.data_var);
                *cache = Some((self.version, w.clone()));
                w
            }
        }
    }

    /// The data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }
    /// The run.
    pub fn em(&self) -> &Em {
        &self.em
    }
    /// The parameters before the last M-step, if the last half-step was one.
    pub fn prev_model(&self) -> Option<&Mixture> {
        self.prev_model
            .as_ref()
            .filter(|_| self.em.last_half_step() == Some(HalfStep::M))
    }
    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The columns drawn.
    pub fn view_columns(&self) -> [usize; 2] {
        self.view_cols
    }
    /// The data ranges framed by the view.
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        self.bounds
    }
    /// Changes whenever anything shown may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Changes whenever the points' picture (colours, positions) may have changed.
    pub fn points_version(&self) -> u64 {
        self.points_version
    }

    /// Marks a change of everything, the points included.
    fn touch(&mut self) {
        self.version += 1;
        self.points_version += 1;
    }
}

/// Whether `data` is the Old Faithful data the book's start was made for.
fn is_old_faithful(data: &Dataset) -> bool {
    let book = parse_table(OLD_FAITHFUL, &ParseOptions::default()).expect("shipped data parses");
    data.d() == 2 && data.values() == book.values()
}

/// The page's name of a phase: `"start"`, `"E"` or `"M"`.
pub fn phase_name(half: Option<HalfStep>) -> &'static str {
    match half {
        None => "start",
        Some(HalfStep::E) => "E",
        Some(HalfStep::M) => "M",
    }
}

/// Serialises a phase by its [`phase_name`] (so the start is `"start"`, not `null`).
pub(crate) fn serialize_phase<S: serde::Serializer>(
    half: &Option<HalfStep>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(phase_name(*half))
}

/// A fresh run from `model`: large data sets get sharded passes (see [`crate::workers`]), so
/// that Web Workers can make them with the very numbers of the in-thread path.
fn new_em(data: &Dataset, model: Mixture, reg_covar: f64) -> Result<Em, emviz_core::Error> {
    Em::new_sharded(data, model, reg_covar, crate::workers::shards_for(data.n()))
}

/// The start and a fresh run for these settings on this data.
fn start_run(data: &Dataset, settings: &Settings) -> Result<(Mixture, Em), Error> {
    let params = settings.params(data)?;
    let start = params.initial_model(data, &mut rng_from_seed(settings.seed))?;
    let em = new_em(data, start.clone(), settings.reg_covar)?;
    Ok((start, em))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_run_reaches_the_books_answer() {
        let mut app = App::new();
        assert_eq!(app.state().phase, None);
        assert_eq!(
            serde_json::to_value(app.state()).unwrap()["phase"],
            "start",
            "the page reads the start as \"start\""
        );
        app.run_to_end().unwrap();
        let s = app.state();
        assert!(s.converged && s.done);
        assert!((s.weights[0] - 0.356).abs() < 1e-3);
        assert!((s.means[1][1] - 79.97).abs() < 0.01);
        assert_eq!(s.kl.map(|k| k >= 0.0), Some(true));
        assert!(app.step().unwrap().is_none(), "no steps after the end");
    }

    #[test]
    fn half_steps_alternate_and_report_the_elbo_identity() {
        let mut app = App::new();
        let e = app.step().unwrap().unwrap();
        assert_eq!((e.half, e.kl), (HalfStep::E, 0.0));
        let m = app.step().unwrap().unwrap();
        assert_eq!(m.half, HalfStep::M);
        assert!(m.kl > 0.0 && m.elbo > e.elbo);
        assert!(app.prev_model().is_some());
    }

    #[test]
    fn a_bad_paste_keeps_everything() {
        let mut app = App::new();
        app.iterate().unwrap();
        let before = app.state();
        let err = app.load_text("1 2\n3 x\n").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("column 2"), "{err}");
        assert_eq!(app.state(), before);
        let err = app.load_text("1 2\n").unwrap_err().to_string();
        assert!(err.contains("1 point"), "{err}");
        assert_eq!(app.state(), before);
    }

    #[test]
    fn other_data_switches_off_the_books_start() {
        let mut app = App::new();
        let loaded = app
            .load_text("a,b,c,d\n1,2,3,4\n2,3,4,5\n9,9,9,9\n8,9,8,9\n")
            .unwrap();
        assert_eq!((loaded.n, loaded.d), (4, 4));
        assert_eq!(app.settings().init, Start::KMeansPlusPlus);
        app.run_to_end().unwrap();
        assert!(app.state().done);
    }

    #[test]
    fn pasted_two_column_data_gets_k_means_plus_plus_and_old_faithful_keeps_the_book() {
        let mut app = App::new();
        app.load_text("x y\n1 2\n1.1 2.1\n5 6\n5.2 6.1\n").unwrap();
        assert_eq!(app.settings().init, Start::KMeansPlusPlus);
        assert_eq!(app.settings().reg_covar, 1e-6);
        let mut app = App::new();
        app.load_text(OLD_FAITHFUL).unwrap();
        assert_eq!(app.settings().init, Start::Book);
    }

    #[test]
    fn adding_a_point_continues_the_run() {
        let mut app = App::new();
        app.iterate().unwrap();
        let it = app.state().iteration;
        let row = app.add_point(3.0, 70.0).unwrap();
        assert_eq!(row, "3 70");
        assert_eq!(app.state().n, 273);
        let r = app.step().unwrap().unwrap();
        assert_eq!(r.half, HalfStep::E);
        assert_eq!(app.state().iteration, it);
    }

    #[test]
    fn scrubbing_back_restores_the_exact_earlier_state() {
        let mut app = App::new();
        for _ in 0..5 {
            app.step().unwrap();
        }
        let at3 = {
            let mut other = App::new();
            for _ in 0..3 {
                other.step().unwrap();
            }
            other.state()
        };
        let end = app.state();
        app.seek(3).unwrap();
        let back = app.state();
        assert_eq!(back.cursor, 3);
        assert_eq!(
            (back.iteration, back.phase, back.weights.clone(), back.kl),
            (at3.iteration, at3.phase, at3.weights.clone(), at3.kl)
        );
        assert_eq!(back.log_likelihood, at3.log_likelihood);
        assert_eq!(
            app.em().responsibilities(),
            {
                let mut other = App::new();
                for _ in 0..3 {
                    other.step().unwrap();
                }
                other.em().responsibilities().map(<[f64]>::to_vec)
            }
            .as_deref()
        );
        app.seek(5).unwrap();
        assert_eq!(app.state().means, end.means);
        // Stepping from an earlier point runs on from there.
        app.seek(2).unwrap();
        app.step().unwrap();
        assert_eq!(app.state().history_len, 4);
        let points = app.half_steps();
        assert_eq!(points.len(), 4);
        assert_eq!(points[1].kl, Some(0.0));
        assert!(points[2].kl.unwrap() > 0.0);
        assert!(app.seek(10).is_err());
    }

    #[test]
    fn settings_are_checked() {
        let mut app = App::new();
        let bad = Settings {
            k: 11,
            ..Settings::default()
        };
        assert!(app
            .apply_settings(bad)
            .unwrap_err()
            .to_string()
            .contains("between 1 and 10"));
        let bad = Settings {
            k: 3,
            ..Settings::default()
        };
        assert!(app
            .apply_settings(bad)
            .unwrap_err()
            .to_string()
            .contains("book"));
        let ok = Settings {
            k: 3,
            init: Start::KMeansPlusPlus,
            seed: 7,
            reg_covar: 1e-6,
            ..Settings::default()
        };
        app.apply_settings(ok).unwrap();
        assert_eq!(app.state().k, 3);
    }

    #[test]
    fn degenerate_preset_explains_the_collapse() {
        let mut app = App::new();
        app.load_preset("degenerate", 1).unwrap();
        let s = Settings {
            reg_covar: 0.0,
            ..app.settings().clone()
        };
        let outcome = app.apply_settings(s).and_then(|_| app.run_to_end());
        let msg = outcome.unwrap_err().to_string();
        assert!(msg.contains("collapsed"), "{msg}");
    }
}
