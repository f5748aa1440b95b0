//! The mixture's dense linear algebra outside the per-point loops, on [nalgebra]: the Cholesky
//! factor of each covariance (with a stricter singularity test than nalgebra's), its inverse by
//! triangular solve, the log-determinant, `L z` for sampling and the eigen-decomposition that
//! gives an ellipse its axes. Matrices cross this module's boundary as row-major `d × d` slices,
//! the layout the rest of the crate (and the page) keeps.
//!
//! **Same bits everywhere.** nalgebra's Cholesky and triangular solve are plain `+ − × ÷ √` in a
//! fixed order (no FMA, no platform `libm`), so a factor is bit-identical natively and in wasm —
//! and identical to the hand-written loops this module used to hold, which summed in the same
//! order (`tests::same_bits_as_the_textbook_loops` keeps that so). The one transcendental, `ln` of
//! the pivots for the log-determinant, goes through [`crate::fastmath::ln`] rather than nalgebra's
//! `ln_determinant` (which calls the platform's `ln`, not the same bits in wasm).
//!
//! **Why the fused kernel keeps its own arithmetic.** The per-point work — `‖M(x−μ)‖²` for every
//! point and component, and the responsibility-weighted sums of the M-step (`crate::fused`, and
//! [`crate::mixture::Mixture`]'s density loop that must give the same numbers) — runs `n × k`
//! times per iteration on packed row-major factors, with the dimension a compile-time constant
//! so the loops unroll, in blocks sized for the cache, with a fixed order of operations that makes
//! the step-wise and lean EM loops agree to the bit and native agree with wasm. nalgebra's
//! general matrix–vector products would add a bounds-checked, allocating layer per point and give
//! up that control of the order; a 2 × 2 covariance is also far too small for its blocked
//! kernels to pay. So nalgebra does the `k` small factorisations per M-step, and the hot loops
//! read their results.

use nalgebra::{DMatrix, DVector, Matrix2};

use crate::fastmath::ln;

/// The Cholesky factor `L` of a covariance `Σ = L Lᵀ` (lower-triangular), checked strictly.
#[derive(Clone, Debug)]
pub struct CholeskyFactor {
    l: DMatrix<f64>,
}

impl CholeskyFactor {
    /// Factors the symmetric `a` (row-major `d × d`; only its lower triangle is read), or `None`
    /// when `a` is not (numerically) positive definite or holds non-finite values.
    ///
    /// A pivot `Lᵢᵢ²` no larger than the rounding error of computing it (`4·d·ε·aᵢᵢ`) counts as
    /// zero: an exactly singular matrix, such as the covariance of points on a line, often leaves
    /// a pivot of about `ε·aᵢᵢ` of either sign, and accepting it would give a meaningless finite
    /// density. (nalgebra alone rejects only pivots ≤ 0; the test here compares `Lᵢᵢ` with
    /// `√(4·d·ε·aᵢᵢ)`, the same test up to the rounding of one square root.)
    pub fn new(a: &[f64], d: usize) -> Option<Self> {
        assert_eq!(a.len(), d * d, "a {d} × {d} matrix");
        if a.iter().any(|v| !v.is_finite()) {
            return None;
        }
        // Symmetric, so row-major and column-major read the same.
        let chol = nalgebra::Cholesky::new(DMatrix::from_column_slice(d, d, a))?;
        let l = chol.unpack();
        for i in 0..d {
            let noise = 4.0 * d as f64 * f64::EPSILON * a[i * d + i];
            if l[(i, i)] <= noise.sqrt() {
                return None;
            }
        }
        l.iter().all(|v| v.is_finite()).then_some(Self { l })
    }

    /// The dimension `d`.
    pub fn dim(&self) -> usize {
        self.l.nrows()
    }

    /// `L`, row-major `d × d` (zeros above the diagonal).
    pub fn lower(&self) -> Vec<f64> {
        row_major(&self.l)
    }

    /// `L⁻¹` (lower-triangular), row-major, by forward substitution on the identity: the
    /// "precision Cholesky" `M` with `(x−μ)ᵀΣ⁻¹(x−μ) = ‖M(x−μ)‖²`.
    pub fn inverse_lower(&self) -> Vec<f64> {
        let d = self.dim();
        let m = self
            .l
            .solve_lower_triangular(&DMatrix::identity(d, d))
            .expect("the diagonal of a checked factor is positive");
        row_major(&m)
    }

    /// `½ ln det Σ = Σᵢ ln Lᵢᵢ` (with the crate's platform-exact `ln`).
    pub fn half_ln_det(&self) -> f64 {
        self.l.diagonal().iter().map(|&v| ln(v)).sum::<f64>()
    }

