//! The concentration panel: setting variational Bayes's weight concentration prior, and the panel
//! with its chart (the components in use against the prior for both weight priors, the run's
//! expected weights as bars).

use tsify::Ts;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Session;
use crate::render::concentration;
use crate::wire::concentration::{ConcentrationAsk, ConcentrationView};
use crate::wire::Wire;

#[wasm_bindgen]
impl Session {
    /// The concentration panel: `set` the prior (null: the default 1/K; the VB run starts again
    /// from the same start; gives null), or `show` the panel after a few more fits of its sweep
    /// (ask again while `fitted < total`; the sweep is kept while the data, settings and start
    /// stay), its chart drawn on `canvas` when given. On error nothing changes.
    pub fn concentration(
        &mut self,
        ask: Ts<ConcentrationAsk>,
        canvas: Option<HtmlCanvasElement>,
    ) -> Result<Option<Ts<ConcentrationView>>, JsError> {
        let words = match self.read(ask)? {
            ConcentrationAsk::Set { value } => {
                let app = self.page.app_mut();
                app.set_concentration(value).map_err(|e| self.fail(e))?;
                return Ok(None);
            }
            ConcentrationAsk::Show { words } => words,
        };
        let fits = emviz_app::concentration::FITS_PER_LOOK;
        let panel = (self.page.concentration_panel(fits)).map_err(|e| self.fail(e))?;
        if let Some(canvas) = canvas {
            let words = concentration::Words {
                x: &words.x,
                y: &words.y,
                weights: &words.weights,
                component: &words.component,
                priors: &words.priors,
                default: &words.default,
            };
            concentration::draw(canvas, &panel, &words, self.ratio)
                .map_err(|e| self.drawing_failed(e))?;
        }
        self.give(ConcentrationView::wire(&panel)).map(Some)
    }
}
