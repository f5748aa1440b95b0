//! One point on the wire: its E-step numbers and every term of the chapter's derivation for it,
//! and the pointer's questions (what is under it, where something is drawn, where a mean goes).

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{wire_struct, Phase, Wire};

wire_struct! {
    /// One component's part in a point's E-step.
    ComponentPart from emviz_app::inspect::ComponentPart {
        /// Component index (0-based).
        k: usize,
        /// Mixing weight φₖ.
        weight: f64,
        /// ln N(x; μₖ, Σₖ).
        log_density: f64,
        /// ln φₖ + ln N(x; μₖ, Σₖ).
        weighted_log_prob: f64,
        /// p(z = k | x; θ) under the current parameters.
        responsibility: f64,
        /// q(z = k) from the last E-step; null before the first E-step.
        q: Option<f64>,
        /// The component's colour, `#rrggbb`.
        color: String,
    }
}

wire_struct! {
    /// A point's E-step numbers.
    Inspection from emviz_app::inspect::Inspection {
        /// Row of the point (0-based).
        index: usize,
        /// Its coordinates (all columns).
        point: Vec<f64>,
        /// Column names.
        names: Vec<String>,
        /// One entry per component.
        components: Vec<ComponentPart>,
        /// ln p(x).
        log_likelihood: f64,
        /// 1 − maxₖ q(z = k): the point's uncertainty (mclust's).
        uncertainty: f64,
        /// The half-step shown.
        phase: Phase,
        /// Whether the run shown is variational Bayes (expected parameters, q the VB run's q(z)).
        variational: bool,
    }
}

/// Where a point's q came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum QFrom {
    /// Set by hand (the §5.2.2 sliders).
    Hand,
    /// The last E-step's q(z).
    EStep,
    /// No E-step yet: the posterior under the parameters shown.
    Posterior,
}

impl Wire<emviz_app::bound::QFrom> for QFrom {
    fn wire(source: &emviz_app::bound::QFrom) -> Self {
        use emviz_app::bound::QFrom as From;
        match source {
            From::Hand => QFrom::Hand,
            From::EStep => QFrom::EStep,
            From::Posterior => QFrom::Posterior,
        }
    }
}

wire_struct! {
    /// One component's terms of a point's bound (§5.2.1–§5.3.1).
    BoundTerm from emviz_app::bound::BoundTerm {
        k: usize,
        /// q(z = k).
        q: f64,
        /// p_θ(z = k | x).
        posterior: f64,
        log_posterior: f64,
        /// p_θ(x, z = k).
        joint: f64,
        log_joint: f64,
        /// log φₖ.
        log_weight: f64,
        /// log 𝒩(x; μₖ, Σₖ).
        log_density: f64,
        /// log p_θ(x, z = k) − log p_θ(z = k | x) = log p_θ(x).
        log_p_by_product_rule: f64,
        /// log (p_θ(x, z = k) / q); null where q = 0.
        log_joint_over_q: Option<f64>,
        /// log (q / p_θ(z = k | x)); null where q = 0.
        log_q_over_posterior: Option<f64>,
        /// This k's share of the ELBO.
        elbo_term: f64,
        /// This k's share of the KL.
        kl_term: f64,
        q_log_weight: f64,
        q_log_density: f64,
        minus_q_log_q: f64,
    }
}

wire_struct! {
    /// A point's bound: log p_θ(x) = ELBO + KL for its q.
    PointBound from emviz_app::bound::PointBound {
        index: usize,
        /// Where q came from.
        q_from: QFrom,
        terms: Vec<BoundTerm>,
        /// p_θ(x).
        p: f64,
        /// log p_θ(x).
        log_p: f64,
        elbo: f64,
        kl: f64,
    }
}

/// One point's numbers: its E-step and its bound.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PointView {
    /// The E-step's numbers.
    pub inspection: Inspection,
    /// The bound for the q asked for.
    pub bound: PointBound,
}

/// What the pointer looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum PickTarget {
    /// The data point drawn nearest (within a few pixels).
    Point,
    /// The component whose mean is drawn nearest (within a few pixels).
    Mean,
}

/// Something drawn on the main canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Drawn {
    /// Row `index` of the data.
    Point {
        /// The row.
        index: usize,
    },
    /// Component `k`'s current mean.
    Mean {
        /// The component.
        k: usize,
    },
}

/// Where a starting mean goes (canvas device pixels).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MeanMove {
    /// To `(x, y)` (kept inside the plot area; in the 1-D view only `x` counts).
    To {
        /// x.
        x: f64,
        /// y.
        y: f64,
    },
    /// By `(dx, dy)` from where it is drawn (the keyboard's drag).
    By {
        /// Δx.
        dx: f64,
        /// Δy.
        dy: f64,
    },
}
