//! k-means (Lloyd's algorithm) in the same step-wise shape as EM: an assignment step (hard E-step)
//! and an update step (M-step), so the two can be shown side by side.

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::init::{dist2, kmeans_plusplus, nearest};
use crate::rng::EmRng;

/// k-means state: centres and the current assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct KMeans {
    d: usize,
    centers: Vec<f64>,
    labels: Vec<usize>,
    iteration: usize,
    changed: usize,
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
        if centers.is_empty() || centers.len() % d != 0 {
            return Err(Error::invalid(
                "centres",
                format!("{} values do not make centres of {d} values", centers.len()),
            ));
        }
        if centers.iter().any(|c| !c.is_finite()) {
            return Err(Error::invalid("centres", "centres must be finite numbers"));
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
        })
    }

    /// Starts from k-means++ seeds drawn from `rng`.
    pub fn plus_plus(data: &Dataset, k: usize, rng: &mut EmRng) -> Result<Self> {
        if k == 0 {
            return Err(Error::invalid("K", "K must be at least 1"));
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
        for (x, l) in data.rows().zip(self.labels.iter_mut()) {
            let j = nearest(x, self.centers.chunks_exact(d));
            if *l != j {
                *l = j;
                changed += 1;
            }
        }
        self.changed = changed;
        Ok(changed)
    }

    /// Update step: every centre to the mean of its points (an empty cluster keeps its centre).
    pub fn update(&mut self, data: &Dataset) -> Result<()> {
        self.check(data)?;
        if self.labels.len() != data.n() {
            return Err(Error::invalid(
                "step",
                "an update step needs an assignment first",
            ));
        }
        let (k, d) = (self.k(), self.d);
        let mut sums = vec![0.0; k * d];
        let mut counts = vec![0usize; k];
        for (x, &l) in data.rows().zip(&self.labels) {
            counts[l] += 1;
            for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(x) {
                *s += v;
            }
        }
        for j in 0..k {
            if counts[j] > 0 {
                for a in 0..d {
                    self.centers[j * d + a] = sums[j * d + a] / counts[j] as f64;
                }
            }
        }
        self.iteration += 1;
        Ok(())
    }

    /// The k-means objective: sum of squared distances from points to their assigned centres
    /// (to the nearest centre before the first assignment).
    pub fn inertia(&self, data: &Dataset) -> f64 {
        let d = self.d;
        if self.labels.len() == data.n() {
            data.rows()
                .zip(&self.labels)
                .map(|(x, &l)| dist2(x, &self.centers[l * d..(l + 1) * d]))
                .sum()
        } else {
            data.rows()
                .map(|x| {
                    self.centers
                        .chunks_exact(d)
                        .map(|c| dist2(x, c))
                        .fold(f64::INFINITY, f64::min)
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
        if data.d() != self.d {
            return Err(Error::invalid(
                "data",
                format!(
                    "the centres have {} values but the data has {} columns",
                    self.d,
                    data.d()
                ),
            ));
        }
        Ok(())
    }
}
