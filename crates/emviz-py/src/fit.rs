//! EM with scikit-learn's loop, so that from the same start emviz gives the fit
//! `sklearn.mixture.GaussianMixture` gives.
//!
//! scikit-learn's iteration `i` takes an E-step under θᵢ₋₁ (its mean log-likelihood is the
//! iteration's "lower bound"), then an M-step that makes θᵢ; it stops when the lower bound changed
//! by less than `tol` and returns θᵢ — one M-step past the parameters whose log-likelihood met the
//! rule, which is where the book's loop ([`emviz_core::em::run`]) stops. Here [`Em`] runs the
//! same loop: after `n` iterations the state holds θₙ, the lower bounds are the log-likelihoods of
//! θ₀ … θₙ₋₁, and each iteration costs one pass over the data.

use pyo3::prelude::*;

use emviz_core::{Dataset, Em, Mixture};

use crate::{core_err, Data, Model};

/// What [`sklearn_loop`] returns.
#[derive(Clone, Debug)]
pub struct LoopOutcome {
    /// θₙ.
    pub model: Mixture,
    /// Mean log-likelihood of θ₀ … θₙ₋₁ (scikit-learn's `lower_bounds_`).
    pub lower_bounds: Vec<f64>,
    /// Iterations done (`n_iter_`).
    pub n_iter: usize,
    /// Whether the last change of the lower bound was below `tol` (`converged_`).
    pub converged: bool,
}

/// scikit-learn's EM loop from `model`: at most `max_iter` iterations, stop when the lower bound
/// changes by less than `tol`; `start_bound` is the bound before the first iteration (−∞, or the
/// previous fit's `lower_bound_` for `warm_start`). `log_weight_sum` is ln Σ φⱼ of the start's
/// weights before the mixture normalised them: scikit-learn's initial weights `nₖ / n` need not sum
/// to 1 (after `init_params="random_from_data"` or `"k-means++"` they sum to k / n), and its first
/// E-step uses them as they are, which shifts only the first lower bound by that amount.
/// `interrupted` is asked after each iteration; an `Err` from it stops the loop and is returned.
#[allow(clippy::too_many_arguments)]
pub fn sklearn_loop<E>(
    data: &Dataset,
    model: Mixture,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    start_bound: f64,
    log_weight_sum: f64,
    mut interrupted: impl FnMut() -> Result<(), E>,
) -> Result<Result<LoopOutcome, E>, emviz_core::Error> {
    let mut em = Em::new(data, model, reg_covar)?;
    let mut bound = start_bound;
    let mut lower_bounds = Vec::new();
    let mut converged = false;
    let mut n_iter = 0;
    for i in 1..=max_iter {
        let prev = bound;
        bound = em.log_likelihood() + if i == 1 { log_weight_sum } else { 0.0 };
        em.iterate(data)?;
        lower_bounds.push(bound);
        n_iter = i;
        if (bound - prev).abs() < tol {
            converged = true;
            break;
        }
        if let Err(e) = interrupted() {
            return Ok(Err(e));
        }
    }
    Ok(Ok(LoopOutcome {
        model: em.model().clone(),
        lower_bounds,
        n_iter,
        converged,
    }))
}

/// EM from `model` on `data` with scikit-learn's loop (see the module documentation). Returns
/// `(model, lower_bounds, n_iter, converged)`. The GIL is released while EM runs; Ctrl-C stops
/// the fit between iterations with `KeyboardInterrupt`.
#[pyfunction]
#[pyo3(signature = (data, model, reg_covar, tol, max_iter, start_bound = f64::NEG_INFINITY, log_weight_sum = 0.0, n_threads = 1))]
#[allow(clippy::too_many_arguments)]
pub fn em_fit(
    py: Python<'_>,
    data: &Data,
    model: &Model,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    start_bound: f64,
    log_weight_sum: f64,
    n_threads: usize,
) -> PyResult<(Model, Vec<f64>, usize, bool)> {
    let _ = n_threads;
    let start = model.m.clone();
    let outcome = py
        .detach(|| {
            sklearn_loop(
                &data.ds,
                start,
                reg_covar,
                tol,
                max_iter,
                start_bound,
                log_weight_sum,
                || Python::attach(|py| py.check_signals()),
            )
        })
        .map_err(core_err)??;
    Ok((
        Model { m: outcome.model },
        outcome.lower_bounds,
        outcome.n_iter,
        outcome.converged,
    ))
}
