//! §5.2.1–§5.3.1 of the chapter for one point, and the bound for the data set. For a distribution
//! q over the K components (eq. 5.4–5.6),
//!
//!   log p_θ(x) = ELBO(x; q, θ) + D_KL(q(z) ‖ p_θ(z | x)),
//!   ELBO(x; q, θ) = Σ_z q(z) log [p_θ(x, z) / q(z)],   D_KL(q(z) ‖ p_θ(z | x)) = Σ_z q(z) log [q(z) / p_θ(z | x)],
//!
//! with p_θ(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ); and each term the slides write on the way (the product
//! rule, Bayes' theorem, eq. 5.4's two terms per k, the ELBO's terms per component). For one point with q set by hand, and for the whole data
//! set with q taken from an earlier E-step ("q from iteration t") or the current posterior. Plain
//! Rust, tested natively against a hand-written Gaussian density.

use emviz_core::weights::{total_or_count, weight_at};
use emviz_core::{Dataset, HalfStep, Mixture};

use crate::error::{Error, Problem};

use crate::app::App;

/// ln p(xₙ, z = k; θ) = ln φₖ + ln N(xₙ; μₖ, Σₖ), n × k row-major.
pub fn log_joint(model: &Mixture, data: &Dataset) -> Result<Vec<f64>, Error> {
    let (n, k) = (data.n(), model.k());
    let mut out = vec![0.0; n * k];
    for j in 0..k {
        let single = crate::inspect::component_alone(model, j)?;
        let ln_w = model.weights()[j].ln();
        for (i, v) in single.score_samples(data)?.into_iter().enumerate() {
            out[i * k + j] = ln_w + v;
        }
    }
    Ok(out)
}

/// ln Σₖ exp(aₖ).
fn log_sum_exp(a: &[f64]) -> f64 {
    let m = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !m.is_finite() {
        return m;
    }
    m + a.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}

/// ELBO and KL of one point for `q` (summing to 1) and its log joint `lj` (length K):
/// `(log p(x), elbo, kl)`. Terms with q = 0 count 0 (0 ln 0 = 0).
pub fn split(q: &[f64], lj: &[f64]) -> (f64, f64, f64) {
    let log_p = log_sum_exp(lj);
    let (mut elbo, mut kl) = (0.0, 0.0);
    for (&qk, &l) in q.iter().zip(lj) {
        if qk > 0.0 {
            let ln_q = qk.ln();
            elbo += qk * (l - ln_q);
            kl += qk * (ln_q - (l - log_p));
        }
    }
    // KL ≥ 0: a rounding error below 0 (q = the posterior) is shown as 0.
    (log_p, elbo, kl.max(0.0))
}

/// One component's share of a point's bound, and each term of the derivation the chapter writes
/// for it (§5.2.1: the product rule and Bayes' theorem; §5.2.2: eq. 5.4 and 5.5; §5.3.1: eq. 5.6).
#[derive(Clone, Debug, PartialEq)]
pub struct BoundTerm {
    pub k: usize,
    /// q(z = k), after normalising the sliders.
    pub q: f64,
    /// p_θ(z = k | x): the E-step's choice.
    pub posterior: f64,
    /// log p_θ(z = k | x).
    pub log_posterior: f64,
    /// p_θ(x, z = k) = φₖ 𝒩(x; μₖ, Σₖ) (may underflow to 0: its log is exact).
    pub joint: f64,
    /// log p_θ(x, z = k) = log φₖ + log 𝒩(x; μₖ, Σₖ).
    pub log_joint: f64,
    /// log φₖ.
    pub log_weight: f64,
    /// log 𝒩(x; μₖ, Σₖ).
    pub log_density: f64,
    /// The product rule for this k: log p_θ(x, z = k) − log p_θ(z = k | x), which is log p_θ(x)
    /// whatever k.
    pub log_p_by_product_rule: f64,
    /// Eq. 5.4's first term, log (p_θ(x, z = k) / q(z = k)); null where q(z = k) = 0.
    pub log_joint_over_q: Option<f64>,
    /// Eq. 5.4's second term, log (q(z = k) / p_θ(z = k | x)); null where q(z = k) = 0.
    pub log_q_over_posterior: Option<f64>,
    /// This k's share of the ELBO (eq. 5.6): q log (p_θ(x, z = k) / q) (0 where q = 0).
    pub elbo_term: f64,
    /// This k's share of D_KL(q(z) ‖ p_θ(z | x)): q log (q / p_θ(z = k | x)) (0 where q = 0).
    pub kl_term: f64,
    /// The ELBO's term split into one component's parameters: q log φₖ, q log 𝒩(x; μₖ, Σₖ) and
    /// −q log q (0 where q = 0).
    pub q_log_weight: f64,
    pub q_log_density: f64,
    pub minus_q_log_q: f64,
}

