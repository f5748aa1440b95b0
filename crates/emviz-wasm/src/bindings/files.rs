//! Text in and out: exports (the model as scikit-learn-compatible JSON, the responsibilities and
//! the data as CSV, Generate's points as rows), a model JSON read back as a new start, the state
//! in a link and a link applied, lecture steps (links written on paragraphs), and Generate's draw
//! (the points stay in Rust).

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::Session;
use crate::wire::files::{Applied, Export, Sampled, ShareAnswer, ViewFlags};
use crate::wire::lecture::{LectureAnswer, LectureAsk, PlannedStep};
use crate::wire::Wire;
use emviz_app::error::Problem;
use emviz_app::share::{apply_link, data_text, link_of, parse_link, LinkError};
use emviz_app::{export, lecture};

#[wasm_bindgen]
impl Session {
    /// A text to save or to add to the Data box.
    pub fn export(&self, what: Ts<Export>) -> Result<String, JsError> {
        let app = self.page.app();
        let text = match self.read(what)? {
            Export::Model => export::model_json_text(app),
            Export::Responsibilities => export::responsibilities_csv(app),
            // As pasted: with the weights' column, if the points have one.
            Export::Data => app.table().map(|t| data_text(&t)),
            Export::Samples => (self.page.drawn())
                .map(|d| d.rows_text())
                .ok_or_else(|| Problem::SamplesNotDrawn.into()),
        };
        text.map_err(|e| self.fail(e))
    }

    /// Reads a model JSON (emviz's, or scikit-learn's diag / spherical / tied shapes), checks it
    /// matches the data's columns and makes it the start of a fresh run. On error nothing changes.
    pub fn import_model(&mut self, text: &str) -> Result<(), JsError> {
        export::import_model(self.page.app_mut(), text).map_err(|e| self.fail(e))
    }

    /// The link parameters that reproduce the state shown, with `view` (how the page is shown),
    /// or why the data is too large to travel in a link.
    pub fn share_link(&self, view: Ts<ViewFlags>) -> Result<Ts<ShareAnswer>, JsError> {
        let view = self.read(view)?.into();
        let answer = match link_of(self.page.app(), &view) {
            Ok(params) => ShareAnswer::Link { params },
            Err(LinkError::TooLarge { values, limit }) => ShareAnswer::TooLarge { values, limit },
            Err(LinkError::Invalid(e)) => return Err(self.fail(e)),
        };
        self.give(answer)
    }

    /// Applies link parameters (a URL's `#…` or `?…` part): loads the data, applies the settings
    /// and replays the run to the same half-step. Null if the text names nothing the page knows.
    /// On error nothing changes.
    pub fn apply_link(&mut self, params: &str) -> Result<Option<Ts<Applied>>, JsError> {
        let Some(link) = parse_link(params).map_err(|e| self.fail(e))? else {
            return Ok(None);
        };
        let (next, applied) = apply_link(self.page.app(), &link).map_err(|e| self.fail(e))?;
        self.page.replace_app(next);
        self.give(Applied::wire(&applied)).map(Some)
    }

    /// Draws `count` points from the current model with `seed` (a fresh one when null) and keeps
    /// them, with the model and each point's component: draw them with `render_overlay`, add them
    /// with `export`, or make them the data with `load`.
    pub fn sample_points(&mut self, count: f64, seed: Option<f64>) -> Result<Ts<Sampled>, JsError> {
        let seed = self.seed_or_fresh(seed)?;
        let drawn = self.page.sample(count, seed).map(|d| (d.n(), d.seed));
        let (n, seed) = drawn.map_err(|e| self.fail(e))?;
        self.give(Sampled {
            n,
            seed: f64::wire(&seed),
        })
    }

    /// Lecture notes driving the figure: every paragraph's step planned over the figure's state
    /// (a step that cannot be read is its message), or the run moved towards one step — back at
    /// once, forward up to the half-steps the page then animates. On error nothing changes.
    pub fn lecture(&mut self, ask: Ts<LectureAsk>) -> Result<Ts<LectureAnswer>, JsError> {
        let answer = match self.read(ask)? {
            LectureAsk::Plan { base, steps } => LectureAnswer::Plan {
                steps: (lecture::plan(&base, &steps).iter())
                    .map(|step| match step {
                        Ok(step) => Wire::wire(step),
                        Err(e) => PlannedStep::Invalid {
                            message: self.page.describe(e),
                        },
                    })
                    .collect(),
            },
            LectureAsk::Go { link } => {
                let route = lecture::go(self.page.app_mut(), &link).map_err(|e| self.fail(e))?;
                LectureAnswer::Route {
                    route: Wire::wire(&route),
                }
            }
        };
        self.give(answer)
    }
}
