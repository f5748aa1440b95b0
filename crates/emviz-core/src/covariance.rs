//! The closed-form M-step of every covariance type: scikit-learn's estimates from
//! responsibilities ([`estimate_parameters`]), and from the sums of a pass
//! ([`crate::Stats`], through the same last step). Also reading a type's name
//! ([`CovarianceType`]'s `FromStr`; the names themselves are [`crate::rules`](mod@crate::rules)).

use std::str::FromStr;

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::params::RegCovar;
use crate::rules::CovarianceType;

/// A name or alias of [`crate::rules`](mod@crate::rules), ignoring case and surrounding spaces.
impl FromStr for CovarianceType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        CovarianceType::from_name(s).ok_or_else(|| {
            Invalid::UnknownCovarianceType {
                given: s.trim().to_ascii_lowercase(),
            }
            .into()
        })
    }
}

/// The parameters the M-step estimates from responsibilities (scikit-learn's
/// `_estimate_gaussian_parameters`), before they make a [`crate::Mixture`].
#[derive(Clone, Debug, PartialEq)]
pub struct Estimates {
    /// `Nⱼ = Σₙ rₙⱼ + 10ε` per component: scikit-learn's guarded counts (its `nk`; its start's
    /// weights are `nk / n`).
    pub counts: Vec<f64>,
    /// `Nⱼ / Σₖ Nₖ`.
    pub weights: Vec<f64>,
    /// `k × d` row-major.
    pub means: Vec<f64>,
    /// Full `d × d` matrices, `k` of them, whatever the type (a diagonal type's are diagonal, a
    /// spherical type's a multiple of the identity, tied ones all equal), with `reg_covar` added
    /// to the variances.
    pub covariances: Vec<f64>,
}

/// The M-step from responsibilities `resp` (n × k, row-major; each row the probabilities of the
/// point's components, taken as given), exactly as scikit-learn's
/// `_estimate_gaussian_parameters` up to the order of additions: counts with the `10·eps` guard,
/// means, and covariances of `cov_type` with `reg_covar` added to each variance — `full` as the
/// scatter about the means (two passes, as scikit-learn), the other types with scikit-learn's
/// one-pass formulas (see `estimate_one_pass`), so that a start from K seed points (every other
/// row zero) is scikit-learn's too. This is how the Python estimator makes its start from a
/// partition (k-means labels, k-means++ seeds, random responsibilities); the core's own starts
/// and M-steps take the scatter about the means for every type.
pub fn estimate_parameters(
    data: &Dataset,
    resp: &[f64],
    k: usize,
    cov_type: CovarianceType,
    reg_covar: RegCovar,
) -> Result<Estimates> {
    estimate_parameters_weighted(data, resp, None, k, cov_type, reg_covar)
}

/// [`estimate_parameters`] with sample weights (one per point, checked: [`crate::weights`]):
/// `resp` then holds wₙrₙⱼ, and `tied`'s Σₙ xₙxₙᵀ becomes Σₙ wₙxₙxₙᵀ, so the start of data
/// with integer weights is that of the rows repeated. `None` is exactly
/// [`estimate_parameters`].
pub fn estimate_parameters_weighted(
    data: &Dataset,
    resp: &[f64],
    weights: Option<&[f64]>,
    k: usize,
    cov_type: CovarianceType,
    reg_covar: RegCovar,
) -> Result<Estimates> {
    if let Some(w) = weights.filter(|w| w.len() != data.n()) {
        return Err(Invalid::SampleWeightsLength {
            given: w.len(),
            n: data.n(),
        }
        .into());
    }
    if k == 0 {
        return Err(Invalid::KZero.into());
    }
    if resp.len() != data.n() * k {
        return Err(Invalid::Responsibilities {
            given: resp.len(),
            n: data.n(),
            k,
        }
        .into());
    }
    Ok(match cov_type {
        CovarianceType::Full => estimate(data, resp, k, cov_type, reg_covar.get()),
        _ => estimate_one_pass(data, resp, weights, k, cov_type, reg_covar.get()),
    })
}

