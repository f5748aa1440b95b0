//! The M-step of each of mclust's fourteen covariance models ([`crate::rules::ModelName`]) from
//! a pass's sums: the counts Nₖ = Σₙ rₙₖ and the scatter matrices Wₖ = Σₙ rₙₖ (xₙ − μₖ)(xₙ − μₖ)ᵀ
//! about the new means, with n = Σₖ Nₖ and W = Σₖ Wₖ — as mclust computes them (Celeux &
//! Govaert 1995; Browne & McNicholas 2014 for EVE and VVE; mclust's `mclust.f`/`mclust2.f`).
//!
//! Closed forms: EII λ = tr W/(nd); VII λₖ = tr Wₖ/(Nₖd); EEI diag W/n; VVI diag Wₖ/Nₖ; EVI
//! λ = Σₖ|diag Wₖ|^{1/d}/n, Aₖ = diag Wₖ/|diag Wₖ|^{1/d}; EEE W/n; VVV Wₖ/Nₖ; EVV λ = Σₖ|Wₖ|^{1/d}/n,
//! Cₖ = Wₖ/|Wₖ|^{1/d}; EEV (Wₖ = LₖΩₖLₖᵀ, eigenvalues largest first) A = ΣΩₖ/|ΣΩₖ|^{1/d},
//! λ = |ΣΩₖ|^{1/d}/n, Σₖ = λLₖALₖᵀ.
//!
//! Iterative (block-coordinate as mclust, each from mclust's start, until the relative change
//! of the iterate is at most [`INNER_TOL`] or after [`INNER_MAX`] rounds): VEI (λₖ = tr(WₖA⁻¹)/(dNₖ)
//! ⇄ A ∝ diag Σₖ Wₖ/λₖ), VEE (the same with a full C), VEV (the same on the eigenvalues Ωₖ of
//! each Wₖ, orientations Lₖ), and EVE/VVE: mclust's MM algorithm (Browne & McNicholas' MM 1 and
//! MM 2 for the common orientation D, then the shapes Aₖ from diag(DᵀWₖD), with mclust's own
//! target and stopping rule; it starts from D = I, A = I).
//!
//! The result is `k` full `d × d` matrices without regularisation. [`estimates`] (the fits' M-step)
//! regularises the scatter instead: each Wₖ + reg_covar·Nₖ·I goes through the model's formulas. For
//! the models whose Σ is linear in W (EII, VII, EEI, VVI, EEE, VVV) that is exactly scikit-learn's
//! Σ + reg_covar·I; for the others it keeps every volume and determinant the formulas divide by
//! positive, so a component of fewer than d + 1 points does not collapse when `reg_covar > 0` (as
//! the collapse message advises). With `reg_covar = 0` the fit is mclust's.
//! A degenerate model (a zero volume, a singular scatter where one is divided by) gives
//! non-finite or singular matrices, which [`crate::Mixture::new`] turns into the usual
//! [`crate::Error::Collapse`] naming the component.

use crate::covariance::Estimates;
use crate::fastmath::{exp, ln};
use crate::rules::ModelName;
use crate::small_matrix::{compose, identity, mul, orthogonal_factor, sym_eigen, transpose};

/// The relative change (mclust's `|new − old| / (1 + |new|)`) under which an iterative M-step
/// has converged.
pub const INNER_TOL: f64 = 1e-14;

/// The most rounds of an iterative M-step.
pub const INNER_MAX: usize = 10_000;

