//! §5.2.1 — latent variables: density contours of p(x) and of each p(x, z = k) over the 2-D view
//! ([`crate::render::contours`]).

use super::context_2d;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Session;
use crate::render::contours::{self, Contours};
use crate::render::Projected;

#[wasm_bindgen]
impl Session {
    /// Draws density contours over the main view (call it right after `render`): `which` is
    /// `off`, `mixture` (p(x)), `components` (each p(x, z = k) = φₖ N(x; μₖ, Σₖ)) or `both`; `t`
    /// tweens as the view does. Only in the 2-D view. Returns the number of segments drawn.
    pub fn render_contours(
        &self,
        canvas: &HtmlCanvasElement,
        which: &str,
        t: f64,
    ) -> Result<u32, JsError> {
        let which = Contours::parse(which)
            .ok_or_else(|| JsError::new("contours: off, mixture, components or both"))?;
        if self.app.data().d() < 2 {
            return Ok(0);
        }
        let ctx = context_2d(canvas)?;
        let view = self.view_for(canvas);
        let comps = Projected::tweened(&self.app, self.app.view_columns(), t.clamp(0.0, 1.0));
        Ok(contours::draw(&ctx, &view, &comps, which, self.ratio) as u32)
    }
}
