//! Variational Bayes's loop ([`drive_vb`]), in scikit-learn's order, over any pass; and a whole
//! VB fit of the core's checked parameters ([`fit_vb_on`], what the CLI runs).
//!
//! Iteration i is an E-step under the posterior qᵢ₋₁ (one pass of the EM kernel under
//! [`Posterior::e_step_model`], gathering the same mergeable [`Stats`] as EM's and the
//! responsibilities' entropy), the VB M-step from those sums ([`Posterior::m_step`]), and the
//! lower bound of qᵢ with that entropy ([`Posterior::lower_bound`]); the loop stops when the
//! bound changed by less than `tol` (the same rule as EM's, [`LoopParams::converged`]) and
//! returns qᵢ — exactly scikit-learn's `BayesianGaussianMixture.fit`. The pass is the caller's,
//! as [`crate::driver::drive`]'s: threads, a file streamed from disk, Spark's executors.
//!
//! **Sample weights.** A weighted pass ([`crate::InMemory::weighted`]) weighs every sum the
//! M-step and the bound read — Nₖ, the means' and scatters' sums and the entropy −Σ wₙ rₙₖ ln rₙₖ
//! — so the loop is weighted as it stands; the priors' defaults take the weighted moments
//! ([`crate::vb_prior::VbPrior::check_weighted`], [`moments_on`] over the weighted pass) and the
//! starts honour the weights ([`fit_vb_weighted`]). Integer weights give the fit of the rows
//! repeated, a zero weight the fit without the row, weights all 1 the unweighted fit.
//!
//! ```
//! use emviz_core::vb_driver::drive_vb;
//! use emviz_core::vb_prior::VbPrior;
//! use emviz_core::vb::Posterior;
//! use emviz_core::covariance::estimate_parameters;
//! use emviz_core::{CovarianceType, Dataset, InMemory, LoopParams, RegCovar, Source, WeightPrior};
//! let data = Dataset::from_rows(&[[0.0, 0.1], [0.3, 0.0], [0.1, 0.4], [5.0, 5.2], [5.3, 4.9], [4.8, 5.1]]).unwrap();
//! let prior = VbPrior::new(WeightPrior::DirichletProcess).check(&data, 2, CovarianceType::Full).unwrap();
//! // scikit-learn's start: the M-step from given responsibilities.
//! let resp = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0];
//! let reg = RegCovar::new(1e-6).unwrap();
//! let est = estimate_parameters(&data, &resp, 2, CovarianceType::Full, reg).unwrap();
//! let start = Posterior::from_estimates(&prior, &est).unwrap();
//! let mut source = InMemory::new(&data, 1);
//! let out = drive_vb(start, &prior, &LoopParams::new(1e-6, 1e-6, 100).unwrap(), f64::NEG_INFINITY,
//!     |model, empty| source.pass(model, empty)).unwrap();
//! assert!(out.converged);
//! // Six points, and a covariance prior as wide as the data: one component explains them all,
//! // the other empties itself (E[π₂] < 0.05).
//! let w = out.posterior.expected_weights();
//! assert!(w[0] > 0.95 && w[1] < 0.05);
//! ```

use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::mixture::Mixture;
use crate::params::RegCovar;
use crate::params::{GmmValidParams, LoopParams};
use crate::rng::EmRng;
use crate::rules::CovarianceType;
use crate::source::Source;
use crate::stats::Stats;
use crate::vb::{Posterior, VbMStep};
use crate::vb_prior::{CheckedVbPrior, DataMoments};
use crate::weights::Weights;

/// What a VB loop ends with.
#[derive(Clone, Debug)]
pub struct VbOutcome {
    /// The final posterior.
    pub posterior: Posterior,
    /// The lower bound after every iteration (scikit-learn's `lower_bounds_`).
    pub lower_bounds: Vec<f64>,
    /// Iterations done.
    pub n_iter: usize,
    /// Whether the bound changed by less than `tol` (before or at `max_iter`).
    pub converged: bool,
}

