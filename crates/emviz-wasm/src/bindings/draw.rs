//! Drawing: how the run is shown (language, pixel ratio, columns, label colours, presenter mode's
//! look), the main view,
//! the charts, what is drawn over the main view, and the k-means and principal-axes pictures.

use tsify::Ts;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Session;
use crate::render::selection::{draw_selection, Labels};
use crate::render::{
    chart, contours, elbo, histogram, kmeans, model_picture, pca, samples, scatter, truth,
    uncertainty,
};
use crate::render::{ticks::YAxisLayout, Projected};
use crate::wire::draw::{AxisLayout, Chart, Contours, Overlay, PcaInfo};
use crate::wire::run::ViewChange;
use crate::wire::Wire;
use emviz_app::settings::covariance_of;

#[wasm_bindgen]
impl Session {
    /// Changes how the run is shown: the language of messages, the device pixel ratio, the two
    /// columns drawn, the points coloured by their true labels, presenter mode's look of the main
    /// view (and its laser pointer). On error nothing else changes.
    pub fn set_view(&mut self, change: Ts<ViewChange>) -> Result<(), JsError> {
        let change = self.read(change)?;
        if let Some(lang) = change.lang {
            self.page.set_language(&lang);
        }
        if let Some(ratio) = change.pixel_ratio.filter(|r| r.is_finite() && *r > 0.0) {
            self.ratio = ratio.min(4.0);
        }
        if let Some(present) = change.present {
            if present.on != self.present.on {
                // Points are stamped larger: the layer is painted afresh.
                self.layer = Default::default();
            }
            self.present = present;
        }
        if let Some(on) = change.labels {
            self.page.app_mut().show_labels(on);
        }
        if let Some([x, y]) = change.columns {
            (self.page.app_mut().set_view_columns(x, y)).map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Draws the main view; `t` (0–1) tweens ellipses and means through the last M-step. With
    /// `in_frame`, recolouring many points after an E-step is spread over frames (the previous
    /// colours stay up meanwhile). Returns whether the picture is complete; if not, draw again
    /// next frame.
    pub fn render(
        &mut self,
        canvas: &HtmlCanvasElement,
        t: f64,
        in_frame: bool,
    ) -> Result<bool, JsError> {
        /// About 8 ms of stamping in wasm, blending each point's colour...
        const PAINT_SLICE: usize = 250_000;
        /// ...or about 10 ms with the colours blended already (by the Web Workers): a million
        /// points in one frame, so the next E-step need not wait for the picture.
        const PACKED_SLICE: usize = 1_000_000;
        let app = self.page.app();
        let slice = if app.colours().is_some() {
            PACKED_SLICE
        } else {
            PAINT_SLICE
        };
        let ctx = self.context_2d(canvas)?;
        let look = self.look();
        let size = (canvas.width() as f64, canvas.height() as f64, &look);
        self.layer.set_budget(in_frame.then_some(slice));
        let drawn = if app.data().d() == 1 {
            histogram::draw(&ctx, app, &mut self.layer, size, t)
        } else {
            scatter::draw(&ctx, app, &mut self.layer, size, t)
        };
        self.layer.set_budget(None);
        drawn.map_err(|e| self.drawing_failed(e))?;
        Ok(!self.layer.pending())
    }

    /// Draws a chart; returns its y axis's layout (null for a chart without one yet).
    pub fn render_chart(
        &mut self,
        canvas: HtmlCanvasElement,
        which: Ts<Chart>,
    ) -> Result<Option<Ts<AxisLayout>>, JsError> {
        let ratio = self.ratio;
        let layout: Option<YAxisLayout> = match self.read(which)? {
            Chart::LogLikelihood => {
                let titles = emviz_app::messages::chart_titles(self.page.lang());
                let trace = self.page.app().trace();
                chart::draw_log_likelihood(canvas, &trace, ratio, titles).map(Some)
            }
            Chart::Elbo { x, y } => {
                let win = self.elbo_window();
                elbo::draw(canvas, win.as_ref(), ratio, (&x, &y))
            }
            Chart::Truth { x, y } => {
                let report = self.page.truth_report().map_err(|e| self.fail(e))?;
                let at = self.page.app().em().iteration();
                truth::draw(canvas, &report, at, ratio, (&x, &y))
            }
            Chart::Selection { x, bic, aic, icl } => {
                let labels = Labels {
                    x: &x,
                    bic: &bic,
                    aic: &aic,
                    icl: &icl,
                };
                let job = self.page.selection();
                let criterion = self.page.selection_criterion();
                let lines: Vec<_> = (job.map(|j| j.partial()).unwrap_or_default().into_iter())
                    .map(|(m, rows)| (m, job.map_or("", |j| j.label(m)), rows))
                    .collect();
                let models = job.is_some_and(|j| j.is_models());
                let k_max = job.map_or(emviz_core::rules::K_MAX, |j| j.k_max());
                let best = (job.filter(|j| j.finished()))
                    .and_then(|j| j.best(criterion))
                    .map(|b| (b.k, b.model));
                draw_selection(
                    canvas,
                    (&lines, models),
                    k_max,
                    (criterion, best),
                    ratio,
                    &labels,
                )
                .map(|()| None)
            }
            Chart::Model { model } => {
                let model = covariance_of(&model).map_err(|e| self.fail(e))?;
                model_picture::draw(&canvas, model, ratio).map(|()| None)
            }
        }
        .map_err(|e| self.drawing_failed(e))?;
        layout.map(|l| self.give(AxisLayout::wire(&l))).transpose()
    }

    /// Draws over the main view (call it right after `render`): density contours (2-D only),
    /// the points Generate drew, or rings around the uncertain points (2-D only). Returns how
    /// many marks were drawn (contour segments, points, rings).
    pub fn render_overlay(
        &self,
        canvas: &HtmlCanvasElement,
        overlay: Ts<Overlay>,
    ) -> Result<u32, JsError> {
        let app = self.page.app();
        let ctx = self.context_2d(canvas)?;
        let ratio = self.look().ratio;
        let size = (canvas.width() as f64, canvas.height() as f64, ratio);
        match self.read(overlay)? {
            Overlay::Contours { which, t } => {
                if app.data().d() < 2 {
                    return Ok(0);
                }
                let which = match which {
                    Contours::Off => contours::Contours::Off,
                    Contours::Mixture => contours::Contours::Mixture,
                    Contours::Components => contours::Contours::Components,
                    Contours::Both => contours::Contours::Both,
                };
                let view = self.view_for(canvas);
                let comps = Projected::tweened(app, app.view_columns(), t.clamp(0.0, 1.0));
                Ok(contours::draw(&ctx, &view, &comps, which, ratio) as u32)
            }
            Overlay::Samples => {
                let values = self.page.drawn().map_or(&[][..], |d| &d.values);
                let drawn = samples::draw(&ctx, app, values, size);
                Ok(drawn.map_err(|e| self.drawing_failed(e))? as u32)
            }
            Overlay::Uncertainty => {
                let ringed = uncertainty::draw(&ctx, app, size);
                Ok(ringed.map_err(|e| self.drawing_failed(e))? as u32)
            }
        }
    }

    /// Draws the k-means run kept in lockstep with EM (cells, points in their cluster's colour,
    /// centres).
    pub fn render_kmeans(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let ctx = self.context_2d(canvas)?;
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        let drawn = match self.page.kmeans() {
            Ok((app, lockstep)) => kmeans::draw(&ctx, app, lockstep, size),
            Err(e) => return Err(self.fail(e)),
        };
        drawn.map_err(|e| self.drawing_failed(e))
    }

    /// Draws the data on its first two principal axes with every component's ellipse projected;
    /// `x_title` and `y_title` name the axes. An error for data with fewer than two columns.
    pub fn render_pca(
        &self,
        canvas: &HtmlCanvasElement,
        x_title: &str,
        y_title: &str,
    ) -> Result<Ts<PcaInfo>, JsError> {
        let ctx = self.context_2d(canvas)?;
        let app = self.page.app();
        let size = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        let (plane, info) = pca::info(app).map_err(|e| self.fail(e))?;
        pca::draw(&ctx, app, (&plane, &info), size, (x_title, y_title))
            .map_err(|e| self.drawing_failed(e))?;
        self.give(PcaInfo::wire(&info))
    }
}

impl Session {
    /// The ELBO chart's window of half-steps around the cursor.
    pub(crate) fn elbo_window(&self) -> Option<elbo::ElboWindow> {
        let app = self.page.app();
        elbo::window(&app.half_steps(), app.state().cursor, elbo::WINDOW)
    }
}
