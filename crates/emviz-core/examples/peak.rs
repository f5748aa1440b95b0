//! How far one thread's EM pass is from the machine's arithmetic peak, measured on this machine:
//! `cargo run --release -p emviz-core --example peak -- FILE [REPEATS]` (FILE: 2-D points, e.g.
//! `target/bench-data/blobs_1000000.txt`, which `emviz bench --n 1e6` writes; `bench/peak.sh`
//! runs both).
//!
//! 1. **Peak**: independent chains of `x ← x·a + b` (one multiplication and one addition, not
//!    fused — the pass uses no fused multiply-add) at the vector width of the level the pass runs
//!    with (`emviz_core::simd::level()`, which `EMVIZ_SIMD` can force), enough chains to hide the
//!    latency of each operation, compiled through the same `pulp` dispatch as the pass (AVX-512
//!    and AVX2 only: see [`peak_measured`]).
//! 2. **The pass**: [`Stats::accumulate`] over the file under a random start (K = 5, full), one
//!    thread — the E-step and the M-step sums, exactly the lean loop's pass.
//! 3. **Flops of the pass**: counted from `fused.rs` (see [`FLOPS`]), times N.
//! 4. **`exp` alone**: the `exp_nonpositive` calls of the pass (N·K of them, with the argument
//!    `w − max` and the row sum) over a block held in L1, as the pass holds it.
//!
//! Every timing is repeated and printed as the median and the range (min–max); the peak
//! fraction is flops ÷ median pass time ÷ median peak rate. Each is taken twice: by the wall
//! clock and by the time the thread was on a processor (`/proc/thread-self/schedstat`, in ns), so
//! a machine shared with other work (whose load only takes the processor away) still gives a
//! usable figure; where schedstat is missing only the wall clock is printed.

use std::hint::black_box;
use std::time::Instant;

use emviz_core::fastmath::exp_nonpositive;
use emviz_core::spread::Spread;
use emviz_core::{parse_table, rng_from_seed, GmmParams, Init, Mixture, ParseOptions, Stats};

/// Floating-point operations per point and component of the lean unweighted pass for d = 2 and
/// full covariances, read off `crates/emviz-core/src/fused.rs` and `fastmath.rs` (each `+ − × ÷`
/// and each comparison counts one; selects, integer and data-movement operations do not).
const FLOPS: [(&str, u32); 4] = [
    // `Component::log_prob`: x − μ (2); y₀ = 0 + m₀₀δ₀ (2); maha = 0 + y₀² (2); y₁ = 0 + m₁₀δ₀ +
    // m₁₁δ₁ (4); maha += y₁² (2); c − ½·maha (2). The additions to 0.0 stay: IEEE 0 + x is not x
    // for x = −0, so the compiler keeps them.
    ("densities", 14),
    // `running_max`: one comparison (a vector max).
    ("running maximum", 1),
    // `block_exp` → `exp_nonpositive`: w − max (1), clamp (1), t = x·log₂e + shifter (2),
    // k = t − shifter (1), r = (x − k·ln2_hi) − k·ln2_lo (4), r², r⁴, r⁸ (3), six q's (12),
    // three s's (6), p (4), e^r − 1 = r + r²p (2), (1 + ·)·2^k (2), the underflow test (1), and
    // the row sum += e (1).
    ("exp and row sum", 40),
    // `block_sums::<2, _>`: r = w·(1/sum) (1), Σr (1), r·δₐ and Σ (4), Σ r·δₐ·δ_b over the upper
    // triangle (3 × 2).
    ("M-step sums", 12),
];

/// Per point (not per component): 1/sum, Σ max, the product of row sums (`block_log_total`);
/// the one `ln` per 16 points is left out (under 2 flops a point).
const FLOPS_PER_POINT: u32 = 3;

/// Flops per point of a pass with [`K`] components.
fn flops_per_point() -> u32 {
    FLOPS.iter().map(|f| f.1).sum::<u32>() * K as u32 + FLOPS_PER_POINT
}

/// Components (the benchmarks' K).
const K: usize = 5;

