//! Lecture steps: the paragraphs' `data-emviz` texts planned, and the way to one of them.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::wire_struct;
use super::Wire;

/// What the lecture module asks.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LectureAsk {
    /// Every step read and laid over the figure's state (`base`: its link parameters).
    Plan {
        /// The figure's own link parameters.
        base: String,
        /// Each paragraph's `data-emviz` text, in reading order.
        steps: Vec<String>,
    },
    /// Moves the run towards a planned step's run (its `link`).
    Go {
        /// The step's link parameters.
        link: String,
    },
}

/// One step, planned, or why it cannot be read (in the page's language).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PlannedStep {
    /// What the figure shows at this step.
    Step {
        /// The link parameters of the step's run.
        link: String,
        /// The panels shown (null: the figure's own).
        panels: Option<Vec<String>>,
        /// The point opened (0-based), if any.
        point: Option<usize>,
        /// The formula lit (`formula:E`, `formula:M`, `formula:marginal`), if any.
        highlight: Option<String>,
        /// The animation's speed, 1–10, if named.
        speed: Option<u8>,
    },
    /// The step could not be read: the message names the column and what is wrong.
    Invalid {
        /// The message.
        message: String,
    },
}

impl Wire<emviz_app::lecture::PlannedStep> for PlannedStep {
    fn wire(s: &emviz_app::lecture::PlannedStep) -> Self {
        PlannedStep::Step {
            link: s.link.clone(),
            panels: s.panels.clone(),
            point: s.point,
            highlight: s.highlight.map(str::to_string),
            speed: s.speed,
        }
    }
}

wire_struct! {
    /// How the figure reaches a step: animate the half-steps `from`..`to`.
    Route from emviz_app::lecture::Route {
        /// The run was replaced: the page refreshes its data box and settings.
        restarted: bool,
        /// The half-step shown now.
        from: usize,
        /// The step's half-step.
        to: usize,
        /// When restarted on a built-in data set: its id.
        preset: Option<String>,
        /// When restarted on other data: the data as text.
        data_text: Option<String>,
    }
}

/// The lecture module's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LectureAnswer {
    /// Every step, in order.
    Plan {
        /// The steps.
        steps: Vec<PlannedStep>,
    },
    /// The way to the step.
    Route {
        /// The route.
        route: Route,
    },
}