/// Where a point's q came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QFrom {
    /// Set by hand (the §5.2.2 sliders).
    Hand,
    /// The last E-step's q⁽ⁿ⁾(z), the point's colour (= p_θold(z | x)).
    EStep,
    /// No E-step yet: the posterior under the parameters shown.
    Posterior,
}

/// One point's bound for a q, with every term of its derivation.
#[derive(Clone, Debug, PartialEq)]
pub struct PointBound {
    pub index: usize,
    /// Where q came from.
    pub q_from: QFrom,
    pub terms: Vec<BoundTerm>,
    /// p_θ(x) = Σₖ p_θ(x, z = k) (may underflow to 0: its log is exact).
    pub p: f64,
    /// log p_θ(x) = log Σₖ p_θ(x, z = k): the log of a sum, fixed whatever q is.
    pub log_p: f64,
    /// ELBO(x; q, θ) = Σₖ q log (p_θ(x, z = k) / q): a sum of logs.
    pub elbo: f64,
    /// D_KL(q(z) ‖ p_θ(z | x)) ≥ 0, 0 only for q = the posterior.
    pub kl: f64,
}

/// The bound of data row `index` under the state shown, for q proportional to `weights`
/// (non-negative slider values, not all 0; K of them), or — `None` — the point's q⁽ⁿ⁾(z) of the
/// last E-step (the posterior under the parameters shown before any E-step).
pub fn point_bound(app: &App, index: usize, weights: Option<&[f64]>) -> Result<PointBound, Error> {
    let data = app.data();
    let model = app.em().model();
    let k = model.k();
    if index >= data.n() {
        return Err(Problem::NoSuchPoint {
            point: index + 1,
            n: data.n(),
        }
        .into());
    }
    let one = Dataset::new(data.names().to_vec(), data.row(index).to_vec())?;
    let log_density: Vec<f64> = (0..k)
        .map(|j| crate::inspect::component_log_density(model, j, &one))
        .collect::<Result<_, _>>()?;
    let log_weight: Vec<f64> = model.weights().iter().map(|w| w.ln()).collect();
    let lj: Vec<f64> = (0..k).map(|j| log_weight[j] + log_density[j]).collect();
    let log_p = log_sum_exp(&lj);
    let (q, q_from): (Vec<f64>, QFrom) = match (weights, app.em().responsibilities()) {
        (Some(weights), _) => {
            if weights.len() != k || weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
                return Err(Problem::QValues { k }.into());
            }
            let total: f64 = weights.iter().sum();
            if total <= 0.0 {
                return Err(Problem::QZero.into());
            }
            (weights.iter().map(|w| w / total).collect(), QFrom::Hand)
        }
        (None, Some(r)) => (r[index * k..(index + 1) * k].to_vec(), QFrom::EStep),
        (None, None) => (
            lj.iter().map(|l| (l - log_p).exp()).collect(),
            QFrom::Posterior,
        ),
    };
    let (log_p, elbo, kl) = split(&q, &lj);
    let terms = (0..k)
        .map(|j| {
            let log_posterior = lj[j] - log_p;
            let qj = q[j];
            let on = qj > 0.0;
            let ln_q = if on { qj.ln() } else { 0.0 };
            let times = |v: f64| if on { qj * v } else { 0.0 };
            BoundTerm {
                k: j,
                q: qj,
                posterior: log_posterior.exp(),
                log_posterior,
                joint: lj[j].exp(),
                log_joint: lj[j],
                log_weight: log_weight[j],
                log_density: log_density[j],
                log_p_by_product_rule: lj[j] - log_posterior,
                log_joint_over_q: on.then_some(lj[j] - ln_q),
                log_q_over_posterior: on.then_some(ln_q - log_posterior),
                elbo_term: times(lj[j] - ln_q),
                kl_term: times(ln_q - log_posterior),
                q_log_weight: times(log_weight[j]),
                q_log_density: times(log_density[j]),
                minus_q_log_q: times(-ln_q),
            }
        })
        .collect();
    Ok(PointBound {
        index,
        q_from,
        terms,
        p: log_p.exp(),
        log_p,
        elbo,
        kl,
    })
}

