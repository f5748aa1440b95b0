//! The EM iteration half-step by half-step: [`Em`], for a caller that wants to show each half.
//! Every [`StepReport`] carries the mean log-likelihood and the book's decomposition
//! `log p(x) = ELBO(q, θ) + KL(q ‖ p(z|x; θ))` (eq. 5.5–5.7) summed over the data.
//!
//! With sample weights ([`Em::new_weighted`], [`crate::weights`]) every pass scales each point's
//! contribution by its weight wₙ: the M-step sums, ln p(x) = Σ wₙ ln p(xₙ) (the mean divides by
//! Σ wₙ), the ELBO and the KL term alike, so ELBO + KL = Σ wₙ ln p(xₙ) still holds. Weights all
//! equal to 1 are the unweighted run (kept as no weights, so its numbers are bit for bit those of
//! [`Em::new`]).
//!
//! The lean loop that fitting uses is [`crate::driver`]; both make the same pass
//! (`fused`) and the same M-step ([`crate::covariance`]), so their iterates agree bit
//! for bit, and both stop by the one rule ([`crate::rules::converged`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::covariance::estimate;
use crate::data::Dataset;
use crate::error::{Invalid, Result};
use crate::fused;
use crate::mixture::Mixture;
use crate::params::RegCovar;
use crate::rules::{converged, CovarianceType, ModelName};
use crate::source::shard_ranges;
use crate::stats::Stats;
use crate::weights::Weights;

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
    /// KL(q ‖ p(z|x; θ)) summed over the data: 0 after an E-step, ≥ 0 after an M-step (NaN in
    /// the page's variational Bayes reports, where ln p(x) has no closed form).
    pub kl: f64,
}

/// Step-wise EM on a dataset the caller owns and passes to every call.
///
/// Each set of parameters θ gets one pass over the data (`fused`): it gives the
/// posteriors p(z | xₙ; θ) (what the next E-step makes q, and the page's colours), ln p(x; θ),
/// and already the sums of the M-step that follows that E-step, so an E-step costs nothing and an
/// M-step is one pass under the new parameters — the same arithmetic as the lean loop
/// ([`crate::driver::run`]), whose iterates it reproduces exactly.
///
/// If the dataset grows between calls (a point added), the state notices, recomputes the densities
/// and asks for an E-step next.
#[derive(Clone, Debug)]
pub struct Em {
    model: Mixture,
    reg_covar: RegCovar,
    n: usize,
    /// The pass under `model`.
    cur: Under,
    /// Where q (the responsibilities of the last E-step) stands.
    q: Q,
    /// The parameters whose posterior q is (those of the last E-step).
    q_source: Option<Mixture>,
    last: Option<HalfStep>,
    iteration: usize,
    trace: Vec<f64>,
    /// Mean log-likelihood, ELBO and KL of the current state, computed once per change.
    summary: (f64, f64, f64),
    /// An M-step taken a slice at a time ([`Em::step_some`]), not finished yet.
    pending: Option<PendingM>,
    /// A posterior buffer no longer needed, reused by the next M-step (no n × k allocation
    /// per iteration).
    spare: Vec<f64>,
    /// Every pass is split into [`shard_ranges`]`(n, shards)` whose statistics are merged in a
    /// fixed tree (1: one sequential pass); see [`Em::new_sharded`].
    shards: usize,
    /// The points' sample weights, if the run is weighted (never all 1: see [`Em::new_weighted`]).
    weights: Option<Arc<Weights>>,
}

/// What a pass under one set of parameters θ gives.
#[derive(Clone, Debug)]
struct Under {
    /// p(z = j | xₙ; θ), n × k.
    post: Vec<f64>,
    /// ln p(x; θ) summed, Σ p ln φN, and the M-step sums for q = `post`.
    sums: Stats,
}

