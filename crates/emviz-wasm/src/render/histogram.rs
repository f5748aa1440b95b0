//! The 1-D view (the blog posts' picture): a histogram of the data, each component's weighted
//! density φₖ N(x; μₖ, σₖ²), the mixture density, and the points as a rug coloured by their
//! responsibilities.

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::axes::{cross, draw_axes, plot_area};
use super::look::{draw_laser, Look};
use super::points::PointLayer;
use super::Projected;
use emviz_app::app::App;
use emviz_app::view::View;

/// Height of the rug strip below the axis, as a fraction of the density range.
pub const RUG: f64 = 0.14;

/// Histogram bin densities over `[lo, hi]` (Rice rule for the bin count); with sample `weights`
/// (one per value) each value counts its weight, so the bars are the density the weighted fit
/// is of.
pub fn histogram(
    values: impl Iterator<Item = f64> + Clone,
    weights: Option<&[f64]>,
    lo: f64,
    hi: f64,
) -> Vec<f64> {
    let n = values.clone().count();
    let bins = ((2.0 * (n as f64).cbrt()).ceil() as usize).clamp(8, 80);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0.0; bins];
    for (i, v) in values.enumerate() {
        let b = (((v - lo) / width) as usize).min(bins - 1);
        counts[b] += emviz_core::weights::weight_at(weights, i);
    }
    let total = weights.map_or(n as f64, |w| w.iter().sum());
    counts.iter().map(|c| c / (total * width)).collect()
}

/// The points' sample weights, if the data have them.
fn sample_weights(app: &App) -> Option<&[f64]> {
    app.em().weights().map(|w| w.values())
}

fn normal_pdf(x: f64, mean: f64, var: f64) -> f64 {
    (-(x - mean) * (x - mean) / (2.0 * var)).exp() / (std::f64::consts::TAU * var).sqrt()
}

/// The densities drawn over a grid of `x` values: each component's φₖ N(x; μₖ, σₖ²) and the mixture
/// p(x) = Σₖ φₖ N(x; μₖ, σₖ²) (eq. 5.7's p(x) = Σ_z p(x, z)), and the y top of the view.
struct Curves {
    grid: Vec<f64>,
    curves: Vec<Vec<f64>>,
    mixture: Vec<f64>,
    top: f64,
}

fn curves(app: &App, comps: &[Projected], hist: &[f64]) -> Curves {
    let [xr, _] = app.bounds();
    let grid: Vec<f64> = (0..=300)
        .map(|i| xr[0] + (xr[1] - xr[0]) * i as f64 / 300.0)
        .collect();
    let curves: Vec<Vec<f64>> = comps
        .iter()
        .map(|c| {
            grid.iter()
                .map(|&x| c.weight * normal_pdf(x, c.mean[0], c.cov[0]))
                .collect()
        })
        .collect();
    let mixture: Vec<f64> = (0..grid.len())
        .map(|i| curves.iter().map(|c| c[i]).sum())
        .collect();
    let top = hist
        .iter()
        .chain(&mixture)
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .clamp(1e-300, f64::MAX)
        * 1.1;
    Curves {
        grid,
        curves,
        mixture,
        top,
    }
}

/// The 1-D view of `app` on a `width × height` canvas (as drawn after the last half-step).
pub fn view_of(app: &App, width: f64, height: f64, ratio: f64) -> View {
    let [xr, _] = app.bounds();
    let hist = histogram(
        app.data().rows().map(|r| r[0]),
        sample_weights(app),
        xr[0],
        xr[1],
    );
    let comps = Projected::tweened(app, [0, 0], 1.0);
    let top = curves(app, &comps, &hist).top;
    View {
        x: xr,
        y: [-RUG * top, top],
        px: plot_area(width, height, ratio),
    }
}

