//! §5.1.2 of the chapter — the KL divergence's examples. Two coins p = (p(H), p(T)) and
//! q = (q(H), q(T)) with D_KL(p ‖ q) = Σₓ p(x) log (p(x) / q(x)) written out term by term (the
//! slides' case 1: 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5) = 0.082…, case 2 against 0.2/0.8: 0.58…,
//! case 3, q = p: 0, Fig. 5-2), both directions (it is not symmetric); and for a continuous x the
//! integral form ∫ p(x) log (p(x) / q(x)) dx for two 1-D Gaussians, as a sum over a fine grid beside
//! its closed form. Plain Rust, tested natively.

use emviz_core::kl_divergence;

use crate::error::{Error, Problem};

/// The two coins and their divergences, each written out term by term.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coins {
    /// D_KL(p ‖ q).
    pub pq: f64,
    /// D_KL(q ‖ p).
    pub qp: f64,
    /// p = (p(H), p(T)).
    pub p: [f64; 2],
    /// q = (q(H), q(T)).
    pub q: [f64; 2],
    /// D_KL(p ‖ q)'s terms: p(H) log (p(H)/q(H)), p(T) log (p(T)/q(T)).
    pub terms_pq: [f64; 2],
    /// D_KL(q ‖ p)'s terms.
    pub terms_qp: [f64; 2],
}

/// The coins p = (p1, 1 − p1), q = (q1, 1 − q1); both strictly between 0 and 1 (at 0 or 1 one
/// direction is infinite).
pub fn coins(p1: f64, q1: f64) -> Result<Coins, Error> {
    for (name, v) in [("p(H)", p1), ("q(H)", q1)] {
        if !(v.is_finite() && v > 0.0 && v < 1.0) {
            return Err(Problem::Probability { name, value: v }.into());
        }
    }
    let (p, q) = ([p1, 1.0 - p1], [q1, 1.0 - q1]);
    let terms = |a: [f64; 2], b: [f64; 2]| [0, 1].map(|i| a[i] * (a[i] / b[i]).ln());
    Ok(Coins {
        pq: kl_divergence(&p, &q)?,
        qp: kl_divergence(&q, &p)?,
        p,
        q,
        terms_pq: terms(p, q),
        terms_qp: terms(q, p),
    })
}

/// The slides' three cases (Fig. 5-2): p = 0.7/0.3 against q(H) = 0.5, 0.2 and 0.7.
pub const CASES: [(f64, f64); 3] = [(0.7, 0.5), (0.7, 0.2), (0.7, 0.7)];

/// The KL divergence of two 1-D Gaussians p = 𝒩(μ_p, σ_p²), q = 𝒩(μ_q, σ_q²) both ways: the
/// integral as a sum over a grid, and the closed form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Densities {
    /// ∫ p log (p/q) dx by Simpson's rule on [`GRID`] intervals over the range holding both.
    pub integral_pq: f64,
    pub integral_qp: f64,
    /// log (σ_q/σ_p) + (σ_p² + (μ_p − μ_q)²) / (2σ_q²) − 1/2.
    pub closed_pq: f64,
    pub closed_qp: f64,
    /// The range integrated over and the number of intervals.
    pub from: f64,
    pub to: f64,
    pub intervals: usize,
}

/// Intervals of the grid the integral is summed over.
pub const GRID: usize = 4000;

fn log_normal(x: f64, mu: f64, sd: f64) -> f64 {
    -0.5 * ((x - mu) / sd).powi(2) - sd.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
}

