//! The point layer: every point stamped into one RGBA pixel buffer in wasm memory, coloured by
//! its responsibilities, then put on the canvas as a single `ImageData` (no canvas call per point).

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, ImageData};

use crate::palette::{blend, Rgb, UNASSIGNED};
use crate::view::View;

/// A cached RGBA image of the points for a plot area.
///
/// When only the colours changed (an E-step) and a frame budget is set, the new image is painted
/// over several draws, `budget` points per draw, while the current one stays up; it replaces the
/// current one when complete — so recolouring a million points never holds up a frame.
#[derive(Clone, Debug, Default)]
pub struct PointLayer {
    key: Option<(u64, u32, u32)>,
    width: u32,
    height: u32,
    rgba: Vec<u8>,
    /// A repaint in progress: its state, pixels and the points stamped so far.
    next: Option<(Key, Vec<u8>, usize)>,
    /// Points stamped per draw while recolouring; `None`: everything at once.
    budget: Option<usize>,
}

/// State version, width, height.
type Key = (u64, u32, u32);

/// How points are stamped: disc radius (pixels) and opacity, from the number of points. Beyond
/// 300 000 points they outnumber the plot's pixels and each is one pixel (at device pixel ratio
/// 1): a soft edge would be invisible in the crowd and would cost five times the work.
pub fn stamp_for(n: usize, ratio: f64) -> (f64, f64) {
    let (r, a) = match n {
        0..=1_000 => (3.5, 0.9),
        1_001..=10_000 => (2.2, 0.75),
        10_001..=100_000 => (1.3, 0.5),
        100_001..=300_000 => (0.8, 0.35),
        _ => (0.5, 0.35),
    };
    (r * ratio, a)
}

impl PointLayer {
    /// Puts the layer on `ctx` at the plot area of `view`, repainting it first if it no longer
    /// shows state `version` (`xy` and `resp` as for [`PointLayer::paint`], asked for only then).
    /// With a budget (see [`PointLayer::set_budget`]) a recolouring at the same size goes on
    /// over several draws ([`PointLayer::pending`]) and the previous image is shown meanwhile.
    pub fn draw<'r, I: Iterator<Item = (f64, f64)>>(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        version: u64,
        view: &View,
        points: impl FnOnce() -> (I, Option<(&'r [f64], usize)>),
        stamp: (f64, f64),
    ) -> Result<(), JsValue> {
        let (w, h) = (view.px[2].max(1.0) as u32, view.px[3].max(1.0) as u32);
        let want = (version, w, h);
        if self.key != Some(want) {
            let (xy, resp) = points();
            match self.budget {
                Some(budget) if self.key.is_some() && (self.width, self.height) == (w, h) => {
                    self.paint_some(want, xy, resp, stamp, budget);
                }
                _ => self.paint(version, view, xy, resp, stamp),
            }
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(&self.rgba),
            self.width,
            self.height,
        )?;
        ctx.put_image_data(&image, view.px[0], view.px[1])
    }

    /// Points stamped per draw when only the colours changed (`None`: all at once).
    pub fn set_budget(&mut self, budget: Option<usize>) {
        self.budget = budget;
    }

    /// Whether a recolouring is under way (the image shown is the previous state's).
    pub fn pending(&self) -> bool {
        self.next.is_some()
    }

    /// Goes on with the repaint for `want`, at most `budget` points; shows it once complete.
    fn paint_some(
        &mut self,
        want: Key,
        xy: impl Iterator<Item = (f64, f64)>,
        resp: Option<(&[f64], usize)>,
        stamp: (f64, f64),
        budget: usize,
    ) {
        let (mut pixels, done) = match self.next.take() {
            Some((key, pixels, done)) if key == want => (pixels, done),
            _ => (vec![255; self.rgba.len()], 0),
        };
        let mut rest = xy.enumerate().skip(done);
        let slice = rest.by_ref().take(budget.max(1));
        let count = stamp_points(&mut pixels, self.width, self.height, slice, resp, stamp);
        if count == budget.max(1) && rest.next().is_some() {
            self.next = Some((want, pixels, done + count));
        } else {
            self.rgba = pixels;
            self.key = Some(want);
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The RGBA bytes.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// Whether the layer already shows state `version` at this size.
    pub fn is_current(&self, version: u64, width: u32, height: u32) -> bool {
        self.key == Some((version, width, height))
    }

    /// Redraws the layer: `xy` yields each point's canvas coordinates relative to the plot area's
    /// top-left corner, `resp` its responsibilities (n × k) if there are any (points beyond them,
    /// added since the last E-step, are drawn grey).
    pub fn paint(
        &mut self,
        version: u64,
        view: &View,
        xy: impl Iterator<Item = (f64, f64)>,
        resp: Option<(&[f64], usize)>,
        stamp: (f64, f64),
    ) {
        let (w, h) = (view.px[2].max(1.0) as u32, view.px[3].max(1.0) as u32);
        self.width = w;
        self.height = h;
        self.key = Some((version, w, h));
        self.rgba.clear();
        self.rgba.resize((w * h * 4) as usize, 255);
        self.next = None;
        stamp_points(&mut self.rgba, w, h, xy.enumerate(), resp, stamp);
    }
}

/// Stamps `points` (index, canvas position relative to the plot area) into `rgba` (`w × h`),
/// each in the blend of its responsibilities (grey beyond them); returns how many it took.
fn stamp_points(
    rgba: &mut [u8],
    w: u32,
    h: u32,
    points: impl Iterator<Item = (usize, (f64, f64))>,
    resp: Option<(&[f64], usize)>,
    stamp: (f64, f64),
) -> usize {
    let (radius, alpha) = stamp;
    // The stamp as (dx, dy, opacity in 1/256ths) for the pixels it covers.
    let reach = radius.ceil() as i64;
    let side = (2 * reach + 1) as usize;
    let stencil: Vec<(i64, i64, u32)> = disc_mask(radius)
        .iter()
        .enumerate()
        .map(|(m, c)| {
            let (dy, dx) = ((m / side) as i64 - reach, (m % side) as i64 - reach);
            (dx, dy, (alpha * c * 256.0 + 0.5) as u32)
        })
        .filter(|&(_, _, a)| a > 0)
        .collect();
    let (wi, hi) = (w as i64, h as i64);
    let mut count = 0;
    for (i, (x, y)) in points {
        count += 1;
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let (cx, cy) = ((x + 0.5).floor() as i64, (y + 0.5).floor() as i64);
        if cx + reach < 0 || cy + reach < 0 || cx - reach >= wi || cy - reach >= hi {
            continue;
        }
        // A point added since the last E-step has no responsibilities yet: it stays grey.
        let color: Rgb = match resp.and_then(|(r, k)| r.get(i * k..(i + 1) * k)) {
            Some(row) => blend(row),
            None => UNASSIGNED,
        };
        let src = color.map(u32::from);
        for &(dx, dy, a) in &stencil {
            let (px, py) = (cx + dx, cy + dy);
            if px < 0 || py < 0 || px >= wi || py >= hi {
                continue;
            }
            let o = ((py * wi + px) * 4) as usize;
            let dst = &mut rgba[o..o + 3];
            for c in 0..3 {
                let d = u32::from(dst[c]);
                dst[c] = ((d * (256 - a) + src[c] * a + 128) >> 8) as u8;
            }
        }
    }
    count
}

/// Coverage (0–1) of each pixel of a `(2⌈r⌉+1)²` square by a disc of radius `r`, with a
/// one-pixel soft edge; a disc smaller than a pixel still covers its centre pixel.
fn disc_mask(r: f64) -> Vec<f64> {
    let reach = r.ceil() as i64;
    let side = (2 * reach + 1) as usize;
    let mut m = vec![0.0; side * side];
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let dist = ((dx * dx + dy * dy) as f64).sqrt();
            let cover = (r + 0.5 - dist).clamp(0.0, 1.0);
            m[(dy + reach) as usize * side + (dx + reach) as usize] = cover;
        }
    }
    m[reach as usize * side + reach as usize] = 1.0;
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        View {
            x: [0.0, 10.0],
            y: [0.0, 10.0],
            px: [0.0, 0.0, 20.0, 10.0],
        }
    }

