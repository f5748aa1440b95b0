//! The rules of the page's controls and its glossary, on the wire.

use serde::Serialize;
use tsify::Tsify;

use super::run::Settings;
use super::{wire_struct, Covariance, Init};

wire_struct! {
    /// A whole-number range, both ends included (the seed's reaches 2⁵³: numbers, not u64).
    Range from emviz_app::rules::Range {
        min: f64,
        max: f64,
    }
}

wire_struct! {
    /// Every rule the page's controls follow (`emviz_app::rules`).
    Rules from emviz_app::rules::Rules {
        /// The covariance types, in the order offered.
        covariance_types: Vec<Covariance>,
        /// mclust's fourteen models, in mclust's order.
        models: Vec<ModelFact>,
        /// The starts, in the order offered.
        inits: Vec<Init>,
        /// The methods of fitting (`em`, then variational Bayes by weight prior), in the order
        /// offered.
        methods: Vec<String>,
        /// K of a run.
        k: Range,
        /// A seed.
        seed: Range,
        /// Max iterations.
        max_iter: Range,
        /// Points one Generate may draw.
        samples: Range,
        /// K of Choose K.
        select_k: Range,
        /// Starts per K of Choose K.
        select_starts: Range,
        /// Starts per K Choose K offers first.
        select_starts_default: usize,
        /// The book's run: the page's first settings.
        defaults: Settings,
        /// The seed with which the `elongated` preset shows EM and k-means disagreeing.
        disagree_seed: u64,
        /// The settings of the case "EM and VB" shows on Old Faithful (PRML Fig. 10.6's).
        vb_case: Settings,
        /// Component `j`'s colour is `palette[j % palette.length]`, CSS `#rrggbb`.
        palette: Vec<String>,
    }
}

wire_struct! {
    /// One of mclust's models and what it lets vary over the components.
    ModelFact from emviz_core::rules::ModelFacts {
        /// mclust's name (`VEV`).
        name: String,
        /// How the volume varies: `equal`, `variable` or `identity`.
        volume: String,
        /// How the shape varies.
        shape: String,
        /// How the orientation varies.
        orientation: String,
        /// The scikit-learn covariance type it is, if any.
        covariance_type: Option<Covariance>,
    }
}

/// A way a model's volume, shape or orientation varies crosses as its name (`equal`,
/// `variable`, `identity`: the core's serde names).
impl super::Wire<emviz_core::rules::Variation> for String {
    fn wire(source: &emviz_core::rules::Variation) -> Self {
        use emviz_core::rules::Variation;
        match source {
            Variation::Equal => "equal",
            Variation::Variable => "variable",
            Variation::Identity => "identity",
        }
        .to_string()
    }
}

/// Where a glossary term comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The book.
    Book,
    /// The slides.
    Slides,
    /// The blog.
    Blog,
    /// Chosen for the page.
    Chosen,
}

impl super::Wire<emviz_app::glossary::Source> for Source {
    fn wire(source: &emviz_app::glossary::Source) -> Self {
        use emviz_app::glossary::Source as From;
        match source {
            From::Book => Source::Book,
            From::Slides => Source::Slides,
            From::Blog => Source::Blog,
            From::Chosen => Source::Chosen,
        }
    }
}

wire_struct! {
    /// One concept in one language.
    GlossaryEntry from emviz_app::glossary::Entry {
        id: String,
        term: String,
        symbol: String,
        /// The term in the other languages, as [language, term].
        elsewhere: Vec<(String, String)>,
        source: Source,
        why: Option<String>,
        /// The variants this term replaces.
        replaces: Vec<String>,
    }
}

/// The glossary in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Glossary {
    /// Every concept.
    pub entries: Vec<GlossaryEntry>,
    /// The notation rules' texts.
    pub notation: Vec<String>,
}