/// Independent chains in the peak loop: enough to hide a 4-cycle latency on two ports.
const CHAINS: usize = 12;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench-data/blobs_1000000.txt".into());
    let repeats: usize = args
        .next()
        .and_then(|r| r.parse().ok())
        .unwrap_or(11)
        .max(1);
    let k = K;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e} (run `emviz bench --n 1e6` first)"));
    let data = parse_table(&text, &ParseOptions::default()).expect("a table of numbers");
    assert_eq!(data.d(), 2, "the flop count is for 2-D data");
    let n = data.n();
    let start = GmmParams::new(k)
        .init(Init::Random)
        .seed(0)
        .check(&data)
        .and_then(|p| p.initial_model(&data, &mut rng_from_seed(0)))
        .expect("a start");

    let level = emviz_core::simd::level();
    let width = match level {
        "v4" => "AVX-512, 8 doubles a vector",
        "v3" => "AVX2, 4 doubles a vector",
        _ => "SSE2, vectorised by the compiler",
    };
    // Each measurement repeats its work to last ~0.1 s or more, so that the on-CPU clock, which
    // the kernel updates at its ticks, is read to within a few per cent.
    let flops = flops_per_point() as f64 * n as f64;
    let times = (3e9 / flops).ceil() as usize;
    // The three measurements take turns, so a change in the machine's load touches all three.
    let mut rounds: Vec<[Timed; 3]> = vec![];
    for round in 0..=repeats {
        let p = if peak_measured(level) {
            timed(|| peak_loop(level))
        } else {
            Timed {
                wall: f64::NAN,
                cpu: Some(f64::NAN),
            }
        };
        let s = timed(|| (0..times).for_each(|_| pass(&start, data.values())));
        let e = timed(|| (0..times).for_each(|_| exp_loop(n, k)));
        // Round 0 warms up.
        if round > 0 {
            rounds.push([p, s, e]);
        }
    }
    let flops_peak = peak_flops(level);
    let per_pair: u32 = FLOPS.iter().map(|f| f.1).sum();
    let per_point = flops_per_point();
    println!("file: {path} (N = {n}, d = 2), K = {k}, full, one thread, {repeats} repeats of {times} passes");
    println!("simd level: {level} ({width})");
    let breakdown: Vec<String> = FLOPS.iter().map(|(w, f)| format!("{w} {f}")).collect();
    println!(
        "flops per point and component: {per_pair} ({}); per point: {per_point} (+{FLOPS_PER_POINT} per point); per pass: {flops:.4e}",
        breakdown.join(", ")
    );
    let clocks: [(&str, Clock); 2] = [("on-CPU", |t| t.cpu), ("wall-clock", |t| Some(t.wall))];
    for (clock, pick) in clocks {
        let Some(v) = rounds
            .iter()
            .map(|r| Some([pick(&r[0])?, pick(&r[1])?, pick(&r[2])?]))
            .collect::<Option<Vec<[f64; 3]>>>()
        else {
            println!("{clock}: not available");
            continue;
        };
        let peak = spread(v.iter().map(|r| flops_peak / r[0] / 1e9).collect());
        let pass = spread(v.iter().map(|r| r[1] / times as f64).collect());
        let exp = spread(v.iter().map(|r| r[2] / times as f64).collect());
        report(clock, flops, &peak, &pass, &exp, n, k, level, repeats);
    }
}

/// Prints one clock's figures, then the same as a JSON line.
#[allow(clippy::too_many_arguments)]
fn report(
    clock: &str,
    flops: f64,
    peak: &Spread,
    pass: &Spread,
    exp: &Spread,
    n: usize,
    k: usize,
    level: &str,
    repeats: usize,
) {
    let rate = flops / pass.median / 1e9;
    println!("{clock}:");
    println!("  pass (Stats::accumulate): {} ms", show(pass, 1e3, 3));
    println!("  achieved: {rate:.2} Gflop/s at the median pass");
    println!(
        "  exp_nonpositive alone, N·K values: {} ms = {:.1} % of the median pass",
        show(exp, 1e3, 3),
        100.0 * exp.median / pass.median
    );
    if peak.median.is_nan() {
        println!("  peak: not measured at this level (see peak_measured)");
        return;
    }
    println!(
        "  peak (x = x*a + b, {CHAINS} chains, unfused): {} Gflop/s",
        show(peak, 1.0, 2)
    );
    println!(
        "  fraction of measured peak: {:.1} % (median pass ÷ median peak; {:.1}–{:.1} % over the passes' range)",
        100.0 * rate / peak.median,
        100.0 * flops / pass.max / 1e9 / peak.median,
        100.0 * flops / pass.min / 1e9 / peak.median,
    );
    println!(
        "  {{\"clock\":\"{clock}\",\"n\":{n},\"k\":{k},\"simd\":\"{level}\",\"repeats\":{repeats},\"peak_gflops\":{:.3},\"peak_gflops_min\":{:.3},\"peak_gflops_max\":{:.3},\"pass_ms\":{:.4},\"pass_ms_min\":{:.4},\"pass_ms_max\":{:.4},\"achieved_gflops\":{rate:.3},\"peak_fraction\":{:.4},\"exp_ms\":{:.4},\"exp_share\":{:.4}}}",
        peak.median,
        peak.min,
        peak.max,
        pass.median * 1e3,
        pass.min * 1e3,
        pass.max * 1e3,
        rate / peak.median,
        exp.median * 1e3,
        exp.median / pass.median
    );
}

/// Which of a measurement's two times to read.
type Clock = fn(&Timed) -> Option<f64>;

/// One measurement: wall-clock seconds and, where the kernel tells, seconds on a processor.
struct Timed {
    wall: f64,
    cpu: Option<f64>,
}

