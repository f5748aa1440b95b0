//! The concentration panel on the wire ([`emviz_app::concentration`]): what the page asks (set the
//! prior, or show the panel with its chart's words) and what it is shown (the slider's stops, the
//! sweep, the run's expected weights).

use emviz_core::WeightPrior;
use serde::Deserialize;
use tsify::Tsify;

use super::{wire_struct, Wire};

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

/// A weight prior crosses as its name (`dirichlet_process`, `dirichlet_distribution`).
impl Wire<WeightPrior> for String {
    fn wire(source: &WeightPrior) -> Self {
        source.name().to_string()
    }
}

wire_struct! {
    /// One weight prior's line of the sweep.
    SweepLine from emviz_app::concentration::SweepLine {
        /// The weight prior's name.
        prior: String,
        /// Components in use after the fit at each of the sweep's values (null: not fitted yet,
        /// or the fit failed).
        counts: Vec<Option<usize>>,
    }
}

wire_struct! {
    /// The panel.
    ConcentrationView from emviz_app::concentration::Panel {
        /// The slider's values, 10⁻³ … 10³.
        stops: Vec<f64>,
        /// The stop nearest to the concentration in use.
        stop: usize,
        /// The concentration set; null for the default.
        value: Option<f64>,
        /// The default, 1/K.
        default: f64,
        /// Where the default sits on the slider, in stops (fractional).
        default_position: f64,
        /// The concentration in use.
        in_use: f64,
        /// The sweep's values.
        values: Vec<f64>,
        /// One line per weight prior.
        lines: Vec<SweepLine>,
        /// The rows the sweep fits (fewer than `n`: an evenly spaced subset).
        rows: usize,
        /// The data's rows.
        n: usize,
        /// The sweep's fits made so far (value by value, both weight priors).
        fitted: usize,
        /// The sweep's fits in all.
        total: usize,
        /// The current run's expected weights E[πₖ] (empty under EM).
        weights: Vec<f64>,
        /// The current run's weight prior (null under EM).
        weight_prior: Option<String>,
    }
}
