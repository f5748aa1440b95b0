//! The §5.1.3 chart (plotters on a canvas): per iteration, the mean log-likelihood ℓ(θ) and the
//! estimate of D_KL(p* ‖ p_θ) on the data (eq. 5.3), with their constant sum — (1/N) Σ log p*(x⁽ⁿ⁾), the
//! term that does not depend on θ — dashed, and
//! D_KL(p* ‖ p_θ) on an independent sample at the iteration shown.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::ticks::{self, YAxisLayout};
use emviz_app::palette;
use emviz_app::truth::TruthReport;

const BLUE: RGBColor = super::rgb(palette::BLUE);
const VERMILION: RGBColor = super::rgb(palette::VERMILION);
const GREEN: RGBColor = super::rgb(palette::GREEN);
const GREY: RGBColor = super::rgb(palette::GREY);

/// Draws `r` with the iteration shown at `at`; `titles` are the axis titles (x, y). Returns the y
/// axis's layout, or None when p* is unknown (a blank canvas).
pub fn draw(
    canvas: HtmlCanvasElement,
    r: &TruthReport,
    at: usize,
    ratio: f64,
    titles: (&str, &str),
) -> Result<Option<YAxisLayout>, String> {
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or("the D_KL chart canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    if !r.known || r.points.is_empty() {
        root.present().map_err(err)?;
        return Ok(None);
    }
    // The y-range: both series and H, from iteration 1 on when the start is far below the rest.
    let skip_start = r.points.len() > 2
        && super::chart::start_is_off_scale(
            &r.points
                .iter()
                .map(|p| p.mean_log_likelihood)
                .collect::<Vec<_>>(),
        );
    let shown = if skip_start {
        &r.points[1..]
    } else {
        &r.points[..]
    };
    let values = shown
        .iter()
        .flat_map(|p| [p.mean_log_likelihood, p.kl_on_data])
        .chain([r.mean_log_p_star, r.kl_exact, 0.0]);
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let (lo, hi) = ticks::fit_range(lo, hi);
    let last = r.points.len().saturating_sub(1).max(1);
    let font = (12.0 * ratio) as u32;
    let layout = ticks::measure(&root, lo, hi, font, ratio)?;
    let mut chart =
        super::chart::iteration_axes(&root, last, (lo, hi), &layout, font, ratio, titles)?;
    let clamp = |v: f64| v.clamp(lo, hi);
    let width = (2.0 * ratio) as u32;
    // ℓ + estimate = (1/N) Σ log p*(x⁽ⁿ⁾), the same at every iteration: dashed.
    let h = clamp(r.mean_log_p_star);
    let dash = (6.0 * ratio) as u32;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, h), (last as f64, h)],
            dash,
            dash,
            GREY.stroke_width((1.5 * ratio) as u32),
        ))
        .map_err(err)?;
    // D_KL = 0.
    chart
        .draw_series(LineSeries::new(
            [(0.0, clamp(0.0)), (last as f64, clamp(0.0))],
            super::rgb(palette::RULE).stroke_width(ratio as u32),
        ))
        .map_err(err)?;
    let r_dot = (2.5 * ratio) as i32;
    for (color, get) in [
        (
            BLUE,
            (|p: &emviz_app::truth::TruthPoint| p.mean_log_likelihood)
                as fn(&emviz_app::truth::TruthPoint) -> f64,
        ),
        (VERMILION, |p: &emviz_app::truth::TruthPoint| p.kl_on_data),
    ] {
        let pts: Vec<(f64, f64)> = r
            .points
            .iter()
            .map(|p| (p.iteration as f64, clamp(get(p))))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(width)))
            .map_err(err)?;
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, r_dot, color.filled())))
            .map_err(err)?;
    }
    // D_KL on the independent sample, at the iteration shown: a green diamond.
    let (x, y) = (at.min(last) as f64, clamp(r.kl_exact));
    let s = (5.0 * ratio) as i32;
    chart
        .draw_series(std::iter::once(
            EmptyElement::at((x, y))
                + Polygon::new(vec![(0, -s), (s, 0), (0, s), (-s, 0)], GREEN.filled()),
        ))
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(Some(layout))
}
