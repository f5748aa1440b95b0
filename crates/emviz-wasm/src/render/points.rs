//! The point layer: every point stamped into one RGBA pixel buffer in wasm memory, coloured by
//! its responsibilities, then put on the canvas as a single `ImageData` (no canvas call per point).
//! Where each point lands is worked out once per data set and view and kept, so recolouring after
//! an E-step only blends colours. Points with sample weights are stamped in the size class
//! [`emviz_app::sample_weights::size_classes`] gives each (disc area ∝ weight).

use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, ImageData};

use emviz_app::palette::{blend, unpack, Rgb, UNASSIGNED};
use emviz_app::sample_weights::{size_classes, size_factor, SIZE_CLASSES};
use emviz_app::view::View;

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
    /// Each point's pixel in the plot area (see [`PointLayer::place`]).
    spots: Vec<Spot>,
    /// What `spots` were worked out for.
    placed: Option<Placement>,
    /// Each point's size class when the points have sample weights (empty: all the usual size).
    sizes: Vec<u8>,
    /// The data version `sizes` were worked out for.
    sized_for: Option<u64>,
}

/// State version, width, height.
type Key = (u64, u32, u32);

/// A point's pixel (column, row) in the plot area, or [`NOWHERE`].
type Spot = [i32; 2];

/// Where a point with a non-finite position lands: nowhere.
const NOWHERE: Spot = [i32::MIN, i32::MIN];

/// Which data and columns the points show: the data's version (it changes whenever the points
/// do) and the columns on x and y.
pub type Positions = (u64, [usize; 2]);

/// What fixes where the points land: their [`Positions`] and the view, bit for bit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placement {
    positions: Positions,
    view: [u64; 8],
}

impl Placement {
    fn new(positions: Positions, view: &View) -> Self {
        let mut bits = [0; 8];
        let values = view.x.iter().chain(&view.y).chain(&view.px);
        for (b, v) in bits.iter_mut().zip(values) {
            *b = v.to_bits();
        }
        Placement {
            positions,
            view: bits,
        }
    }
}

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

/// What colours the points.
#[derive(Clone, Copy, Debug)]
pub enum Colours<'r> {
    /// No responsibilities yet: every point grey.
    Grey,
    /// The responsibilities (n × k) and k, each point blended from its row.
    Blend(&'r [f64], usize),
    /// Each point's colour already blended ([`emviz_app::palette::pack`]ed), e.g. by the Web Workers
    /// that made the pass.
    Packed(&'r [u32]),
}

impl Colours<'_> {
    /// The colours of `app`'s points under the responsibilities shown.
    pub fn of(app: &emviz_app::app::App) -> Colours<'_> {
        match (app.colours(), app.responsibilities()) {
            (Some(c), _) => Colours::Packed(c),
            (None, Some(r)) => Colours::Blend(r, app.em().model().k()),
            (None, None) => Colours::Grey,
        }
    }
}

/// The points to draw: where they are and what colours them.
pub struct Points<'r, I> {
    /// The data and columns shown: with the view, they say when `xy` must be read again.
    pub positions: Positions,
    /// Each point's canvas coordinates relative to the plot area's top-left corner (read only
    /// when the positions or the view changed).
    pub xy: I,
    /// Their colours.
    pub colours: Colours<'r>,
}

impl PointLayer {
    /// Puts the layer on `ctx` at the plot area of `view`, repainting it first if it no longer
    /// shows state `version`. With a budget (see [`PointLayer::set_budget`]) a recolouring at the
    /// same size goes on over several draws ([`PointLayer::pending`]) and the previous image is
    /// shown meanwhile.
    pub fn draw<I: Iterator<Item = (f64, f64)>>(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        version: u64,
        view: &View,
        points: Points<'_, I>,
        stamp: (f64, f64),
    ) -> Result<(), JsValue> {
        let (w, h) = (view.px[2].max(1.0) as u32, view.px[3].max(1.0) as u32);
        let want = (version, w, h);
        if self.key != Some(want) {
            self.place(points.positions, view, points.xy);
            match self.budget {
                Some(budget) if self.key.is_some() && (self.width, self.height) == (w, h) => {
                    self.paint_some(want, points.colours, stamp, budget);
                }
                _ => self.paint(version, view, points.colours, stamp),
            }
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(&self.rgba),
            self.width,
            self.height,
        )?;
        ctx.put_image_data(&image, view.px[0], view.px[1])
    }