/// The whole data set's bound for q from an earlier E-step (or the current posterior).
#[derive(Clone, Debug, PartialEq)]
pub struct DataBound {
    /// The iteration whose E-step gave q (1-based); null for the current posterior.
    pub from_iteration: Option<usize>,
    /// The iterations whose E-step q can be taken from (up to the state shown).
    pub iterations: Vec<usize>,
    /// Iterations done at the state shown (θ).
    pub iteration: usize,
    pub n: usize,
    /// Σₙ log p(xₙ; θ): fixed whatever q is (with sample weights, each term times wₙ, as the
    /// run's log-likelihood: Σₙ wₙ log p(xₙ; θ)).
    pub log_p: f64,
    /// Σₙ ELBO(qₙ, θ) (times wₙ with weights).
    pub elbo: f64,
    /// Σₙ KL(qₙ ‖ p(z | xₙ; θ)) (times wₙ with weights).
    pub kl: f64,
}

/// The model whose posterior was q at the E-step of each iteration so far (up to the state shown).
fn e_step_sources(app: &App) -> Vec<(usize, Mixture)> {
    let cursor = app.state().cursor;
    app.history()
        .iter()
        .take(cursor + 1)
        .filter(|h| h.checkpoint.last == Some(HalfStep::E))
        .filter_map(|h| {
            let src = h.checkpoint.q_source.clone()?;
            Some((h.checkpoint.iteration + 1, src))
        })
        .collect()
}

/// The data set's bound under the state shown for q = p(z | x; θ_{t−1}) of iteration `t`'s E-step,
/// or (`None`) the current posterior p(z | x; θ).
///
/// With q the current posterior, KL is 0 by definition and the ELBO is log p(x; θ), which the run
/// already knows (no pass over the data: the panel follows a playing run on a million points).
/// An older q costs two passes of the fused kernel.
pub fn data_bound(app: &App, from_iteration: Option<usize>) -> Result<DataBound, Error> {
    let data = app.data();
    let model = app.em().model();
    let weights = app.em().weights();
    let sources = e_step_sources(app);
    let (log_p, elbo, kl) = match from_iteration {
        None => {
            // The run's mean log-likelihood is over Σₙ wₙ (n without weights).
            let total = total_or_count(weights, data.n());
            let log_p = app.em().log_likelihood() * total;
            (log_p, log_p, 0.0)
        }
        Some(t) => {
            let (_, src) = sources
                .iter()
                .find(|(i, _)| *i == t)
                .ok_or(Problem::IterationNoEStep { iteration: t })?;
            if src.k() != model.k() {
                return Err(Problem::IterationOtherK { iteration: t }.into());
            }
            bound_for_q(model, src, data, weights.map(|w| w.values()))?
        }
    };
    Ok(DataBound {
        from_iteration,
        iterations: sources.iter().map(|(i, _)| *i).collect(),
        iteration: app.em().iteration(),
        n: data.n(),
        log_p,
        elbo,
        kl,
    })
}

