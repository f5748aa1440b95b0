//! §5.2.1 — latent variables, in 2-D: optional density contours of the mixture p(x) = Σ_z p(x, z)
//! and of each joint p(x, z = k) = φₖ N(x; μₖ, Σₖ), in the two viewed columns (for d > 2 the
//! marginal of those columns, itself a Gaussian mixture). Densities on a grid, level lines by
//! marching squares; drawn over the main view.

use web_sys::CanvasRenderingContext2d;

use super::Projected;
use emviz_app::palette::{color, css};
use emviz_app::view::View;

/// Which contours are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contours {
    Off,
    Mixture,
    Components,
    Both,
}

impl Contours {
    /// From the page's choice: `off`, `mixture`, `components`, `both`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "off" => Contours::Off,
            "mixture" => Contours::Mixture,
            "components" => Contours::Components,
            "both" => Contours::Both,
            _ => return None,
        })
    }
}

/// φ N(x; μ, Σ) of one projected component at (x, y).
pub fn joint_density(c: &Projected, x: f64, y: f64) -> f64 {
    let [a, b, _, d] = c.cov;
    let det = a * d - b * b;
    if det.is_nan() || det <= 0.0 {
        return 0.0;
    }
    let (dx, dy) = (x - c.mean[0], y - c.mean[1]);
    let q = (d * dx * dx - 2.0 * b * dx * dy + a * dy * dy) / det;
    c.weight * (-0.5 * q).exp() / (std::f64::consts::TAU * det.sqrt())
}

/// Values of `f` on a `nx × ny` grid over `x` × `y` (row-major, y outer).
pub fn grid(
    x: [f64; 2],
    y: [f64; 2],
    nx: usize,
    ny: usize,
    f: impl Fn(f64, f64) -> f64,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        let yy = y[0] + (y[1] - y[0]) * j as f64 / (ny - 1) as f64;
        for i in 0..nx {
            out.push(f(x[0] + (x[1] - x[0]) * i as f64 / (nx - 1) as f64, yy));
        }
    }
    out
}

