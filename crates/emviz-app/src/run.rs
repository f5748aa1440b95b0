//! One EM run, step by step, with its history: the start, the run itself ([`Em`]), the parameters
//! before the last M-step (which the page tweens from), and every half-step taken, for scrubbing
//! back and forth. [`crate::app::App`] holds one and starts a new one whenever the data, the
//! settings or the start change.

use emviz_core::em::MixtureArgs;
use emviz_core::{
    rng_from_seed, Checkpoint, Dataset, Em, HalfStep, Mixture, RegCovar, Stats, StepReport,
};

use crate::data::Data;
use crate::error::{Error, Problem};
use crate::settings::Settings;

/// One point of the run's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// The EM state after this half-step.
    pub checkpoint: Checkpoint,
    /// Its report (None for the start).
    pub report: Option<StepReport>,
}

/// The ELBO / KL / log-likelihood of one half-step, for the page's charts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HalfStepPoint {
    /// The half-step (`None` for the start).
    pub phase: Option<HalfStep>,
    /// Completed iterations.
    pub iteration: usize,
    /// Mean log-likelihood.
    pub log_likelihood: f64,
    /// Total log-likelihood (Σₙ ln p(xₙ)) = ELBO + KL.
    pub total_log_likelihood: f64,
    /// ELBO summed over points (null at the start).
    pub elbo: Option<f64>,
    /// KL summed over points (null at the start).
    pub kl: Option<f64>,
}

/// A run from one start on one data set, and its history.
#[derive(Clone, Debug)]
pub struct Run {
    start: Mixture,
    em: Em,
    /// Parameters before the last M-step, so the page can tween from them.
    prev_model: Option<Mixture>,
    last: Option<StepReport>,
    /// Every half-step of the run so far (index 0 is the start).
    history: Vec<HistoryEntry>,
    /// Which entry of `history` is shown.
    cursor: usize,
}

impl Run {
    /// A fresh run from `start` on `data` (each point weighted by its sample weight, if the data
    /// have them), its history just the start. Large data sets get sharded passes (see
    /// [`crate::workers`]), so that Web Workers can make them with the very numbers of the
    /// in-thread path.
    pub fn new(data: &Data, start: Mixture, reg_covar: f64) -> Result<Run, Error> {
        Run::checked(data, start, RegCovar::new(reg_covar)?)
    }

    /// [`Run::new`] with a `reg_covar` checked already.
    fn checked(data: &Data, start: Mixture, reg_covar: RegCovar) -> Result<Run, Error> {
        let (points, weights) = (data.points(), data.weights().map(|w| w.weights.clone()));
        let shards = crate::workers::shards_for(points.n());
        let em = Em::new_weighted(points, start.clone(), reg_covar, shards, weights)?;
        let mut run = Run {
            start,
            em,
            prev_model: None,
            last: None,
            history: Vec::new(),
            cursor: 0,
        };
        run.restart_history();
        Ok(run)
    }

    /// A fresh run from the start these settings draw from their seed (the core's weighted
    /// starts when the data have sample weights).
    pub fn from_settings(data: &Data, settings: &Settings) -> Result<Run, Error> {
        let points = data.points();
        let params = settings.params(points)?;
        let weights = data.weights().map(|w| w.weights.values());
        let mut rng = rng_from_seed(params.seed());
        let start = params.initial_model_weighted(points, weights, &mut rng)?;
        Run::checked(data, start, params.reg_covar())
    }

    /// The run's start (its parameters before the first E-step).
    pub fn start(&self) -> &Mixture {
        &self.start
    }

    /// The EM state.
    pub fn em(&self) -> &Em {
        &self.em
    }

    /// The parameters before the last M-step, if the last half-step was one.
    pub fn prev_model(&self) -> Option<&Mixture> {
        self.prev_model
            .as_ref()
            .filter(|_| self.em.last_half_step() == Some(HalfStep::M))
    }

    /// Every half-step recorded so far (index 0 is the start).
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Which half-step of the history is shown.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Starts the history afresh at the current state.
    fn restart_history(&mut self) {
        self.history = vec![HistoryEntry {
            checkpoint: self.em.checkpoint(),
            report: self.last,
        }];
        self.cursor = 0;
    }

    /// The data changed under the run (a point added): it goes on from where it is, with an
    /// E-step next, and its history — recorded for the old data — starts again here.
    pub fn data_changed(&mut self) {
        self.last = None;
        self.restart_history();
    }

    /// Moves to half-step `index` of the history (0 = the start), restoring that exact state.
    /// Stepping from an earlier point drops the later history and runs on from there.
    pub fn seek(&mut self, data: &Dataset, index: usize) -> Result<(), Error> {
        let entry = self
            .history
            .get(index)
            .ok_or(Problem::HistoryTooShort {
                len: self.history.len(),
            })?
            .clone();
        self.em.restore(data, &entry.checkpoint)?;
        self.cursor = index;
        self.last = entry.report;
        self.prev_model = None;
        Ok(())
    }

