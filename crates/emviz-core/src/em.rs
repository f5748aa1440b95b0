//! The EM iteration, two ways.
//!
//! * [`Em`] runs it half-step by half-step for a caller that wants to show each half: every
//!   [`StepReport`] carries the mean log-likelihood and the book's decomposition
//!   `log p(x) = ELBO(q, θ) + KL(q ‖ p(z|x; θ))` (eq. 5.5–5.7) summed over the data.
//! * [`run`] is the lean loop used by fitting: one pass over the data per iteration (see
//!   [`crate::fused`]), and the book's stopping rule.
//!
//! Both use the same E-step densities ([`Mixture`]) and M-step ([`crate::covariance`]).

use serde::Serialize;

use crate::covariance::Moments;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::fused;
use crate::mixture::Mixture;

/// Which half of an EM iteration a report describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HalfStep {
    /// Expectation: q(z) ← p(z | x; θ).
    E,
    /// Maximisation: θ ← argmax ELBO(q, θ) with q fixed.
    M,
}

/// What one half-step did.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepReport {
    /// Which half-step.
    pub half: HalfStep,
    /// Completed iterations (M-steps) so far.
    pub iteration: usize,
    /// Mean per-point log-likelihood under the current parameters.
    pub log_likelihood: f64,
    /// ELBO(q, θ) summed over the data.
    pub elbo: f64,
    /// KL(q ‖ p(z|x; θ)) summed over the data: 0 after an E-step, ≥ 0 after an M-step.
    pub kl: f64,
}

/// Step-wise EM on a dataset the caller owns and passes to every call.
///
/// If the dataset grows between calls (a point added), the state notices, recomputes the densities
/// and asks for an E-step next.
#[derive(Clone, Debug)]
pub struct Em {
    model: Mixture,
    reg_covar: f64,
    n: usize,
    /// ln φⱼ N(xₙ; θ) under `model`.
    wlp: Vec<f64>,
    /// ln p(xₙ; θ) under `model`.
    lse: Vec<f64>,
    /// p(z | xₙ; θ) under `model`: what the next E-step makes q.
    post: Vec<f64>,
    /// q from the last E-step, once the parameters have moved on (while `q_is_post`, q is `post`
    /// itself and these are empty), with the densities it was computed from, so ln q = wlp − lse.
    q: Vec<f64>,
    q_wlp: Vec<f64>,
    q_lse: Vec<f64>,
    /// Whether q is the posterior of the current parameters (right after an E-step).
    q_is_post: bool,
    has_q: bool,
    /// The parameters whose posterior q is (those of the last E-step).
    q_source: Option<Mixture>,
    last: Option<HalfStep>,
    iteration: usize,
    trace: Vec<f64>,
    /// Mean log-likelihood, ELBO and KL of the current state, computed once per change.
    summary: (f64, f64, f64),
    /// An M-step taken a slice at a time ([`Em::step_some`]), not finished yet.
    pending: Option<PendingM>,
}

/// The stages of an M-step in progress: the two passes of the estimates, then the densities
/// under the new parameters (for the log-likelihood, the ELBO/KL and the next E-step).
#[derive(Clone, Debug)]
enum PendingM {
    Estimating(Moments),
    Densities {
        model: Mixture,
        out: fused::Densities,
        next: usize,
    },
}

impl Em {
    /// Starts EM from `model` on `data`. `reg_covar` (≥ 0) is added to every variance in M-steps.
    pub fn new(data: &Dataset, model: Mixture, reg_covar: f64) -> Result<Self> {
        check_reg_covar(reg_covar)?;
        model.check_data(data)?;
        let mut em = Self {
            model,
            reg_covar,
            n: 0,
            wlp: Vec::new(),
            lse: Vec::new(),
            post: Vec::new(),
            q: Vec::new(),
            q_wlp: Vec::new(),
            q_lse: Vec::new(),
            q_is_post: false,
            has_q: false,
            q_source: None,
            last: None,
            iteration: 0,
            trace: Vec::new(),
            summary: (f64::NAN, f64::NAN, f64::NAN),
            pending: None,
        };
        em.refresh(data)?;
        em.summarise();
        em.trace.push(em.log_likelihood());
        Ok(em)
    }

    /// Recomputes the densities under the current model (after the data or model changed).
    fn refresh(&mut self, data: &Dataset) -> Result<()> {
        (self.wlp, self.lse, self.post) = densities(&self.model, data)?;
        self.n = data.n();
        Ok(())
    }