/// q, the responsibilities of the last E-step.
#[derive(Clone, Debug)]
enum Q {
    /// No E-step since the start, the data or the parameters changed.
    None,
    /// q is the posterior of the current parameters (right after an E-step): `cur.post`.
    Post,
    /// The parameters have moved on (an M-step): q is kept with the pass it came from, and
    /// Σ qₙⱼ ln φⱼN(xₙ; θ) under the current θ (for the ELBO).
    Kept { under: Box<Under>, q_log_prob: f64 },
}

/// An M-step in progress: the new parameters (from q's sums), Σ q ln φN under them, and the pass
/// under them so far.
#[derive(Clone, Debug)]
struct PendingM {
    model: Mixture,
    q_log_prob: f64,
    next: Under,
    /// Rows of the pass done so far; `next.sums` holds the current shard's sums.
    row: usize,
    /// The statistics of the shards finished so far (only when the pass is sharded).
    done: Vec<Stats>,
    /// What `model` was built from.
    args: MixtureArgs,
}

/// The arguments [`Mixture::new`] was given for an M-step's new parameters (the weights before
/// normalisation): [`MixtureArgs::build`] rebuilds the very same `Mixture`, bit for bit, anywhere
/// (another thread, a Web Worker).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MixtureArgs {
    /// The covariance type.
    pub covariance_type: CovarianceType,
    /// Weights, as estimated (`Mixture::new` normalises them).
    pub weights: Vec<f64>,
    /// Means, k × d.
    pub means: Vec<f64>,
    /// Full d × d covariances, k of them.
    pub covariances: Vec<f64>,
    /// The mclust model whose M-step the mixture keeps ([`Mixture::family`]; None: the
    /// covariance type's own, and absent from older messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<ModelName>,
}

impl MixtureArgs {
    /// The mixture these arguments build.
    pub fn build(&self) -> Result<Mixture> {
        Mixture::new(
            self.covariance_type,
            self.weights.clone(),
            self.means.clone(),
            self.covariances.clone(),
        )
        .map(|m| m.with_family(self.family))
    }
}

/// Σₙⱼ qₙⱼ ln φⱼN(xₙ; θ) for the parameters θ the M-step made from q, without a pass over the
/// data. With `Nⱼ = Σₙ qₙⱼ` and Sⱼ the q-weighted scatter about the new mean, every covariance
/// type has `Σₙ qₙⱼ ‖M(xₙ − μⱼ)‖² = tr(Σⱼ⁻¹ Sⱼ) = Ñⱼ (d − reg_covar · tr Σⱼ⁻¹)` (Ñⱼ = Nⱼ + 10ε,
/// scikit-learn's guarded count, since Σⱼ = Sⱼ/Ñⱼ + reg_covar·I, or its diagonal, spherical or
/// pooled form), so the sum is `Σⱼ Nⱼ cⱼ − ½ Σⱼ Ñⱼ (d − reg_covar · tr Σⱼ⁻¹)` with cⱼ the
/// component's log-constant.
fn m_step_q_log_prob(q_sums: &Stats, model: &Mixture, reg_covar: f64) -> f64 {
    let d = model.d() as f64;
    q_sums
        .counts()
        .iter()
        .enumerate()
        .map(|(j, &n)| {
            let trace_p: f64 = model.prec_chol(j).iter().map(|m| m * m).sum();
            let guarded = n + 10.0 * f64::EPSILON;
            n * model.log_const(j) - 0.5 * guarded * (d - reg_covar * trace_p)
        })
        .sum()
}

