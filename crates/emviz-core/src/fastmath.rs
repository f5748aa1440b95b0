//! `exp` and `ln` written out in plain arithmetic.
//!
//! Two reasons: the E-step spends most of its time in `exp`, and these versions are fast on every
//! target (the wasm build otherwise uses a slow software `exp`); and being made of IEEE-exact
//! operations only (+, −, ×, ÷, sqrt), they give bit-identical results natively and in wasm, so a
//! seed reproduces the same fit in the browser and on the command line. Accuracy is within a couple
//! of ulps of the correctly rounded result over the whole range.

const LN2_HI: f64 = 6.931_471_803_691_238_2e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// `e^x`. Returns 0 below about −745 (where the true value is below the smallest subnormal),
/// `+inf` above about 709.78, and NaN for NaN.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = (x * LOG2_E).round();
    // r = x − k ln 2 in two parts keeps r exact to ~1e-20; |r| ≤ 0.347.
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r to degree 13: truncation error < 4e-18 relative.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // Scale by 2^k in two halves so subnormal results come out right.
    let k = k as i64;
    let k1 = k / 2;
    p * pow2(k1) * pow2(k - k1)
}

/// 2^k for −1022 ≤ k ≤ 1023, built from the exponent bits.
#[inline]
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Natural logarithm. `ln(0) = −inf`, negative or NaN input gives NaN, `ln(+inf) = +inf`.
#[inline]
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // Bring subnormals into the normal range.
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64i64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023 + bias;
    // Mantissa m in [1, 2); fold into [sqrt(1/2), sqrt(2)).
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    // 2s + 2s³p, with 2s split off for accuracy.
    let ln_m = 2.0 * s + 2.0 * s * s2 * p;
    let e = e as f64;
    e * LN2_HI + (e * LN2_LO + ln_m)
}

/// log(Σ e^{xᵢ}) computed without overflow. Empty or all −inf input gives −inf.
pub fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY || max.is_nan() {
        return max;
    }
    let sum: f64 = xs.iter().map(|&x| exp(x - max)).sum();
    max + ln(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn exp_matches_std_to_a_few_ulps() {
        let mut worst = 0;
        let mut x = -745.0;
        while x < 709.0 {
            let (a, b) = (exp(x), x.exp());
            if b > f64::MIN_POSITIVE {
                worst = worst.max(ulps(a, b));
            } else {
                assert!((a - b).abs() <= 2.0 * 4.9e-324, "x={x}: {a} vs {b}");
            }
            x += 0.012_345_678_9;
        }
        assert!(worst <= 2, "worst error {worst} ulps");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-1000.0), 0.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn ln_matches_std_to_a_few_ulps() {
        let mut worst = 0;
        let mut x = 1e-310;
        while x < 1e300 {
            worst = worst.max(ulps(ln(x), x.ln()));
            x *= 1.013_7;
        }
        for x in [0.5, 0.999_999, 1.0, 1.000_001, 2.0, std::f64::consts::E, 5e-324] {
            worst = worst.max(ulps(ln(x), x.ln()));
        }
        assert!(worst <= 2, "worst error {worst} ulps");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
    }

    #[test]
    fn log_sum_exp_is_stable() {
        assert!((log_sum_exp(&[1000.0, 1000.0]) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
        assert_eq!(log_sum_exp(&[f64::NEG_INFINITY, 0.0]), 0.0);
    }
}