/// Σₙ (log p(xₙ; θ), ELBO(qₙ, θ), KL(qₙ ‖ p(z | xₙ; θ))) for q = the posterior under `source`:
/// KLₙ = Σₖ qₙₖ (ln qₙₖ − ln p(z = k | xₙ; θ)) and ELBOₙ = log p(xₙ) − KLₙ (eq. 5.4–5.6); with
/// sample weights each point's terms count wₙ times (as the weighted run's sums).
fn bound_for_q(
    model: &Mixture,
    source: &Mixture,
    data: &Dataset,
    weights: Option<&[f64]>,
) -> Result<(f64, f64, f64), Error> {
    let k = model.k();
    let (log_p, ln_post) = model.log_resp(data)?;
    let (_, ln_q) = source.log_resp(data)?;
    let weight = |n: usize| weight_at(weights, n);
    let mut kl = 0.0;
    for (n, (lq, lp)) in ln_q
        .chunks_exact(k)
        .zip(ln_post.chunks_exact(k))
        .enumerate()
    {
        let row: f64 = lq
            .iter()
            .zip(lp)
            .map(|(&a, &b)| {
                let q = a.exp();
                if q > 0.0 {
                    q * (a - b)
                } else {
                    0.0
                }
            })
            .sum();
        // KL ≥ 0: a rounding error below 0 (q = the posterior) counts as 0.
        kl += weight(n) * row.max(0.0);
    }
    let log_p: f64 = log_p.iter().enumerate().map(|(n, l)| weight(n) * l).sum();
    Ok((log_p, log_p - kl, kl))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::by_hand::{ln_gauss_2d, log_sum};

    fn after(half_steps: usize) -> App {
        let mut app = App::new();
        for _ in 0..half_steps {
            app.step().unwrap();
        }
        app
    }

    #[test]
    fn any_q_splits_log_p_into_elbo_and_kl() {
        let app = after(5); // after the E-step of iteration 3
        let model = app.em().model().clone();
        let i = 17;
        let x = app.data().row(i).to_vec();
        // Independently: the joint and log p(x) from the hand-written density.
        let lj: Vec<f64> = (0..2)
            .map(|j| model.weights()[j].ln() + ln_gauss_2d(&x, model.mean(j), model.covariance(j)))
            .collect();
        let log_p = (lj[0].exp() + lj[1].exp()).ln();
        for w in [[1.0, 1.0], [0.9, 0.1], [0.0, 3.0], [0.25, 0.5]] {
            let b = point_bound(&app, i, Some(&w)).unwrap();
            let q: Vec<f64> = w.iter().map(|v| v / (w[0] + w[1])).collect();
            let elbo: f64 = (0..2)
                .filter(|&j| q[j] > 0.0)
                .map(|j| q[j] * (lj[j] - q[j].ln()))
                .sum();
            let post: Vec<f64> = lj.iter().map(|l| (l - log_p).exp()).collect();
            let kl: f64 = (0..2)
                .filter(|&j| q[j] > 0.0)
                .map(|j| q[j] * (q[j] / post[j]).ln())
                .sum();
            assert!((b.log_p - log_p).abs() < 1e-9, "{} vs {log_p}", b.log_p);
            assert!((b.elbo - elbo).abs() < 1e-9, "{} vs {elbo}", b.elbo);
            assert!((b.kl - kl).abs() < 1e-9, "{} vs {kl}", b.kl);
            assert!((b.elbo + b.kl - b.log_p).abs() < 1e-9);
            assert!(b.kl >= 0.0 && b.elbo <= b.log_p + 1e-12);
        }
        // q = the posterior: KL = 0 and the ELBO is log p(x), its highest value.
        let post: Vec<f64> = point_bound(&app, i, Some(&[1.0, 1.0]))
            .unwrap()
            .terms
            .iter()
            .map(|t| t.posterior)
            .collect();
        let best = point_bound(&app, i, Some(&post)).unwrap();
        assert!(best.kl.abs() < 1e-12 && (best.elbo - best.log_p).abs() < 1e-12);
        // The posterior is the inspector's responsibility.
        let ins = crate::inspect::inspect_point(&app, i).unwrap();
        for (t, c) in best.terms.iter().zip(&ins.components) {
            assert!((t.posterior - c.responsibility).abs() < 1e-12);
        }
        assert!(point_bound(&app, i, Some(&[0.0, 0.0])).is_err());
        assert!(point_bound(&app, i, Some(&[1.0])).is_err());
    }

    #[test]
    fn every_term_of_a_points_derivation_is_the_hand_written_arithmetic() {
        for half_steps in [0, 3, 6] {
            let app = after(half_steps);
            let model = app.em().model().clone();
            for i in [0, 39, 200] {
                let x = app.data().row(i).to_vec();
                let ln_w: Vec<f64> = model.weights().iter().map(|w| w.ln()).collect();
                let ln_n: Vec<f64> = (0..2)
                    .map(|j| ln_gauss_2d(&x, model.mean(j), model.covariance(j)))
                    .collect();
                let lj: Vec<f64> = (0..2).map(|j| ln_w[j] + ln_n[j]).collect();
                let log_p = log_sum(&lj);
                let b = point_bound(&app, i, None).unwrap();
                let q: Vec<f64> = match app.em().responsibilities() {
                    Some(r) => {
                        assert_eq!(b.q_from, QFrom::EStep);
                        r[i * 2..i * 2 + 2].to_vec()
                    }
                    None => {
                        assert_eq!(b.q_from, QFrom::Posterior);
                        lj.iter().map(|l| (l - log_p).exp()).collect()
                    }
                };
                let close = |a: f64, b: f64, what: &str| {
                    assert!(
                        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                        "point {i} after {half_steps} half-steps, {what}: {a} vs {b}"
                    )
                };
                close(b.log_p, log_p, "log p");
                let mut elbo = 0.0;
                let mut kl = 0.0;
                for (j, t) in b.terms.iter().enumerate() {
                    let ln_post = lj[j] - log_p;
                    close(t.q, q[j], "q");
                    close(t.log_weight, ln_w[j], "log φ");
                    close(t.log_density, ln_n[j], "log 𝒩");
                    close(t.log_joint, lj[j], "log p(x, z)");
                    close(t.log_posterior, ln_post, "log p(z | x)");
                    close(t.posterior, ln_post.exp(), "p(z | x)");
                    // Product rule: the same log p(x) from every k.
                    close(t.log_p_by_product_rule, log_p, "product rule");
                    if q[j] == 0.0 {
                        // 0 log 0 = 0: no log terms, nothing in the sums.
                        assert!(t.log_joint_over_q.is_none() && t.log_q_over_posterior.is_none());
                        assert_eq!((t.elbo_term, t.kl_term, t.minus_q_log_q), (0.0, 0.0, 0.0));
                        continue;
                    }
                    // Eq. 5.4: its two terms add up to log p(x) for every k.
                    let (a, c) = (t.log_joint_over_q.unwrap(), t.log_q_over_posterior.unwrap());
                    close(a, lj[j] - q[j].ln(), "eq. 5.4 first term");
                    close(c, q[j].ln() - ln_post, "eq. 5.4 second term");
                    close(a + c, log_p, "eq. 5.4");
                    // Eq. 5.5 term by term; the ELBO split into one component's parameters.
                    close(t.elbo_term, q[j] * (lj[j] - q[j].ln()), "ELBO term");
                    close(t.kl_term, q[j] * (q[j].ln() - ln_post), "KL term");
                    close(
                        t.q_log_weight + t.q_log_density + t.minus_q_log_q,
                        t.elbo_term,
                        "the ELBO term's three parts",
                    );
                    close(t.q_log_density, q[j] * ln_n[j], "q log 𝒩");
                    elbo += q[j] * (lj[j] - q[j].ln());
                    kl += q[j] * (q[j].ln() - ln_post);
                }
                close(b.elbo, elbo, "ELBO (eq. 5.6)");
                close(b.kl, kl.max(0.0), "KL");
                close(b.elbo + b.kl, log_p, "eq. 5.5 / 5.7");
                // Bayes' theorem: p(z = k | x) = p(x, z = k) / Σⱼ p(x, z = j).
                let p: f64 = b.terms.iter().map(|t| t.joint).sum();
                close(b.p, p, "p(x) = Σ p(x, z)");
                if p > 0.0 {
                    for t in &b.terms {
                        close(t.posterior, t.joint / p, "Bayes");
                    }
                }
            }
        }
    }

    #[test]
    fn a_zero_q_has_no_log_terms() {
        let app = after(2);
        let b = point_bound(&app, 10, Some(&[1.0, 0.0])).unwrap();
        assert_eq!(b.q_from, QFrom::Hand);
        assert!(b.terms[1].log_joint_over_q.is_none() && b.terms[1].log_q_over_posterior.is_none());
        assert_eq!((b.terms[1].elbo_term, b.terms[1].kl_term), (0.0, 0.0));
        assert_eq!(b.terms[1].minus_q_log_q, 0.0);
        assert!((b.elbo - b.terms[0].log_joint).abs() < 1e-12);
    }

    #[test]
    fn the_data_sets_bound_for_q_from_earlier_iterations() {
        let app = after(8); // after the M-step of iteration 4
        let now = data_bound(&app, None).unwrap();
        assert_eq!(now.iterations, vec![1, 2, 3, 4]);
        assert!(now.kl.abs() < 1e-9);
        let total = app.state().log_likelihood * app.data().n() as f64;
        // log p(x; θ) summed over the points independently of the run's bookkeeping.
        let summed: f64 = app
            .em()
            .model()
            .score_samples(app.data())
            .unwrap()
            .iter()
            .sum();
        for want in [total, summed] {
            assert!(
                (now.log_p - want).abs() < 1e-9 * want.abs(),
                "{} vs {want}",
                now.log_p
            );
        }
        assert_eq!(now.elbo, now.log_p);
        // q from this iteration's E-step: the ELBO and KL of the ELBO panel after the M-step.
        let last = data_bound(&app, Some(4)).unwrap();
        let s = app.state();
        assert!(
            (last.elbo - s.elbo.unwrap()).abs() < 1e-6 * total.abs(),
            "{} vs {:?}",
            last.elbo,
            s.elbo
        );
        assert!(
            (last.kl - s.kl.unwrap()).abs() < 1e-6,
            "{} vs {:?}",
            last.kl,
            s.kl
        );
        // Older q: a looser bound; log p is the same for every q.
        let mut prev_kl = last.kl;
        for t in (1..4).rev() {
            let b = data_bound(&app, Some(t)).unwrap();
            assert!((b.log_p - now.log_p).abs() < 1e-9 * total.abs());
            assert!((b.elbo + b.kl - b.log_p).abs() < 1e-9 * total.abs());
            assert!(
                b.kl >= prev_kl - 1e-9,
                "iteration {t}: {} < {prev_kl}",
                b.kl
            );
            prev_kl = b.kl;
        }
        assert!(data_bound(&app, Some(9)).is_err());
    }
}
