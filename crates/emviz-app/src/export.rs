//! Export and import of the run, in plain Rust (tested natively): the fitted model as
//! scikit-learn-compatible JSON ([`emviz_core::ModelJson`]), the responsibilities as CSV, and a
//! model read back from JSON (emviz's own, or scikit-learn's diag / spherical / tied shapes).
//! A weighted run says so: the JSON's `total_weight` (Σ wₙ, the n its BIC and AIC charge, as
//! `emviz fit --weights-col` writes it), the CSV's weights column, where it was pasted.
//!
//! The responsibilities written are those of the parameters written — p(z | xₙ; θ) for the current
//! θ (the last E-step's q when the last half-step was an E-step, otherwise scikit-learn's
//! `predict_proba` of θ) — so `GaussianMixture.predict_proba` on the exported model gives the
//! same numbers.

use emviz_core::criteria::{weighted_aic, weighted_bic};
use emviz_core::{HalfStep, Mixture, ModelJson};

use crate::error::{Error, Problem};

use crate::app::App;

/// The current model with the run's facts (feature names, convergence, iterations, trace, BIC/AIC).
pub fn model_json(app: &App) -> ModelJson {
    let em = app.em();
    let model = em.model();
    let data = app.data();
    let state = app.state();
    let mut m = ModelJson::from_mixture(model);
    m.feature_names = data.names().to_vec();
    m.converged = state.converged;
    m.n_iter = em.iteration();
    m.log_likelihood = em.log_likelihood();
    m.lower_bound = m.log_likelihood;
    m.trace = em.trace().to_vec();
    match app.sample_weights() {
        Some(w) => {
            let (ll, total, p) = (em.log_likelihood(), w.weights.total(), model.n_parameters());
            m.bic = Some(weighted_bic(ll, total, p)).filter(|v| v.is_finite());
            m.aic = Some(weighted_aic(ll, total, p)).filter(|v| v.is_finite());
        }
        None => {
            m.bic = model.bic(data).ok().filter(|v| v.is_finite());
            m.aic = model.aic(data).ok().filter(|v| v.is_finite());
        }
    }
    m
}

/// The model JSON written: [`model_json`], and Σ wₙ when the run is weighted.
#[derive(serde::Serialize)]
struct Written {
    #[serde(flatten)]
    model: ModelJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_weight: Option<f64>,
}

/// [`model_json`] as pretty-printed JSON text, with `total_weight` (Σ wₙ) when the run is
/// weighted.
pub fn model_json_text(app: &App) -> Result<String, Error> {
    let written = Written {
        model: model_json(app),
        total_weight: app.sample_weights().map(|w| w.weights.total()),
    };
    serde_json::to_string_pretty(&written).map_err(|e| {
        Problem::ModelJsonWrite {
            reason: e.to_string(),
        }
        .into()
    })
}

/// Responsibilities (n × k, row-major) of the current parameters.
pub fn responsibilities(app: &App) -> Result<Vec<f64>, Error> {
    let em = app.em();
    match em.responsibilities() {
        Some(q)
            if em.last_half_step() == Some(HalfStep::E)
                && q.len() == app.data().n() * em.model().k() =>
        {
            Ok(q.to_vec())
        }
        _ => Ok(em.model().predict_proba(app.data())?),
    }
}

/// The data as pasted (with the weights' column, if any) and one column of responsibilities per
/// component: a header `names…,q1,…,qK`, then one row per point. Numbers are written in Rust's
/// shortest exact form, so they read back to the same `f64`.
pub fn responsibilities_csv(app: &App) -> Result<String, Error> {
    let data = &app.table()?;
    let k = app.em().model().k();
    let resp = responsibilities(app)?;
    let mut out = String::with_capacity(data.n() * (data.d() + k) * 20);
    let header: Vec<String> = data
        .names()
        .iter()
        .map(|n| csv_field(n))
        .chain((1..=k).map(|j| format!("q{j}")))
        .collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for (row, q) in data.rows().zip(resp.chunks_exact(k)) {
        // Data as typed ("3.6", "79"); responsibilities in exponent form when tiny ("2.7e-9").
        let data = row.iter().map(|v| format!("{v}"));
        let fields: Vec<String> = data.chain(q.iter().map(|v| format!("{v:?}"))).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    Ok(out)
}

/// Reads a model from JSON and checks it fits data with `d` columns.
pub fn parse_model(text: &str, d: usize) -> Result<Mixture, Error> {
    let json: ModelJson = serde_json::from_str(text).map_err(|e| Problem::NotModelJson {
        reason: e.to_string(),
    })?;
    let model = json.to_mixture()?;
    if model.d() != d {
        return Err(Problem::ImportDimensions {
            model: model.d(),
            data: d,
        }
        .into());
    }
    if model.k() > emviz_core::rules::K_MAX {
        return Err(Problem::TooManyComponents {
            k: model.k(),
            max: emviz_core::rules::K_MAX,
        }
        .into());
    }
    Ok(model)
}

/// Parses `text` as a model and makes it the start of a fresh run in `app`. On error nothing
/// changes.
pub fn import_model(app: &mut App, text: &str) -> Result<(), Error> {
    let model = parse_model(text, app.data().d())?;
    app.start_from(model)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
