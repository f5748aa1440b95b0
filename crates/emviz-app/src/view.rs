//! The mapping between data units and canvas pixels, and "nice" axis ticks.

/// A rectangle of data space drawn into a rectangle of pixels (y grows upwards in data, downwards
/// on the canvas).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Data range shown on x: `[min, max]`.
    pub x: [f64; 2],
    /// Data range shown on y.
    pub y: [f64; 2],
    /// Plot area in canvas pixels: left, top, width, height.
    pub px: [f64; 4],
}

impl View {
    /// Canvas x of data x.
    pub fn sx(&self, x: f64) -> f64 {
        self.px[0] + (x - self.x[0]) / (self.x[1] - self.x[0]) * self.px[2]
    }
    /// Canvas y of data y.
    pub fn sy(&self, y: f64) -> f64 {
        self.px[1] + (1.0 - (y - self.y[0]) / (self.y[1] - self.y[0])) * self.px[3]
    }
    /// Data x of canvas x.
    pub fn dx(&self, sx: f64) -> f64 {
        self.x[0] + (sx - self.px[0]) / self.px[2] * (self.x[1] - self.x[0])
    }
    /// Data y of canvas y.
    pub fn dy(&self, sy: f64) -> f64 {
        self.y[0] + (1.0 - (sy - self.px[1]) / self.px[3]) * (self.y[1] - self.y[0])
    }
    /// Whether a canvas point lies inside the plot area.
    pub fn contains(&self, sx: f64, sy: f64) -> bool {
        sx >= self.px[0]
            && sx <= self.px[0] + self.px[2]
            && sy >= self.px[1]
            && sy <= self.px[1] + self.px[3]
    }
}

/// `[min, max]` of the values, widened by `pad` of the span on each side (and to a unit span
/// around a single value, so the view never has zero width).
pub fn padded_range(values: impl Iterator<Item = f64>, pad: f64) -> [f64; 2] {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return [0.0, 1.0];
    }
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        let w = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return [lo - w, hi + w];
    }
    [lo - pad * span, hi + pad * span]
}

/// About `target` round tick values covering `[lo, hi]` (steps of 1, 2 or 5 × 10ⁿ).
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let target = target.max(1) as f64;
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| {
            (span / a - target)
                .abs()
                .total_cmp(&(span / b - target).abs())
        })
        .unwrap_or(mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).take(50).map(|i| i as f64 * step).collect()
}

/// A tick label: short, without float noise (`0.30000000000000004` → `0.3`).
pub fn tick_label(v: f64, step: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-4..1e6).contains(&a) {
        return format!("{v:.1e}");
    }
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_round_trips() {
        let v = View {
            x: [0.0, 10.0],
            y: [-1.0, 1.0],
            px: [50.0, 10.0, 500.0, 200.0],
        };
        assert_eq!(v.sx(0.0), 50.0);
        assert_eq!(v.sy(1.0), 10.0);
        assert!((v.dx(v.sx(3.3)) - 3.3).abs() < 1e-12);
        assert!((v.dy(v.sy(-0.2)) + 0.2).abs() < 1e-12);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            nice_ticks(43.0, 96.0, 5),
            vec![50.0, 60.0, 70.0, 80.0, 90.0]
        );
        assert_eq!(tick_label(0.30000000000000004, 0.1), "0.3");
        assert_eq!(padded_range([2.0, 2.0].into_iter(), 0.05), [1.8, 2.2]);
    }
}