/// The M-step: weights, means and covariances from responsibilities `resp` (n × k, row-major),
/// exactly as scikit-learn's `_estimate_gaussian_parameters` (including its `10·eps` guard on
/// empty components), with `reg_covar` added to each variance.
pub(crate) fn estimate(
    data: &Dataset,
    resp: &[f64],
    k: usize,
    cov_type: CovarianceType,
    reg_covar: f64,
) -> Estimates {
    let d = data.d();
    let full = matches!(cov_type, CovarianceType::Full | CovarianceType::Tied);
    let (nk, means, scatter) = match d {
        1 => moments::<1>(data, resp, k, full),
        2 => moments::<2>(data, resp, k, full),
        3 => moments::<3>(data, resp, k, full),
        _ => moments::<0>(data, resp, k, full),
    };
    finish(nk, means, &scatter, d, cov_type, reg_covar)
}

/// scikit-learn's M-step for the types it computes in one pass, with its formulas: `diag`
/// `Σₙ rₙⱼ xₙ² / Nⱼ − μⱼ² + reg` (and `spherical` the mean of those over the columns), `tied`
/// `(Σₙ xₙxₙᵀ − Σⱼ Nⱼ μⱼμⱼᵀ) / Σⱼ Nⱼ + reg` over every point, whatever its responsibilities.
/// They differ from the scatter about the means (what [`estimate`] takes) where it matters for
/// a start: by `10·eps·μ²` from the guard on `Nⱼ` (a component of one seed point has a variance
/// of `reg_covar` plus that), and, for `tied`, by the rows whose responsibilities do not sum to 1
/// (a start from K seed points, every other row zero).
fn estimate_one_pass(
    data: &Dataset,
    resp: &[f64],
    weights: Option<&[f64]>,
    k: usize,
    cov_type: CovarianceType,
    reg_covar: f64,
) -> Estimates {
    let d = data.d();
    let tied = cov_type == CovarianceType::Tied;
    let mut sums = vec![0.0; k];
    let mut first = vec![0.0; k * d];
    // tied: Σₙ xₙxₙᵀ over every point; diag, spherical: Σₙ rₙⱼ xₙ² per component and column.
    let mut second = vec![0.0; if tied { d * d } else { k * d }];
    for (n, (x, r)) in data
        .values()
        .chunks_exact(d)
        .zip(resp.chunks_exact(k))
        .enumerate()
    {
        for (j, &rj) in r.iter().enumerate() {
            sums[j] += rj;
            for i in 0..d {
                first[j * d + i] += rj * x[i];
                if !tied {
                    second[j * d + i] += rj * (x[i] * x[i]);
                }
            }
        }
        if tied {
            for a in 0..d {
                for b in 0..d {
                    let xx = x[a] * x[b];
                    second[a * d + b] += weights.map_or(xx, |w| w[n] * xx);
                }
            }
        }
    }
    let nk: Vec<f64> = sums.iter().map(|s| s + 10.0 * f64::EPSILON).collect();
    let means: Vec<f64> = (0..k * d).map(|i| first[i] / nk[i / d]).collect();
    let mut covariances = vec![0.0; k * d * d];
    let total: f64 = nk.iter().sum();
    match cov_type {
        CovarianceType::Tied => {
            let mut c = vec![0.0; d * d];
            for a in 0..d {
                for b in 0..d {
                    let pooled: f64 = (0..k)
                        .map(|j| nk[j] * means[j * d + a] * means[j * d + b])
                        .sum();
                    c[a * d + b] = (second[a * d + b] - pooled) / total;
                }
                c[a * d + a] += reg_covar;
            }
            // The two triangles' pooled sums round differently, and where the scatter cancels
            // (uncorrelated columns) that difference is the whole value: the lower triangle is
            // made the upper one's mirror (the Cholesky factor reads the upper one).
            for a in 0..d {
                for b in 0..a {
                    c[a * d + b] = c[b * d + a];
                }
            }
            for j in 0..k {
                covariances[j * d * d..(j + 1) * d * d].copy_from_slice(&c);
            }
        }
        CovarianceType::Diag | CovarianceType::Spherical => {
            for j in 0..k {
                let var = |a: usize| {
                    second[j * d + a] / nk[j] - means[j * d + a] * means[j * d + a] + reg_covar
                };
                let spherical = (0..d).map(var).sum::<f64>() / d as f64;
                for a in 0..d {
                    covariances[j * d * d + a * d + a] = if cov_type == CovarianceType::Diag {
                        var(a)
                    } else {
                        spherical
                    };
                }
            }
        }
        CovarianceType::Full => unreachable!("full covariances are taken about the means"),
    }
    Estimates {
        weights: nk.iter().map(|v| v / total).collect(),
        counts: nk,
        means,
        covariances,
    }
}

