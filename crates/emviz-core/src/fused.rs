//! The lean EM iteration used by fitting: one pass over the data per iteration.
//!
//! For each point, the E-step (responsibilities under θₜ and ln p(x; θₜ)) and the sums the
//! M-step needs are computed together, so no n × k matrix is stored and the data is read once.
//! The sums are taken about the current means cⱼ — `nⱼ = Σ rₙⱼ`, `sⱼ = Σ rₙⱼ (xₙ − cⱼ)` and
//! `Sⱼ = Σ rₙⱼ (xₙ − cⱼ)(xₙ − cⱼ)ᵀ` — which keeps them well-conditioned, and then turned into
//! exactly scikit-learn's estimates: `μⱼ = (nⱼcⱼ + sⱼ)/(nⱼ + 10ε)` and the scatter about μⱼ,
//! `Sⱼ − δⱼsⱼᵀ − sⱼδⱼᵀ + nⱼδⱼδⱼᵀ` with `δⱼ = μⱼ − cⱼ`.

use crate::covariance::{finish, CovarianceType, Estimates};
use crate::data::Dataset;
use crate::error::Result;
use crate::fastmath::{exp_nonpositive, ln};
use crate::mixture::{far_point_error, Mixture};

/// One E-step and the M-step's sums in a single pass. Returns the mean log-likelihood under
/// `model` and the next parameters' estimates.
///
/// When a mean moves by far more than its component's spread (a component collapsing, or a far
/// start), the correction about the new mean cancels most digits of a variance; the pass is then
/// repeated with the sums taken about the new means, which makes the correction negligible.
pub(crate) fn iterate(
    model: &Mixture,
    data: &Dataset,
    reg_covar: f64,
    scratch: &mut Vec<f64>,
) -> Result<(f64, Estimates)> {
    let pass = |centres: &[f64], scratch: &mut Vec<f64>| match data.d() {
        1 => iterate_dim::<1>(model, data, centres, reg_covar, scratch),
        2 => iterate_dim::<2>(model, data, centres, reg_covar, scratch),
        3 => iterate_dim::<3>(model, data, centres, reg_covar, scratch),
        _ => iterate_dim::<0>(model, data, centres, reg_covar, scratch),
    };
    let (ll, est, cancelled) = pass(model.means(), scratch)?;
    if !cancelled {
        return Ok((ll, est));
    }
    let (ll, est, _) = pass(&est.means, scratch)?;
    Ok((ll, est))
}

/// A corrected variance smaller than this fraction of the raw sum has lost too many digits.
const CANCELLATION: f64 = 1e-6;

/// Points processed together: their log-probabilities stay in L1 cache.
const BLOCK: usize = 256;

/// One pass with the sums taken about `centres`; also says whether the correction cancelled.
fn iterate_dim<const D: usize>(
    model: &Mixture,
    data: &Dataset,
    centres: &[f64],
    reg_covar: f64,
    scratch: &mut Vec<f64>,
) -> Result<(f64, Estimates, bool)> {
    let d = if D == 0 { data.d() } else { D };
    let k = model.k();
    let full = matches!(model.covariance_type(), CovarianceType::Full | CovarianceType::Tied);
    let mut nk = vec![0.0; k];
    let mut sums = vec![0.0; k * d];
    let mut scatter = vec![0.0; k * d * d];
    let mut total = 0.0;
    let mut diff_fixed = [0.0; 16];
    let mut diff_dyn = vec![0.0; if D == 0 { d } else { 0 }];
    let diff: &mut [f64] = if D == 0 { &mut diff_dyn } else { &mut diff_fixed[..d] };
    scratch.resize(BLOCK * k, 0.0);
    let mut first = 0;
    for block in data.values().chunks(BLOCK * d) {
        let rows = block.len() / d;
        let buf = &mut scratch[..rows * k];
        model.weighted_log_prob_rows::<D>(block, buf);
        for (i, (x, r)) in block.chunks_exact(d).zip(buf.chunks_exact_mut(k)).enumerate() {
            let max = r.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if !max.is_finite() {
                return Err(far_point_error(first + i));
            }
            let mut s = 0.0;
            for v in r.iter_mut() {
                *v = exp_nonpositive(*v - max);
                s += *v;
            }
            total += max + ln(s);
            let inv = 1.0 / s;
            for (j, v) in r.iter_mut().enumerate() {
                let rj = *v * inv;
                nk[j] += rj;
                if rj == 0.0 {
                    continue;
                }
                let c = &centres[j * d..(j + 1) * d];
                let sj = &mut sums[j * d..(j + 1) * d];
                for a in 0..d {
                    diff[a] = x[a] - c[a];
                    sj[a] += rj * diff[a];
                }
                let sc = &mut scatter[j * d * d..(j + 1) * d * d];
                if full {
                    for a in 0..d {
                        let ra = rj * diff[a];
                        for b in a..d {
                            sc[a * d + b] += ra * diff[b];
                        }
                    }
                } else {
                    for a in 0..d {
                        sc[a * d + a] += rj * diff[a] * diff[a];
                    }
                }
            }
        }
        first += rows;
    }
    // Means and scatter about them, as scikit-learn computes them.
    let guarded: Vec<f64> = nk.iter().map(|n| n + 10.0 * f64::EPSILON).collect();
    let mut means = vec![0.0; k * d];
    let mut cancelled = false;
    for j in 0..k {
        let (c, sj) = (&centres[j * d..(j + 1) * d], &sums[j * d..(j + 1) * d]);
        let mut delta = vec![0.0; d];
        for a in 0..d {
            means[j * d + a] = (nk[j] * c[a] + sj[a]) / guarded[j];
            delta[a] = means[j * d + a] - c[a];
        }
        let sc = &mut scatter[j * d * d..(j + 1) * d * d];
        for a in 0..d {
            let raw = sc[a * d + a];
            let range = if full { a..d } else { a..a + 1 };
            for b in range {
                sc[a * d + b] += -delta[a] * sj[b] - sj[a] * delta[b] + nk[j] * delta[a] * delta[b];
            }
            cancelled |= raw > 0.0 && sc[a * d + a] < CANCELLATION * raw;
        }
    }
    let est = finish(guarded, means, &scatter, d, model.covariance_type(), reg_covar);
    Ok((total / data.n() as f64, est, cancelled))
}
