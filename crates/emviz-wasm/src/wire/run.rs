//! The run on the wire: its snapshot ([`State`]), a half-step's report, what loading data gives,
//! and what the page sends — the settings form, where data comes from, the run's commands, the
//! view's changes.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{wire_struct, Covariance, Half, Init, Phase, Wire};

wire_struct! {
    /// The settings of a run.
    Settings from emviz_app::settings::Settings {
        /// Components.
        k: usize,
        /// The covariance type (under one of mclust's other models, the type its pass takes).
        covariance_type: Covariance,
        /// One of mclust's models other than scikit-learn's four (`VEV`), null for those.
        model: Option<String>,
        init: Init,
        /// Up to 2⁵³, as a number.
        seed: f64,
        /// Stop when the mean log-likelihood changes by less than this.
        tol: f64,
        max_iter: usize,
        /// Added to every variance in M-steps.
        reg_covar: f64,
        /// `em`, or variational Bayes by its weight prior's name.
        method: String,
        /// Variational Bayes's weight concentration prior (null: the default 1/K).
        concentration: Option<f64>,
    }
}

wire_struct! {
    /// A snapshot of the run: what the page shows and `window.emviz.state()` returns.
    State from emviz_app::app::State {
        /// Completed iterations.
        iteration: usize,
        /// The half-step shown.
        phase: Phase,
        /// Mean per-point log-likelihood.
        log_likelihood: f64,
        /// ELBO summed over points (null before the first E-step).
        elbo: Option<f64>,
        /// KL(q ‖ p(z|x)) summed over points (null before the first E-step).
        kl: Option<f64>,
        /// Mixing weights.
        weights: Vec<f64>,
        /// Means, k × d.
        means: Vec<Vec<f64>>,
        /// The means of the run's start, k × d.
        start_means: Vec<Vec<f64>>,
        /// Covariances, k × d × d.
        covariances: Vec<Vec<Vec<f64>>>,
        /// Whether the stopping rule has been met.
        converged: bool,
        /// Whether the run is over (converged, or max_iter reached).
        done: bool,
        /// The seed in use (up to 2⁵³, as a number).
        seed: f64,
        /// Components.
        k: usize,
        /// Columns.
        d: usize,
        /// Points.
        n: usize,
        /// Column names.
        names: Vec<String>,
        /// Mean log-likelihood at the start and after each iteration.
        trace: Vec<f64>,
        /// The settings of the run.
        settings: Settings,
        /// Half-steps recorded (the start counts as one).
        history_len: usize,
        /// Which of them is shown.
        cursor: usize,
        /// The two columns drawn.
        view_columns: [usize; 2],
        /// Worries about components (empty, nearly flat), in the page's language.
        warnings: Vec<String>,
        /// Whether the book's start may be chosen with these settings and data.
        book_start_applies: bool,
        /// Whether the points' true labels are known.
        labels_known: bool,
        /// Whether the points are coloured by them now.
        labels_shown: bool,
        /// Under variational Bayes, the components with E[πₖ] above 0.01 (null under EM).
        components_in_use: Option<usize>,
        /// Under variational Bayes, the full variational lower bound L(q(z), q(θ)) after the
        /// half-step shown (scikit-learn's `lower_bound_` differs from it by a constant; null
        /// under EM and at the start).
        vb_bound: Option<f64>,
        /// The pasted column whose values weight the points, and Σ w (null: unweighted).
        sample_weights: Option<SampleWeights>,
        /// The pasted columns' names in order: `names` and the weights' column.
        table_names: Vec<String>,
    }
}

wire_struct! {
    /// The points' sample weights: the pasted column they came from, and their sum.
    SampleWeights from emviz_app::sample_weights::WeightsShown {
        /// Its place among the pasted columns (from 0).
        column: usize,
        /// Its name.
        name: String,
        /// Σ wₙ (the n of the mean log-likelihood).
        total: f64,
    }
}

wire_struct! {
    /// What one half-step did (also what `window.emviz.step()` returns, whose field names it
    /// keeps).
    StepReport from emviz_core::StepReport {
        /// Which half-step.
        half: Half,
        /// Completed iterations so far.
        iteration: usize,
        /// Mean per-point log-likelihood.
        #[serde(rename = "log_likelihood")]
        log_likelihood: f64,
        /// ELBO summed over the data (under variational Bayes its full bound L(q(z), q(θ))).
        elbo: f64,
        /// KL summed over the data: 0 after an E-step; null under variational Bayes, where
        /// ln p(x) has no closed form.
        kl: Option<f64>,
    }
}

