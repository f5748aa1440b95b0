//! The EM pass: one sweep over the data under a set of parameters θ gives everything both EM
//! loops need.
//!
//! For each point, the E-step (responsibilities under θ and ln p(x; θ)) and the sums the M-step
//! needs are computed together, so the data is read once per iteration. The sums are taken about
//! the current means cⱼ — `nⱼ = Σ rₙⱼ`, `sⱼ = Σ rₙⱼ (xₙ − cⱼ)` and
//! `Sⱼ = Σ rₙⱼ (xₙ − cⱼ)(xₙ − cⱼ)ᵀ` — which keeps them well-conditioned, and then turned into
//! exactly scikit-learn's estimates: `μⱼ = (nⱼcⱼ + sⱼ)/(nⱼ + 10ε)` and the scatter about μⱼ,
//! `Sⱼ − δⱼsⱼᵀ − sⱼδⱼᵀ + nⱼδⱼδⱼᵀ` with `δⱼ = μⱼ − cⱼ`.
//!
//! The sums land in a [`Stats`] (mergeable, so a pass can be split over shards of the data). The
//! lean loop keeps only those sums. The step-wise [`crate::Em`] also has the pass write the
//! posteriors (n × k, the colours of the page) and add up the two sums its ELBO/KL bookkeeping
//! needs, and it runs the pass a slice of rows at a time, so that a page can spread one M-step
//! over several frames.
//!
//! Sample weights ([`crate::weights`]) enter in one place per block: the per-point factor the
//! M-step sums multiply e^(ln φⱼN − max) by is 1/Σⱼ e^(…) unweighted and wₙ/Σⱼ e^(…) weighted,
//! so rₙⱼ becomes wₙrₙⱼ in every sum at the cost of one multiplication per point; the
//! log-likelihood and entropy sums take wₙ the same way (the log-likelihood then needs one `ln`
//! per point instead of one per 16). Without weights the pass runs exactly the unweighted code,
//! so its numbers are bit for bit those of before.
//!
//! Points go through in blocks of 64, laid out component by component (structure of arrays) so
//! the compiler vectorises the density, `exp` and accumulation loops; natively the pass is
//! compiled for SSE2, AVX2 and AVX-512 and the best one present runs (the same operations in
//! the same order, so every build — WebAssembly included — gives bit-identical numbers).

use crate::error::{Invalid, Result};
use crate::fastmath::{exp_nonpositive, ln, ln_at_least_one};
use crate::mixture::{far_point_error, Mixture};
use crate::rules::CovarianceType;
use crate::stats::{fold, Stats, LANES};
use crate::weights::check_weight;

/// One pass under `model` over `values` (whole rows, row-major, the first of them point number
/// `first` of the data, for messages), adding to `sums`; writes the posteriors p(j | xₙ) of these
/// rows into `post` (n × k, row-major) when given, and adds Σ qₙⱼ ln φⱼN(xₙ) for a given `q`
/// (these rows' n × k). With `weights` (one per row, checked: [`crate::weights`]) every sum
/// takes each point's contribution times its weight.
pub(crate) fn gather(
    model: &Mixture,
    values: &[f64],
    first: usize,
    sums: &mut Stats,
    post: Option<&mut [f64]>,
    q: Option<&[f64]>,
    weights: Option<&[f64]>,
) -> Result<()> {
    debug_assert!(weights.is_none_or(|w| w.len() * model.d() == values.len()));
    // The total before the pass: its `rows` grow with it.
    let total = weights.map(|w| sums.total_weight() + w.iter().sum::<f64>());
    crate::simd::arch().dispatch(Pass {
        model,
        values,
        first,
        sums: &mut *sums,
        post,
        q,
        weights,
    })?;
    if total.is_some() {
        sums.weight_total = total;
    }
    Ok(())
}

/// The E-step over given rows, into statistics ([`Stats`] holds the sums; this pass makes them).
impl Stats {
    /// The E-step over more points: adds the sums of `rows` (row-major, `model.d()` values a
    /// point, all finite) under `model`, which must be the parameters this `Stats` was made for.
    /// Errors name the point (counted from the first point this `Stats` has seen) when it is so
    /// far from every component that its density underflows.
    pub fn accumulate(&mut self, model: &Mixture, rows: &[f64]) -> Result<()> {
        self.check_model(model, rows)?;
        let first = self.rows;
        gather(model, rows, first, self, None, None, None)
    }

