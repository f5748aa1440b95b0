//! KL divergence of two discrete distributions (the chapter's coin examples).

use crate::error::{Distribution, Invalid, Result};
use crate::fastmath::ln;

/// `D_KL(p ‖ q) = Σ pᵢ ln(pᵢ / qᵢ)` in nats. Both must have the same length, non-negative finite
/// entries and sum to 1 (within 1e-9). Terms with `pᵢ = 0` count 0; `qᵢ = 0 < pᵢ` gives `+∞`.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> Result<f64> {
    if p.len() != q.len() || p.is_empty() {
        return Err(Invalid::DistributionLengths {
            p: p.len(),
            q: q.len(),
        }
        .into());
    }
    for (which, v) in [(Distribution::P, p), (Distribution::Q, q)] {
        if v.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err(Invalid::NotProbabilities { which }.into());
        }
        let s: f64 = v.iter().sum();
        if (s - 1.0).abs() > 1e-9 {
            return Err(Invalid::NotNormalised { which, sum: s }.into());
        }
    }
    let mut total = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 {
            continue;
        }
        if qi == 0.0 {
            return Ok(f64::INFINITY);
        }
        total += pi * (ln(pi) - ln(qi));
    }
    Ok(total.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapters_coins() {
        let p = [0.7, 0.3];
        let a = kl_divergence(&p, &[0.5, 0.5]).unwrap();
        let b = kl_divergence(&p, &[0.2, 0.8]).unwrap();
        assert!((a - 0.082_283_2).abs() < 1e-6, "{a}");
        assert!((b - 0.582_685_3).abs() < 1e-6, "{b}");
        assert_eq!(kl_divergence(&p, &p).unwrap(), 0.0);
    }

    #[test]
    fn edge_cases() {
        assert_eq!(kl_divergence(&[1.0, 0.0], &[0.5, 0.5]).unwrap(), 2f64.ln());
        assert_eq!(
            kl_divergence(&[0.5, 0.5], &[1.0, 0.0]).unwrap(),
            f64::INFINITY
        );
        assert!(kl_divergence(&[0.5, 0.6], &[0.5, 0.5]).is_err());
        assert!(kl_divergence(&[1.0], &[0.5, 0.5]).is_err());
        assert!(kl_divergence(&[f64::NAN, 1.0], &[0.5, 0.5]).is_err());
    }
}

/// The Monte-Carlo estimate of `D_KL(p* ‖ p_θ)` on points drawn from `p_star` (the chapter's eq. 5.3):
/// `(1/N) Σₙ [ln p*(xₙ) − ln p_θ(xₙ)]`, in nats. On the data that EM fits this is
/// `(1/N) Σ ln p*(xₙ) − ℓ(θ)` with `ℓ` the mean log-likelihood, so maximising the likelihood
/// minimises this estimate (eq. 5.1–5.3). On a large sample drawn independently of the data it
/// estimates the divergence itself.
pub fn mixture_kl_on(
    p_star: &crate::Mixture,
    model: &crate::Mixture,
    points: &crate::Dataset,
) -> Result<f64> {
    if points.n() == 0 {
        return Err(Invalid::NoPoints.into());
    }
    let a = p_star.mean_log_likelihood(points)?;
    let b = model.mean_log_likelihood(points)?;
    Ok(a - b)
}

/// `D_KL(p* ‖ p_θ)` estimated on `n` points drawn from `p_star` with `seed` (independent of any
/// data set): the "exact" value the per-iteration estimate on the data is compared with. Its
/// standard error is about `sd(ln p* − ln p_θ) / √n`.
pub fn mixture_kl_sampled(
    p_star: &crate::Mixture,
    model: &crate::Mixture,
    n: usize,
    seed: u64,
) -> Result<f64> {
    let (points, _) = p_star.sample(n.max(1), &mut crate::rng_from_seed(seed));
    mixture_kl_on(p_star, model, &points)
}

#[cfg(test)]
mod mixture_tests {
    use super::*;
    use crate::{CovarianceType, Mixture};

    /// KL between two 2-D Gaussians in closed form, written out with explicit 2 × 2 algebra.
    fn gauss_kl_2d(m0: [f64; 2], s0: [f64; 4], m1: [f64; 2], s1: [f64; 4]) -> f64 {
        let det = |s: [f64; 4]| s[0] * s[3] - s[1] * s[2];
        let (d0, d1) = (det(s0), det(s1));
        let inv1 = [s1[3] / d1, -s1[1] / d1, -s1[2] / d1, s1[0] / d1];
        let trace = inv1[0] * s0[0] + inv1[1] * s0[2] + inv1[2] * s0[1] + inv1[3] * s0[3];
        let dm = [m1[0] - m0[0], m1[1] - m0[1]];
        let quad = dm[0] * (inv1[0] * dm[0] + inv1[1] * dm[1])
            + dm[1] * (inv1[2] * dm[0] + inv1[3] * dm[1]);
        0.5 * (trace + quad - 2.0 + (d1 / d0).ln())
    }

    fn gauss(m: [f64; 2], s: [f64; 4]) -> Mixture {
        Mixture::new(CovarianceType::Full, vec![1.0], m.to_vec(), s.to_vec()).unwrap()
    }

    #[test]
    fn sampled_kl_of_two_gaussians_matches_the_closed_form() {
        let (m0, s0) = ([0.5, -1.0], [2.0, 0.6, 0.6, 1.0]);
        let (m1, s1) = ([1.5, 0.0], [1.0, -0.2, -0.2, 3.0]);
        let exact = gauss_kl_2d(m0, s0, m1, s1);
        let est = mixture_kl_sampled(&gauss(m0, s0), &gauss(m1, s1), 200_000, 7).unwrap();
        assert!(
            (est - exact).abs() < 0.01 * exact.max(0.1),
            "{est} vs {exact}"
        );
        // D_KL(p ‖ p) = 0 exactly, on any points.
        let same = mixture_kl_sampled(&gauss(m0, s0), &gauss(m0, s0), 1000, 1).unwrap();
        assert_eq!(same, 0.0);
    }

    #[test]
    fn on_the_data_the_estimate_is_the_constant_minus_the_mean_log_likelihood() {
        let p_star = Mixture::new(
            CovarianceType::Full,
            vec![0.3, 0.7],
            vec![-2.0, 0.0, 2.0, 1.0],
            vec![1.0, 0.3, 0.3, 0.5, 0.8, 0.0, 0.0, 0.8],
        )
        .unwrap();
        let (data, _) = p_star.sample(500, &mut crate::rng_from_seed(3));
        let h: f64 = p_star.score_samples(&data).unwrap().iter().sum::<f64>() / 500.0;
        for shift in [0.0, 0.5, 2.0] {
            let model = Mixture::new(
                CovarianceType::Full,
                vec![0.5, 0.5],
                vec![-2.0 + shift, 0.0, 2.0, 1.0 - shift],
                vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0],
            )
            .unwrap();
            let kl = mixture_kl_on(&p_star, &model, &data).unwrap();
            let ll: f64 = model.score_samples(&data).unwrap().iter().sum::<f64>() / 500.0;
            assert!((kl + ll - h).abs() < 1e-12, "{kl} + {ll} = {h}");
        }
    }
}
