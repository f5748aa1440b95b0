//! The k-means picture beside the EM view: every pixel of the plot area tinted by its nearest
//! centre (the Voronoi cells, with their boundaries drawn darker), the points in their hard
//! cluster's colour, and the centres as round markers, all in one `ImageData` plus a few paths,
//! over the same axes as the scatter view.
//!
//! With more than two columns the cells are those of the plane shown, taken through the data's
//! means in the other columns (where a point added by clicking lands). 1-D data is drawn as a
//! strip: x is the value, y only spreads the points out.

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, ImageData};

use super::axes::{draw_axes, plot_area};
use super::look::Look;
use super::points::stamp_for;
use super::scatter::view_of;
use emviz_app::app::App;
use emviz_app::kmeans_view::Lockstep;
use emviz_app::palette::{color, css, Rgb, UNASSIGNED};
use emviz_app::view::View;

/// How much of the cluster colour tints its cell (the rest is white).
const TINT: f64 = 0.16;
/// Colour of the cell boundaries.
const EDGE: Rgb = [0x50, 0x58, 0x66];

/// The view of the k-means canvas: the scatter view's, or for 1-D data x and a unit strip.
pub fn view_for(app: &App, width: f64, height: f64, ratio: f64) -> View {
    if app.data().d() == 1 {
        View {
            x: app.bounds()[0],
            y: [0.0, 1.0],
            px: plot_area(width, height, ratio),
        }
    } else {
        view_of(app, width, height, ratio)
    }
}

/// Where point `i` is drawn, in data units of `view` (1-D data: a fixed spread in y).
fn position(app: &App, i: usize, row: &[f64]) -> (f64, f64) {
    let [cx, cy] = app.view_columns();
    if row.len() == 1 {
        // A golden-ratio sequence spreads the points evenly over the strip's middle.
        let spread = (i as f64 * 0.618_033_988_749_895).fract();
        (row[0], 0.1 + 0.8 * spread)
    } else {
        (row[cx], row[cy])
    }
}

/// The label of every pixel of the plot area: its nearest centre.
pub fn cell_labels(app: &App, centers: &[f64], view: &View) -> Vec<u8> {
    let data = app.data();
    let d = data.d();
    let k = centers.len() / d;
    let [cx, cy] = app.view_columns();
    let n = data.n().max(1) as f64;
    let base: Vec<f64> = (0..d)
        .map(|c| data.rows().map(|r| r[c]).sum::<f64>() / n)
        .collect();
    // Per centre: its viewed coordinates and the squared distance in the other columns.
    let parts: Vec<(f64, f64, f64)> = (0..k)
        .map(|j| {
            let c = &centers[j * d..(j + 1) * d];
            let off = (0..d)
                .filter(|&a| a != cx && a != cy)
                .map(|a| (base[a] - c[a]).powi(2))
                .sum();
            (c[cx], if d == 1 { 0.0 } else { c[cy] }, off)
        })
        .collect();
    let (w, h) = (view.px[2].max(1.0) as usize, view.px[3].max(1.0) as usize);
    let mut labels = vec![0u8; w * h];
    for py in 0..h {
        let y = if d == 1 {
            0.0
        } else {
            view.dy(view.px[1] + py as f64 + 0.5)
        };
        for px in 0..w {
            let x = view.dx(view.px[0] + px as f64 + 0.5);
            let mut best = (0, f64::INFINITY);
            for (j, &(mx, my, off)) in parts.iter().enumerate() {
                let dist = (x - mx).powi(2) + (y - my).powi(2) + off;
                if dist < best.1 {
                    best = (j, dist);
                }
            }
            labels[py * w + px] = best.0 as u8;
        }
    }
    labels
}

