//! §5.1.3 of the chapter — maximum likelihood is minimum KL (eq. 5.1–5.3), as the slides argue
//! it. For any data: the log-likelihood L(θ) = log Πₙ p_θ(x⁽ⁿ⁾) = Σₙ log p_θ(x⁽ⁿ⁾) (the log of a
//! product is a sum of logs — and the product itself, multiplied out in floating point, underflows
//! to 0 for all but small data). When the data were drawn from a known mixture p*, the Monte-Carlo
//! estimate of D_KL(p* ‖ p_θ) on the data, (1/N) Σₙ [log p*(x⁽ⁿ⁾) − log p_θ(x⁽ⁿ⁾)] (eq. 5.3), is
//! the term that does not depend on θ, (1/N) Σₙ log p*(x⁽ⁿ⁾), minus the mean log-likelihood ℓ(θ):
//! one falls exactly as the other rises. Beside it, D_KL(p* ‖ p_θ) itself, estimated on a large
//! sample drawn from p* independently of the data.

use emviz_core::{kl, Dataset, Error, Mixture};

use crate::app::App;

/// Points of the independent sample from p* for the "exact" D_KL (standard error ≈ 0.005 nats
/// for the presets' fits).
pub const EXACT_SAMPLE: usize = 50_000;
/// Data up to this size get their densities multiplied out one by one for the panel.
pub const PRODUCT_PASS: usize = 100_000;
/// Its seed (fixed, so the value is the same on every visit).
pub const EXACT_SEED: u64 = 0x5EED_C0DE;

/// One iteration of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct TruthPoint {
    /// Iterations done (0 = the start).
    pub iteration: usize,
    /// Mean log-likelihood ℓ(θ) per point.
    pub mean_log_likelihood: f64,
    /// The estimate on the data, H − ℓ(θ).
    pub kl_on_data: f64,
}

/// What the §5.1.3 panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TruthReport {
    /// Whether p* is known (otherwise only N and the log-likelihood's numbers are filled in).
    pub known: bool,
    /// Number of data points N.
    pub n: usize,
    /// L(θ) = Σₙ log p_θ(x⁽ⁿ⁾) for the state shown (any data).
    pub log_likelihood: f64,
    /// log₁₀ Πₙ p_θ(x⁽ⁿ⁾) = L(θ) / log 10: the product of the N densities is 10 to this power.
    pub product_log10: f64,
    /// Πₙ p_θ(x⁽ⁿ⁾) multiplied out in floating point, one density after another (0 once it
    /// underflows, which is why the log-likelihood is summed).
    pub product: f64,
    /// (1/N) Σₙ log p*(x⁽ⁿ⁾): the term of eq. 5.3 that does not depend on θ (the mean
    /// log-likelihood of p* itself on the data).
    pub mean_log_p_star: f64,
    /// Components of p*.
    pub k_star: usize,
    /// ℓ and the estimate on the data after each iteration so far.
    pub points: Vec<TruthPoint>,
    /// The state shown: its ℓ, its estimate on the data, and D_KL(p* ‖ p_θ) on the independent sample.
    pub mean_log_likelihood: f64,
    pub kl_on_data: f64,
    pub kl_exact: f64,
    /// Size of the independent sample.
    pub sample_size: usize,
}

impl TruthReport {
    fn unknown(n: usize, log_likelihood: f64, product: f64) -> Self {
        TruthReport {
            known: false,
            n,
            log_likelihood,
            product_log10: log_likelihood / std::f64::consts::LN_10,
            product,
            mean_log_p_star: f64::NAN,
            k_star: 0,
            points: Vec::new(),
            mean_log_likelihood: f64::NAN,
            kl_on_data: f64::NAN,
            kl_exact: f64::NAN,
            sample_size: 0,
        }
    }
}

/// The independent sample from p* and the mean of ln p* over it, kept while p* is the same.
#[derive(Clone, Debug)]
pub struct ExactSample {
    truth: Mixture,
    points: Dataset,
    mean_log_p_star: f64,
}

