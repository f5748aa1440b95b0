//! EM and variational Bayes side by side on the wire: each run's caption (the page's and the
//! other method's beside it, `emviz_app::vb_compare`), and why the other stays behind if it
//! could not go on.

use serde::Serialize;
use tsify::Tsify;

use super::{wire_struct, Phase};

wire_struct! {
    /// One run's caption.
    CompareSide from emviz_app::vb_compare::Side {
        /// Its method: `em`, or the weight prior's name.
        method: String,
        /// The half-step shown (an index into its history: 0 is the start).
        half_steps: usize,
        /// Completed iterations.
        iteration: usize,
        /// The last half-step.
        phase: Phase,
        /// Components.
        k: usize,
        /// Under VB: the components with E[πₖ] above 0.01 (null under EM: all K).
        components_in_use: Option<usize>,
        /// The mean log-likelihood (under VB: of the expected mixture).
        log_likelihood: f64,
        /// Under VB: the lower bound of the last M-step (null under EM and before the first).
        bound: Option<f64>,
        /// Its own stopping rule met.
        converged: bool,
        /// It is over (converged or max_iter).
        done: bool,
    }
}

/// The two runs side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct VbCompareView {
    /// The page's run (the main figure).
    pub main: CompareSide,
    /// The other method's run, drawn beside it.
    pub other: CompareSide,
    /// Why the other run stays behind, in the page's language: the half-step it could not take
    /// (a collapsed component); null when it is in step or over by its own stopping rule.
    pub stuck: Option<String>,
}
