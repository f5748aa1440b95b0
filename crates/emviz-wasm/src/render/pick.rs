//! Which point a click hit, and where a point is drawn (canvas pixels, as the layers draw it).

use emviz_app::app::App;
use emviz_app::view::View;

/// How close (CSS pixels) a click must be to a point to pick it.
pub const PICK_RADIUS: f64 = 6.0;

/// Canvas position (device pixels) of row `index` in `view` of columns `cols`.
pub fn position(app: &App, view: &View, index: usize) -> Option<[f64; 2]> {
    let data = app.data();
    if index >= data.n() {
        return None;
    }
    if data.d() == 1 {
        return Some(super::histogram::rug_point(view, index, data.row(index)[0]));
    }
    let [cx, cy] = app.view_columns();
    let r = data.row(index);
    Some([view.sx(r[cx]), view.sy(r[cy])])
}

/// The point drawn nearest to canvas position (x, y), if within `radius` device pixels (in the
/// 1-D view, the points of the rug below the axis).
pub fn nearest_point(app: &App, view: &View, x: f64, y: f64, radius: f64) -> Option<usize> {
    let data = app.data();
    if !x.is_finite() || !y.is_finite() {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for i in 0..data.n() {
        let [px, py] = position(app, view, i)?;
        let (dx, dy) = (px - x, py - y);
        let d2 = dx * dx + dy * dy;
        if d2 <= radius * radius && best.is_none_or(|(_, b)| d2 < b) {
            best = Some((i, d2));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scatter::view_of;
    use emviz_app::inspect::inspect_point;

    #[test]
    fn clicks_pick_the_nearest_point_within_the_radius() {
        let app = App::new();
        let view = view_of(&app, 800.0, 600.0, 1.0);
        let [x, y] = position(&app, &view, 7).unwrap();
        let hit = nearest_point(&app, &view, x + 1.0, y - 1.0, PICK_RADIUS).unwrap();
        // Another point may be drawn at the same place; it must be at least as close.
        let [hx, hy] = position(&app, &view, hit).unwrap();
        assert!((hx - x - 1.0).powi(2) + (hy - y + 1.0).powi(2) <= 2.0 + 1e-9);
        assert_eq!(
            nearest_point(&app, &view, -500.0, -500.0, PICK_RADIUS),
            None
        );
        assert_eq!(position(&app, &view, 99_999), None);
    }

    #[test]
    fn in_the_1d_view_the_rug_points_are_picked() {
        let mut app = App::new();
        app.load_preset("one-d", 0).unwrap();
        app.step().unwrap();
        let view = crate::render::view_of(&app, 800.0, 600.0, 1.0);
        let [x, y] = position(&app, &view, 12).unwrap();
        // In the rug strip, below the axis (y grows downwards) and inside the plot.
        assert!(y > view.sy(0.0) && y < view.px[1] + view.px[3], "{y}");
        assert_eq!(x, view.sx(app.data().row(12)[0]));
        let hit = nearest_point(&app, &view, x, y, PICK_RADIUS).unwrap();
        let [hx, hy] = position(&app, &view, hit).unwrap();
        assert!((hx - x).hypot(hy - y) < 1e-9);
        assert_eq!(
            nearest_point(&app, &view, x, view.px[1] + 2.0, PICK_RADIUS),
            None
        );
        assert_eq!(inspect_point(&app, hit).unwrap().index, hit);
    }
}
