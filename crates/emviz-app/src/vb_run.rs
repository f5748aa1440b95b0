//! One variational Bayes run (scikit-learn's `BayesianGaussianMixture`, PRML §10.2), step by
//! step, with its history: the page's method "VB" beside EM. Its start is the EM run's start
//! (the same [`Mixture`], turned into a posterior by [`vb_driver::start_from_model`]); an E-step
//! is q(z) under [`Posterior::e_step_model`], an M-step one iteration of the core's
//! [`vb_driver::drive_vb`] (so stepping half-step by half-step gives the core's very bits).
//! What the page draws is [`Posterior::expected_mixture`]: weights E[πₖ], means, covariances
//! W⁻¹/ν, each component faded by its E[πₖ] ([`opacity`]). Every half-step records the full
//! variational lower bound L(q(z), q(θ)) ([`vb_full_bound`]) — after an E-step (new q(z), old
//! q(θ)) and after an M-step (same q(z), new q(θ)) — what the page's ELBO chart draws under VB
//! ([`VbRun::half_steps`]).
//!
//! With sample weights ([`VbRun::new_weighted`]) the priors' defaults are the weighted moments,
//! every pass is weighted (Nₖ, the sums, the entropy in both bounds) and the log-likelihood is the
//! weighted mean: the core's weighted VB ([`vb_driver::fit_vb_weighted`]'s rule), weights all 1
//! the unweighted run bit for bit.

use emviz_core::vb::Posterior;
use emviz_core::vb_full_bound;
use emviz_core::vb_prior::{CheckedVbPrior, VbPrior};
use emviz_core::weights::total_or_count;
use std::sync::Arc;

use emviz_core::{
    vb_driver, Dataset, HalfStep, InMemory, LoopParams, Mixture, Source, Stats, Weights,
};

use crate::error::Error;
use crate::run::HalfStepPoint;

/// A component counts as "in use" while its expected weight E[πₖ] is above this share.
pub const IN_USE_WEIGHT: f64 = 0.01;

/// How strongly a component of expected weight `weight` among `k` is drawn (0 = gone, 1 = full):
/// full from the even share 1/K up, fading linearly to nothing below it.
pub fn opacity(weight: f64, k: usize) -> f64 {
    (weight * k as f64).clamp(0.0, 1.0)
}

/// One half-step of a VB run.
#[derive(Clone, Debug)]
pub struct VbEntry {
    /// q(θ) after this half-step.
    pub posterior: Posterior,
    /// q(z) (n × K) of the last E-step (`None` before the first).
    pub responsibilities: Option<Vec<f64>>,
    /// The half-step (`None` for the start).
    pub phase: Option<HalfStep>,
    /// Completed iterations.
    pub iteration: usize,
    /// scikit-learn's `lower_bound_` of the last M-step, if there was one (constants left out;
    /// the stopping rule's number, as scikit-learn's).
    pub bound: Option<f64>,
    /// The full variational lower bound L(q(z), q(θ)) after this half-step, every constant in
    /// (`None` at the start, before any q(z)): after an M-step it is `bound` plus a constant of
    /// the priors, n, d and K ([`vb_full_bound::offset_from_lower_bound`]).
    pub elbo: Option<f64>,
    /// The mean log-likelihood of the data under the expected mixture.
    pub log_likelihood: f64,
    /// The bound of the M-step before that (−∞ if none), for the stopping rule.
    previous_bound: f64,
    /// The statistics of q(z)'s pass (with its entropy), for the bound after the next M-step.
    stats: Option<Stats>,
}

/// A VB run from one start on one data set, and its history.
#[derive(Clone, Debug)]
pub struct VbRun {
    prior: CheckedVbPrior,
    params: LoopParams,
    /// The points' sample weights (`None` unweighted, or all 1).
    weights: Option<Arc<Weights>>,
    history: Vec<VbEntry>,
    cursor: usize,
}

impl VbRun {
    /// A fresh run from the EM start `start` on `data`, with the priors `prior` (a weight prior
    /// alone, or with its concentration: the others at scikit-learn's defaults from the data) and
    /// `params`' stopping rule.
    pub fn new(
        data: &Dataset,
        start: &Mixture,
        prior: impl Into<VbPrior>,
        params: LoopParams,
    ) -> Result<VbRun, Error> {
        Self::new_weighted(data, None, start, prior, params)
    }