impl ExactSample {
    /// Draws [`EXACT_SAMPLE`] points from `truth`.
    pub fn new(truth: &Mixture) -> Result<Self, Error> {
        let (points, _) = truth.sample(EXACT_SAMPLE, &mut emviz_core::rng_from_seed(EXACT_SEED));
        let mean_log_p_star = truth.mean_log_likelihood(&points)?;
        Ok(ExactSample {
            truth: truth.clone(),
            points,
            mean_log_p_star,
        })
    }

    /// Whether this sample was drawn from `truth`.
    pub fn is_for(&self, truth: &Mixture) -> bool {
        &self.truth == truth
    }

    /// D_KL(p* ‖ model) on the sample.
    pub fn kl(&self, model: &Mixture) -> Result<f64, Error> {
        Ok(self.mean_log_p_star - model.mean_log_likelihood(&self.points)?)
    }
}

/// The independent sample from the current p*, kept between reports while p* is the same.
#[derive(Clone, Debug, Default)]
pub struct TruthCache {
    exact: Option<ExactSample>,
}

impl TruthCache {
    /// The report for `app`'s state, drawing the independent sample only when p* is new.
    pub fn report(&mut self, app: &App) -> Result<TruthReport, Error> {
        if let Some(t) = app.truth() {
            if !self.exact.as_ref().is_some_and(|e| e.is_for(t)) {
                self.exact = Some(ExactSample::new(t)?);
            }
        }
        report(app, self.exact.as_ref())
    }
}