/// The pass under `model`, over all rows; with `q`, also Σ q ln φN. Returns (pass, Σ q ln φN).
/// With `shards` > 1 the rows are split as [`shard_ranges`] says, each shard gathered into
/// statistics of its own, merged in a fixed tree; 1 is one sequential pass. With `weights` each
/// point's contribution is times its weight.
fn pass(
    model: &Mixture,
    data: &Dataset,
    q: Option<&[f64]>,
    shards: usize,
    weights: Option<&Weights>,
) -> Result<(Under, f64)> {
    let (n, d, k) = (data.n(), data.d(), model.k());
    let mut post = vec![0.0; n * k];
    let ranges = shard_ranges(n, shards);
    let mut parts = Vec::with_capacity(ranges.len());
    for r in &ranges {
        let mut sums = Stats::empty(model);
        fused::gather(
            model,
            &data.values()[r.start * d..r.end * d],
            r.start,
            &mut sums,
            Some(&mut post[r.start * k..r.end * k]),
            q.map(|q| &q[r.start * k..r.end * k]),
            weights.map(|w| &w.values()[r.clone()]),
        )?;
        parts.push(sums);
    }
    let sums = Stats::merge_tree(parts)?.unwrap_or_else(|| Stats::empty(model));
    let q_log_prob = sums.q_log_prob;
    Ok((Under { post, sums }, q_log_prob))
}

impl Em {
    /// Starts EM from `model` on `data`. `reg_covar` is added to every variance in M-steps.
    pub fn new(data: &Dataset, model: Mixture, reg_covar: RegCovar) -> Result<Self> {
        Self::new_sharded(data, model, reg_covar, 1)
    }

    /// [`Em::new`] with every pass split into [`shard_ranges`]`(n, shards)` — fixed by the
    /// number of points, not by who computes them — whose statistics are merged in a fixed tree
    /// ([`Stats::merge_tree`]). The shards' passes may then be made elsewhere (Web Workers: see
    /// [`Em::begin_m_step`]) or here, with bit-identical results. 1 is one sequential pass, as
    /// [`Em::new`]; more differs from it only by the rounding of the merge.
    pub fn new_sharded(
        data: &Dataset,
        model: Mixture,
        reg_covar: RegCovar,
        shards: usize,
    ) -> Result<Self> {
        Self::new_weighted(data, model, reg_covar, shards, None)
    }

    /// [`Em::new_sharded`] with a sample weight per point (checked for `data`'s points:
    /// [`Weights::new`]`(…, data.n())`; see the [module documentation](self)). Weights all equal
    /// to 1, or `None`, give exactly the unweighted run.
    pub fn new_weighted(
        data: &Dataset,
        model: Mixture,
        reg_covar: RegCovar,
        shards: usize,
        weights: Option<Arc<Weights>>,
    ) -> Result<Self> {
        model.check_data(data)?;
        let weights = weights.filter(|w| !w.all_one());
        if let Some(w) = &weights {
            check_weights_fit(w, data)?;
        }
        let shards = shards.max(1);
        let (cur, _) = pass(&model, data, None, shards, weights.as_deref())?;
        let mut em = Self {
            model,
            reg_covar,
            n: data.n(),
            cur,
            q: Q::None,
            q_source: None,
            last: None,
            iteration: 0,
            trace: Vec::new(),
            summary: (f64::NAN, f64::NAN, f64::NAN),
            pending: None,
            spare: Vec::new(),
            shards,
            weights,
        };
        em.summarise();
        em.trace.push(em.log_likelihood());
        Ok(em)
    }

    fn sync(&mut self, data: &Dataset) -> Result<()> {
        self.model.check_data(data)?;
        if data.n() != self.n {
            if let Some(w) = &self.weights {
                check_weights_fit(w, data)?;
            }
            self.pending = None;
            self.cur = pass(&self.model, data, None, self.shards, self.weights())?.0;
            self.n = data.n();
            self.q = Q::None;
            self.last = None;
            self.summarise();
        }
        Ok(())
    }

