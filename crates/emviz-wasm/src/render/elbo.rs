//! The ELBO chart (plotters on a canvas): per half-step, the total log-likelihood log p(x) and the
//! ELBO under it, with the KL gap between them shaded — log p(x) = ELBO + KL. After an E-step the
//! ELBO touches log p(x) (KL = 0); after an M-step both rise and a gap opens. The start (no ELBO
//! yet) is skipped, and only a window of recent half-steps around the cursor is shown, so the
//! y-range follows the run instead of the far-below first iterations.
//!
//! Under variational Bayes the ELBO is the full bound L(q(z), q(θ)) per half-step and there is
//! no log p(x) curve (the Bayesian model's evidence has no closed form): a half-step's log p(x)
//! is drawn only where its KL is known.
//!
//! Also the numbers of the stacked bar "log p = ELBO + KL" for the half-step shown.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use emviz_app::app::{App, HalfStepPoint};
use emviz_app::palette;
use emviz_core::HalfStep;

/// How many half-steps the chart shows at most.
pub const WINDOW: usize = 16;

/// From how many half-steps before the cursor the chart's y-range is set.
pub const FOCUS: usize = 6;

/// One half-step on the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ElboPoint {
    /// History index (1 = the first E-step).
    pub index: usize,
    /// E or M.
    pub phase: HalfStep,
    /// The iteration this half-step belongs to (1-based: E1, M1, E2, …).
    pub iteration: usize,
    /// ELBO summed over points.
    pub elbo: f64,
    /// Total log-likelihood, = ELBO + KL (`None` where the KL is unknown: variational Bayes).
    pub log_p: Option<f64>,
}

impl ElboPoint {
    /// Short label: `E3`, `M3`.
    pub fn label(&self) -> String {
        let half = match self.phase {
            HalfStep::E => "E",
            HalfStep::M => "M",
        };
        format!("{half}{}", self.iteration)
    }
}

/// What the chart shows: a window of half-steps, the cursor and the y-range.
#[derive(Clone, Debug, PartialEq)]
pub struct ElboWindow {
    /// The half-steps shown, in order.
    pub points: Vec<ElboPoint>,
    /// History index of the half-step shown on the page.
    pub cursor: usize,
    /// y-range `[lo, hi]` covering the ELBO and log p(x) from [`FOCUS`] half-steps before the
    /// cursor to the window's end (earlier ones may fall below and are drawn clamped).
    pub y: [f64; 2],
}

/// The window of at most `size` half-steps (the start excluded) ending at the newest one, or
/// moved back so that it holds `cursor` when the page is scrubbed back. None before the first
/// E-step.
pub fn window(steps: &[HalfStepPoint], cursor: usize, size: usize) -> Option<ElboWindow> {
    let with_elbo: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].elbo.is_some())
        .collect();
    let (&first, &last) = (with_elbo.first()?, with_elbo.last()?);
    let size = size.max(2);
    let mut start = (last + 1).saturating_sub(size).max(first);
    if cursor < start {
        start = cursor.saturating_sub(size / 3).max(first);
    }
    let end = (start + size - 1).min(last);
    let points: Vec<ElboPoint> = (start..=end)
        .filter_map(|i| {
            let s = &steps[i];
            let elbo = s.elbo?;
            let phase = s.phase?;
            Some(ElboPoint {
                index: i,
                phase,
                iteration: if phase == HalfStep::E {
                    s.iteration + 1
                } else {
                    s.iteration
                },
                elbo,
                log_p: s.kl.map(|_| s.total_log_likelihood),
            })
        })
        .collect();
    // The scale follows the half-steps from a few before the cursor to the window's end, leaving
    // out the first E-step (the start's log-likelihood, often far below) unless it is shown or
    // there is nothing else; values outside are drawn clamped.
    let from = (cursor.clamp(start, end) + 1).saturating_sub(FOCUS);
    let from = if end >= first + 2 && cursor > first {
        from.max(first + 1)
    } else {
        from
    };
    let (lo, hi) = points
        .iter()
        .filter(|p| p.index >= from)
        .flat_map(|p| [Some(p.elbo), p.log_p])
        .flatten()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let y = if lo.is_finite() && hi >= lo {
        let (lo, hi) = super::ticks::fit_range(lo, hi);
        [lo, hi]
    } else {
        [-1.0, 1.0]
    };
    Some(ElboWindow { points, cursor, y })
}

