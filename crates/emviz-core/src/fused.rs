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
use std::ops::Range;

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
    let pass = |centres: &[f64], scratch: &mut Vec<f64>| {
        pulp::Arch::new().dispatch(Pass {
            model,
            data,
            centres,
            reg_covar,
            scratch,
        })
    };
    let (ll, est, cancelled) = pass(model.means(), scratch)?;
    if !cancelled {
        return Ok((ll, est));
    }
    let (ll, est, _) = pass(&est.means, scratch)?;
    Ok((ll, est))
}

/// One pass, compiled once per instruction set the processor may have (SSE2, AVX2…) and run
/// with the best one present: `pulp` checks the processor once and calls the matching copy.
/// The numbers do not depend on the choice — the same operations run in the same order, only
/// more of them at once — so the result stays bit-identical to the WebAssembly build.
struct Pass<'a> {
    model: &'a Mixture,
    data: &'a Dataset,
    centres: &'a [f64],
    reg_covar: f64,
    scratch: &'a mut Vec<f64>,
}

impl pulp::WithSimd for Pass<'_> {
    type Output = Result<(f64, Estimates, bool)>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        let Pass {
            model,
            data,
            centres,
            reg_covar,
            scratch,
        } = self;
        match data.d() {
            1 => iterate_dim::<1>(model, data, centres, reg_covar, scratch),
            2 => iterate_dim::<2>(model, data, centres, reg_covar, scratch),
            3 => iterate_dim::<3>(model, data, centres, reg_covar, scratch),
            _ => iterate_dim::<0>(model, data, centres, reg_covar, scratch),
        }
    }
}

/// A corrected variance smaller than this fraction of the raw sum has lost too many digits.
const CANCELLATION: f64 = 1e-6;

/// Points processed together. Within a block the work is laid out component by component over
/// the block's points (structure of arrays), so the compiler can vectorise the density, `exp` and
/// accumulation loops; the block's numbers stay in L1 cache.
const BLOCK: usize = 64;

/// Independent partial sums per accumulator, so additions do not wait on each other.
const LANES: usize = 8;