    /// The E-step: q(z) ← p(z | x; θ). Afterwards KL = 0 and ELBO = log-likelihood.
    pub fn e_step(&mut self, data: &Dataset) -> Result<StepReport> {
        self.sync(data)?;
        self.pending = None;
        // q is now the posterior the pass under θ already computed: nothing to copy.
        if let Q::Kept { under, .. } = std::mem::replace(&mut self.q, Q::Post) {
            self.spare = under.post;
        }
        self.q_source = Some(self.model.clone());
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

    /// q as stored, with the pass it came from.
    fn q_under(&self) -> Option<&Under> {
        match &self.q {
            Q::None => None,
            Q::Post => Some(&self.cur),
            Q::Kept { under, .. } => Some(under),
        }
    }

    /// At most about `budget` rows of the M-step's pass (rounded up to whole blocks); the report
    /// once it is finished. The state is unchanged until then, and any other call that changes
    /// it (an E-step, new parameters, a restore, more data) drops the unfinished work.
    fn m_step_some(&mut self, data: &Dataset, budget: usize) -> Result<Option<StepReport>> {
        self.sync(data)?;
        if self.q_under().is_none() {
            return Err(Invalid::MStepBeforeEStep.into());
        }
        let n = data.n();
        let mut pending = match self.pending.take() {
            Some(p) => p,
            None => self.start_m_step(data)?,
        };
        let start = pending.row;
        let slice = budget
            .max(1)
            .div_ceil(fused::BLOCK)
            .saturating_mul(fused::BLOCK);
        // A slice never crosses the end of a shard (whole blocks: shards are whole blocks).
        let shard_end = shard_ranges(n, self.shards)
            .into_iter()
            .find(|r| r.contains(&start))
            .map_or(n, |r| r.end);
        let end = start.saturating_add(slice).min(shard_end);
        let (d, k) = (data.d(), pending.model.k());
        fused::gather(
            &pending.model,
            &data.values()[start * d..end * d],
            start,
            &mut pending.next.sums,
            Some(&mut pending.next.post[start * k..end * k]),
            None,
            self.weights().map(|w| &w.values()[start..end]),
        )?;
        pending.row = end;
        if end == shard_end && end < n {
            let shard = std::mem::replace(&mut pending.next.sums, Stats::empty(&pending.model));
            pending.done.push(shard);
        }
        if end < n {
            self.pending = Some(pending);
            return Ok(None);
        }
        if !pending.done.is_empty() {
            let last = std::mem::replace(&mut pending.next.sums, Stats::empty(&pending.model));
            let mut shards = std::mem::take(&mut pending.done);
            shards.push(last);
            pending.next.sums = Stats::merge_tree(shards)?.expect("at least one shard");
        }
        Ok(Some(self.finish_m_step_state(pending)))
    }

    /// Moves to the new parameters and their pass at the end of an M-step.
    fn finish_m_step_state(&mut self, done: PendingM) -> StepReport {
        let q_log_prob = done.q_log_prob;
        let old = std::mem::replace(&mut self.cur, done.next);
        self.q = match std::mem::replace(&mut self.q, Q::None) {
            // q keeps the old posterior and the pass it came from (moved, not copied).
            Q::Post => Q::Kept {
                under: Box::new(old),
                q_log_prob,
            },
            Q::Kept { under, .. } => Q::Kept { under, q_log_prob },
            Q::None => unreachable!("an M-step has a q"),
        };
        self.model = done.model;
        self.iteration += 1;
        self.last = Some(HalfStep::M);
        self.summarise();
        self.trace.push(self.log_likelihood());
        self.report(HalfStep::M)
    }

    /// The next half-step, doing at most about `budget` rows of work now: `Some(report)` once it
    /// is finished, `None` if more calls are needed. An E-step always finishes at once (q simply
    /// becomes the posterior already computed); an M-step is one pass over the data under the
    /// new parameters, so a caller with a frame budget can spread it over several frames and
    /// stay responsive. The results equal those of [`Em::step`].
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
        if let Some(w) = &self.weights {
            check_weights_fit(w, data)?;
        }
        self.pending = None;
        self.cur = pass(&model, data, None, self.shards, self.weights())?.0;
        self.model = model;
        self.n = data.n();
        self.q = Q::None;
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
    ///
    /// With ln q = ln φN(θ_q) − ln p(x; θ_q) and Σⱼ qₙⱼ = 1, both terms come from sums the passes
    /// gathered: Σ q ln q = Σ q ln φN(θ_q) − Σ ln p(x; θ_q), ELBO = Σ q ln φN(θ) − Σ q ln q, and
    /// KL = Σ ln p(x; θ) − ELBO.
    fn summarise(&mut self) {
        let total = self.cur.sums.log_lik;
        let ll = match &self.weights {
            Some(w) => total / w.total(),
            None => total / self.n.max(1) as f64,
        };
        let (elbo, kl) = match &self.q {
            Q::None => (f64::NAN, f64::NAN),
            // q = p(z | x; θ): the KL term vanishes and the ELBO is the log-likelihood itself.
            Q::Post => (total, 0.0),
            Q::Kept { under, q_log_prob } => {
                let q_log_q = under.sums.post_log_prob - under.sums.log_lik;
                let elbo = q_log_prob - q_log_q;
                // KL ≥ 0 exactly; rounding can leave a difference like −1e-12 when q is nearly
                // the posterior.
                (elbo, (total - elbo).max(0.0))
            }
        };
        self.summary = (ll, elbo, kl);
    }

    /// Everything needed to come back to this exact state later with [`Em::restore`] (on the same
    /// data): parameters, the parameters q was computed from, the last half-step, the trace.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            model: self.model.clone(),
            q_source: match self.q {
                Q::None => None,
                _ => self.q_source.clone(),
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
        let weights = self.weights.clone();
        if let Some(w) = &weights {
            check_weights_fit(w, data)?;
        }
        let pass = |model: &Mixture| pass(model, data, None, self.shards, weights.as_deref());
        let (cur, q) = match &cp.q_source {
            Some(src) if src != &cp.model => {
                // The model is the M-step made from q (a kept q exists only after an M-step).
                let (under, _) = pass(src)?;
                let (cur, _) = pass(&cp.model)?;
                let q_log_prob = m_step_q_log_prob(&under.sums, &cp.model, self.reg_covar.get());
                let under = Box::new(under);
                (cur, Q::Kept { under, q_log_prob })
            }
            Some(_) => (pass(&cp.model)?.0, Q::Post),
            None => (pass(&cp.model)?.0, Q::None),
        };
        self.pending = None;
        self.model = cp.model.clone();
        self.cur = cur;
        self.q = q;
        self.q_source = cp.q_source.clone();
        self.last = cp.last;
        self.iteration = cp.iteration;
        self.trace = cp.trace.clone();
        self.n = data.n();
        self.summarise();
        Ok(())
    }

    /// The points' sample weights, if the run is weighted (weights all 1 are no weights).
    pub fn weights(&self) -> Option<&Weights> {
        self.weights.as_deref()
    }

    /// The current parameters.
    pub fn model(&self) -> &Mixture {
        &self.model
    }

    /// Responsibilities (n × k) from the last E-step, if there has been one since the data or
    /// model last changed.
    pub fn responsibilities(&self) -> Option<&[f64]> {
        self.q_under().map(|u| u.post.as_slice())
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
        self.reg_covar.get()
    }

    /// The book's stopping rule ([`converged`]): the last iteration changed the mean
    /// log-likelihood by less than `tol`.
    pub fn converged(&self, tol: f64) -> bool {
        let t = &self.trace;
        t.len() >= 2 && converged(t[t.len() - 2], t[t.len() - 1], tol)
    }
}

/// Sharded passes, and M-steps whose pass is made elsewhere (the page's Web Workers).
///
/// The caller asks for the M-step's new parameters with [`Em::begin_m_step`], has each shard of
/// [`Em::shard_ranges`] gathered wherever it likes — `Stats::empty(model)`, then
/// [`Stats::accumulate_with_posteriors`] over the shard's rows, writing their posteriors — copies
/// the posteriors into [`Em::pending_posteriors_mut`], and ends the half-step with
/// [`Em::finish_m_step`] given the shards' statistics in shard order. The result is
/// bit-identical to [`Em::step_some`]'s, which makes the same shards here.
impl Em {
    /// How many shards each pass is split into (see [`Em::new_sharded`]).
    pub fn shards(&self) -> usize {
        self.shards
    }