/// The RGBA image of the plot area: tinted cells, their boundaries, and the points.
fn paint(app: &App, lockstep: &Lockstep, view: &View, ratio: f64) -> (Vec<u8>, u32, u32) {
    let km = lockstep.kmeans();
    let cells = cell_labels(app, km.centers(), view);
    let (w, h) = (view.px[2].max(1.0) as usize, view.px[3].max(1.0) as usize);
    let mut rgba = vec![255u8; w * h * 4];
    for y in 0..h {
        for x in 0..w {
            let l = cells[y * w + x];
            let edge = (x + 1 < w && cells[y * w + x + 1] != l)
                || (y + 1 < h && cells[(y + 1) * w + x] != l);
            let c = if edge {
                EDGE
            } else {
                color(l as usize).map(|v| (255.0 + (v as f64 - 255.0) * TINT).round() as u8)
            };
            let o = (y * w + x) * 4;
            rgba[o..o + 3].copy_from_slice(&c);
        }
    }
    let (radius, alpha) = stamp_for(app.data().n(), ratio);
    let labels = km.labels();
    for (i, row) in app.data().rows().enumerate() {
        let (dx, dy) = position(app, i, row);
        let colour = labels.get(i).map_or(UNASSIGNED, |&l| color(l));
        stamp(
            &mut rgba,
            (w, h),
            (view.sx(dx) - view.px[0], view.sy(dy) - view.px[1]),
            radius,
            alpha,
            colour,
        );
    }
    (rgba, w as u32, h as u32)
}

/// A soft-edged disc of `colour` at `(x, y)` (pixels from the buffer's top-left corner).
fn stamp(
    rgba: &mut [u8],
    size: (usize, usize),
    at: (f64, f64),
    radius: f64,
    alpha: f64,
    colour: Rgb,
) {
    let (w, h) = (size.0 as i64, size.1 as i64);
    let (cx, cy) = (at.0.round() as i64, at.1.round() as i64);
    let reach = radius.ceil() as i64;
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let (px, py) = (cx + dx, cy + dy);
            if px < 0 || py < 0 || px >= w || py >= h {
                continue;
            }
            let dist = ((dx * dx + dy * dy) as f64).sqrt();
            let cover = if dx == 0 && dy == 0 {
                1.0
            } else {
                (radius + 0.5 - dist).clamp(0.0, 1.0)
            };
            if cover <= 0.0 {
                continue;
            }
            let a = alpha * cover;
            let o = ((py * w + px) * 4) as usize;
            for c in 0..3 {
                let dst = rgba[o + c] as f64;
                rgba[o + c] = (dst + (colour[c] as f64 - dst) * a).round() as u8;
            }
        }
    }
}

/// Draws the k-means frame on a `width × height` canvas (device pixels).
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    lockstep: &Lockstep,
    size: (f64, f64, f64),
) -> Result<(), JsValue> {
    let (width, height, ratio) = size;
    let view = view_for(app, width, height, ratio);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    let (rgba, w, h) = paint(app, lockstep, &view, ratio);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h)?;
    ctx.put_image_data(&image, view.px[0], view.px[1])?;
    let names = app.data().names();
    let [cx, cy] = app.view_columns();
    let y_name = if app.data().d() == 1 {
        ""
    } else {
        names[cy].as_str()
    };
    draw_axes(ctx, &view, (&names[cx], y_name), false, &Look::page(ratio));

    ctx.save();
    ctx.begin_path();
    ctx.rect(view.px[0], view.px[1], view.px[2], view.px[3]);
    ctx.clip();
    let d = app.data().d();
    for (j, c) in lockstep.kmeans().centers().chunks_exact(d).enumerate() {
        let (x, y) = if d == 1 {
            (view.sx(c[0]), view.sy(0.5))
        } else {
            (view.sx(c[cx]), view.sy(c[cy]))
        };
        // A centre: a disc in its cluster's colour, ringed white then dark.
        for (r, fill) in [
            (9.0, "#222222".to_string()),
            (7.5, "#ffffff".to_string()),
            (6.0, css(color(j))),
        ] {
            ctx.begin_path();
            ctx.arc(x, y, r * ratio, 0.0, std::f64::consts::TAU)?;
            ctx.set_fill_style_str(&fill);
            ctx.fill();
        }
    }
    ctx.restore();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_app::app::App;

    #[test]
    fn cells_follow_the_nearest_centre() {
        let app = App::new();
        let view = View {
            x: [0.0, 10.0],
            y: [0.0, 10.0],
            px: [0.0, 0.0, 10.0, 10.0],
        };
        // Centres at (2.5, 5) and (7.5, 5): the left half is cell 0, the right half cell 1.
        let cells = cell_labels(&app, &[2.5, 5.0, 7.5, 5.0], &view);
        assert_eq!(cells[3 * 10 + 1], 0);
        assert_eq!(cells[3 * 10 + 8], 1);
        assert_eq!(cells.iter().filter(|&&l| l == 0).count(), 50);
    }
}
