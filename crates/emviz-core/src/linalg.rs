//! Small dense linear algebra on row-major `d × d` slices: what the mixture needs, no more.

/// Lower-triangular Cholesky factor `L` of a symmetric matrix `a` (`a = L Lᵀ`), or `None` when `a`
/// is not (numerically) positive definite or holds non-finite values.
///
/// A pivot `Lᵢᵢ²` no larger than the rounding error of computing it (`4·d·ε·aᵢᵢ`) counts as zero:
/// an exactly singular matrix, such as the covariance of points on a line, often leaves a pivot
/// of about `ε·aᵢᵢ` of either sign, and accepting it would give a meaningless finite density.
pub fn cholesky(a: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let mut s = a[i * d + j];
            for p in 0..j {
                s -= l[i * d + p] * l[j * d + p];
            }
            if i == j {
                let noise = 4.0 * d as f64 * f64::EPSILON * a[i * d + i];
                if !s.is_finite() || s <= noise {
                    return None;
                }
                l[i * d + i] = s.sqrt();
            } else {
                l[i * d + j] = s / l[j * d + j];
            }
        }
    }
    if l.iter().all(|v| v.is_finite()) {
        Some(l)
    } else {
        None
    }
}

/// Inverse of a lower-triangular matrix with non-zero diagonal (itself lower-triangular).
pub fn invert_lower(l: &[f64], d: usize) -> Vec<f64> {
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

/// `true` when `a` equals its transpose to within a relative `1e-9`.
pub fn is_symmetric(a: &[f64], d: usize) -> bool {
    (0..d).all(|i| {
        (0..i).all(|j| {
            let (x, y) = (a[i * d + j], a[j * d + i]);
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(f64::MIN_POSITIVE)
        })
    })
}

/// The `d × d` identity matrix.
pub fn identity(d: usize) -> Vec<f64> {
    let mut m = vec![0.0; d * d];
    for i in 0..d {
        m[i * d + i] = 1.0;
    }
    m
}

/// Eigen-decomposition of a symmetric 2 × 2 matrix `[[a, b], [b, c]]`: eigenvalues (largest
/// first) and the angle (radians) of the first eigenvector. Used to draw covariance ellipses.
pub fn eig_sym2(a: f64, b: f64, c: f64) -> ([f64; 2], f64) {
    let mid = 0.5 * (a + c);
    let rad = (0.25 * (a - c) * (a - c) + b * b).sqrt();
    let l1 = mid + rad;
    let l2 = (mid - rad).max(0.0);
    let angle = 0.5 * (2.0 * b).atan2(a - c);
    ([l1, l2], angle)
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
        }
        let m = invert_lower(&l, 3);
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|p| m[i * 3 + p] * l[p * 3 + j]).sum();
                assert!((s - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn cholesky_rejects_singular_and_indefinite() {
        assert!(cholesky(&[1.0, 1.0, 1.0, 1.0], 2).is_none());
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
        assert!(cholesky(&[f64::NAN], 1).is_none());
        // Exactly singular (points on y = 2x + 1), but rounding leaves a pivot of 4.5e-13.
        assert!(cholesky(&[433.25, 866.5, 866.5, 1733.0], 2).is_none());
        // Thin but regular: accepted.
        assert!(cholesky(&[433.25, 866.5, 866.5, 1733.0 + 1e-6], 2).is_some());
        assert!(cholesky(&[1e-300], 1).is_some());
    }

    #[test]
    fn eig_sym2_of_diagonal_and_rotated() {
        let (l, ang) = eig_sym2(3.0, 0.0, 1.0);
        assert_eq!(l, [3.0, 1.0]);
        assert!(ang.abs() < 1e-15);
        let (l, ang) = eig_sym2(2.0, 1.0, 2.0);
        assert!((l[0] - 3.0).abs() < 1e-12 && (l[1] - 1.0).abs() < 1e-12);
        assert!((ang - std::f64::consts::FRAC_PI_4).abs() < 1e-12);
    }
}