    /// [`VbRun::new`] on `data` whose points carry the sample weights `weights` (one per point;
    /// see the [module documentation](self)).
    pub fn new_weighted(
        data: &Dataset,
        weights: Option<Arc<Weights>>,
        start: &Mixture,
        prior: impl Into<VbPrior>,
        params: LoopParams,
    ) -> Result<VbRun, Error> {
        if let Some(w) = &weights {
            InMemory::new(data, 1).weighted(w)?;
        }
        let weights = weights.filter(|w| !w.all_one());
        let prior = (prior.into()).check_weighted(
            data,
            weights.as_deref(),
            start.k(),
            start.covariance_type(),
        )?;
        let mut run = VbRun {
            prior,
            params,
            weights,
            history: Vec::new(),
            cursor: 0,
        };
        let posterior =
            vb_driver::start_from_model(&mut run.source(data)?, start, &run.prior, &params)?;
        run.history.push(VbEntry {
            log_likelihood: run.log_likelihood(&posterior, data)?,
            posterior,
            responsibilities: None,
            phase: None,
            iteration: 0,
            bound: None,
            elbo: None,
            previous_bound: f64::NEG_INFINITY,
            stats: None,
        });
        Ok(run)
    }

    /// The passes over `data`, weighted as the run's points are.
    fn source<'a>(&'a self, data: &'a Dataset) -> Result<InMemory<'a>, Error> {
        Ok(InMemory::new(data, 1).weighted_by(self.weights.as_deref())?)
    }

    /// The (weighted) mean log-likelihood of `data` under `posterior`'s expected mixture.
    fn log_likelihood(&self, posterior: &Posterior, data: &Dataset) -> Result<f64, Error> {
        let m = posterior.expected_mixture()?;
        Ok(m.mean_log_likelihood_weighted(data, self.weights.as_deref())?)
    }

    /// Σ wₙ of the run's points (their number when unweighted).
    pub fn total_weight(&self, data: &Dataset) -> f64 {
        total_or_count(self.weights.as_deref(), data.n())
    }

    /// The half-step shown.
    pub fn current(&self) -> &VbEntry {
        &self.history[self.cursor]
    }

    /// Every half-step recorded so far (index 0 is the start).
    pub fn history(&self) -> &[VbEntry] {
        &self.history
    }

    /// Which half-step of the history is shown.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The posterior before the last M-step, if the half-step shown is one (to tween from).
    pub fn previous(&self) -> Option<&Posterior> {
        (self.current().phase == Some(HalfStep::M) && self.cursor > 0)
            .then(|| &self.history[self.cursor - 1].posterior)
    }

    /// Shows half-step `index` of the history (0 = the start); stepping from there drops the
    /// later ones.
    pub fn seek(&mut self, index: usize) -> Result<(), Error> {
        if index >= self.history.len() {
            return Err(crate::error::Problem::HistoryTooShort {
                len: self.history.len(),
            }
            .into());
        }
        self.cursor = index;
        Ok(())
    }

