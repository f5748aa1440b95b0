//! EM and variational Bayes side by side: the other method's run (`emviz_app::vb_compare`),
//! brought to the page's half-step, drawn on its own canvas exactly as the main view draws a run
//! of that method, and both runs' captions.

use tsify::Ts;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Session;
use crate::render::look::Look;
use crate::render::points::PointLayer;
use crate::render::{histogram, scatter};
use crate::wire::vb_compare::VbCompareView;
use crate::wire::Wire;
use emviz_app::vb_compare::Side;

#[wasm_bindgen]
impl Session {
    /// Brings the other method's run (VB with the Dirichlet-process prior beside EM, EM beside
    /// VB, from the same start) to the half-step shown, draws it on `canvas` as the main view
    /// draws (VB's components faded by E[πₖ]; EM's all K), and returns both runs' captions.
    pub fn render_vb_compare(
        &mut self,
        canvas: &HtmlCanvasElement,
    ) -> Result<Ts<VbCompareView>, JsError> {
        let ctx = self.context_2d(canvas)?;
        let look = Look::page(self.ratio);
        let size = (canvas.width() as f64, canvas.height() as f64, &look);
        let (main, beside) = match self.page.vb_compare() {
            Ok(pair) => pair,
            Err(e) => return Err(self.fail(e)),
        };
        let other = beside.other();
        // A layer of its own, painted afresh: the other run's versions are not the main view's.
        let mut layer = PointLayer::default();
        let drawn = if other.data().d() == 1 {
            histogram::draw(&ctx, other, &mut layer, size, 1.0)
        } else {
            scatter::draw(&ctx, other, &mut layer, size, 1.0)
        };
        let sides = (Side::of(main), beside.side());
        let stuck = beside.stuck().cloned();
        drawn.map_err(|e| self.drawing_failed(e))?;
        self.give(VbCompareView {
            main: Wire::wire(&sides.0),
            other: Wire::wire(&sides.1),
            stuck: stuck.map(|e| self.page.describe(&e)),
        })
    }
}
