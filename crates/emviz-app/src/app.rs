//! [`App`]: everything the page shows, in plain Rust (no JS types), so it is tested natively.
//! The data, the run and its start live here; the page holds one handle to it
//! (emviz-wasm's `Session`) and never copies the data out.

use emviz_core::em::MixtureArgs;
use emviz_core::{parse_table, Dataset, Em, HalfStep, Mixture, ParseOptions, Stats, StepReport};

use crate::data::{is_old_faithful, Data};
use crate::error::{Error, Problem};
use crate::messages::{describe_warning, Lang};
use crate::picture::Picture;
use crate::presets::preset;
use crate::run::Run;
pub use crate::run::{HalfStepPoint, HistoryEntry};
use crate::sample_weights::{WeightsColumn, WeightsShown};
use crate::settings::{Method, Settings};
use crate::start::{default_start, NewStart, Start};
use crate::vb_run::VbRun;

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
    /// The points and what is known of them.
    data: Data,
    settings: Settings,
    /// The run from the current start, and its history.
    run: Run,
    /// Under the method VB ([`Method::Vb`]): the variational Bayes run from the same start, which
    /// the page then steps, shows and draws instead of `run` (which stays at its start).
    vb: Option<VbRun>,
    /// The columns shown, their frame, and the versions the drawing caches by.
    picture: Picture,
    /// The component warnings of state `version`.
    warnings_cache: std::cell::RefCell<Option<(u64, Vec<emviz_core::ComponentWarning>)>>,
    /// The points coloured by their true labels instead of their responsibilities (the blog's
    /// "Observation"), when asked for and known: each point's packed colour.
    label_colours: Option<Vec<u32>>,
}

/// What the page learns after loading data.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// Points.
    pub n: usize,
    /// Columns.
    pub d: usize,
    /// Column names.
    pub names: Vec<String>,
}

/// What a snapshot ([`State`]) takes from the run shown, EM's or variational Bayes' (see the
/// fields of the same names there).
struct RunNumbers {
    iteration: usize,
    phase: Option<HalfStep>,
    log_likelihood: f64,
    elbo: Option<f64>,
    kl: Option<f64>,
    trace: Vec<f64>,
    history_len: usize,
    cursor: usize,
    warnings: Vec<String>,
    components_in_use: Option<usize>,
    vb_bound: Option<f64>,
}

