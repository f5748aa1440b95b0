//! The concentration panel's chart (plotters on a canvas), after scikit-learn's example
//! "Concentration Prior Type Analysis of Variation Bayesian Gaussian Mixture": on the left the
//! components in use (E[πₖ] > 0.01) against the weight concentration prior on a log axis, one
//! line per weight prior (the run's own drawn thicker), the prior in use marked by a vertical line
//! and the default 1/K by a dashed one; on the right the run's expected weights E[πₖ] as bars in
//! the components' colours (one above the other on a narrow canvas).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::rgb;
use emviz_app::concentration::Panel;
use emviz_app::palette;
use emviz_app::vb_run::IN_USE_WEIGHT;

type Area = DrawingArea<CanvasBackend, Shift>;

/// The chart's words, in the page's language.
pub struct Words<'a> {
    /// The sweep's x axis (the concentration prior, log scale).
    pub x: &'a str,
    /// The sweep's y axis (components in use).
    pub y: &'a str,
    /// The bars' title (the run's expected weights).
    pub weights: &'a str,
    /// The bars' x axis (the component).
    pub component: &'a str,
    /// The legend's name of each weight prior, in the sweep's order.
    pub priors: &'a [String],
    /// The mark of the default 1/K.
    pub default: &'a str,
}

/// Draws `panel` on `canvas` with `words`, at `ratio` device pixels per CSS pixel.
pub fn draw(
    canvas: HtmlCanvasElement,
    panel: &Panel,
    words: &Words,
    ratio: f64,
) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the chart canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (w, h) = root.dim_in_pixel();
    let (sweep, bars) = if w as f64 > 1.6 * h as f64 {
        root.split_horizontally(w * 3 / 5)
    } else {
        root.split_vertically(h * 3 / 5)
    };
    draw_sweep(&sweep, panel, words, ratio)?;
    draw_weights(&bars, panel, words, ratio)?;
    root.present().map_err(|e| e.to_string())
}

/// The dash of the default's mark: `on` of every `period` along a vertical line from `lo` to `hi`.
fn dashes(x: f64, lo: f64, hi: f64) -> Vec<[(f64, f64); 2]> {
    let (period, on) = ((hi - lo) / 12.0, (hi - lo) / 20.0);
    (0..12)
        .map(|i| {
            let y = lo + i as f64 * period;
            [(x, y), (x, (y + on).min(hi))]
        })
        .collect()
}

/// A prior on an axis or a mark: three significant digits at most (0.001, 0.167, 3.16, 1000).
fn short(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        let decimals = (2 - v.log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.decimals$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        s.to_string()
    }
}