/// The parameters from the weighted counts (with the `10·eps` guard), the means and the scatter
/// matrices about those means (upper triangle or diagonal, as [`moments`] leaves them).
pub(crate) fn finish(
    nk: Vec<f64>,
    means: Vec<f64>,
    scatter: &[f64],
    d: usize,
    cov_type: CovarianceType,
    reg_covar: f64,
) -> Estimates {
    let k = nk.len();
    let mut covariances = vec![0.0; k * d * d];
    match cov_type {
        CovarianceType::Full => {
            for j in 0..k {
                let s = &scatter[j * d * d..(j + 1) * d * d];
                let c = &mut covariances[j * d * d..(j + 1) * d * d];
                fill_symmetric(c, s, d, nk[j]);
            }
        }
        CovarianceType::Tied => {
            let mut total = vec![0.0; d * d];
            for j in 0..k {
                for (t, s) in total.iter_mut().zip(&scatter[j * d * d..(j + 1) * d * d]) {
                    *t += s;
                }
            }
            let mut c = vec![0.0; d * d];
            fill_symmetric(&mut c, &total, d, nk.iter().sum());
            for j in 0..k {
                covariances[j * d * d..(j + 1) * d * d].copy_from_slice(&c);
            }
        }
        CovarianceType::Diag => {
            for j in 0..k {
                for a in 0..d {
                    covariances[j * d * d + a * d + a] = scatter[j * d * d + a * d + a] / nk[j];
                }
            }
        }
        CovarianceType::Spherical => {
            for j in 0..k {
                let var = (0..d)
                    .map(|a| scatter[j * d * d + a * d + a] / nk[j])
                    .sum::<f64>()
                    / d as f64;
                for a in 0..d {
                    covariances[j * d * d + a * d + a] = var;
                }
            }
        }
    }
    for j in 0..k {
        for a in 0..d {
            covariances[j * d * d + a * d + a] += reg_covar;
        }
    }
    let total: f64 = nk.iter().sum();
    let weights = nk.iter().map(|v| v / total).collect();
    Estimates {
        counts: nk,
        weights,
        means,
        covariances,
    }
}

/// Responsibility-weighted counts `nₖ` (with scikit-learn's `10·eps` guard), means, and centred
/// scatter matrices (upper triangle when `full`, else the diagonal). `D` is the dimension when
/// known at compile time (so the inner loops unroll) or 0 to read it from the data.
fn moments<const D: usize>(
    data: &Dataset,
    resp: &[f64],
    k: usize,
    full: bool,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let d = if D == 0 { data.d() } else { D };
    let mut nk = vec![10.0 * f64::EPSILON; k];
    let mut means = vec![0.0; k * d];
    for (x, r) in data.values().chunks_exact(d).zip(resp.chunks_exact(k)) {
        for (j, &rj) in r.iter().enumerate() {
            nk[j] += rj;
            let m = &mut means[j * d..(j + 1) * d];
            for i in 0..d {
                m[i] += rj * x[i];
            }
        }
    }
    for (m, n) in means.chunks_exact_mut(d).zip(&nk) {
        for v in m {
            *v /= n;
        }
    }
    let mut scatter = vec![0.0; k * d * d];
    let mut diff = [0.0; 16];
    let mut diff_dyn = vec![0.0; if D == 0 { d } else { 0 }];
    for (x, r) in data.values().chunks_exact(d).zip(resp.chunks_exact(k)) {
        for (j, &rj) in r.iter().enumerate() {
            if rj == 0.0 {
                continue;
            }
            let m = &means[j * d..(j + 1) * d];
            let diff: &mut [f64] = if D == 0 {
                &mut diff_dyn
            } else {
                &mut diff[..d]
            };
            for i in 0..d {
                diff[i] = x[i] - m[i];
            }
            let s = &mut scatter[j * d * d..(j + 1) * d * d];
            if full {
                for a in 0..d {
                    let ra = rj * diff[a];
                    for b in a..d {
                        s[a * d + b] += ra * diff[b];
                    }
                }
            } else {
                for a in 0..d {
                    s[a * d + a] += rj * diff[a] * diff[a];
                }
            }
        }
    }
    (nk, means, scatter)
}

