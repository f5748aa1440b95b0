//! Choosing K: fit K = 1..K_max and compare BIC, AIC (scikit-learn's formulas) and ICL (mclust's
//! BIC plus twice the classification's entropy, [`crate::criteria::icl`]); lower is better.

use serde::Serialize;

use crate::criteria::{aic, bic, icl};
use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::fit::Fit;
use crate::params::GmmValidParams;
use crate::rules::CovarianceType;

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

/// Fits one K with `template`'s settings (its `k` replaced) and returns its row.
pub fn selection_row(data: &Dataset, template: &GmmValidParams, k: usize) -> SelectionRow {
    let fit = template.with_k(k).and_then(|params| params.fit(data));
    SelectionRow::of(k, template.covariance_type(), data, fit)
}

impl SelectionRow {
    /// The row of K components of `covariance_type` fitted to `data` (or failed): the final mean
    /// log-likelihood ℓ, BIC and AIC ([`crate::criteria`]: scikit-learn's formulas) and ICL (the
    /// fitted model's responsibilities on `data`; if they cannot be computed the row has none).
    pub fn of(
        k: usize,
        covariance_type: CovarianceType,
        data: &Dataset,
        fit: Result<Fit>,
    ) -> SelectionRow {
        let n_parameters = covariance_type.n_parameters(k, data.d());
        match fit {
            Ok(fit) => {
                let (ll, n) = (fit.log_likelihood, data.n());
                let bic = bic(ll, n, n_parameters);
                let icl = fit
                    .model
                    .log_resp(data)
                    .ok()
                    .map(|(_, log_resp)| icl(bic, &log_resp, k, None));
                SelectionRow {
                    k,
                    n_parameters,
                    log_likelihood: Some(ll),
                    bic: Some(bic),
                    aic: Some(aic(ll, n, n_parameters)),
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
/// `data` (its K replaced), and picks the best K.
pub fn select_k(data: &Dataset, template: &GmmValidParams, k_max: usize) -> Result<Selection> {
    if k_max == 0 {
        return Err(Invalid::KMaxZero.into());
    }
    let k_max = k_max.min(data.n());
    let threads = crate::source::threads_here(template.threads()).min(k_max);
    if threads <= 1 {
        return summarise(
            (1..=k_max)
                .map(|k| selection_row(data, template, k))
                .collect(),
        );
    }
    // Several threads: each takes the next K not yet taken and fits it on one thread, so every
    // row is exactly the one-thread row, whatever the thread count (the fits are independent,
    // which beats splitting each pass: small data cannot be split at all).
    let one = template.with_threads(1);
    let next = std::sync::atomic::AtomicUsize::new(1);
    let mut rows: Vec<SelectionRow> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k > k_max {
                            return mine;
                        }
                        mine.push(selection_row(data, &one, k));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    rows.sort_by_key(|r| r.k);
    summarise(rows)
}
