//! The pointer on the main canvas (device pixels): what is under it (a data point, a mean),
//! where something is drawn, moving a starting mean (drag or keys; the run starts again from the
//! new start at iteration 0), and adding a point where the plot is clicked. Both views: 2-D and
//! 1-D (where a mean is drawn, and grabbed, at its curve's peak).

use tsify::Ts;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Session;
use crate::render::pick::{nearest_point, position, PICK_RADIUS};
use crate::render::{histogram, scatter, Projected};
use crate::wire::point::{Drawn, MeanMove, PickTarget};
use emviz_app::error::Problem;

/// How near (CSS pixels) the pointer must be to a mean to grab it.
const GRAB_RADIUS: f64 = 12.0;

impl Session {
    /// Where each current mean is drawn, canvas pixels: `(sx(μ), sy(μ))` in the 2-D view, the peak
    /// of the component's weighted density in the 1-D view.
    fn drawn_means(&self, canvas: &HtmlCanvasElement) -> Vec<[f64; 2]> {
        let (view, app) = (self.view_for(canvas), self.page.app());
        let model = app.em().model();
        if model.d() == 1 {
            return Projected::tweened(app, [0, 0], 1.0)
                .iter()
                .map(|c| histogram::mean_point(&view, c.weight, c.mean[0], c.cov[0]))
                .collect();
        }
        let [cx, cy] = app.view_columns();
        (0..model.k())
            .map(|j| [view.sx(model.mean(j)[cx]), view.sy(model.mean(j)[cy])])
            .collect()
    }
}

#[wasm_bindgen]
impl Session {
    /// What is under canvas position `(x, y)`: the data point drawn within about 6 CSS pixels
    /// (2-D view only), or the component whose mean is drawn within a few pixels; the nearest, or
    /// null.
    pub fn pick(
        &self,
        canvas: &HtmlCanvasElement,
        x: f64,
        y: f64,
        target: Ts<PickTarget>,
    ) -> Result<Option<u32>, JsError> {
        if !x.is_finite() || !y.is_finite() {
            return Ok(None);
        }
        Ok(match self.read(target)? {
            PickTarget::Point => {
                let view = self.view_for(canvas);
                let reach = PICK_RADIUS * self.look().ratio;
                nearest_point(self.page.app(), &view, x, y, reach).map(|i| i as u32)
            }
            PickTarget::Mean => {
                let reach = GRAB_RADIUS * self.look().ratio;
                (self.drawn_means(canvas).into_iter().enumerate())
                    .map(|(j, [mx, my])| (j, (mx - x).hypot(my - y)))
                    .filter(|&(_, dist)| dist <= reach)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(j, _)| j as u32)
            }
        })
    }

    /// Where something is drawn, `[x, y]` in canvas device pixels: a data point (in the 1-D view,
    /// in the rug) or a current mean; null for no such point or component.
    pub fn position_of(
        &self,
        canvas: &HtmlCanvasElement,
        what: Ts<Drawn>,
    ) -> Result<Option<Vec<f64>>, JsError> {
        let at = match self.read(what)? {
            Drawn::Point { index } => position(self.page.app(), &self.view_for(canvas), index),
            Drawn::Mean { k } => self.drawn_means(canvas).get(k).copied(),
        };
        Ok(at.map(|p| p.to_vec()))
    }

    /// Moves component `k`'s STARTING mean (to a point kept inside the plot area, or by a step
    /// from where it is drawn) and runs again from the new start at iteration 0. Reset comes back
    /// to this start; a new seed or new settings replace it. Returns the new starting mean (all
    /// d coordinates). On error nothing changes.
    pub fn move_mean(
        &mut self,
        canvas: &HtmlCanvasElement,
        k: u32,
        to: Ts<MeanMove>,
    ) -> Result<Vec<f64>, JsError> {
        let k = k as usize;
        let app = self.page.app();
        let view = self.view_for(canvas);
        let [cx, cy] = app.view_columns();
        let (x, y) = match self.read(to)? {
            MeanMove::To { x, y } => (x, y),
            MeanMove::By { dx, dy } => {
                let kk = app.start().k();
                let m = app
                    .start_mean(k)
                    .ok_or_else(|| self.fail(Problem::NoSuchComponent { k: kk }))?;
                let (x, y) = if m.len() == 1 {
                    (view.sx(m[0]), view.px[1] + 0.5 * view.px[3])
                } else {
                    (view.sx(m[cx]), view.sy(m[cy]))
                };
                (x + dx, y + dy)
            }
        };
        if !x.is_finite() || !y.is_finite() {
            return Err(self.fail(Problem::PointerNotNumber));
        }
        let [l, t, w, h] = view.px;
        let (x, y) = (x.clamp(l, l + w), y.clamp(t, t + h));
        let app = self.page.app_mut();
        let moved = app.move_start_mean(k, view.dx(x), view.dy(y));
        moved.map_err(|e| self.fail(e))?;
        Ok(self.page.app().start_mean(k).unwrap_or_default().to_vec())
    }

    /// Adds a point where the canvas was clicked (device pixels); returns the new data row as
    /// text, or null if the click was outside the plot area.
    pub fn add_point_at(
        &mut self,
        canvas: &HtmlCanvasElement,
        x: f64,
        y: f64,
    ) -> Result<Option<String>, JsError> {
        let (w, h) = (canvas.width() as f64, canvas.height() as f64);
        let view = scatter::view_of(self.page.app(), w, h, self.look().ratio);
        if !view.contains(x, y) {
            return Ok(None);
        }
        let row = self.page.app_mut().add_point(view.dx(x), view.dy(y));
        row.map(Some).map_err(|e| self.fail(e))
    }
}
