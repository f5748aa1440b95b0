//! Looking at one data point: which point a click hit, where a point is drawn, and the numbers of
//! the E-step for it — each component's weight φₖ, log density ln N(x; μₖ, Σₖ), their sum
//! ln φₖ N(x; μₖ, Σₖ), the responsibility p(z = k | x; θ) and ln p(x). Everything is computed by the
//! core on a one-row [`Dataset`]; plain Rust, tested natively.

use emviz_core::{Dataset, HalfStep, Mixture};

use crate::error::{Error, Problem};
use serde::Serialize;

use crate::app::App;
use crate::palette::{color, css};
use crate::view::View;

/// How close (CSS pixels) a click must be to a point to pick it.
pub const PICK_RADIUS: f64 = 6.0;

/// One component's part in a point's E-step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentPart {
    /// Component index (0-based).
    pub k: usize,
    /// Mixing weight φₖ.
    pub weight: f64,
    /// ln N(x; μₖ, Σₖ).
    pub log_density: f64,
    /// ln φₖ + ln N(x; μₖ, Σₖ).
    pub weighted_log_prob: f64,
    /// p(z = k | x; θ) under the current parameters: what the next E-step makes q.
    pub responsibility: f64,
    /// q(z = k) from the last E-step (the point's colour); null before the first E-step.
    pub q: Option<f64>,
    /// The component's colour on the page, `#rrggbb`.
    pub color: String,
}

/// A point and the numbers behind its responsibilities.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// Row of the point in the data (0-based).
    pub index: usize,
    /// Its coordinates (all columns).
    pub point: Vec<f64>,
    /// Column names.
    pub names: Vec<String>,
    /// One entry per component.
    pub components: Vec<ComponentPart>,
    /// ln p(x) = ln Σₖ φₖ N(x; μₖ, Σₖ).
    pub log_likelihood: f64,
    /// `"start"`, `"E"` or `"M"`: the half-step shown.
    pub phase: &'static str,
}

/// The E-step's numbers for row `index` of the data under the current parameters.
pub fn inspect_point(app: &App, index: usize) -> Result<Inspection, Error> {
    let data = app.data();
    if index >= data.n() {
        return Err(Problem::NoSuchPoint {
            point: index,
            n: data.n(),
        }
        .into());
    }
    let row = data.row(index).to_vec();
    let one = Dataset::new(data.names().to_vec(), row.clone())?;
    let model = app.em().model();
    let k = model.k();
    let log_likelihood = model.score_samples(&one)?[0];
    let resp = model.predict_proba(&one)?;
    let q = app
        .em()
        .responsibilities()
        .map(|r| &r[index * k..(index + 1) * k]);
    let components = (0..k)
        .map(|j| {
            let log_density = component_log_density(model, j, &one)?;
            let weight = model.weights()[j];
            Ok(ComponentPart {
                k: j,
                weight,
                log_density,
                weighted_log_prob: emviz_core::fastmath::ln(weight) + log_density,
                responsibility: resp[j],
                q: q.map(|q| q[j]),
                color: css(color(j)),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Inspection {
        index,
        point: row,
        names: data.names().to_vec(),
        components,
        log_likelihood,
        phase: match app.em().last_half_step() {
            None => "start",
            Some(HalfStep::E) => "E",
            Some(HalfStep::M) => "M",
        },
    })
}

/// ln N(x; μⱼ, Σⱼ): the log density of component `j` alone (a one-component mixture of it).
pub(crate) fn component_log_density(
    model: &Mixture,
    j: usize,
    one: &Dataset,
) -> Result<f64, Error> {
    let single = Mixture::new(
        model.covariance_type(),
        vec![1.0],
        model.mean(j).to_vec(),
        model.covariance(j).to_vec(),
    )?;
    Ok(single.score_samples(one)?[0])
}

/// Canvas position (device pixels) of row `index` in `view` of columns `cols`.
pub fn position(app: &App, view: &View, index: usize) -> Option<[f64; 2]> {
    let data = app.data();
    if index >= data.n() {
        return None;
    }
    if data.d() == 1 {
        return Some(crate::render::histogram::rug_point(
            view,
            index,
            data.row(index)[0],
        ));
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

    #[test]
    fn the_numbers_add_up_and_match_the_core() {
        let mut app = App::new();
        app.step().unwrap();
        let ins = inspect_point(&app, 5).unwrap();
        assert_eq!(ins.point, app.data().row(5));
        let one = Dataset::from_rows(&[app.data().row(5)]).unwrap();
        let model = app.em().model();
        let proba = model.predict_proba(&one).unwrap();
        let total: f64 = ins.components.iter().map(|c| c.responsibility).sum();
        assert!((total - 1.0).abs() < 1e-12);
        for c in &ins.components {
            assert_eq!(c.responsibility, proba[c.k]);
            // φₖ N / p(x) = q_k.
            assert!(
                ((c.weighted_log_prob - ins.log_likelihood).exp() - c.responsibility).abs() < 1e-12
            );
            // Right after the E-step the colour is the posterior.
            assert!((c.q.unwrap() - c.responsibility).abs() < 1e-12);
        }
        // The log-sum-exp of the weighted log-probabilities is ln p(x).
        let lse = ins
            .components
            .iter()
            .map(|c| c.weighted_log_prob.exp())
            .sum::<f64>()
            .ln();
        assert!((lse - ins.log_likelihood).abs() < 1e-9);
        assert!((ins.log_likelihood - model.score_samples(&one).unwrap()[0]).abs() < 1e-15);
    }

    #[test]
    fn a_component_density_is_the_gaussian_formula() {
        let app = App::new();
        // The book's start: identity covariances, so ln N = −ln 2π − ½‖x − μ‖².
        let ins = inspect_point(&app, 0).unwrap();
        let x = app.data().row(0);
        for c in &ins.components {
            let mu = app.em().model().mean(c.k);
            let q: f64 = x.iter().zip(mu).map(|(a, b)| (a - b) * (a - b)).sum();
            let want = -(std::f64::consts::TAU).ln() - 0.5 * q;
            assert!(
                (c.log_density - want).abs() < 1e-9 * want.abs().max(1.0),
                "{} vs {want}",
                c.log_density
            );
            assert!(c.q.is_none(), "no E-step yet");
        }
    }

    #[test]
    fn after_an_m_step_the_colour_and_the_new_posterior_differ() {
        let mut app = App::new();
        for _ in 0..4 {
            app.iterate().unwrap();
        }
        let moved = (0..app.data().n()).any(|i| {
            let ins = inspect_point(&app, i).unwrap();
            ins.components
                .iter()
                .any(|c| (c.q.unwrap() - c.responsibility).abs() > 1e-6)
        });
        assert!(moved);
        app.step().unwrap();
        let ins = inspect_point(&app, 3).unwrap();
        assert!(
            ins.components
                .iter()
                .all(|c| (c.q.unwrap() - c.responsibility).abs() < 1e-12),
            "after E: q = posterior"
        );
        assert!(inspect_point(&app, 10_000).is_err());
    }

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
