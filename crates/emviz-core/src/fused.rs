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

/// Points processed together. Within a block the work is laid out component by component over
/// the block's points (structure of arrays), so the compiler can vectorise the density, `exp` and
/// accumulation loops; the block's numbers stay in L1 cache.
const BLOCK: usize = 64;

/// Independent partial sums per accumulator, so additions do not wait on each other.
const LANES: usize = 4;

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
    let full = matches!(
        model.covariance_type(),
        CovarianceType::Full | CovarianceType::Tied
    );
    let mut nk = vec![0.0; k];
    let mut sums = vec![0.0; k * d];
    let mut scatter = vec![0.0; k * d * d];
    let mut total = 0.0;
    // Scratch: the block transposed (d × BLOCK), then k × BLOCK log-probabilities / weights.
    scratch.clear();
    scratch.resize((d + k) * BLOCK, 0.0);
    let (xt, w) = scratch.split_at_mut(d * BLOCK);
    let mut mx = [0.0f64; BLOCK];
    let mut inv = [0.0f64; BLOCK];
    let mut diff = vec![[0.0f64; BLOCK]; d];
    let mut first = 0;
    for block in data.values().chunks(BLOCK * d) {
        let rows = transpose(block, d, xt);
        block_log_probs::<D>(model, xt, w, &mut mx, &mut diff);
        if let Some(bad) = mx[..rows].iter().position(|v| !v.is_finite()) {
            return Err(far_point_error(first + bad));
        }
        let mut sum = [0.0f64; BLOCK];
        block_exp(w, &mx, &mut sum);
        for i in 0..rows {
            total += mx[i] + ln(sum[i]);
            inv[i] = 1.0 / sum[i];
        }
        inv[rows..].fill(0.0);
        // The M-step's sums about the centres.
        for j in 0..k {
            let wj = &w[j * BLOCK..(j + 1) * BLOCK];
            let cj = &centres[j * d..(j + 1) * d];
            for a in 0..d {
                let xa = &xt[a * BLOCK..(a + 1) * BLOCK];
                for (dv, x) in diff[a].iter_mut().zip(xa) {
                    *dv = x - cj[a];
                }
            }
            let mut r = [0.0f64; BLOCK];
            for ((ri, wi), vi) in r.iter_mut().zip(wj).zip(&inv) {
                *ri = wi * vi;
            }
            nk[j] += lane_sum(|i| r[i]);
            for a in 0..d {
                sums[j * d + a] += lane_sum(|i| r[i] * diff[a][i]);
                let range = if full { a..d } else { a..a + 1 };
                for b in range {
                    scatter[j * d * d + a * d + b] += lane_sum(|i| r[i] * diff[a][i] * diff[b][i]);
                }
            }
        }
        first += rows;
    }
    // Means and scatter about them, as scikit-learn computes them.
    let guarded: Vec<f64> = nk.iter().map(|n| n + 10.0 * f64::EPSILON).collect();
    let centres_of = |j: usize| &centres[j * d..(j + 1) * d];
    let mut means = vec![0.0; k * d];
    let mut cancelled = false;
    for j in 0..k {
        let (c, sj) = (centres_of(j), &sums[j * d..(j + 1) * d]);
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
    let est = finish(
        guarded,
        means,
        &scatter,
        d,
        model.covariance_type(),
        reg_covar,
    );
    Ok((total / data.n() as f64, est, cancelled))
}