/// A report's number that may have no value (the core's NaN: VB's KL) as null.
impl Wire<f64> for Option<f64> {
    fn wire(source: &f64) -> Self {
        (!source.is_nan()).then_some(*source)
    }
}

/// Where [`crate::Session::step_within`] left the half-step.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct StepProgress {
    /// More calls are needed to finish the half-step.
    pub pending: bool,
    /// The half-step's report once finished; null while pending or once the run is over.
    pub report: Option<StepReport>,
}

/// What the page learns after loading data.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Loaded {
    /// Points.
    pub n: usize,
    /// Columns.
    pub d: usize,
    /// Column names.
    pub names: Vec<String>,
    /// The data's text for the Data box, when it came from Rust (a preset, generated points);
    /// null for pasted text.
    pub text: Option<String>,
}

impl Loaded {
    /// The app's answer, with the text for the Data box if any.
    pub fn of(loaded: emviz_app::app::Loaded, text: Option<String>) -> Self {
        Loaded {
            n: loaded.n,
            d: loaded.d,
            names: loaded.names,
            text,
        }
    }
}

/// Where new data comes from.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DataSource {
    /// Pasted or opened text.
    Text {
        /// The text.
        text: String,
        /// The pasted column (from 0) whose values weight the points; null or absent: none.
        #[serde(default, rename = "weightsColumn")]
        #[tsify(optional)]
        weights_column: Option<usize>,
    },
    /// A built-in data set; its random choices from `seed`, or from a fresh seed when null.
    Preset {
        /// Its id.
        id: String,
        /// The seed, or null.
        seed: Option<f64>,
    },
    /// The points Generate drew last, as a data set of known origin.
    Samples,
}

/// The settings form as typed: each field's text (the form's own words), read and checked in
/// Rust.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SettingsForm {
    /// K.
    pub k: String,
    /// The covariance type's name, or one of mclust's models'.
    pub covariance_type: String,
    /// The start's name.
    pub init: String,
    /// The seed.
    pub seed: String,
    /// The tolerance.
    pub tol: String,
    /// Max iterations.
    pub max_iter: String,
    /// reg_covar.
    pub reg_covar: String,
    /// The method's name (null or missing: EM).
    #[serde(default)]
    pub method: Option<String>,
}

impl SettingsForm {
    /// The form as the app reads it.
    pub fn form(&self) -> emviz_app::settings::Form<'_> {
        emviz_app::settings::Form {
            k: &self.k,
            covariance_type: &self.covariance_type,
            init: &self.init,
            seed: &self.seed,
            tol: &self.tol,
            max_iter: &self.max_iter,
            reg_covar: &self.reg_covar,
            method: self.method.as_deref(),
        }
    }
}

/// What the run does next.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RunCommand {
    /// Back to the same start.
    Reset,
    /// A fresh seed and the start it draws (the book's start and a zero reg_covar left behind).
    NewStart,
    /// One half-step.
    Step,
    /// Half-steps until the next M-step is done.
    Iterate,
    /// Iterations until the run is over.
    ToEnd,
    /// Shows half-step `index` of the history (0 = the start).
    Seek {
        /// The half-step.
        index: usize,
    },
}

/// What changes in how the run is shown; fields left out (or null) stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct ViewChange {
    /// The language of messages: `en`, `ko`, `ja` or a BCP 47 tag.
    #[tsify(optional)]
    pub lang: Option<String>,
    /// Device pixels per CSS pixel (line widths, fonts).
    #[tsify(optional)]
    pub pixel_ratio: Option<f64>,
    /// The two columns drawn (0-based).
    #[tsify(optional)]
    pub columns: Option<[usize; 2]>,
    /// Colour the points by their true labels (where known) instead of their responsibilities.
    #[tsify(optional)]
    pub labels: Option<bool>,
    /// Presenter mode's look for the main view (larger, high-contrast, the laser pointer), or
    /// the page's (`{on: false}`).
    #[tsify(optional)]
    pub present: Option<Presenting>,
}

/// Presenter mode's part of the view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct Presenting {
    /// Whether the main view is drawn in presenter mode's look.
    pub on: bool,
    /// The data row drawn as a laser pointer (presenter mode only), or none.
    #[tsify(optional)]
    pub laser: Option<usize>,
}

/// Which loop a benchmark times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum TimedLoop {
    /// The page's step-wise loop, with its bookkeeping.
    Page,
    /// Plain EM, as `emviz bench` and scikit-learn time it.
    Em,
}

impl StepReport {
    /// The report of `report`, if any.
    pub fn of(report: Option<emviz_core::StepReport>) -> Option<Self> {
        report.as_ref().map(StepReport::wire)
    }
}