    /// The rows of each shard of a pass over `n` points, in merge order.
    pub fn shard_ranges(&self, n: usize) -> Vec<std::ops::Range<usize>> {
        shard_ranges(n, self.shards)
    }

    /// Whether the next half-step is an M-step.
    pub fn m_step_next(&self) -> bool {
        self.pending.is_some() || self.last == Some(HalfStep::E)
    }

    /// Begins the next M-step for a pass made elsewhere: returns what builds its new parameters
    /// ([`MixtureArgs::build`]), under which every shard's statistics must be gathered. Work on it
    /// already done here is dropped. `None` if the next half-step is an E-step. On error (a
    /// collapsed component) nothing changes.
    pub fn begin_m_step(&mut self, data: &Dataset) -> Result<Option<&MixtureArgs>> {
        self.sync(data)?;
        if !self.m_step_next() {
            return Ok(None);
        }
        if let Some(p) = self.pending.take() {
            self.spare = p.next.post;
        }
        let pending = self.start_m_step(data)?;
        Ok(Some(&self.pending.insert(pending).args))
    }

    /// The parameters of the pending M-step, if one is begun.
    pub fn pending_model(&self) -> Option<&Mixture> {
        self.pending.as_ref().map(|p| &p.model)
    }

    /// The n × k posterior buffer of the M-step begun by [`Em::begin_m_step`] (or
    /// [`Em::step_some`]), for the caller to fill with the shards' posteriors.
    pub fn pending_posteriors_mut(&mut self) -> Option<&mut [f64]> {
        self.pending.as_mut().map(|p| p.next.post.as_mut_slice())
    }