/// The covariances of `model` from the counts `counts` (k) and the symmetric scatter matrices
/// `scatter` (k × d × d, row-major; the diagonal models read only the diagonals).
pub fn covariances(model: ModelName, counts: &[f64], scatter: &[f64], d: usize) -> Vec<f64> {
    let k = counts.len();
    let n: f64 = counts.iter().sum();
    let w = |j: usize| &scatter[j * d * d..(j + 1) * d * d];
    let diag = |j: usize| (0..d).map(|a| w(j)[a * d + a]).collect::<Vec<f64>>();
    let trace = |j: usize| diag(j).iter().sum::<f64>();
    let sum_w = || {
        let mut t = vec![0.0; d * d];
        for j in 0..k {
            for (t, x) in t.iter_mut().zip(w(j)) {
                *t += x;
            }
        }
        t
    };
    let per = |f: &dyn Fn(usize) -> Vec<f64>| (0..k).flat_map(f).collect::<Vec<f64>>();
    let diagonal = |v: &[f64]| compose(&identity(d), v, d);
    match model {
        ModelName::Eii => {
            let lambda = (0..k).map(trace).sum::<f64>() / (n * d as f64);
            per(&|_| diagonal(&vec![lambda; d]))
        }
        ModelName::Vii => per(&|j| diagonal(&vec![trace(j) / (counts[j] * d as f64); d])),
        ModelName::Eei => {
            let s: Vec<f64> = (0..d)
                .map(|a| (0..k).map(|j| diag(j)[a]).sum::<f64>() / n)
                .collect();
            per(&|_| diagonal(&s))
        }
        ModelName::Vvi => {
            per(&|j| diagonal(&diag(j).iter().map(|x| x / counts[j]).collect::<Vec<_>>()))
        }
        ModelName::Evi => {
            let lambda = (0..k).map(|j| geometric_mean(&diag(j))).sum::<f64>() / n;
            per(&|j| {
                let dj = diag(j);
                let g = geometric_mean(&dj);
                diagonal(&dj.iter().map(|x| lambda * x / g).collect::<Vec<_>>())
            })
        }
        ModelName::Vei => {
            let diags: Vec<Vec<f64>> = (0..k).map(diag).collect();
            let (scale, shape) = flip_flop(&diags, counts, vec![1.0; d]);
            per(&|j| diagonal(&shape.iter().map(|a| scale[j] * a).collect::<Vec<_>>()))
        }
        ModelName::Eee => {
            let s: Vec<f64> = sum_w().iter().map(|x| x / n).collect();
            per(&|_| s.clone())
        }
        ModelName::Vvv => per(&|j| w(j).iter().map(|x| x / counts[j]).collect()),
        ModelName::Evv => {
            let dets: Vec<f64> = (0..k)
                .map(|j| geometric_mean(&sym_eigen(w(j), d).0))
                .collect();
            let lambda = dets.iter().sum::<f64>() / n;
            per(&|j| w(j).iter().map(|x| lambda * x / dets[j]).collect())
        }
        ModelName::Eev | ModelName::Vev => {
            let eig: Vec<(Vec<f64>, Vec<f64>)> = (0..k).map(|j| sym_eigen(w(j), d)).collect();
            let omegas: Vec<Vec<f64>> = eig.iter().map(|e| e.0.clone()).collect();
            let total: Vec<f64> = (0..d).map(|a| omegas.iter().map(|o| o[a]).sum()).collect();
            let g = geometric_mean(&total);
            let shape: Vec<f64> = total.iter().map(|x| x / g).collect();
            let (scale, shape) = if model == ModelName::Eev {
                (vec![g / n; k], shape)
            } else {
                flip_flop(&omegas, counts, shape)
            };
            per(&|j| {
                compose(
                    &eig[j].1,
                    &shape.iter().map(|a| scale[j] * a).collect::<Vec<_>>(),
                    d,
                )
            })
        }
        ModelName::Vee => vee(
            &(0..k).map(|j| w(j).to_vec()).collect::<Vec<_>>(),
            counts,
            d,
        ),
        ModelName::Eve | ModelName::Vve => {
            let ws: Vec<Vec<f64>> = (0..k).map(|j| w(j).to_vec()).collect();
            common_orientation(&ws, counts, d, model == ModelName::Vve)
        }
    }
}

/// The M-step's estimates of `model` from the guarded counts, the new means and the scatter
/// about them as a pass leaves it (`k` matrices, upper triangle, or only the diagonal for a
/// diagonal pass), regularised (each Wₖ + `reg_covar`·Nₖ·I, see the [module documentation](self)):
/// [`covariances`] in the shape of [`crate::covariance`]'s estimates.
pub(crate) fn estimates(
    model: ModelName,
    counts: Vec<f64>,
    means: Vec<f64>,
    scatter: &[f64],
    d: usize,
    reg_covar: f64,
) -> Estimates {
    let mut full = scatter.to_vec();
    for (m, nk) in full.chunks_exact_mut(d * d).zip(&counts) {
        for a in 0..d {
            for b in 0..a {
                m[a * d + b] = m[b * d + a];
            }
            m[a * d + a] += reg_covar * nk;
        }
    }
    let covariances = covariances(model, &counts, &full, d);
    let total: f64 = counts.iter().sum();
    Estimates {
        weights: counts.iter().map(|v| v / total).collect(),
        counts,
        means,
        covariances,
    }
}

