//! "Outline by uncertainty" over the 2-D view, right after it is drawn: a dark ring around each
//! point whose classification is uncertain (mclust's uncertainty plot marks them), thicker and
//! darker the more uncertain. The numbers and the rule of how strongly a point is ringed are
//! [`emviz_app::uncertainty`]'s; here only the strokes, in a few levels of strength (one path
//! each, so a large data set costs a few strokes).

use std::f64::consts::TAU;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::points::stamp_for;
use super::scatter;
use emviz_app::app::App;
use emviz_app::uncertainty::{of_points, ring_strength};

/// Levels of ring strength drawn (each a path of its own width and opacity).
const LEVELS: usize = 5;

/// Draws the rings on a `width × height` canvas at pixel `ratio`; returns how many points were
/// ringed (none in the 1-D view or before the first E-step).
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    (width, height, ratio): (f64, f64, f64),
) -> Result<usize, JsValue> {
    let data = app.data();
    if data.d() < 2 {
        return Ok(0);
    }
    let Some((uncertainty, k)) = of_points(app) else {
        return Ok(0);
    };
    let view = scatter::view_of(app, width, height, ratio);
    let [cx, cy] = app.view_columns();
    let (dot, _) = stamp_for(data.n(), ratio);
    let mut levels: Vec<Vec<(f64, f64)>> = vec![Vec::new(); LEVELS];
    for (row, u) in data.rows().zip(&uncertainty) {
        let s = ring_strength(*u, k);
        if s > 0.0 {
            let level = ((s * LEVELS as f64).ceil() as usize).clamp(1, LEVELS) - 1;
            levels[level].push((view.sx(row[cx]), view.sy(row[cy])));
        }
    }
    ctx.save();
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
    let mut ringed = 0;
    for (level, centres) in levels.iter().enumerate() {
        if centres.is_empty() {
            continue;
        }
        let s = (level + 1) as f64 / LEVELS as f64;
        let line = (0.8 + 2.2 * s) * ratio;
        let r = dot + 1.5 * ratio + line / 2.0;
        ctx.begin_path();
        for &(x, y) in centres {
            ctx.move_to(x + r, y);
            ctx.arc(x, y, r, 0.0, TAU)?;
        }
        ctx.set_stroke_style_str(&format!("rgba(20, 20, 20, {:.2})", 0.25 + 0.7 * s));
        ctx.set_line_width(line);
        ctx.stroke();
        ringed += centres.len();
    }
    ctx.restore();
    Ok(ringed)
}
