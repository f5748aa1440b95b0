//! "Choose K" on the wire: the job's commands and where it stands, with its tables once finished
//! (a failed fit's reason in the page's language).

use emviz_app::messages::{describe, Lang};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{wire_struct, Wire};

/// What the K-selection job does.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SelectCommand {
    /// Starts choosing K on the current data (replacing any earlier job).
    #[serde(rename_all = "camelCase")]
    Start {
        /// `all` (scikit-learn's four types), `mclust` (mclust's fourteen models) or one
        /// covariance type's name.
        types: String,
        /// The largest K.
        k_max: usize,
        /// Starts per fit, as typed.
        n_init: String,
    },
    /// One start of the next fit.
    Advance,
    /// Stops and forgets the job.
    Cancel,
    /// Only says where the job stands.
    Peek,
    /// Restarts the run with the finished job's best K and covariance type or model (k-means++).
    Use,
    /// Ranks the fits by another criterion (the best K, the chart's ring, `Use`).
    Criterion {
        /// Which.
        criterion: Criterion,
    },
}

/// What Choose K ranks its fits by (lower is better for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    /// Bayesian information criterion.
    Bic,
    /// Akaike information criterion.
    Aic,
    /// Integrated completed likelihood (mclust's).
    Icl,
}

impl Criterion {
    /// The app's criterion.
    pub fn app(self) -> emviz_app::selection_job::Criterion {
        use emviz_app::selection_job::Criterion as C;
        match self {
            Criterion::Bic => C::Bic,
            Criterion::Aic => C::Aic,
            Criterion::Icl => C::Icl,
        }
    }
}

impl Wire<emviz_app::selection_job::Criterion> for Criterion {
    fn wire(c: &emviz_app::selection_job::Criterion) -> Self {
        use emviz_app::selection_job::Criterion as C;
        match c {
            C::Bic => Criterion::Bic,
            C::Aic => Criterion::Aic,
            C::Icl => Criterion::Icl,
        }
    }
}

/// Where the job stands: its progress (null without a job) and its tables once finished.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct SelectionView {
    /// Where the job is; null when there is none.
    pub progress: Option<Progress>,
    /// The finished tables; null while the job runs or without a job.
    pub result: Option<SelectionResult>,
}

wire_struct! {
    /// Where the job is, for the progress line.
    Progress from emviz_app::selection_job::Progress {
        /// Fits done.
        done: usize,
        /// Fits in all.
        total: usize,
        /// Starts done.
        starts_done: usize,
        /// Starts in all.
        starts_total: usize,
        /// The next fit's K (null when finished).
        next_k: Option<usize>,
        /// The next fit's covariance type or model, as the panel names it (null when finished).
        next_type: Option<String>,
        /// Largest K tried.
        k_max: usize,
        /// Whether every fit is done.
        finished: bool,
    }
}

/// One K of one covariance type.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SelectionRow {
    /// Components.
    pub k: usize,
    /// Free parameters.
    pub n_parameters: usize,
    /// Final mean per-point log-likelihood (null if every start failed).
    pub log_likelihood: Option<f64>,
    /// BIC = −2 n ℓ + p ln n.
    pub bic: Option<f64>,
    /// AIC = −2 n ℓ + 2p.
    pub aic: Option<f64>,
    /// ICL = BIC − 2 Σₙ log maxⱼ rₙⱼ (mclust's).
    pub icl: Option<f64>,
    /// Whether the fit converged.
    pub converged: bool,
    /// Whether a component collapsed (shown, never the best over mclust's models).
    pub degenerate: bool,
    /// Why the fit failed, in the page's language (null if it did not).
    pub error: Option<String>,
}

/// One covariance type's (or mclust model's) table.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TypeSelection {
    /// What the panel calls it: the covariance type (`full`) or mclust's model name (`VEV`).
    pub covariance_type: String,
    /// mclust's name of the model (`VVV` for `full`).
    pub model: String,
    /// One row per K.
    pub rows: Vec<SelectionRow>,
    /// K with the lowest BIC.
    pub best_bic: usize,
    /// K with the lowest AIC.
    pub best_aic: usize,
    /// K with the lowest ICL.
    pub best_icl: usize,
}

/// The finished job.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SelectionResult {
    /// One table per covariance type, in the order asked for.
    pub types: Vec<TypeSelection>,
    /// What the best fit is the lowest of.
    pub criterion: Criterion,
    /// K with the lowest value of `criterion` over every type.
    pub best_k: usize,
    /// The covariance type or model of that fit, as the panel names it.
    pub best_type: String,
    /// mclust's name of that fit's model.
    pub best_model: String,
    /// Whether the fits were mclust's models (degenerate fits never the best).
    pub models: bool,
    /// Starts per fit.
    pub n_init: usize,
    /// The seed of every fit (up to 2⁵³, as a number).
    pub seed: f64,
}

impl SelectionResult {
    /// The app's result, failed fits' reasons worded in `lang`.
    pub fn of(r: &emviz_app::selection_job::SelectionResult, lang: Lang) -> Self {
        let row = |(r, &degenerate): (&emviz_core::SelectionRow, &bool)| SelectionRow {
            k: r.k,
            n_parameters: r.n_parameters,
            log_likelihood: r.log_likelihood,
            bic: r.bic,
            aic: r.aic,
            icl: r.icl,
            converged: r.converged,
            degenerate,
            error: (r.error.clone()).map(|e| describe(&e.into(), lang)),
        };
        SelectionResult {
            types: (r.types.iter())
                .map(|t| TypeSelection {
                    covariance_type: t.label.to_string(),
                    model: t.model.name().to_string(),
                    rows: (t.selection.rows.iter().zip(&t.degenerate))
                        .map(row)
                        .collect(),
                    best_bic: t.selection.best_bic,
                    best_aic: t.selection.best_aic,
                    best_icl: t.selection.best_icl,
                })
                .collect(),
            criterion: Criterion::wire(&r.criterion),
            best_k: r.best_k,
            best_type: r.best_label.to_string(),
            best_model: r.best_model.name().to_string(),
            models: r.models,
            n_init: r.n_init,
            seed: f64::wire(&r.seed),
        }
    }
}