    /// Ends the M-step begun by [`Em::begin_m_step`] with the statistics of every shard of
    /// [`Em::shard_ranges`] (in that order), each gathered under the pending parameters, once
    /// every posterior is in [`Em::pending_posteriors_mut`]. Errors (and changes nothing) if no
    /// M-step is pending or the statistics do not fit it.
    pub fn finish_m_step(&mut self, data: &Dataset, shards: Vec<Stats>) -> Result<StepReport> {
        self.sync(data)?;
        let ranges = self.shard_ranges(data.n());
        let Some(pending) = self.pending.as_ref() else {
            return Err(Invalid::NoPendingMStep.into());
        };
        let expected = Stats::empty(&pending.model);
        let fits = shards.len() == ranges.len()
            && shards.iter().zip(&ranges).all(|(s, r)| {
                s.n() == r.len()
                    && s.k == expected.k
                    && s.d == expected.d
                    && s.cov_type == expected.cov_type
                    && s.centres == expected.centres
                    && s.about_means
                    && s.parts.len() == expected.parts.len()
                    && s.is_weighted() == self.weights.is_some()
            });
        if !fits {
            return Err(Invalid::NotPendingShards.into());
        }
        let mut pending = self.pending.take().expect("checked above");
        pending.next.sums = Stats::merge_tree(shards)?.expect("at least one shard");
        pending.row = data.n();
        pending.done.clear();
        Ok(self.finish_m_step_state(pending))
    }