    /// Draws `app`'s points in the colours of the responsibilities shown; `xy` (plot-area
    /// coordinates of the points showing `columns`) is read only when they may have moved.
    pub fn draw_app<I: Iterator<Item = (f64, f64)>>(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        app: &emviz_app::app::App,
        view: &View,
        (columns, xy): ([usize; 2], I),
        ratio: f64,
    ) -> Result<(), JsValue> {
        let points = Points {
            positions: (app.data_version(), columns),
            xy,
            colours: Colours::of(app),
        };
        if self.sized_for != Some(app.data_version()) {
            self.sizes =
                (app.sample_weights()).map_or_else(Vec::new, |w| size_classes(w.weights.values()));
            self.sized_for = Some(app.data_version());
        }
        let stamp = stamp_for(app.data().n(), ratio);
        self.draw(ctx, app.points_version(), view, points, stamp)
    }

    /// Points stamped per draw when only the colours changed (`None`: all at once).
    pub fn set_budget(&mut self, budget: Option<usize>) {
        self.budget = budget;
    }

    /// Whether a recolouring is under way (the image shown is the previous state's).
    pub fn pending(&self) -> bool {
        self.next.is_some()
    }

    /// Works out each point's pixel from `xy` (plot-area coordinates), unless they are already
    /// known for these positions and this view.
    pub fn place(
        &mut self,
        positions: Positions,
        view: &View,
        xy: impl Iterator<Item = (f64, f64)>,
    ) {
        let placement = Placement::new(positions, view);
        if self.placed == Some(placement) {
            return;
        }
        self.spots.clear();
        self.spots.extend(xy.map(|(x, y)| {
            if x.is_finite() && y.is_finite() {
                // Saturating casts: a point far outside lands far outside (and is clipped).
                [(x + 0.5).floor() as i32, (y + 0.5).floor() as i32]
            } else {
                NOWHERE
            }
        }));
        self.placed = Some(placement);
    }