/// Where point `i` (value `x`) sits in the rug strip below the axis, canvas pixels. A deterministic
/// jitter inside the strip lets dense runs of points show as bands.
pub fn rug_point(view: &View, i: usize, x: f64) -> [f64; 2] {
    let top = view.y[1];
    let strip = view.sy(-RUG * top) - view.sy(0.0);
    let jitter = ((i as u64).wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0;
    [view.sx(x), view.sy(0.0) + strip * (0.15 + 0.7 * jitter)]
}

/// Where component `k`'s mean is drawn (and grabbed) in the 1-D view: the peak of its weighted
/// density φₖ N(μₖ; μₖ, σₖ²), canvas pixels.
pub fn mean_point(view: &View, weight: f64, mean: f64, var: f64) -> [f64; 2] {
    let peak = weight * normal_pdf(mean, mean, var);
    [view.sx(mean), view.sy(peak.min(view.y[1]))]
}

/// Draws the 1-D frame of a `width × height` canvas in `look`; `t` tweens the curves as in the
/// 2-D view.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    app: &App,
    layer: &mut PointLayer,
    (width, height, look): (f64, f64, &Look),
    t: f64,
) -> Result<(), JsValue> {
    let ratio = look.ratio;
    let data = app.data();
    let [xr, _] = app.bounds();
    let xs = data.rows().map(|r| r[0]);
    let hist = histogram(xs.clone(), sample_weights(app), xr[0], xr[1]);
    let comps = Projected::tweened(app, [0, 0], t);
    let Curves {
        grid,
        curves,
        mixture,
        top,
    } = curves(app, &comps, &hist);
    let view = View {
        x: xr,
        y: [-RUG * top, top],
        px: plot_area(width, height, ratio),
    };

    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    let xy = xs.clone().enumerate().map(move |(i, x)| {
        let [px, py] = rug_point(&view, i, x);
        (px - view.px[0], py - view.px[1])
    });
    layer.draw_app(ctx, app, &view, ([0, 0], xy), ratio)?;

    // Histogram bars.
    let bw = (xr[1] - xr[0]) / hist.len() as f64;
    ctx.set_fill_style_str("#d9dde3");
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(ratio);
    for (b, dens) in hist.iter().enumerate() {
        let x0 = view.sx(xr[0] + b as f64 * bw);
        let x1 = view.sx(xr[0] + (b + 1) as f64 * bw);
        let y = view.sy(*dens);
        ctx.fill_rect(x0, y, x1 - x0, view.sy(0.0) - y);
        ctx.stroke_rect(x0, y, x1 - x0, view.sy(0.0) - y);
    }
    draw_axes(ctx, &view, (&data.names()[0], "density"), true, look);
    // Component densities, then the mixture on top; under variational Bayes each component fades
    // with its expected weight E[πₖ], as in the 2-D view.
    let opacity = app.component_opacity();
    let alpha = |index: usize| opacity.as_ref().map_or(1.0, |o| o[index]);
    for (c, ys) in comps.iter().zip(&curves) {
        ctx.set_global_alpha(alpha(c.index));
        polyline(ctx, &view, &grid, ys, &look.component(c.index), 2.5 * ratio);
    }
    ctx.set_global_alpha(1.0);
    polyline(ctx, &view, &grid, &mixture, &look.ink(), 1.5 * ratio);
    // Each mean as a cross on its curve's peak (it can be dragged, as in the 2-D view).
    let arm = 5.0 * ratio;
    for c in &comps {
        ctx.set_global_alpha(alpha(c.index));
        let [mx, my] = mean_point(&view, c.weight, c.mean[0], c.cov[0]);
        ctx.begin_path();
        cross(ctx, mx, my, arm);
        ctx.set_stroke_style_str("#ffffff");
        ctx.set_line_width(4.0 * ratio);
        ctx.stroke();
        ctx.set_stroke_style_str(&look.component(c.index));
        ctx.set_line_width(2.0 * ratio);
        ctx.stroke();
    }
    ctx.set_global_alpha(1.0);
    draw_laser(ctx, app, &view, look);
    Ok(())
}

fn polyline(
    ctx: &CanvasRenderingContext2d,
    view: &View,
    xs: &[f64],
    ys: &[f64],
    stroke: &str,
    width: f64,
) {
    ctx.begin_path();
    for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
        let (sx, sy) = (view.sx(*x), view.sy(*y));
        if i == 0 {
            ctx.move_to(sx, sy);
        } else {
            ctx.line_to(sx, sy);
        }
    }
    ctx.set_stroke_style_str(stroke);
    ctx.set_line_width(width);
    ctx.stroke();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_integrates_to_one() {
        let values: Vec<f64> = (0..1000).map(|i| (i as f64 * 0.731).sin()).collect();
        let h = histogram(values.iter().copied(), None, -1.0, 1.0);
        let width = 2.0 / h.len() as f64;
        let total: f64 = h.iter().map(|d| d * width).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    /// With integer weights the bars are those of the values repeated (over the same bins: the
    /// bin count follows the number of distinct points), and they integrate to one.
    #[test]
    fn weighted_bars_are_the_repeated_values_bars() {
        let values: Vec<f64> = (0..64).map(|i| (i as f64 * 0.731).sin()).collect();
        let weights: Vec<f64> = (0..64).map(|i| (i % 3) as f64).collect();
        let h = histogram(values.iter().copied(), Some(&weights), -1.0, 1.0);
        let width = 2.0 / h.len() as f64;
        let total: f64 = h.iter().map(|d| d * width).sum();
        assert!((total - 1.0).abs() < 1e-12);
        let mut counts = vec![0.0; h.len()];
        for (v, w) in values.iter().zip(&weights) {
            let b = (((v + 1.0) / width) as usize).min(h.len() - 1);
            counts[b] += w;
        }
        let sum: f64 = weights.iter().sum();
        for (d, c) in h.iter().zip(&counts) {
            assert!((d - c / (sum * width)).abs() < 1e-12);
        }
    }
}