    /// [`Stats::accumulate`] with a sample weight per point (`weights`, one per row of `rows`,
    /// each finite and ≥ 0): every sum takes each point's contribution times its weight, and
    /// [`Stats::total_weight`] grows by Σ w (see [`crate::weights`]). Errors name the first bad
    /// weight's point, counted from the first point this `Stats` has seen.
    pub fn accumulate_weighted(
        &mut self,
        model: &Mixture,
        rows: &[f64],
        weights: &[f64],
    ) -> Result<()> {
        self.check_model(model, rows)?;
        let n = rows.len() / self.d;
        self.check_weights(weights, n)?;
        let first = self.rows;
        gather(model, rows, first, self, None, None, Some(weights))
    }

    /// [`Stats::accumulate`], also writing the posteriors p(j | xₙ; θ) of the points into `post`
    /// (n × k, row-major; the page's colours and the next E-step's q) and gathering
    /// Σ p ln φN for the ELBO/KL terms ([`Stats::entropy_sum`]).
    pub fn accumulate_with_posteriors(
        &mut self,
        model: &Mixture,
        rows: &[f64],
        post: &mut [f64],
    ) -> Result<()> {
        self.check_model(model, rows)?;
        if post.len() != rows.len() / self.d * self.k {
            return Err(Invalid::PosteriorsRoom {
                given: post.len(),
                n: rows.len() / self.d,
                k: self.k,
            }
            .into());
        }
        let first = self.rows;
        gather(model, rows, first, self, Some(post), None, None)
    }

    /// [`Stats::accumulate_with_posteriors`] with a sample weight per point (as
    /// [`Stats::accumulate_weighted`]): a weighted [`crate::Em`]'s shard made elsewhere (a Web
    /// Worker). The posteriors written are the unweighted p(j | xₙ; θ).
    pub fn accumulate_weighted_with_posteriors(
        &mut self,
        model: &Mixture,
        rows: &[f64],
        weights: &[f64],
        post: &mut [f64],
    ) -> Result<()> {
        self.check_model(model, rows)?;
        let n = rows.len() / self.d;
        if post.len() != n * self.k {
            return Err(Invalid::PosteriorsRoom {
                given: post.len(),
                n,
                k: self.k,
            }
            .into());
        }
        self.check_weights(weights, n)?;
        let first = self.rows;
        gather(model, rows, first, self, Some(post), None, Some(weights))
    }
}

/// One pass, compiled once per instruction set the processor may have (SSE2, AVX2…) and run
/// with the best one present: `pulp` checks the processor once and calls the matching copy.
/// The numbers do not depend on the choice — the same operations run in the same order, only
/// more of them at once — so the result stays bit-identical to the WebAssembly build.
struct Pass<'a> {
    model: &'a Mixture,
    values: &'a [f64],
    first: usize,
    sums: &'a mut Stats,
    post: Option<&'a mut [f64]>,
    q: Option<&'a [f64]>,
    weights: Option<&'a [f64]>,
}

impl Stats {
    /// The sample weights of the next `n` points: one per point, each finite and ≥ 0 (the rule of
    /// [`crate::weights`], naming the point counted from the first this `Stats` has seen).
    fn check_weights(&self, weights: &[f64], n: usize) -> Result<()> {
        if weights.len() != n {
            return Err(Invalid::SampleWeightsLength {
                given: weights.len(),
                n,
            }
            .into());
        }
        for (i, &w) in weights.iter().enumerate() {
            check_weight(self.rows + i + 1, w)?;
        }
        Ok(())
    }
}