    /// The next half-step: an E-step (q(z) under the current q(θ)) after the start or an
    /// M-step, else an M-step (one iteration of [`vb_driver::drive_vb`], its bound recorded).
    pub fn step(&mut self, data: &Dataset) -> Result<HalfStep, Error> {
        let now = self.current().clone();
        let next = if now.phase == Some(HalfStep::E) {
            let once = LoopParams::new(self.params.reg_covar().get(), self.params.tol(), 1)?;
            let outcome = vb_driver::drive_vb(
                now.posterior.clone(),
                &self.prior,
                &once,
                f64::NEG_INFINITY,
                |m, e| Ok::<_, Error>(self.source(data)?.pass(m, e)?),
            )?;
            let elbo = match &now.stats {
                Some(stats) => Some(vb_full_bound::full_bound(
                    &self.prior,
                    &outcome.posterior,
                    stats,
                    self.params.reg_covar(),
                )?),
                None => None,
            };
            VbEntry {
                log_likelihood: self.log_likelihood(&outcome.posterior, data)?,
                bound: Some(outcome.lower_bound()),
                elbo,
                stats: now.stats.clone(),
                posterior: outcome.posterior,
                // q(z) is the E-step's until the next one (the M-step changes only q(θ)).
                responsibilities: now.responsibilities.clone(),
                phase: Some(HalfStep::M),
                iteration: now.iteration + 1,
                previous_bound: now.bound.unwrap_or(f64::NEG_INFINITY),
            }
        } else {
            let model = now.posterior.e_step_model();
            let q_z = model.predict_proba(data)?;
            let stats = (self.source(data)?).pass(model, &Stats::empty_with_entropy(model))?;
            let reg_covar = self.params.reg_covar();
            VbEntry {
                elbo: Some(vb_full_bound::full_bound(
                    &self.prior,
                    &now.posterior,
                    &stats,
                    reg_covar,
                )?),
                stats: Some(stats),
                responsibilities: Some(q_z),
                phase: Some(HalfStep::E),
                previous_bound: now.previous_bound,
                ..now
            }
        };
        let half = next.phase.unwrap_or(HalfStep::E);
        self.history.truncate(self.cursor + 1);
        self.history.push(next);
        self.cursor = self.history.len() - 1;
        Ok(half)
    }

    /// Whether the bound changed by less than the tolerance at the last M-step.
    pub fn converged(&self) -> bool {
        let now = self.current();
        now.phase == Some(HalfStep::M)
            && now
                .bound
                .is_some_and(|b| self.params.converged(now.previous_bound, b))
    }

    /// Whether the run is over: converged, or max_iter iterations done (after an M-step).
    pub fn done(&self) -> bool {
        let now = self.current();
        now.phase == Some(HalfStep::M)
            && (self.converged() || now.iteration >= self.params.max_iter())
    }

    /// The mean log-likelihood under the expected mixture at the start and after each iteration
    /// up to the half-step shown (the log-likelihood chart's).
    pub fn trace(&self) -> Vec<f64> {
        (self.history[..=self.cursor].iter())
            .filter(|h| h.phase != Some(HalfStep::E))
            .map(|h| h.log_likelihood)
            .collect()
    }

    /// Every recorded half-step for the ELBO chart, for points of total weight `n` (Σ wₙ, their
    /// number when unweighted: [`VbRun::total_weight`]): the full bound as its ELBO, no KL (ln p(x)
    /// of the Bayesian model has no closed form, so the chart draws no ln p(x)).
    pub fn half_steps(&self, n: f64) -> Vec<HalfStepPoint> {
        (self.history.iter())
            .map(|h| HalfStepPoint {
                phase: h.phase,
                iteration: h.iteration,
                log_likelihood: h.log_likelihood,
                total_log_likelihood: h.log_likelihood * n,
                elbo: h.elbo,
                kl: None,
            })
            .collect()
    }

    /// What the page draws: weights E[π], means and covariances W⁻¹/ν.
    pub fn shown(&self) -> Result<Mixture, Error> {
        Ok(self.current().posterior.expected_mixture()?)
    }