/// The report for `app`'s state; `exact` is the sample for `app.truth()` (made by the caller, so
/// it can be kept between calls).
pub fn report(app: &App, exact: Option<&ExactSample>) -> Result<TruthReport, Error> {
    let data = app.data();
    // L(θ) is the run's own (no pass); the product multiplied out needs one, made for data up to
    // PRODUCT_PASS points — beyond, the product of so many densities is certain to underflow
    // unless L(θ) says otherwise, and exp(L(θ)) is shown.
    let log_likelihood = app.em().log_likelihood() * data.n() as f64;
    let product = if data.n() <= PRODUCT_PASS {
        let log_p = app.em().model().score_samples(data)?;
        log_p.iter().fold(1.0, |prod, l| prod * l.exp())
    } else {
        log_likelihood.exp()
    };
    let Some(truth) = app.truth() else {
        return Ok(TruthReport::unknown(data.n(), log_likelihood, product));
    };
    let h = truth.mean_log_likelihood(data)?;
    let points = app
        .em()
        .trace()
        .iter()
        .enumerate()
        .map(|(iteration, &ll)| TruthPoint {
            iteration,
            mean_log_likelihood: ll,
            kl_on_data: h - ll,
        })
        .collect();
    let model = app.em().model();
    let ll = model.mean_log_likelihood(data)?;
    let kl_exact = match exact.filter(|e| e.is_for(truth)) {
        Some(e) => e.kl(model)?,
        None => ExactSample::new(truth)?.kl(model)?,
    };
    Ok(TruthReport {
        known: true,
        n: data.n(),
        log_likelihood,
        product_log10: log_likelihood / std::f64::consts::LN_10,
        product,
        mean_log_p_star: h,
        k_star: truth.k(),
        points,
        mean_log_likelihood: ll,
        kl_on_data: kl::mixture_kl_on(truth, model, data)?,
        kl_exact,
        sample_size: EXACT_SAMPLE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_origin_still_has_the_log_likelihoods_numbers() {
        let mut app = App::new(); // Old Faithful
        app.iterate().unwrap();
        let r = report(&app, None).unwrap();
        assert!(!r.known);
        assert!(r.points.is_empty());
        // L(θ) = log Π p = Σ log p, by hand from the score of each point.
        let log_p = app.em().model().score_samples(app.data()).unwrap();
        let sum: f64 = log_p.iter().sum();
        assert!((r.log_likelihood - sum).abs() < 1e-9 * sum.abs());
        assert!((r.log_likelihood / r.n as f64 - app.state().log_likelihood).abs() < 1e-12);
        assert!((r.product_log10 - sum / 10f64.ln()).abs() < 1e-9 * sum.abs());
        // 272 densities of about e^-4.5 multiply out to about 10^-530: 0 in floating point.
        assert!(r.product_log10 < -400.0, "{}", r.product_log10);
        assert_eq!(r.product, 0.0);
        // A handful of points: the product is a number, and its log is the sum of logs.
        app.load_text("x\n0.1\n0.4\n-0.3\n2.0\n2.2\n").unwrap();
        app.iterate().unwrap();
        let r = report(&app, None).unwrap();
        assert!(r.product > 0.0);
        assert!(
            (r.product.ln() - r.log_likelihood).abs() < 1e-12 * r.log_likelihood.abs().max(1.0)
        );
    }

    #[test]
    fn on_a_known_mixture_the_estimate_falls_as_the_likelihood_rises() {
        let mut app = App::new();
        app.load_preset("known-mixture", 0).unwrap();
        for _ in 0..12 {
            app.iterate().unwrap();
        }
        let r = report(&app, None).unwrap();
        assert!(r.known);
        assert_eq!((r.n, r.k_star), (600, 3));
        // Independently: H from the preset's mixture and the data, point by point.
        let truth = crate::presets::truth("known-mixture").unwrap();
        let data = app.data();
        let h: f64 = (0..data.n())
            .map(|i| {
                let x = data.row(i);
                let p: f64 = (0..truth.k())
                    .map(|j| {
                        let (m, c) = (truth.mean(j), truth.covariance(j));
                        let det = c[0] * c[3] - c[1] * c[2];
                        let (dx, dy) = (x[0] - m[0], x[1] - m[1]);
                        let q = (c[3] * dx * dx - 2.0 * c[1] * dx * dy + c[0] * dy * dy) / det;
                        truth.weights()[j] * (-0.5 * q).exp() / (std::f64::consts::TAU * det.sqrt())
                    })
                    .sum();
                p.ln()
            })
            .sum::<f64>()
            / data.n() as f64;
        assert!(
            (r.mean_log_p_star - h).abs() < 1e-9,
            "{} vs {h}",
            r.mean_log_p_star
        );
        // ℓ rises (EM) and the estimate falls by exactly as much: their sum is H.
        for w in r.points.windows(2) {
            assert!(w[1].mean_log_likelihood >= w[0].mean_log_likelihood - 1e-12);
            assert!(w[1].kl_on_data <= w[0].kl_on_data + 1e-12);
        }
        for p in &r.points {
            assert!((p.kl_on_data + p.mean_log_likelihood - h).abs() < 1e-9);
        }
        // Near the maximum-likelihood fit the estimate on the data may dip below 0 (the fit
        // matches the sample better than p* does), but D_KL itself is ≥ 0 and small.
        assert!(r.kl_exact >= 0.0 && r.kl_exact < 0.05, "{}", r.kl_exact);
        assert!((r.kl_on_data + r.mean_log_likelihood - h).abs() < 1e-9);
        // The kept sample gives the same value.
        let e = ExactSample::new(&truth).unwrap();
        assert_eq!(report(&app, Some(&e)).unwrap().kl_exact, r.kl_exact);
    }

    #[test]
    fn a_point_added_by_hand_makes_the_origin_unknown() {
        let mut app = App::new();
        app.load_preset("blobs", 0).unwrap();
        assert!(app.truth().is_some());
        app.add_point(0.0, 0.0).unwrap();
        assert!(app.truth().is_none());
        app.load_preset("blobs", 0).unwrap();
        app.load_text("x y\n1 2\n3 4\n5 7\n").unwrap();
        assert!(app.truth().is_none());
    }

    #[test]
    fn generated_points_used_as_data_know_their_model() {
        let mut app = App::new();
        app.run_to_end().unwrap();
        let model = app.em().model().clone();
        let (data, labels) = model.sample(400, &mut emviz_core::rng_from_seed(9));
        app.load_known(data, model.clone(), labels.clone()).unwrap();
        assert_eq!(app.truth(), Some(&model));
        assert_eq!(app.labels(), Some(&labels[..]));
        let r = report(&app, None).unwrap();
        assert!(r.known && r.points.len() == 1);
        // Before any iteration the fit is the k-means++ start: far from p*.
        assert!(r.kl_exact > 0.0);
    }
}
