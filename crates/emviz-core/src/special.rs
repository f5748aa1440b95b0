//! The special functions variational Bayes needs — ln Γ, its derivative ψ (digamma) and ln B —
//! for positive arguments, made of IEEE operations and [`crate::fastmath::ln`] only, so they give
//! the same bits natively and in WebAssembly.
//!
//! Both series are the classical ones: the argument is moved up past [`SHIFT`] by the recurrences
//! Γ(x + 1) = x Γ(x) and ψ(x + 1) = ψ(x) + 1/x, then Stirling's asymptotic series is summed to
//! the term below 10⁻¹⁷ at x = [`SHIFT`]. The tests hold them to SciPy's `gammaln`, `digamma` and
//! `betaln` within 10⁻¹⁴ (relative, or absolute below 1).
//!
//! ```
//! use emviz_core::special::{digamma, ln_gamma};
//! assert!((ln_gamma(0.5) - 0.5723649429247001).abs() < 1e-14); // ln √π
//! assert!((digamma(1.0) + 0.5772156649015329).abs() < 1e-14); // −γ
//! ```

use crate::fastmath::ln;

/// Below this the argument is moved up by the recurrences before the asymptotic series is used.
const SHIFT: f64 = 10.0;

/// ½ ln 2π.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// ln Γ(x) for x > 0 (NaN otherwise).
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    // ln Γ(x) = ln Γ(x + m) − ln(x (x + 1) ⋯ (x + m − 1)).
    let (mut y, mut product) = (x, 1.0);
    while y < SHIFT {
        product *= y;
        y += 1.0;
    }
    let r = 1.0 / y;
    let r2 = r * r;
    // Σ B₂ₖ / (2k (2k − 1) y²ᵏ⁻¹), k = 1..8.
    let series = r
        * (1.0 / 12.0
            + r2 * (-1.0 / 360.0
                + r2 * (1.0 / 1260.0
                    + r2 * (-1.0 / 1680.0
                        + r2 * (1.0 / 1188.0
                            + r2 * (-691.0 / 360_360.0
                                + r2 * (1.0 / 156.0 + r2 * (-3617.0 / 122_400.0))))))));
    let stirling = (y - 0.5) * ln(y) - y + HALF_LN_2PI + series;
    if product == 1.0 {
        stirling
    } else {
        stirling - ln(product)
    }
}

/// ψ(x) = d/dx ln Γ(x) for x > 0 (NaN otherwise).
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    // ψ(x) = ψ(x + m) − Σᵢ 1/(x + i).
    let (mut y, mut shift) = (x, 0.0);
    while y < SHIFT {
        shift += 1.0 / y;
        y += 1.0;
    }
    let r2 = 1.0 / (y * y);
    // Σ B₂ₖ / (2k y²ᵏ), k = 1..8.
    let series = r2
        * (1.0 / 12.0
            + r2 * (-1.0 / 120.0
                + r2 * (1.0 / 252.0
                    + r2 * (-1.0 / 240.0
                        + r2 * (1.0 / 132.0
                            + r2 * (-691.0 / 32_760.0
                                + r2 * (1.0 / 12.0 + r2 * (-3617.0 / 8160.0))))))));
    ln(y) - 0.5 / y - series - shift
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (x, scipy.special.gammaln(x), scipy.special.digamma(x)), SciPy 1.17.1.
    const SCIPY: [(f64, f64, f64); 17] = [
        (0.001, 6.907178885383853, -1000.5755719318103),
        (0.1, 2.252712651734206, -10.423754940411076),
        (0.5, 0.5723649429247, -1.9635100260214235),
        (1.0, 0.0, -0.5772156649015329),
        (
            1.4616321449683622,
            -0.1214862905358497,
            -9.241265521729427e-17,
        ),
        (1.5, -0.12078223763524526, 0.03648997397857652),
        (2.0, 0.0, 0.42278433509846713),
        (2.5, 0.2846828704729192, 0.7031566406452432),
        (3.7, 1.428072326665388, 1.1671535393615113),
        (7.25, 7.0521854507385395, 1.9104535268837362),
        (10.0, 12.801827480081469, 2.251752589066721),
        (12.5, 18.73434751193645, 2.4851956512749123),
        (49.5, 142.617282821146, 3.891837650726372),
        (136.0, 530.5842882944336, 4.908973909693513),
        (1000.0, 5905.220423209181, 6.907255195648812),
        (123456.789, 1323902.018795063, 11.723642437180377),
        (10000000.0, 151180949.36947393, 16.11809560095832),
    ];

    /// (a, b, scipy.special.betaln(a, b)).
    const SCIPY_BETALN: [(f64, f64, f64); 5] = [
        (0.5, 0.5, 1.1447298858494),
        (1.0, 2.0, -std::f64::consts::LN_2), // scipy: -0.6931471805599453
        (3.5, 150.25, -16.371004602739283),
        (0.01, 271.0, 4.543476966524167),
        (10000.0, 10000.0, -13866.28325676141),
    ];

    fn close(got: f64, want: f64) -> bool {
        (got - want).abs() <= 1e-14 * want.abs().max(1.0)
    }

    #[test]
    fn agree_with_scipy() {
        for (x, lg, dg) in SCIPY {
            assert!(
                close(ln_gamma(x), lg),
                "ln_gamma({x}) = {} ≠ {lg}",
                ln_gamma(x)
            );
            assert!(
                close(digamma(x), dg),
                "digamma({x}) = {} ≠ {dg}",
                digamma(x)
            );
        }
        for (a, b, want) in SCIPY_BETALN {
            assert!(
                close(ln_beta(a, b), want),
                "ln_beta({a}, {b}) = {}",
                ln_beta(a, b)
            );
        }
    }

    #[test]
    fn outside_the_domain_is_nan() {
        for x in [0.0, -1.0, f64::NAN] {
            assert!(ln_gamma(x).is_nan() && digamma(x).is_nan());
        }
        assert_eq!(ln_gamma(f64::INFINITY), f64::INFINITY);
    }

    /// The recurrences hold across the shift: ψ(x + 1) − ψ(x) = 1/x, ln Γ(x + 1) − ln Γ(x) = ln x.
    #[test]
    fn recurrences_hold_across_the_shift() {
        for x in [0.3, 4.5, 9.5, 9.999, 10.0, 10.5, 33.0] {
            assert!(
                (digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 2e-14,
                "{x}"
            );
            assert!(
                (ln_gamma(x + 1.0) - ln_gamma(x) - ln(x)).abs() < 2e-14 * (1.0 + ln_gamma(x).abs()),
                "{x}"
            );
        }
    }
}
