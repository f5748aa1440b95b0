//! The settings' small picture of a covariance model ([`emviz_app::model_picture`]): three
//! example components after the model's M-step, each as its 1σ ellipse filled lightly in its
//! colour, on a white ground.

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use emviz_app::model_picture::{example, MEANS, RANGE};
use emviz_app::view::View;
use emviz_core::linalg::eig_sym2;
use emviz_core::rules::ModelName;

use super::look::Look;

/// Draws `model`'s picture on `canvas` (its whole size, `ratio` device pixels per CSS pixel).
pub fn draw(canvas: &HtmlCanvasElement, model: ModelName, ratio: f64) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("the picture's canvas has no 2-D context")?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    // The same scale on both axes, so a round component looks round.
    let unit = (w / (RANGE[0][1] - RANGE[0][0])).min(h / (RANGE[1][1] - RANGE[1][0]));
    let (pw, ph) = (
        unit * (RANGE[0][1] - RANGE[0][0]),
        unit * (RANGE[1][1] - RANGE[1][0]),
    );
    let view = View {
        x: RANGE[0],
        y: RANGE[1],
        px: [(w - pw) / 2.0, (h - ph) / 2.0, pw, ph],
    };
    let look = Look::page(ratio);
    for (j, (cov, mean)) in example(model).iter().zip(MEANS).enumerate() {
        let ([l1, l2], angle) = eig_sym2(cov[0], cov[1], cov[3]);
        let (cos, sin) = (angle.cos(), angle.sin());
        let (r1, r2) = (l1.max(0.0).sqrt(), l2.max(0.0).sqrt());
        ctx.begin_path();
        for i in 0..=64 {
            let a = i as f64 / 64.0 * std::f64::consts::TAU;
            let (u, v) = (r1 * a.cos(), r2 * a.sin());
            let (x, y) = (
                view.sx(mean[0] + u * cos - v * sin),
                view.sy(mean[1] + u * sin + v * cos),
            );
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        let colour = look.component(j);
        ctx.set_global_alpha(0.25);
        ctx.set_fill_style_str(&colour);
        ctx.fill();
        ctx.set_global_alpha(1.0);
        ctx.set_line_width(2.0 * ratio);
        ctx.set_stroke_style_str(&colour);
        ctx.stroke();
    }
    Ok(())
}