/// Writes the symmetric matrix whose upper triangle is `upper / denom` into `out`.
fn fill_symmetric(out: &mut [f64], upper: &[f64], d: usize, denom: f64) {
    for a in 0..d {
        for b in a..d {
            let v = upper[a * d + b] / denom;
            out[a * d + b] = v;
            out[b * d + a] = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two groups of two points, one-hot responsibilities: the M-step's numbers written out by
    /// hand for every covariance type (counts carry scikit-learn's 10ε).
    #[test]
    fn the_m_step_from_responsibilities_by_hand() {
        let data =
            Dataset::from_rows(&[[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 14.0]]).unwrap();
        let resp = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0];
        let reg = RegCovar::new(0.25).unwrap();
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
        };
        let eps10 = 10.0 * f64::EPSILON;
        let by_type = [
            (
                CovarianceType::Full,
                [1.25, 0.0, 0.0, 0.25, 0.25, 0.0, 0.0, 4.25],
            ),
            (
                CovarianceType::Diag,
                [1.25, 0.0, 0.0, 0.25, 0.25, 0.0, 0.0, 4.25],
            ),
            (
                CovarianceType::Spherical,
                [0.75, 0.0, 0.0, 0.75, 2.25, 0.0, 0.0, 2.25],
            ),
            // Pooled: the scatter of both groups, (2, 0; 0, 8), over all 4 points.
            (
                CovarianceType::Tied,
                [0.75, 0.0, 0.0, 2.25, 0.75, 0.0, 0.0, 2.25],
            ),
        ];
        for (t, covariances) in by_type {
            let e = estimate_parameters(&data, &resp, 2, t, reg).unwrap();
            assert_eq!(e.counts, vec![2.0 + eps10; 2], "{t}");
            assert!(close(&e.weights, &[0.5, 0.5]), "{t}");
            assert!(
                close(&e.means, &[1.0, 0.0, 10.0, 12.0]),
                "{t}: {:?}",
                e.means
            );
            assert!(
                close(&e.covariances, &covariances),
                "{t}: {:?}",
                e.covariances
            );
        }
        assert!(matches!(
            estimate_parameters(&data, &resp[1..], 2, CovarianceType::Full, reg),
            Err(Error::InvalidParameter(Invalid::Responsibilities {
                given: 7,
                n: 4,
                k: 2
            }))
        ));
        assert!(estimate_parameters(&data, &[], 0, CovarianceType::Full, reg).is_err());
    }

    /// Responsibilities of two seed points only (the other rows zero, as a start from K points):
    /// the tied covariance is scikit-learn's `(Σₙ xₙxₙᵀ − Σⱼ Nⱼ μⱼμⱼᵀ) / Σⱼ Nⱼ` over every point.
    #[test]
    fn a_tied_start_from_seed_points_is_scikit_learns() {
        let data =
            Dataset::from_rows(&[[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 14.0]]).unwrap();
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
        };
        let resp = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let e = estimate_parameters(&data, &resp, 2, CovarianceType::Tied, RegCovar::ZERO).unwrap();
        // Σ xxᵀ = (204, 240; 240, 296), Σ Nⱼ μⱼμⱼᵀ = (100, 100; 100, 100), Σ Nⱼ = 2.
        let tied = [52.0, 70.0, 70.0, 98.0];
        assert!(close(&e.covariances[..4], &tied), "{:?}", e.covariances);
        assert!(close(&e.covariances[4..], &tied), "{:?}", e.covariances);
        // Rows that sum to 1 add nothing: the by-hand partition above keeps its pooled scatter.
        let full = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0];
        let pooled = estimate_parameters(&data, &full, 2, CovarianceType::Tied, RegCovar::ZERO);
        assert!(close(
            &pooled.unwrap().covariances[..4],
            &[0.5, 0.0, 0.0, 2.0]
        ));
    }

    #[test]
    fn names_round_trip() {
        for t in CovarianceType::ALL {
            assert_eq!(t.as_str().parse::<CovarianceType>().unwrap(), t);
        }
        assert!("round".parse::<CovarianceType>().is_err());
    }
}
