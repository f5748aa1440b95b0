//! Every rule the page's controls follow, gathered in one value for JavaScript to read
//! (`Session.rules()`) instead of keeping copies: the covariance types and their order, the starts,
//! the ranges of K, the seed, max iterations, samples and Choose K's starts, the defaults, the
//! palette. Each rule is defined once, where it is checked (`settings`, `selection_job`,
//! `samples`, `kmeans_view`, `palette`); [`rules`] only gathers them.
//!
//! The core is to gain `emviz_core::rules` (a `Rules` value of the fit's own ranges); when it
//! does, [`rules`] is the one place to read the core's ranges from.

use emviz_core::CovarianceType;

use crate::settings::{Settings, Start, MAX_ITER_LIMIT, MAX_K, SEED_MAX};
use crate::{kmeans_view, palette, samples, selection_job};

/// A whole-number range, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// The smallest value.
    pub min: u64,
    /// The largest value.
    pub max: u64,
}

impl Range {
    /// `min..=max`.
    pub const fn new(min: u64, max: u64) -> Self {
        Range { min, max }
    }

    /// Whether `v` is in the range.
    pub fn holds(&self, v: u64) -> bool {
        (self.min..=self.max).contains(&v)
    }
}

/// The rules of the page's controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// The covariance types, in the order the page offers them.
    pub covariance_types: Vec<CovarianceType>,
    /// The starts, in the order the page offers them.
    pub inits: Vec<Start>,
    /// K of a run.
    pub k: Range,
    /// A seed (below 2⁵³: a JavaScript number holds it exactly).
    pub seed: Range,
    /// Max iterations.
    pub max_iter: Range,
    /// Points one Generate may draw.
    pub samples: Range,
    /// K of Choose K: 1 to its largest K.
    pub select_k: Range,
    /// Starts per K of Choose K.
    pub select_starts: Range,
    /// Starts per K Choose K offers first.
    pub select_starts_default: usize,
    /// The settings of the book's run, the page's first.
    pub defaults: Settings,
    /// The seed with which the `elongated` preset shows EM and k-means disagreeing.
    pub disagree_seed: u64,
    /// Component `j`'s colour is `palette[j % palette.len()]`, CSS `#rrggbb`.
    pub palette: Vec<String>,
}

/// The page's rules, gathered from where each is defined.
pub fn rules() -> Rules {
    Rules {
        covariance_types: CovarianceType::ALL.to_vec(),
        inits: Start::ALL.to_vec(),
        k: Range::new(1, MAX_K as u64),
        seed: Range::new(0, SEED_MAX),
        max_iter: Range::new(1, MAX_ITER_LIMIT as u64),
        samples: Range::new(1, samples::MAX_SAMPLES as u64),
        select_k: Range::new(1, selection_job::JOB_MAX_K as u64),
        select_starts: Range::new(1, selection_job::MAX_N_INIT as u64),
        select_starts_default: selection_job::DEFAULT_N_INIT,
        defaults: Settings::default(),
        disagree_seed: kmeans_view::DISAGREE_SEED,
        palette: palette::PALETTE.iter().map(|c| palette::css(*c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_are_the_checks_own_limits() {
        let r = rules();
        assert_eq!((r.k.min, r.k.max), (1, 10));
        assert_eq!(r.covariance_types[0], CovarianceType::Full);
        assert_eq!(r.inits, [Start::Book, Start::KMeansPlusPlus, Start::Random]);
        assert_eq!(r.seed.max, (1 << 53) - 1);
        assert_eq!(r.palette.len(), palette::PALETTE.len());
        assert_eq!(r.palette[..2], ["#0072b2", "#e69f00"]);
        assert!(r.select_starts.holds(r.select_starts_default as u64));
        assert_eq!(r.defaults, Settings::default());
    }
}
