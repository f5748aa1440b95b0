//! §5.4 of the chapter — the M-step's objective, eq. 5.8: with q fixed to the posterior under the
//! parameters before the M-step, θ_old,
//!
//!   J(θ) = Σₙ ELBO(x⁽ⁿ⁾; q = p_θold(z | x⁽ⁿ⁾), θ)
//!        = Σₙ Σₖ q⁽ⁿ⁾(k) log (p_θ(x⁽ⁿ⁾, z = k) / q⁽ⁿ⁾(k)),   q⁽ⁿ⁾(k) = p_θold(z = k | x⁽ⁿ⁾),
//!
//! the ELBO as a function of θ alone. At θ_old it is the log-likelihood itself (the E-step made the
//! KL term 0); the M-step's closed-form updates are its maximiser, found by setting its derivative
//! to 0 — for the means, ∂J/∂μₖ = Σₙ q⁽ⁿ⁾(k) Σₖ⁻¹ (x⁽ⁿ⁾ − μₖ) = 0, so μₖ = Σₙ q⁽ⁿ⁾(k) x⁽ⁿ⁾ / Σₙ q⁽ⁿ⁾(k).
//! This module evaluates J and that derivative at θ_old and at the new θ for the state shown, so
//! the page can show J rise and the derivative vanish. With sample weights every sum over n takes
//! each point's terms times wₙ (the weighted M-step's objective). Plain Rust, tested natively
//! against hand-written densities.

use emviz_core::linalg::CholeskyFactor;
use emviz_core::weights::weight_at;
use emviz_core::{Dataset, HalfStep, Mixture};

use crate::app::App;
use crate::error::Error;

/// One component's part of the objective's derivative.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanGradient {
    pub k: usize,
    /// Nₖ = Σₙ q⁽ⁿ⁾(k): the component's share of the points under q.
    pub n_k: f64,
    /// Σₙ q⁽ⁿ⁾(k) x⁽ⁿ⁾ / Nₖ: the q-weighted mean of the data, the maximiser of J in μₖ.
    pub weighted_mean: Vec<f64>,
    /// ∂J/∂μₖ at θ_old.
    pub at_old: Vec<f64>,
    /// ‖∂J/∂μₖ‖ at θ_old.
    pub norm_at_old: f64,
    /// ∂J/∂μₖ at the new θ (after the M-step; null before it): 0 up to rounding.
    pub at_new: Option<Vec<f64>>,
    pub norm_at_new: Option<f64>,
}

/// Eq. 5.8 for the state shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// Whether q exists (not at the start, before the first E-step).
    pub available: bool,
    /// The half-step shown (`None` at the start).
    pub phase: Option<HalfStep>,
    /// Iterations done.
    pub iteration: usize,
    pub n: usize,
    /// J(θ_old) = Σₙ ELBO(x⁽ⁿ⁾; q, θ_old), which is Σₙ log p_θold(x⁽ⁿ⁾) (KL = 0 there).
    pub at_old: f64,
    /// Σₙ log p_θold(x⁽ⁿ⁾), computed on its own.
    pub log_p_old: f64,
    /// J(θ_new) after the M-step (null after the E-step: the M-step has not moved θ yet).
    pub at_new: Option<f64>,
    /// Σₙ log p_θnew(x⁽ⁿ⁾) ≥ J(θ_new).
    pub log_p_new: Option<f64>,
    pub components: Vec<MeanGradient>,
}

impl Objective {
    fn unavailable(app: &App) -> Self {
        Objective {
            available: false,
            phase: None,
            iteration: app.em().iteration(),
            n: app.data().n(),
            at_old: f64::NAN,
            log_p_old: f64::NAN,
            at_new: None,
            log_p_new: None,
            components: Vec::new(),
        }
    }
}

