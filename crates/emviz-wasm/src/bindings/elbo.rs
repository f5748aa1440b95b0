//! The ELBO / KL panel: the chart of log p(x) = ELBO + KL over recent half-steps and the numbers
//! of the stacked bar for the half-step shown (which follows the history cursor).

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::elbo;

#[wasm_bindgen]
impl Session {
    /// Draws the ELBO chart; `x_label` and `y_label` are the axis titles in the page's language.
    /// Returns the y axis's layout (`{labels, widest, area, font, ratio}`, device pixels) or null.
    pub fn render_elbo(
        &self,
        canvas: HtmlCanvasElement,
        x_label: &str,
        y_label: &str,
    ) -> Result<JsValue, JsError> {
        let win = elbo::window(
            &self.app.half_steps(),
            self.app.state().cursor,
            elbo::WINDOW,
        );
        let layout = elbo::draw(canvas, win.as_ref(), self.ratio, (x_label, y_label))
            .map_err(|e| JsError::new(&e))?;
        to_js(&layout)
    }

    /// The stacked bar of the half-step shown: `{phase, logP, elbo, kl, scale: [lo, hi],
    /// elboFrac, logPFrac}` (elbo and kl null at the start; kl exactly 0 after an E-step).
    pub fn elbo_bar(&self) -> Result<JsValue, JsError> {
        let win = elbo::window(
            &self.app.half_steps(),
            self.app.state().cursor,
            elbo::WINDOW,
        );
        to_js(&elbo::bar(&self.app, win.as_ref()))
    }

    /// The chart's data: `{points: [{index, phase, iteration, elbo, logP}], cursor, y}` or null.
    pub fn elbo_window(&self) -> Result<JsValue, JsError> {
        let win = elbo::window(
            &self.app.half_steps(),
            self.app.state().cursor,
            elbo::WINDOW,
        );
        to_js(&win)
    }
}
