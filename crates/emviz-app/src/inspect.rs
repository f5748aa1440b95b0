//! Looking at one data point: the numbers of the E-step for it — each component's weight φₖ, log density ln N(x; μₖ, Σₖ), their sum
//! ln φₖ N(x; μₖ, Σₖ), the responsibility p(z = k | x; θ) and ln p(x). Everything is computed by the
//! core on a one-row [`Dataset`]; plain Rust, tested natively. Under variational Bayes the
//! parameters are q(θ)'s expected ones (the mixture drawn) and q is the VB run's q(z), which comes
//! from E[ln πₖ] and E[ln N] and so differs a little from the responsibility of the expected values.

use emviz_core::{Dataset, HalfStep, Mixture};

use crate::error::{Error, Problem};

use crate::app::App;
use crate::palette::{color, css};

/// One component's part in a point's E-step.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
    /// The point's uncertainty `1 − maxₖ q(z = k)` (mclust's, [`crate::uncertainty`]) of the
    /// q that colours it (the last E-step's, EM's or VB's), or of the responsibility before
    /// the first E-step.
    pub uncertainty: f64,
    /// The half-step shown (`None` at the start).
    pub phase: Option<HalfStep>,
    /// Whether the run shown is variational Bayes: weights, means and covariances are then the
    /// expected ones under q(θ), and `q` is the VB run's q(z).
    pub variational: bool,
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
    let shown = app.shown_model();
    let model: &Mixture = &shown;
    let k = model.k();
    let log_likelihood = model.score_samples(&one)?[0];
    let resp = model.predict_proba(&one)?;
    let q = app
        .responsibilities()
        .filter(|r| r.len() == data.n() * k)
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
    let uncertainty = crate::uncertainty::of_responsibilities(q.unwrap_or(&resp), k)[0];
    Ok(Inspection {
        index,
        point: row,
        names: data.names().to_vec(),
        components,
        log_likelihood,
        uncertainty,
        phase: app.shown_half_step(),
        variational: app.is_variational(),
    })
}

/// Component `j` of `model` alone, as a one-component mixture.
pub(crate) fn component_alone(model: &Mixture, j: usize) -> Result<Mixture, Error> {
    Ok(Mixture::new(
        model.covariance_type(),
        vec![1.0],
        model.mean(j).to_vec(),
        model.covariance(j).to_vec(),
    )?)
}

/// ln N(x; μⱼ, Σⱼ): the log density of component `j` alone.
pub(crate) fn component_log_density(
    model: &Mixture,
    j: usize,
    one: &Dataset,
) -> Result<f64, Error> {
    Ok(component_alone(model, j)?.score_samples(one)?[0])
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn under_variational_bayes_the_inspector_reads_the_vb_run() {
        use crate::settings::{Method, Settings};
        let mut app = App::new();
        assert!(!inspect_point(&app, 7).unwrap().variational, "EM first");
        app.apply_settings(Settings {
            k: 6,
            init: crate::start::Start::KMeansPlusPlus,
            reg_covar: 1e-6,
            method: Method::Vb(emviz_core::WeightPrior::DirichletProcess),
            ..Settings::default()
        })
        .unwrap();
        for _ in 0..5 {
            app.iterate().unwrap();
        }
        app.step().unwrap(); // an E-step: q(z) is new
        let ins = inspect_point(&app, 7).unwrap();
        assert!(ins.variational);
        assert_eq!(ins.phase, Some(HalfStep::E));
        let shown = app.shown_model();
        let q = app.responsibilities().unwrap();
        let mut gap = 0.0f64;
        for c in &ins.components {
            // The weights drawn are E[πₖ]; q is the VB run's q(z), the point's colour.
            assert_eq!(c.weight, shown.weights()[c.k]);
            assert_eq!(c.q, Some(q[7 * 6 + c.k]));
            gap = gap.max((c.q.unwrap() - c.responsibility).abs());
        }
        // q(z) comes from E[ln π] and E[ln N], not from the expected values: they differ.
        assert!(
            gap > 1e-9,
            "q(z) and the expected mixture's posterior differ ({gap})"
        );
        assert!(gap < 0.2, "but only a little ({gap})");
        // The uncertainty is of q(z), the colour: 1 − max q.
        let max_q = ins
            .components
            .iter()
            .map(|c| c.q.unwrap())
            .fold(0.0, f64::max);
        assert!((ins.uncertainty - (1.0 - max_q)).abs() < 1e-15);
    }

    #[test]
    fn the_uncertainty_is_one_minus_the_largest_q() {
        let mut app = App::new();
        // Before any E-step: of the responsibilities under the start.
        let ins = inspect_point(&app, 0).unwrap();
        let max_r = ins
            .components
            .iter()
            .map(|c| c.responsibility)
            .fold(0.0, f64::max);
        assert!((ins.uncertainty - (1.0 - max_r)).abs() < 1e-15);
        for _ in 0..3 {
            app.iterate().unwrap();
        }
        app.step().unwrap();
        // Old Faithful, two components: most points are sure, the ones between are not.
        let all: Vec<f64> = (0..app.data().n())
            .map(|i| inspect_point(&app, i).unwrap().uncertainty)
            .collect();
        for (i, u) in all.iter().enumerate() {
            let ins = inspect_point(&app, i).unwrap();
            let max_q = ins
                .components
                .iter()
                .map(|c| c.q.unwrap())
                .fold(0.0, f64::max);
            assert!((u - (1.0 - max_q)).abs() < 1e-15);
            assert!((0.0..=0.5).contains(u));
        }
        assert!(all.iter().any(|&u| u > 0.1) && all.iter().any(|&u| u < 1e-6));
    }
}
