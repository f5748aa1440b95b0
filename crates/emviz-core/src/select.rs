//! Choosing K: fit K = 1..K_max and compare BIC, AIC (scikit-learn's formulas) and ICL (mclust's
//! BIC plus twice the classification's entropy, [`crate::criteria::icl`]); lower is better.
//! And choosing the model with it, as mclust's `mclustBIC`: [`select_models`] fits every
//! (model, K) of mclust's covariance models ([`ModelName`]) × 1..K_max (or chosen K:
//! [`select_models_over`], mclust's `G`) and picks the best pair by each criterion.

use serde::Serialize;

use crate::criteria::{aic, bic, icl, weighted_aic, weighted_bic};
use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::fit::Fit;
use crate::mixture::WarningKind;
use crate::params::GmmValidParams;
use crate::rules::{CovarianceType, ModelName};
use crate::weights::Weights;

/// One row of the model-selection table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SelectionRow {
    /// Number of components.
    pub k: usize,
    /// Free parameters.
    pub n_parameters: usize,
    /// Final mean per-point log-likelihood (absent if every start failed).
    pub log_likelihood: Option<f64>,
    /// BIC = −2 n ℓ + p ln n ([`bic`]).
    pub bic: Option<f64>,
    /// AIC = −2 n ℓ + 2p ([`aic`]).
    pub aic: Option<f64>,
    /// ICL = BIC − 2 Σₙ ln maxⱼ rₙⱼ ([`icl`]).
    pub icl: Option<f64>,
    /// Whether the fit converged.
    pub converged: bool,
    /// Why the fit failed, if it did (its English wording in JSON).
    #[serde(serialize_with = "worded")]
    pub error: Option<Error>,
}

/// An error as its English wording (what `emviz select --json` prints).
fn worded<S: serde::Serializer>(e: &Option<Error>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match e {
        Some(e) => s.collect_str(e),
        None => s.serialize_none(),
    }
}

/// The table and the best K by each criterion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Selection {
    /// One row per K.
    pub rows: Vec<SelectionRow>,
    /// K with the lowest BIC.
    pub best_bic: usize,
    /// K with the lowest AIC.
    pub best_aic: usize,
    /// K with the lowest ICL.
    pub best_icl: usize,
}

/// Fits one K with `template`'s settings (its `k` replaced), weighted by `weights` when given,
/// and returns its row.
pub fn selection_row(
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    k: usize,
) -> SelectionRow {
    let fit = template
        .with_k(k)
        .and_then(|params| fit_maybe_weighted(&params, data, weights));
    SelectionRow::of_model(k, template.model_name(), data, weights, fit)
}

/// `params`' fit of `data`, weighted by `weights` when given.
fn fit_maybe_weighted(
    params: &GmmValidParams,
    data: &Dataset,
    weights: Option<&Weights>,
) -> Result<Fit> {
    match weights {
        Some(w) => params.fit_weighted(data, w),
        None => params.fit(data),
    }
}

impl SelectionRow {
    /// The row of K components of `covariance_type` fitted to `data` (or failed): the final mean
    /// log-likelihood ℓ, BIC and AIC ([`crate::criteria`]: scikit-learn's formulas) and ICL (the
    /// fitted model's responsibilities on `data`; if they cannot be computed the row has none).
    /// With `weights` (those of the fit) ℓ is the weighted mean, n is Σ wₙ
    /// ([`crate::criteria::weighted_bic`]) and each point's ICL term counts wₙ times, so integer
    /// weights give the row of the data with each point repeated.
    pub fn of(
        k: usize,
        covariance_type: CovarianceType,
        data: &Dataset,
        weights: Option<&Weights>,
        fit: Result<Fit>,
    ) -> SelectionRow {
        let model = ModelName::of_covariance_type(covariance_type);
        Self::of_model(k, model, data, weights, fit)
    }