impl pulp::WithSimd for Pass<'_> {
    type Output = Result<()>;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        // The weighted pass is a copy of its own, so the unweighted one is the code it was.
        match (self.model.d(), self.weights.is_some()) {
            (1, false) => gather_dim::<1, false>(self),
            (2, false) => gather_dim::<2, false>(self),
            (3, false) => gather_dim::<3, false>(self),
            (_, false) => gather_dim::<0, false>(self),
            (1, true) => gather_dim::<1, true>(self),
            (2, true) => gather_dim::<2, true>(self),
            (3, true) => gather_dim::<3, true>(self),
            (_, true) => gather_dim::<0, true>(self),
        }
    }
}

/// Points processed together. Within a block the work is laid out component by component over
/// the block's points (structure of arrays), so the compiler can vectorise the density, `exp` and
/// accumulation loops; the block's numbers stay in L1 cache.
pub(crate) const BLOCK: usize = 64;

/// [`gather`] for dimension `D` (0: any, read from the data), with sample weights when
/// `WEIGHTED` (then `pass.weights` is given).
#[inline(always)]
fn gather_dim<const D: usize, const WEIGHTED: bool>(pass: Pass<'_>) -> Result<()> {
    let Pass {
        model,
        values,
        first: first_row,
        sums: acc,
        mut post,
        q,
        weights,
    } = pass;
    let d = if D == 0 { model.d() } else { D };
    let k = model.k();
    let full = matches!(
        model.covariance_type(),
        CovarianceType::Full | CovarianceType::Tied
    );
    let mut xt = vec![0.0f64; d * BLOCK];
    // Log-probabilities ln φⱼN, then (after `block_exp`) e^(ln φⱼN − max), k × BLOCK.
    let mut w = vec![0.0f64; k * BLOCK];
    // ln φⱼN − max, kept from the exp when q's ELBO sum needs it (k × BLOCK).
    let mut xs = vec![0.0f64; if q.is_some() { k * BLOCK } else { 0 }];
    // q's block, transposed (k × BLOCK).
    let mut qt = vec![[0.0f64; BLOCK]; if q.is_some() { k } else { 0 }];
    let mut mx = [0.0f64; BLOCK];
    let mut inv = [0.0f64; BLOCK];
    // The block's weights (zero-padded), and wᵢ / sumᵢ: the factor of the weighted sums.
    let mut wt = [0.0f64; BLOCK];
    let mut scaled = [0.0f64; BLOCK];
    // x − μⱼ for every component (k × d rows), kept from the densities for the sums when they
    // are taken about the means, and x − cⱼ for one component when they are not.
    let mut diff = vec![[0.0f64; BLOCK]; k * d];
    let mut about = vec![[0.0f64; BLOCK]; d];
    let nq = 1 + d + d * d;
    for (b, block) in values.chunks(BLOCK * d).enumerate() {
        // The block's first row: within `values`, and in the whole data (for messages).
        let first = b * BLOCK;
        let n_rows = transpose(block, d, &mut xt);
        block_log_probs::<D>(model, &xt, &mut w, &mut mx, &mut diff);
        if let Some(bad) = mx[..n_rows].iter().position(|v| !v.is_finite()) {
            return Err(far_point_error(first_row + first + bad));
        }
        let mut sum = [0.0f64; BLOCK];
        // Σⱼ e^(ln φⱼN − max) (ln φⱼN − max) per point, for the posterior's ELBO sum.
        let mut ex = [0.0f64; BLOCK];
        let entropy = post.is_some() || acc.with_entropy;
        match (entropy, q.is_some()) {
            (false, false) => block_exp::<false, false>(&mut w, &mx, &mut sum, &mut ex, &mut xs),
            (true, false) => block_exp::<true, false>(&mut w, &mx, &mut sum, &mut ex, &mut xs),
            (_, true) => block_exp::<true, true>(&mut w, &mx, &mut sum, &mut ex, &mut xs),
        }
        let weighted = WEIGHTED;
        match weights {
            Some(w) if WEIGHTED => {
                wt[..n_rows].copy_from_slice(&w[first..first + n_rows]);
                wt[n_rows..].fill(0.0);
                acc.log_lik += block_weighted_log_total(&mx, &sum, &wt);
            }
            _ => acc.log_lik += block_log_total(&mx, &sum, n_rows),
        }
        for (v, s) in inv.iter_mut().zip(&sum) {
            *v = 1.0 / s;
        }
        inv[n_rows..].fill(0.0);
        if weighted {
            for i in 0..BLOCK {
                scaled[i] = wt[i] * inv[i];
            }
        }
        // What the M-step sums multiply e^(ln φⱼN − max) by: 1/sumᵢ, or wᵢ/sumᵢ.
        let factor = if weighted { &scaled } else { &inv };
        if entropy {
            // Σⱼ pᵢⱼ ln φⱼN = Σⱼ pᵢⱼ (ln φⱼN − maxᵢ) + maxᵢ (as Σⱼ pᵢⱼ = 1), with
            // pᵢⱼ = e^(ln φⱼN − maxᵢ) / sumᵢ (each point's term times wᵢ when weighted).
            let mut terms = [0.0f64; BLOCK];
            for i in 0..BLOCK {
                terms[i] = ex[i] * factor[i];
            }
            acc.post_log_prob += fold(&terms)
                + if weighted {
                    weighted_sum(&mx, &wt, n_rows)
                } else {
                    mx[..n_rows].iter().sum::<f64>()
                };
        }
        if let Some(post) = post.as_deref_mut() {
            // The posteriors copied out row by row.
            for (i, row) in post[first * k..(first + n_rows) * k]
                .chunks_exact_mut(k)
                .enumerate()
            {
                for (j, p) in row.iter_mut().enumerate() {
                    *p = w[j * BLOCK + i] * inv[i];
                }
            }
        }
        if let Some(q) = q {
            for row in qt.iter_mut() {
                row[n_rows..].fill(0.0);
            }
            for (i, row) in q[first * k..(first + n_rows) * k]
                .chunks_exact(k)
                .enumerate()
            {
                for (j, &v) in row.iter().enumerate() {
                    qt[j][i] = v;
                }
            }
            // Σⱼ qᵢⱼ ln φⱼN = Σⱼ qᵢⱼ (ln φⱼN − maxᵢ) + maxᵢ Σⱼ qᵢⱼ.
            let mut terms = [0.0f64; BLOCK];
            let mut mass = [0.0f64; BLOCK];
            for j in 0..k {
                let xj = &xs[j * BLOCK..(j + 1) * BLOCK];
                for i in 0..BLOCK {
                    let v = qt[j][i];
                    terms[i] += if v > 0.0 { v * xj[i] } else { 0.0 };
                    mass[i] += v;
                }
            }
            for i in 0..n_rows {
                terms[i] += mx[i] * mass[i];
            }
            if weighted {
                for (t, w) in terms.iter_mut().zip(&wt) {
                    *t *= w;
                }
            }
            acc.q_log_prob += fold(&terms);
        }
        // The M-step's sums about the centres.
        for j in 0..k {
            let wj = &w[j * BLOCK..(j + 1) * BLOCK];
            let dj = if acc.about_means {
                &diff[j * d..(j + 1) * d]
            } else {
                let cj = &acc.centres[j * d..(j + 1) * d];
                for a in 0..d {
                    let xa = &xt[a * BLOCK..(a + 1) * BLOCK];
                    for (dv, x) in about[a].iter_mut().zip(xa) {
                        *dv = x - cj[a];
                    }
                }
                &about[..]
            };
            if D == 0 {
                let sums_j = &mut acc.sums[j * d..(j + 1) * d];
                let scatter_j = &mut acc.scatter[j * d * d..(j + 1) * d * d];
                block_sums_any(wj, factor, dj, full, &mut acc.nk[j], sums_j, scatter_j);
            } else {
                block_sums::<D, LANES_AT_ONCE>(
                    wj,
                    factor,
                    dj,
                    &mut acc.parts[j * nq..(j + 1) * nq],
                );
            }
        }
    }
    acc.rows += values.len() / d;
    Ok(())
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

/// Σᵢ wᵢ (maxᵢ + ln sumᵢ) over the block's points (`wt` is 0 past its rows): the weighted
/// log-likelihood. A weight cannot go into the product of [`block_log_total`], so this takes one
/// `ln` per point, branch-free ([`ln_at_least_one`]: each sum lies in [1, k]) so the loop vectorises.
/// A point of weight 0 adds exactly 0 (and the padding's sums, which may be NaN, are not used).
#[inline(always)]
fn block_weighted_log_total(mx: &[f64; BLOCK], sum: &[f64; BLOCK], wt: &[f64; BLOCK]) -> f64 {
    let mut logs = [0.0f64; BLOCK];
    for (l, s) in logs.iter_mut().zip(sum) {
        *l = ln_at_least_one(*s);
    }
    let mut acc = [0.0f64; LANES];
    for c in 0..BLOCK / LANES {
        for (l, a) in acc.iter_mut().enumerate() {
            let i = c * LANES + l;
            let w = wt[i];
            *a += if w > 0.0 { w * (mx[i] + logs[i]) } else { 0.0 };
        }
    }
    fold(&acc)
}

/// Σᵢ wᵢ xᵢ over the block's first `rows` points.
#[inline(always)]
fn weighted_sum(x: &[f64; BLOCK], wt: &[f64; BLOCK], rows: usize) -> f64 {
    let mut acc = [0.0f64; LANES];
    for i in 0..rows {
        acc[i % LANES] += wt[i] * x[i];
    }
    fold(&acc)
}

/// Adds one component's M-step terms over a block into `parts` (`LANES` partial sums per
/// quantity): `rᵢ` into row 0, `rᵢδᵢ` into rows 1..=D and the upper triangle of `rᵢδᵢδᵢᵀ` into
/// the D × D rows after them, with `rᵢ = wᵢ · invᵢ` and `δᵢ` the rows of `diff`. Lane l takes
/// the points i ≡ l mod `LANES`, in order; within the block the partial sums stay in registers
/// and are added to `parts` once. (For diagonal and spherical types the off-diagonal terms are
/// not used; in up to three dimensions computing them costs less than a second loop shape.)
///
/// The lanes are independent, so they can be taken `G` at a time without changing a single
/// addition (a test checks it bit for bit): all `LANES` at once natively, where wide vector
/// registers are plentiful, and four at a time in WebAssembly ([`LANES_AT_ONCE`]), whose
/// engines have sixteen 2-wide vector registers — with all eight lanes, the (1 + D + D²) · 4
/// live sums would not fit and would go through memory.
#[inline(always)]
fn block_sums<const D: usize, const G: usize>(
    w: &[f64],
    inv: &[f64; BLOCK],
    diff: &[[f64; BLOCK]],
    parts: &mut [[f64; LANES]],
) {
    let w: &[f64; BLOCK] = w.try_into().expect("a block of weights");
    let diff: &[[f64; BLOCK]; D] = diff.try_into().expect("d rows of differences");
    for g in 0..LANES / G {
        let take = |row: &[f64; BLOCK], c: usize| -> Lanes<G> {
            Lanes(row.as_chunks::<G>().0[c * (LANES / G) + g])
        };
        let mut n = Lanes::<G>::ZERO;
        let mut s = [Lanes::<G>::ZERO; D];
        let mut ss = [[Lanes::<G>::ZERO; D]; D];
        for c in 0..BLOCK / LANES {
            let r = take(w, c).mul(take(inv, c));
            n = n.add(r);
            let dc: [Lanes<G>; D] = std::array::from_fn(|a| take(&diff[a], c));
            for a in 0..D {
                let ra = r.mul(dc[a]);
                s[a] = s[a].add(ra);
                for b in a..D {
                    ss[a][b] = ss[a][b].add(ra.mul(dc[b]));
                }
            }
        }
        let mut add = |row: usize, v: Lanes<G>| {
            let dst = &mut parts[row].as_chunks_mut::<G>().0[g];
            for (d, x) in dst.iter_mut().zip(v.0) {
                *d += x;
            }
        };
        add(0, n);
        for a in 0..D {
            add(1 + a, s[a]);
            for b in a..D {
                add(1 + D + a * D + b, ss[a][b]);
            }
        }
    }
}

/// `G` numbers operated on lane by lane (the compiler turns each operation into vector
/// instructions of whatever width the target has).
#[derive(Clone, Copy)]
struct Lanes<const G: usize>([f64; G]);

impl<const G: usize> Lanes<G> {
    const ZERO: Self = Lanes([0.0; G]);

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Lanes(std::array::from_fn(|l| self.0[l] + o.0[l]))
    }

    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Lanes(std::array::from_fn(|l| self.0[l] * o.0[l]))
    }
}

