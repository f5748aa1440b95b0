//! `emviz bench`: the time of one EM iteration (E-step + M-step) on 2-D data from five blobs,
//! and the peak memory of the process, for several data sizes.
//!
//! Per repeat, the iterations' time is (t(`iters` iterations) − t(0 iterations)) / `iters`, both
//! runs from the same start (a run always makes one E-step first, which the difference removes);
//! over the repeats the median is the figure and the smallest and largest are printed beside it.
//!
//! The data files `DIR/blobs_<N>.txt` are shared with `bench/sklearn_em_bench.py`, so both
//! programs fit the same numbers: whichever runs first writes a missing file, the other reads it.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use emviz_core::driver::{run_on, RunOutcome};
use emviz_core::spread::Spread;
use emviz_core::{
    parse_table, rng_from_seed, CovarianceType, Dataset, GmmParams, InMemory, Init, LoopParams,
    Mixture, ParseOptions, Weights,
};
use serde::Serialize;

use crate::args::BenchArgs;
use crate::error::{io_message, CliError, Result};
use crate::input::read_text;
use crate::output::{format_g17, peak_rss_mb, print, print_json_line};

/// The seed of the generated data (the same as the Python script's, though the generators
/// differ, so the points do too).
const DATA_SEED: u64 = 42;

/// The five blobs: weight, mean, covariance (row-major), as in `bench/sklearn_em_bench.py`.
const BLOBS: [(f64, [f64; 2], [f64; 4]); 5] = [
    (0.30, [-6.0, -4.0], [2.0, 0.6, 0.6, 1.0]),
    (0.25, [0.0, 6.0], [1.0, -0.3, -0.3, 0.5]),
    (0.20, [5.0, -2.0], [0.8, 0.0, 0.0, 2.5]),
    (0.15, [8.0, 7.0], [1.5, 1.1, 1.1, 1.2]),
    (0.10, [-3.0, 2.0], [0.3, 0.0, 0.0, 0.3]),
];

/// One line of the report.
#[derive(Serialize)]
struct BenchRow {
    n: usize,
    /// The median over the repeats of (t(iters) − t(0)) / iters.
    emviz_ms_per_iter: f64,
    emviz_ms_per_iter_min: f64,
    emviz_ms_per_iter_max: f64,
    iters: usize,
    peak_rss_mb: Option<f64>,
    /// One E-step alone (the initial one), the median over the repeats.
    e_step_ms: f64,
    k: usize,
    d: usize,
    repeats: usize,
    threads: usize,
    /// ms/iteration with one thread ÷ this row's (1 for one thread; null without a one-thread row).
    speedup: Option<f64>,
    final_mean_log_likelihood: f64,
    data_file: String,
    /// Whether the points carried sample weights (`--weighted`).
    weighted: bool,
    /// The vector instructions the pass ran with (`EMVIZ_SIMD` forces them).
    simd: &'static str,
}

