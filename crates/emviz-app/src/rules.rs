//! Every rule the page's controls follow, gathered in one value for JavaScript to read
//! (`Session.rules()`) instead of keeping copies.
//!
//! The rules of a fit are the core's, read from `emviz_core::rules` and nowhere else: the
//! covariance types and their order, the starts' names, the range of K (a run's and Choose K's),
//! the range of a seed, the defaults and the book's start (the page's first settings are the book's
//! run, [`Settings::default`]). The page adds its own, each defined once where it is checked:
//! the starts it offers and their order ([`Start::ALL`]), the most iterations
//! (`settings::MAX_ITER_LIMIT`), Generate's count (`samples`), Choose K's starts
//! (`selection_job`), the seed with which k-means and EM disagree (`kmeans_view`), the case
//! that sets EM and VB side by side (`vb_compare`) and the palette (`palette`). [`rules`] only gathers them.

use emviz_core::rules::ModelFacts;
use emviz_core::CovarianceType;

use crate::settings::{Settings, MAX_ITER_LIMIT};
use crate::start::Start;
use crate::{kmeans_view, palette, samples, selection_job, vb_compare};

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
    /// The covariance types, in the core's order.
    pub covariance_types: Vec<CovarianceType>,
    /// mclust's fourteen models, in mclust's order, with what each lets vary (the core's).
    pub models: Vec<ModelFacts>,
    /// The starts, in the order the page offers them (named as the core names them).
    pub inits: Vec<Start>,
    /// The methods of fitting, in the order offered (EM first; see `method::Method::all`).
    pub methods: Vec<crate::method::Method>,
    /// K of a run: the core's range.
    pub k: Range,
    /// A seed: the core's range (to 2⁵³: a JavaScript number holds it exactly).
    pub seed: Range,
    /// Max iterations.
    pub max_iter: Range,
    /// Points one Generate may draw.
    pub samples: Range,
    /// K of Choose K: the same range as a run's, so the K it chooses can be used.
    pub select_k: Range,
    /// Starts per K of Choose K.
    pub select_starts: Range,
    /// Starts per K Choose K offers first.
    pub select_starts_default: usize,
    /// The settings of the book's run, the page's first.
    pub defaults: Settings,
    /// The seed with which the `elongated` preset shows EM and k-means disagreeing.
    pub disagree_seed: u64,
    /// The settings of the case "EM and VB" shows on Old Faithful (PRML Fig. 10.6's).
    pub vb_case: Settings,
    /// Component `j`'s colour is `palette[j % palette.len()]`, CSS `#rrggbb`.
    pub palette: Vec<String>,
}

/// The page's rules: the core's rules of a fit, and the page's own, each from where it is
/// defined.
pub fn rules() -> Rules {
    let fit = emviz_core::rules::rules();
    let k = Range::new(fit.k.min as u64, fit.k.max as u64);
    Rules {
        covariance_types: CovarianceType::ALL.to_vec(),
        models: fit.models.clone(),
        inits: Start::ALL.to_vec(),
        methods: crate::method::Method::all().to_vec(),
        k,
        seed: Range::new(fit.seed.min, fit.seed.max),
        max_iter: Range::new(1, MAX_ITER_LIMIT as u64),
        samples: Range::new(1, samples::MAX_SAMPLES as u64),
        select_k: k,
        select_starts: Range::new(1, selection_job::MAX_N_INIT as u64),
        select_starts_default: selection_job::DEFAULT_N_INIT,
        defaults: Settings::default(),
        disagree_seed: kmeans_view::DISAGREE_SEED,
        vb_case: vb_compare::prml_case(),
        palette: palette::PALETTE.iter().map(|c| palette::css(*c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::rules::{InitKind, BOOK, DEFAULTS};

    /// Every rule of a fit the page gives is the core's, as `emviz_core::rules::rules()` states
    /// it for every face.
    #[test]
    fn the_fits_rules_are_the_cores() {
        let (r, fit) = (rules(), emviz_core::rules::rules());
        let names: Vec<&str> = r.covariance_types.iter().map(|t| t.name()).collect();
        let core: Vec<&str> = fit.covariance_types.iter().map(|t| t.name).collect();
        assert_eq!(names, core);
        for start in &r.inits {
            assert!(fit.inits.iter().any(|i| i.name == start.as_str()));
            assert_eq!(InitKind::from_name(start.as_str()), Some(start.kind()));
        }
        assert_eq!((r.k.min, r.k.max), (fit.k.min as u64, fit.k.max as u64));
        assert_eq!(r.select_k, r.k);
        assert_eq!((r.seed.min, r.seed.max), (fit.seed.min, fit.seed.max));
        let d = &r.defaults;
        assert_eq!(
            (d.k, d.init, d.reg_covar),
            (BOOK.k, Start::Book, BOOK.reg_covar)
        );
        assert_eq!(
            (d.covariance_type, d.seed, d.tol, d.max_iter),
            (
                DEFAULTS.covariance_type,
                DEFAULTS.seed,
                DEFAULTS.tol,
                DEFAULTS.max_iter
            )
        );
    }

    #[test]
    fn the_pages_own_rules_are_its_checks_limits() {
        let r = rules();
        assert_eq!(r.inits, [Start::Book, Start::KMeansPlusPlus, Start::Random]);
        assert_eq!(r.max_iter.max, MAX_ITER_LIMIT as u64);
        assert_eq!(r.palette.len(), palette::PALETTE.len());
        assert_eq!(r.palette[..2], ["#0072b2", "#e69f00"]);
        assert!(r.select_starts.holds(r.select_starts_default as u64));
        assert_eq!(r.defaults, Settings::default());
    }
}
