//! The chapter panels' numbers that are not drawn: §5.4's eq. 5.8 ([`emviz_app::objective`]), the
//! book's printed log-likelihood ([`emviz_app::book`]), the blog's 1-D notation
//! ([`emviz_app::blog`]), the complete data of the blog's "Observation" and the points coloured by
//! their true labels ([`emviz_app::complete`]), and the glossary ([`emviz_app::glossary`]).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::{blog, book, complete, glossary, objective};

/// The glossary in one language, for its panel.
#[derive(Serialize)]
struct GlossaryView {
    entries: Vec<glossary::Entry>,
    notation: Vec<String>,
}

#[wasm_bindgen]
impl Session {
    /// Eq. 5.8 for the state shown: `{available, phase, iteration, n, atOld, logPOld, atNew,
    /// logPNew, components: [{k, nK, weightedMean, atOld, normAtOld, atNew, normAtNew}]}` — the
    /// M-step's objective J(θ) = Σₙ ELBO(x⁽ⁿ⁾; q = p_θold(z | x⁽ⁿ⁾), θ) at θ_old and the new θ, and
    /// ∂J/∂μₖ at both (sums over the N points).
    pub fn m_objective(&self) -> Result<JsValue, JsError> {
        let o = objective::objective(&self.app).map_err(|e| self.fail(e))?;
        to_js(&o)
    }

    /// What the book's code prints for the state shown beside the exact value: `{printed, exact,
    /// belowEps, n, iteration, booksRun}` (means per point).
    pub fn book_likelihood(&self) -> Result<JsValue, JsError> {
        let b = book::book_likelihood(&self.app).map_err(|e| self.fail(e))?;
        to_js(&b)
    }

    /// The blog's 1-D numbers: `{oneD, n, k, regCovar, components: [{k, prior, mean, variance,
    /// sumB, sumBx, nextMean, sumBSq, nextVariance, nextPrior}], point}` with `point` (for row
    /// `index`, or null) `{index, x, likelihood, joint, evidence, posterior}`.
    pub fn blog_view(&self, index: Option<usize>) -> Result<JsValue, JsError> {
        let b = blog::blog(&self.app, index).map_err(|e| self.fail(e))?;
        to_js(&b)
    }

    /// The complete data: `{known, shown, n, d, groups: [{k, count, weight, mean, covariance,
    /// color}], trueWeights, trueMeans, trueCovariances}`.
    pub fn complete_data(&self) -> Result<JsValue, JsError> {
        to_js(&complete::complete_data(&self.app))
    }

    /// Colours the points by their true labels (`true`, where known) or by their
    /// responsibilities; returns whether the labels are shown.
    pub fn show_labels(&mut self, on: bool) -> bool {
        self.app.show_labels(on)
    }

    /// The glossary in `lang` (`en`, `ko`, `ja`): `{entries: [{id, term, symbol, elsewhere,
    /// source, why, replaces}], notation}`.
    pub fn glossary(lang: &str) -> Result<JsValue, JsError> {
        let (entries, notation) = glossary::entries(lang);
        to_js(&GlossaryView { entries, notation })
    }
}
