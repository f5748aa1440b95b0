//! The JavaScript face of emviz: one [`Session`] handle per visualiser, owning its
//! [`Page`](emviz_app::page::Page) (the data, the run and the work beside it — the page never
//! copies them out) and its drawing caches. Every method is a thin translation: it reads the
//! page's request ([`crate::wire`]), calls the app and gives back a wire value; every failure is a
//! typed error worded in the page's language, never a panic. The methods are grouped by what they
//! serve, one `#[wasm_bindgen] impl Session` block per module:
//!
//! | module | methods |
//! |---|---|
//! | [`run`] | loading data, the settings, the run's commands, the frame's step, the snapshot, benchmarks |
//! | [`draw`] | the view's options, the main view, charts, overlays, the k-means and principal-axes pictures |
//! | [`pointer`] | what is under the pointer, where things are drawn, moving a starting mean, adding a point |
//! | [`panels`] | one point's numbers, the chapter's panels, Choose K |
//! | [`files`] | exports and imports, links, lecture steps, Generate |
//! | [`exercises`] | the exercises and their verdicts |
//! | [`concentration`] | the concentration panel (VB's weight concentration prior) |
//! | [`rules`] | the controls' rules and the glossary |
//! | [`vb_compare`] | EM and variational Bayes side by side: the other method's run drawn, both captions |
//! | [`workers`] | the Web Workers' M-steps, and [`ShardPass`], a worker's handle on its shards |
//! | [`gif`] | [`GifWriter`], frames into an animated GIF |

mod concentration;
mod draw;
mod exercises;
mod files;
mod gif;
mod panels;
mod pointer;
mod rules;
mod run;
mod vb_compare;
mod workers;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::render::look::Look;
use crate::render::points::PointLayer;
use crate::wire::run::Presenting;
use emviz_app::error::{Error, Problem};
use emviz_app::page::Page;
use emviz_app::view::View;

pub use gif::GifWriter;
pub use workers::ShardPass;

/// The page's handle on one visualiser.
#[wasm_bindgen]
pub struct Session {
    pub(crate) page: Page,
    pub(crate) layer: PointLayer,
    /// Device pixels per CSS pixel.
    pub(crate) ratio: f64,
    /// Presenter mode's look for the main view, when on.
    pub(crate) present: Presenting,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Session {
    /// Old Faithful with the book's start, K = 2.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session {
            page: Page::new(),
            layer: PointLayer::default(),
            ratio: 1.0,
            present: Presenting::default(),
        }
    }
}

impl Session {
    /// An error of the app's, in the page's language.
    pub(crate) fn fail(&self, e: impl Into<Error>) -> JsError {
        JsError::new(&self.page.describe(&e.into()))
    }

    /// A value the page sent, read (an error if its shape is not the declared one).
    pub(crate) fn read<T>(&self, value: Ts<T>) -> Result<T, JsError>
    where
        T: Tsify + DeserializeOwned,
        T::JsType: Clone,
    {
        value.to_rust().map_err(|e| self.malformed(e))
    }

    /// A value for the page.
    pub(crate) fn give<T: Tsify + Serialize>(&self, value: T) -> Result<Ts<T>, JsError> {
        value.into_ts().map_err(|e| self.malformed(e))
    }

    fn malformed(&self, e: impl ToString) -> JsError {
        self.fail(Problem::Malformed {
            reason: e.to_string(),
        })
    }

    /// A drawing's failure (the canvas's or the charting library's message).
    pub(crate) fn drawing_failed(&self, reason: impl std::fmt::Debug) -> JsError {
        self.fail(Problem::Drawing {
            reason: format!("{reason:?}").trim_matches('"').to_string(),
        })
    }

    /// The canvas's 2-D drawing context.
    pub(crate) fn context_2d(
        &self,
        canvas: &HtmlCanvasElement,
    ) -> Result<CanvasRenderingContext2d, JsError> {
        canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| self.fail(Problem::NoCanvasContext))
    }

    /// How the main view is drawn: the page's look, or presenter mode's.
    pub(crate) fn look(&self) -> Look {
        if self.present.on {
            Look::presenting(self.ratio, self.present.laser)
        } else {
            Look::page(self.ratio)
        }
    }

    /// The main canvas's view (1-D or 2-D), in the main view's look.
    pub(crate) fn view_for(&self, canvas: &HtmlCanvasElement) -> View {
        crate::render::view_of(
            self.page.app(),
            canvas.width() as f64,
            canvas.height() as f64,
            self.look().ratio,
        )
    }

    /// `seed` if given, else a fresh random seed from the browser's crypto (below 2³²).
    pub(crate) fn seed_or_fresh(&self, seed: Option<f64>) -> Result<u64, JsError> {
        match seed {
            Some(s) => emviz_app::settings::seed_from_number(s).map_err(|e| self.fail(e)),
            None => {
                let mut bytes = [0u8; 4];
                getrandom::fill(&mut bytes).map_err(|e| {
                    self.fail(Problem::NoRandomSource {
                        reason: e.to_string(),
                    })
                })?;
                Ok(u32::from_le_bytes(bytes) as u64)
            }
        }
    }

    /// Milliseconds since the page opened, from the browser's clock.
    pub(crate) fn clock(&self) -> Result<impl Fn() -> f64, JsError> {
        let perf = web_sys::window()
            .and_then(|w| w.performance())
            .ok_or_else(|| self.fail(Problem::NoClock))?;
        Ok(move || perf.now())
    }
}
