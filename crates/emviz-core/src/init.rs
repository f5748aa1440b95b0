//! Starting points for EM and k-means: a fit's start ([`GmmValidParams::initial_model`]),
//! k-means++ seeding, random points, and the parameters implied by a set of seed points.
//!
//! With sample weights ([`GmmValidParams::initial_model_weighted`]) the starts honour them at no
//! extra cost: k-means++ draws its first seed with probability ∝ wₙ and the next ones ∝ wₙD²ₙ
//! (its potential is Σ wₙD²ₙ), a random start draws among the points of positive weight, and
//! the start's parameters are the weighted ones of the seeds' partition. So no seed is ever a
//! point of weight 0 (scikit-learn's starts ignore weights).

use rand::Rng;

use crate::covariance::estimate;
use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::linalg::identity;
use crate::mixture::Mixture;
use crate::params::{GmmValidParams, Init};
use crate::rng::EmRng;
use crate::rules::CovarianceType;
use crate::weights::weight_at;

impl GmmValidParams {
    /// The starting mixture of one initialisation, its seeds drawn from `sample` (the data, or a
    /// uniform sample of it: see [`crate::fit::Reservoir`]) with `rng`. `sample` needs at least K
    /// points.
    pub fn initial_model(&self, sample: &Dataset, rng: &mut EmRng) -> Result<Mixture> {
        self.initial_model_weighted(sample, None, rng)
    }

    /// [`GmmValidParams::initial_model`] honouring the sample's weights (one per point of
    /// `sample`, checked: [`crate::weights`]) as the [module documentation](self) says; `None`
    /// is exactly the unweighted start.
    pub fn initial_model_weighted(
        &self,
        sample: &Dataset,
        weights: Option<&[f64]>,
        rng: &mut EmRng,
    ) -> Result<Mixture> {
        let (k, d, t) = (self.k(), sample.d(), self.covariance_type());
        if d != self.shape().1 {
            return Err(Invalid::ModelDataDimensions {
                model: self.shape().1,
                data: d,
            }
            .into());
        }
        // Points that can be seeds: of positive weight.
        let n = weights.map_or(sample.n(), |w| w.iter().filter(|&&v| v > 0.0).count());
        if n < k {
            return Err(Error::TooFewPoints { n, k });
        }
        let reg_covar = self.reg_covar().get();
        let from_seeds =
            |seeds: &[usize]| mixture_from_seeds_weighted(sample, weights, seeds, t, reg_covar);
        let start = match self.init() {
            Init::KMeansPlusPlus => from_seeds(&kmeans_plusplus_weighted(sample, weights, k, rng)),
            Init::Random => from_seeds(&match weights {
                None => random_indices(sample.n(), k, rng),
                Some(w) => {
                    let positive: Vec<usize> = (0..w.len()).filter(|&i| w[i] > 0.0).collect();
                    let picked = random_indices(positive.len(), k, rng);
                    picked.into_iter().map(|i| positive[i]).collect()
                }
            }),
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
        };
        // An mclust model's start: the same start, constrained to the model.
        match self.params().model {
            Some(m) => start?.constrained(m),
            None => start,
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
    kmeans_plusplus_weighted(data, None, k, rng)
}

/// [`kmeans_plusplus`] with sample weights (one per point, ≥ 0, at least `k` positive): the
/// first seed drawn ∝ wₙ, the next ones ∝ wₙD²ₙ, the potential Σ wₙD²ₙ. `None` is exactly
/// [`kmeans_plusplus`].
pub fn kmeans_plusplus_weighted(
    data: &Dataset,
    weights: Option<&[f64]>,
    k: usize,
    rng: &mut EmRng,
) -> Vec<usize> {
    let n = data.n();
    let trials = 2 + (k as f64).ln().floor() as usize;
    // Point i's share of a draw: its squared distance, times its weight.
    let mass = |i: usize, d2: f64| weights.map_or(d2, |w| w[i] * d2);
    // The index where the running sum of `masses` first passes `target` (if rounding leaves it
    // short: the last point, or with weights the last of positive weight).
    let last = weights.map_or(n - 1, |w| w.iter().rposition(|&v| v > 0.0).unwrap_or(n - 1));
    let pick = |masses: &mut dyn Iterator<Item = f64>, target: f64| {
        let mut acc = 0.0;
        for (i, m) in masses.enumerate() {
            acc += m;
            if acc > target {
                return i;
            }
        }
        last
    };
    let first = match weights {
        None => rng.random_range(0..n),
        Some(w) => {
            let total: f64 = w.iter().sum();
            pick(&mut w.iter().copied(), rng.random::<f64>() * total)
        }
    };
    let mut centers = vec![first];
    let mut closest: Vec<f64> = data
        .rows()
        .map(|x| dist2(x, data.row(centers[0])))
        .collect();
    let mut candidate_d = vec![0.0; n];
    while centers.len() < k {
        let potential: f64 = closest.iter().enumerate().map(|(i, &d)| mass(i, d)).sum();
        let mut best: Option<(usize, f64, Vec<f64>)> = None;
        for _ in 0..trials {
            let c = if potential > 0.0 {
                let target = rng.random::<f64>() * potential;
                pick(
                    &mut closest.iter().enumerate().map(|(i, &d)| mass(i, d)),
                    target,
                )
            } else {
                // Every point of positive weight coincides with a centre: any other will do.
                match weights {
                    None => rng.random_range(0..n),
                    Some(w) => {
                        let positive: Vec<usize> = (0..n).filter(|&i| w[i] > 0.0).collect();
                        positive[rng.random_range(0..positive.len())]
                    }
                }
            };
            let cx = data.row(c);
            let mut pot = 0.0;
            for (i, ((cd, x), old)) in candidate_d
                .iter_mut()
                .zip(data.rows())
                .zip(&closest)
                .enumerate()
            {
                *cd = dist2(x, cx).min(*old);
                pot += mass(i, *cd);
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
    mixture_from_seeds_weighted(data, None, seeds, cov_type, reg_covar)
}

/// [`mixture_from_seeds`] with each point counted by its sample weight (`None`: exactly
/// [`mixture_from_seeds`]).
pub fn mixture_from_seeds_weighted(
    data: &Dataset,
    weights: Option<&[f64]>,
    seeds: &[usize],
    cov_type: CovarianceType,
    reg_covar: f64,
) -> Result<Mixture> {
    let k = seeds.len();
    let mut resp = vec![0.0; data.n() * k];
    for (i, x) in data.rows().enumerate() {
        let own = seeds.iter().position(|&s| s == i);
        let j = own.unwrap_or_else(|| nearest(x, seeds.iter().map(|&s| data.row(s))));
        resp[i * k + j] = weight_at(weights, i);
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