    /// `L z`, for drawing `μ + L z` with `z` standard normal. (`gemv`, column by column in
    /// order, not `*`, which hands matrices larger than 5 × 5 to `matrixmultiply`, whose kernels
    /// use FMA where the CPU has it.)
    pub fn mul(&self, z: &[f64]) -> Vec<f64> {
        let mut y = DVector::zeros(self.dim());
        y.gemv(1.0, &self.l, &DVector::from_column_slice(z), 0.0);
        y.as_slice().to_vec()
    }
}

/// Lower-triangular Cholesky factor `L` of a symmetric matrix `a` (`a = L Lᵀ`), row-major, or
/// `None` when `a` is not (numerically) positive definite: [`CholeskyFactor::new`].
pub fn cholesky(a: &[f64], d: usize) -> Option<Vec<f64>> {
    CholeskyFactor::new(a, d).map(|c| c.lower())
}

/// Inverse of a lower-triangular matrix with non-zero diagonal (itself lower-triangular), both
/// row-major, by forward substitution.
pub fn invert_lower(l: &[f64], d: usize) -> Vec<f64> {
    let l = DMatrix::from_row_slice(d, d, l);
    let m = l
        .solve_lower_triangular(&DMatrix::identity(d, d))
        .expect("a lower-triangular matrix with a non-zero diagonal");
    row_major(&m)
}

/// `true` when `a` equals its transpose to within a relative `1e-9`.
pub fn is_symmetric(a: &[f64], d: usize) -> bool {
    (0..d).all(|i| {
        (0..i).all(|j| {
            let (x, y) = (a[i * d + j], a[j * d + i]);
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(f64::MIN_POSITIVE)
        })
    })
}

/// The `d × d` identity matrix, row-major.
pub fn identity(d: usize) -> Vec<f64> {
    row_major(&DMatrix::identity(d, d))
}

/// Eigen-decomposition of a symmetric 2 × 2 matrix `[[a, b], [b, c]]`: eigenvalues (largest
/// first, the smaller clamped at 0) and the angle in `(−π/2, π/2]` (radians) of the first
/// eigenvector. Used to draw covariance ellipses.
pub fn eig_sym2(a: f64, b: f64, c: f64) -> ([f64; 2], f64) {
    let eig = Matrix2::new(a, b, b, c).symmetric_eigen();
    let first = if eig.eigenvalues[0] >= eig.eigenvalues[1] {
        0
    } else {
        1
    };
    let (l1, l2) = (eig.eigenvalues[first], eig.eigenvalues[1 - first]);
    let v = eig.eigenvectors.column(first);
    // An eigenvector and its negative are the same axis: fold the angle into (−π/2, π/2].
    let mut angle = v[1].atan2(v[0]);
    if angle > std::f64::consts::FRAC_PI_2 {
        angle -= std::f64::consts::PI;
    } else if angle <= -std::f64::consts::FRAC_PI_2 {
        angle += std::f64::consts::PI;
    }
    ([l1, l2.max(0.0)], angle)
}