/// A snapshot of the run for the page and for `window.emviz.state()`.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Completed iterations.
    pub iteration: usize,
    /// The last half-step taken (`None` at the start); `"start"`, `"E"` or `"M"` in JS.
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
    /// The means of the run's start, k × d (a dragged start's, or the settings').
    pub start_means: Vec<Vec<f64>>,
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
    /// Whether the points' true labels (the latent z of generated data) are known.
    pub labels_known: bool,
    /// Whether the points are coloured by those labels now.
    pub labels_shown: bool,
    /// Under variational Bayes: the full variational lower bound L(q(z), q(θ)) after the
    /// half-step shown (every constant in; scikit-learn's `lower_bound_` differs from it by a
    /// constant; `None` under EM and at the start). The ELBO above is EM's (eq. 5.6: q over z
    /// alone) and `None` under VB.
    pub vb_bound: Option<f64>,
    /// Under variational Bayes: how many components keep E[πₖ] above
    /// [`crate::vb_run::IN_USE_WEIGHT`] (`None` under EM).
    pub components_in_use: Option<usize>,
    /// The pasted column whose values weight the points, and Σ wₙ (`None`: unweighted).
    pub sample_weights: Option<WeightsShown>,
    /// The pasted columns' names in order: `names` and the weights' column.
    pub table_names: Vec<String>,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    /// Old Faithful with the book's start.
    pub fn new() -> Self {
        let data = Data::old_faithful();
        let settings = Settings::default();
        let run = Run::from_settings(&data, &settings).expect("the book's start is valid");
        let mut app = Self {
            data,
            settings,
            run,
            vb: None,
            picture: Picture::default(),
            warnings_cache: Default::default(),
            label_colours: None,
        };
        app.picture
            .frame(app.data.points(), app.run.start(), [0, 1]);
        app
    }

    /// Parses pasted text and starts a run on it with the current settings (the book's start
    /// gives way to k-means++ where it does not apply). On error nothing changes.
    pub fn load_text(&mut self, text: &str) -> Result<Loaded, Error> {
        self.load_text_weighted(text, None)
    }

    /// [`App::load_text`] with pasted column `weights_column` (0-based), if given, as the points'
    /// sample weights and the others as their coordinates ([`crate::sample_weights::split`]: a
    /// bad weight is named by its line and column of `text`). On error nothing changes.
    pub fn load_text_weighted(
        &mut self,
        text: &str,
        weights_column: Option<usize>,
    ) -> Result<Loaded, Error> {
        let table = parse_table(text, &ParseOptions::default())?;
        let (points, weights) = match weights_column {
            Some(c) => {
                let (points, w) = crate::sample_weights::split(table, c, text)?;
                (points, Some(w))
            }
            None => (table, None),
        };
        let settings = if is_old_faithful(&points) {
            self.settings.clone()
        } else {
            self.settings.without_books_start()
        };
        self.replace_weighted(points, weights, settings)?;
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
                default_start()
            },
            reg_covar: if p.book_start {
                emviz_core::rules::BOOK.reg_covar
            } else {
                emviz_core::rules::DEFAULTS.reg_covar
            },
            seed,
            ..self.settings.clone()
        };
        self.replace(
            data,
            settings,
            crate::presets::truth(id),
            crate::presets::labels(id),
        )?;
        Ok(p.text)
    }

    /// Makes `data`, drawn from the mixture `truth` (point i from its component `labels[i]`),
    /// the data set (as a paste would: the current settings, k-means++ instead of the book's
    /// start); p* and the points' true labels are then known. On error nothing changes.
    pub fn load_known(
        &mut self,
        data: Dataset,
        truth: emviz_core::Mixture,
        labels: Vec<usize>,
    ) -> Result<Loaded, Error> {
        if truth.d() != data.d() {
            return Err(Problem::TruthDimensions.into());
        }
        let settings = self.settings.without_books_start();
        self.replace(data, settings, Some(truth), Some(labels))?;
        Ok(self.loaded())
    }

    /// The mixture p* the data were drawn from, if known.
    pub fn truth(&self) -> Option<&emviz_core::Mixture> {
        self.data.truth()
    }

    /// Each point's component in p* (its true label z), if known.
    pub fn labels(&self) -> Option<&[usize]> {
        self.data.labels()
    }

    /// Makes `points` (drawn from `truth`, if known) the data, with a run from `settings`.
    fn replace(
        &mut self,
        points: Dataset,
        settings: Settings,
        truth: Option<Mixture>,
        labels: Option<Vec<usize>>,
    ) -> Result<(), Error> {
        let data = Data::new(points, truth, labels, self.data.version() + 1);
        self.replace_data(data, settings)
    }

    /// Makes `points`, each weighted by `weights` when given, the data, with a run from `settings`.
    fn replace_weighted(
        &mut self,
        points: Dataset,
        weights: Option<WeightsColumn>,
        settings: Settings,
    ) -> Result<(), Error> {
        let data = Data::new(points, None, None, self.data.version() + 1).with_weights(weights);
        self.replace_data(data, settings)
    }

    /// Makes `data` the data, with a run from `settings`. On error nothing changes.
    fn replace_data(&mut self, data: Data, settings: Settings) -> Result<(), Error> {
        let run = Run::from_settings(&data, &settings)?;
        self.vb = vb_for(&data, run.start(), &settings)?;
        self.run = run;
        self.data = data;
        self.label_colours = None;
        self.settings = settings;
        let columns = [0, usize::from(self.data.points().d() > 1)];
        self.picture
            .frame(self.data.points(), self.run.start(), columns);
        Ok(())
    }

    /// Starts again with new settings (a new start drawn from their seed). On error nothing changes.
    pub fn apply_settings(&mut self, settings: Settings) -> Result<(), Error> {
        let run = Run::from_settings(&self.data, &settings)?;
        self.vb = vb_for(&self.data, run.start(), &settings)?;
        self.run = run;
        self.settings = settings;
        self.fit_bounds();
        Ok(())
    }

    /// Sets variational Bayes's weight concentration prior (`None`: the default 1/K), checked by
    /// [`crate::concentration::check`]: under VB the run starts again from the same start (the
    /// concentration panel's slider, which then runs it to its end a frame at a time). On error
    /// nothing changes.
    pub fn set_concentration(&mut self, value: Option<f64>) -> Result<(), Error> {
        let concentration = value.map(crate::concentration::check).transpose()?;
        let settings = Settings {
            concentration,
            ..self.settings.clone()
        };
        self.vb = vb_for(&self.data, self.run.start(), &settings)?;
        self.settings = settings;
        self.touch();
        Ok(())
    }

    /// The run's start (its parameters before the first E-step).
    pub fn start(&self) -> &Mixture {
        self.run.start()
    }

    /// A start set by hand (a mean dragged on the plot): runs again from `start` (iteration 0,
    /// fresh history) without reframing the view. The settings stay as they were (so a new seed
    /// or new settings replace this start); Reset comes back to it. On error nothing changes.
    pub fn set_start(&mut self, start: Mixture) -> Result<(), Error> {
        // Under one of mclust's models the start is that model's (a dragged mean, a link's start).
        let start = match self.settings.model {
            Some(model) if start.family() != Some(model) => start.constrained(model)?,
            _ => start,
        };
        let run = Run::new(&self.data, start, self.settings.reg_covar)?;
        self.vb = vb_for(&self.data, run.start(), &self.settings)?;
        self.run = run;
        self.touch();
        Ok(())
    }

    /// Moves component `k`'s starting mean to `(x, y)` in the viewed columns (for 1-D data only
    /// `x` counts) and runs again from that start, as [`App::set_start`] does. On error nothing
    /// changes.
    pub fn move_start_mean(&mut self, k: usize, x: f64, y: f64) -> Result<(), Error> {
        let start = self.run.start();
        let (kk, d) = (start.k(), start.d());
        if k >= kk {
            return Err(Problem::NoSuchComponent { k: kk }.into());
        }
        if !x.is_finite() || !y.is_finite() {
            return Err(Problem::PointerNotNumber.into());
        }
        let mut means = start.means().to_vec();
        if d == 1 {
            means[k] = x;
        } else {
            let [cx, cy] = self.picture.columns();
            means[k * d + cx] = x;
            means[k * d + cy] = y;
        }
        let moved = Mixture::new(
            start.covariance_type(),
            start.weights().to_vec(),
            means,
            start.covariances().to_vec(),
        )?;
        self.set_start(moved)
    }

    /// Component `k`'s starting mean (all d coordinates), if there is such a component.
    pub fn start_mean(&self, k: usize) -> Option<&[f64]> {
        let start = self.run.start();
        let d = start.d();
        (k < start.k()).then(|| &start.means()[k * d..(k + 1) * d])
    }

    /// "New start": the current settings with `seed`, leaving the book's start and a zero
    /// reg_covar behind as [`NewStart`] says. On error nothing changes.
    pub fn new_start(&mut self, seed: u64) -> Result<(), Error> {
        let fresh = NewStart::from(self.settings.init, self.settings.reg_covar);
        self.apply_settings(Settings {
            seed,
            init: fresh.init,
            reg_covar: fresh.reg_covar,
            ..self.settings.clone()
        })
    }

    /// Goes back to the same start.
    pub fn reset(&mut self) {
        let start = self.run.start().clone();
        self.run = Run::new(&self.data, start, self.settings.reg_covar)
            .expect("the start was valid on this data");
        self.vb = vb_for(&self.data, self.run.start(), &self.settings)
            .expect("the start was valid on this data");
        self.touch();
    }

    /// Makes `model` the start of a fresh run on the current data (e.g. an imported model): K and
    /// the covariance type follow the model, the history starts again. On error nothing changes.
    pub fn start_from(&mut self, model: Mixture) -> Result<(), Error> {
        let (k, covariance_type, family) = (model.k(), model.covariance_type(), model.family());
        let run = Run::new(&self.data, model, self.settings.reg_covar)?;
        let settings = Settings {
            k,
            covariance_type,
            model: family,
            ..self.settings.clone()
        };
        self.vb = vb_for(&self.data, run.start(), &settings)?;
        self.run = run;
        self.settings = settings;
        self.fit_bounds();
        Ok(())
    }

    /// The same data, start, frame and settings under `method`, at its start: the run beside this
    /// one in [`crate::vb_compare`]. On error (the method's prior refused) nothing changes.
    pub fn with_method(&self, method: Method) -> Result<App, Error> {
        let settings = Settings {
            method,
            ..self.settings.clone()
        };
        let run = Run::new(&self.data, self.run.start().clone(), settings.reg_covar)?;
        let vb = vb_for(&self.data, run.start(), &settings)?;
        let mut picture = self.picture.clone();
        picture.touch();
        Ok(App {
            data: self.data.clone(),
            settings,
            run,
            vb,
            picture,
            warnings_cache: Default::default(),
            label_colours: self.label_colours.clone(),
        })
    }

    /// Every half-step recorded so far (index 0 is the start); `state().cursor` is the one shown.
    pub fn history(&self) -> &[HistoryEntry] {
        self.run.history()
    }

    /// Moves to half-step `index` of the history (0 = the start), restoring that exact state.
    /// Stepping from an earlier point drops the later history and runs on from there.
    pub fn seek(&mut self, index: usize) -> Result<(), Error> {
        match &mut self.vb {
            Some(vb) => vb.seek(index)?,
            None => self.run.seek(self.data.points(), index)?,
        }
        self.touch();
        Ok(())
    }

    /// The half-step shown: an index into [`App::history`] (0 is the start).
    pub fn cursor(&self) -> usize {
        match &self.vb {
            Some(vb) => vb.cursor(),
            None => self.run.cursor(),
        }
    }

    /// Half-steps recorded (the start counts as one): EM's, or under variational Bayes the VB
    /// run's.
    pub fn history_len(&self) -> usize {
        match &self.vb {
            Some(vb) => vb.history().len(),
            None => self.run.history().len(),
        }
    }

    /// ELBO, KL and log-likelihood of every recorded half-step (under variational Bayes its
    /// full bound as the ELBO, no KL: [`VbRun::half_steps`]).
    pub fn half_steps(&self) -> Vec<HalfStepPoint> {
        match &self.vb {
            Some(vb) => vb.half_steps(self.data.total_weight()),
            None => self.run.half_steps(self.data.total_weight()),
        }
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
        if !self.run.step_pending() && self.done() {
            return Ok(Progress::Done(None));
        }
        if let Some(vb) = &mut self.vb {
            let half = vb.step(self.data.points())?;
            self.picture.stepped(half);
            return Ok(Progress::Done(Some(self.vb_report(half)?)));
        }
        let Some(report) = self.run.step_some(self.data.points(), budget)? else {
            return Ok(Progress::Pending);
        };
        self.picture.stepped(report.half);
        Ok(Progress::Done(Some(report)))
    }

    /// Begins the next M-step for a pass made elsewhere (Web Workers): its new parameters, or
    /// `None` if the run is over or an E-step comes next. See [`Em::begin_m_step`].
    pub fn begin_m_step_elsewhere(&mut self) -> Result<Option<MixtureArgs>, Error> {
        // Variational Bayes steps in this thread (its passes are the small data's).
        if self.vb.is_some() || (!self.run.step_pending() && self.done()) {
            return Ok(None);
        }
        self.run.begin_m_step_elsewhere(self.data.points())
    }

    /// The posterior buffer of the M-step begun by [`App::begin_m_step_elsewhere`].
    pub fn pending_posteriors_mut(&mut self) -> Option<&mut [f64]> {
        self.run.pending_posteriors_mut()
    }

    /// Ends that M-step with its shards' statistics (see [`Em::finish_m_step`]), recorded as
    /// [`App::step_some`] records a half-step. `colours`, if given, are the points' colours
    /// under the posteriors the pass computed (one per point, packed), blended where the pass was
    /// made: the next E-step shows them without blending them again.
    pub fn finish_m_step_elsewhere(
        &mut self,
        shards: Vec<Stats>,
        colours: Option<Vec<u32>>,
    ) -> Result<StepReport, Error> {
        let report = self
            .run
            .finish_m_step_elsewhere(self.data.points(), shards)?;
        self.picture.stepped(report.half);
        self.picture.colours_made(self.data.points().n(), colours);
        Ok(report)
    }

    /// The points' colours (packed) under the responsibilities shown, when they were blended
    /// elsewhere (see [`App::finish_m_step_elsewhere`]); `None` when they are to be blended from
    /// [`Em::responsibilities`].
    pub fn colours(&self) -> Option<&[u32]> {
        self.label_colours
            .as_deref()
            .or_else(|| self.picture.colours())
    }

    /// Colours the points by their true labels (`true`; only where the labels are known) or by
    /// their responsibilities again (`false`). Returns whether the labels are shown.
    pub fn show_labels(&mut self, on: bool) -> bool {
        let colours = self.data.labels().filter(|_| on).map(|labels| {
            labels
                .iter()
                .map(|&z| crate::palette::pack(crate::palette::color(z)))
                .collect()
        });
        if colours.is_some() || self.label_colours.is_some() {
            self.label_colours = colours;
            self.touch();
        }
        self.label_colours.is_some()
    }

    /// Whether the points are coloured by their true labels.
    pub fn labels_shown(&self) -> bool {
        self.label_colours.is_some()
    }

    /// Changes whenever the data points change.
    pub fn data_version(&self) -> u64 {
        self.data.version()
    }

    /// Whether a half-step begun by [`App::step_some`] is unfinished.
    pub fn step_pending(&self) -> bool {
        self.run.step_pending()
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
        match &self.vb {
            Some(vb) => vb.converged(),
            None => self.run.converged(self.settings.tol),
        }
    }

    /// Whether the run is over: converged, or max_iter iterations done.
    pub fn done(&self) -> bool {
        match &self.vb {
            Some(vb) => vb.done(),
            None => self.run.done(&self.settings),
        }
    }

    /// Adds a point given in the two viewed columns (other columns get the data's means); the
    /// run goes on from where it is, with an E-step next. Returns the new row as text.
    pub fn add_point(&mut self, x: f64, y: f64) -> Result<String, Error> {
        let row = self.data.add_point(self.picture.columns(), x, y)?;
        self.label_colours = None;
        // The recorded states were for the old data: the history starts again here (variational
        // Bayes from its start: its q(θ) was made for the old data).
        self.run.data_changed();
        if self.vb.is_some() {
            self.vb = vb_for(&self.data, self.run.start(), &self.settings)?;
        }
        self.touch();
        Ok(row
            .iter()
            .map(|v| format!("{v}"))
            .collect::<Vec<_>>()
            .join(" "))
    }

    /// Chooses the two columns drawn (for d > 2).
    pub fn set_view_columns(&mut self, x: usize, y: usize) -> Result<(), Error> {
        let d = self.data.points().d();
        if x >= d || y >= d {
            return Err(Problem::ViewColumns { columns: d }.into());
        }
        self.picture
            .frame(self.data.points(), self.run.start(), [x, y]);
        Ok(())
    }

    /// Frames the view on the data and the start's means (the same columns).
    fn fit_bounds(&mut self) {
        let columns = self.picture.columns();
        self.picture
            .frame(self.data.points(), self.run.start(), columns);
    }

    fn loaded(&self) -> Loaded {
        Loaded {
            n: self.data.points().n(),
            d: self.data.points().d(),
            names: self.data.points().names().to_vec(),
        }
    }

    /// The snapshot for the page (warnings in English).
    pub fn state(&self) -> State {
        self.state_in(Lang::En)
    }

    /// The snapshot for the page, its warnings worded in `lang`.
    pub fn state_in(&self, lang: Lang) -> State {
        if let Some(vb) = &self.vb {
            return self.vb_state(vb);
        }
        let (elbo, kl) = match self.em().responsibilities() {
            Some(_) => {
                let (e, k) = self.em().elbo_kl();
                (Some(e), Some(k))
            }
            None => (None, None),
        };
        self.snapshot(
            self.em().model(),
            RunNumbers {
                iteration: self.em().iteration(),
                phase: self.em().last_half_step(),
                log_likelihood: self.em().log_likelihood(),
                elbo,
                kl,
                trace: self.em().trace().to_vec(),
                history_len: self.run.history().len(),
                cursor: self.run.cursor(),
                warnings: self
                    .component_warnings()
                    .iter()
                    .map(|w| describe_warning(w, lang))
                    .collect(),
                components_in_use: None,
                vb_bound: None,
            },
        )
    }

    /// The snapshot under variational Bayes: the expected mixture (weights E[π], means, covariances
    /// W⁻¹/ν), its mean log-likelihood, the full bound after the half-step, and the components in
    /// use.
    fn vb_state(&self, vb: &VbRun) -> State {
        let now = vb.current();
        self.snapshot(
            &self.shown_model(),
            RunNumbers {
                iteration: now.iteration,
                phase: now.phase,
                log_likelihood: now.log_likelihood,
                elbo: None,
                kl: None,
                trace: vb.trace(),
                history_len: vb.history().len(),
                cursor: vb.cursor(),
                warnings: Vec::new(),
                components_in_use: Some(vb.components_in_use()),
                vb_bound: now.elbo,
            },
        )
    }

    /// The snapshot of the run shown: the mixture `m` drawn, the run's own numbers, and what the
    /// page holds whatever the method (data, settings, start, view).
    fn snapshot(&self, m: &Mixture, run: RunNumbers) -> State {
        let d = m.d();
        let rows = |values: &[f64]| values.chunks_exact(d).map(<[f64]>::to_vec).collect();
        State {
            iteration: run.iteration,
            phase: run.phase,
            log_likelihood: run.log_likelihood,
            elbo: run.elbo,
            kl: run.kl,
            weights: m.weights().to_vec(),
            means: rows(m.means()),
            start_means: rows(self.run.start().means()),
            covariances: (0..m.k()).map(|j| rows(m.covariance(j))).collect(),
            converged: self.done() && self.converged(),
            done: self.done(),
            seed: self.settings.seed,
            k: m.k(),
            d,
            n: self.data.points().n(),
            names: self.data.points().names().to_vec(),
            trace: run.trace,
            settings: self.settings.clone(),
            history_len: run.history_len,
            cursor: run.cursor,
            view_columns: self.picture.columns(),
            warnings: run.warnings,
            book_start_applies: self.settings.book_applies(d),
            labels_known: self.data.labels().is_some(),
            labels_shown: self.labels_shown(),
            components_in_use: run.components_in_use,
            vb_bound: run.vb_bound,
            sample_weights: self.data.weights().map(WeightsColumn::shown),
            table_names: match self.data.weights() {
                Some(w) => w.table_names(self.data.points().names()),
                None => self.data.points().names().to_vec(),
            },
        }
    }

    /// A VB half-step's report in EM's shape: the expected mixture's mean log-likelihood, the
    /// full variational bound as the ELBO, and no KL (NaN, null on the wire: ln p(x) of the
    /// Bayesian model has no closed form).
    fn vb_report(&self, half: HalfStep) -> Result<StepReport, Error> {
        let vb = self
            .vb
            .as_ref()
            .ok_or(Problem::HistoryTooShort { len: 0 })?;
        Ok(StepReport {
            half,
            iteration: vb.current().iteration,
            log_likelihood: vb.current().log_likelihood,
            elbo: vb.current().elbo.unwrap_or(f64::NAN),
            kl: f64::NAN,
        })
    }

    /// The log-likelihood chart's trace: EM's, or under variational Bayes the expected
    /// mixture's (start and each iteration up to the half-step shown).
    pub fn trace(&self) -> std::borrow::Cow<'_, [f64]> {
        match &self.vb {
            Some(vb) => std::borrow::Cow::Owned(vb.trace()),
            None => std::borrow::Cow::Borrowed(self.em().trace()),
        }
    }

    /// The mixture drawn: EM's parameters, or under variational Bayes the expected mixture.
    pub fn shown_model(&self) -> std::borrow::Cow<'_, Mixture> {
        match self.vb.as_ref().and_then(|vb| vb.shown().ok()) {
            Some(m) => std::borrow::Cow::Owned(m),
            None => std::borrow::Cow::Borrowed(self.em().model()),
        }
    }

    /// The mixture drawn before the last M-step, if the last half-step was one (to tween from).
    pub fn shown_prev_model(&self) -> Option<std::borrow::Cow<'_, Mixture>> {
        match &self.vb {
            Some(vb) => (vb.previous())
                .and_then(|q| q.expected_mixture().ok())
                .map(std::borrow::Cow::Owned),
            None => self.prev_model().map(std::borrow::Cow::Borrowed),
        }
    }

    /// The responsibilities the points are coloured by: EM's, or under variational Bayes q(z).
    pub fn responsibilities(&self) -> Option<&[f64]> {
        match &self.vb {
            Some(vb) => vb.current().responsibilities.as_deref(),
            None => self.em().responsibilities(),
        }
    }

    /// The half-step shown last: EM's, or under variational Bayes the VB run's.
    pub fn shown_half_step(&self) -> Option<HalfStep> {
        match &self.vb {
            Some(vb) => vb.current().phase,
            None => self.em().last_half_step(),
        }
    }

    /// Whether the run shown is variational Bayes (the method VB).
    pub fn is_variational(&self) -> bool {
        self.vb.is_some()
    }

    /// How strongly each component is drawn (0–1): under variational Bayes faded by its E[πₖ]
    /// ([`crate::vb_run::opacity`]); `None` under EM (all fully).
    pub fn component_opacity(&self) -> Option<Vec<f64>> {
        let vb = self.vb.as_ref()?;
        let w = vb.current().posterior.expected_weights();
        let k = w.len();
        Some(w.iter().map(|&x| crate::vb_run::opacity(x, k)).collect())
    }

    /// The current model's component warnings, computed once per state.
    fn component_warnings(&self) -> Vec<emviz_core::ComponentWarning> {
        let mut cache = self.warnings_cache.borrow_mut();
        match &*cache {
            Some((v, w)) if *v == self.version() => w.clone(),
            _ => {
                let w = self
                    .em()
                    .model()
                    .warnings_for(self.data.points().n(), self.data.column_variances());
                *cache = Some((self.version(), w.clone()));
                w
            }
        }
    }

    /// The points' sample weights and the pasted column they came from, if one was chosen.
    pub fn sample_weights(&self) -> Option<&WeightsColumn> {
        self.data.weights()
    }

    /// The data as pasted: the points, with the weights' column back in its place if there is one.
    pub fn table(&self) -> Result<Dataset, Error> {
        match self.data.weights() {
            Some(w) => crate::sample_weights::table(self.data.points(), w),
            None => Ok(self.data.points().clone()),
        }
    }

    /// The points (their coordinates).
    pub fn data(&self) -> &Dataset {
        self.data.points()
    }
    /// The run.
    pub fn em(&self) -> &Em {
        self.run.em()
    }
    /// The parameters before the last M-step, if the last half-step was one.
    pub fn prev_model(&self) -> Option<&Mixture> {
        self.run.prev_model()
    }
    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The columns drawn.
    pub fn view_columns(&self) -> [usize; 2] {
        self.picture.columns()
    }
    /// The data ranges framed by the view.
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        self.picture.bounds()
    }
    /// Changes whenever anything shown may have changed.
    pub fn version(&self) -> u64 {
        self.picture.version()
    }

    /// Changes whenever the points' picture (colours, positions) may have changed.
    pub fn points_version(&self) -> u64 {
        self.picture.points_version()
    }

    /// Marks a change of everything, the points included.
    fn touch(&mut self) {
        self.picture.touch();
    }
}

