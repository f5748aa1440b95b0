//! Y-axis labels of the plotters charts (log-likelihood, ELBO, D_KL): the same tick positions as
//! plotters' mesh, printed with just enough decimals that neighbouring labels differ, and a label
//! area wide enough for the widest label beside the rotated axis title at any pixel ratio.

use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;

/// How many y labels the charts ask plotters for.
pub const Y_LABELS: usize = 5;

/// A y-range never narrower than this, relative to its magnitude (at least 1e-3 absolute): a
/// converged, flat trace then shows a flat line with a few readable labels, not digits of noise.
pub const MIN_RELATIVE_SPAN: f64 = 1e-4;

/// `[lo, hi]` widened (about its centre) to at least the minimum span.
pub fn min_span(lo: f64, hi: f64) -> (f64, f64) {
    let want = (MIN_RELATIVE_SPAN * lo.abs().max(hi.abs())).max(1e-3);
    if hi - lo >= want {
        return (lo, hi);
    }
    let mid = 0.5 * (lo + hi);
    (mid - 0.5 * want, mid + 0.5 * want)
}

/// The y-range of a chart showing values from `lo` to `hi`: at least the minimum span, padded by
/// 8 % each side, and widened about its centre until plotters puts at least three labels on it
/// (for some narrow ranges its key points are a single value).
pub fn fit_range(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = min_span(lo, hi);
    let pad = (hi - lo) * 0.08;
    let (mut lo, mut hi) = (lo - pad, hi + pad);
    for _ in 0..12 {
        if positions(lo, hi).len() >= 3 {
            break;
        }
        let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
        (lo, hi) = (mid - 1.5 * half, mid + 1.5 * half);
    }
    (lo, hi)
}

/// The tick values plotters draws labels at for a y-range `lo..hi` with [`Y_LABELS`] labels.
pub fn positions(lo: f64, hi: f64) -> Vec<f64> {
    RangedCoordf64::from(lo..hi).key_points(Y_LABELS)
}

/// The fewest decimals (0–10) with which all `ticks` print differently and each printed value is
/// within a hundredth of the tick spacing of the tick.
pub fn decimals(ticks: &[f64]) -> usize {
    let step = ticks
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(f64::INFINITY, f64::min);
    for d in 0..=10 {
        let labels: Vec<String> = ticks.iter().map(|v| format!("{v:.d$}")).collect();
        let distinct = labels.windows(2).all(|w| w[0] != w[1]);
        let close = !step.is_finite()
            || labels
                .iter()
                .zip(ticks)
                .all(|(s, v)| (s.parse::<f64>().unwrap_or(f64::NAN) - v).abs() <= 0.01 * step);
        if distinct && close {
            return d;
        }
    }
    10
}

/// A tick label: `decimals` places, a real minus sign, no "−0".
pub fn label(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    };
    s.replace('-', "\u{2212}")
}

/// The labels of a y-range as drawn.
pub fn labels(lo: f64, hi: f64) -> Vec<String> {
    let ticks = positions(lo, hi);
    let d = decimals(&ticks);
    ticks.iter().map(|&v| label(v, d)).collect()
}

/// The width (device pixels) of the y label area for labels at most `widest` pixels wide and an
/// axis title of font size `font` (its rotated height), at `ratio` device pixels per CSS pixel:
/// the title, a gap, the labels, a gap and the tick mark, so the title never covers a label.
pub fn label_area(widest: f64, font: f64, ratio: f64) -> u32 {
    (font * 1.3 + 6.0 * ratio + widest + 10.0 * ratio).ceil() as u32
}

/// The labels of `lo..hi` measured in the chart's font on `area` (text widths from the canvas).
pub fn measure<DB: plotters::prelude::DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &plotters::prelude::DrawingArea<DB, CT>,
    lo: f64,
    hi: f64,
    font: u32,
    ratio: f64,
) -> Result<YAxisLayout, String> {
    use plotters::style::{IntoFont, TextStyle};
    let labels = labels(lo, hi);
    let style = TextStyle::from(("sans-serif", font).into_font());
    let mut widest = 0.0f64;
    for l in &labels {
        let (w, _) = area
            .estimate_text_size(l, &style)
            .map_err(|e| e.to_string())?;
        widest = widest.max(w as f64);
    }
    Ok(YAxisLayout {
        area: label_area(widest, font as f64, ratio),
        labels,
        widest,
        font: font as f64,
        ratio,
    })
}

