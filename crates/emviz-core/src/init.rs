//! Starting points for EM and k-means: a fit's start ([`GmmValidParams::initial_model`]),
//! k-means++ seeding, random points, and the parameters implied by a set of seed points.

use rand::Rng;

use crate::covariance::estimate;
use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::linalg::identity;
use crate::mixture::Mixture;
use crate::params::{GmmValidParams, Init};
use crate::rng::EmRng;
use crate::rules::CovarianceType;

impl GmmValidParams {
    /// The starting mixture of one initialisation, its seeds drawn from `sample` (the data, or a
    /// uniform sample of it: see [`crate::fit::Reservoir`]) with `rng`. `sample` needs at least K
    /// points.
    pub fn initial_model(&self, sample: &Dataset, rng: &mut EmRng) -> Result<Mixture> {
        let (k, d, t) = (self.k(), sample.d(), self.covariance_type());
        if d != self.shape().1 {
            return Err(Invalid::ModelDataDimensions {
                model: self.shape().1,
                data: d,
            }
            .into());
        }
        if sample.n() < k {
            return Err(Error::TooFewPoints { n: sample.n(), k });
        }
        let reg_covar = self.reg_covar().get();
        match self.init() {
            Init::KMeansPlusPlus => {
                mixture_from_seeds(sample, &kmeans_plusplus(sample, k, rng), t, reg_covar)
            }
            Init::Random => {
                mixture_from_seeds(sample, &random_indices(sample.n(), k, rng), t, reg_covar)
            }
            Init::Means {
                means,
                covariances,
                weights,
            } => Mixture::new(
                t,
                weights.clone().unwrap_or_else(|| vec![1.0 / k as f64; k]),
                means.clone(),
                covariances
                    .clone()
                    .unwrap_or_else(|| (0..k).flat_map(|_| identity(d)).collect()),
            ),
        }
    }
}

/// Squared Euclidean distance.
#[inline]
pub(crate) fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Greedy k-means++ seeding (as scikit-learn's `kmeans_plusplus`: `2 + ⌊ln k⌋` candidates per
/// step, keeping the one that lowers the potential most). Returns `k` row indices.
/// Requires `1 ≤ k ≤ n` (checked by callers).
pub fn kmeans_plusplus(data: &Dataset, k: usize, rng: &mut EmRng) -> Vec<usize> {
    let n = data.n();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centers = vec![rng.random_range(0..n)];
    let mut closest: Vec<f64> = data
        .rows()
        .map(|x| dist2(x, data.row(centers[0])))
        .collect();
    let mut candidate_d = vec![0.0; n];
    while centers.len() < k {
        let potential: f64 = closest.iter().sum();
        let mut best: Option<(usize, f64, Vec<f64>)> = None;
        for _ in 0..trials {
            let c = if potential > 0.0 {
                let target = rng.random::<f64>() * potential;
                let mut acc = 0.0;
                let mut pick = n - 1;
                for (i, d) in closest.iter().enumerate() {
                    acc += d;
                    if acc > target {
                        pick = i;
                        break;
                    }
                }
                pick
            } else {
                // Every point coincides with a centre: any other point will do.
                rng.random_range(0..n)
            };
            let cx = data.row(c);
            let mut pot = 0.0;
            for ((cd, x), old) in candidate_d.iter_mut().zip(data.rows()).zip(&closest) {
                *cd = dist2(x, cx).min(*old);
                pot += *cd;
            }
            if best.as_ref().is_none_or(|b| pot < b.1) {
                best = Some((c, pot, candidate_d.clone()));
            }
        }
        let (c, _, dists) = best.expect("at least two trials");
        centers.push(c);
        closest = dists;
    }
    centers
}

/// `k` distinct row indices chosen uniformly at random.
pub fn random_indices(n: usize, k: usize, rng: &mut EmRng) -> Vec<usize> {
    rand::seq::index::sample(rng, n, k).into_vec()
}

/// The mixture implied by seed points: every point goes to its nearest seed (each seed keeps at
/// least its own point), and weights, means and covariances are those of the resulting hard
/// partition, with `reg_covar` added.
pub fn mixture_from_seeds(
    data: &Dataset,
    seeds: &[usize],
    cov_type: CovarianceType,
    reg_covar: f64,
) -> Result<Mixture> {
    let k = seeds.len();
    let mut resp = vec![0.0; data.n() * k];
    for (i, x) in data.rows().enumerate() {
        let own = seeds.iter().position(|&s| s == i);
        let j = own.unwrap_or_else(|| nearest(x, seeds.iter().map(|&s| data.row(s))));
        resp[i * k + j] = 1.0;
    }
    let est = estimate(data, &resp, k, cov_type, reg_covar);
    Mixture::new(cov_type, est.weights, est.means, est.covariances)
}

/// Index of the centre nearest to `x` (the first on ties).
pub(crate) fn nearest<'a>(x: &[f64], centers: impl Iterator<Item = &'a [f64]>) -> usize {
    let mut best = (0, f64::INFINITY);
    for (j, c) in centers.enumerate() {
        let d = dist2(x, c);
        if d < best.1 {
            best = (j, d);
        }
    }
    best.0
}