/// The segments of the level line `v = level` of a grid (marching squares, linear interpolation
/// along cell edges), in grid coordinates (i, j).
pub fn level_segments(v: &[f64], nx: usize, ny: usize, level: f64) -> Vec<[(f64, f64); 2]> {
    let mut out = Vec::new();
    let at = |i: usize, j: usize| v[j * nx + i];
    // Where the level crosses the edge from corner p (value a) to corner q (value b).
    let cross = |p: (f64, f64), a: f64, q: (f64, f64), b: f64| {
        let t = ((level - a) / (b - a)).clamp(0.0, 1.0);
        (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
    };
    for j in 0..ny.saturating_sub(1) {
        for i in 0..nx.saturating_sub(1) {
            let (x0, y0, x1, y1) = (i as f64, j as f64, i as f64 + 1.0, j as f64 + 1.0);
            let c = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
            let p = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
            let mut pts = Vec::with_capacity(4);
            for e in 0..4 {
                let (a, b) = (c[e], c[(e + 1) % 4]);
                if (a >= level) != (b >= level) {
                    pts.push(cross(p[e], a, p[(e + 1) % 4], b));
                }
            }
            match pts.len() {
                2 => out.push([pts[0], pts[1]]),
                // A saddle: pair the crossings by the cell's centre value.
                4 => {
                    let centre = c.iter().sum::<f64>() / 4.0;
                    if (centre >= level) == (c[0] >= level) {
                        out.push([pts[0], pts[3]]);
                        out.push([pts[1], pts[2]]);
                    } else {
                        out.push([pts[0], pts[1]]);
                        out.push([pts[2], pts[3]]);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Contour levels of a density whose highest value is `max`: fixed fractions of it.
pub fn levels(max: f64) -> Vec<f64> {
    [0.85, 0.6, 0.35, 0.15, 0.05, 0.015]
        .iter()
        .map(|f| f * max)
        .filter(|v| *v > 0.0)
        .collect()
}

/// Draws the contours of `comps` (projected on the viewed columns) over `view`; returns how many
/// line segments were drawn.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    view: &View,
    comps: &[Projected],
    which: Contours,
    ratio: f64,
) -> usize {
    if which == Contours::Off || comps.is_empty() {
        return 0;
    }
    let drawn = std::cell::Cell::new(0usize);
    let [l, t, w, h] = view.px;
    let (nx, ny) = (
        ((w / (5.0 * ratio)) as usize).clamp(20, 160),
        ((h / (5.0 * ratio)) as usize).clamp(20, 160),
    );
    let (xr, yr) = (view.x, view.y);
    let to_px = |(gi, gj): (f64, f64)| {
        (
            l + w * gi / (nx - 1) as f64,
            t + h - h * gj / (ny - 1) as f64,
        )
    };
    ctx.save();
    ctx.begin_path();
    ctx.rect(l, t, w, h);
    ctx.clip();
    let stroke = |v: &[f64], style: &str, width: f64, dash: &[f64]| {
        let max = v.iter().copied().fold(0.0f64, f64::max);
        let pattern = js_sys::Array::new();
        for d in dash {
            pattern.push(&wasm_bindgen::JsValue::from_f64(*d * ratio));
        }
        let _ = ctx.set_line_dash(&pattern);
        ctx.set_stroke_style_str(style);
        ctx.set_line_width(width * ratio);
        ctx.begin_path();
        for level in levels(max) {
            let segs = level_segments(v, nx, ny, level);
            drawn.set(drawn.get() + segs.len());
            for [a, b] in segs {
                let (pa, pb) = (to_px(a), to_px(b));
                ctx.move_to(pa.0, pa.1);
                ctx.line_to(pb.0, pb.1);
            }
        }
        ctx.stroke();
    };
    if matches!(which, Contours::Components | Contours::Both) {
        for c in comps {
            let v = grid(xr, yr, nx, ny, |x, y| joint_density(c, x, y));
            stroke(&v, &css(color(c.index)), 1.2, &[4.0, 3.0]);
        }
    }
    if matches!(which, Contours::Mixture | Contours::Both) {
        let v = grid(xr, yr, nx, ny, |x, y| {
            comps.iter().map(|c| joint_density(c, x, y)).sum()
        });
        stroke(&v, "rgba(29, 36, 48, 0.85)", 1.4, &[]);
    }
    ctx.restore();
    drawn.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(weight: f64, mean: [f64; 2], cov: [f64; 4]) -> Projected {
        Projected {
            index: 0,
            weight,
            mean,
            cov,
        }
    }

    #[test]
    fn the_joint_density_is_the_weighted_gaussian() {
        // Independently: the 2-D normal density with Σ = diag(4, 1) at (1, 1) from (0, 0).
        let c = comp(0.3, [0.0, 0.0], [4.0, 0.0, 0.0, 1.0]);
        let want = 0.3 * (-0.5f64 * (1.0 / 4.0 + 1.0)).exp() / (2.0 * std::f64::consts::PI * 2.0);
        assert!((joint_density(&c, 1.0, 1.0) - want).abs() < 1e-15);
        assert_eq!(
            joint_density(&comp(1.0, [0.0, 0.0], [1.0, 1.0, 1.0, 1.0]), 0.0, 0.0),
            0.0
        );
    }

    #[test]
    fn the_level_lines_of_a_round_gaussian_are_circles() {
        let c = comp(1.0, [0.0, 0.0], [1.0, 0.0, 0.0, 1.0]);
        let (nx, ny) = (121, 121);
        let v = grid([-3.0, 3.0], [-3.0, 3.0], nx, ny, |x, y| {
            joint_density(&c, x, y)
        });
        for level in levels(1.0 / std::f64::consts::TAU) {
            // The circle where N = level: r² = −2 ln(2π level).
            let r = (-2.0 * (std::f64::consts::TAU * level).ln()).sqrt();
            if r > 2.9 {
                continue;
            }
            let segs = level_segments(&v, nx, ny, level);
            assert!(segs.len() > 20, "level {level}: {} segments", segs.len());
            for [a, b] in segs {
                for (gi, gj) in [a, b] {
                    let (x, y) = (-3.0 + 6.0 * gi / 120.0, -3.0 + 6.0 * gj / 120.0);
                    assert!(
                        ((x * x + y * y).sqrt() - r).abs() < 0.02,
                        "level {level}: ({x}, {y}) not on r = {r}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_mixture_is_the_sum_of_the_joints() {
        let comps = [
            comp(0.4, [-1.0, 0.0], [1.0, 0.2, 0.2, 0.5]),
            comp(0.6, [2.0, 1.0], [0.5, 0.0, 0.0, 2.0]),
        ];
        let p = |x: f64, y: f64| comps.iter().map(|c| joint_density(c, x, y)).sum::<f64>();
        // It integrates to 1 over a wide box (a Riemann sum).
        let (n, lo, hi) = (401, -8.0, 8.0);
        let v = grid([lo, hi], [lo, hi], n, n, p);
        let cell = ((hi - lo) / (n - 1) as f64).powi(2);
        let total: f64 = v.iter().sum::<f64>() * cell;
        assert!((total - 1.0).abs() < 1e-3, "{total}");
    }
}
