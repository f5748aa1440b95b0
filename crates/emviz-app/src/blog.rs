//! The blog post's 1-D soft clustering in its own notation: two Gaussians, "blue" b and
//! "yellow" y (the page's components 1 and 2), bᵢ = P(b | xᵢ) and yᵢ = P(y | xᵢ) = 1 − bᵢ (the
//! chapter's q⁽ⁱ⁾(z = 1) and q⁽ⁱ⁾(z = 2)), the priors P(b), P(y) (φ₁, φ₂), each component's mean
//! and variance σ². For one point, Bayes' rule with the 1-D density written out; for the data, the
//! M-step's weighted sums — μ_b = Σ bᵢxᵢ / Σ bᵢ, σ_b² = Σ bᵢ(xᵢ − μ_b)² / Σ bᵢ,
//! P(b) = Σ bᵢ / n — from the last E-step's q (with sample weights, each bᵢ times wᵢ and n = Σ wᵢ,
//! as the weighted M-step sums them). Works for any K (each component a colour); the blog's
//! picture is K = 2. Plain Rust, tested natively.

use emviz_core::weights::{total_or_count, weight_at};
use emviz_core::Weights;

use crate::app::App;
use crate::error::{Error, Problem};

/// One component in the blog's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct BlogComponent {
    pub k: usize,
    /// P(b) = φₖ now.
    pub prior: f64,
    /// μ now.
    pub mean: f64,
    /// σ² now.
    pub variance: f64,
    /// Σᵢ bᵢ under the last E-step's q (null before the first E-step).
    pub sum_b: Option<f64>,
    /// Σᵢ bᵢ xᵢ.
    pub sum_bx: Option<f64>,
    /// μ from the sums: Σ bᵢxᵢ / Σ bᵢ (the M-step's new mean).
    pub next_mean: Option<f64>,
    /// Σᵢ bᵢ (xᵢ − μ)² with μ the new mean.
    pub sum_b_sq: Option<f64>,
    /// σ² from the sums: Σ bᵢ(xᵢ − μ)² / Σ bᵢ (the M-step adds reg_covar to it).
    pub next_variance: Option<f64>,
    /// P(b) from the sums: Σ bᵢ / n.
    pub next_prior: Option<f64>,
}

/// One point through Bayes' rule.
#[derive(Clone, Debug, PartialEq)]
pub struct BlogPoint {
    pub index: usize,
    pub x: f64,
    /// P(xᵢ | k) = 1/√(2πσₖ²) exp(−(xᵢ − μₖ)² / (2σₖ²)), per component.
    pub likelihood: Vec<f64>,
    /// P(xᵢ | k) P(k), per component: the numerators.
    pub joint: Vec<f64>,
    /// Σₖ P(xᵢ | k) P(k): the denominator.
    pub evidence: f64,
    /// P(k | xᵢ): bᵢ, yᵢ, … (they sum to 1).
    pub posterior: Vec<f64>,
}

/// What the blog panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Blog {
    /// Whether the data have one column (the blog's picture).
    pub one_d: bool,
    pub n: usize,
    pub k: usize,
    /// The M-step's reg_covar, added to σ².
    pub reg_covar: f64,
    pub components: Vec<BlogComponent>,
    /// The point asked for, if any.
    pub point: Option<BlogPoint>,
}

