//! The small `d × d` matrix work of mclust's M-steps ([`crate::family`]), in plain `+ − × ÷ √`
//! (no FMA, no platform `libm`), so a fit is the same bits natively and in wasm as every other
//! fit of the core: products, the symmetric eigen-decomposition (cyclic Jacobi) and the orthogonal factor `P Rᵀ` of an SVD `P B Rᵀ`
//! (one-sided Jacobi). Matrices are row-major `d × d` slices, as everywhere in the core.

/// `a b`.
pub fn mul(a: &[f64], b: &[f64], d: usize) -> Vec<f64> {
    let mut c = vec![0.0; d * d];
    for i in 0..d {
        for l in 0..d {
            let ail = a[i * d + l];
            for j in 0..d {
                c[i * d + j] += ail * b[l * d + j];
            }
        }
    }
    c
}

/// `aᵀ`.
pub fn transpose(a: &[f64], d: usize) -> Vec<f64> {
    (0..d * d).map(|i| a[(i % d) * d + i / d]).collect()
}

/// `v diag(s) vᵀ` made exactly symmetric: a covariance from its eigenvectors (the columns of
/// `v`) and eigenvalues `s`.
pub fn compose(v: &[f64], s: &[f64], d: usize) -> Vec<f64> {
    let mut c = vec![0.0; d * d];
    for i in 0..d {
        for j in i..d {
            let x: f64 = (0..d).map(|l| v[i * d + l] * s[l] * v[j * d + l]).sum();
            c[i * d + j] = x;
            c[j * d + i] = x;
        }
    }
    c
}

/// Eigenvalues (largest first) and eigenvectors (the columns of the second, in the same order)
/// of the symmetric `a`, by cyclic Jacobi rotations until the off-diagonal part is below
/// rounding (at most 64 sweeps).
pub fn sym_eigen(a: &[f64], d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = identity(d);
    let scale: f64 = m.iter().map(|x| x * x).sum();
    for _ in 0..64 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..d).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * d + j] * m[i * d + j])
            .sum();
        if off <= 1e-32 * scale || off == 0.0 {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = m[p * d + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[q * d + q] - m[p * d + p]) / (2.0 * apq);
                let t = if theta.abs() > 1e150 {
                    0.5 / theta
                } else {
                    theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..d {
                    let (mrp, mrq) = (m[r * d + p], m[r * d + q]);
                    m[r * d + p] = c * mrp - s * mrq;
                    m[r * d + q] = s * mrp + c * mrq;
                }
                for r in 0..d {
                    let (mpr, mqr) = (m[p * d + r], m[q * d + r]);
                    m[p * d + r] = c * mpr - s * mqr;
                    m[q * d + r] = s * mpr + c * mqr;
                }
                for r in 0..d {
                    let (vrp, vrq) = (v[r * d + p], v[r * d + q]);
                    v[r * d + p] = c * vrp - s * vrq;
                    v[r * d + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&i, &j| m[j * d + j].total_cmp(&m[i * d + i]));
    let values = order.iter().map(|&i| m[i * d + i]).collect();
    let vectors = (0..d * d).map(|x| v[(x / d) * d + order[x % d]]).collect();
    (values, vectors)
}

/// The orthogonal factor `P Rᵀ` of an SVD `a = P B Rᵀ` (the polar decomposition's `U` in
/// `a = U H`), by one-sided Jacobi rotations (Hestenes): the columns of `a R` are made
/// orthogonal, and `P`'s columns are them normalised. Where `a` is singular, the columns of `P`
/// for its zero singular values are completed to an orthonormal basis (as any SVD does; the
/// choice does not matter to a covariance `D A Dᵀ` built from it when a single value is zero).
pub fn orthogonal_factor(a: &[f64], d: usize) -> Vec<f64> {
    let mut g = a.to_vec();
    let mut r = identity(d);
    for _ in 0..64 {
        let mut rotated = false;
        for p in 0..d {
            for q in p + 1..d {
                let col = |m: &[f64], x: usize, y: usize| -> f64 {
                    (0..d).map(|i| m[i * d + x] * m[i * d + y]).sum()
                };
                let (alpha, beta, gamma) = (col(&g, p, p), col(&g, q, q), col(&g, p, q));
                if gamma == 0.0 || gamma.abs() <= 1e-15 * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for m in [&mut g, &mut r] {
                    for i in 0..d {
                        let (x, y) = (m[i * d + p], m[i * d + q]);
                        m[i * d + p] = c * x - s * y;
                        m[i * d + q] = s * x + c * y;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = (0..d)
        .map(|j| {
            (0..d)
                .map(|i| g[i * d + j] * g[i * d + j])
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let largest = norms.iter().copied().fold(0.0, f64::max);
    let mut p = vec![0.0; d * d];
    let mut missing = Vec::new();
    for j in 0..d {
        if norms[j] > 1e-14 * largest && norms[j] > 0.0 {
            for i in 0..d {
                p[i * d + j] = g[i * d + j] / norms[j];
            }
        } else {
            missing.push(j);
        }
    }
    // Complete P with the unit vectors, made orthogonal to the columns already there.
    let mut candidates = 0..d;
    for j in missing {
        for e in candidates.by_ref() {
            let mut v: Vec<f64> = (0..d).map(|i| if i == e { 1.0 } else { 0.0 }).collect();
            for other in (0..d).filter(|&o| o != j) {
                let dot: f64 = (0..d).map(|i| v[i] * p[i * d + other]).sum();
                for i in 0..d {
                    v[i] -= dot * p[i * d + other];
                }
            }
            let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 1e-8 {
                for i in 0..d {
                    p[i * d + j] = v[i] / norm;
                }
                break;
            }
        }
    }
    mul(&p, &transpose(&r, d), d)
}

/// The `d × d` identity.
pub fn identity(d: usize) -> Vec<f64> {
    (0..d * d)
        .map(|i| if i / d == i % d { 1.0 } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
    }

    #[test]
    fn eigen_decomposition_rebuilds_the_matrix() {
        let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 1.0];
        let (s, v) = sym_eigen(&a, 3);
        assert!(s[0] >= s[1] && s[1] >= s[2]);
        assert!(close(&compose(&v, &s, 3), &a, 1e-13));
        assert!(close(&mul(&transpose(&v, 3), &v, 3), &identity(3), 1e-14));
    }

    #[test]
    fn orthogonal_factor_of_an_svd() {
        let a = [2.0, 1.0, 0.0, 0.5, 3.0, 1.0, 1.0, 0.0, 1.5];
        let u = orthogonal_factor(&a, 3);
        assert!(close(&mul(&transpose(&u, 3), &u, 3), &identity(3), 1e-14));
        // H = Uᵀ a is symmetric positive definite.
        let h = mul(&transpose(&u, 3), &a, 3);
        assert!(close(&h, &transpose(&h, 3), 1e-13));
        assert!(sym_eigen(&h, 3).0[2] > 0.0);
        // A singular matrix still has an orthogonal factor, and it maps a's row space as a does.
        let u = orthogonal_factor(&[1.0, 2.0, 2.0, 4.0], 2);
        assert!(close(&mul(&transpose(&u, 2), &u, 2), &identity(2), 1e-14));
        let h = mul(&transpose(&u, 2), &[1.0, 2.0, 2.0, 4.0], 2);
        assert!(close(&h, &transpose(&h, 2), 1e-13));
        assert!(close(&orthogonal_factor(&[0.0; 4], 2), &identity(2), 0.0));
    }
}