    /// Goes on with the repaint for `want`, at most `budget` points; shows it once complete.
    fn paint_some(&mut self, want: Key, colours: Colours<'_>, stamp: (f64, f64), budget: usize) {
        let (mut pixels, done) = match self.next.take() {
            Some((key, pixels, done)) if key == want => (pixels, done),
            _ => (vec![255; self.rgba.len()], 0),
        };
        let end = done.saturating_add(budget.max(1)).min(self.spots.len());
        let size = (self.width, self.height);
        let spots = (&self.spots[..], &self.sizes[..]);
        stamp_points(&mut pixels, size, spots, done..end, colours, stamp);
        if end < self.spots.len() {
            self.next = Some((want, pixels, end));
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

    /// Redraws the layer from the points [placed](PointLayer::place) for `view`, in `colours`.
    pub fn paint(&mut self, version: u64, view: &View, colours: Colours<'_>, stamp: (f64, f64)) {
        let (w, h) = (view.px[2].max(1.0) as u32, view.px[3].max(1.0) as u32);
        self.width = w;
        self.height = h;
        self.key = Some((version, w, h));
        self.rgba.clear();
        self.rgba.resize((w * h * 4) as usize, 255);
        self.next = None;
        let all = 0..self.spots.len();
        let spots = (&self.spots[..], &self.sizes[..]);
        stamp_points(&mut self.rgba, (w, h), spots, all, colours, stamp);
    }
}

/// A disc's stamp: its reach and (dx, dy, opacity in 1/256ths) for the pixels it covers.
type Stencil = (i64, Vec<(i64, i64, u32)>);

/// The stamp of a disc of `radius` and opacity `alpha`.
fn stencil(radius: f64, alpha: f64) -> Stencil {
    let reach = radius.ceil() as i64;
    let side = (2 * reach + 1) as usize;
    let stencil = disc_mask(radius)
        .iter()
        .enumerate()
        .map(|(m, c)| {
            let (dy, dx) = ((m / side) as i64 - reach, (m % side) as i64 - reach);
            (dx, dy, (alpha * c * 256.0 + 0.5) as u32)
        })
        .filter(|&(_, _, a)| a > 0)
        .collect();
    (reach, stencil)
}

/// Stamps the points `range` of `spots` into `rgba` (`w × h`), in `colours`; with a size class
/// per point (`sizes`, as long as `spots`), each in its class's disc.
fn stamp_points(
    rgba: &mut [u8],
    (w, h): (u32, u32),
    (spots, sizes): (&[Spot], &[u8]),
    range: std::ops::Range<usize>,
    colours: Colours<'_>,
    stamp: (f64, f64),
) {
    let (radius, alpha) = stamp;
    if !sizes.is_empty() && sizes.len() == spots.len() {
        let stencils: Vec<Stencil> = (0..SIZE_CLASSES as u8)
            .map(|c| stencil(radius * size_factor(c), alpha))
            .collect();
        stamp_sized(rgba, (w, h), (spots, sizes), range, colours, &stencils);
        return;
    }
    let (reach, stencil) = stencil(radius, alpha);
    // The colour source is matched once, not per point: this loop is the whole of a recolouring.
    // A point beyond the colours (added since the last E-step) is grey.
    let stamp = Stamp {
        rgba,
        w,
        h,
        reach,
        stencil: &stencil,
    };
    match colours {
        Colours::Grey => stamp.points(spots, range, |_| UNASSIGNED),
        Colours::Blend(r, k) => stamp.points(spots, range, |i| {
            r.get(i * k..(i + 1) * k).map_or(UNASSIGNED, blend)
        }),
        Colours::Packed(c) => stamp.points(spots, range, |i| {
            c.get(i).copied().map_or(UNASSIGNED, unpack)
        }),
    }
}

/// Where and how points are stamped: the pixels, their size, and the stamp's reach and stencil
/// (dx, dy, opacity in 1/256ths).
struct Stamp<'a> {
    rgba: &'a mut [u8],
    w: u32,
    h: u32,
    reach: i64,
    stencil: &'a [(i64, i64, u32)],
}

impl Stamp<'_> {
    /// Stamps the points `range` of `spots`, point `i` in `colour(i)`.
    fn points(self, spots: &[Spot], range: std::ops::Range<usize>, colour: impl Fn(usize) -> Rgb) {
        let (wi, hi) = (i64::from(self.w), i64::from(self.h));
        let start = range.start;
        let spots = spots[range].iter().enumerate().map(|(o, s)| (start + o, s));
        if let [(0, 0, a)] = *self.stencil {
            // One pixel a point (large data): no stencil loop.
            for (i, &[x, y]) in spots {
                if x < 0 || y < 0 || i64::from(x) >= wi || i64::from(y) >= hi {
                    continue; // NOWHERE is negative
                }
                let o = (y as usize * self.w as usize + x as usize) * 4;
                blend_into(&mut self.rgba[o..o + 3], colour(i), a);
            }
            return;
        }
        let reach = self.reach;
        for (i, spot) in spots {
            if *spot == NOWHERE {
                continue;
            }
            let (cx, cy) = (i64::from(spot[0]), i64::from(spot[1]));
            if cx + reach < 0 || cy + reach < 0 || cx - reach >= wi || cy - reach >= hi {
                continue;
            }
            let src = colour(i);
            for &(dx, dy, a) in self.stencil {
                let (px, py) = (cx + dx, cy + dy);
                if px < 0 || py < 0 || px >= wi || py >= hi {
                    continue;
                }
                let o = ((py * wi + px) * 4) as usize;
                blend_into(&mut self.rgba[o..o + 3], src, a);
            }
        }
    }
}

