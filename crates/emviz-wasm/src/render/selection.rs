//! The "Choose K" chart (plotters on a canvas): the criterion the panel ranks by (BIC, AIC or
//! ICL) against K beside BIC (or AIC when BIC is the one chosen) — side by side, or one above
//! the other on a narrow canvas —, one line per covariance type, drawn as the background job
//! finishes fits. Each type's lowest value is a filled dot; the overall best K by the chosen
//! criterion gets a ring. Over mclust's fourteen models (as mclust's BIC plot) each model has a
//! colour and a marker shape, named in a legend strip below both panels; a degenerate fit is left
//! out of its line and marked with a cross.

use emviz_core::{CovarianceType, ModelName, ModelRow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use emviz_app::palette::color;
use emviz_app::selection_job::Criterion;

/// The chart's words, in the page's language.
pub struct Labels<'a> {
    /// The x-axis ("K", "number of components K").
    pub x: &'a str,
    /// Title of the top panel ("BIC (lower is better)").
    pub bic: &'a str,
    /// Title of the AIC panel.
    pub aic: &'a str,
    /// Title of the ICL panel.
    pub icl: &'a str,
}

impl Labels<'_> {
    /// The title of `criterion`'s panel.
    fn title(&self, criterion: Criterion) -> &str {
        match criterion {
            Criterion::Bic => self.bic,
            Criterion::Aic => self.aic,
            Criterion::Icl => self.icl,
        }
    }
}

/// The criterion drawn beside the chosen one: BIC, the usual yardstick, or AIC beside BIC.
fn beside(chosen: Criterion) -> Criterion {
    match chosen {
        Criterion::Bic => Criterion::Aic,
        Criterion::Aic | Criterion::Icl => Criterion::Bic,
    }
}

/// The line colour of a covariance type (the page's palette).
pub fn type_colour(t: CovarianceType) -> RGBColor {
    let [r, g, b] = color(match t {
        CovarianceType::Full => 0,
        CovarianceType::Tied => 1,
        CovarianceType::Diag => 2,
        CovarianceType::Spherical => 4,
    });
    RGBColor(r, g, b)
}

/// How a line is drawn: its colour and marker.
#[derive(Clone, Copy)]
struct Look {
    colour: RGBColor,
    /// A triangle instead of a dot.
    triangle: bool,
}

/// The palette's entries for mclust's models (the yellow left out: too pale on white).
const MODEL_HUES: [usize; 7] = [0, 1, 2, 3, 4, 5, 7];

impl Look {
    /// The look of `model`'s line; `models`: whether the chart is over mclust's models (else
    /// the covariance type's colour, as before).
    fn of(model: ModelName, models: bool) -> Look {
        match (models, model.covariance_type()) {
            (false, Some(t)) => Look {
                colour: type_colour(t),
                triangle: false,
            },
            _ => {
                let i = ModelName::ALL.iter().position(|&m| m == model).unwrap_or(0);
                let [r, g, b] = color(MODEL_HUES[i % MODEL_HUES.len()]);
                Look {
                    colour: RGBColor(r, g, b),
                    triangle: i >= MODEL_HUES.len(),
                }
            }
        }
    }
}

/// The chart's lines: per model, its name as the panel calls it and its cells so far.
pub type Lines<'a> = [(ModelName, &'a str, &'a [ModelRow])];

/// Draws the cells found so far (per model: its label and cells), K = 1..`k_max`, by
/// `criterion` and beside it; `best` is the overall best (K, model) by `criterion` once the job
/// is finished; `models` whether the job is over mclust's models.
pub fn draw_selection(
    canvas: HtmlCanvasElement,
    (rows, models): (&Lines, bool),
    k_max: usize,
    (criterion, best): (Criterion, Option<(usize, ModelName)>),
    ratio: f64,
    labels: &Labels,
) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the chart canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let root = if models {
        let (_, h) = root.dim_in_pixel();
        let strip = (40.0 * ratio).round() as u32;
        let (charts, below) = root.split_vertically(h.saturating_sub(strip));
        legend_strip(&below, rows, ratio)?;
        charts
    } else {
        root
    };
    // Side by side on a wide canvas, one above the other on a narrow one.
    let (w, h) = root.dim_in_pixel();
    let (first, second) = if w as f64 > 1.6 * h as f64 {
        root.split_horizontally(w / 2)
    } else {
        root.split_vertically(h / 2)
    };
    let other = beside(criterion);
    let (chosen_title, other_title) = (labels.title(criterion), labels.title(other));
    panel(
        &first,
        (rows, models),
        k_max,
        criterion,
        best,
        ratio,
        chosen_title,
        labels.x,
        !models,
    )?;
    panel(
        &second,
        (rows, models),
        k_max,
        other,
        None,
        ratio,
        other_title,
        labels.x,
        false,
    )?;
    root.present().map_err(|e| e.to_string())
}