    /// [`SelectionRow::of`] for one of mclust's models (its `df`:
    /// [`ModelName::n_parameters`]).
    pub fn of_model(
        k: usize,
        model: ModelName,
        data: &Dataset,
        weights: Option<&Weights>,
        fit: Result<Fit>,
    ) -> SelectionRow {
        let n_parameters = model.n_parameters(k, data.d());
        match fit {
            Ok(fit) => {
                let ll = fit.log_likelihood;
                let (bic, aic) = match weights {
                    Some(w) => (
                        weighted_bic(ll, w.total(), n_parameters),
                        weighted_aic(ll, w.total(), n_parameters),
                    ),
                    None => (
                        bic(ll, data.n(), n_parameters),
                        aic(ll, data.n(), n_parameters),
                    ),
                };
                let icl = fit
                    .model
                    .log_resp(data)
                    .ok()
                    .map(|(_, log_resp)| icl(bic, &log_resp, k, weights.map(Weights::values)));
                SelectionRow {
                    k,
                    n_parameters,
                    log_likelihood: Some(ll),
                    bic: Some(bic),
                    aic: Some(aic),
                    icl,
                    converged: fit.converged,
                    error: None,
                }
            }
            Err(e) => SelectionRow {
                k,
                n_parameters,
                log_likelihood: None,
                bic: None,
                aic: None,
                icl: None,
                converged: false,
                error: Some(e),
            },
        }
    }
}

