//! The principal-components view for d > 2 ([`crate::render::pca`]).

use super::context_2d;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

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
        let ctx = context_2d(canvas)?;
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        let info = pca::draw(&ctx, &self.app, size, (x_title, y_title))
            .map_err(|e| JsError::new(&e.as_string().unwrap_or_else(|| "drawing failed".into())))?;
        to_js(&info)
    }
}