    fn sync(&mut self, data: &Dataset) -> Result<()> {
        self.model.check_data(data)?;
        if data.n() != self.n {
            self.pending = None;
            self.refresh(data)?;
            self.has_q = false;
            self.last = None;
            self.summarise();
        }
        Ok(())
    }

    /// The E-step: q(z) ← p(z | x; θ). Afterwards KL = 0 and ELBO = log-likelihood.
    pub fn e_step(&mut self, data: &Dataset) -> Result<StepReport> {
        self.sync(data)?;
        self.pending = None;
        // q is now the posterior of the current parameters: no copy is needed until they change.
        self.q_is_post = true;
        self.q = Vec::new();
        self.q_wlp = Vec::new();
        self.q_lse = Vec::new();
        self.q_source = Some(self.model.clone());
        self.has_q = true;
        self.last = Some(HalfStep::E);
        self.summarise();
        Ok(self.report(HalfStep::E))
    }

    /// The M-step: θ ← the closed-form maximiser of ELBO(q, θ) for the q of the last E-step.
    /// Afterwards the ELBO has risen and KL ≥ 0. On error (a collapsed component) nothing changes.
    pub fn m_step(&mut self, data: &Dataset) -> Result<StepReport> {
        self.pending = None;
        loop {
            if let Some(report) = self.m_step_some(data, usize::MAX)? {
                return Ok(report);
            }
        }
    }

    /// At most about `budget` rows' worth of the M-step (each pass over the data counts its
    /// rows); the report once it is finished. The state is unchanged until then, and any other
    /// call that changes it (an E-step, new parameters, a restore, more data) drops the
    /// unfinished work.
    fn m_step_some(&mut self, data: &Dataset, budget: usize) -> Result<Option<StepReport>> {
        self.sync(data)?;
        if !self.has_q {
            return Err(Error::invalid(
                "step",
                "an M-step needs the responsibilities of an E-step: run an E-step first",
            ));
        }
        let n = data.n();
        let mut budget = budget.max(1);
        let mut pending = match self.pending.take() {
            Some(p) => p,
            None => PendingM::Estimating(Moments::new(
                self.model.k(),
                data.d(),
                self.model.covariance_type(),
            )),
        };
        loop {
            match pending {
                PendingM::Estimating(mut moments) => {
                    budget -= moments.advance(data, self.q(), budget).min(budget);
                    if !moments.done(n) {
                        self.pending = Some(PendingM::Estimating(moments));
                        return Ok(None);
                    }
                    let est = moments.finish(self.reg_covar);
                    let model = Mixture::new(
                        self.model.covariance_type(),
                        est.weights,
                        est.means,
                        est.covariances,
                    )?;
                    let out = fused::Densities::new(&model, n);
                    pending = PendingM::Densities {
                        model,
                        out,
                        next: 0,
                    };
                }
                PendingM::Densities {
                    model,
                    mut out,
                    next,
                } => {
                    let end = next + budget.min(n - next);
                    fused::densities_rows(&model, data, next..end, &mut out)?;
                    if end < n {
                        self.pending = Some(PendingM::Densities {
                            model,
                            out,
                            next: end,
                        });
                        return Ok(None);
                    }
                    return Ok(Some(self.finish_m_step(model, out)));
                }
            }
        }
    }

    /// Moves to the new parameters and their densities at the end of an M-step.
    fn finish_m_step(&mut self, model: Mixture, out: fused::Densities) -> StepReport {
        if self.q_is_post {
            // q keeps the old posterior and the densities it came from (moved, not copied).
            self.q = std::mem::take(&mut self.post);
            self.q_wlp = std::mem::take(&mut self.wlp);
            self.q_lse = std::mem::take(&mut self.lse);
            self.q_is_post = false;
        }
        (self.wlp, self.lse, self.post) = (out.wlp, out.lse, out.post);
        self.model = model;
        self.iteration += 1;
        self.last = Some(HalfStep::M);
        self.summarise();
        self.trace.push(self.log_likelihood());
        self.report(HalfStep::M)
    }

    /// The next half-step, doing at most about `budget` rows of work now: `Some(report)` once it
    /// is finished, `None` if more calls are needed. An E-step always finishes at once (q simply
    /// becomes the posterior already computed); an M-step makes three passes over the data (two
    /// for the estimates, one for the densities under the new parameters), so a caller with a
    /// frame budget can spread it over several frames and stay responsive.
    pub fn step_some(&mut self, data: &Dataset, budget: usize) -> Result<Option<StepReport>> {
        self.sync(data)?;
        if self.pending.is_some() || self.last == Some(HalfStep::E) {
            self.m_step_some(data, budget)
        } else {
            self.e_step(data).map(Some)
        }
    }

