//! Axes in data units: frame, round ticks, tick labels and the column names.

use web_sys::CanvasRenderingContext2d;

use super::look::Look;
use emviz_app::view::{nice_ticks, tick_label, View};

/// The tick labels' size, CSS pixels at the page's scale: the axes' smallest words.
pub const TICK_FONT: f64 = 12.0;

/// Margins around the plot area, in CSS pixels: left, top, right, bottom.
pub const MARGINS: [f64; 4] = [58.0, 14.0, 14.0, 44.0];

/// The plot area of a `width × height` canvas (device pixels) at `ratio` device pixels per CSS px.
pub fn plot_area(width: f64, height: f64, ratio: f64) -> [f64; 4] {
    let [l, t, r, b] = MARGINS.map(|m| m * ratio);
    [l, t, (width - l - r).max(10.0), (height - t - b).max(10.0)]
}

/// Draws the frame, ticks and labels of `view` (with `nonneg_y`, no ticks below y = 0) in `look`.
pub fn draw_axes(
    ctx: &CanvasRenderingContext2d,
    view: &View,
    names: (&str, &str),
    nonneg_y: bool,
    look: &Look,
) {
    let (x_name, y_name) = names;
    let ratio = look.ratio;
    let [left, top, w, h] = view.px;
    ctx.set_stroke_style_str(&look.frame());
    ctx.set_line_width(ratio);
    ctx.stroke_rect(left, top, w, h);
    ctx.set_fill_style_str(&look.ink());
    ctx.set_font(&format!(
        "{}px system-ui, sans-serif",
        (TICK_FONT * ratio).round()
    ));
    let tick = 5.0 * ratio;

    let xs = nice_ticks(view.x[0], view.x[1], (w / (90.0 * ratio)).max(2.0) as usize);
    let x_step = step_of(&xs);
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for v in &xs {
        let x = view.sx(*v);
        line(ctx, x, top + h, x, top + h + tick);
        let _ = ctx.fill_text(&tick_label(*v, x_step), x, top + h + tick + 2.0 * ratio);
    }
    let ys = nice_ticks(view.y[0], view.y[1], (h / (60.0 * ratio)).max(2.0) as usize);
    let y_step = step_of(&ys);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for v in ys.iter().filter(|v| !nonneg_y || **v >= 0.0) {
        let y = view.sy(*v);
        line(ctx, left - tick, y, left, y);
        let _ = ctx.fill_text(&tick_label(*v, y_step), left - tick - 3.0 * ratio, y);
    }
    ctx.set_font(&format!(
        "600 {}px system-ui, sans-serif",
        (13.0 * ratio).round()
    ));
    ctx.set_text_align("center");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(x_name, left + w / 2.0, top + h + 42.0 * ratio);
    ctx.save();
    let _ = ctx.translate(14.0 * ratio, top + h / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    ctx.set_text_baseline("top");
    let _ = ctx.fill_text(y_name, 0.0, 0.0);
    ctx.restore();
}

fn step_of(ticks: &[f64]) -> f64 {
    if ticks.len() >= 2 {
        ticks[1] - ticks[0]
    } else {
        1.0
    }
}

/// Adds an ✕ of half-width `arm` centred on (x, y) to the current path (a mean, a drawn point).
pub fn cross(ctx: &CanvasRenderingContext2d, x: f64, y: f64, arm: f64) {
    ctx.move_to(x - arm, y - arm);
    ctx.line_to(x + arm, y + arm);
    ctx.move_to(x - arm, y + arm);
    ctx.line_to(x + arm, y - arm);
}

/// A straight line segment.
pub fn line(ctx: &CanvasRenderingContext2d, x0: f64, y0: f64, x1: f64, y1: f64) {
    ctx.begin_path();
    ctx.move_to(x0, y0);
    ctx.line_to(x1, y1);
    ctx.stroke();
}