/// Stamps the points `range` of `spots` into `rgba` (`w × h`), in `colours`, point `i` with
/// `stencils[sizes[i]]` (reach, stencil).
fn stamp_sized(
    rgba: &mut [u8],
    (w, h): (u32, u32),
    (spots, sizes): (&[Spot], &[u8]),
    range: std::ops::Range<usize>,
    colours: Colours<'_>,
    stencils: &[Stencil],
) {
    let (wi, hi) = (i64::from(w), i64::from(h));
    for i in range {
        let (spot, (reach, stencil)) = (spots[i], &stencils[usize::from(sizes[i])]);
        let (cx, cy) = (i64::from(spot[0]), i64::from(spot[1]));
        if spot == NOWHERE
            || cx + reach < 0
            || cy + reach < 0
            || cx - reach >= wi
            || cy - reach >= hi
        {
            continue;
        }
        let src = match colours {
            Colours::Grey => UNASSIGNED,
            Colours::Blend(r, k) => r.get(i * k..(i + 1) * k).map_or(UNASSIGNED, blend),
            Colours::Packed(c) => c.get(i).copied().map_or(UNASSIGNED, unpack),
        };
        for &(dx, dy, a) in stencil {
            let (px, py) = (cx + dx, cy + dy);
            if px < 0 || py < 0 || px >= wi || py >= hi {
                continue;
            }
            let o = ((py * wi + px) * 4) as usize;
            blend_into(&mut rgba[o..o + 3], src, a);
        }
    }
}