/// The stacked bar "log p(x) = ELBO + KL" of the half-step shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ElboBar {
    /// The half-step shown (`None` for the start).
    pub phase: Option<HalfStep>,
    /// Total log-likelihood log p(x) = Σₙ ln p(xₙ).
    pub log_p: f64,
    /// The number of points N the sums run over.
    pub n: usize,
    /// The mean per point, log p(x) / N (the status line's number).
    pub mean_log_p: f64,
    /// ELBO summed over points (null at the start).
    pub elbo: Option<f64>,
    /// KL summed over points (null at the start; exactly 0 after an E-step).
    pub kl: Option<f64>,
    /// The bar's scale `[lo, hi]` (the chart's y-range).
    pub scale: [f64; 2],
    /// Where the ELBO ends on the bar (0–1 of the scale).
    pub elbo_frac: f64,
    /// Where log p(x) ends on the bar (0–1), = ELBO's part + KL's part.
    pub log_p_frac: f64,
}

/// The bar for `app`'s current state, on the scale of `win` (the chart's window).
pub fn bar(app: &App, win: Option<&ElboWindow>) -> ElboBar {
    let state = app.state();
    let log_p = state.log_likelihood * state.n as f64;
    let scale = win.map_or([log_p - 1.0, log_p + 1.0], |w| w.y);
    let frac = |v: f64| ((v - scale[0]) / (scale[1] - scale[0])).clamp(0.0, 1.0);
    ElboBar {
        phase: state.phase,
        log_p,
        n: state.n,
        mean_log_p: state.log_likelihood,
        elbo: state.elbo,
        kl: state.kl,
        scale,
        elbo_frac: state.elbo.map_or(0.0, frac),
        log_p_frac: frac(log_p),
    }
}

const INK: RGBColor = super::rgb(palette::INK);
const BLUE: RGBColor = super::rgb(palette::BLUE);
const ORANGE: RGBColor = super::rgb(palette::ORANGE);

