//! `exp` and `ln` written out in plain arithmetic.
//!
//! Two reasons: the E-step spends most of its time in `exp`, and these versions are fast on every
//! target (the wasm build otherwise uses a slow software `exp`); and being made of IEEE-exact
//! operations only (+, −, ×, ÷, sqrt), they give bit-identical results natively and in wasm, so a
//! seed reproduces the same fit in the browser and on the command line. Accuracy is within a couple
//! of ulps of the correctly rounded result over the whole range.

const LN2_HI: f64 = 6.931_471_803_691_238e-1; // 0x3FE62E42FEE00000: ln 2 to 32 bits, so m·LN2_HI is exact
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// `e^x`. Returns 0 below about −745 (where the true value is below the smallest subnormal),
/// `+inf` above about 709.78, and NaN for NaN.
///
/// Method: `x = (64m + j) ln2/64 + r` with `|r| ≤ ln2/128`; `e^x = 2^m · 2^(j/64) · e^r`, with
/// `2^(j/64)` from a table of correctly rounded constants and `e^r − 1` from a degree-5
/// polynomial (truncation error < 4e-17).
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
    // Round to nearest by adding and subtracting 1.5·2⁵² (plain arithmetic: `f64::round` is a
    // library call on baseline x86-64, and this is the hot loop of the E-step).
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    let kf = (x * (64.0 * LOG2_E) + SHIFTER) - SHIFTER;
    // r = x − k ln2/64 in two parts (k·LN2_HI/64 is exact), so r is accurate to ~1e-20.
    let r = (x - kf * (LN2_HI / 64.0)) - kf * (LN2_LO / 64.0);
    let k = kf as i64;
    let j = (k & 63) as usize;
    let m = k >> 6;
    let p = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    let t = f64::from_bits(EXP2_TABLE[j]);
    let y = t + t * p;
    // Scale by 2^m in two halves so subnormal results come out right.
    let m1 = m / 2;
    y * pow2(m1) * pow2(m - m1)
}

/// `e^x` for `x ≤ 0`, the case of the E-step (`x = ln φⱼN(x) − max`), written for loops the
/// compiler vectorises: no table (a table lookup per element is a gather, which keeps the loop
/// scalar) and no branches. Values below −708 (results under 2.2e-308, which vanish next to the
/// row's largest term, 1) give 0.
///
/// Method: `x = k ln2 + r` with `|r| ≤ ln2/2`; `e^x = 2^k · e^r`, with `e^r − 1` from its Taylor
/// series to degree 13 (truncation error < 5e-18), evaluated by Estrin's scheme (short chains of
/// dependent operations, so that several values are computed at once). Within two ulps of the
/// correctly rounded result, like [`exp`].
#[inline(always)]
pub fn exp_nonpositive(x: f64) -> f64 {
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    // A comparison rather than `f64::max`: WebAssembly's `max` treats NaN differently from
    // Rust's, so `f64::max` becomes a library call per value there (and no vector code).
    let xc = if x > -708.0 { x } else { -708.0 };
    let t = xc * LOG2_E + SHIFTER;
    let kf = t - SHIFTER;
    let r = (xc - kf * LN2_HI) - kf * LN2_LO;
    // k sits in the low bits of t's mantissa (two's complement).
    let k = t.to_bits().wrapping_sub(SHIFTER.to_bits()) as i64;
    // The polynomial by Estrin's scheme: independent pairs, then pairs of pairs, so its
    // operations do not wait on each other in one long chain (Horner's) and several values
    // are in flight at once.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let q0 = 0.5 + r * (1.0 / 6.0);
    let q1 = 1.0 / 24.0 + r * (1.0 / 120.0);
    let q2 = 1.0 / 720.0 + r * (1.0 / 5_040.0);
    let q3 = 1.0 / 40_320.0 + r * (1.0 / 362_880.0);
    let q4 = 1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0);
    let q5 = 1.0 / 479_001_600.0 + r * (1.0 / 6_227_020_800.0);
    let s0 = q0 + r2 * q1;
    let s1 = q2 + r2 * q3;
    let s2 = q4 + r2 * q5;
    let p = (s0 + r4 * s1) + r8 * s2;
    let em1 = r + r2 * p;
    let y = (1.0 + em1) * pow2(k);
    if x < -708.0 {
        0.0
    } else {
        y
    }
}

