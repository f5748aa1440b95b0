//! Drawing on the wire: which chart or overlay to draw, with its words in the page's language,
//! and what a drawing reports back (the y axis's layout, the principal plane).

use serde::Deserialize;
use tsify::Tsify;

use super::wire_struct;

/// A chart and its axis titles in the page's language.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Chart {
    /// The mean log-likelihood per iteration (titled in Rust, in the page's language).
    LogLikelihood,
    /// log p(x) = ELBO + KL over recent half-steps.
    Elbo {
        /// The x axis's title.
        x: String,
        /// The y axis's title.
        y: String,
    },
    /// §5.1.3: ℓ per iteration, the estimate H − ℓ and D_KL on the independent sample.
    Truth {
        /// The x axis's title.
        x: String,
        /// The y axis's title.
        y: String,
    },
    /// Choose K: the chosen criterion against K for the fits done so far, beside BIC (or AIC
    /// when BIC is the one chosen).
    Selection {
        /// The x axis's title.
        x: String,
        /// The BIC panel's title.
        bic: String,
        /// The AIC panel's title.
        aic: String,
        /// The ICL panel's title.
        icl: String,
    },
    /// The settings' small picture of what a covariance model constrains: a covariance type's
    /// name (`full`) or one of mclust's models (`VEV`); a bad name is Rust's message.
    Model {
        /// The model or type, by name.
        model: String,
    },
}

/// Density contours over the 2-D view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Contours {
    /// None.
    Off,
    /// The mixture p(x).
    Mixture,
    /// Each p(x, z = k).
    Components,
    /// Both.
    Both,
}

/// What is drawn over the main view, right after it.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Overlay {
    /// Density contours (2-D view only), tweened by `t` (0–1) as the view is.
    Contours {
        /// Which.
        which: Contours,
        /// The tween.
        t: f64,
    },
    /// The points Generate drew last: dark crosses (2-D) or ticks under the axis (1-D).
    Samples,
    /// "Outline by uncertainty" (2-D view only): a ring around each uncertain point, stronger
    /// the higher its 1 − max q(z).
    Uncertainty,
}

wire_struct! {
    /// A chart's y axis as drawn (device pixels), for tests.
    AxisLayout from crate::render::ticks::YAxisLayout {
        labels: Vec<String>,
        widest: f64,
        area: u32,
        font: f64,
        ratio: f64,
    }
}

wire_struct! {
    /// One component on the principal plane.
    ProjectedComponent from crate::render::pca::ProjectedComponent {
        mean: [f64; 2],
        /// 2 × 2, row-major.
        cov: [f64; 4],
    }
}

wire_struct! {
    /// The principal-components view's facts.
    PcaInfo from crate::render::pca::PcaInfo {
        /// Share of the total variance along PC1 and PC2.
        explained: [f64; 2],
        /// The two axes as column loadings, each d long.
        axes: [Vec<f64>; 2],
        names: Vec<String>,
        components: Vec<ProjectedComponent>,
    }
}