/// Draws `win` on `canvas`; `labels` are the axis titles (x, y) in the page's language.
pub fn draw(
    canvas: HtmlCanvasElement,
    win: Option<&ElboWindow>,
    ratio: f64,
    labels: (&str, &str),
) -> Result<Option<super::ticks::YAxisLayout>, String> {
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or("the ELBO chart canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let Some(win) = win.filter(|w| !w.points.is_empty()) else {
        return root.present().map_err(err).map(|_| None);
    };
    let (first, last) = (win.points[0].index, win.points[win.points.len() - 1].index);
    let x = (first as f64 - 0.5)..(last as f64 + 0.5);
    let font = (12.0 * ratio) as u32;
    let layout = super::ticks::measure(&root, win.y[0], win.y[1], font, ratio)?;
    let mut chart = ChartBuilder::on(&root)
        .margin((8.0 * ratio) as u32)
        .x_label_area_size((36.0 * ratio) as u32)
        .y_label_area_size(layout.area)
        .build_cartesian_2d(x, win.y[0]..win.y[1])
        .map_err(err)?;
    let label_of = |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 1e-6 {
            return String::new();
        }
        win.points
            .iter()
            .find(|p| p.index as f64 == i)
            .map_or(String::new(), ElboPoint::label)
    };
    let digits = super::ticks::decimals(&super::ticks::positions(win.y[0], win.y[1]));
    chart
        .configure_mesh()
        .x_desc(labels.0)
        .y_desc(labels.1)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .x_labels(win.points.len().min(8))
        .y_labels(super::ticks::Y_LABELS)
        .x_label_formatter(&label_of)
        .y_label_formatter(&|v| super::ticks::label(*v, digits))
        .light_line_style(super::rgb(palette::MESH))
        .draw()
        .map_err(err)?;
    let clamp = |v: f64| v.clamp(win.y[0], win.y[1]);
    let elbo: Vec<(f64, f64)> = win
        .points
        .iter()
        .map(|p| (p.index as f64, clamp(p.elbo)))
        .collect();
    let log_p: Vec<(f64, f64)> = win
        .points
        .iter()
        .filter_map(|p| Some((p.index as f64, clamp(p.log_p?))))
        .collect();
    if log_p.len() == elbo.len() {
        // The KL gap: the region between the two lines.
        let gap: Vec<(f64, f64)> = elbo.iter().chain(log_p.iter().rev()).copied().collect();
        chart
            .draw_series(std::iter::once(Polygon::new(
                gap,
                ORANGE.mix(0.35).filled(),
            )))
            .map_err(err)?;
    }
    if (first..=last).contains(&win.cursor) {
        // The half-step shown: a light column with a line through it.
        let c = win.cursor as f64;
        let column = Rectangle::new(
            [(c - 0.5, win.y[0]), (c + 0.5, win.y[1])],
            BLACK.mix(0.06).filled(),
        );
        chart.draw_series(std::iter::once(column)).map_err(err)?;
        let line = vec![(c, win.y[0]), (c, win.y[1])];
        chart
            .draw_series(LineSeries::new(
                line,
                super::rgb(palette::GUIDE).stroke_width((1.5 * ratio) as u32),
            ))
            .map_err(err)?;
    }
    let width = (2.0 * ratio) as u32;
    chart
        .draw_series(LineSeries::new(log_p.clone(), INK.stroke_width(width)))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(elbo.clone(), BLUE.stroke_width(width)))
        .map_err(err)?;
    let r = (2.5 * ratio) as i32;
    chart
        .draw_series(log_p.iter().map(|p| Circle::new(*p, r, INK.filled())))
        .map_err(err)?;
    chart
        .draw_series(elbo.iter().map(|p| Circle::new(*p, r, BLUE.filled())))
        .map_err(err)?;
    // Values below the scale sit on its bottom edge: mark them, and give the first one's value.
    let below: Vec<&ElboPoint> = win
        .points
        .iter()
        .filter(|p| p.elbo < win.y[0] || p.log_p.is_some_and(|l| l < win.y[0]))
        .collect();
    let style = ("sans-serif", font).into_font().color(&INK);
    let lift = (win.y[1] - win.y[0]) * 0.07;
    for (i, p) in below.iter().enumerate() {
        let text = if i == 0 {
            format!("{:.0} ↓", p.log_p.map_or(p.elbo, |l| p.elbo.min(l))).replace('-', "−")
        } else {
            "↓".to_string()
        };
        chart
            .draw_series(std::iter::once(Text::new(
                text,
                (p.index as f64 + 0.15, win.y[0] + lift),
                style.clone(),
            )))
            .map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(Some(layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(half_steps: usize) -> App {
        let mut app = App::new();
        for _ in 0..half_steps {
            app.step().unwrap();
        }
        app
    }

    #[test]
    fn under_vb_the_full_bound_is_drawn_per_half_step_without_log_p() {
        use emviz_app::settings::{Method, Settings};
        let mut app = App::new();
        let settings = Settings {
            k: 6,
            init: emviz_app::start::Start::KMeansPlusPlus,
            reg_covar: 1e-6,
            method: Method::Vb(emviz_core::WeightPrior::DirichletProcess),
            ..Settings::default()
        };
        app.apply_settings(settings).unwrap();
        for _ in 0..8 {
            app.step().unwrap();
        }
        let w = window(&app.half_steps(), 8, WINDOW).unwrap();
        assert_eq!(
            w.points.iter().map(|p| p.label()).collect::<Vec<_>>(),
            ["E1", "M1", "E2", "M2", "E3", "M3", "E4", "M4"]
        );
        assert!(w.points.iter().all(|p| p.log_p.is_none()));
        assert!(w.points.windows(2).all(|p| p[1].elbo >= p[0].elbo));
        assert_eq!(w.points[7].elbo, app.state().vb_bound.unwrap());
        assert!(w.y[0] < w.y[1] && w.points[7].elbo <= w.y[1]);
    }

    #[test]
    fn nothing_to_draw_before_the_first_e_step() {
        let app = run(0);
        assert!(window(&app.half_steps(), 0, WINDOW).is_none());
        let b = bar(&app, None);
        assert_eq!((b.phase, b.elbo, b.kl), (None, None, None));
    }

    #[test]
    fn e_steps_touch_and_m_steps_open_a_gap() {
        let app = run(6);
        let w = window(&app.half_steps(), 6, WINDOW).unwrap();
        assert_eq!(
            w.points.iter().map(|p| p.label()).collect::<Vec<_>>(),
            ["E1", "M1", "E2", "M2", "E3", "M3"]
        );
        assert!(
            w.points[0].elbo < w.y[0],
            "the start's far-below value does not set the scale"
        );
        for p in &w.points[1..] {
            let gap = p.log_p.unwrap() - p.elbo;
            if p.phase == HalfStep::E {
                assert!(gap.abs() < 1e-9 * p.log_p.unwrap().abs(), "{p:?}");
            } else {
                assert!(gap > 0.0, "{p:?}");
            }
            assert!(w.y[0] <= p.elbo && p.log_p.unwrap() <= w.y[1]);
        }
        // Later, the far-below first E-step no longer squashes the scale.
        let app = run(10);
        let w = window(&app.half_steps(), 10, WINDOW).unwrap();
        assert!(w.points[0].elbo < w.y[0]);
        assert!(w
            .points
            .iter()
            .filter(|p| p.index > 10 - FOCUS)
            .all(|p| w.y[0] <= p.elbo && p.log_p.unwrap() <= w.y[1]));
        // M raises the ELBO above the E-step's.
        assert!(w.points[1].elbo > w.points[0].elbo);
    }

    #[test]
    fn the_window_follows_the_newest_and_the_cursor() {
        let mut app = App::new();
        let long = emviz_app::settings::Settings {
            tol: 1e-12,
            ..Default::default()
        };
        app.apply_settings(long).unwrap();
        app.run_to_end().unwrap();
        let steps = app.half_steps();
        let last = steps.len() - 1;
        assert!(last > WINDOW + 3, "the book's run is long enough ({last})");
        let w = window(&steps, last, WINDOW).unwrap();
        assert_eq!(
            (w.points[0].index, w.points.last().unwrap().index),
            (last + 1 - WINDOW, last)
        );
        let back = window(&steps, 3, WINDOW).unwrap();
        assert_eq!(back.points[0].index, 1, "the start is never shown");
        assert!(back.points.iter().any(|p| p.index == 3));
        assert_eq!(back.points.len(), WINDOW);
        // Scrubbed back, the later half-steps stay on the scale (nothing clamped at the top).
        assert!(back.points[1..]
            .iter()
            .all(|p| back.y[0] <= p.elbo && p.log_p.unwrap() <= back.y[1]));
    }

    #[test]
    fn the_bar_is_the_identity_of_the_state_shown() {
        let mut app = run(3);
        let steps = app.half_steps();
        let w = window(&steps, 3, WINDOW);
        let b = bar(&app, w.as_ref());
        assert_eq!((b.phase, b.kl), (Some(HalfStep::E), Some(0.0)));
        app.seek(2).unwrap();
        let b = bar(&app, w.as_ref());
        let s = app.state();
        assert_eq!((b.phase, b.elbo, b.kl), (Some(HalfStep::M), s.elbo, s.kl));
        assert!(b.kl.unwrap() > 0.0);
        assert!((b.elbo.unwrap() + b.kl.unwrap() - b.log_p).abs() < 1e-9 * b.log_p.abs());
        assert!(b.elbo_frac < b.log_p_frac && b.log_p_frac <= 1.0);
        assert_eq!(b.log_p, steps[2].total_log_likelihood);
        // The units: the sum over N points and the status line's mean per point.
        assert_eq!(b.n, 272);
        assert!((b.mean_log_p * 272.0 - b.log_p).abs() < 1e-9 * b.log_p.abs());
    }
}