/// Layout facts of a drawn chart, for tests: the y labels, the widest label's width, the label
/// area's width and the title's font size (device pixels).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YAxisLayout {
    pub labels: Vec<String>,
    pub widest: f64,
    pub area: u32,
    pub font: f64,
    pub ratio: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_values_get_distinct_labels() {
        // The 1-D preset's converged trace spans a few 1e-4 around −2.04: five labels "−2.040"
        // before; now enough decimals to tell them apart.
        let (lo, hi) = min_span(-2.04052, -2.04031);
        let l = labels(lo, hi);
        assert!(l.len() >= 3, "{l:?}");
        for w in l.windows(2) {
            assert_ne!(w[0], w[1], "{l:?}");
        }
        assert!(l.iter().all(|s| s.starts_with('\u{2212}')), "{l:?}");
    }

    #[test]
    fn labels_match_their_ticks() {
        for (lo, hi) in [
            (-1130.9, -1129.1),
            (-4.6, -4.1),
            (0.0, 1.0),
            (-3e4, -2e4),
            (-1.0e-3, 2.0e-3),
        ] {
            let ticks = positions(lo, hi);
            let d = decimals(&ticks);
            for (v, s) in ticks.iter().zip(labels(lo, hi)) {
                let parsed: f64 = s.replace('\u{2212}', "-").parse().unwrap();
                assert!(
                    (parsed - v).abs() < 1e-9 + 0.01 * (hi - lo),
                    "{lo} {hi} {s} {v}"
                );
            }
            assert!(d <= 5, "{lo}..{hi}: {d} decimals");
        }
    }

    #[test]
    fn every_fitted_range_gets_at_least_three_distinct_labels() {
        // A converged trace on four columns: plotters' key points of the padded minimum span were
        // the single value −3.792 (one label "−4").
        let flat = -3.7918876677811;
        let (lo, hi) = fit_range(flat, flat + 4.6e-14);
        assert!(lo < flat && flat < hi);
        let l = labels(lo, hi);
        assert!(l.len() >= 3, "{l:?}");
        for w in l.windows(2) {
            assert_ne!(w[0], w[1]);
        }
        // Many ranges, many magnitudes.
        for e in -3..6 {
            for m in [1.0, 1.37, 2.9, 7.7] {
                let v = -m * 10f64.powi(e);
                for span in [0.0, 1e-9, 1e-4, 1e-2, 0.3, 5.0] {
                    let (lo, hi) = fit_range(v, v + span * v.abs());
                    let l = labels(lo, hi);
                    assert!(l.len() >= 3, "{v} + {span}: {l:?}");
                    assert!(l.windows(2).all(|w| w[0] != w[1]), "{v} + {span}: {l:?}");
                }
            }
        }
    }

    #[test]
    fn a_flat_range_is_widened_and_a_wide_one_kept() {
        assert_eq!(min_span(-5.0, 3.0), (-5.0, 3.0));
        let (lo, hi) = min_span(-2.0, -2.0);
        assert!((hi - lo - 1e-3).abs() < 1e-12 && (lo + hi + 4.0).abs() < 1e-12);
        let (lo, hi) = min_span(-1130.0, -1130.0);
        assert!((hi - lo - 0.113).abs() < 1e-9);
    }

    #[test]
    fn no_negative_zero() {
        assert_eq!(label(-0.0001, 2), "0.00");
        assert_eq!(label(-1.5, 1), "\u{2212}1.5");
    }

    #[test]
    fn the_area_holds_title_and_label() {
        for ratio in [1.0, 2.0] {
            let font = 12.0 * ratio;
            let widest = 60.0 * ratio;
            assert!(label_area(widest, font, ratio) as f64 >= widest + font + 8.0 * ratio);
        }
    }
}
