//! The run's history for the page: scrubbing back and forth half-step by half-step, and the
//! ELBO / KL / log-likelihood of every half-step for the charts.

use wasm_bindgen::prelude::*;

use super::{to_js, Session};

#[wasm_bindgen]
impl Session {
    /// Shows half-step `index` of the run (0 = the start), restoring that exact state.
    pub fn seek(&mut self, index: usize) -> Result<(), JsError> {
        self.app.seek(index).map_err(|e| self.fail(e))
    }

    /// `[{phase, iteration, logLikelihood, totalLogLikelihood, elbo, kl}]` for every half-step so
    /// far (elbo and kl are null at the start).
    pub fn half_steps(&self) -> Result<JsValue, JsError> {
        to_js(&self.app.half_steps())
    }
}