/// Builds the selection from rows (picking the lowest BIC, AIC and ICL).
pub fn summarise(rows: Vec<SelectionRow>) -> Result<Selection> {
    let best = |f: fn(&SelectionRow) -> Option<f64>| {
        rows.iter()
            .filter_map(|r| f(r).map(|v| (r.k, v)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k)
    };
    match (best(|r| r.bic), best(|r| r.aic), best(|r| r.icl)) {
        (Some(best_bic), Some(best_aic), Some(best_icl)) => Ok(Selection {
            rows,
            best_bic,
            best_aic,
            best_icl,
        }),
        _ => Err(Invalid::NoKFitted {
            reason: rows.first().and_then(|r| r.error.clone()).map(Box::new),
        }
        .into()),
    }
}

/// Fits K = 1..=`k_max` (at most the number of points) with `template`'s settings, checked for
/// `data` (its K replaced), weighted by `weights` when given (their length checked against
/// `data`), and picks the best K.
pub fn select_k(
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    k_max: usize,
) -> Result<Selection> {
    check_weights_fit(data, weights)?;
    if k_max == 0 {
        return Err(Invalid::KMaxZero.into());
    }
    let k_max = k_max.min(data.n());
    let threads = crate::source::threads_here(template.threads()).min(k_max);
    // On several threads, each fit runs on one.
    let each = if threads <= 1 {
        template.clone()
    } else {
        template.with_threads(1)
    };
    summarise(in_parallel(k_max, threads, |i| {
        selection_row(data, weights, &each, i + 1)
    }))
}

/// `job(0..jobs)` in order, over `threads` threads: each thread takes the next job not yet
/// taken, so the results are the one-thread results whatever the thread count (the fits of a
/// selection are independent, which beats splitting each pass: small data cannot be split at
/// all).
fn in_parallel<T: Send>(jobs: usize, threads: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if threads <= 1 {
        return (0..jobs).map(job).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= jobs {
                            return mine;
                        }
                        mine.push((i, job(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// One cell of the models × K table: a [`SelectionRow`] and its model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelRow {
    /// The covariance model.
    pub model: ModelName,
    /// Its fit with K components (`row.k`) and the criteria.
    #[serde(flatten)]
    pub row: SelectionRow,
    /// Whether the fit has a component that collapsed onto (nearly) identical points, holds
    /// about one point or none ([`crate::WarningKind`]): a spurious maximum of the likelihood,
    /// whose criteria are shown but never chosen (mclust gives no value for such a fit).
    pub degenerate: bool,
}

/// The cell of `model` with `k` components.
fn model_row(
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    model: ModelName,
    k: usize,
) -> ModelRow {
    let fit = template
        .with_model(model)
        .with_k(k)
        .and_then(|params| fit_maybe_weighted(&params, data, weights));
    ModelRow::of(model, k, data, weights, fit)
}

/// `weights`, if given, hold one weight per point of `data`.
fn check_weights_fit(data: &Dataset, weights: Option<&Weights>) -> Result<()> {
    match weights {
        Some(w) => w.check_len(data.n()),
        None => Ok(()),
    }
}

impl ModelRow {
    /// The cell of `model` with `k` components fitted to `data` (or failed): its
    /// [`SelectionRow`] and whether the fit is degenerate.
    pub fn of(
        model: ModelName,
        k: usize,
        data: &Dataset,
        weights: Option<&Weights>,
        fit: Result<Fit>,
    ) -> ModelRow {
        let degenerate = fit.as_ref().is_ok_and(|f| {
            f.warnings.iter().any(|w| {
                matches!(
                    w.kind,
                    WarningKind::Collapsed | WarningKind::Lonely | WarningKind::Empty { .. }
                )
            })
        });
        ModelRow {
            model,
            row: SelectionRow::of_model(k, model, data, weights, fit),
            degenerate,
        }
    }
}

/// The cell with the lowest value of `criterion` (the first of equals), leaving out the
/// degenerate cells if `skip_degenerate` (mclust never chooses them); None if no cell has a value.
pub fn lowest(
    rows: &[ModelRow],
    criterion: fn(&SelectionRow) -> Option<f64>,
    skip_degenerate: bool,
) -> Option<Best> {
    rows.iter()
        .filter(|r| !(skip_degenerate && r.degenerate))
        .filter_map(|r| {
            criterion(&r.row).map(|v| {
                (
                    Best {
                        model: r.model,
                        k: r.row.k,
                    },
                    v,
                )
            })
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(b, _)| b)
}

/// The best model and K by one criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Best {
    /// The covariance model.
    pub model: ModelName,
    /// Number of components.
    pub k: usize,
}

/// mclust's `mclustBIC` table: every (model, K), and the best pair by each criterion (lowest
/// BIC, AIC, ICL in this crate's sign; mclust's BIC and ICL are their negatives).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSelection {
    /// Model by model (in the order asked), K = 1..K_max within each.
    pub rows: Vec<ModelRow>,
    /// The lowest BIC.
    pub best_bic: Best,
    /// The lowest AIC.
    pub best_aic: Best,
    /// The lowest ICL.
    pub best_icl: Best,
}

/// Fits each of `models` with K = 1..=`k_max` (at most the number of points) and `template`'s
/// other settings (its start, `n_init`, seed, tolerance, `reg_covar`; its covariance type
/// replaced by each model: [`GmmValidParams::with_model`]), spread over `template`'s threads
/// (each fit on one, so the table is the same for any thread count), and picks the best pair
/// among the fits that are not degenerate ([`ModelRow::degenerate`]). With `weights` every fit
/// and criterion is weighted ([`SelectionRow::of`]).
pub fn select_models(
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    models: &[ModelName],
    k_max: usize,
) -> Result<ModelSelection> {
    if k_max == 0 {
        return Err(Invalid::KMaxZero.into());
    }
    let ks: Vec<usize> = (1..=k_max.min(data.n())).collect();
    select_models_over(data, weights, template, models, &ks)
}

/// [`select_models`] over the given K (mclust's `G`), in their order, within each model: a
/// K more than the points is a row with its error. Empty `ks` is [`Invalid::KMaxZero`], a K of
/// 0 [`Invalid::KZero`].
pub fn select_models_over(
    data: &Dataset,
    weights: Option<&Weights>,
    template: &GmmValidParams,
    models: &[ModelName],
    ks: &[usize],
) -> Result<ModelSelection> {
    check_weights_fit(data, weights)?;
    if ks.is_empty() {
        return Err(Invalid::KMaxZero.into());
    }
    if ks.contains(&0) {
        return Err(Invalid::KZero.into());
    }
    let per_model = ks.len();
    let jobs = models.len() * per_model;
    let threads = crate::source::threads_here(template.threads()).min(jobs);
    let each = if threads <= 1 {
        template.clone()
    } else {
        template.with_threads(1)
    };
    let rows = in_parallel(jobs, threads, |i| {
        model_row(
            data,
            weights,
            &each,
            models[i / per_model],
            ks[i % per_model],
        )
    });
    summarise_models(rows)
}

/// The table of `rows` and its best (model, K) by each criterion, never a degenerate fit.
pub fn summarise_models(rows: Vec<ModelRow>) -> Result<ModelSelection> {
    let best = |f: fn(&SelectionRow) -> Option<f64>| lowest(&rows, f, true);
    match (best(|r| r.bic), best(|r| r.aic), best(|r| r.icl)) {
        (Some(best_bic), Some(best_aic), Some(best_icl)) => Ok(ModelSelection {
            rows,
            best_bic,
            best_aic,
            best_icl,
        }),
        _ => Err(Invalid::NoKFitted {
            reason: rows.first().and_then(|r| r.row.error.clone()).map(Box::new),
        }
        .into()),
    }
}