/// Lays `src` over the pixel `dst` (RGB) with opacity `a`/256, rounded.
fn blend_into(dst: &mut [u8], src: Rgb, a: u32) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = ((u32::from(*d) * (256 - a) + u32::from(s) * a + 128) >> 8) as u8;
    }
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

    /// Pixels touched by a layer of two points, the first weighing `w` times the second.
    fn inked(sizes: Vec<u8>) -> [usize; 2] {
        let mut layer = PointLayer::default();
        layer.place((1, [0, 1]), &view(), [(4.0, 5.0), (14.0, 5.0)].into_iter());
        layer.sizes = sizes;
        layer.paint(1, &view(), Colours::Grey, (2.0, 1.0));
        let mut count = [0; 2];
        for (p, px) in layer.rgba().chunks_exact(4).enumerate() {
            if px[..3] != [255, 255, 255] {
                count[usize::from(p % 20 >= 9)] += 1;
            }
        }
        count
    }

    #[test]
    fn weighted_points_are_drawn_with_areas_that_follow_their_weights() {
        let plain = inked(Vec::new());
        assert_eq!(plain[0], plain[1]);
        // Class 6 is the usual size, bit for bit.
        assert_eq!(inked(vec![6, 6]), plain);
        // Four times the weight (class 12: twice the radius) covers about four times the area.
        let [big, usual] = inked(vec![12, 6]);
        let ratio = big as f64 / usual as f64;
        assert!((3.0..=5.0).contains(&ratio), "{big} vs {usual}");
        let [small, usual] = inked(vec![0, 6]);
        assert!(small < usual && small > 0, "{small} vs {usual}");
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
        whole.place((1, [0, 1]), &view(), pts.iter().copied());
        whole.paint(2, &view(), Colours::Blend(&new, 2), (0.8, 0.5));

        let mut sliced = PointLayer::default();
        sliced.place((1, [0, 1]), &view(), pts.iter().copied());
        sliced.paint(1, &view(), Colours::Blend(&old, 2), (0.8, 0.5));
        let before = sliced.rgba().to_vec();
        let want = (2, 20, 10);
        let mut draws = 0;
        loop {
            draws += 1;
            // The points stay where they were: they are not read again.
            sliced.place((1, [0, 1]), &view(), std::iter::empty());
            sliced.paint_some(want, Colours::Blend(&new, 2), (0.8, 0.5), 16);
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
        layer.place((1, [0, 1]), &view(), [(5.0, 5.0)].into_iter());
        layer.paint(1, &view(), Colours::Blend(&resp, 2), (0.8, 1.0));
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
        layer.place((1, [0, 1]), &view(), pts.into_iter());
        layer.paint(1, &view(), Colours::Blend(&resp, 2), (0.8, 1.0));
        let o = (5 * 20 + 5) * 4;
        assert_eq!(&layer.rgba()[o..o + 3], &UNASSIGNED);
    }

    #[test]
    fn points_outside_are_clipped() {
        let mut layer = PointLayer::default();
        layer.place(
            (1, [0, 1]),
            &view(),
            [(-50.0, 3.0), (19.6, 9.6), (f64::NAN, 1.0)].into_iter(),
        );
        layer.paint(1, &view(), Colours::Grey, (3.0, 0.5));
        assert_eq!(layer.rgba().len(), 20 * 10 * 4);
        // Only the second point shows, at the bottom-right corner.
        let touched = layer
            .rgba()
            .chunks(4)
            .filter(|p| p[..3] != [255, 255, 255])
            .count();
        assert!(touched > 0);
        assert_eq!(&layer.rgba()[..4], &[255, 255, 255, 255]);
    }

    #[test]
    fn points_are_placed_again_only_when_their_positions_or_the_view_change() {
        let mut layer = PointLayer::default();
        layer.place((1, [0, 1]), &view(), [(2.0, 3.0)].into_iter());
        assert_eq!(layer.spots, vec![[2, 3]]);
        // Same positions version and view: the iterator is not read.
        layer.place((1, [0, 1]), &view(), [(9.0, 9.0)].into_iter());
        assert_eq!(layer.spots, vec![[2, 3]]);
        layer.place((2, [0, 1]), &view(), [(9.0, 9.0)].into_iter());
        assert_eq!(layer.spots, vec![[9, 9]]);
        let mut other = view();
        other.x[1] = 20.0;
        layer.place(
            (2, [0, 1]),
            &other,
            [(4.4, 1.6), (f64::INFINITY, 0.0)].into_iter(),
        );
        assert_eq!(layer.spots, vec![[4, 2], NOWHERE]);
    }

    #[test]
    fn packed_colours_paint_the_pixels_blending_would() {
        let pts: Vec<(f64, f64)> = (0..60)
            .map(|i| ((i * 7 % 20) as f64 + 0.2, (i * 3 % 10) as f64 + 0.4))
            .collect();
        let resp: Vec<f64> = (0..60)
            .flat_map(|i| {
                let a = (i % 7) as f64 / 7.0;
                [a, (1.0 - a) * 0.25, (1.0 - a) * 0.75]
            })
            .collect();
        // The last ten points have no colour yet (added since): grey either way.
        let packed: Vec<u32> = resp[..50 * 3]
            .chunks_exact(3)
            .map(|r| emviz_app::palette::pack(blend(r)))
            .collect();
        let mut blended = PointLayer::default();
        blended.place((1, [0, 1]), &view(), pts.iter().copied());
        blended.paint(1, &view(), Colours::Blend(&resp[..50 * 3], 3), (0.8, 0.6));
        let mut given = PointLayer::default();
        given.place((1, [0, 1]), &view(), pts.iter().copied());
        given.paint(1, &view(), Colours::Packed(&packed), (0.8, 0.6));
        assert_eq!(blended.rgba(), given.rgba());
        assert_ne!(blended.rgba(), PointLayer::default().rgba());
    }
}