/// The variational Bayes run `settings` ask for from `start` (`None` under EM), on the points
/// with their sample weights when they have some.
fn vb_for(data: &Data, start: &Mixture, settings: &Settings) -> Result<Option<VbRun>, Error> {
    match settings.method {
        Method::Em => Ok(None),
        Method::Vb(_) if settings.model.is_some() => Err(Problem::ModelVb {
            model: settings.covariance_name(),
        }
        .into()),
        Method::Vb(weight_prior) => {
            let weights = data.weights().map(|w| w.weights.clone());
            let data = data.points();
            let params =
                emviz_core::LoopParams::new(settings.reg_covar, settings.tol, settings.max_iter)?;
            let prior = emviz_core::vb_prior::VbPrior {
                weight_concentration: settings.concentration,
                ..weight_prior.into()
            };
            Ok(Some(VbRun::new_weighted(
                data, weights, start, prior, params,
            )?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::OLD_FAITHFUL;

    #[test]
    fn default_run_reaches_the_books_answer() {
        let mut app = App::new();
        assert_eq!(app.state().phase, None);
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
    fn the_method_vb_steps_shows_and_draws_the_posterior_and_em_is_untouched() {
        let mut app = App::new();
        let vb = Settings {
            k: 6,
            init: Start::KMeansPlusPlus,
            reg_covar: 1e-6,
            method: Method::Vb(emviz_core::WeightPrior::DirichletProcess),
            ..Settings::default()
        };
        app.apply_settings(vb.clone()).unwrap();
        let start = app.state();
        assert!(start.components_in_use.unwrap() > 2);
        assert_eq!(
            (start.phase, start.vb_bound, app.responsibilities()),
            (None, None, None)
        );
        let e = app.step().unwrap().unwrap();
        assert_eq!(e.half, HalfStep::E);
        // The report's ELBO is the full variational bound, its KL has no value.
        assert!(e.elbo.is_finite() && e.kl.is_nan());
        assert_eq!(app.state().vb_bound, Some(e.elbo));
        assert!(app.responsibilities().is_some());
        assert!(
            app.begin_m_step_elsewhere().unwrap().is_none(),
            "no workers"
        );
        app.step().unwrap();
        assert!(app.shown_prev_model().is_some());
        app.run_to_end().unwrap();
        let s = app.state();
        assert!(s.done && s.converged);
        assert_eq!(s.components_in_use, Some(2));
        assert_eq!(
            (s.elbo, s.kl),
            (None, None),
            "EM's ELBO has no value under VB"
        );
        assert!(s.vb_bound.is_some() && s.trace.len() == s.iteration + 1);
        assert_eq!(
            s.log_likelihood,
            app.shown_model().mean_log_likelihood(app.data()).unwrap()
        );
        assert_eq!(app.trace().last(), Some(&s.log_likelihood));
        assert_eq!(s.history_len, 2 * s.iteration + 1);
        assert!((s.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let opacity = app.component_opacity().unwrap();
        assert_eq!(opacity.iter().filter(|&&o| o < 0.1).count(), 4);
        // The EM run beside it never moved from the start.
        assert_eq!(app.em().iteration(), 0);
        // Scrubbing back to the start shows the start's posterior.
        app.seek(0).unwrap();
        assert_eq!(app.state().weights, start.weights);
        // Back to EM: the book's run, to the bit.
        app.apply_settings(Settings::default()).unwrap();
        assert!(app.component_opacity().is_none());
        app.run_to_end().unwrap();
        let s = app.state();
        assert_eq!((s.iteration, s.components_in_use), (9, None));
        assert_eq!(s.weights, [0.35595101391670264, 0.6440489860832974]);
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
