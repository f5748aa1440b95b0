//! Starting means set by hand: the page asks which mean is under the pointer ([`Session::mean_near`])
//! and moves that component's starting mean as the pointer drags ([`Session::drag_mean`]); the run
//! starts again from the new start (iteration 0). Coordinates are canvas device pixels. The
//! keyboard moves a starting mean by steps ([`Session::nudge_mean`]). Both views: 2-D and 1-D.

use emviz_core::Mixture;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::{histogram, Projected};
use emviz_app::error::Problem;

/// How near (CSS pixels) the pointer must be to a mean to grab it.
const GRAB_RADIUS: f64 = 12.0;

impl Session {
    /// Where each current mean is drawn, canvas pixels: `(sx(μ), sy(μ))` in the 2-D view, the peak of
    /// the component's weighted density in the 1-D view.
    fn drawn_means(&self, canvas: &HtmlCanvasElement) -> Vec<[f64; 2]> {
        let view = self.view_for(canvas);
        let model = self.app.em().model();
        if model.d() == 1 {
            return Projected::tweened(&self.app, [0, 0], 1.0)
                .iter()
                .map(|c| histogram::mean_point(&view, c.weight, c.mean[0], c.cov[0]))
                .collect();
        }
        let [cx, cy] = self.app.view_columns();
        (0..model.k())
            .map(|j| {
                let m = model.mean(j);
                [view.sx(m[cx]), view.sy(m[cy])]
            })
            .collect()
    }
}

#[wasm_bindgen]
impl Session {
    /// The component whose mean is drawn within a few pixels of `(x, y)` (the nearest one), or
    /// `null`. In the 1-D view a mean is drawn (and grabbed) at its curve's peak.
    pub fn mean_near(&self, canvas: &HtmlCanvasElement, x: f64, y: f64) -> Option<u32> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let reach = GRAB_RADIUS * self.ratio;
        self.drawn_means(canvas)
            .into_iter()
            .enumerate()
            .map(|(j, [mx, my])| (j, (mx - x).hypot(my - y)))
            .filter(|&(_, dist)| dist <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j as u32)
    }

    /// Where component `k`'s current mean is drawn, `[x, y]` in canvas device pixels (`null` for
    /// no such component).
    pub fn mean_at(&self, canvas: &HtmlCanvasElement, k: u32) -> Option<Vec<f64>> {
        self.drawn_means(canvas).get(k as usize).map(|p| p.to_vec())
    }

    /// Makes the run's start the current start with component `k`'s mean moved to `(x, y)` (in the
    /// viewed columns, kept inside the plot area; in the 1-D view only `x` counts), and runs again
    /// from it at iteration 0. Reset comes back to this start; a new seed or new settings replace it.
    pub fn drag_mean(
        &mut self,
        canvas: &HtmlCanvasElement,
        k: u32,
        x: f64,
        y: f64,
    ) -> Result<(), JsError> {
        let start = self.app.start();
        let (kk, d) = (start.k(), start.d());
        let k = k as usize;
        if k >= kk {
            return Err(self.fail(Problem::NoSuchComponent { k: kk }));
        }
        if !x.is_finite() || !y.is_finite() {
            return Err(self.fail(Problem::PointerNotNumber));
        }
        let view = self.view_for(canvas);
        let [l, t, w, h] = view.px;
        let (x, y) = (x.clamp(l, l + w), y.clamp(t, t + h));
        let mut means = start.means().to_vec();
        if d == 1 {
            means[k] = view.dx(x);
        } else {
            let [cx, cy] = self.app.view_columns();
            means[k * d + cx] = view.dx(x);
            means[k * d + cy] = view.dy(y);
        }
        let moved = Mixture::new(
            start.covariance_type(),
            start.weights().to_vec(),
            means,
            start.covariances().to_vec(),
        )
        .map_err(Into::into)
        .and_then(|m| self.app.set_start(m).map(|_| ()));
        moved.map_err(|e| self.fail(e))
    }

    /// The keyboard's drag: moves component `k`'s STARTING mean by `(dx, dy)` canvas pixels from
    /// where it is (in the 1-D view only `dx` counts) and runs again from the new start, as
    /// [`Session::drag_mean`] does. Returns the new starting mean (all d coordinates).
    pub fn nudge_mean(
        &mut self,
        canvas: &HtmlCanvasElement,
        k: u32,
        dx: f64,
        dy: f64,
    ) -> Result<Vec<f64>, JsError> {
        let start = self.app.start();
        let d = start.d();
        if k as usize >= start.k() {
            return Err(self.fail(Problem::NoSuchComponent { k: start.k() }));
        }
        let m = &start.means()[k as usize * d..(k as usize + 1) * d];
        let view = self.view_for(canvas);
        let (x, y) = if d == 1 {
            (view.sx(m[0]), view.px[1] + 0.5 * view.px[3])
        } else {
            let [cx, cy] = self.app.view_columns();
            (view.sx(m[cx]), view.sy(m[cy]))
        };
        self.drag_mean(canvas, k, x + dx, y + dy)?;
        let start = self.app.start();
        Ok(start.means()[k as usize * d..(k as usize + 1) * d].to_vec())
    }

    /// The means of the run's start, k × d.
    pub fn start_means(&self) -> Result<JsValue, JsError> {
        let start = self.app.start();
        let means: Vec<&[f64]> = start.means().chunks_exact(start.d()).collect();
        to_js(&means)
    }
}