impl VbOutcome {
    /// The last lower bound (−∞ after no iteration).
    pub fn lower_bound(&self) -> f64 {
        self.lower_bounds
            .last()
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    }
}

/// Variational Bayes from `start` with the pass `pass`, in scikit-learn's order (see the
/// [module documentation](self)), until the bound changes by less than `params.tol()` or
/// `params.max_iter()` iterations have run. `start_bound` is the bound the first iteration's is
/// compared with (−∞, or the previous fit's for `warm_start`).
///
/// `pass(model, empty)` is [`crate::driver::drive`]'s: the statistics of one pass under `model`
/// over every point, accumulated into (a copy of) `empty` and merged in a fixed order.
pub fn drive_vb<E: From<Error>>(
    start: Posterior,
    prior: &CheckedVbPrior,
    params: &LoopParams,
    start_bound: f64,
    mut pass: impl FnMut(&Mixture, &Stats) -> std::result::Result<Stats, E>,
) -> std::result::Result<VbOutcome, E> {
    let mut posterior = start;
    let mut lower_bounds = Vec::new();
    let mut last = start_bound;
    let mut converged = false;
    while lower_bounds.len() < params.max_iter() {
        let model = posterior.e_step_model().clone();
        let stats = pass(&model, &Stats::empty_with_entropy(&model))?;
        posterior = m_step(&mut pass, &model, &stats, prior, params)?;
        let bound = posterior.lower_bound(stats.entropy_sum())?;
        lower_bounds.push(bound);
        if params.converged(last, bound) {
            converged = true;
            break;
        }
        last = bound;
    }
    Ok(VbOutcome {
        posterior,
        n_iter: lower_bounds.len(),
        lower_bounds,
        converged,
    })
}

/// The VB M-step from a pass's statistics, making the pass again about the new means when its
/// sums lost too many digits ([`crate::MStep::Again`]'s rule).
fn m_step<E: From<Error>>(
    pass: &mut impl FnMut(&Mixture, &Stats) -> std::result::Result<Stats, E>,
    model: &Mixture,
    stats: &Stats,
    prior: &CheckedVbPrior,
    params: &LoopParams,
) -> std::result::Result<Posterior, E> {
    let reg = params.reg_covar();
    match Posterior::m_step(prior, stats, reg)? {
        VbMStep::Posterior(next) => Ok(*next),
        VbMStep::Again(empty) => Ok(Posterior::m_step_final(prior, &pass(model, &empty)?, reg)?),
    }
}

/// The posterior a start makes: the VB M-step from the responsibilities of `model` over the
/// source (as scikit-learn's `_initialize` from a partition's responsibilities).
pub fn start_from_model<S: Source + ?Sized>(
    source: &mut S,
    model: &Mixture,
    prior: &CheckedVbPrior,
    params: &LoopParams,
) -> Result<Posterior> {
    let stats = source.pass(model, &Stats::empty(model))?;
    m_step(
        &mut |m: &Mixture, e: &Stats| source.pass(m, e),
        model,
        &stats,
        prior,
        params,
    )
}

/// A whole VB fit with the core's checked parameters over `source`: `n_init` starts drawn from
/// `sample` ([`GmmValidParams::initial_model`], each turned into a posterior by
/// [`start_from_model`]), each run by [`drive_vb`], the one with the highest final bound kept
/// (scikit-learn's rule; the first of equals). A start that fails is skipped; if all fail, the
/// first error is returned.
pub fn fit_vb_on<S: Source + ?Sized>(
    params: &GmmValidParams,
    prior: &CheckedVbPrior,
    source: &mut S,
    sample: &Dataset,
    rng: &mut EmRng,
) -> Result<VbOutcome> {
    fit_vb_on_weighted(params, prior, source, sample, None, rng)
}