/// J(θ) for q with log values `ln_q` (n × k): Σₙ Σₖ q (log p_θ(x, z = k) − log q), and
/// Σₙ log p_θ(x⁽ⁿ⁾) — each point's terms times its sample weight wₙ when the data have them (the
/// weighted M-step maximises that J).
fn objective_at(
    model: &Mixture,
    data: &Dataset,
    weights: Option<&[f64]>,
    ln_q: &[f64],
) -> Result<(f64, f64), Error> {
    let k = model.k();
    let (log_p, ln_post) = model.log_resp(data)?;
    let mut j = 0.0;
    for (n, (lq, lp)) in ln_q
        .chunks_exact(k)
        .zip(ln_post.chunks_exact(k))
        .enumerate()
    {
        let w = weight_at(weights, n);
        for (&a, &b) in lq.iter().zip(lp) {
            let q = a.exp();
            if q > 0.0 {
                // log p_θ(x, z = k) = log p_θ(z = k | x) + log p_θ(x).
                j += w * q * (b + log_p[n] - a);
            }
        }
    }
    let log_p = log_p
        .iter()
        .enumerate()
        .map(|(n, lp)| weight_at(weights, n) * lp);
    Ok((j, log_p.sum()))
}

/// Σₖ⁻¹ v through the Cholesky factor of Σₖ (Σ⁻¹ = Mᵀ M with M = L⁻¹).
fn precision_times(cov: &[f64], d: usize, v: &[f64]) -> Result<Vec<f64>, Error> {
    let m = CholeskyFactor::new(cov, d)
        .ok_or(emviz_core::Error::Collapse {
            component: 0,
            reason: emviz_core::CollapseReason::NotPositiveDefinite,
        })?
        .inverse_lower();
    let mv: Vec<f64> = (0..d)
        .map(|i| (0..d).map(|c| m[i * d + c] * v[c]).sum())
        .collect();
    Ok((0..d)
        .map(|c| (0..d).map(|i| m[i * d + c] * mv[i]).sum())
        .collect())
}