/// Times `work`.
fn timed(work: impl FnOnce()) -> Timed {
    let c0 = on_cpu_ns();
    let t = Instant::now();
    work();
    let wall = t.elapsed().as_secs_f64();
    let cpu = c0.zip(on_cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    Timed { wall, cpu }
}

/// Nanoseconds this thread has run on a processor (Linux schedstat), if known.
fn on_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// How a spread of measurements is printed.
fn show(s: &Spread, scale: f64, digits: usize) -> String {
    format!(
        "median {:.digits$} (min {:.digits$}, max {:.digits$})",
        s.median * scale,
        s.min * scale,
        s.max * scale
    )
}

/// The spread of `v` (NaN for no rounds at all).
fn spread(v: Vec<f64>) -> Spread {
    Spread::of(v).unwrap_or(Spread {
        median: f64::NAN,
        min: f64::NAN,
        max: f64::NAN,
    })
}

/// The dispatcher of the level the pass runs with.
fn arch(level: &str) -> pulp::Arch {
    #[cfg(target_arch = "x86_64")]
    {
        use pulp::x86::{V3, V4};
        match level {
            "v4" => return V4::try_new().map_or_else(pulp::Arch::new, pulp::Arch::V4),
            "v3" => return V3::try_new().map_or_else(pulp::Arch::new, pulp::Arch::V3),
            "scalar" => return pulp::Arch::Scalar,
            _ => {}
        }
    }
    let _ = level;
    pulp::Arch::new()
}

/// Rounds of the peak loop.
const ROUNDS: usize = 20_000_000;

/// Flops of one [`peak_loop`]: `CHAINS` vectors of `x ← x·a + b`, 2 flops a lane a round.
fn peak_flops(level: &str) -> f64 {
    let lanes = CHAINS * if level == "v4" { 8 } else { 4 };
    (2 * ROUNDS * lanes) as f64
}

/// The peak loop at `level`'s vector width (AVX2 or AVX-512).
fn peak_loop(level: &str) {
    let total = arch(level).dispatch(Peak(ROUNDS));
    assert!(black_box(total.0).is_finite());
}

/// Whether the peak is measured at `level`: for AVX-512 and AVX2, whose vectors pulp's types are.
/// The SSE2 copy of the pass is vectorised two doubles at a time by the compiler, and no loop of
/// this example has yet reached a credible SSE2 peak (the pass itself went faster), so none is
/// claimed there.
fn peak_measured(level: &str) -> bool {
    matches!(level, "v4" | "v3")
}

/// The peak loop: `CHAINS` vectors of `x ← x·a + b` with the level's own vector type (pulp's
/// `mul_f64s` and `add_f64s`: one multiplication and one addition instruction, never fused),
/// `.0` rounds.
struct Peak(usize);

impl pulp::WithSimd for Peak {
    type Output = (f64,);

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) -> (f64,) {
        let a = simd.splat_f64s(black_box(0.5));
        let b = simd.splat_f64s(black_box(0.5));
        let mut x: [S::f64s; CHAINS] =
            std::array::from_fn(|c| simd.splat_f64s(1.0 + c as f64 * 1e-3));
        for _ in 0..self.0 {
            for v in x.iter_mut() {
                *v = simd.add_f64s(simd.mul_f64s(*v, a), b);
            }
        }
        (x.iter().map(|v| simd.reduce_sum_f64s(*v)).sum(),)
    }
}

/// Points in a block of the pass (`fused.rs`).
const BLOCK: usize = 64;

/// One pass over `values` under `model`, one thread.
fn pass(model: &Mixture, values: &[f64]) {
    let mut stats = Stats::empty(model);
    stats
        .accumulate(model, black_box(values))
        .expect("a pass over finite data");
    black_box(stats.log_likelihood());
}

/// `n·k` calls of the pass's `exp` (argument, `exp`, row sum) over an L1-held block.
fn exp_loop(n: usize, k: usize) {
    let src: Vec<f64> = (0..k * BLOCK)
        .map(|i| -((i * 37 % 101) as f64) * 0.2)
        .collect();
    let level = emviz_core::simd::level();
    let total = arch(level).dispatch(ExpLoop {
        src: &src,
        blocks: n.div_ceil(BLOCK),
        k,
    });
    assert!(black_box(total.0).is_finite());
}

/// The exp part of the pass: per block, each of the k rows of log-probabilities minus the
/// point's maximum, through `exp_nonpositive`, summed per point.
struct ExpLoop<'a> {
    src: &'a [f64],
    blocks: usize,
    k: usize,
}

impl pulp::WithSimd for ExpLoop<'_> {
    type Output = (f64,);

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> (f64,) {
        let (rows, _) = self.src.as_chunks::<BLOCK>();
        let mut w = vec![[0.0f64; BLOCK]; self.k];
        let mut total = 0.0;
        for b in 0..self.blocks {
            // A maximum that changes per block, so no work can be hoisted out of the loop.
            let m = (b % 7) as f64 * 0.01;
            let rows = black_box(rows);
            let mut sum = [0.0f64; BLOCK];
            for (row, out) in rows.iter().zip(w.iter_mut()) {
                for i in 0..BLOCK {
                    let e = exp_nonpositive(row[i] - m);
                    out[i] = e;
                    sum[i] += e;
                }
            }
            total += sum[b % BLOCK] + w[b % self.k][b % BLOCK];
        }
        (total,)
    }
}
