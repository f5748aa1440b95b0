//! What leaves the page as text (exports, links) and what comes back (a link applied), and
//! Generate's draw.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::wire_struct;

/// A text the page saves or shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Export {
    /// The current model as JSON with scikit-learn's keys.
    Model,
    /// The data with the responsibilities of the current parameters, as CSV.
    Responsibilities,
    /// The current data as CSV (quoted names, then exact numbers), with the sample weights'
    /// column where it was pasted, if there is one.
    Data,
    /// The points Generate drew last, as rows for the Data box.
    Samples,
}

/// How the page is shown (not part of the run).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default)]
#[tsify(missing_as_null)]
pub struct ViewFlags {
    /// The chrome-less view for iframes.
    #[tsify(optional)]
    pub embed: bool,
    /// Start playing at once.
    #[tsify(optional)]
    pub autoplay: bool,
    /// Panels to hide.
    #[tsify(optional)]
    pub hide: Vec<String>,
    /// Panels to show.
    #[tsify(optional)]
    pub show: Vec<String>,
    /// The page's language.
    #[tsify(optional)]
    pub lang: Option<String>,
    /// The animation speed, 1–10.
    #[tsify(optional)]
    pub speed: Option<u8>,
    /// Open in presenter mode.
    #[tsify(optional)]
    pub present: bool,
}

impl From<&emviz_app::share::ViewFlags> for ViewFlags {
    fn from(v: &emviz_app::share::ViewFlags) -> Self {
        ViewFlags {
            embed: v.embed,
            autoplay: v.autoplay,
            hide: v.hide.clone(),
            show: v.show.clone(),
            lang: v.lang.clone(),
            speed: v.speed,
            present: v.present,
        }
    }
}

impl From<ViewFlags> for emviz_app::share::ViewFlags {
    fn from(v: ViewFlags) -> Self {
        emviz_app::share::ViewFlags {
            embed: v.embed,
            autoplay: v.autoplay,
            hide: v.hide,
            show: v.show,
            lang: v.lang,
            speed: v.speed,
            present: v.present,
        }
    }
}

impl super::Wire<emviz_app::share::ViewFlags> for ViewFlags {
    fn wire(source: &emviz_app::share::ViewFlags) -> Self {
        source.into()
    }
}

/// A link to the state shown, or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ShareAnswer {
    /// The link parameters (without `#`).
    Link {
        /// The parameters.
        params: String,
    },
    /// The data is too large for a link: share it as a file instead.
    TooLarge {
        /// Numbers in the data.
        values: usize,
        /// The most a link holds.
        limit: usize,
    },
}

wire_struct! {
    /// What the page shows after a link was applied.
    Applied from emviz_app::share::Applied {
        /// Whether the run was replaced.
        has_state: bool,
        /// The preset loaded, if any.
        preset: Option<String>,
        /// The data as text for the Data box, if new data was loaded.
        data_text: Option<String>,
        /// How the page is shown.
        view: ViewFlags,
    }
}

/// What Generate drew (the points stay in Rust).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Tsify)]
pub struct Sampled {
    /// How many points.
    pub n: usize,
    /// The seed they were drawn with (up to 2⁵³, as a number).
    pub seed: f64,
}