/// [`fit_vb_on`] whose starts honour the sample's weights (one per point of `sample`, checked;
/// [`GmmValidParams::initial_model_weighted`]); the source's passes weigh its points themselves.
pub fn fit_vb_on_weighted<S: Source + ?Sized>(
    params: &GmmValidParams,
    prior: &CheckedVbPrior,
    source: &mut S,
    sample: &Dataset,
    sample_weights: Option<&[f64]>,
    rng: &mut EmRng,
) -> Result<VbOutcome> {
    if prior.k() != params.k() || prior.covariance_type() != params.covariance_type() {
        return Err(Invalid::WeightsMeansCount {
            weights: prior.k(),
            means: params.k(),
        }
        .into());
    }
    let lp = params.loop_params();
    let mut best: Option<VbOutcome> = None;
    let mut first_error = None;
    for _ in 0..params.n_init() {
        let outcome = (params.initial_model_weighted(sample, sample_weights, rng)).and_then(|m| {
            let start = start_from_model(source, &m, prior, lp)?;
            drive_vb(start, prior, lp, f64::NEG_INFINITY, |m, e| {
                source.pass(m, e)
            })
        });
        match outcome {
            Ok(o)
                if best
                    .as_ref()
                    .is_none_or(|b| o.lower_bound() > b.lower_bound()) =>
            {
                best = Some(o)
            }
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    best.ok_or_else(|| first_error.unwrap_or(Invalid::NInitZero.into()))
}

/// [`fit_vb_on`] over `data` in memory, with `params`' threads and seed; starts drawn from a
/// uniform sample of at most [`crate::fit::INIT_SAMPLE`] points, as EM's fits.
pub fn fit_vb(
    params: &GmmValidParams,
    prior: &CheckedVbPrior,
    data: &Dataset,
) -> Result<VbOutcome> {
    fit_vb_weighted(params, prior, data, None)
}

/// [`fit_vb`] with a sample weight per point when `weights` are given (see the
/// [module documentation](self); `prior` checked with the same weights,
/// [`crate::vb_prior::VbPrior::check_weighted`]): every pass weighted, the starts drawn as
/// [`GmmValidParams::fit_weighted`]'s. Weights all 1 are the unweighted fit, bit for bit.
pub fn fit_vb_weighted(
    params: &GmmValidParams,
    prior: &CheckedVbPrior,
    data: &Dataset,
    weights: Option<&Weights>,
) -> Result<VbOutcome> {
    let plain = crate::source::InMemory::new(data, params.threads());
    let (mut source, weights) = match weights {
        Some(w) => {
            let weighted = plain.weighted(w)?;
            if w.all_one() {
                (plain, None)
            } else {
                (weighted, Some(w))
            }
        }
        None => (plain, None),
    };
    let mut rng = crate::rng::rng_from_seed(params.seed());
    let (sample, sample_weights) = crate::fit::start_sample(data, weights, &mut rng)?;
    fit_vb_on_weighted(
        params,
        prior,
        &mut source,
        sample.as_ref().unwrap_or(data),
        sample_weights.as_deref(),
        &mut rng,
    )
}

/// The data's moments (what the default priors are made of) from passes over `source`: one
/// pass of a single component about `centre` (any point near the data, e.g. a sample's mean),
/// and a second about the mean when the first lost digits. Over a weighted source they are the
/// weighted moments ([`DataMoments::of_weighted`]'s).
pub fn moments_on<S: Source + ?Sized>(source: &mut S, centre: &[f64]) -> Result<DataMoments> {
    let d = centre.len();
    let one = Mixture::new(
        CovarianceType::Full,
        vec![1.0],
        centre.to_vec(),
        crate::linalg::identity(d),
    )?;
    let mut stats = source.pass(&one, &Stats::empty(&one))?;
    if let Some(empty) = stats.again(RegCovar::ZERO) {
        stats = source.pass(&one, &empty)?;
    }
    let n = stats.total_weight();
    let est = stats.estimates(RegCovar::ZERO).0;
    // The estimate divides the scatter by n = Σ wₙ (+ 10ε); np.cov by n − 1.
    let unbias = est.counts[0] / (n - 1.0);
    Ok(DataMoments {
        n,
        mean: est.means,
        covariance: est.covariances.iter().map(|c| c * unbias).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::InMemory;

    /// A posterior whose means are far from where the data pull them: the sums about the old
    /// means lose their digits, the M-step asks for the pass again, and the posterior made from
    /// that second pass is the one made from the responsibilities directly.
    #[test]
    fn a_far_move_makes_the_pass_again() {
        use crate::covariance::estimate_parameters;
        use crate::vb::{PosteriorParts, VbMStep};
        use crate::vb_prior::VbPrior;
        use crate::WeightPrior;
        let rows: Vec<[f64; 2]> = (0..40)
            .map(|i| {
                [
                    1e4 + (i % 7) as f64 * 0.1,
                    2e4 + (i % 5) as f64 * 0.1 + (i / 20) as f64,
                ]
            })
            .collect();
        let data = Dataset::from_rows(&rows).unwrap();
        let prior = VbPrior::new(WeightPrior::DirichletProcess)
            .check(&data, 2, CovarianceType::Full)
            .unwrap();
        let far = Posterior::new(PosteriorParts {
            weight_prior: WeightPrior::DirichletProcess,
            covariance_type: CovarianceType::Full,
            weight_concentration: vec![5.0, 5.0],
            weight_concentration_rest: vec![5.0, 0.5],
            mean_precision: vec![10.0, 10.0],
            means: vec![0.0, 0.0, 1.0, 1.0],
            degrees_of_freedom: vec![12.0, 12.0],
            covariances: vec![1e8, 0.0, 0.0, 4e8, 1e8, 0.0, 0.0, 4e8],
        })
        .unwrap();
        let model = far.e_step_model();
        let reg = RegCovar::new(1e-6).unwrap();
        let mut source = InMemory::new(&data, 1);
        let stats = source.pass(model, &Stats::empty(model)).unwrap();
        let VbMStep::Again(empty) = Posterior::m_step(&prior, &stats, reg).unwrap() else {
            panic!("the sums about the far means should have lost their digits");
        };
        let again = source.pass(model, &empty).unwrap();
        let VbMStep::Posterior(next) = Posterior::m_step(&prior, &again, reg).unwrap() else {
            panic!("sums about the new means need no third pass");
        };
        let resp = model.predict_proba(&data).unwrap();
        let est = estimate_parameters(&data, &resp, 2, CovarianceType::Full, reg).unwrap();
        let direct = Posterior::from_estimates(&prior, &est).unwrap();
        let (a, b) = (next.parts(), direct.parts());
        for (x, y) in a
            .means
            .iter()
            .zip(&b.means)
            .chain(a.covariances.iter().zip(&b.covariances))
        {
            assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{x} vs {y}");
        }
    }

    /// The moments from a pass (a streamed file's) are those of the data in memory, from a
    /// centre near the data or far from it.
    #[test]
    fn moments_from_a_pass_are_the_datas() {
        let data = Dataset::from_rows(&[
            [1.0, 100.0],
            [2.0, 130.0],
            [4.0, 90.0],
            [3.5, 120.0],
            [0.5, 111.0],
        ])
        .unwrap();
        let want = DataMoments::of(&data).unwrap();
        for centre in [[2.0, 110.0], [0.0, 0.0], [-1e4, 3e4]] {
            let got = moments_on(&mut InMemory::new(&data, 1), &centre).unwrap();
            assert_eq!(got.n, 5.0);
            for (a, b) in got
                .mean
                .iter()
                .zip(&want.mean)
                .chain(got.covariance.iter().zip(&want.covariance))
            {
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "{centre:?}: {a} vs {b}"
                );
            }
        }
    }
}