/// Runs `emviz bench`.
pub fn run(args: &BenchArgs) -> Result<()> {
    if args.iters == 0 {
        return Err(CliError::msg("--iters must be at least 1"));
    }
    if args.repeats == 0 {
        return Err(CliError::msg("--repeats must be at least 1"));
    }
    if cfg!(debug_assertions) {
        crate::output::warn("this is a debug build: build with --release for meaningful timings");
    }
    let threads = if args.threads.is_empty() {
        let all = emviz_core::available_threads();
        if all > 1 {
            vec![1, all]
        } else {
            vec![1]
        }
    } else {
        args.threads.clone()
    };
    if threads.contains(&0) {
        return Err(CliError::msg("--threads: every count must be at least 1"));
    }
    if !args.json {
        print(&format!(
            "EM{}, K = {}, full covariances, {} iterations, {} vectors; ms/iter: median (min–max) of {} repeat{} of (t({}) − t(0)) / {}\n\n{:>10}  {:>7}  {:>12}  {:>19}  {:>8}  {:>12}\n",
            if args.weighted { " with sample weights" } else { "" },
            args.k,
            args.iters,
            emviz_core::simd::level(),
            args.repeats,
            if args.repeats == 1 { "" } else { "s" },
            args.iters,
            args.iters,
            "N",
            "threads",
            "ms/iter",
            "min–max",
            "speed-up",
            "peak RSS MB"
        ))?;
    }
    for &n in &args.n {
        let path = ensure_data(&args.data_dir, n)?;
        let name = path.display().to_string();
        // Without the reset (not Linux, or an old kernel) the figure is the peak so far.
        reset_peak_rss();
        let data = parse_table(&read_text(&path)?, &ParseOptions::default())
            .map_err(|e| CliError::context(&name, e))?;
        if data.n() != n {
            return Err(CliError::msg(format!(
                "{name} holds {} points, not {n}; delete it to have it written again",
                data.n()
            )));
        }
        let mut one_thread = None;
        for &t in &threads {
            let mut row = measure(args, &data, &name, t)?;
            if t == 1 {
                one_thread = Some(row.emviz_ms_per_iter);
            }
            row.speedup = one_thread.map(|one| one / row.emviz_ms_per_iter);
            row.peak_rss_mb = peak_rss_mb();
            if args.json {
                print_json_line(&row)?;
            } else {
                print(&format!(
                    "{:>10}  {:>7}  {:>12.4}  {:>19}  {:>8}  {:>12}\n",
                    row.n,
                    row.threads,
                    row.emviz_ms_per_iter,
                    format!(
                        "{:.4}–{:.4}",
                        row.emviz_ms_per_iter_min, row.emviz_ms_per_iter_max
                    ),
                    row.speedup
                        .map_or_else(|| "n/a".to_owned(), |s| format!("{s:.2}x")),
                    row.peak_rss_mb
                        .map_or_else(|| "n/a".to_owned(), |m| format!("{m:.1}"))
                ))?;
            }
        }
    }
    Ok(())
}

/// Builds the random start and times the EM iterations with `threads` threads.
fn measure(args: &BenchArgs, data: &Dataset, name: &str, threads: usize) -> Result<BenchRow> {
    let params = GmmParams::new(args.k)
        .init(Init::Random)
        .seed(args.seed)
        .reg_covar(args.reg_covar)
        .check(data)?;
    let start = params.initial_model(data, &mut rng_from_seed(args.seed))?;
    let weights = args.weighted.then(|| bench_weights(data.n())).transpose()?;
    // tol = 0 never stops early: exactly the iterations asked for.
    let (none, all) = (
        LoopParams::new(args.reg_covar, 0.0, 0)?,
        LoopParams::new(args.reg_covar, 0.0, args.iters)?,
    );
    let mut per_iter = Vec::with_capacity(args.repeats);
    let mut e_step = Vec::with_capacity(args.repeats);
    let mut ll = f64::NAN;
    for _ in 0..args.repeats {
        let (t_init, _) = timed_run(data, weights.as_ref(), &start, &none, threads)?;
        let (t_full, outcome) = timed_run(data, weights.as_ref(), &start, &all, threads)?;
        if outcome.n_iter != args.iters {
            return Err(CliError::msg(format!(
                "only {} of {} EM iterations ran",
                outcome.n_iter, args.iters
            )));
        }
        // The iterations' time is the whole run's less the first pass's. On a busy machine the
        // pass alone can take longer than the whole run did; then the whole run's time stands
        // (an overestimate), never a zero that would make the speed-up infinite.
        let iterations = if t_full > t_init {
            t_full - t_init
        } else {
            t_full
        };
        per_iter.push(iterations.as_secs_f64() * 1e3 / args.iters as f64);
        e_step.push(t_init.as_secs_f64() * 1e3);
        ll = outcome.trace.last().copied().unwrap_or(f64::NAN);
    }
    let (median, min, max) = median_and_range(per_iter);
    Ok(BenchRow {
        n: data.n(),
        emviz_ms_per_iter: median,
        emviz_ms_per_iter_min: min,
        emviz_ms_per_iter_max: max,
        iters: args.iters,
        peak_rss_mb: None,
        e_step_ms: median_and_range(e_step).0,
        k: args.k,
        d: data.d(),
        repeats: args.repeats,
        threads,
        speedup: None,
        final_mean_log_likelihood: ll,
        data_file: name.to_owned(),
        weighted: args.weighted,
        simd: emviz_core::simd::level(),
    })
}