    /// Whether an M-step begun by [`Em::step_some`] is unfinished.
    pub fn step_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The next half-step: an M-step right after an E-step, an E-step otherwise.
    pub fn step(&mut self, data: &Dataset) -> Result<StepReport> {
        self.sync(data)?;
        if self.last == Some(HalfStep::E) {
            self.m_step(data)
        } else {
            self.e_step(data)
        }
    }

    /// One whole iteration (an E-step, if one is due, then an M-step); returns the M-step's report.
    pub fn iterate(&mut self, data: &Dataset) -> Result<StepReport> {
        self.sync(data)?;
        if self.last != Some(HalfStep::E) {
            self.e_step(data)?;
        }
        self.m_step(data)
    }

    /// Replaces the parameters (e.g. a mean dragged by hand); the next half-step is an E-step.
    /// The trace restarts at the new parameters' log-likelihood.
    pub fn set_model(&mut self, data: &Dataset, model: Mixture) -> Result<()> {
        model.check_data(data)?;
        self.pending = None;
        (self.wlp, self.lse, self.post) = densities(&model, data)?;
        self.model = model;
        self.n = data.n();
        self.has_q = false;
        self.q_source = None;
        self.last = None;
        self.iteration = 0;
        self.summarise();
        self.trace = vec![self.log_likelihood()];
        Ok(())
    }

    fn report(&self, half: HalfStep) -> StepReport {
        let (elbo, kl) = self.elbo_kl();
        StepReport {
            half,
            iteration: self.iteration,
            log_likelihood: self.log_likelihood(),
            elbo,
            kl,
        }
    }

    /// ELBO(q, θ) and KL(q ‖ p(z|x; θ)), summed over points, for the current q and θ
    /// (NaN before the first E-step). Terms with q = 0 contribute 0.
    pub fn elbo_kl(&self) -> (f64, f64) {
        (self.summary.1, self.summary.2)
    }

    /// Recomputes the cached log-likelihood, ELBO and KL after a change of state.
    fn summarise(&mut self) {
        let ll = self.lse.iter().sum::<f64>() / self.n.max(1) as f64;
        let (elbo, kl) = self.compute_elbo_kl();
        self.summary = (ll, elbo, kl);
    }

    fn compute_elbo_kl(&self) -> (f64, f64) {
        if !self.has_q {
            return (f64::NAN, f64::NAN);
        }
        if self.q_is_post {
            // q = p(z | x; θ): the KL term vanishes and the ELBO is the log-likelihood itself.
            return (self.lse.iter().sum(), 0.0);
        }
        let k = self.model.k();
        let (mut elbo, mut kl) = (0.0, 0.0);
        let rows = self
            .q
            .chunks_exact(k)
            .zip(self.q_wlp.chunks_exact(k).zip(&self.q_lse))
            .zip(self.wlp.chunks_exact(k).zip(&self.lse));
        for ((q, (qw, ql)), (w, l)) in rows {
            for j in 0..k {
                if q[j] > 0.0 {
                    let log_q = qw[j] - ql;
                    elbo += q[j] * (w[j] - log_q);
                    kl += q[j] * (log_q - (w[j] - l));
                }
            }
        }
        // KL ≥ 0 exactly; rounding can leave a sum like −1e-31 when q is nearly the posterior.
        (elbo, kl.max(0.0))
    }

    /// q as stored: the current posterior right after an E-step, the kept one afterwards.
    fn q(&self) -> &[f64] {
        if self.q_is_post {
            &self.post
        } else {
            &self.q
        }
    }