/// One pass with the sums taken about `centres`; also says whether the correction cancelled.
#[inline(always)]
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
    // x − μⱼ for every component (k × d rows), kept from the densities for the sums when they
    // are taken about the means, and x − cⱼ for one component when they are not.
    let mut diff = vec![[0.0f64; BLOCK]; k * d];
    let mut about = vec![[0.0f64; BLOCK]; d];
    let about_means = centres == model.means();
    // In 1–3 dimensions the sums are kept per position in the block (BLOCK partial sums of each
    // quantity, per component: n, s (d), S (d × d, upper triangle used)) and added up at the end,
    // so the block loop is element-wise and vectorises fully.
    let q = 1 + d + d * d;
    let mut parts = vec![[0.0f64; BLOCK]; if D == 0 { 0 } else { k * q }];
    let mut first = 0;
    for block in data.values().chunks(BLOCK * d) {
        let rows = transpose(block, d, xt);
        block_log_probs::<D>(model, xt, w, &mut mx, &mut diff);
        if let Some(bad) = mx[..rows].iter().position(|v| !v.is_finite()) {
            return Err(far_point_error(first + bad));
        }
        let mut sum = [0.0f64; BLOCK];
        block_exp(w, &mx, &mut sum);
        total += block_log_total(&mx, &sum, rows);
        for (v, s) in inv.iter_mut().zip(&sum) {
            *v = 1.0 / s;
        }
        inv[rows..].fill(0.0);
        // The M-step's sums about the centres.
        for j in 0..k {
            let wj = &w[j * BLOCK..(j + 1) * BLOCK];
            let dj = if about_means {
                &diff[j * d..(j + 1) * d]
            } else {
                let cj = &centres[j * d..(j + 1) * d];
                for a in 0..d {
                    let xa = &xt[a * BLOCK..(a + 1) * BLOCK];
                    for (dv, x) in about[a].iter_mut().zip(xa) {
                        *dv = x - cj[a];
                    }
                }
                &about[..]
            };
            if D == 0 {
                let sums_j = &mut sums[j * d..(j + 1) * d];
                let scatter_j = &mut scatter[j * d * d..(j + 1) * d * d];
                block_sums_any(wj, &inv, dj, full, &mut nk[j], sums_j, scatter_j);
            } else {
                block_sums::<D>(wj, &inv, dj, &mut parts[j * q..(j + 1) * q]);
            }
        }
        first += rows;
    }
    if D != 0 {
        for j in 0..k {
            let part = &parts[j * q..(j + 1) * q];
            nk[j] = fold(&part[0]);
            for a in 0..d {
                sums[j * d + a] = fold(&part[1 + a]);
                for b in a..d {
                    scatter[j * d * d + a * d + b] = fold(&part[1 + d + a * d + b]);
                }
            }
        }
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

/// Points whose row sums are multiplied together before one logarithm is taken. Each row sum
/// lies in [1, k] (its largest term is e⁰ = 1), so a product of `GROUP` of them cannot overflow
/// for any k below 10¹⁹, and its rounding error (≤ `GROUP` ulps) is far below what matters.
const GROUP: usize = 16;

/// Σᵢ (maxᵢ + ln sumᵢ) over the block's first `rows` points, with one `ln` per `GROUP` points
/// (the logarithm is the costliest operation per point, and it does not vectorise).
#[inline(always)]
fn block_log_total(mx: &[f64; BLOCK], sum: &[f64; BLOCK], rows: usize) -> f64 {
    let mut prod = [1.0f64; BLOCK / GROUP];
    for (i, s) in sum[..rows].iter().enumerate() {
        prod[i % (BLOCK / GROUP)] *= s;
    }
    let logs: f64 = prod.iter().map(|&p| ln(p)).sum();
    mx[..rows].iter().sum::<f64>() + logs
}

/// Adds one component's M-step terms over a block, position by position, into `parts`:
/// `rᵢ` into row 0, `rᵢδᵢ` into rows 1..=D and the upper triangle of `rᵢδᵢδᵢᵀ` into the D × D
/// rows after them, with `rᵢ = wᵢ · invᵢ` and `δᵢ` the rows of `diff`. (For diagonal and
/// spherical types the off-diagonal terms are not used; in up to three dimensions computing them
/// costs less than a second loop shape.)
#[inline(always)]
fn block_sums<const D: usize>(
    w: &[f64],
    inv: &[f64; BLOCK],
    diff: &[[f64; BLOCK]],
    parts: &mut [[f64; BLOCK]],
) {
    let w: &[f64; BLOCK] = w.try_into().expect("a block of weights");
    let diff: &[[f64; BLOCK]; D] = diff.try_into().expect("d rows of differences");
    let (n, rest) = parts.split_first_mut().expect("a row for n");
    let (s, ss) = rest.split_at_mut(D);
    let mut r = [0.0f64; BLOCK];
    for i in 0..BLOCK {
        r[i] = w[i] * inv[i];
        n[i] += r[i];
    }
    for a in 0..D {
        let mut ra = [0.0f64; BLOCK];
        for i in 0..BLOCK {
            ra[i] = r[i] * diff[a][i];
            s[a][i] += ra[i];
        }
        for b in a..D {
            let row = &mut ss[a * D + b];
            for i in 0..BLOCK {
                row[i] += ra[i] * diff[b][i];
            }
        }
    }
}

/// [`block_sums`] for any dimension, one quantity at a time; only the diagonal of `Sⱼ` unless
/// `full`.
fn block_sums_any(
    w: &[f64],
    inv: &[f64; BLOCK],
    diff: &[[f64; BLOCK]],
    full: bool,
    nk: &mut f64,
    sums: &mut [f64],
    scatter: &mut [f64],
) {
    let d = diff.len();
    let mut r = [0.0f64; BLOCK];
    for ((ri, wi), vi) in r.iter_mut().zip(w).zip(inv) {
        *ri = wi * vi;
    }
    *nk += lane_sum(|i| r[i]);
    for a in 0..d {
        let mut ra = [0.0f64; BLOCK];
        for ((v, ri), da) in ra.iter_mut().zip(&r).zip(&diff[a]) {
            *v = ri * da;
        }
        sums[a] += lane_sum(|i| ra[i]);
        let range = if full { a..d } else { a..a + 1 };
        for b in range {
            scatter[a * d + b] += lane_sum(|i| ra[i] * diff[b][i]);
        }
    }
}

/// Adds up `N` partial sums (a power of two) in a fixed order: pairwise, halving the width.
#[inline(always)]
fn fold<const N: usize>(acc: &[f64; N]) -> f64 {
    let mut v = *acc;
    let mut width = N / 2;
    while width > 0 {
        for l in 0..width {
            v[l] += v[l + width];
        }
        width /= 2;
    }
    v[0]
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
    fold(&acc)
}

/// Copies a block of row-major points into `xt` (d × BLOCK, one row per dimension), padding
/// with zeros; returns the number of points.
#[inline(always)]
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
/// component-major), the per-point maxima into `mx`, and x − μⱼ into `diff` (k·d rows).
#[inline(always)]
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
        let diff = &mut diff[j * d..(j + 1) * d];
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
#[inline(always)]
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
    let mut out = Densities::new(model, data.n());
    densities_rows(model, data, 0..data.n(), &mut out)?;
    Ok((out.wlp, out.post, out.lse))
}

/// [`densities`] being filled in, a range of rows at a time.
#[derive(Clone, Debug)]
pub(crate) struct Densities {
    /// ln φⱼN(xₙ), n × k.
    pub wlp: Vec<f64>,
    /// p(z = j | xₙ), n × k.
    pub post: Vec<f64>,
    /// ln p(xₙ).
    pub lse: Vec<f64>,
}

impl Densities {
    pub(crate) fn new(model: &Mixture, n: usize) -> Self {
        Densities {
            wlp: vec![0.0; n * model.k()],
            post: vec![0.0; n * model.k()],
            lse: vec![0.0; n],
        }
    }
}

/// Fills `rows` of `out` under `model`. Each point's numbers depend on that point alone, so
/// filling in slices gives the same result as one call.
pub(crate) fn densities_rows(
    model: &Mixture,
    data: &Dataset,
    rows: Range<usize>,
    out: &mut Densities,
) -> Result<()> {
    match data.d() {
        1 => densities_dim::<1>(model, data, rows, out),
        2 => densities_dim::<2>(model, data, rows, out),
        3 => densities_dim::<3>(model, data, rows, out),
        _ => densities_dim::<0>(model, data, rows, out),
    }
}

fn densities_dim<const D: usize>(
    model: &Mixture,
    data: &Dataset,
    rows: Range<usize>,
    out: &mut Densities,
) -> Result<()> {
    let d = if D == 0 { data.d() } else { D };
    let k = model.k();
    let (wlp, post, lse) = (&mut out.wlp, &mut out.post, &mut out.lse);
    let mut xt = vec![0.0; d * BLOCK];
    let mut w = vec![0.0; k * BLOCK];
    let mut mx = [0.0f64; BLOCK];
    let mut diff = vec![[0.0f64; BLOCK]; k * d];
    let values = &data.values()[rows.start * d..rows.end * d];
    for (b, block) in values.chunks(BLOCK * d).enumerate() {
        let first = rows.start + b * BLOCK;
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
    Ok(())
}
