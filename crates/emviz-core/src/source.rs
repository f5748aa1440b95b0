//! Where the points of a fit live, and how one EM pass over them is made: [`Source`].
//!
//! The EM loop ([`crate::driver::run_on`]) only ever asks its source for one thing: the merged
//! [`Stats`] of a pass under some parameters. [`InMemory`] answers from a [`Dataset`], split into
//! shards over threads; the CLI answers from a binary column cache streamed from disk
//! (data larger than memory); the Python package and Spark answer from arrays and Arrow batches.
//!
//! **Determinism.** A pass over `n` points with `t` threads splits the rows into
//! [`shard_ranges`]`(n, t)` — fixed by index, whole blocks of the fused kernel — and merges the
//! shards' statistics in a fixed pairwise tree ([`Stats::merge_tree`]). So the same data, settings
//! and thread count give bit-identical results however the threads are scheduled; one thread (or
//! data too small to split) is exactly the single pass, and different thread counts differ only
//! by the rounding of the additions (the tests bound it at 1e-12 relative).

use std::ops::Range;

use crate::data::Dataset;
use crate::error::Result;
use crate::fused;
use crate::mixture::Mixture;
use crate::stats::Stats;
use crate::weights::Weights;

/// Points of a fit that one EM pass can be made over.
pub trait Source {
    /// Number of points.
    fn n(&self) -> usize;
    /// Number of columns.
    fn d(&self) -> usize;
    /// One pass under `model` over every point: the statistics accumulated into (a copy of)
    /// `empty` — made for `model` by [`Stats::empty`], or the one [`crate::MStep::Again`] gave.
    fn pass(&mut self, model: &Mixture, empty: &Stats) -> Result<Stats>;
}

/// A [`Dataset`] in memory, its passes split over `threads` threads, each point weighted by
/// its sample weight when given ([`InMemory::weighted`]).
#[derive(Clone, Copy, Debug)]
pub struct InMemory<'a> {
    data: &'a Dataset,
    threads: usize,
    weights: Option<&'a Weights>,
}

impl<'a> InMemory<'a> {
    /// Passes over `data` with up to `threads` threads (1: the single-threaded pass).
    pub fn new(data: &'a Dataset, threads: usize) -> Self {
        Self {
            data,
            threads: threads.max(1),
            weights: None,
        }
    }

    /// These passes with each point's contribution times its weight (`weights` checked for
    /// `data`'s points: [`Weights::new`]`(…, data.n())`).
    pub fn weighted(self, weights: &'a Weights) -> Result<Self> {
        weights.check_len(self.data.n())?;
        Ok(Self {
            weights: Some(weights),
            ..self
        })
    }

    /// [`InMemory::weighted`] when `weights` are given, else these passes as they are.
    pub fn weighted_by(self, weights: Option<&'a Weights>) -> Result<Self> {
        match weights {
            Some(w) => self.weighted(w),
            None => Ok(self),
        }
    }
}

impl Source for InMemory<'_> {
    fn n(&self) -> usize {
        self.data.n()
    }

    fn d(&self) -> usize {
        self.data.d()
    }

    fn pass(&mut self, model: &Mixture, empty: &Stats) -> Result<Stats> {
        let weights = self.weights.map(Weights::values);
        pass_over_weighted(model, self.data.values(), weights, 0, empty, self.threads)
    }
}

/// The fewest rows worth a thread of their own: below this, starting a thread costs more than
/// it saves (a pass over 8 192 points in 2-D with K = 5 takes about 0.1 ms).
pub const MIN_ROWS_PER_THREAD: usize = 8192;

/// How a pass over `n` points with `threads` threads is split: contiguous ranges of whole blocks
/// of the fused kernel, at least [`MIN_ROWS_PER_THREAD`] rows each (so small data stays one
/// shard), as equal as whole blocks allow.
pub fn shard_ranges(n: usize, threads: usize) -> Vec<Range<usize>> {
    let by_size = n.div_ceil(MIN_ROWS_PER_THREAD).max(1);
    let shards = threads.max(1).min(by_size);
    let blocks = n.div_ceil(fused::BLOCK);
    let per = blocks.div_ceil(shards) * fused::BLOCK;
    (0..shards)
        .map(|s| (s * per).min(n)..((s + 1) * per).min(n))
        .filter(|r| !r.is_empty() || n == 0)
        .collect()
}

/// One pass under `model` over `values` (row-major, `model.d()` values a point; the first point
/// is point `first_row` of the data, for messages), split over `threads` threads as
/// [`shard_ranges`] says, each shard accumulated into a copy of `empty`, merged in a fixed tree.
pub fn pass_over(
    model: &Mixture,
    values: &[f64],
    first_row: usize,
    empty: &Stats,
    threads: usize,
) -> Result<Stats> {
    pass_over_weighted(model, values, None, first_row, empty, threads)
}

/// [`pass_over`] with a sample weight per point when `weights` is given (one per row of
/// `values`, each finite and ≥ 0 — checked by the caller once, where they entered:
/// [`crate::weights`]); the shards split the weights as they split the rows.
pub fn pass_over_weighted(
    model: &Mixture,
    values: &[f64],
    weights: Option<&[f64]>,
    first_row: usize,
    empty: &Stats,
    threads: usize,
) -> Result<Stats> {
    let d = model.d();
    let n = values.len() / d;
    let shards = shard_ranges(n, threads_here(threads));
    let one = |r: &Range<usize>| -> Result<Stats> {
        let mut s = empty.cleared();
        fused::gather(
            model,
            &values[r.start * d..r.end * d],
            first_row + r.start,
            &mut s,
            None,
            None,
            weights.map(|w| &w[r.clone()]),
        )?;
        Ok(s)
    };
    if shards.len() <= 1 {
        return one(&(0..n));
    }
    let results: Vec<Result<Stats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shards[1..]
            .iter()
            .map(|r| scope.spawn(move || one(r)))
            .collect();
        let mut out = vec![one(&shards[0])];
        out.extend(handles.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        out
    });
    let stats = results.into_iter().collect::<Result<Vec<_>>>()?;
    Ok(Stats::merge_tree(stats)?.expect("at least one shard"))
}

/// The threads a pass may use here: all asked for natively, one in WebAssembly (whose page uses
/// Web Workers instead; `std::thread` cannot start threads there).
pub(crate) fn threads_here(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        threads.max(1)
    }
}

/// The number of threads the machine offers (1 in WebAssembly or if it cannot be told).
pub fn available_threads() -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_rows_in_whole_blocks() {
        for n in [0, 1, 63, 64, 65, 8191, 8192, 8193, 100_000, 1_000_003] {
            for t in 1..=5 {
                let s = shard_ranges(n, t);
                assert!(!s.is_empty());
                assert_eq!(s[0].start, 0);
                assert_eq!(s.last().unwrap().end, n);
                for w in s.windows(2) {
                    assert_eq!(w[0].end, w[1].start);
                    assert_eq!(w[0].end % fused::BLOCK, 0);
                }
                assert!(s.len() <= t);
                if n < 2 * MIN_ROWS_PER_THREAD {
                    assert!(s.len() <= 2);
                }
            }
        }
        assert_eq!(shard_ranges(5000, 4).len(), 1);
        assert_eq!(shard_ranges(1_000_000, 2).len(), 2);
    }
}
