//! The wire format: every value that crosses between JavaScript and Rust, as a type of its own
//! (camelCase fields, names for enums, `null` for a missing value). Each derives [`Tsify`], so
//! `wasm-bindgen --typescript` writes its TypeScript declaration next to the `Session` methods
//! that take or give it, and the page's JavaScript is checked against those declarations
//! (`tsc --noEmit`, the lint stage). The web-free app (`emviz-app`) knows nothing of this: each
//! type here is made from the app's own value ([`Wire`]) or read into the app's calls by the
//! binding.
//!
//! | module | what crosses |
//! |---|---|
//! | [`run`] | the run's snapshot, steps, loading data, the settings form, commands |
//! | [`point`] | one point's numbers and the pointer's picks |
//! | [`chapter`] | the chapter's panels, asked for part by part |
//! | [`exercises`] | the exercises' catalogue and verdicts |
//! | [`select`] | Choose K's commands and tables |
//! | [`files`] | exports, links, Generate |
//! | [`lecture`] | lecture steps planned, and the way to one |
//! | [`rules`] | the rules of the controls, the glossary |
//! | [`draw`] | what to draw and what a drawing reports |
//! | [`concentration`] | the concentration panel: set the prior, the slider, the sweep |
//! | [`vb_compare`] | EM and variational Bayes side by side: each run's caption |
//! | [`workers`] | the Web Workers' plan and their opaque parameters and statistics |

pub mod chapter;
pub mod concentration;
pub mod draw;
pub mod exercises;
pub mod files;
pub mod lecture;
pub mod point;
pub mod rules;
pub mod run;
pub mod select;
pub mod vb_compare;
pub mod workers;

use emviz_app::start::Start;
use emviz_core::{CovarianceType, HalfStep};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// A value as it crosses to JavaScript, made from the app's value of type `S`.
pub trait Wire<S: ?Sized> {
    /// The wire value of `source`.
    fn wire(source: &S) -> Self;
}

/// Types that cross as they are.
macro_rules! wire_as_is {
    ($($t:ty),*) => {
        $(impl Wire<$t> for $t {
            fn wire(source: &$t) -> Self {
                source.clone()
            }
        })*
    };
}
wire_as_is!(f64, usize, u64, u32, bool, String);

/// A whole number that may reach 2⁵³ (a seed, the seed's range: the core's `SEED_MAX`) crosses as
/// a JavaScript number, which holds it exactly; serde-wasm-bindgen refuses a `u64` above
/// `Number.MAX_SAFE_INTEGER` (2⁵³ − 1), 2⁵³ included.
impl Wire<u64> for f64 {
    fn wire(source: &u64) -> Self {
        *source as f64
    }
}

/// A name (a covariance type's or an mclust model's, as the page calls it) crosses as text.
impl Wire<&'static str> for String {
    fn wire(source: &&'static str) -> Self {
        source.to_string()
    }
}

/// One of mclust's models crosses as its name (`VEV`).
impl Wire<emviz_core::ModelName> for String {
    fn wire(source: &emviz_core::ModelName) -> Self {
        source.name().to_string()
    }
}

/// A method of fitting crosses as its name (`em`, or a weight prior's).
impl Wire<emviz_app::settings::Method> for String {
    fn wire(source: &emviz_app::settings::Method) -> Self {
        source.name().to_string()
    }
}

impl<S, T: Wire<S>> Wire<Vec<S>> for Vec<T> {
    fn wire(source: &Vec<S>) -> Self {
        source.iter().map(T::wire).collect()
    }
}

impl<S, T: Wire<S>> Wire<Option<S>> for Option<T> {
    fn wire(source: &Option<S>) -> Self {
        source.as_ref().map(T::wire)
    }
}

impl<S, T: Wire<S>, const N: usize> Wire<[S; N]> for [T; N] {
    fn wire(source: &[S; N]) -> Self {
        std::array::from_fn(|i| T::wire(&source[i]))
    }
}

impl<A, B, WA: Wire<A>, WB: Wire<B>> Wire<(A, B)> for (WA, WB) {
    fn wire(source: &(A, B)) -> Self {
        (WA::wire(&source.0), WB::wire(&source.1))
    }
}

/// Declares a wire struct (camelCase fields, `null` for `None`) and its making from the app's
/// struct of the same field names: `wire_struct! { /// doc  Name from app::Type { field: T, … } }`.
/// Every field listed is converted with [`Wire`]; fields the app has beyond them stay behind.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        $name:ident from $source:ty {
            $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, tsify::Tsify)]
        #[serde(rename_all = "camelCase")]
        #[tsify(missing_as_null)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl $crate::wire::Wire<$source> for $name {
            fn wire(source: &$source) -> Self {
                $name {
                    $($field: $crate::wire::Wire::wire(&source.$field),)*
                }
            }
        }
    };
}
pub(crate) use wire_struct;

/// The half-step shown: `start` before the first E-step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub enum Phase {
    /// No half-step yet.
    #[serde(rename = "start")]
    Start,
    /// After an E-step.
    E,
    /// After an M-step.
    M,
}

impl Wire<Option<HalfStep>> for Phase {
    fn wire(source: &Option<HalfStep>) -> Self {
        match source {
            None => Phase::Start,
            Some(HalfStep::E) => Phase::E,
            Some(HalfStep::M) => Phase::M,
        }
    }
}

/// A half-step taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub enum Half {
    /// An E-step.
    E,
    /// An M-step.
    M,
}

impl Wire<HalfStep> for Half {
    fn wire(source: &HalfStep) -> Self {
        match source {
            HalfStep::E => Half::E,
            HalfStep::M => Half::M,
        }
    }
}

/// A covariance type, by the name scikit-learn gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Covariance {
    /// One full covariance matrix per component.
    Full,
    /// One shared full covariance matrix.
    Tied,
    /// A diagonal covariance matrix per component.
    Diag,
    /// One variance per component.
    Spherical,
}

impl Wire<CovarianceType> for Covariance {
    fn wire(source: &CovarianceType) -> Self {
        match source {
            CovarianceType::Full => Covariance::Full,
            CovarianceType::Tied => Covariance::Tied,
            CovarianceType::Diag => Covariance::Diag,
            CovarianceType::Spherical => Covariance::Spherical,
        }
    }
}

/// How a run starts, by the page's name for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum Init {
    /// The book's start.
    #[serde(rename = "book")]
    Book,
    /// k-means++ seeding.
    #[serde(rename = "kmeans++")]
    KMeansPlusPlus,
    /// K random data points.
    #[serde(rename = "random")]
    Random,
}

impl Wire<Start> for Init {
    fn wire(source: &Start) -> Self {
        match source {
            Start::Book => Init::Book,
            Start::KMeansPlusPlus => Init::KMeansPlusPlus,
            Start::Random => Init::Random,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enums_cross_by_the_names_the_app_reads_back() {
        for start in Start::ALL {
            let name = serde_json::to_value(Init::wire(&start)).unwrap();
            assert_eq!(name, start.as_str());
        }
        for t in CovarianceType::ALL {
            let name = serde_json::to_value(Covariance::wire(&t)).unwrap();
            assert_eq!(name, t.as_str());
        }
        let phases = [None, Some(HalfStep::E), Some(HalfStep::M)].map(|h| Phase::wire(&h));
        assert_eq!(
            serde_json::to_value(phases).unwrap(),
            serde_json::json!(["start", "E", "M"])
        );
    }
}
