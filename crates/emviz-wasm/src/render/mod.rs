//! Drawing, one module per picture: the 2-D [`scatter`] view, the 1-D [`histogram`] view, the
//! log-likelihood [`chart`], the [`elbo`] / KL chart, the [`kmeans`] picture beside EM and the
//! "Choose K" [`selection`] chart, the rings of [`uncertainty`] over the 2-D view, the [`concentration`] panel's sweep and weights, the settings' [`model_picture`], the teaching panels' pictures, with the shared [`points`] layer,
//! [`axes`] and [`pick`]ing a point by a click; the main view's [`look`] (the page's, or presenter
//! mode's).

pub mod axes;
pub mod chart;
pub mod concentration;
pub mod contours;
pub mod elbo;
pub mod histogram;
pub mod kmeans;
pub mod look;
pub mod model_picture;
pub mod pca;
pub mod pick;
pub mod points;
pub mod samples;
pub mod scatter;
pub mod selection;
pub mod ticks;
pub mod truth;
pub mod uncertainty;

use emviz_app::app::App;
use emviz_app::palette::Rgb;
use emviz_app::view::View;

/// An [`emviz_app::palette`] colour for plotters.
pub(crate) const fn rgb(c: Rgb) -> plotters::style::RGBColor {
    plotters::style::RGBColor(c[0], c[1], c[2])
}

/// The main canvas's view of `app`: the 1-D view for one column, else the 2-D scatter view.
pub fn view_of(app: &App, width: f64, height: f64, ratio: f64) -> View {
    if app.data().d() == 1 {
        histogram::view_of(app, width, height, ratio)
    } else {
        scatter::view_of(app, width, height, ratio)
    }
}

/// One component projected on two columns (or one, for 1-D data), possibly tweened.
#[derive(Clone, Debug, PartialEq)]
pub struct Projected {
    /// Component index (for its colour).
    pub index: usize,
    /// Weight φ.
    pub weight: f64,
    /// Mean in the viewed columns.
    pub mean: [f64; 2],
    /// Covariance in the viewed columns, row-major 2 × 2.
    pub cov: [f64; 4],
}

impl Projected {
    /// The components of the mixture `app` draws ([`App::shown_model`]: EM's parameters, or
    /// variational Bayes' expected mixture) on columns `cols`, interpolated a fraction `t` of the
    /// way from the parameters before the last M-step (if there was one) to the current ones.
    pub fn tweened(app: &App, cols: [usize; 2], t: f64) -> Vec<Projected> {
        let shown = app.shown_model();
        let cur: &emviz_core::Mixture = &shown;
        let t = t.clamp(0.0, 1.0);
        let before = app.shown_prev_model();
        let prev = (before.as_deref()).filter(|p| p.k() == cur.k() && t < 1.0);
        let d = cur.d();
        let [a, b] = cols;
        let project = |m: &emviz_core::Mixture, j: usize| {
            let mu = m.mean(j);
            let c = m.covariance(j);
            (
                m.weights()[j],
                [mu[a], mu[b]],
                [c[a * d + a], c[a * d + b], c[b * d + a], c[b * d + b]],
            )
        };
        (0..cur.k())
            .map(|j| {
                let (w1, m1, c1) = project(cur, j);
                let (weight, mean, cov) = match prev {
                    Some(p) => {
                        let (w0, m0, c0) = project(p, j);
                        let mix = |x: f64, y: f64| x + (y - x) * t;
                        (
                            mix(w0, w1),
                            [mix(m0[0], m1[0]), mix(m0[1], m1[1])],
                            [
                                mix(c0[0], c1[0]),
                                mix(c0[1], c1[1]),
                                mix(c0[2], c1[2]),
                                mix(c0[3], c1[3]),
                            ],
                        )
                    }
                    None => (w1, m1, c1),
                };
                Projected {
                    index: j,
                    weight,
                    mean,
                    cov,
                }
            })
            .collect()
    }
}