/// ∫ p log (p/q) dx by Simpson's rule over [a, b].
fn simpson(a: f64, b: f64, p: (f64, f64), q: (f64, f64)) -> f64 {
    let h = (b - a) / GRID as f64;
    let f = |x: f64| {
        let (lp, lq) = (log_normal(x, p.0, p.1), log_normal(x, q.0, q.1));
        lp.exp() * (lp - lq)
    };
    let mut sum = f(a) + f(b);
    for i in 1..GRID {
        sum += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

/// Both directions of the divergence of 𝒩(mp, sp²) and 𝒩(mq, sq²); the standard deviations
/// must be positive and everything finite.
pub fn densities(mp: f64, sp: f64, mq: f64, sq: f64) -> Result<Densities, Error> {
    for (name, v, positive) in [
        ("μ_p", mp, false),
        ("σ_p", sp, true),
        ("μ_q", mq, false),
        ("σ_q", sq, true),
    ] {
        if !v.is_finite() || (positive && v <= 0.0) {
            return Err(Problem::GaussianParameter { name, value: v }.into());
        }
    }
    let closed = |m1: f64, s1: f64, m2: f64, s2: f64| {
        (s2 / s1).ln() + (s1 * s1 + (m1 - m2).powi(2)) / (2.0 * s2 * s2) - 0.5
    };
    // Where either density is above e^{-60} of its peak: 11 standard deviations around each.
    let from = (mp - 11.0 * sp).min(mq - 11.0 * sq);
    let to = (mp + 11.0 * sp).max(mq + 11.0 * sq);
    Ok(Densities {
        integral_pq: simpson(from, to, (mp, sp), (mq, sq)),
        integral_qp: simpson(from, to, (mq, sq), (mp, sp)),
        closed_pq: closed(mp, sp, mq, sq),
        closed_qp: closed(mq, sq, mp, sp),
        from,
        to,
        intervals: GRID,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slides_three_cases_term_by_term() {
        let c1 = coins(0.7, 0.5).unwrap();
        // 0.7 log (0.7/0.5) + 0.3 log (0.3/0.5), written out.
        let (a, b) = (0.7 * (0.7f64 / 0.5).ln(), 0.3 * (0.3f64 / 0.5).ln());
        assert!((c1.terms_pq[0] - a).abs() < 1e-12 && (c1.terms_pq[1] - b).abs() < 1e-12);
        assert!((c1.pq - (a + b)).abs() < 1e-12);
        assert_eq!(format!("{:.3}", c1.pq), "0.082");
        let c2 = coins(0.7, 0.2).unwrap();
        let want = 0.7 * (0.7f64 / 0.2).ln() + 0.3 * (0.3f64 / 0.8).ln();
        assert!((c2.pq - want).abs() < 1e-12);
        assert_eq!(format!("{:.2}", c2.pq), "0.58");
        let c3 = coins(0.7, 0.7).unwrap();
        assert_eq!((c3.pq, c3.qp), (0.0, 0.0));
        assert_eq!(c3.terms_pq, [0.0, 0.0]); // log 1 = 0
                                             // Not symmetric: D_KL(q ‖ p) is another number.
        assert_eq!(format!("{:.4}", c1.qp), "0.0872");
        assert_eq!(
            c1.terms_qp,
            [0.5 * (0.5f64 / 0.7).ln(), 0.5 * (0.5 / (1.0 - 0.7f64)).ln()]
        );
        for (p, q) in CASES {
            let c = coins(p, q).unwrap();
            assert!(c.pq >= 0.0 && c.qp >= 0.0, "Gibbs' inequality");
        }
        assert!(coins(0.0, 0.5).is_err());
        assert!(coins(0.5, f64::NAN).is_err());
    }

    #[test]
    fn the_integral_is_the_closed_form() {
        for (mp, sp, mq, sq) in [
            (0.0, 1.0, 0.0, 1.0),
            (0.0, 1.0, 1.0, 1.0),
            (-2.0, 0.6, 3.0, 1.2),
            (1.0, 0.3, 0.0, 2.5),
            (5.0, 4.0, -3.0, 0.7),
        ] {
            let d = densities(mp, sp, mq, sq).unwrap();
            for (a, b) in [(d.integral_pq, d.closed_pq), (d.integral_qp, d.closed_qp)] {
                assert!(
                    (a - b).abs() < 1e-9 * b.abs().max(1.0),
                    "{a} vs {b} for {mp} {sp} {mq} {sq}"
                );
            }
            assert!(d.closed_pq >= 0.0 && d.closed_qp >= 0.0);
        }
        assert_eq!(densities(0.0, 1.0, 0.0, 1.0).unwrap().closed_pq, 0.0);
        assert!(densities(0.0, 0.0, 0.0, 1.0).is_err());
        assert!(densities(f64::INFINITY, 1.0, 0.0, 1.0).is_err());
    }
}