    /// ELBO, KL and log-likelihood of every recorded half-step, for points whose weights sum to
    /// `n` (their number, unweighted).
    pub fn half_steps(&self, n: f64) -> Vec<HalfStepPoint> {
        self.history
            .iter()
            .map(|h| {
                let cp = &h.checkpoint;
                let ll = *cp.trace.last().unwrap_or(&f64::NAN);
                let ll = h.report.map_or(ll, |r| r.log_likelihood);
                HalfStepPoint {
                    phase: cp.last,
                    iteration: cp.iteration,
                    log_likelihood: ll,
                    total_log_likelihood: ll * n,
                    elbo: h.report.map(|r| r.elbo),
                    kl: h.report.map(|r| r.kl),
                }
            })
            .collect()
    }

    /// Works on the next half-step, at most about `budget` rows now: its report once finished
    /// (recorded in the history), `None` while it is not.
    pub fn step_some(
        &mut self,
        data: &Dataset,
        budget: usize,
    ) -> Result<Option<StepReport>, Error> {
        let before = self.em.model().clone();
        let Some(report) = self.em.step_some(data, budget)? else {
            return Ok(None);
        };
        self.record(before, report);
        Ok(Some(report))
    }

    /// Whether a half-step begun by [`Run::step_some`] is unfinished.
    pub fn step_pending(&self) -> bool {
        self.em.step_pending()
    }

    /// Begins the next M-step for a pass made elsewhere: see [`Em::begin_m_step`].
    pub fn begin_m_step_elsewhere(&mut self, data: &Dataset) -> Result<Option<MixtureArgs>, Error> {
        Ok(self.em.begin_m_step(data)?.cloned())
    }

    /// The posterior buffer of the M-step begun by [`Run::begin_m_step_elsewhere`].
    pub fn pending_posteriors_mut(&mut self) -> Option<&mut [f64]> {
        self.em.pending_posteriors_mut()
    }

    /// Ends that M-step with its shards' statistics (see [`Em::finish_m_step`]), recorded as
    /// [`Run::step_some`] records a half-step.
    pub fn finish_m_step_elsewhere(
        &mut self,
        data: &Dataset,
        shards: Vec<Stats>,
    ) -> Result<StepReport, Error> {
        let before = self.em.model().clone();
        let report = self.em.finish_m_step(data, shards)?;
        self.record(before, report);
        Ok(report)
    }

    /// The history's bookkeeping after a finished half-step (`before`: the parameters before it).
    fn record(&mut self, before: Mixture, report: StepReport) {
        if report.half == HalfStep::M {
            self.prev_model = Some(before);
        }
        self.last = Some(report);
        self.history.truncate(self.cursor + 1);
        self.history.push(HistoryEntry {
            checkpoint: self.em.checkpoint(),
            report: Some(report),
        });
        self.cursor = self.history.len() - 1;
    }

    /// Whether the stopping rule `tol` is met (after an M-step).
    pub fn converged(&self, tol: f64) -> bool {
        self.em.converged(tol)
    }

    /// Whether the run is over under `settings`: converged, or max_iter iterations done.
    pub fn done(&self, settings: &Settings) -> bool {
        self.em.last_half_step() == Some(HalfStep::M)
            && (self.converged(settings.tol) || self.em.iteration() >= settings.max_iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::OLD_FAITHFUL;
    use emviz_core::{parse_table, ParseOptions};

    #[test]
    fn the_history_records_half_steps_and_seeking_restores_them() {
        let text = format!("eruptions waiting\n{OLD_FAITHFUL}");
        let data = parse_table(&text, &ParseOptions::default()).unwrap();
        let mut run = Run::from_settings(
            &Data::new(data.clone(), None, None, 0),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!((run.history().len(), run.cursor()), (1, 0));
        let start = run.em().checkpoint();
        let e = run.step_some(&data, usize::MAX).unwrap().unwrap();
        let m = run.step_some(&data, usize::MAX).unwrap().unwrap();
        assert_eq!((e.half, m.half), (HalfStep::E, HalfStep::M));
        assert_eq!((run.history().len(), run.cursor()), (3, 2));
        assert_eq!(
            run.prev_model(),
            Some(run.start()),
            "tweened from the start"
        );
        let after_m = run.em().checkpoint();
        run.seek(&data, 0).unwrap();
        assert_eq!(run.em().checkpoint(), start);
        assert_eq!(run.prev_model(), None);
        run.seek(&data, 2).unwrap();
        assert_eq!(run.em().checkpoint(), after_m);
        assert!(run.seek(&data, 3).is_err());
        // Stepping from an earlier point drops the later history.
        run.seek(&data, 1).unwrap();
        run.step_some(&data, usize::MAX).unwrap().unwrap();
        assert_eq!((run.history().len(), run.cursor()), (3, 2));
        run.data_changed();
        assert_eq!((run.history().len(), run.cursor()), (1, 0));
        let points = run.half_steps(data.n() as f64);
        assert_eq!(points.len(), 1);
    }
}