/// ∂J/∂μₖ = Σₖ⁻¹ (Σₙ q⁽ⁿ⁾(k) x⁽ⁿ⁾ − Nₖ μₖ) for every k, with the sums `nk`, `qx`.
fn mean_gradients(model: &Mixture, nk: &[f64], qx: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, Error> {
    let d = model.d();
    (0..model.k())
        .map(|j| {
            let v: Vec<f64> = (0..d)
                .map(|c| qx[j][c] - nk[j] * model.mean(j)[c])
                .collect();
            precision_times(model.covariance(j), d, &v).map_err(|e| match e {
                Error::Core(emviz_core::Error::Collapse { reason, .. }) => {
                    emviz_core::Error::Collapse {
                        component: j,
                        reason,
                    }
                    .into()
                }
                e => e,
            })
        })
        .collect()
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Eq. 5.8 for the state shown: J and ∂J/∂μₖ at θ_old (the parameters q came from) and, after an
/// M-step, at the new θ. Costs two or three passes over the data.
pub fn objective(app: &App) -> Result<Objective, Error> {
    let em = app.em();
    let Some(last) = em.last_half_step() else {
        return Ok(Objective::unavailable(app));
    };
    let Some(old) = em.checkpoint().q_source else {
        return Ok(Objective::unavailable(app));
    };
    let data = app.data();
    let weights = em.weights().map(|w| w.values());
    let (k, d) = (old.k(), old.d());
    let (_, ln_q) = old.log_resp(data)?;
    let mut nk = vec![0.0; k];
    let mut qx = vec![vec![0.0; d]; k];
    for (n, lq) in ln_q.chunks_exact(k).enumerate() {
        let x = data.row(n);
        let w = weight_at(weights, n);
        for j in 0..k {
            let q = w * lq[j].exp();
            nk[j] += q;
            for c in 0..d {
                qx[j][c] += q * x[c];
            }
        }
    }
    let (at_old, log_p_old) = objective_at(&old, data, weights, &ln_q)?;
    let new = (last == HalfStep::M).then(|| em.model());
    let (at_new, log_p_new) = match new {
        Some(m) => {
            let (j, lp) = objective_at(m, data, weights, &ln_q)?;
            (Some(j), Some(lp))
        }
        None => (None, None),
    };
    let g_old = mean_gradients(&old, &nk, &qx)?;
    let g_new = new.map(|m| mean_gradients(m, &nk, &qx)).transpose()?;
    let components = (0..k)
        .map(|j| MeanGradient {
            k: j,
            n_k: nk[j],
            weighted_mean: qx[j].iter().map(|v| v / nk[j]).collect(),
            norm_at_old: norm(&g_old[j]),
            at_old: g_old[j].clone(),
            norm_at_new: g_new.as_ref().map(|g| norm(&g[j])),
            at_new: g_new.as_ref().map(|g| g[j].clone()),
        })
        .collect();
    Ok(Objective {
        available: true,
        phase: Some(last),
        iteration: em.iteration(),
        n: data.n(),
        at_old,
        log_p_old,
        at_new,
        log_p_new,
        components,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::by_hand::{ln_gauss_2d, log_sum};

    fn lj(model: &Mixture, x: &[f64]) -> Vec<f64> {
        (0..model.k())
            .map(|j| model.weights()[j].ln() + ln_gauss_2d(x, model.mean(j), model.covariance(j)))
            .collect()
    }

    /// J(θ) and ∂J/∂μₖ by hand, for q the posterior under `old`.
    fn by_hand(data: &Dataset, old: &Mixture, theta: &Mixture) -> (f64, Vec<[f64; 2]>) {
        let mut j = 0.0;
        let mut grad = vec![[0.0; 2]; old.k()];
        for x in data.rows() {
            let lo = lj(old, x);
            let lpo = log_sum(&lo);
            let lt = lj(theta, x);
            for k in 0..old.k() {
                let q = (lo[k] - lpo).exp();
                j += q * (lt[k] - (lo[k] - lpo));
                // Σ⁻¹ (x − μ) for a 2 × 2 Σ.
                let c = theta.covariance(k);
                let det = c[0] * c[3] - c[1] * c[2];
                let (dx, dy) = (x[0] - theta.mean(k)[0], x[1] - theta.mean(k)[1]);
                grad[k][0] += q * (c[3] * dx - c[1] * dy) / det;
                grad[k][1] += q * (-c[2] * dx + c[0] * dy) / det;
            }
        }
        (j, grad)
    }

    #[test]
    fn at_the_start_there_is_no_q() {
        let app = App::new();
        assert!(!objective(&app).unwrap().available);
    }

    #[test]
    fn eq_5_8_rises_from_theta_old_and_its_derivative_vanishes_at_the_new_theta() {
        let mut app = App::new();
        for half in 1..=12 {
            app.step().unwrap();
            let o = objective(&app).unwrap();
            assert!(o.available);
            let old = app.em().checkpoint().q_source.unwrap();
            let (j_old, g_old) = by_hand(app.data(), &old, &old);
            let close = |a: f64, b: f64, what: &str| {
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "half-step {half}, {what}: {a} vs {b}"
                )
            };
            close(o.at_old, j_old, "J(θ_old)");
            // At θ_old, J is the log-likelihood (the E-step made the KL term 0).
            let log_p_old: f64 = app.data().rows().map(|x| log_sum(&lj(&old, x))).sum();
            close(o.log_p_old, log_p_old, "log p_θold");
            close(o.at_old, log_p_old, "J(θ_old) = log p_θold");
            for (c, g) in o.components.iter().zip(&g_old) {
                close(c.at_old[0], g[0], "∂J/∂μ at θ_old");
                close(c.at_old[1], g[1], "∂J/∂μ at θ_old");
            }
            if o.phase == Some(HalfStep::E) {
                assert_eq!(o.at_new, None);
                continue;
            }
            let new = app.em().model().clone();
            let (j_new, g_new) = by_hand(app.data(), &old, &new);
            let j = o.at_new.unwrap();
            close(j, j_new, "J(θ_new)");
            // The M-step maximises J: it rises, and the log-likelihood rises at least as much.
            assert!(j >= o.at_old - 1e-9, "J fell: {} → {j}", o.at_old);
            let log_p_new = o.log_p_new.unwrap();
            assert!(log_p_new >= j - 1e-9, "log p_θnew {log_p_new} < J {j}");
            let scale: f64 = app
                .data()
                .values()
                .iter()
                .map(|v| v.abs())
                .fold(0.0, f64::max);
            for (c, g) in o.components.iter().zip(&g_new) {
                // The means are the q-weighted means: the derivative is 0 up to rounding.
                let at_new = c.at_new.as_ref().unwrap();
                assert!(
                    at_new
                        .iter()
                        .chain(g.iter())
                        .all(|v| v.abs() < 1e-9 * scale * c.n_k),
                    "half-step {half}: ∂J/∂μ{} at θ_new = {at_new:?} (by hand {g:?})",
                    c.k
                );
                for (a, b) in c.weighted_mean.iter().zip(new.mean(c.k)) {
                    close(*a, *b, "μₖ = Σ q x / Σ q");
                }
                assert!(c.norm_at_old > 0.0);
            }
        }
    }
}
