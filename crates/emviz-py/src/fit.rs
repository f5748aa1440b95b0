//! EM with scikit-learn's loop, so that from the same start emviz gives the fit
//! `sklearn.mixture.GaussianMixture` gives.
//!
//! The loop is the core's ([`emviz_core::driver::drive`] in [`Order::ScikitLearn`]): iteration
//! `i` takes an E-step under θᵢ₋₁ (its mean log-likelihood is the iteration's "lower bound"),
//! then an M-step that makes θᵢ; it stops when the lower bound changed by less than `tol` and
//! returns θᵢ. Here its pass is one pass over the rows in memory, split over threads
//! ([`pass_over`]: fixed shards merged in a fixed order, so a thread count always gives the same
//! bits).

use numpy::{PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::prelude::*;

use emviz_core::driver::{drive, Order, RunOutcome};
use emviz_core::source::pass_over_weighted;
use emviz_core::{LoopParams, Mixture};

use crate::convert::row_major;
use crate::driver::LoopError;
use crate::weights::SampleWeight;
use crate::{core_err, Model};

/// scikit-learn's EM loop from `model` over `values` (row-major, finite), with `params`' stopping
/// rule. `start_bound` is the bound before the first iteration (−∞, or the previous fit's
/// `lower_bound_` for `warm_start`). `log_weight_sum` is ln Σ φⱼ of the start's weights before
/// the mixture normalised them: scikit-learn's initial weights `nₖ / n` need not sum to 1 (after
/// `init_params="random_from_data"` or `"k-means++"` they sum to k / n), and its first E-step uses
/// them as they are, which shifts only the first lower bound by that amount. `interrupted` is
/// asked before every pass but the first; an `Err` from it stops the loop and is returned. The
/// outcome's `trace` holds the lower bounds (scikit-learn's `lower_bounds_`).
#[allow(clippy::too_many_arguments)]
pub fn sklearn_loop<E>(
    values: &[f64],
    weights: Option<&[f64]>,
    model: Mixture,
    params: &LoopParams,
    start_bound: f64,
    log_weight_sum: f64,
    threads: usize,
    mut interrupted: impl FnMut() -> Result<(), E>,
) -> Result<RunOutcome, LoopError<E>> {
    let order = Order::ScikitLearn {
        start_bound,
        first_shift: log_weight_sum,
    };
    let mut first = true;
    drive(model, params, order, |model, empty| {
        if !std::mem::take(&mut first) {
            interrupted().map_err(LoopError::Stopped)?;
        }
        Ok(pass_over_weighted(
            model, values, weights, 0, empty, threads,
        )?)
    })
}

/// Checks that every value is finite, naming the first that is not (as the core's `Dataset`).
pub(crate) fn check_finite(values: &[f64], d: usize) -> PyResult<()> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "invalid data: row {}, column {} holds {}, which is not a finite number",
            i / d + 1,
            i % d + 1,
            values[i]
        )));
    }
    Ok(())
}

/// Runs `f` on the rows of `x` in row-major order: the array's own memory when it is
/// C-contiguous (no copy), else a row-major copy.
pub(crate) fn with_rows<T>(
    x: &PyReadonlyArray2<'_, f64>,
    f: impl FnOnce(&[f64]) -> PyResult<T>,
) -> PyResult<T> {
    match x.as_slice() {
        Ok(s) if x.is_c_contiguous() => f(s),
        _ => f(&row_major(x)),
    }
}

