//! Starting means set by hand: the page asks which mean is under the pointer ([`Session::mean_near`])
//! and moves that component's starting mean as the pointer drags ([`Session::drag_mean`]); the run
//! starts again from the new start (iteration 0). Coordinates are canvas device pixels.

use emviz_core::{Error, Mixture};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{to_js, Session};
use crate::render::scatter;

/// How near (CSS pixels) the pointer must be to a mean to grab it.
const GRAB_RADIUS: f64 = 12.0;

#[wasm_bindgen]
impl Session {
    /// The component whose mean is drawn within a few pixels of `(x, y)` (the nearest one), or
    /// `null`. Only in the 2-D view.
    pub fn mean_near(&self, canvas: &HtmlCanvasElement, x: f64, y: f64) -> Option<u32> {
        let model = self.app.em().model();
        if model.d() < 2 || !x.is_finite() || !y.is_finite() {
            return None;
        }
        let view = scatter::view_of(
            &self.app,
            canvas.width() as f64,
            canvas.height() as f64,
            self.ratio,
        );
        let [cx, cy] = self.app.view_columns();
        let reach = GRAB_RADIUS * self.ratio;
        (0..model.k())
            .map(|j| {
                let m = model.mean(j);
                (j, (view.sx(m[cx]) - x).hypot(view.sy(m[cy]) - y))
            })
            .filter(|&(_, dist)| dist <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j as u32)
    }

    /// Where component `k`'s current mean is drawn, `[x, y]` in canvas device pixels (2-D view
    /// only; `null` otherwise).
    pub fn mean_at(&self, canvas: &HtmlCanvasElement, k: u32) -> Option<Vec<f64>> {
        let model = self.app.em().model();
        if model.d() < 2 || k as usize >= model.k() {
            return None;
        }
        let view = scatter::view_of(
            &self.app,
            canvas.width() as f64,
            canvas.height() as f64,
            self.ratio,
        );
        let [cx, cy] = self.app.view_columns();
        let m = model.mean(k as usize);
        Some(vec![view.sx(m[cx]), view.sy(m[cy])])
    }

    /// Makes the run's start the current start with component `k`'s mean moved to `(x, y)` (in the
    /// viewed columns; kept inside the plot area), and runs again from it at iteration 0. Reset
    /// comes back to this start; a new seed or new settings replace it.
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
        if d < 2 {
            return Err(self.fail(invalid("mean", "means can be dragged in the 2-D view only")));
        }
        if k >= kk {
            return Err(self.fail(invalid(
                "component",
                format!("there are only {kk} components"),
            )));
        }
        if !x.is_finite() || !y.is_finite() {
            return Err(self.fail(invalid("position", "the pointer position is not a number")));
        }
        let view = scatter::view_of(
            &self.app,
            canvas.width() as f64,
            canvas.height() as f64,
            self.ratio,
        );
        let [l, t, w, h] = view.px;
        let (x, y) = (x.clamp(l, l + w), y.clamp(t, t + h));
        let [cx, cy] = self.app.view_columns();
        let mut means = start.means().to_vec();
        means[k * d + cx] = view.dx(x);
        means[k * d + cy] = view.dy(y);
        let moved = Mixture::new(
            start.covariance_type(),
            start.weights().to_vec(),
            means,
            start.covariances().to_vec(),
        )
        .and_then(|m| self.app.set_start(m).map(|_| ()));
        moved.map_err(|e| self.fail(e))
    }

    /// The means of the run's start, k × d.
    pub fn start_means(&self) -> Result<JsValue, JsError> {
        let start = self.app.start();
        let means: Vec<&[f64]> = start.means().chunks_exact(start.d()).collect();
        to_js(&means)
    }
}

fn invalid(name: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidParameter {
        name,
        message: message.into(),
    }
}