/// The legend of mclust's models: two rows of seven (marker and name), in mclust's order.
fn legend_strip(
    area: &DrawingArea<CanvasBackend, Shift>,
    rows: &Lines,
    ratio: f64,
) -> Result<(), String> {
    let px = |v: f64| (v * ratio).round() as i32;
    let (w, _) = area.dim_in_pixel();
    let columns = MODEL_HUES.len() as i32;
    let cell = (w as i32 - px(16.0)) / columns;
    let font = ("sans-serif", px(12.0)).into_font().color(&BLACK);
    for (i, (model, label, _)) in rows.iter().enumerate() {
        let look = Look::of(*model, true);
        let (row, col) = (i as i32 / columns, i as i32 % columns);
        let (x, y) = (px(16.0) + col * cell, px(10.0) + row * px(18.0));
        marker(area, (x, y), look, px(4.5))?;
        area.draw(&Text::new(
            label.to_string(),
            (x + px(9.0), y - px(7.0)),
            font.clone(),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A line's marker (a dot or a triangle) centred at pixel `at`.
fn marker(
    area: &DrawingArea<CanvasBackend, Shift>,
    at: (i32, i32),
    look: Look,
    size: i32,
) -> Result<(), String> {
    let style = look.colour.filled();
    if look.triangle {
        area.draw(&TriangleMarker::new(at, size + 1, style))
    } else {
        area.draw(&Circle::new(at, size, style))
    }
    .map_err(|e| e.to_string())
}

#[allow(clippy::too_many_arguments)]
fn panel(
    area: &DrawingArea<CanvasBackend, Shift>,
    (rows, models): (&Lines, bool),
    k_max: usize,
    criterion: Criterion,
    best: Option<(usize, ModelName)>,
    ratio: f64,
    title: &str,
    x_desc: &str,
    legend: bool,
) -> Result<(), String> {
    let px = |v: f64| (v * ratio).round() as u32;
    let font = px(12.0);
    let values = rows
        .iter()
        .flat_map(|(_, _, rs)| rs.iter().filter_map(|r| criterion.of(&r.row)))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = match (lo.is_finite(), hi > lo) {
        // Headroom above the lines for the legend.
        (true, true) => {
            let top = if legend { 0.4 } else { 0.08 };
            (lo - (hi - lo) * 0.08, hi + (hi - lo) * top)
        }
        (true, false) => (lo - 1.0, lo + 1.0),
        _ => (0.0, 1.0),
    };
    let k_max = k_max.max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", px(13.0)))
        .margin(px(6.0))
        .x_label_area_size(px(30.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(0.5f64..k_max as f64 + 0.5, lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .x_labels(k_max.min(10))
        .y_labels(4)
        .x_label_formatter(&|v| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| format!("{v:.0}"))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()
        .map_err(|e| e.to_string())?;
    for &(model, label, rs) in rows {
        let look = Look::of(model, models);
        let colour = look.colour;
        // Over mclust's models a degenerate fit is left out of the line and crossed.
        let kept = |r: &&ModelRow| !(models && r.degenerate);
        let point = |r: &ModelRow| criterion.of(&r.row).map(|v| (r.row.k as f64, v));
        let points: Vec<(f64, f64)> = rs.iter().filter(kept).filter_map(point).collect();
        let crossed: Vec<(f64, f64)> = (rs.iter())
            .filter(|r| models && r.degenerate)
            .filter_map(point)
            .collect();
        let width = if models { 1.5 } else { 2.0 };
        let series = chart
            .draw_series(LineSeries::new(
                points.clone(),
                colour.stroke_width(px(width)),
            ))
            .map_err(|e| e.to_string())?;
        if legend {
            series.label(label).legend(move |(x, y)| {
                Circle::new((x + px(6.0) as i32, y), px(4.0) as i32, colour.filled())
            });
        }
        if look.triangle {
            chart
                .draw_series(
                    (points.iter())
                        .map(|p| TriangleMarker::new(*p, px(4.0) as i32, colour.filled())),
                )
                .map_err(|e| e.to_string())?;
        } else {
            let size = if models { 3.0 } else { 2.5 };
            chart
                .draw_series(
                    (points.iter()).map(|p| Circle::new(*p, px(size) as i32, colour.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series(
                (crossed.iter())
                    .map(|p| Cross::new(*p, px(4.0) as i32, colour.stroke_width(px(1.5)))),
            )
            .map_err(|e| e.to_string())?;
        // This type's lowest value: a bigger dot (over the fourteen models, only the ring).
        if let Some(low) = (!models)
            .then(|| points.iter().min_by(|a, b| a.1.total_cmp(&b.1)))
            .flatten()
        {
            chart
                .draw_series(std::iter::once(Circle::new(
                    *low,
                    px(5.0) as i32,
                    colour.filled(),
                )))
                .map_err(|e| e.to_string())?;
        }
        if let Some((k, _)) = best.filter(|&(_, m)| m == model) {
            if let Some(p) = points.iter().find(|p| p.0 == k as f64) {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        *p,
                        px(9.0) as i32,
                        BLACK.stroke_width(px(2.0)),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    if legend && !rows.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(("sans-serif", font))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