fn draw_sweep(area: &Area, panel: &Panel, words: &Words, ratio: f64) -> Result<(), String> {
    let px = |v: f64| (v * ratio).round() as u32;
    let font = px(12.0);
    let (lo, hi) = (panel.stops[0], panel.stops[panel.stops.len() - 1]);
    let k = panel.weights.len().max(
        (panel.lines.iter())
            .flat_map(|l| l.counts.iter().flatten().copied())
            .max()
            .unwrap_or(1),
    );
    let top = k as f64 + 0.9;
    let mut chart = ChartBuilder::on(area)
        .margin(px(8.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(40.0))
        .build_cartesian_2d((lo..hi).log_scale(), 0f64..top)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(words.x)
        .y_desc(words.y)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .x_labels(7)
        .x_label_formatter(&|v| short(*v))
        .y_labels(k + 1)
        .y_label_formatter(&|v| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .light_line_style(rgb(palette::MESH))
        .draw()
        .map_err(|e| e.to_string())?;
    // The default 1/K, dashed, and the prior in use, solid.
    chart
        .draw_series(
            dashes(panel.default, 0.0, top).into_iter().map(|seg| {
                PathElement::new(seg.to_vec(), rgb(palette::GUIDE).stroke_width(px(1.5)))
            }),
        )
        .map_err(|e| e.to_string())?;
    let default_label = format!("{} = {}", words.default, short(panel.default));
    chart
        .draw_series(std::iter::once(Text::new(
            default_label,
            (panel.default * 1.15, top - 0.7),
            ("sans-serif", font).into_font().color(&rgb(palette::GREY)),
        )))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(panel.in_use, 0.0), (panel.in_use, top)],
            rgb(palette::INK).stroke_width(px(2.0)),
        )))
        .map_err(|e| e.to_string())?;
    // The prior in use, written beside its line (to the left of it in the right half).
    let right_half = panel.in_use > (lo * hi).sqrt();
    let (h, nudge) = if right_half {
        (HPos::Right, 0.93)
    } else {
        (HPos::Left, 1.07)
    };
    let style = ("sans-serif", font)
        .into_font()
        .style(FontStyle::Bold)
        .color(&rgb(palette::INK))
        .pos(Pos::new(h, VPos::Top));
    chart
        .draw_series(std::iter::once(Text::new(
            short(panel.in_use),
            (panel.in_use * nudge, top - 0.05),
            style,
        )))
        .map_err(|e| e.to_string())?;
    let colours = [palette::BLUE, palette::VERMILION];
    for (i, line) in panel.lines.iter().enumerate() {
        let (prior, counts) = (&line.prior, &line.counts);
        let colour = rgb(colours[i % colours.len()]);
        let own = panel.weight_prior == Some(*prior);
        let points: Vec<(f64, f64)> = (panel.values.iter().zip(counts))
            .filter_map(|(&v, c)| c.map(|c| (v, c as f64 + if i == 0 { -0.06 } else { 0.06 })))
            .collect();
        let name = words
            .priors
            .get(i)
            .cloned()
            .unwrap_or_else(|| prior.name().into());
        chart
            .draw_series(LineSeries::new(
                points.clone(),
                colour.stroke_width(px(if own { 3.0 } else { 1.5 })),
            ))
            .map_err(|e| e.to_string())?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + px(16.0) as i32, y)],
                    colour.stroke_width(px(3.0)),
                )
            });
        chart
            .draw_series(
                points.iter().map(|p| {
                    Circle::new(*p, px(if own { 3.5 } else { 2.5 }) as i32, colour.filled())
                }),
            )
            .map_err(|e| e.to_string())?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(("sans-serif", font))
        .background_style(WHITE.mix(0.85))
        .border_style(rgb(palette::RULE))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn draw_weights(area: &Area, panel: &Panel, words: &Words, ratio: f64) -> Result<(), String> {
    let px = |v: f64| (v * ratio).round() as u32;
    let font = px(12.0);
    let k = panel.weights.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(words.weights, ("sans-serif", px(13.0)))
        .margin(px(8.0))
        .x_label_area_size(px(30.0))
        .y_label_area_size(px(40.0))
        .build_cartesian_2d(0.5f64..k as f64 + 0.5, 0f64..1f64)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(words.component)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .x_labels(k.min(10))
        .x_label_formatter(&|v| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .light_line_style(rgb(palette::MESH))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(panel.weights.iter().enumerate().map(|(j, &w)| {
            let x = j as f64 + 1.0;
            Rectangle::new(
                [(x - 0.35, 0.0), (x + 0.35, w)],
                rgb(palette::color(j)).filled(),
            )
        }))
        .map_err(|e| e.to_string())?;
    // The line a weight must clear to count as in use.
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.5, IN_USE_WEIGHT), (k as f64 + 0.5, IN_USE_WEIGHT)],
            rgb(palette::GUIDE).stroke_width(px(1.0)),
        )))
        .map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn priors_are_written_with_three_significant_digits_at_most() {
        let cases = [
            (0.001, "0.001"),
            (1.0 / 6.0, "0.167"),
            (3.16, "3.16"),
            (1.0, "1"),
        ];
        for (v, want) in cases.into_iter().chain([(10.0, "10"), (1000.0, "1000")]) {
            assert_eq!(super::short(v), want, "{v}");
        }
    }
}
