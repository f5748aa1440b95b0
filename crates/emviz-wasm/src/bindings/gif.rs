//! [`GifWriter`]: frames the page drew (RGBA from the canvas) into an animated GIF
//! ([`emviz_app::gif`]), its errors worded in the page's language.

use wasm_bindgen::prelude::*;

use emviz_app::error::{Error, Problem};
use emviz_app::gif::GifEncoder;
use emviz_app::messages::{describe, Lang};

/// An animated GIF written frame by frame from canvas pixels.
#[wasm_bindgen]
pub struct GifWriter {
    encoder: Option<GifEncoder>,
    lang: Lang,
}

impl GifWriter {
    fn fail(&self, e: impl Into<Error>) -> JsError {
        JsError::new(&describe(&e.into(), self.lang))
    }
}

#[wasm_bindgen]
impl GifWriter {
    /// A looping GIF of `width × height` pixels; its messages in `lang` (a BCP 47 tag).
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32, lang: &str) -> Result<GifWriter, JsError> {
        let mut writer = GifWriter {
            encoder: None,
            lang: Lang::from_tag(lang),
        };
        writer.encoder = Some(GifEncoder::new(width, height).map_err(|e| writer.fail(e))?);
        Ok(writer)
    }

    /// Adds a frame (RGBA bytes, as `getImageData` gives them) shown for `delay_cs` hundredths of
    /// a second.
    pub fn add_frame(&mut self, rgba: &[u8], delay_cs: u16) -> Result<(), JsError> {
        let added = match self.encoder.as_mut() {
            Some(enc) => enc.add_frame(rgba, delay_cs),
            None => Err(Problem::GifFinished.into()),
        };
        added.map_err(|e| self.fail(e))
    }

    /// The GIF file's bytes (the writer is then used up).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let enc = self
            .encoder
            .take()
            .ok_or_else(|| self.fail(Problem::GifFinished))?;
        Ok(enc.finish())
    }
}