/// (Σ ln xᵢ / d) exponentiated: |diag(x)|^{1/d}.
fn geometric_mean(x: &[f64]) -> f64 {
    exp(x.iter().map(|&v| ln(v)).sum::<f64>() / x.len() as f64)
}

/// Whether an iterative M-step has converged with this relative change (or can go no further:
/// NaN, from a degenerate scatter, which the caller's check of the covariances reports).
fn settled(change: f64) -> bool {
    change <= INNER_TOL || change.is_nan()
}

/// mclust's relative change `|new − old| / (1 + |new|)`, the largest over the entries.
fn change(old: &[f64], new: &[f64]) -> f64 {
    old.iter()
        .zip(new)
        .map(|(o, n)| (o - n).abs() / (1.0 + n.abs()))
        .fold(0.0, f64::max)
}

/// VEI's and VEV's rounds on diagonal scatters `w[k]` (d values each): λₖ = Σⱼ wₖⱼ/aⱼ/(dNₖ), then
/// aⱼ = Σₖ wₖⱼ/λₖ normalised to |A| = 1, from the shape `shape`. The volumes and the shape.
fn flip_flop(w: &[Vec<f64>], counts: &[f64], mut shape: Vec<f64>) -> (Vec<f64>, Vec<f64>) {
    let d = shape.len();
    let mut scale = vec![0.0; w.len()];
    for _ in 0..INNER_MAX {
        let new_scale: Vec<f64> = w
            .iter()
            .zip(counts)
            .map(|(wk, nk)| {
                wk.iter().zip(&shape).map(|(x, a)| x / a).sum::<f64>() / (nk * d as f64)
            })
            .collect();
        let raw: Vec<f64> = (0..d)
            .map(|a| w.iter().zip(&new_scale).map(|(wk, l)| wk[a] / l).sum())
            .collect();
        let g = geometric_mean(&raw);
        let new_shape: Vec<f64> = raw.iter().map(|x| x / g).collect();
        let err = change(&scale, &new_scale).max(change(&shape, &new_shape));
        (scale, shape) = (new_scale, new_shape);
        if settled(err) {
            break;
        }
    }
    (scale, shape)
}

/// VEE: C = Σₖ Wₖ/λₖ normalised to |C| = 1 ⇄ λₖ = tr(WₖC⁻¹)/(dNₖ), from λₖ = 1, until mclust's
/// target nd + dΣₖNₖ ln λₖ settles.
fn vee(w: &[Vec<f64>], counts: &[f64], d: usize) -> Vec<f64> {
    let k = w.len();
    let mut scale = vec![1.0; k];
    let mut c = identity(d);
    let mut target = f64::MAX;
    for _ in 0..INNER_MAX {
        let mut sum = vec![0.0; d * d];
        for (wk, l) in w.iter().zip(&scale) {
            for (s, x) in sum.iter_mut().zip(wk) {
                *s += x / l;
            }
        }
        let (values, vectors) = sym_eigen(&sum, d);
        let g = geometric_mean(&values);
        let shape: Vec<f64> = values.iter().map(|v| v / g).collect();
        c = compose(&vectors, &shape, d);
        let c_inv = compose(
            &vectors,
            &shape.iter().map(|a| 1.0 / a).collect::<Vec<_>>(),
            d,
        );
        let previous = std::mem::take(&mut scale);
        scale = w
            .iter()
            .zip(counts)
            .map(|(wk, nk)| {
                let tr: f64 = (0..d * d).map(|i| wk[i] * c_inv[i]).sum();
                tr / (d as f64 * nk)
            })
            .collect();
        let n: f64 = counts.iter().sum();
        let new_target = n * d as f64
            + d as f64
                * scale
                    .iter()
                    .zip(counts)
                    .map(|(l, nk)| ln(*l) * nk)
                    .sum::<f64>();
        let err = (new_target - target).abs() / (1.0 + new_target.abs());
        let moved = change(&previous, &scale);
        target = new_target;
        if settled(err) && settled(moved) {
            break;
        }
    }
    scale
        .iter()
        .flat_map(|l| c.iter().map(move |x| l * x))
        .collect()
}

