//! Covariance types (scikit-learn's meanings) and the closed-form M-step for each.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};

/// How the components' covariance matrices are constrained, as in scikit-learn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CovarianceType {
    /// Each component has its own general covariance matrix.
    #[default]
    Full,
    /// Each component has its own diagonal covariance matrix.
    Diag,
    /// Each component has its own single variance (a multiple of the identity).
    Spherical,
    /// All components share one general covariance matrix.
    Tied,
}

impl CovarianceType {
    /// All four types, in scikit-learn's order.
    pub const ALL: [CovarianceType; 4] = [Self::Full, Self::Tied, Self::Diag, Self::Spherical];

    /// The lowercase name (`"full"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Diag => "diag",
            Self::Spherical => "spherical",
            Self::Tied => "tied",
        }
    }

    /// Number of free covariance parameters for `k` components in `d` dimensions.
    pub fn n_covariance_parameters(self, k: usize, d: usize) -> usize {
        match self {
            Self::Full => k * d * (d + 1) / 2,
            Self::Diag => k * d,
            Self::Spherical => k,
            Self::Tied => d * (d + 1) / 2,
        }
    }

    /// Number of free parameters of the whole mixture (scikit-learn's `_n_parameters`):
    /// covariances + means + (k − 1) weights.
    pub fn n_parameters(self, k: usize, d: usize) -> usize {
        self.n_covariance_parameters(k, d) + k * d + k - 1
    }
}

impl fmt::Display for CovarianceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CovarianceType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Self::Full),
            "diag" | "diagonal" => Ok(Self::Diag),
            "spherical" => Ok(Self::Spherical),
            "tied" => Ok(Self::Tied),
            other => Err(Invalid::UnknownCovarianceType {
                given: other.to_string(),
            }
            .into()),
        }
    }
}

/// Responsibility-weighted parameter estimates (the M-step), before validation.
pub(crate) struct Estimates {
    pub weights: Vec<f64>,
    pub means: Vec<f64>,
    /// Full `d × d` matrices, `k` of them, whatever the type.
    pub covariances: Vec<f64>,
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

    #[test]
    fn parameter_counts_match_scikit_learn() {
        // sklearn: full k=3,d=2 → 3*3 + 6 + 2 = 17
        assert_eq!(CovarianceType::Full.n_parameters(3, 2), 17);
        assert_eq!(CovarianceType::Diag.n_parameters(3, 2), 6 + 6 + 2);
        assert_eq!(CovarianceType::Spherical.n_parameters(3, 2), 3 + 6 + 2);
        assert_eq!(CovarianceType::Tied.n_parameters(3, 2), 3 + 6 + 2);
        assert_eq!(CovarianceType::Full.n_parameters(1, 1), 2);
    }

    #[test]
    fn names_round_trip() {
        for t in CovarianceType::ALL {
            assert_eq!(t.as_str().parse::<CovarianceType>().unwrap(), t);
        }
        assert!("round".parse::<CovarianceType>().is_err());
    }
}
