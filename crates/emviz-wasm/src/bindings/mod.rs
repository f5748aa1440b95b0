//! The JavaScript face of emviz: one [`Session`] handle that owns the data and the run (the page
//! never copies them out), with methods for the page's controls and its animation loop. Every
//! method returns a `Result`, so bad input becomes a message (in the page's language), never a
//! panic.
//!
//! The core methods are here; each page feature adds its own `#[wasm_bindgen] impl Session`
//! block in a module of its own below.

mod bound;
mod chapter;
mod compare;
mod drag;
mod elbo;
mod export;
mod history;
mod inspect;
mod kl;
mod latent;
mod pca;
mod sample;
mod select;
mod share;
mod truth;
mod workers;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::render::points::PointLayer;
use crate::render::{chart, histogram, scatter};
use emviz_app::app::{App, Progress};
use emviz_app::messages::{describe, Lang};
use emviz_app::settings::Settings;

pub use workers::ShardPass;

/// The page's handle on one visualiser.
#[wasm_bindgen]
pub struct Session {
    pub(crate) app: App,
    pub(crate) layer: PointLayer,
    pub(crate) ratio: f64,
    pub(crate) lang: Lang,
    pub(crate) selection: Option<emviz_app::selection_job::SelectionJob>,
    pub(crate) compare: Option<emviz_app::kmeans_view::Lockstep>,
    /// §5.1.3: the independent sample from p* (kept while p* is the same) and the last points
    /// drawn by Generate with the model they came from.
    pub(crate) truth: truth::TruthCache,
    /// The points' colours the Web Workers blended for the M-step in flight, and how many rows
    /// of them came in (see `put_worker_result`).
    pub(crate) worker_colours: Vec<u32>,
    pub(crate) worker_colour_rows: usize,
}