    /// How many components keep an expected weight above [`IN_USE_WEIGHT`].
    pub fn components_in_use(&self) -> usize {
        (self.current().posterior.expected_weights().iter())
            .filter(|&&w| w > IN_USE_WEIGHT)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::OLD_FAITHFUL;
    use crate::settings::Settings;
    use crate::start::Start;
    use emviz_core::{parse_table, rng_from_seed, ParseOptions, WeightPrior};

    fn faithful() -> Dataset {
        parse_table(
            &format!("eruptions waiting\n{OLD_FAITHFUL}"),
            &ParseOptions::default(),
        )
        .unwrap()
    }

    fn prml_settings() -> Settings {
        Settings {
            k: 6,
            init: Start::KMeansPlusPlus,
            reg_covar: 1e-6,
            ..Settings::default()
        }
    }

    /// A fresh DP run on Old Faithful from the PRML settings' start, and its loop parameters.
    fn prml_run(data: &Dataset) -> (VbRun, LoopParams) {
        let params = prml_settings().params(data).unwrap();
        let start = params
            .initial_model(data, &mut rng_from_seed(params.seed()))
            .unwrap();
        let lp = *params.loop_params();
        let run = VbRun::new(data, &start, WeightPrior::DirichletProcess, lp).unwrap();
        (run, lp)
    }

    #[test]
    fn stepping_half_step_by_half_step_is_the_cores_loop_bit_for_bit() {
        let data = faithful();
        let (mut run, lp) = prml_run(&data);
        let mut halves = 0;
        while !run.done() {
            run.step(&data).unwrap();
            halves += 1;
        }
        let outcome = vb_driver::drive_vb(
            run.history()[0].posterior.clone(),
            &run.prior,
            &lp,
            f64::NEG_INFINITY,
            |m, e| InMemory::new(&data, 1).pass(m, e),
        )
        .unwrap();
        assert_eq!(halves, 2 * outcome.n_iter);
        assert_eq!(run.current().posterior, outcome.posterior);
        let bounds: Vec<f64> = (run.history().iter())
            .filter(|h| h.phase == Some(HalfStep::M))
            .map(|h| h.bound.unwrap())
            .collect();
        assert_eq!(bounds, outcome.lower_bounds);
        assert_eq!(run.converged(), outcome.converged);
        // The bound never falls.
        assert!(bounds.windows(2).all(|w| w[1] >= w[0] - 1e-9 * w[0].abs()));
    }

    #[test]
    fn old_faithful_with_six_components_keeps_two_prml_fig_10_6() {
        let data = faithful();
        let (mut run, _) = prml_run(&data);
        assert!(run.components_in_use() > 2, "the start uses more than two");
        while !run.done() {
            run.step(&data).unwrap();
        }
        assert_eq!(run.components_in_use(), 2);
        let w = run.current().posterior.expected_weights();
        let faded = w.iter().filter(|&&w| opacity(w, 6) < 0.1).count();
        assert_eq!(faded, 4, "{w:?}");
        // Seeking back shows the start again; stepping on from there drops the rest.
        let len = run.history().len();
        run.seek(0).unwrap();
        assert!(run.components_in_use() > 2);
        assert!(run.seek(len).is_err());
        run.step(&data).unwrap();
        assert_eq!(run.history().len(), 2);
        assert!(run.current().responsibilities.is_some());
        let q_z = run.current().responsibilities.clone();
        run.step(&data).unwrap();
        assert_eq!(run.current().responsibilities, q_z, "the M-step keeps q(z)");
    }

    #[test]
    fn the_full_bound_is_recorded_at_every_half_step_and_never_falls() {
        let data = faithful();
        let (mut run, _) = prml_run(&data);
        while !run.done() {
            run.step(&data).unwrap();
        }
        let points = run.half_steps(data.n() as f64);
        assert_eq!(points.len(), run.history().len());
        assert_eq!(points[0].elbo, None, "no q(z) at the start");
        let bounds: Vec<f64> = points[1..].iter().map(|p| p.elbo.unwrap()).collect();
        assert!(bounds.len() > 20 && bounds.iter().all(|b| b.is_finite()));
        assert!(points.iter().all(|p| p.kl.is_none()));
        for w in bounds.windows(2) {
            assert!(w[1] >= w[0] - 1e-10 * w[0].abs(), "{} → {}", w[0], w[1]);
        }
        // After every M-step: scikit-learn's bound plus the constant of the priors, n, d and K.
        let constant = vb_full_bound::offset_from_lower_bound(&run.prior, data.n() as f64);
        for h in run
            .history()
            .iter()
            .filter(|h| h.phase == Some(HalfStep::M))
        {
            let gap = h.elbo.unwrap() - h.bound.unwrap();
            assert!(
                (gap - constant).abs() < 1e-9 * constant.abs(),
                "{gap} vs {constant}"
            );
        }
    }

    #[test]
    fn opacity_is_full_from_the_even_share_and_fades_below_it() {
        assert_eq!(opacity(0.5, 6), 1.0);
        assert_eq!(opacity(1.0 / 6.0, 6), 1.0);
        assert_eq!(opacity(0.0, 6), 0.0);
        assert!((opacity(1.0 / 12.0, 6) - 0.5).abs() < 1e-12);
    }
}
