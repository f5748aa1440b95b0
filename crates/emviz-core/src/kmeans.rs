//! k-means (Lloyd's algorithm) in the same step-wise shape as EM: an assignment step (hard E-step)
//! and an update step (M-step), so the two can be shown side by side. With sample weights
//! ([`KMeans::weighted`]) each centre moves to the weighted mean of its points and the objective
//! is Σ wₙ ‖xₙ − c(xₙ)‖² (scikit-learn's `KMeans(sample_weight)`): an integer weight counts as the
//! point repeated; without weights every weight is 1, which leaves every sum's bits unchanged.

use std::convert::Infallible;
use std::sync::Arc;

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::init::{dist2, kmeans_plusplus, nearest};
use crate::rng::EmRng;
use crate::source::{shard_ranges, threads_here};
use crate::weights::Weights;

/// k-means state: centres and the current assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct KMeans {
    d: usize,
    centers: Vec<f64>,
    labels: Vec<usize>,
    iteration: usize,
    changed: usize,
    /// Threads the assignment and the sums are split over ([`crate::source::shard_ranges`]).
    threads: usize,
    /// The points' sample weights, if any.
    weights: Option<Arc<Weights>>,
}

/// What a full run did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KMeansRun {
    /// Iterations (assign + update) done.
    pub n_iter: usize,
    /// Whether the assignment stopped changing.
    pub converged: bool,
    /// Sum of squared distances to the nearest centre.
    pub inertia: f64,
}

impl KMeans {
    /// Starts from given centres (`k × d` row-major).
    pub fn new(data: &Dataset, centers: Vec<f64>) -> Result<Self> {
        let d = data.d();
        if centers.is_empty() || !centers.len().is_multiple_of(d) {
            return Err(Invalid::CentresShape {
                values: centers.len(),
                d,
            }
            .into());
        }
        if centers.iter().any(|c| !c.is_finite()) {
            return Err(Invalid::CentresNotFinite.into());
        }
        let k = centers.len() / d;
        if data.n() < k {
            return Err(Error::TooFewPoints { n: data.n(), k });
        }
        Ok(Self {
            d,
            centers,
            labels: Vec::new(),
            iteration: 0,
            changed: usize::MAX,
            threads: 1,
            weights: None,
        })
    }

    /// The same start with each point weighted by `weights` (one per point of the data it will
    /// run on, checked at each step); `None` is unweighted.
    pub fn weighted(self, weights: Option<Arc<Weights>>) -> Self {
        Self { weights, ..self }
    }

    /// Point `i`'s weight (1 without weights; NaN past the weights' end, which the steps refuse
    /// and [`KMeans::inertia`] shows as NaN rather than panicking).
    fn weight(&self, i: usize) -> f64 {
        self.weights
            .as_ref()
            .map_or(1.0, |w| w.values().get(i).copied().unwrap_or(f64::NAN))
    }

    /// Starts from k-means++ seeds drawn from `rng`.
    pub fn plus_plus(data: &Dataset, k: usize, rng: &mut EmRng) -> Result<Self> {
        if k == 0 {
            return Err(Invalid::KZero.into());
        }
        if data.n() < k {
            return Err(Error::TooFewPoints { n: data.n(), k });
        }
        let centers = kmeans_plusplus(data, k, rng)
            .into_iter()
            .flat_map(|i| data.row(i).to_vec())
            .collect();
        Self::new(data, centers)
    }

    /// Splits each step over `threads` threads. Assignments do not depend on it; the centres'
    /// sums are added shard by shard in a fixed order, so they depend on it only through
    /// rounding (1 thread: exactly the single-threaded numbers).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Number of clusters.
    pub fn k(&self) -> usize {
        self.centers.len() / self.d
    }

    /// Centres, `k × d` row-major.
    pub fn centers(&self) -> &[f64] {
        &self.centers
    }

    /// The cluster of every point (empty before the first assignment).
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// Completed update steps.
    pub fn iteration(&self) -> usize {
        self.iteration
    }

    /// Assignment step: every point to its nearest centre. Returns the number of points whose
    /// cluster changed (all of them the first time, or when the data grew).
    pub fn assign(&mut self, data: &Dataset) -> Result<usize> {
        self.check(data)?;
        let d = self.d;
        let fresh = self.labels.len() != data.n();
        let mut changed = 0;
        if fresh {
            self.labels = vec![usize::MAX; data.n()];
        }
        let centers = &self.centers;
        let assign = |first: usize, labels: &mut [usize]| -> usize {
            let mut changed = 0;
            for (i, l) in labels.iter_mut().enumerate() {
                let j = nearest(data.row(first + i), centers.chunks_exact(d));
                if *l != j {
                    *l = j;
                    changed += 1;
                }
            }
            changed
        };
        changed += on_shards(&mut self.labels, self.threads, assign)
            .into_iter()
            .sum::<usize>();
        self.changed = changed;
        Ok(changed)
    }

