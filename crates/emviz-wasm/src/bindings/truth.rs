//! §5.1.3 — maximum likelihood is minimum KL: the panel's numbers and chart when the data come from
//! a known mixture p* ([`emviz_app::truth`]), and "Use as the data" for points drawn by Generate.

use emviz_core::{Dataset, Mixture};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::truth as chart;
use emviz_app::truth::{report, ExactSample};

/// What the Session keeps for the panel.
#[derive(Default)]
pub struct TruthCache {
    /// The independent sample from the current p*.
    exact: Option<ExactSample>,
    /// The last points drawn by Generate, the model they were drawn from and each point's
    /// component in it.
    pub(crate) drawn: Option<(Mixture, Vec<f64>, Vec<usize>)>,
}

impl Session {
    fn truth_report_now(&mut self) -> Result<emviz_app::truth::TruthReport, JsError> {
        if let Some(t) = self.app.truth() {
            if !self.truth.exact.as_ref().is_some_and(|e| e.is_for(t)) {
                self.truth.exact = Some(ExactSample::new(t).map_err(|e| self.fail(e))?);
            }
        }
        report(&self.app, self.truth.exact.as_ref()).map_err(|e| self.fail(e))
    }
}

#[wasm_bindgen]
impl Session {
    /// `{known, n, meanLogPStar, kStar, points: [{iteration, meanLogLikelihood, klOnData}],
    /// meanLogLikelihood, klOnData, klExact, sampleSize}`; with data of unknown origin only
    /// `{known: false, n}` means anything.
    pub fn truth_report(&mut self) -> Result<JsValue, JsError> {
        let r = self.truth_report_now()?;
        to_js(&r)
    }

    /// Draws the panel's chart (ℓ per iteration, the estimate H − ℓ, the constant H, D_KL on the
    /// independent sample at the state shown); returns the y axis's layout or null.
    pub fn render_truth(
        &mut self,
        canvas: HtmlCanvasElement,
        x_title: &str,
        y_title: &str,
    ) -> Result<JsValue, JsError> {
        let r = self.truth_report_now()?;
        let layout = chart::draw(
            canvas,
            &r,
            self.app.em().iteration(),
            self.ratio,
            (x_title, y_title),
        )
        .map_err(|e| JsError::new(&e))?;
        to_js(&layout)
    }

    /// Makes the points last drawn by Generate (`values`, as `sample_points` returned them) the
    /// data set, of known origin: p* is the model they were drawn from, and each point's true
    /// label the component it was drawn from. Returns the data's text for the Data box.
    pub fn use_samples_as_data(&mut self, values: &[f64]) -> Result<String, JsError> {
        let d = self.app.data().d();
        let Some((model, drawn, labels)) = self
            .truth
            .drawn
            .clone()
            .filter(|(_, v, _)| v.as_slice() == values)
        else {
            return Err(JsError::new(
                "these points were not drawn by Generate from a model: generate them again",
            ));
        };
        let names = self.app.data().names().to_vec();
        let data = Dataset::new(names.clone(), drawn).map_err(|e| self.fail(e))?;
        self.app
            .load_known(data, model, labels)
            .map_err(|e| self.fail(e))?;
        let mut text = names.join(" ");
        text.push('\n');
        text.push_str(&super::sample::rows_text(values, d));
        Ok(text)
    }
}