/// The blog's numbers for the state shown, and for data row `index` if given.
pub fn blog(app: &App, index: Option<usize>) -> Result<Blog, Error> {
    let data = app.data();
    let model = app.em().model();
    let (n, k) = (data.n(), model.k());
    if data.d() != 1 {
        return Ok(Blog {
            one_d: false,
            n,
            k,
            reg_covar: app.em().reg_covar(),
            components: Vec::new(),
            point: None,
        });
    }
    let q = app.em().responsibilities().filter(|r| r.len() == n * k);
    // With sample weights each point's b counts wᵢ times, as in the weighted M-step (wᵢ = 1, and
    // the same bits, without them); the prior divides by Σ wᵢ.
    let weights = app.em().weights();
    let w = |i: usize| weight_at(weights.map(Weights::values), i);
    let total = total_or_count(weights, n);
    let components = (0..k)
        .map(|j| {
            let sums = q.map(|q| {
                let b = |i: usize| w(i) * q[i * k + j];
                let sum_b: f64 = (0..n).map(b).sum();
                let sum_bx: f64 = (0..n).map(|i| b(i) * data.row(i)[0]).sum();
                let mu = sum_bx / sum_b;
                let sum_b_sq: f64 = (0..n).map(|i| b(i) * (data.row(i)[0] - mu).powi(2)).sum();
                (sum_b, sum_bx, mu, sum_b_sq)
            });
            BlogComponent {
                k: j,
                prior: model.weights()[j],
                mean: model.mean(j)[0],
                variance: model.covariance(j)[0],
                sum_b: sums.map(|s| s.0),
                sum_bx: sums.map(|s| s.1),
                next_mean: sums.map(|s| s.2),
                sum_b_sq: sums.map(|s| s.3),
                next_variance: sums.map(|s| s.3 / s.0),
                next_prior: sums.map(|s| s.0 / total),
            }
        })
        .collect();
    let point = index
        .map(|i| {
            if i >= n {
                return Err(Error::from(Problem::NoSuchPoint { point: i, n }));
            }
            let x = data.row(i)[0];
            let likelihood: Vec<f64> = (0..k)
                .map(|j| {
                    let (mu, var) = (model.mean(j)[0], model.covariance(j)[0]);
                    (-(x - mu).powi(2) / (2.0 * var)).exp()
                        / (2.0 * std::f64::consts::PI * var).sqrt()
                })
                .collect();
            let joint: Vec<f64> = likelihood
                .iter()
                .zip(model.weights())
                .map(|(l, w)| l * w)
                .collect();
            let evidence: f64 = joint.iter().sum();
            let posterior = joint.iter().map(|j| j / evidence).collect();
            Ok(BlogPoint {
                index: i,
                x,
                likelihood,
                joint,
                evidence,
                posterior,
            })
        })
        .transpose()?;
    Ok(Blog {
        one_d: true,
        n,
        k,
        reg_covar: app.em().reg_covar(),
        components,
        point,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_d() -> App {
        let mut app = App::new();
        app.load_preset("one-d", 0).unwrap();
        app
    }

    #[test]
    fn two_columns_are_not_the_blogs_picture() {
        let b = blog(&App::new(), Some(0)).unwrap();
        assert!(!b.one_d && b.components.is_empty() && b.point.is_none());
    }

    #[test]
    fn bayes_rule_for_one_point_is_the_pages_responsibility() {
        let mut app = one_d();
        app.iterate().unwrap();
        app.step().unwrap(); // after the E-step of iteration 2
        let b = blog(&app, Some(7)).unwrap();
        let p = b.point.unwrap();
        let ins = crate::inspect::inspect_point(&app, 7).unwrap();
        for (j, c) in ins.components.iter().enumerate() {
            assert!((p.posterior[j] - c.responsibility).abs() < 1e-12);
            assert!((p.likelihood[j].ln() - c.log_density).abs() < 1e-9);
        }
        // yᵢ = 1 − bᵢ.
        assert!((p.posterior[0] + p.posterior[1] - 1.0).abs() < 1e-12);
        assert!((p.evidence.ln() - ins.log_likelihood).abs() < 1e-9);
    }

    #[test]
    fn the_sums_after_an_e_step_are_the_next_m_steps_parameters() {
        let mut app = one_d();
        app.step().unwrap(); // E
        let b = blog(&app, None).unwrap();
        assert_eq!(b.reg_covar, 1e-6);
        app.step().unwrap(); // M
        let model = app.em().model();
        for c in &b.components {
            let (mu, var, prior) = (
                c.next_mean.unwrap(),
                c.next_variance.unwrap(),
                c.next_prior.unwrap(),
            );
            assert!((mu - model.mean(c.k)[0]).abs() < 1e-9, "μ {mu}");
            assert!(
                (var + b.reg_covar - model.covariance(c.k)[0]).abs() < 1e-9,
                "σ² {var}"
            );
            assert!((prior - model.weights()[c.k]).abs() < 1e-12, "P(b) {prior}");
        }
        // Before any E-step there are no sums.
        let fresh = blog(&one_d(), None).unwrap();
        assert!(fresh.components.iter().all(|c| c.sum_b.is_none()));
    }
}