    /// The M-step's new parameters from q's sums, and an empty pass under them.
    fn start_m_step(&mut self, data: &Dataset) -> Result<PendingM> {
        let n = data.n();
        let Some(q_under) = self.q_under() else {
            return Err(Invalid::MStepBeforeEStep.into());
        };
        let (est, cancelled) = q_under.sums.estimates(self.reg_covar);
        // Rare: a mean moved by far more than its spread; the two-pass estimate about
        // the new means keeps the digits.
        let est = if cancelled {
            let weighted_post: Vec<f64>;
            let resp = match self.weights() {
                // rₙⱼ becomes wₙrₙⱼ in every sum of the M-step.
                Some(w) => {
                    let k = self.model.k();
                    weighted_post = q_under
                        .post
                        .chunks_exact(k)
                        .zip(w.values())
                        .flat_map(|(row, &wn)| row.iter().map(move |r| wn * r))
                        .collect();
                    &weighted_post
                }
                None => &q_under.post,
            };
            estimate(
                data,
                resp,
                self.model.k(),
                self.model.covariance_type(),
                self.reg_covar.get(),
            )
        } else {
            est
        };
        let mut args = MixtureArgs {
            covariance_type: self.model.covariance_type(),
            weights: est.weights,
            means: est.means,
            covariances: est.covariances,
            family: self.model.family(),
        };
        // The two-pass estimate is the covariance type's: an mclust model takes the nearest
        // parameters of the model ([`Mixture::constrained`]).
        if let (true, Some(family)) = (cancelled, args.family) {
            let m = MixtureArgs {
                family: None,
                ..args
            }
            .build()?
            .constrained(family)?;
            args = MixtureArgs {
                covariance_type: m.covariance_type(),
                weights: m.weights().to_vec(),
                means: m.means().to_vec(),
                covariances: m.covariances().to_vec(),
                family: m.family(),
            };
        }
        let model = args.build()?;
        let q_log_prob = m_step_q_log_prob(&q_under.sums, &model, self.reg_covar.get());
        // Every row of the buffer is written by the pass.
        let mut post = std::mem::take(&mut self.spare);
        post.resize(n * model.k(), 0.0);
        let next = Under {
            post,
            sums: Stats::empty(&model),
        };
        Ok(PendingM {
            model,
            q_log_prob,
            next,
            row: 0,
            done: Vec::new(),
            args,
        })
    }
}

/// Checks that `weights` has one weight per point of `data`.
fn check_weights_fit(weights: &Weights, data: &Dataset) -> Result<()> {
    if weights.len() == data.n() {
        Ok(())
    } else {
        Err(Invalid::SampleWeightsLength {
            given: weights.len(),
            n: data.n(),
        }
        .into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng_from_seed;

    /// The closed form of Σ q ln φN after an M-step equals the sum over the data, for every
    /// covariance type, with and without regularisation, in 1–4 dimensions.
    #[test]
    fn m_step_q_log_prob_equals_the_sum_over_the_data() {
        for d in 1..=4 {
            let truth = Mixture::new(
                CovarianceType::Full,
                vec![0.5, 0.3, 0.2],
                (0..3 * d).map(|i| (i % 5) as f64 * 1.7 - 2.0).collect(),
                (0..3)
                    .flat_map(|j| {
                        (0..d * d).map(move |e| {
                            let (a, b) = (e / d, e % d);
                            if a == b {
                                1.0 + j as f64 * 0.3
                            } else {
                                0.2
                            }
                        })
                    })
                    .collect(),
            )
            .unwrap();
            let (data, _) = truth.sample(500, &mut rng_from_seed(d as u64));
            for cov_type in CovarianceType::ALL {
                for reg_covar in [0.0, 1e-6, 0.5] {
                    let start = Mixture::new(
                        cov_type,
                        truth.weights().to_vec(),
                        truth.means().iter().map(|m| m + 0.3).collect(),
                        (0..3)
                            .flat_map(|_| (0..d * d).map(|e| f64::from(u8::from(e % (d + 1) == 0))))
                            .collect(),
                    )
                    .unwrap();
                    let (q, _) = pass(&start, &data, None, 1, None).unwrap();
                    let (est, _) = q.sums.estimates(RegCovar::new(reg_covar).unwrap());
                    let next =
                        Mixture::new(cov_type, est.weights, est.means, est.covariances).unwrap();
                    let (_, by_data) = pass(&next, &data, Some(&q.post), 1, None).unwrap();
                    let closed = m_step_q_log_prob(&q.sums, &next, reg_covar);
                    assert!(
                        (closed - by_data).abs() <= 1e-9 * by_data.abs(),
                        "d={d} {cov_type} reg={reg_covar}: {closed} vs {by_data}"
                    );
                }
            }
        }
    }
}
