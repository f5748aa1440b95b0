//! The principal-components view for d > 2 ([`crate::render::pca`]).

use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{to_js, Session};
use crate::render::pca;

#[wasm_bindgen]
impl Session {
    /// Draws the data on its first two principal axes with every component's ellipse projected;
    /// `x_title`/`y_title` name the axes. Returns `{explained: [PC1, PC2], axes: [[d], [d]], names,
    /// components: [{mean, cov}]}`. An error for data with fewer than two columns.
    pub fn render_pca(
        &self,
        canvas: &HtmlCanvasElement,
        x_title: &str,
        y_title: &str,
    ) -> Result<JsValue, JsError> {
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| JsError::new("the canvas has no 2-D context"))?;
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        let info = pca::draw(&ctx, &self.app, size, (x_title, y_title))
            .map_err(|e| JsError::new(&e.as_string().unwrap_or_else(|| "drawing failed".into())))?;
        to_js(&info)
    }
}
