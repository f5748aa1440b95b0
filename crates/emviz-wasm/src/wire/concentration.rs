//! The concentration panel on the wire ([`emviz_app::concentration`]): what the page asks (set the
//! prior, or show the panel with its chart's words) and what it is shown (the slider's stops, the
//! sweep, the run's expected weights).

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// What the concentration panel asks.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ConcentrationAsk {
    /// Sets the weight concentration prior (null: the default 1/K); the VB run starts again from
    /// the same start. Gives nothing back.
    Set {
        /// The prior, a number above 0; null for the default.
        value: Option<f64>,
    },
    /// The panel after a few more fits of its sweep, its chart drawn on the canvas given (if any)
    /// with these words.
    Show {
        /// The chart's words.
        words: ConcentrationWords,
    },
}

/// The chart's words, in the page's language.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConcentrationWords {
    /// The sweep's x axis (the concentration prior, log scale).
    pub x: String,
    /// The sweep's y axis (components in use).
    pub y: String,
    /// The bars' title (the run's expected weights).
    pub weights: String,
    /// The bars' x axis (the component).
    pub component: String,
    /// The legend's name of each weight prior, in `priors`' order of the view.
    pub priors: Vec<String>,
    /// The mark of the default 1/K.
    pub default: String,
}

/// One weight prior's line of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SweepLine {
    /// The weight prior's name (`dirichlet_process`, `dirichlet_distribution`).
    pub prior: String,
    /// Components in use after the fit at each of the sweep's values (null: the fit failed).
    pub counts: Vec<Option<usize>>,
}

/// The panel.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ConcentrationView {
    /// The slider's values, 10⁻³ … 10³.
    pub stops: Vec<f64>,
    /// The stop nearest to the concentration in use.
    pub stop: usize,
    /// The concentration set; null for the default.
    pub value: Option<f64>,
    /// The default, 1/K.
    pub default: f64,
    /// Where the default sits on the slider, in stops (fractional).
    pub default_position: f64,
    /// The concentration in use.
    pub in_use: f64,
    /// The sweep's values.
    pub values: Vec<f64>,
    /// One line per weight prior.
    pub lines: Vec<SweepLine>,
    /// The rows the sweep fitted.
    pub rows: usize,
    /// The data's rows (more than `rows`: the sweep fitted an evenly spaced subset).
    pub n: usize,
    /// The sweep's fits made so far (value by value, both weight priors).
    pub fitted: usize,
    /// The sweep's fits in all.
    pub total: usize,
    /// The current run's expected weights E[πₖ] (empty under EM).
    pub weights: Vec<f64>,
    /// The current run's weight prior (null under EM).
    pub weight_prior: Option<String>,
}

impl ConcentrationView {
    /// The app's panel on the wire.
    pub fn of(p: &emviz_app::concentration::Panel) -> Self {
        ConcentrationView {
            stops: p.stops.clone(),
            stop: p.stop,
            value: p.value,
            default: p.default,
            default_position: p.default_position,
            in_use: p.in_use,
            values: p.sweep.values.clone(),
            lines: (p.sweep.counts.iter())
                .map(|(prior, counts)| SweepLine {
                    prior: prior.name().to_string(),
                    counts: counts.clone(),
                })
                .collect(),
            rows: p.sweep.rows,
            n: p.sweep.n,
            fitted: p.sweep.fitted,
            total: p.sweep.total(),
            weights: p.weights.clone(),
            weight_prior: p.weight_prior.map(|w| w.name().to_string()),
        }
    }
}