/// EVE (`variable_volume` false) and VVE: mclust's `mseve`/`msvve` — MM 1 then MM 2 for the
/// common orientation D, then each shape from diag(DᵀWₖD), until the target Σₖ tr(Aₖ⁻¹DᵀWₖD)
/// settles; EVE's volume is that target over nd, VVE's each |diag(DᵀWₖD)/Nₖ|^{1/d}.
fn common_orientation(w: &[Vec<f64>], counts: &[f64], d: usize, variable_volume: bool) -> Vec<f64> {
    let k = w.len();
    let n: f64 = counts.iter().sum();
    // ωₖ: the largest eigenvalue of each Wₖ.
    let omega: Vec<f64> = w.iter().map(|wk| sym_eigen(wk, d).0[0]).collect();
    let mut dt = identity(d); // Dᵀ
    let mut shape = vec![vec![1.0; d]; k];
    let mut scale = vec![1.0; k];
    let mut target = f64::MAX;
    for _ in 0..INNER_MAX {
        // MM 1: F = Σₖ (Aₖ⁻¹DᵀWₖ − ωₖAₖ⁻¹Dᵀ), Dᵀ ← the orthogonal factor of F's SVD.
        let mut f = vec![0.0; d * d];
        for j in 0..k {
            let a_inv_dt: Vec<f64> = (0..d * d).map(|i| dt[i] / shape[j][i / d]).collect();
            let prod = mul(&a_inv_dt, &w[j], d);
            for i in 0..d * d {
                f[i] += prod[i] - omega[j] * a_inv_dt[i];
            }
        }
        let new_dt = orthogonal_factor(&f, d);
        // MM 2: F = Σₖ (WₖDAₖ⁻¹ − maxⱼ(1/aₖⱼ) WₖD), D ← the orthogonal factor of F's SVD.
        let dm = transpose(&new_dt, d);
        let mut f = vec![0.0; d * d];
        for j in 0..k {
            let wd = mul(&w[j], &dm, d);
            let most = shape[j]
                .iter()
                .map(|a| 1.0 / a)
                .fold(f64::NEG_INFINITY, f64::max);
            for i in 0..d * d {
                f[i] += wd[i] / shape[j][i % d] - most * wd[i];
            }
        }
        let new_d = orthogonal_factor(&f, d);
        dt = transpose(&new_d, d);
        // Shapes from diag(DᵀWₖD), and the target.
        let mut new_target = 0.0;
        for j in 0..k {
            let dtw = mul(&dt, &w[j], d);
            let raw: Vec<f64> = (0..d)
                .map(|a| (0..d).map(|b| dtw[a * d + b] * dt[a * d + b]).sum())
                .collect();
            let raw: Vec<f64> = if variable_volume {
                raw.iter().map(|x| x / counts[j]).collect()
            } else {
                raw
            };
            let g = geometric_mean(&raw);
            scale[j] = g;
            shape[j] = raw.iter().map(|x| x / g).collect();
            new_target += (0..d)
                .map(|a| {
                    (0..d)
                        .map(|b| dtw[a * d + b] * dt[a * d + b] / shape[j][a])
                        .sum::<f64>()
                })
                .sum::<f64>();
        }
        let err = (new_target - target).abs() / (1.0 + new_target.abs());
        target = new_target;
        if settled(err) {
            break;
        }
    }
    let d_cols = transpose(&dt, d);
    (0..k)
        .flat_map(|j| {
            let lambda = if variable_volume {
                scale[j]
            } else {
                target / (n * d as f64)
            };
            compose(
                &d_cols,
                &shape[j].iter().map(|a| lambda * a).collect::<Vec<_>>(),
                d,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two components' scatter in 2-D, counts 3 and 5.
    fn sums() -> (Vec<f64>, Vec<f64>) {
        (
            vec![3.0, 5.0],
            vec![6.0, 1.5, 1.5, 3.0, 4.0, -2.0, -2.0, 9.0],
        )
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
    }

    /// The unconstrained and pooled models are the scatter over the counts.
    #[test]
    fn closed_forms_by_hand() {
        let (n, w) = sums();
        let vvv = covariances(ModelName::Vvv, &n, &w, 2);
        assert!(close(
            &vvv,
            &[2.0, 0.5, 0.5, 1.0, 0.8, -0.4, -0.4, 1.8],
            1e-15
        ));
        let eee = covariances(ModelName::Eee, &n, &w, 2);
        assert!(close(
            &eee,
            &[1.25, -0.0625, -0.0625, 1.5, 1.25, -0.0625, -0.0625, 1.5],
            1e-15
        ));
        // EII: tr W / (n d) = 22 / 16.
        let eii = covariances(ModelName::Eii, &n, &w, 2);
        assert!(close(
            &eii,
            &[1.375, 0.0, 0.0, 1.375, 1.375, 0.0, 0.0, 1.375],
            1e-15
        ));
        let vii = covariances(ModelName::Vii, &n, &w, 2);
        assert!(close(
            &vii,
            &[1.5, 0.0, 0.0, 1.5, 1.3, 0.0, 0.0, 1.3],
            1e-15
        ));
    }

    /// Each model's covariances keep its constraint: equal volumes |Σₖ| for E?? models, and the
    /// iterative M-steps end at their fixed points.
    #[test]
    fn constraints_hold() {
        let (n, w) = sums();
        let det = |c: &[f64]| c[0] * c[3] - c[1] * c[2];
        for m in ModelName::ALL {
            let c = covariances(m, &n, &w, 2);
            assert!(c.iter().all(|x| x.is_finite()), "{m}");
            assert!(det(&c[..4]) > 0.0 && det(&c[4..]) > 0.0, "{m}");
            if m.volume() == crate::rules::Variation::Equal {
                assert!((det(&c[..4]) - det(&c[4..])).abs() < 1e-12, "{m}");
            }
            if m.orientation() == crate::rules::Variation::Identity {
                assert!(c[1] == 0.0 && c[5] == 0.0, "{m}");
            }
        }
    }

    /// A component whose points coincide (a zero scatter) gets today's clear error from the
    /// mixture's check under every model whose volume is free per component (naming it, or —
    /// where the models share a shape or orientation the collapse spreads to — the first).
    #[test]
    fn a_collapsed_component_is_the_usual_error() {
        let (n, mut w) = sums();
        w[4..].fill(0.0);
        for m in ModelName::ALL
            .into_iter()
            .filter(|m| m.volume() == crate::rules::Variation::Variable)
        {
            let c = covariances(m, &n, &w, 2);
            let e = crate::Mixture::new(m.pass_type(), n.clone(), vec![0.0; 4], c).unwrap_err();
            assert!(matches!(e, crate::Error::Collapse { .. }), "{m}: {e}");
        }
    }

    /// What the collapse message advises works under every model: with `reg_covar > 0` the same
    /// sums (one component's scatter zero) give a valid mixture, and the regularised scatter is
    /// scikit-learn's Σ + reg·I for the models linear in W.
    #[test]
    fn reg_covar_prevents_the_collapse_under_every_model() {
        let (n, mut w) = sums();
        w[4..].fill(0.0);
        let reg = 1e-3;
        for m in ModelName::ALL {
            let est = estimates(m, n.clone(), vec![0.0; 4], &w, 2, reg);
            let mixture =
                crate::Mixture::new(m.pass_type(), est.weights, est.means, est.covariances);
            assert!(mixture.is_ok(), "{m}: {:?}", mixture.err());
        }
        let plain = covariances(ModelName::Vvv, &n, &w, 2);
        let est = estimates(ModelName::Vvv, n.clone(), vec![0.0; 4], &w, 2, reg);
        for (j, (a, b)) in est.covariances.iter().zip(&plain).enumerate() {
            let diag = [0, 3].contains(&(j % 4));
            assert!(
                (a - (b + if diag { reg } else { 0.0 })).abs() < 1e-15,
                "{j}"
            );
        }
    }
}