/// What [`Session::step_within`] returns while a half-step is unfinished.
#[derive(Serialize)]
struct PendingStep {
    pending: bool,
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

impl Session {
    /// An error from the core or the app, in the page's language.
    pub(crate) fn fail(&self, e: impl Into<emviz_app::error::Error>) -> JsError {
        JsError::new(&describe(&e.into(), self.lang))
    }
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
            app: App::new(),
            layer: PointLayer::default(),
            ratio: 1.0,
            lang: Lang::En,
            selection: None,
            compare: None,
            truth: Default::default(),
            worker_colours: Vec::new(),
            worker_colour_rows: 0,
        }
    }

    /// Parses pasted text and starts a run on it. On error (with line and column) nothing changes.
    pub fn load_text(&mut self, text: &str) -> Result<JsValue, JsError> {
        let loaded = self.app.load_text(text).map_err(|e| self.fail(e))?;
        to_js(&loaded)
    }

    /// Loads a built-in data set; returns its text for the Data box.
    pub fn load_preset(&mut self, id: &str, seed: f64) -> Result<String, JsError> {
        let seed = seed_from(seed)?;
        self.app.load_preset(id, seed).map_err(|e| self.fail(e))
    }

    /// Starts again with settings from the controls (`{k, covarianceType, init, seed, tol,
    /// maxIter, regCovar}`). On error nothing changes.
    pub fn apply_settings(&mut self, settings: JsValue) -> Result<(), JsError> {
        let s: Settings = serde_wasm_bindgen::from_value(settings)
            .map_err(|e| JsError::new(&format!("invalid settings: {e}")))?;
        self.app.apply_settings(s).map_err(|e| self.fail(e))
    }

    /// Back to the same start.
    pub fn reset(&mut self) {
        self.app.reset();
    }

    /// One half-step; returns its report (`{half, iteration, log_likelihood, elbo, kl}`) or
    /// `null` once the run is over.
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        let report = self.app.step().map_err(|e| self.fail(e))?;
        to_js(&report)
    }

    /// Works on the next half-step for about `budget_ms` milliseconds (at least one slice of
    /// rows): returns its report once finished, `null` once the run is over, or
    /// `{pending: true}` when more calls are needed. The animation loop calls this once per
    /// frame, so even a million points never block input for long: an M-step is spread over
    /// several frames. The result is the same as [`Session::step`]'s.
    pub fn step_within(&mut self, budget_ms: f64) -> Result<JsValue, JsError> {
        /// Rows per slice: about a millisecond of work at K = 5.
        const SLICE: usize = 8192;
        let clock = web_sys::window().and_then(|w| w.performance());
        let now = || clock.as_ref().map_or(0.0, |p| p.now());
        let start = now();
        loop {
            match self.app.step_some(SLICE).map_err(|e| self.fail(e))? {
                Progress::Done(report) => return to_js(&report),
                Progress::Pending if now() - start >= budget_ms => {
                    return to_js(&PendingStep { pending: true })
                }
                Progress::Pending => {}
            }
        }
    }

    /// One whole iteration.
    pub fn iterate(&mut self) -> Result<JsValue, JsError> {
        let report = self.app.iterate().map_err(|e| self.fail(e))?;
        to_js(&report)
    }

    /// Iterates until converged or max_iter.
    pub fn run_to_end(&mut self) -> Result<(), JsError> {
        self.app.run_to_end().map_err(|e| self.fail(e))
    }

    /// For benchmarks: milliseconds per iteration as the page plays them (E-step + M-step, with
    /// the ELBO/KL bookkeeping and the responsibilities kept for drawing), timed in wasm over
    /// `count` iterations on a copy of the run, which is left untouched.
    pub fn time_iterations(&self, count: u32) -> Result<f64, JsError> {
        let mut em = self.app.em().clone();
        let data = self.app.data();
        self.timed(count, || em.iterate(data).map(drop))
    }

    /// For benchmarks: milliseconds per plain EM iteration (E-step + M-step and the
    /// log-likelihood, what `emviz bench` and scikit-learn's loop time), from the current
    /// parameters, over `count` iterations; the run is left untouched. As in `emviz bench`, the
    /// initial E-step that `driver::run` always makes is timed on its own and subtracted.
    pub fn time_em_iterations(&self, count: u32) -> Result<f64, JsError> {
        let (em, data) = (self.app.em(), self.app.data());
        let run = |iterations: u32| {
            let start = em.model().clone();
            // tol = 0 never stops early: exactly `iterations` iterations.
            let params = emviz_core::LoopParams::new(em.reg_covar(), 0.0, iterations as usize)
                .map_err(|e| self.fail(e))?;
            self.timed(1, || {
                emviz_core::driver::run(data, start.clone(), &params).map(drop)
            })
        };
        let count = count.max(1);
        let (initial, total) = (run(0)?, run(count)?);
        Ok((total - initial).max(0.0) / count as f64)
    }

    /// Milliseconds per call of `f`, over `count` calls (at least one).
    fn timed(
        &self,
        count: u32,
        mut f: impl FnMut() -> Result<(), emviz_core::Error>,
    ) -> Result<f64, JsError> {
        let perf = web_sys::window()
            .and_then(|w| w.performance())
            .ok_or_else(|| JsError::new("no performance clock"))?;
        let start = perf.now();
        for _ in 0..count.max(1) {
            f().map_err(|e| self.fail(e))?;
        }
        Ok((perf.now() - start) / count.max(1) as f64)
    }

    /// The rules the controls follow: `{kMin, kMax, palette}` (`settings::Rules`): the K range
    /// and the components' colours as CSS strings.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(&emviz_app::settings::rules())
    }

    /// What "New start" uses besides a fresh seed, from the controls' `init` (`"book"`,
    /// `"kmeans++"`, `"random"`) and `reg_covar`: `{init, regCovar}` (`settings::NewStart`).
    pub fn new_start(&self, init: JsValue, reg_covar: f64) -> Result<JsValue, JsError> {
        let init = serde_wasm_bindgen::from_value(init)
            .map_err(|e| JsError::new(&format!("invalid start: {e}")))?;
        to_js(&emviz_app::settings::NewStart::from(init, reg_covar))
    }

    /// The language of messages: `"en"`, `"ko"` or `"ja"`, or a BCP 47 tag such as `ja-JP`
    /// (a language the page does not speak is English).
    pub fn set_language(&mut self, lang: &str) {
        self.lang = Lang::from_tag(lang);
    }

    /// Whether the run is over.
    pub fn done(&self) -> bool {
        self.app.done()
    }

    /// The snapshot shown by the page and returned by `window.emviz.state()`.
    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&self.app.state_in(self.lang))
    }

    /// Device pixels per CSS pixel (for line widths and fonts).
    pub fn set_pixel_ratio(&mut self, ratio: f64) {
        if ratio.is_finite() && ratio > 0.0 {
            self.ratio = ratio.min(4.0);
        }
    }

    /// Chooses the two columns drawn (0-based).
    pub fn set_view_columns(&mut self, x: usize, y: usize) -> Result<(), JsError> {
        self.app.set_view_columns(x, y).map_err(|e| self.fail(e))
    }

    /// Adds a point where the canvas was clicked (device pixels); returns the new data row as
    /// text, or `null` if the click was outside the plot area.
    pub fn add_point_at(
        &mut self,
        canvas: &HtmlCanvasElement,
        x: f64,
        y: f64,
    ) -> Result<Option<String>, JsError> {
        let (w, h) = (canvas.width() as f64, canvas.height() as f64);
        let view = scatter::view_of(&self.app, w, h, self.ratio);
        if !view.contains(x, y) {
            return Ok(None);
        }
        let row = self
            .app
            .add_point(view.dx(x), view.dy(y))
            .map_err(|e| self.fail(e))?;
        Ok(Some(row))
    }

    /// One animation frame of the main view: like [`Session::render`], but recolouring many
    /// points after an E-step is spread over frames (`PAINT_SLICE` points each; the previous
    /// colours stay up meanwhile). Returns whether the picture is complete; if not, draw again
    /// next frame.
    pub fn render_frame(&mut self, canvas: &HtmlCanvasElement, t: f64) -> Result<bool, JsError> {
        /// About 8 ms of stamping in wasm, blending each point's colour...
        const PAINT_SLICE: usize = 250_000;
        /// ...or about 10 ms with the colours blended already (by the Web Workers): a million
        /// points in one frame, so the next E-step need not wait for the picture.
        const PACKED_SLICE: usize = 1_000_000;
        let slice = if self.app.colours().is_some() {
            PACKED_SLICE
        } else {
            PAINT_SLICE
        };
        self.layer.set_budget(Some(slice));
        let drawn = self.render(canvas, t);
        self.layer.set_budget(None);
        drawn.map(|()| !self.layer.pending())
    }

    /// Draws the main view, complete; `t` (0–1) tweens ellipses and means through the last
    /// M-step.
    pub fn render(&mut self, canvas: &HtmlCanvasElement, t: f64) -> Result<(), JsError> {
        let ctx = context_2d(canvas)?;
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        let drawn = if self.app.data().d() == 1 {
            histogram::draw(&ctx, &self.app, &mut self.layer, size, t)
        } else {
            scatter::draw(&ctx, &self.app, &mut self.layer, size, t)
        };
        drawn.map_err(|e| JsError::new(&format!("drawing failed: {e:?}")))
    }

    /// Draws the log-likelihood chart.
    /// Returns the y axis's layout (`{labels, widest, area, font, ratio}`, device pixels).
    pub fn render_chart(&self, canvas: HtmlCanvasElement) -> Result<JsValue, JsError> {
        let titles = emviz_app::messages::chart_titles(self.lang);
        let layout = chart::draw_log_likelihood(canvas, self.app.em().trace(), self.ratio, titles)
            .map_err(|e| JsError::new(&e))?;
        to_js(&layout)
    }

    /// A fresh random seed (from the browser's crypto), below 2³².
    pub fn random_seed() -> Result<f64, JsError> {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|e| JsError::new(&format!("no random source: {e}")))?;
        Ok(u32::from_le_bytes(bytes) as f64)
    }

    /// Identifiers of the built-in data sets.
    pub fn preset_ids() -> Vec<String> {
        emviz_app::presets::PRESET_IDS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }
}

fn seed_from(seed: f64) -> Result<u64, JsError> {
    if seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed <= 9_007_199_254_740_992.0 {
        Ok(seed as u64)
    } else {
        Err(JsError::new(
            "the seed must be a whole number between 0 and 2⁵³",
        ))
    }
}

/// The canvas's 2-D drawing context, or the page's message when it has none.
pub(crate) fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| JsError::new("the canvas has no 2-D context"))
}