    /// Update step: every centre to the (weighted) mean of its points (a cluster with no point, or
    /// only points of weight 0, keeps its centre).
    pub fn update(&mut self, data: &Dataset) -> Result<()> {
        self.check(data)?;
        if self.labels.len() != data.n() {
            return Err(Invalid::UpdateBeforeAssign.into());
        }
        let (k, d) = (self.k(), self.d);
        let shard_sums = |first: usize, labels: &[usize]| {
            let mut sums = vec![0.0; k * d];
            let mut counts = vec![0.0; k];
            for (i, &l) in labels.iter().enumerate() {
                let w = self.weight(first + i);
                counts[l] += w;
                for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(data.row(first + i)) {
                    *s += w * v;
                }
            }
            (sums, counts)
        };
        let parts = map_shards(&self.labels, self.threads, shard_sums);
        let (sums, counts) = merge_tree(parts, |(mut s, mut c), (s2, c2)| {
            s.iter_mut().zip(&s2).for_each(|(a, b)| *a += b);
            c.iter_mut().zip(&c2).for_each(|(a, b)| *a += b);
            (s, c)
        });
        for j in 0..k {
            if counts[j] > 0.0 {
                for a in 0..d {
                    self.centers[j * d + a] = sums[j * d + a] / counts[j];
                }
            }
        }
        self.iteration += 1;
        Ok(())
    }

    /// The k-means objective: sum of squared distances from points to their assigned centres
    /// (to the nearest centre before the first assignment), each times the point's weight (NaN
    /// if the data are not those the weights are of).
    pub fn inertia(&self, data: &Dataset) -> f64 {
        let d = self.d;
        if self.labels.len() == data.n() {
            let part = |first: usize, labels: &[usize]| -> f64 {
                labels
                    .iter()
                    .enumerate()
                    .map(|(i, &l)| {
                        let c = &self.centers[l * d..(l + 1) * d];
                        self.weight(first + i) * dist2(data.row(first + i), c)
                    })
                    .sum()
            };
            merge_tree(map_shards(&self.labels, self.threads, part), |a, b| a + b)
        } else {
            data.rows()
                .enumerate()
                .map(|(i, x)| {
                    let nearest = self
                        .centers
                        .chunks_exact(d)
                        .map(|c| dist2(x, c))
                        .fold(f64::INFINITY, f64::min);
                    self.weight(i) * nearest
                })
                .sum()
        }
    }

    /// Alternates assignment and update until no point changes cluster or `max_iter` updates.
    pub fn run(&mut self, data: &Dataset, max_iter: usize) -> Result<KMeansRun> {
        let mut converged = false;
        let start = self.iteration;
        while self.iteration - start < max_iter {
            if self.assign(data)? == 0 && self.iteration > start {
                converged = true;
                break;
            }
            self.update(data)?;
        }
        if !converged {
            converged = self.assign(data)? == 0;
        }
        Ok(KMeansRun {
            n_iter: self.iteration - start,
            converged,
            inertia: self.inertia(data),
        })
    }

    fn check(&self, data: &Dataset) -> Result<()> {
        if self.threads == 0 {
            return Err(Invalid::ThreadsZero.into());
        }
        if let Some(w) = &self.weights {
            w.check_len(data.n())?;
        }
        if data.d() != self.d {
            return Err(Invalid::CentresDataDimensions {
                centres: self.d,
                data: data.d(),
            }
            .into());
        }
        Ok(())
    }
}

/// `f(first index, shard)` on each of [`shard_ranges`]'s shards of `items` (threads beyond the
/// first only when there are several shards), results in shard order.
fn map_shards<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let shards = shard_ranges(items.len(), threads_here(threads));
    if shards.len() <= 1 {
        return vec![f(0, items)];
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = shards[1..]
            .iter()
            .map(|r| scope.spawn(move || f(r.start, &items[r.clone()])))
            .collect();
        let mut out = vec![f(0, &items[shards[0].clone()])];
        out.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        out
    })
}

/// [`map_shards`] over mutable shards.
fn on_shards<T: Send, R: Send>(
    items: &mut [T],
    threads: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let shards = shard_ranges(items.len(), threads_here(threads));
    if shards.len() <= 1 {
        return vec![f(0, items)];
    }
    let mut pieces = Vec::with_capacity(shards.len());
    let mut rest = items;
    for r in &shards {
        let (a, b) = rest.split_at_mut(r.len());
        pieces.push((r.start, a));
        rest = b;
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .into_iter()
            .map(|(first, p)| scope.spawn(move || f(first, p)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Adds shard results in the fixed pairwise order of [`crate::Stats::merge_tree`]
/// (`merge`).
fn merge_tree<R>(parts: Vec<R>, add: impl Fn(R, R) -> R) -> R {
    let merged = crate::merge::merge_tree(parts, |a, b| Ok::<R, Infallible>(add(a, b)));
    match merged {
        Ok(r) => r.expect("at least one shard"),
        Err(never) => match never {},
    }
}