    #[test]
    fn a_recolouring_in_slices_ends_with_the_image_of_one_paint() {
        let pts: Vec<(f64, f64)> = (0..50)
            .map(|i| ((i * 7 % 20) as f64 + 0.3, (i * 3 % 10) as f64))
            .collect();
        let old: Vec<f64> = (0..50).flat_map(|_| [1.0, 0.0]).collect();
        let new: Vec<f64> = (0..50)
            .flat_map(|i| [i as f64 / 50.0, 1.0 - i as f64 / 50.0])
            .collect();
        let mut whole = PointLayer::default();
        whole.paint(2, &view(), pts.iter().copied(), Some((&new, 2)), (0.8, 0.5));

        let mut sliced = PointLayer::default();
        sliced.paint(1, &view(), pts.iter().copied(), Some((&old, 2)), (0.8, 0.5));
        let before = sliced.rgba().to_vec();
        let want = (2, 20, 10);
        let mut draws = 0;
        loop {
            draws += 1;
            sliced.paint_some(want, pts.iter().copied(), Some((&new, 2)), (0.8, 0.5), 16);
            if !sliced.pending() {
                break;
            }
            // Meanwhile the previous image stays up.
            assert_eq!(sliced.rgba(), &before[..]);
            assert!(!sliced.is_current(2, 20, 10));
        }
        assert_eq!(draws, 4);
        assert!(sliced.is_current(2, 20, 10));
        assert_eq!(sliced.rgba(), whole.rgba());
    }

    #[test]
    fn a_point_is_painted_in_its_blended_colour() {
        let mut layer = PointLayer::default();
        let resp = [1.0, 0.0];
        layer.paint(
            1,
            &view(),
            [(5.0, 5.0)].into_iter(),
            Some((&resp, 2)),
            (0.8, 1.0),
        );
        let o = (5 * 20 + 5) * 4;
        assert_eq!(&layer.rgba()[o..o + 4], &[0x00, 0x72, 0xB2, 255]);
        assert_eq!(&layer.rgba()[0..4], &[255, 255, 255, 255]);
        assert!(layer.is_current(1, 20, 10));
        assert!(!layer.is_current(2, 20, 10));
    }

    #[test]
    fn points_without_responsibilities_are_grey() {
        let mut layer = PointLayer::default();
        let resp = [1.0, 0.0];
        let pts = [(2.0, 2.0), (5.0, 5.0)];
        layer.paint(1, &view(), pts.into_iter(), Some((&resp, 2)), (0.8, 1.0));
        let o = (5 * 20 + 5) * 4;
        assert_eq!(&layer.rgba()[o..o + 3], &UNASSIGNED);
    }

    #[test]
    fn points_outside_are_clipped() {
        let mut layer = PointLayer::default();
        layer.paint(
            1,
            &view(),
            [(-50.0, 3.0), (19.6, 9.6)].into_iter(),
            None,
            (3.0, 0.5),
        );
        assert_eq!(layer.rgba().len(), 20 * 10 * 4);
    }
}
