//! Sampling from the fitted model (the book's generate.py): draw points from the current mixture,
//! draw them over the data as dark crosses (after the main view is drawn), and word them as
//! rows for the Data box ("Add to data"). The page keeps the drawn points as an opaque
//! Float64Array and hands them back; every number comes from here.

use super::context_2d;
use emviz_core::rng_from_seed;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{seed_from, Session};
use crate::render::axes::{cross, plot_area};
use crate::render::scatter;
use emviz_app::error::Problem;
use emviz_app::view::View;

/// Most points one Generate may draw.
pub const MAX_SAMPLES: usize = 100_000;
/// The 1-D view's rug strip below the axis, as a fraction of the density range (as in
/// `render::histogram`).
const RUG: f64 = 0.14;

/// `values` (n × d, row-major) as lines of space-separated numbers, rounded to 4 decimals.
pub fn rows_text(values: &[f64], d: usize) -> String {
    let mut out = String::new();
    for row in values.chunks_exact(d.max(1)) {
        let words: Vec<String> = row.iter().map(|v| trim(format!("{v:.4}"))).collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn trim(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".into()
    } else {
        t.into()
    }
}

fn check_count(n: usize) -> Result<(), Problem> {
    if (1..=MAX_SAMPLES).contains(&n) {
        Ok(())
    } else {
        Err(Problem::SamplesRange {
            n,
            max: MAX_SAMPLES,
        })
    }
}

impl Session {
    fn check_samples(&self, values: &[f64]) -> Result<usize, JsError> {
        let d = self.app.data().d();
        if !values.len().is_multiple_of(d) || values.iter().any(|v| !v.is_finite()) {
            return Err(JsError::new(&format!(
                "the samples must be finite rows of {d} numbers"
            )));
        }
        Ok(d)
    }
}

#[wasm_bindgen]
impl Session {
    /// Draws `n` points from the current model with `seed`; returns them flat (n × d, row-major).
    /// The model and points are remembered: "Use as the data" makes them a data set of known
    /// origin (§5.1.3).
    pub fn sample_points(&mut self, n: usize, seed: f64) -> Result<Vec<f64>, JsError> {
        check_count(n).map_err(|e| self.fail(e))?;
        let seed = seed_from(seed)?;
        let model = self.app.em().model().clone();
        let (points, labels) = model.sample(n, &mut rng_from_seed(seed));
        let values = points.values().to_vec();
        self.truth.drawn = Some((model, values.clone(), labels));
        Ok(values)
    }

    /// The drawn points as rows of text for the Data box.
    pub fn samples_text(&self, values: &[f64]) -> Result<String, JsError> {
        let d = self.check_samples(values)?;
        Ok(rows_text(values, d))
    }

    /// Draws the points (as returned by `sample_points`) over the main view as dark crosses (2-D)
    /// or dark ticks under the axis (1-D). Call it right after `render`.
    pub fn render_samples(
        &self,
        canvas: &HtmlCanvasElement,
        values: &[f64],
    ) -> Result<(), JsError> {
        let d = self.check_samples(values)?;
        let ctx = context_2d(canvas)?;
        let (w, h, r) = (canvas.width() as f64, canvas.height() as f64, self.ratio);
        ctx.save();
        if d == 1 {
            let [x, _] = self.app.bounds();
            let view = View {
                x,
                y: [0.0, 1.0],
                px: plot_area(w, h, r),
            };
            clip(&ctx, &view);
            // The histogram puts y = 0 at 1/(1 + RUG) of the plot's height; the rug lies below.
            let axis = view.px[1] + view.px[3] / (1.0 + RUG);
            let bottom = view.px[1] + view.px[3];
            ctx.begin_path();
            for v in values {
                let sx = view.sx(*v);
                ctx.move_to(sx, axis + (bottom - axis) * 0.45);
                ctx.line_to(sx, bottom - r);
            }
        } else {
            let view = scatter::view_of(&self.app, w, h, r);
            clip(&ctx, &view);
            let [cx, cy] = self.app.view_columns();
            let s = 3.0 * r;
            ctx.begin_path();
            for row in values.chunks_exact(d) {
                cross(&ctx, view.sx(row[cx]), view.sy(row[cy]), s);
            }
        }
        ctx.set_stroke_style_str("rgba(20, 20, 20, 0.8)");
        ctx.set_line_width(1.3 * r);
        ctx.stroke();
        ctx.restore();
        Ok(())
    }
}

fn clip(ctx: &CanvasRenderingContext2d, view: &View) {
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_worded_shortly() {
        assert_eq!(
            rows_text(&[1.0, 2.5, -0.00001, 1.23456], 2),
            "1 2.5\n0 1.2346\n"
        );
        assert_eq!(rows_text(&[4.0, 5.0], 1), "4\n5\n");
        assert!(check_count(0).is_err() && check_count(500).is_ok());
    }
}