/// Lanes of [`block_sums`] worked on together (see there).
const LANES_AT_ONCE: usize = if cfg!(target_arch = "wasm32") {
    4
} else {
    LANES
};

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
    if D > 0 {
        // In 1–3 dimensions, one loop over the block's points with everything in registers,
        // two components at a time (independent work side by side keeps more units busy).
        let k = model.k();
        let xt: [&[f64; BLOCK]; D] = std::array::from_fn(|a| {
            xt[a * BLOCK..(a + 1) * BLOCK]
                .try_into()
                .expect("a block per dimension")
        });
        let xt = &xt;
        let (w_rows, _) = w.as_chunks_mut::<BLOCK>();
        let (diff_pairs, _) = diff.as_chunks_mut::<D>();
        let mut j = 0;
        while j < k {
            let a = Component::<D>::of(model, j);
            let (w_lo, w_hi) = w_rows.split_at_mut(j + 1);
            let (d_lo, d_hi) = diff_pairs.split_at_mut(j + 1);
            let (wa, da) = (&mut w_lo[j], &mut d_lo[j]);
            if j + 1 < k {
                let b = Component::<D>::of(model, j + 1);
                let (wb, db) = (&mut w_hi[0], &mut d_hi[0]);
                for i in 0..BLOCK {
                    wa[i] = a.log_prob(xt, i, da);
                    wb[i] = b.log_prob(xt, i, db);
                }
                running_max(mx, wa);
                running_max(mx, wb);
                j += 2;
            } else {
                for (i, v) in wa.iter_mut().enumerate() {
                    *v = a.log_prob(xt, i, da);
                }
                running_max(mx, wa);
                j += 1;
            }
        }
        return;
    }
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

