//! Export and import for the page: the model as scikit-learn-compatible JSON, the responsibilities
//! as CSV, a model JSON read back as the start of a new run, and [`GifWriter`], which turns frames
//! the page drew (RGBA from the canvas) into an animated GIF.

use wasm_bindgen::prelude::*;

use super::Session;
use emviz_app::export;
use emviz_app::gif::GifEncoder;

#[wasm_bindgen]
impl Session {
    /// The current model as JSON text with scikit-learn's keys (`covariance_type`, `weights`,
    /// `means`, full `covariances`, `converged`, `n_iter`, `lower_bound`, `feature_names`, …).
    pub fn export_model_json(&self) -> Result<String, JsError> {
        export::model_json_text(&self.app).map_err(|e| self.fail(e))
    }

    /// The data with the responsibilities of the current parameters, as CSV (`names…,q1,…,qK`).
    pub fn export_responsibilities_csv(&self) -> Result<String, JsError> {
        export::responsibilities_csv(&self.app).map_err(|e| self.fail(e))
    }

    /// Reads a model JSON (emviz's, or scikit-learn's diag / spherical / tied shapes), checks it
    /// matches the data's columns and makes it the start of a fresh run. On error nothing changes.
    pub fn import_model_json(&mut self, text: &str) -> Result<(), JsError> {
        export::import_model(&mut self.app, text).map_err(|e| self.fail(e))
    }
}

/// An animated GIF written frame by frame from canvas pixels.
#[wasm_bindgen]
pub struct GifWriter {
    encoder: Option<GifEncoder>,
}

#[wasm_bindgen]
impl GifWriter {
    /// A looping GIF of `width × height` pixels.
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32) -> Result<GifWriter, JsError> {
        let encoder = GifEncoder::new(width, height).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(GifWriter {
            encoder: Some(encoder),
        })
    }

    /// Adds a frame (RGBA bytes, as `getImageData` gives them) shown for `delay_cs` hundredths of
    /// a second.
    pub fn add_frame(&mut self, rgba: &[u8], delay_cs: u16) -> Result<(), JsError> {
        let enc = self
            .encoder
            .as_mut()
            .ok_or_else(|| JsError::new("the GIF is already finished"))?;
        enc.add_frame(rgba, delay_cs)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Frames added so far.
    pub fn frames(&self) -> usize {
        self.encoder.as_ref().map_or(0, GifEncoder::frames)
    }

    /// The GIF file's bytes (the writer is then used up).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let enc = self
            .encoder
            .take()
            .ok_or_else(|| JsError::new("the GIF is already finished"))?;
        Ok(enc.finish())
    }
}
