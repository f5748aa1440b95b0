//! KL divergence of two discrete distributions (the chapter's coin examples).

use crate::error::{Error, Result};
use crate::fastmath::ln;

/// `D_KL(p ‖ q) = Σ pᵢ ln(pᵢ / qᵢ)` in nats. Both must have the same length, non-negative finite
/// entries and sum to 1 (within 1e-9). Terms with `pᵢ = 0` count 0; `qᵢ = 0 < pᵢ` gives `+∞`.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> Result<f64> {
    if p.len() != q.len() || p.is_empty() {
        return Err(Error::invalid(
            "distributions",
            format!(
                "p has {} entries and q has {}: they must match",
                p.len(),
                q.len()
            ),
        ));
    }
    for (name, v) in [("p", p), ("q", q)] {
        if v.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err(Error::invalid(
                "distributions",
                format!("{name} must hold probabilities between 0 and 1"),
            ));
        }
        let s: f64 = v.iter().sum();
        if (s - 1.0).abs() > 1e-9 {
            return Err(Error::invalid(
                "distributions",
                format!("{name} sums to {s}, not 1"),
            ));
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
