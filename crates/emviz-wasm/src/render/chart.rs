//! The log-likelihood chart (plotters on a canvas): mean log-likelihood after every iteration,
//! climbing as EM runs.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::rgb;
use super::ticks::{self, YAxisLayout};
use emviz_app::palette;

/// The axes both per-iteration charts (this one and the D_KL chart, [`super::truth`]) draw on: x the
/// iterations `0..=last` labelled with whole numbers, y `lo..hi` with the ticks of [`ticks`], a
/// light mesh and the axis `titles` (x, y).
pub(super) fn iteration_axes<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    last: usize,
    (lo, hi): (f64, f64),
    layout: &YAxisLayout,
    font: u32,
    ratio: f64,
    titles: (&str, &str),
) -> Result<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(root)
        .margin((8.0 * ratio) as u32)
        .x_label_area_size((36.0 * ratio) as u32)
        .y_label_area_size(layout.area)
        .build_cartesian_2d(0f64..last as f64, lo..hi)
        .map_err(|e| e.to_string())?;
    let decimals = ticks::decimals(&ticks::positions(lo, hi));
    chart
        .configure_mesh()
        .x_desc(titles.0)
        .y_desc(titles.1)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .x_labels((last + 1).min(8))
        .y_labels(ticks::Y_LABELS)
        .x_label_formatter(&|v| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| ticks::label(*v, decimals))
        .light_line_style(rgb(palette::MESH))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

/// Draws `trace` (mean log-likelihood at the start and after each iteration) on `canvas`.
/// The first value (often far below the rest) is shown but the y-range follows the later ones.
/// `titles` are the (x, y) axis titles in the page's language.
pub fn draw_log_likelihood(
    canvas: HtmlCanvasElement,
    trace: &[f64],
    ratio: f64,
    titles: (&str, &str),
) -> Result<YAxisLayout, String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the chart canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let last = trace.len().saturating_sub(1).max(1);
    let start_off_scale = start_is_off_scale(trace);
    let tail = if start_off_scale { &trace[1..] } else { trace };
    let (lo, hi) = tail
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let (lo, hi) = if lo.is_finite() && hi >= lo {
        ticks::fit_range(lo, hi)
    } else {
        (-1.0, 1.0)
    };
    let font = (12.0 * ratio) as u32;
    let layout = ticks::measure(&root, lo, hi, font, ratio)?;
    let mut chart = iteration_axes(&root, last, (lo, hi), &layout, font, ratio, titles)?;
    let clamp = |v: f64| v.max(lo);
    let points: Vec<(f64, f64)> = trace
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64, clamp(*v)))
        .collect();
    let blue = rgb(palette::BLUE);
    chart
        .draw_series(LineSeries::new(
            points.clone(),
            blue.stroke_width((2.0 * ratio) as u32),
        ))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, (2.5 * ratio) as i32, blue.filled())),
        )
        .map_err(|e| e.to_string())?;
    if start_off_scale {
        // The start is far below the rest: it sits on the bottom edge, labelled with its value
        // where the climbing line is far above the label (to the right of the climb).
        let label = format!("{:.2} ↓", trace[0]).replace('-', "−");
        let style = ("sans-serif", font).into_font().color(&blue);
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (0.45 * last as f64, lo + (hi - lo) * 0.06),
                style,
            )))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(layout)
}

/// Whether the first value of the trace lies so far below the others that drawing it to scale
/// would flatten the climb that follows (typical of a far start such as the book's).
pub(crate) fn start_is_off_scale(trace: &[f64]) -> bool {
    let Some((&first, rest)) = trace.split_first() else {
        return false;
    };
    let (lo, hi) = rest
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return false;
    }
    let span = (hi - lo).max(1e-3 * hi.abs()).max(1e-9);
    first < lo - 3.0 * span
}

#[cfg(test)]
mod tests {
    use super::start_is_off_scale;

    #[test]
    fn a_far_start_is_off_scale_and_a_near_one_is_not() {
        assert!(start_is_off_scale(&[-137.5, -4.42]));
        assert!(start_is_off_scale(&[-137.5, -4.42, -4.36, -4.16]));
        assert!(!start_is_off_scale(&[-4.5, -4.42, -4.36]));
        assert!(!start_is_off_scale(&[-4.5]));
        assert!(!start_is_off_scale(&[]));
    }
}
