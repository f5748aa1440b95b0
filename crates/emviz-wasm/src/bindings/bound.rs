//! §5.2.2 — any q(z) gives a lower bound: one point's ELBO and KL for a q set by hand, and the data
//! set's for q from an earlier E-step ([`emviz_app::bound`]).

use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::bound;

#[wasm_bindgen]
impl Session {
    /// Point `index`'s bound under the state shown for q ∝ `weights` (K values ≥ 0), or (null)
    /// the point's q from the last E-step: `{index, qFrom, terms: [{k, q, posterior, logPosterior,
    /// joint, logJoint, logWeight, logDensity, logPByProductRule, logJointOverQ,
    /// logQOverPosterior, elboTerm, klTerm, qLogWeight, qLogDensity, minusQLogQ}], p, logP, elbo,
    /// kl}` — every term of the chapter's derivation for this point (§5.2.1–§5.3.1).
    pub fn point_bound(&self, index: usize, weights: Option<Vec<f64>>) -> Result<JsValue, JsError> {
        let b =
            bound::point_bound(&self.app, index, weights.as_deref()).map_err(|e| self.fail(e))?;
        to_js(&b)
    }

    /// The data set's bound under the state shown for q from the E-step of iteration
    /// `from_iteration` (null: the current posterior): `{fromIteration, iterations, iteration, n,
    /// logP, elbo, kl}` (sums over the N points).
    pub fn data_bound(&self, from_iteration: Option<usize>) -> Result<JsValue, JsError> {
        let b = bound::data_bound(&self.app, from_iteration).map_err(|e| self.fail(e))?;
        to_js(&b)
    }
}
