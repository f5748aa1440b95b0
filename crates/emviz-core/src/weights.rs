//! [`Weights`]: per-point sample weights, checked once where they enter (the one rule).
//!
//! A weighted fit scales each point's contribution to a pass by its weight wₙ ≥ 0: Nₖ = Σ wₙrₙₖ,
//! Σ wₙrₙₖxₙ, Σ wₙrₙₖxₙxₙᵀ, the log-likelihood Σ wₙ ln p(xₙ) (its mean divides by Σ wₙ) and the
//! entropy term alike ([`crate::Stats::accumulate_weighted`]). Integer weights give the fit of
//! the data with each row repeated that many times, a zero weight the fit without the row, and
//! weights all equal the unweighted fit (the M-step's mixture weights are Nₖ / Σ Nₖ, the
//! covariances are scatter / Nₖ: neither depends on the weights' scale). As in scikit-learn's
//! weighted scores, the "number of points" a criterion charges (BIC's ln n) is Σ wₙ.
//!
//! The rule: each weight a finite number ≥ 0, one per point, not all zero. [`check_weight`] is
//! it for one value (streamed data checks as it reads), [`Weights::new`] for a whole vector.

use crate::error::{Invalid, Result};

/// Checks one point's weight: a finite number ≥ 0 (`row` is the 1-based point, for the message).
pub fn check_weight(row: usize, value: f64) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(Invalid::SampleWeight { row, value }.into())
    }
}

/// Checks that weights whose sum is `total` over `n` points do not all vanish.
pub fn check_total(total: f64, n: usize) -> Result<()> {
    if total > 0.0 {
        Ok(())
    } else {
        Err(Invalid::SampleWeightsZero { n }.into())
    }
}

/// Point `i`'s weight under optional per-point weights: 1 without them (a product by 1 leaves a
/// sum's bits as they were) — what every weighted sum reads.
pub fn weight_at(weights: Option<&[f64]>, i: usize) -> f64 {
    weights.map_or(1.0, |w| w[i])
}

/// Σ wₙ of `n` points under optional weights: `n` without them (the n of a mean, BIC, AIC).
pub fn total_or_count(weights: Option<&Weights>, n: usize) -> f64 {
    weights.map_or(n as f64, Weights::total)
}

/// Checked sample weights of `n` points (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    values: Vec<f64>,
    total: f64,
}

impl Weights {
    /// Checks `values` as the weights of `n` points: one per point, each finite and ≥ 0, not all
    /// zero. Errors name the first bad point (1-based).
    pub fn new(values: Vec<f64>, n: usize) -> Result<Self> {
        if values.len() != n {
            return Err(Invalid::SampleWeightsLength {
                given: values.len(),
                n,
            }
            .into());
        }
        for (i, &v) in values.iter().enumerate() {
            check_weight(i + 1, v)?;
        }
        let total = values.iter().sum();
        check_total(total, n)?;
        Ok(Self { values, total })
    }

    /// The weights, one per point.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Σ wₙ.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// Whether these are the weights of `n` points ([`Invalid::SampleWeightsLength`] if not).
    pub fn check_len(&self, n: usize) -> Result<()> {
        if self.values.len() == n {
            Ok(())
        } else {
            Err(Invalid::SampleWeightsLength {
                given: self.values.len(),
                n,
            }
            .into())
        }
    }

    /// Whether every weight is 1: the unweighted fit, which the fits then make bit for bit by
    /// their unweighted passes (a weighted pass sums ln p(xₙ) point by point, the unweighted one
    /// through products, so they differ in the last bits).
    pub fn all_one(&self) -> bool {
        self.values.iter().all(|&v| v == 1.0)
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no points (never, for checked weights).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn invalid(r: Result<Weights>) -> Invalid {
        match r {
            Err(Error::InvalidParameter(i)) => i,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_rule_for_every_bad_weight() {
        assert_eq!(Weights::new(vec![1.0, 0.0, 2.5], 3).unwrap().total(), 3.5);
        assert!(matches!(
            invalid(Weights::new(vec![1.0, -0.5], 2)),
            Invalid::SampleWeight { row: 2, value } if value == -0.5
        ));
        assert!(matches!(
            invalid(Weights::new(vec![f64::NAN, 1.0], 2)),
            Invalid::SampleWeight { row: 1, .. }
        ));
        assert!(matches!(
            invalid(Weights::new(vec![1.0, 1.0, f64::INFINITY], 3)),
            Invalid::SampleWeight { row: 3, .. }
        ));
        assert!(matches!(
            invalid(Weights::new(vec![1.0], 2)),
            Invalid::SampleWeightsLength { given: 1, n: 2 }
        ));
        assert!(matches!(
            invalid(Weights::new(vec![0.0, 0.0], 2)),
            Invalid::SampleWeightsZero { n: 2 }
        ));
        let e = Weights::new(vec![1.0, -2.0], 2).unwrap_err().to_string();
        assert!(e.contains("point 2") && e.contains("-2"), "{e}");
    }
}