/// The median, least and largest of `v` (the core's [`Spread`]; NaN for none).
fn median_and_range(v: Vec<f64>) -> (f64, f64, f64) {
    Spread::of(v).map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.median, s.min, s.max))
}

/// The sample weights of `--weighted`: 0.5, 0.6, …, 1.5 over and over (mean 1).
fn bench_weights(n: usize) -> Result<Weights> {
    let w = (0..n).map(|i| 0.5 + (i % 11) as f64 / 10.0).collect();
    Ok(Weights::new(w, n)?)
}

/// The EM iterations of `params` from `start`, and their wall time.
fn timed_run(
    data: &Dataset,
    weights: Option<&Weights>,
    start: &Mixture,
    params: &LoopParams,
    threads: usize,
) -> Result<(Duration, RunOutcome)> {
    let model = start.clone();
    let t = Instant::now();
    let mut source = InMemory::new(black_box(data), threads).weighted_by(weights)?;
    let outcome = run_on(&mut source, model, params)?;
    let elapsed = t.elapsed();
    Ok((elapsed, black_box(outcome)))
}

/// The path of the data file for `n`, written first if it does not exist.
fn ensure_data(dir: &Path, n: usize) -> Result<PathBuf> {
    let path = dir.join(format!("blobs_{n}.txt"));
    if path.is_file() {
        return Ok(path);
    }
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        CliError::msg(format!("cannot {what} {}: {}", p.display(), io_message(&e)))
    };
    fs::create_dir_all(dir).map_err(|e| fail("create", dir, e))?;
    let text = blobs_text(n)?;
    let tmp = dir.join(format!("blobs_{n}.txt.tmp.{}", std::process::id()));
    fs::write(&tmp, text).map_err(|e| fail("write", &tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| fail("write", &path, e))?;
    eprintln!("bench: wrote {}", path.display());
    Ok(path)
}

/// `n` points from the five blobs, one per line, coordinates as `%.17g` separated by a space.
fn blobs_text(n: usize) -> Result<String> {
    let weights = BLOBS.iter().map(|b| b.0).collect();
    let means = BLOBS.iter().flat_map(|b| b.1).collect();
    let covariances = BLOBS.iter().flat_map(|b| b.2).collect();
    let model = Mixture::new(CovarianceType::Full, weights, means, covariances)?;
    let mut rng = rng_from_seed(DATA_SEED);
    let mut text = String::with_capacity(n * 42);
    let mut left = n;
    while left > 0 {
        let m = left.min(1 << 16);
        left -= m;
        let (points, _) = model.sample(m, &mut rng);
        for p in points.rows() {
            text += &format_g17(p[0]);
            text.push(' ');
            text += &format_g17(p[1]);
            text.push('\n');
        }
    }
    Ok(text)
}

/// Resets the process's peak resident set size (Linux: `5` into `/proc/self/clear_refs`).
fn reset_peak_rss() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_text_is_deterministic_and_parses() {
        let a = blobs_text(100).unwrap();
        assert_eq!(a, blobs_text(100).unwrap());
        let data = parse_table(&a, &ParseOptions::default()).unwrap();
        assert_eq!((data.n(), data.d()), (100, 2));
    }

    #[test]
    fn peak_rss_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_mb().is_some_and(|m| m > 0.0));
        }
    }
}