/// EM from `model` on the rows of `x` (an n × d float64 array, read in place when C-contiguous)
/// with scikit-learn's loop (see the module documentation), the passes split over `n_threads`
/// threads, each point weighted by `sample_weight` (a `SampleWeight` of the n points) when
/// given; `reg_covar` and `tol` are checked by the core ([`LoopParams::new`]). Returns `(model, lower_bounds, n_iter, converged)`. The GIL is released while EM
/// runs; Ctrl-C stops the fit between iterations with `KeyboardInterrupt`.
#[pyfunction]
#[pyo3(signature = (x, model, reg_covar, tol, max_iter, start_bound = f64::NEG_INFINITY, log_weight_sum = 0.0, n_threads = 1, sample_weight = None))]
#[allow(clippy::too_many_arguments)]
pub fn em_fit(
    py: Python<'_>,
    x: PyReadonlyArray2<'_, f64>,
    model: &Model,
    reg_covar: f64,
    tol: f64,
    max_iter: usize,
    start_bound: f64,
    log_weight_sum: f64,
    n_threads: usize,
    sample_weight: Option<&SampleWeight>,
) -> PyResult<(Model, Vec<f64>, usize, bool)> {
    let d = x.shape()[1];
    let weights = sample_weight.map(|s| s.w.values());
    if let Some(w) = weights.filter(|w| w.len() != x.shape()[0]) {
        return Err(core_err(emviz_core::Error::InvalidParameter(
            emviz_core::Invalid::SampleWeightsLength {
                given: w.len(),
                n: x.shape()[0],
            },
        )));
    }
    if d != model.m.d() || x.shape()[0] == 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "invalid data: {} rows of {d} columns given for a model of {} dimension(s)",
            x.shape()[0],
            model.m.d()
        )));
    }
    let params = LoopParams::new(reg_covar, tol, max_iter).map_err(core_err)?;
    let start = model.m.clone();
    let outcome = with_rows(&x, |values| {
        check_finite(values, d)?;
        py.detach(|| {
            sklearn_loop(
                values,
                weights,
                start,
                &params,
                start_bound,
                log_weight_sum,
                n_threads.max(1),
                || Python::attach(|py| py.check_signals()),
            )
        })
        .map_err(PyErr::from)
    })?;
    Ok((
        Model { m: outcome.model },
        outcome.trace,
        outcome.n_iter,
        outcome.converged,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use emviz_core::driver::run;
    use emviz_core::{parse_table, CovarianceType, LoopParams, ParseOptions};

    fn faithful() -> emviz_core::Dataset {
        let text = include_str!("../../../data/old_faithful.txt");
        parse_table(text, &ParseOptions::default()).unwrap()
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= tol * (1.0 + y.abs()))
    }

    /// scikit-learn's loop stops one M-step past the book's loop, with the book's trace as its
    /// lower bounds, for every covariance type.
    #[test]
    fn one_m_step_past_the_books_loop() {
        let data = faithful();
        for t in CovarianceType::ALL {
            let start = Mixture::with_means(t, vec![0.0, 50.0, 0.0, 100.0], 2).unwrap();
            let book = run(
                &data,
                start.clone(),
                &LoopParams::new(0.0, 1e-4, 100).unwrap(),
            )
            .unwrap();
            let ours = sklearn_loop::<()>(
                data.values(),
                None,
                start,
                &LoopParams::new(0.0, 1e-4, 100).unwrap(),
                f64::NEG_INFINITY,
                0.0,
                1,
                || Ok(()),
            )
            .unwrap();
            assert!(book.converged && ours.converged, "{t}");
            assert_eq!(ours.n_iter, book.n_iter + 1, "{t}");
            assert!(close(&ours.trace, &book.trace, 1e-12), "{t}");
            let next = run(
                &data,
                book.model.clone(),
                &LoopParams::new(0.0, 0.0, 1).unwrap(),
            )
            .unwrap()
            .model;
            assert!(close(ours.model.means(), next.means(), 1e-12), "{t}");
            assert!(
                close(ours.model.covariances(), next.covariances(), 1e-12),
                "{t}"
            );
            assert!(close(ours.model.weights(), next.weights(), 1e-12), "{t}");
        }
    }

    /// Threads change nothing but the rounding of the merged sums; an interrupt stops the loop.
    #[test]
    fn threads_and_interrupts() {
        let truth = Mixture::with_means(CovarianceType::Full, vec![0.0, 0.0, 4.0, 4.0], 2).unwrap();
        let (data, _) = truth.sample(50_000, &mut emviz_core::rng_from_seed(1));
        let start = Mixture::with_means(CovarianceType::Full, vec![1.0, 0.0, 3.0, 5.0], 2).unwrap();
        let run = |threads| {
            sklearn_loop::<()>(
                data.values(),
                None,
                start.clone(),
                &LoopParams::new(1e-6, 1e-8, 50).unwrap(),
                f64::NEG_INFINITY,
                0.0,
                threads,
                || Ok(()),
            )
            .unwrap()
        };
        let (one, three) = (run(1), run(3));
        assert_eq!(one.n_iter, three.n_iter);
        assert!(close(one.model.means(), three.model.means(), 1e-12));
        let mut calls = 0;
        let stopped = sklearn_loop(
            data.values(),
            None,
            start,
            &LoopParams::new(1e-6, 0.0, 50).unwrap(),
            f64::NEG_INFINITY,
            0.0,
            1,
            || {
                calls += 1;
                if calls == 3 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(stopped, Err(LoopError::Stopped("stop"))));
        assert_eq!(calls, 3);
    }
}