/// `2^(j/64)` for j = 0..64, correctly rounded, as bit patterns.
const EXP2_TABLE: [u64; 64] = [
    0x3ff0000000000000,
    0x3ff02c9a3e778061,
    0x3ff059b0d3158574,
    0x3ff0874518759bc8,
    0x3ff0b5586cf9890f,
    0x3ff0e3ec32d3d1a2,
    0x3ff11301d0125b51,
    0x3ff1429aaea92de0,
    0x3ff172b83c7d517b,
    0x3ff1a35beb6fcb75,
    0x3ff1d4873168b9aa,
    0x3ff2063b88628cd6,
    0x3ff2387a6e756238,
    0x3ff26b4565e27cdd,
    0x3ff29e9df51fdee1,
    0x3ff2d285a6e4030b,
    0x3ff306fe0a31b715,
    0x3ff33c08b26416ff,
    0x3ff371a7373aa9cb,
    0x3ff3a7db34e59ff7,
    0x3ff3dea64c123422,
    0x3ff4160a21f72e2a,
    0x3ff44e086061892d,
    0x3ff486a2b5c13cd0,
    0x3ff4bfdad5362a27,
    0x3ff4f9b2769d2ca7,
    0x3ff5342b569d4f82,
    0x3ff56f4736b527da,
    0x3ff5ab07dd485429,
    0x3ff5e76f15ad2148,
    0x3ff6247eb03a5585,
    0x3ff6623882552225,
    0x3ff6a09e667f3bcd,
    0x3ff6dfb23c651a2f,
    0x3ff71f75e8ec5f74,
    0x3ff75feb564267c9,
    0x3ff7a11473eb0187,
    0x3ff7e2f336cf4e62,
    0x3ff82589994cce13,
    0x3ff868d99b4492ed,
    0x3ff8ace5422aa0db,
    0x3ff8f1ae99157736,
    0x3ff93737b0cdc5e5,
    0x3ff97d829fde4e50,
    0x3ff9c49182a3f090,
    0x3ffa0c667b5de565,
    0x3ffa5503b23e255d,
    0x3ffa9e6b5579fdbf,
    0x3ffae89f995ad3ad,
    0x3ffb33a2b84f15fb,
    0x3ffb7f76f2fb5e47,
    0x3ffbcc1e904bc1d2,
    0x3ffc199bdd85529c,
    0x3ffc67f12e57d14b,
    0x3ffcb720dcef9069,
    0x3ffd072d4a07897c,
    0x3ffd5818dcfba487,
    0x3ffda9e603db3285,
    0x3ffdfc97337b9b5f,
    0x3ffe502ee78b3ff6,
    0x3ffea4afa2a490da,
    0x3ffefa1bee615a27,
    0x3fff50765b6e4540,
    0x3fffa7c1819e90d8,
];

/// 2^k for −1022 ≤ k ≤ 1023, built from the exponent bits.
#[inline(always)]
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
        (x * 2f64.powi(64), -64.0)
    } else {
        (x, 0.0)
    };
    ln_scaled(x, bias)
}

/// ln x for 1 ≤ x < 2^1000 (the row sums of the pass lie in [1, K]), with no special cases and
/// no branches, so that a loop of them vectorises: the weighted log-likelihood takes one per
/// point. [`ln`]'s reduction with its series cut after the s¹⁹ term: the truncation error is
/// below 1e-17 (absolute) over the whole range of the reduced argument, so the result is within
/// about 2e-16 of ln x — an absolute accuracy, which is what a sum of log-likelihoods needs —
/// for about two thirds of [`ln`]'s work.
#[inline(always)]
pub fn ln_at_least_one(x: f64) -> f64 {
    let (e, s, s2) = reduce(x, -1023.0);
    let mut p = 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    let ln_m = 2.0 * s + 2.0 * s * s2 * p;
    e * LN2_HI + (e * LN2_LO + ln_m)
}

/// The reduction of a normal, finite x > 0 for [`ln`]: x = 2^e · m with m in [√½, √2), as
/// (e + 1023 + `offset`, s = (m − 1)/(m + 1), s²), branch-free. The exponent goes through the
/// bits as a float (exact: its field is below 2^11), so no integer-to-float conversion is
/// needed.
#[inline(always)]
fn reduce(x: f64, offset: f64) -> (f64, f64, f64) {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let bits = x.to_bits();
    let field = f64::from_bits(0x4330_0000_0000_0000 | ((bits >> 52) & 0x7ff)) - TWO_52;
    // Mantissa m in [1, 2); fold into [sqrt(1/2), sqrt(2)).
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = field + if big { offset + 1.0 } else { offset };
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
    let s = (m - 1.0) / (m + 1.0);
    (e, s, s * s)
}

/// ln(x · 2^bias) for a normal, finite x > 0 and an integer `bias`.
#[inline(always)]
fn ln_scaled(x: f64, bias: f64) -> f64 {
    let (e, s, s2) = reduce(x, bias - 1023.0);
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
    fn ln2_split_is_fdlibms() {
        // The high part has its low 21 bits zero, so k·LN2_HI is exact for |k| < 2^21.
        assert_eq!(LN2_HI.to_bits(), 0x3FE6_2E42_FEE0_0000);
        assert_eq!(LN2_LO.to_bits(), 0x3DEA_39EF_3579_3C76);
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
    fn exp_nonpositive_matches_std_to_a_few_ulps() {
        let mut worst = 0;
        let mut x = -708.0;
        while x <= 0.0 {
            worst = worst.max(ulps(exp_nonpositive(x), x.exp()));
            x += 0.000_731;
        }
        // The ends of each reduction interval, where |r| is largest.
        for k in -1021..=0 {
            for off in [-0.5, -0.499_999_9, 0.499_999_9, 0.5] {
                let x = (k as f64 + off) * std::f64::consts::LN_2;
                if (-708.0..=0.0).contains(&x) {
                    worst = worst.max(ulps(exp_nonpositive(x), x.exp()));
                }
            }
        }
        assert!(worst <= 2, "worst error {worst} ulps");
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-709.0), 0.0);
        assert_eq!(exp_nonpositive(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn ln_matches_std_to_a_few_ulps() {
        let mut worst = 0;
        let mut x = 1e-310;
        while x < 1e300 {
            worst = worst.max(ulps(ln(x), x.ln()));
            x *= 1.013_7;
        }
        for x in [
            0.5,
            0.999_999,
            1.0,
            1.000_001,
            2.0,
            std::f64::consts::E,
            5e-324,
        ] {
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
