//! The 2-D view: points in blended colours (one ImageData), 1σ and 2σ covariance ellipses and
//! the means, over axes in data units; in presenter mode the laser pointer on top.

use emviz_core::linalg::eig_sym2;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::axes::{cross, draw_axes, plot_area};
use super::look::{draw_laser, Look};
use super::points::PointLayer;
use super::Projected;
use emviz_app::app::App;
use emviz_app::view::View;

/// The view of `app`'s two chosen columns on a `width × height` canvas.
pub fn view_of(app: &App, width: f64, height: f64, ratio: f64) -> View {
    let [x, y] = app.bounds();
    View {
        x,
        y,
        px: plot_area(width, height, ratio),
    }
}

/// Draws the whole 2-D frame of a `width × height` canvas in `look`; `t` (0–1) tweens the
/// ellipses and means from the parameters before the last M-step to the current ones.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    layer: &mut PointLayer,
    (width, height, look): (f64, f64, &Look),
    t: f64,
) -> Result<(), JsValue> {
    let ratio = look.ratio;
    let view = view_of(app, width, height, ratio);
    let [cx, cy] = app.view_columns();
    let data = app.data();
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    let xy = data
        .rows()
        .map(|r| (view.sx(r[cx]) - view.px[0], view.sy(r[cy]) - view.px[1]));
    layer.draw_app(ctx, app, &view, ([cx, cy], xy), ratio)?;
    let names = data.names();
    draw_axes(ctx, &view, (&names[cx], &names[cy]), false, look);

    ctx.save();
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
    // Under variational Bayes each component fades with its expected weight E[πₖ].
    let opacity = app.component_opacity();
    for c in Projected::tweened(app, [cx, cy], t) {
        let alpha = opacity.as_ref().map_or(1.0, |o| o[c.index]);
        ctx.set_global_alpha(alpha);
        draw_component(ctx, &view, &c, look)?;
    }
    ctx.set_global_alpha(1.0);
    draw_laser(ctx, app, &view, look);
    ctx.restore();
    Ok(())
}

pub(crate) fn draw_component(
    ctx: &CanvasRenderingContext2d,
    view: &View,
    c: &Projected,
    look: &Look,
) -> Result<(), JsValue> {
    let ratio = look.ratio;
    let colour = look.component(c.index);
    let ([l1, l2], angle) = eig_sym2(c.cov[0], c.cov[1], c.cov[3]);
    let (cos, sin) = (angle.cos(), angle.sin());
    for (sigmas, dash) in [(1.0, false), (2.0, true)] {
        let (r1, r2) = (sigmas * l1.sqrt(), sigmas * l2.sqrt());
        ctx.begin_path();
        for i in 0..=96 {
            let a = i as f64 / 96.0 * std::f64::consts::TAU;
            let (u, v) = (r1 * a.cos(), r2 * a.sin());
            let x = view.sx(c.mean[0] + u * cos - v * sin);
            let y = view.sy(c.mean[1] + u * sin + v * cos);
            if i == 0 {
                ctx.move_to(x, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        let pattern = js_sys::Array::new();
        if dash {
            pattern.push(&(6.0 * ratio).into());
            pattern.push(&(4.0 * ratio).into());
        }
        ctx.set_line_dash(&pattern)?;
        // On a white halo, so the ellipse stays visible over a dense cloud of its own colour.
        let width = if dash { 1.5 } else { 2.5 };
        for (w, stroke) in [(width + 2.5, "#ffffff"), (width, colour.as_str())] {
            ctx.set_line_width(w * ratio);
            ctx.set_stroke_style_str(stroke);
            ctx.stroke();
        }
    }
    ctx.set_line_dash(&js_sys::Array::new())?;
    // The mean: a cross in the component's colour on a white halo.
    let (x, y) = (view.sx(c.mean[0]), view.sy(c.mean[1]));
    let s = 7.0 * ratio;
    for (width, stroke) in [(5.0, "#ffffff".to_string()), (2.5, colour)] {
        ctx.set_line_width(width * ratio);
        ctx.set_stroke_style_str(&stroke);
        ctx.begin_path();
        cross(ctx, x, y, s);
        ctx.stroke();
    }
    Ok(())
}
