//! Generate's points over the main view, right after it is drawn: dark crosses in the 2-D view,
//! dark ticks under the axis (in the rug strip) in the 1-D view.

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::axes::{cross, plot_area};
use super::{histogram, scatter};
use emviz_app::app::App;
use emviz_app::view::View;

/// Draws `values` (n × d, row-major, d the data's columns) on a `width × height` canvas; returns
/// how many points were drawn.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    values: &[f64],
    size: (f64, f64, f64),
) -> Result<usize, JsValue> {
    let (w, h, r) = size;
    let d = app.data().d();
    if d == 0 || !values.len().is_multiple_of(d) {
        return Ok(0);
    }
    ctx.save();
    if d == 1 {
        let [x, _] = app.bounds();
        let view = View {
            x,
            y: [0.0, 1.0],
            px: plot_area(w, h, r),
        };
        clip(ctx, &view);
        // The histogram puts y = 0 at 1/(1 + RUG) of the plot's height; the rug lies below.
        let axis = view.px[1] + view.px[3] / (1.0 + histogram::RUG);
        let bottom = view.px[1] + view.px[3];
        ctx.begin_path();
        for v in values {
            let sx = view.sx(*v);
            ctx.move_to(sx, axis + (bottom - axis) * 0.45);
            ctx.line_to(sx, bottom - r);
        }
    } else {
        let view = scatter::view_of(app, w, h, r);
        clip(ctx, &view);
        let [cx, cy] = app.view_columns();
        let s = 3.0 * r;
        ctx.begin_path();
        for row in values.chunks_exact(d) {
            cross(ctx, view.sx(row[cx]), view.sy(row[cy]), s);
        }
    }
    ctx.set_stroke_style_str("rgba(20, 20, 20, 0.8)");
    ctx.set_line_width(1.3 * r);
    ctx.stroke();
    ctx.restore();
    Ok(values.len() / d)
}

fn clip(ctx: &CanvasRenderingContext2d, view: &View) {
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
}
