//! §5.1.2's numbers ([`emviz_app::kl_examples`]): two coins p = (p(H), 1 − p(H)) and
//! q = (q(H), 1 − q(H)) with D_KL(p‖q) and D_KL(q‖p) written out term by term (the chapter's
//! examples: p = 0.7/0.3 against q = 0.5/0.5 gives 0.0823, against 0.2/0.8 gives 0.5827), and the
//! integral form for two 1-D Gaussians beside its closed form.

use wasm_bindgen::prelude::*;

use super::{to_js, Session};
use emviz_app::kl_examples::{coins, densities};

#[wasm_bindgen]
impl Session {
    /// `{pq, qp, p, q, termsPq, termsQp}` for p = (p1, 1 − p1) and q = (q1, 1 − q1), each strictly
    /// between 0 and 1: both divergences and each one's two terms.
    pub fn kl_pair(&self, p1: f64, q1: f64) -> Result<JsValue, JsError> {
        let c = coins(p1, q1).map_err(|e| self.fail(e))?;
        to_js(&c)
    }

    /// D_KL of p = 𝒩(mp, sp²) and q = 𝒩(mq, sq²) both ways: `{integralPq, integralQp, closedPq,
    /// closedQp, from, to, intervals}` (the integral summed on a grid, and the closed form).
    pub fn kl_densities(&self, mp: f64, sp: f64, mq: f64, sq: f64) -> Result<JsValue, JsError> {
        let d = densities(mp, sp, mq, sq).map_err(|e| self.fail(e))?;
        to_js(&d)
    }
}