/// A matrix's entries, row by row.
fn row_major(m: &DMatrix<f64>) -> Vec<f64> {
    m.transpose().as_slice().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_and_inverse_round_trip() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let l = cholesky(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|p| l[i * 3 + p] * l[j * 3 + p]).sum();
                assert!((s - a[i * 3 + j]).abs() < 1e-12);
            }
            for j in i + 1..3 {
                assert_eq!(l[i * 3 + j], 0.0, "lower-triangular, row-major");
            }
        }
        let m = invert_lower(&l, 3);
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|p| m[i * 3 + p] * l[p * 3 + j]).sum();
                assert!((s - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        let f = CholeskyFactor::new(&a, 3).unwrap();
        assert_eq!(f.inverse_lower(), m);
        // det a = 4·(15 − 1) − 2·(6 − 0.6) + 0.6·(2 − 3) = 44.6
        assert!((2.0 * f.half_ln_det() - 44.6f64.ln()).abs() < 1e-13);
        let z = [1.0, -2.0, 0.5];
        let lz: Vec<f64> = (0..3)
            .map(|i| (0..3).map(|p| l[i * 3 + p] * z[p]).sum())
            .collect();
        assert_eq!(f.mul(&z), lz);
    }

    #[test]
    fn cholesky_rejects_singular_and_indefinite() {
        assert!(cholesky(&[1.0, 1.0, 1.0, 1.0], 2).is_none());
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
        assert!(cholesky(&[f64::NAN], 1).is_none());
        assert!(cholesky(&[f64::INFINITY, 0.0, 0.0, 1.0], 2).is_none());
        assert!(cholesky(&[0.0], 1).is_none());
        assert!(cholesky(&[-1.0], 1).is_none());
        // Exactly singular (points on y = 2x + 1), but rounding leaves a pivot of 4.5e-13.
        assert!(cholesky(&[433.25, 866.5, 866.5, 1733.0], 2).is_none());
        // Thin but regular: accepted.
        assert!(cholesky(&[433.25, 866.5, 866.5, 1733.0 + 1e-6], 2).is_some());
        assert!(cholesky(&[1e-300], 1).is_some());
    }

    /// The loops this module held before nalgebra, kept as the reference the factor must match
    /// bit for bit (native = wasm, and fits unchanged by the move).
    fn textbook_cholesky(a: &[f64], d: usize) -> Vec<f64> {
        let mut l = vec![0.0; d * d];
        for i in 0..d {
            for j in 0..=i {
                let mut s = a[i * d + j];
                for p in 0..j {
                    s -= l[i * d + p] * l[j * d + p];
                }
                l[i * d + j] = if i == j { s.sqrt() } else { s / l[j * d + j] };
            }
        }
        l
    }

    fn textbook_invert_lower(l: &[f64], d: usize) -> Vec<f64> {
        let mut m = vec![0.0; d * d];
        for col in 0..d {
            m[col * d + col] = 1.0 / l[col * d + col];
            for i in col + 1..d {
                let mut s = 0.0;
                for p in col..i {
                    s += l[i * d + p] * m[p * d + col];
                }
                m[i * d + col] = -s / l[i * d + i];
            }
        }
        m
    }

    #[test]
    fn same_bits_as_the_textbook_loops() {
        let mut rng = crate::rng::rng_from_seed(11);
        for d in 1..=6 {
            for _ in 0..200 {
                // A random SPD matrix B Bᵀ + 0.1 I with entries of mixed scales.
                let b: Vec<f64> = (0..d * d)
                    .map(|_| crate::rng::standard_normal(&mut rng) * 3.0)
                    .collect();
                let mut a = vec![0.0; d * d];
                for i in 0..d {
                    for j in 0..d {
                        a[i * d + j] = (0..d).map(|p| b[i * d + p] * b[j * d + p]).sum::<f64>();
                    }
                    a[i * d + i] += 0.1;
                }
                let f = CholeskyFactor::new(&a, d).unwrap();
                let bits = |v: &[f64]| v.iter().map(|x| (*x + 0.0).to_bits()).collect::<Vec<_>>();
                let l = textbook_cholesky(&a, d);
                assert_eq!(bits(&f.lower()), bits(&l), "L, d = {d}");
                assert_eq!(
                    bits(&f.inverse_lower()),
                    bits(&textbook_invert_lower(&l, d)),
                    "L⁻¹, d = {d}"
                );
            }
        }
    }

    #[test]
    fn eig_sym2_of_diagonal_and_rotated() {
        let (l, ang) = eig_sym2(3.0, 0.0, 1.0);
        assert_eq!(l, [3.0, 1.0]);
        assert!(ang.abs() < 1e-15);
        let (l, ang) = eig_sym2(1.0, 0.0, 3.0);
        assert_eq!(l, [3.0, 1.0]);
        assert!((ang - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
        let (l, ang) = eig_sym2(2.0, 1.0, 2.0);
        assert!((l[0] - 3.0).abs() < 1e-12 && (l[1] - 1.0).abs() < 1e-12);
        assert!((ang - std::f64::consts::FRAC_PI_4).abs() < 1e-12);
        let (l, ang) = eig_sym2(2.0, -1.0, 2.0);
        assert!((l[0] - 3.0).abs() < 1e-12 && (l[1] - 1.0).abs() < 1e-12);
        assert!((ang + std::f64::consts::FRAC_PI_4).abs() < 1e-12);
        // Singular: the smaller eigenvalue is 0, never negative.
        let (l, _) = eig_sym2(1.0, 1.0, 1.0);
        assert!((l[0] - 2.0).abs() < 1e-12 && l[1] >= 0.0 && l[1] < 1e-15);
    }

    #[test]
    fn eig_sym2_agrees_with_the_closed_form() {
        let mut rng = crate::rng::rng_from_seed(3);
        for _ in 0..500 {
            let g = |r: &mut crate::rng::EmRng| crate::rng::standard_normal(r);
            let (x, y, z) = (g(&mut rng), g(&mut rng), g(&mut rng));
            let (a, b, c) = (x * x + 0.01, x * y, y * y + z * z + 0.01);
            let ([l1, l2], ang) = eig_sym2(a, b, c);
            let mid = 0.5 * (a + c);
            let rad = (0.25 * (a - c) * (a - c) + b * b).sqrt();
            let scale = a.abs().max(c.abs());
            assert!((l1 - (mid + rad)).abs() <= 1e-12 * scale);
            assert!((l2 - (mid - rad).max(0.0)).abs() <= 1e-12 * scale);
            // The eigenvector at `ang` satisfies A v = l1 v.
            let (v0, v1) = (ang.cos(), ang.sin());
            assert!((a * v0 + b * v1 - l1 * v0).abs() <= 1e-9 * scale);
            assert!((b * v0 + c * v1 - l1 * v1).abs() <= 1e-9 * scale);
        }
    }
}
