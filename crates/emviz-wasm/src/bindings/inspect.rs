//! Clicking a point: which data point a click on the main canvas hit, and the E-step's numbers for
//! it (weights, component log densities, responsibilities, ln p(x)), computed by the core
//! ([`emviz_app::inspect`]). Also where a point is drawn, for tests and keyboard users.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::pick::{nearest_point, position, PICK_RADIUS};
use crate::render::view_of;
use emviz_app::inspect::inspect_point;
use emviz_app::view::View;

impl Session {
    /// The main canvas's view (1-D or 2-D).
    pub(crate) fn view_for(&self, canvas: &HtmlCanvasElement) -> View {
        view_of(
            &self.app,
            canvas.width() as f64,
            canvas.height() as f64,
            self.ratio,
        )
    }
}

#[wasm_bindgen]
impl Session {
    /// The point under canvas position (x, y) (device pixels) within about 6 CSS pixels:
    /// `{index, point, names, phase, logLikelihood, components: [{k, weight, logDensity,
    /// weightedLogProb, responsibility, q}]}`, or `null` if no point is that close (or the data
    /// has one column).
    pub fn inspect_at(
        &self,
        canvas: &HtmlCanvasElement,
        x: f64,
        y: f64,
    ) -> Result<JsValue, JsError> {
        let view = self.view_for(canvas);
        match nearest_point(&self.app, &view, x, y, PICK_RADIUS * self.ratio) {
            None => Ok(JsValue::NULL),
            Some(i) => self.inspect(i),
        }
    }

    /// The same numbers for row `index` of the data.
    pub fn inspect(&self, index: usize) -> Result<JsValue, JsError> {
        let ins = inspect_point(&self.app, index).map_err(|e| self.fail(e))?;
        to_js(&ins)
    }

    /// Canvas position `[x, y]` (device pixels) of row `index` (in the 1-D view, in the rug), or
    /// `null`.
    pub fn point_position(&self, canvas: &HtmlCanvasElement, index: usize) -> Option<Vec<f64>> {
        position(&self.app, &self.view_for(canvas), index).map(|p| p.to_vec())
    }
}