/// `mx ← max(mx, w)` element by element, in a loop of its own so that it becomes vector
/// maximum instructions: a data-dependent choice inside a scalar loop can become a branch
/// (WebAssembly engines compile a scalar select that way), which mispredicts on shuffled data.
#[inline(always)]
fn running_max(mx: &mut [f64; BLOCK], w: &[f64; BLOCK]) {
    for (m, v) in mx.iter_mut().zip(w) {
        *m = if *v > *m { *v } else { *m };
    }
}

/// One component's parameters in registers, for dimension `D` (1–3).
struct Component<const D: usize> {
    mu: [f64; D],
    m: [[f64; D]; D],
    c: f64,
}

impl<const D: usize> Component<D> {
    #[inline(always)]
    fn of(model: &Mixture, j: usize) -> Self {
        let (mu, m) = (model.mean(j), model.prec_chol(j));
        Component {
            mu: std::array::from_fn(|a| mu[a]),
            m: std::array::from_fn(|a| std::array::from_fn(|p| m[a * D + p])),
            c: model.log_const(j),
        }
    }

    /// ln φN(x) for the block's point `i` (`xt` transposed), storing x − μ into `diff`.
    #[inline(always)]
    fn log_prob(&self, xt: &[&[f64; BLOCK]; D], i: usize, diff: &mut [[f64; BLOCK]; D]) -> f64 {
        let dv: [f64; D] = std::array::from_fn(|a| xt[a][i] - self.mu[a]);
        let mut maha = 0.0;
        for a in 0..D {
            diff[a][i] = dv[a];
            let mut y = 0.0;
            for p in 0..=a {
                y += self.m[a][p] * dv[p];
            }
            maha += y * y;
        }
        self.c - 0.5 * maha
    }
}

