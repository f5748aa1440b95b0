//! The methods of fitting the page offers ([`Method`]): EM, or variational Bayes by its prior on
//! the weights; a setting ([`crate::settings::Settings::method`]), named on the wire and in
//! [`crate::rules::rules`].

use emviz_core::WeightPrior;

/// How a run fits: EM, or variational Bayes with a prior on the weights (the rest of its priors
/// scikit-learn's defaults from the data; see [`crate::vb_run`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// Expectation–maximisation, the chapter's (the page's first).
    #[default]
    Em,
    /// Variational Bayes with this weight prior.
    Vb(WeightPrior),
}

impl Method {
    /// Every method, in the order the page lists them: EM, then VB with each weight prior in
    /// [`WeightPrior::ALL`]'s order.
    pub fn all() -> [Method; 3] {
        let [a, b] = WeightPrior::ALL;
        [Method::Em, Method::Vb(a), Method::Vb(b)]
    }

    /// The name: `em`, or the weight prior's (the core's).
    pub fn name(self) -> &'static str {
        match self {
            Method::Em => "em",
            Method::Vb(w) => w.name(),
        }
    }

    /// The method a name stands for (a weight prior's aliases too).
    pub fn from_name(text: &str) -> Option<Method> {
        if text.trim().eq_ignore_ascii_case(Method::Em.name()) {
            Some(Method::Em)
        } else {
            WeightPrior::from_name(text).map(Method::Vb)
        }
    }
}