/// Σᵢ f(i) over a block, in `LANES` interleaved partial sums.
#[inline(always)]
fn lane_sum(f: impl Fn(usize) -> f64) -> f64 {
    let mut acc = [0.0f64; LANES];
    for i4 in 0..BLOCK / LANES {
        for (l, a) in acc.iter_mut().enumerate() {
            *a += f(i4 * LANES + l);
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Copies a block of row-major points into `xt` (d × BLOCK, one row per dimension), padding
/// with zeros; returns the number of points.
fn transpose(block: &[f64], d: usize, xt: &mut [f64]) -> usize {
    let rows = block.len() / d;
    for (i, x) in block.chunks_exact(d).enumerate() {
        for a in 0..d {
            xt[a * BLOCK + i] = x[a];
        }
    }
    for a in 0..d {
        xt[a * BLOCK + rows..(a + 1) * BLOCK].fill(0.0);
    }
    rows
}

/// ln φⱼ N(x; μⱼ, Σⱼ) = cⱼ − ½‖M(x − μⱼ)‖² for a transposed block, into `w` (k × BLOCK,
/// component-major), and the per-point maxima into `mx`.
fn block_log_probs<const D: usize>(
    model: &Mixture,
    xt: &[f64],
    w: &mut [f64],
    mx: &mut [f64; BLOCK],
    diff: &mut [[f64; BLOCK]],
) {
    let d = if D == 0 { model.d() } else { D };
    mx.fill(f64::NEG_INFINITY);
    for j in 0..model.k() {
        let (mu, m, c) = (model.mean(j), model.prec_chol(j), model.log_const(j));
        for a in 0..d {
            let xa = &xt[a * BLOCK..(a + 1) * BLOCK];
            for (dv, x) in diff[a].iter_mut().zip(xa) {
                *dv = x - mu[a];
            }
        }
        let wj = &mut w[j * BLOCK..(j + 1) * BLOCK];
        wj.fill(0.0);
        for a in 0..d {
            let mut y = [0.0f64; BLOCK];
            for p in 0..=a {
                let mp = m[a * d + p];
                for (yi, dv) in y.iter_mut().zip(&diff[p]) {
                    *yi += mp * dv;
                }
            }
            for (wi, yi) in wj.iter_mut().zip(&y) {
                *wi += yi * yi;
            }
        }
        for (wi, mi) in wj.iter_mut().zip(mx.iter_mut()) {
            *wi = c - 0.5 * *wi;
            *mi = if *wi > *mi { *wi } else { *mi };
        }
    }
}

/// Replaces each log-probability in `w` by e^(w − max) and adds them up per point into `sum`.
fn block_exp(w: &mut [f64], mx: &[f64; BLOCK], sum: &mut [f64; BLOCK]) {
    for wj in w.chunks_exact_mut(BLOCK) {
        for ((wi, mi), si) in wj.iter_mut().zip(mx).zip(sum.iter_mut()) {
            *wi = exp_nonpositive(*wi - mi);
            *si += *wi;
        }
    }
}

/// Under `model`: the weighted log-probabilities ln φⱼN(xₙ) and posteriors p(z = j | xₙ) (both
/// n × k, row-major) and ln p(xₙ), computed block by block like the lean pass.
pub(crate) fn densities(model: &Mixture, data: &Dataset) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    match data.d() {
        1 => densities_dim::<1>(model, data),
        2 => densities_dim::<2>(model, data),
        3 => densities_dim::<3>(model, data),
        _ => densities_dim::<0>(model, data),
    }
}

fn densities_dim<const D: usize>(
    model: &Mixture,
    data: &Dataset,
) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    let d = if D == 0 { data.d() } else { D };
    let k = model.k();
    let n = data.n();
    let mut wlp = vec![0.0; n * k];
    let mut post = vec![0.0; n * k];
    let mut lse = vec![0.0; n];
    let mut xt = vec![0.0; d * BLOCK];
    let mut w = vec![0.0; k * BLOCK];
    let mut mx = [0.0f64; BLOCK];
    let mut diff = vec![[0.0f64; BLOCK]; d];
    for (b, block) in data.values().chunks(BLOCK * d).enumerate() {
        let first = b * BLOCK;
        let rows = transpose(block, d, &mut xt);
        block_log_probs::<D>(model, &xt, &mut w, &mut mx, &mut diff);
        if let Some(bad) = mx[..rows].iter().position(|v| !v.is_finite()) {
            return Err(far_point_error(first + bad));
        }
        for j in 0..k {
            for i in 0..rows {
                wlp[(first + i) * k + j] = w[j * BLOCK + i];
            }
        }
        let mut sum = [0.0f64; BLOCK];
        block_exp(&mut w, &mx, &mut sum);
        for i in 0..rows {
            let inv = 1.0 / sum[i];
            lse[first + i] = mx[i] + ln(sum[i]);
            for j in 0..k {
                post[(first + i) * k + j] = w[j * BLOCK + i] * inv;
            }
        }
    }
    Ok((wlp, post, lse))
}