/// Replaces each log-probability in `w` by e^(w − max) and adds them up per point into `sum`;
/// with `EX`, also adds up e^(w − max) · (w − max) per point into `ex`, and with `KEEP` stores
/// w − max into `xs`. Two components at a time (and the two halves of the block for a last odd
/// one): each `exp` is a chain of dependent operations, and two independent chains side by side
/// keep more of the processor's units busy. The sums are added in component order all the same.
#[inline(always)]
fn block_exp<const EX: bool, const KEEP: bool>(
    w: &mut [f64],
    mx: &[f64; BLOCK],
    sum: &mut [f64; BLOCK],
    ex: &mut [f64; BLOCK],
    xs: &mut [f64],
) {
    let (rows, _) = w.as_chunks_mut::<BLOCK>();
    let (keep, _) = xs.as_chunks_mut::<BLOCK>();
    let k = rows.len();
    // One value: w ← e^(w − m), added to its point's sums; with `KEEP`, w − m kept in `x`.
    let one = |w: &mut f64, m: f64, sum: &mut f64, ex: &mut f64, x: Option<&mut f64>| {
        let d = *w - m;
        if let Some(x) = x {
            *x = d;
        }
        let e = exp_nonpositive(d);
        *w = e;
        *sum += e;
        if EX {
            // e·d, and 0 where e = 0 (d may be −∞ there).
            *ex += if e > 0.0 { e * d } else { 0.0 };
        }
    };
    let mut j = 0;
    while j + 1 < k {
        let (lo, hi) = rows.split_at_mut(j + 1);
        let (a, b) = (&mut lo[j], &mut hi[0]);
        for i in 0..BLOCK {
            let (ka, kb) = if KEEP {
                let (klo, khi) = keep.split_at_mut(j + 1);
                (Some(&mut klo[j][i]), Some(&mut khi[0][i]))
            } else {
                (None, None)
            };
            one(&mut a[i], mx[i], &mut sum[i], &mut ex[i], ka);
            one(&mut b[i], mx[i], &mut sum[i], &mut ex[i], kb);
        }
        j += 2;
    }
    if j < k {
        const H: usize = BLOCK / 2;
        let (a, b) = rows[j].split_at_mut(H);
        let (ma, mb) = mx.split_at(H);
        let (sa, sb) = sum.split_at_mut(H);
        let (ea, eb) = ex.split_at_mut(H);
        for i in 0..H {
            let (ka, kb) = if KEEP {
                let (klo, khi) = keep[j].split_at_mut(H);
                (Some(&mut klo[i]), Some(&mut khi[i]))
            } else {
                (None, None)
            };
            one(&mut a[i], ma[i], &mut sa[i], &mut ea[i], ka);
            one(&mut b[i], mb[i], &mut sb[i], &mut eb[i], kb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic values in (−1, 1) (a small LCG; no RNG crate needed).
    fn values(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
            })
            .collect()
    }

    fn sums<const D: usize, const G: usize>(w: &[f64], diff: &[[f64; BLOCK]]) -> Vec<u64> {
        let inv: [f64; BLOCK] = values(3, BLOCK).try_into().unwrap();
        let mut parts = vec![[0.5f64; LANES]; 1 + D + D * D];
        for _ in 0..3 {
            block_sums::<D, G>(w, &inv, diff, &mut parts);
        }
        parts.iter().flatten().map(|v| v.to_bits()).collect()
    }

    fn same_for_every_grouping<const D: usize>() {
        let r = values(1, BLOCK);
        let d = values(2, D * BLOCK);
        let diff: Vec<[f64; BLOCK]> = d
            .chunks_exact(BLOCK)
            .map(|c| c.try_into().unwrap())
            .collect();
        let all = sums::<D, LANES>(&r, &diff);
        assert_eq!(all, sums::<D, 4>(&r, &diff));
        assert_eq!(all, sums::<D, 2>(&r, &diff));
        assert_eq!(all, sums::<D, 1>(&r, &diff));
    }

    /// The WebAssembly build takes the lanes of the M-step sums a few at a time, native builds
    /// all at once: every addition is the same, so the numbers are bit for bit the same.
    #[test]
    fn m_step_sums_do_not_depend_on_how_many_lanes_are_taken_at_once() {
        same_for_every_grouping::<1>();
        same_for_every_grouping::<2>();
        same_for_every_grouping::<3>();
    }
}