    /// Everything needed to come back to this exact state later with [`Em::restore`] (on the same
    /// data): parameters, the parameters q was computed from, the last half-step, the trace.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            model: self.model.clone(),
            q_source: if self.has_q {
                self.q_source.clone()
            } else {
                None
            },
            last: self.last,
            iteration: self.iteration,
            trace: self.trace.clone(),
        }
    }

    /// Returns to a [`Checkpoint`]. q is recomputed from its source parameters, which EM's
    /// determinism makes identical to the q the state had.
    pub fn restore(&mut self, data: &Dataset, cp: &Checkpoint) -> Result<()> {
        cp.model.check_data(data)?;
        self.pending = None;
        let (wlp, lse, post) = densities(&cp.model, data)?;
        let (q_is_post, q, q_wlp, q_lse) = match &cp.q_source {
            Some(src) if src != &cp.model => {
                let (swlp, slse, spost) = densities(src, data)?;
                (false, spost, swlp, slse)
            }
            Some(_) => (true, Vec::new(), Vec::new(), Vec::new()),
            None => (false, Vec::new(), Vec::new(), Vec::new()),
        };
        self.model = cp.model.clone();
        (self.wlp, self.lse, self.post) = (wlp, lse, post);
        self.has_q = cp.q_source.is_some();
        (self.q_is_post, self.q, self.q_wlp, self.q_lse) = (q_is_post, q, q_wlp, q_lse);
        self.q_source = cp.q_source.clone();
        self.last = cp.last;
        self.iteration = cp.iteration;
        self.trace = cp.trace.clone();
        self.n = data.n();
        self.summarise();
        Ok(())
    }

    /// The current parameters.
    pub fn model(&self) -> &Mixture {
        &self.model
    }

    /// Responsibilities (n × k) from the last E-step, if there has been one since the data or
    /// model last changed.
    pub fn responsibilities(&self) -> Option<&[f64]> {
        self.has_q.then(|| self.q())
    }

    /// Mean per-point log-likelihood under the current parameters.
    pub fn log_likelihood(&self) -> f64 {
        self.summary.0
    }

    /// Mean log-likelihood at the start and after every M-step.
    pub fn trace(&self) -> &[f64] {
        &self.trace
    }

    /// Completed iterations (M-steps).
    pub fn iteration(&self) -> usize {
        self.iteration
    }

    /// The last half-step taken, if any since the start.
    pub fn last_half_step(&self) -> Option<HalfStep> {
        self.last
    }

    /// The regularisation added to variances.
    pub fn reg_covar(&self) -> f64 {
        self.reg_covar
    }

    /// The book's stopping rule: the last iteration changed the mean log-likelihood by less
    /// than `tol`.
    pub fn converged(&self, tol: f64) -> bool {
        let t = &self.trace;
        t.len() >= 2 && (t[t.len() - 1] - t[t.len() - 2]).abs() < tol
    }
}

/// A saved [`Em`] state (see [`Em::checkpoint`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// The parameters θ.
    pub model: Mixture,
    /// The parameters whose posterior is q (None before the first E-step).
    pub q_source: Option<Mixture>,
    /// The last half-step taken.
    pub last: Option<HalfStep>,
    /// Completed iterations.
    pub iteration: usize,
    /// Mean log-likelihood at the start and after each iteration.
    pub trace: Vec<f64>,
}

/// Under `model`: weighted log-probabilities (n × k), per-point log-likelihoods, and the
/// posteriors p(z | xₙ) (n × k), with one `exp` per entry.
fn densities(model: &Mixture, data: &Dataset) -> Result<(Vec<f64>, Vec<f64>, Vec<f64>)> {
    let (wlp, post, lse) = fused::densities(model, data)?;
    Ok((wlp, lse, post))
}

pub(crate) fn check_reg_covar(reg_covar: f64) -> Result<()> {
    if !(reg_covar >= 0.0) || !reg_covar.is_finite() {
        return Err(Error::invalid(
            "reg_covar",
            format!("{reg_covar} must be a finite number ≥ 0 (the default is 1e-6)"),
        ));
    }
    Ok(())
}

/// The outcome of [`run`].
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// Final parameters.
    pub model: Mixture,
    /// Mean log-likelihood at the start and after every iteration.
    pub trace: Vec<f64>,
    /// Iterations done.
    pub n_iter: usize,
    /// Whether the last iteration changed the mean log-likelihood by less than `tol`.
    pub converged: bool,
}

/// EM from `model` until the mean log-likelihood changes by less than `tol` or `max_iter`
/// iterations have run (the book's loop: the trace starts with the initial log-likelihood).
pub fn run(
    data: &Dataset,
    mut model: Mixture,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
) -> Result<RunOutcome> {
    check_reg_covar(reg_covar)?;
    model.check_data(data)?;
    let mut scratch = Vec::new();
    let (ll, mut est) = fused::iterate(&model, data, reg_covar, &mut scratch)?;
    let mut trace = vec![ll];
    let mut converged = false;
    let mut n_iter = 0;
    while n_iter < max_iter {
        model = Mixture::new(
            model.covariance_type(),
            est.weights,
            est.means,
            est.covariances,
        )?;
        // The E-step under the new parameters gives their log-likelihood and the next estimates.
        let (ll, next) = fused::iterate(&model, data, reg_covar, &mut scratch)?;
        est = next;
        n_iter += 1;
        let change = ll - trace[trace.len() - 1];
        trace.push(ll);
        if change.abs() < tol {
            converged = true;
            break;
        }
    }
    Ok(RunOutcome {
        model,
        trace,
        n_iter,
        converged,
    })
}
