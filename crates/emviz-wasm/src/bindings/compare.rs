//! EM beside k-means for the page: the k-means run kept in lockstep with EM (see
//! [`emviz_app::kmeans_view`]), its numbers and its picture. Every method first brings k-means to the
//! EM run's current half-step, so the page only has to ask after a step, a restart or a seek.

use super::context_2d;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::kmeans;
use emviz_app::kmeans_view::{em_labels, Lockstep, DISAGREE_SEED};

impl Session {
    fn lockstep(&mut self) -> Result<&Lockstep, JsError> {
        match Lockstep::sync(&mut self.compare, &self.app) {
            Ok(_) => Ok(self.compare.as_ref().expect("synced")),
            Err(e) => Err(self.fail(e)),
        }
    }
}

#[wasm_bindgen]
impl Session {
    /// The k-means run in lockstep with EM: `{k, assignments, updates, centers, startCenters,
    /// inertia, sizes, disagreements}` (see [`emviz_app::kmeans_view::KMeansState`]).
    pub fn kmeans_state(&mut self) -> Result<JsValue, JsError> {
        self.lockstep()?;
        let state = self.compare.as_ref().expect("synced").state(&self.app);
        to_js(&state)
    }

    /// The k-means cluster of every point (empty before the first assignment step).
    pub fn kmeans_labels(&mut self) -> Result<Vec<u32>, JsError> {
        Ok(self
            .lockstep()?
            .kmeans()
            .labels()
            .iter()
            .map(|&l| l as u32)
            .collect())
    }

    /// EM's hard assignment: every point's most responsible component (empty before the first
    /// E-step).
    pub fn em_hard_labels(&self) -> Vec<u32> {
        em_labels(&self.app)
            .unwrap_or_default()
            .into_iter()
            .map(|l| l as u32)
            .collect()
    }

    /// The seed with which the `elongated` preset shows EM and k-means disagreeing.
    pub fn disagree_seed() -> f64 {
        DISAGREE_SEED as f64
    }

    /// Draws the k-means view (cells, points in their cluster's colour, centres).
    pub fn render_kmeans(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let ctx = context_2d(canvas)?;
        self.lockstep()?;
        let lockstep = self.compare.as_ref().expect("synced");
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        kmeans::draw(&ctx, &self.app, lockstep, size)
            .map_err(|e| JsError::new(&format!("drawing failed: {e:?}")))
    }
}
