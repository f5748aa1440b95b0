//! The model as JSON, with keys named like scikit-learn's `GaussianMixture` attributes
//! (`weights`, `means`, `covariances`, `covariance_type`, `converged`, `n_iter`, `lower_bound`),
//! so a model moves between emviz and Python.
//!
//! emviz writes `covariances` as full `d × d` matrices whatever the type; when reading, it also
//! accepts scikit-learn's own shapes (`diag`: k × d, `spherical`: k, `tied`: d × d).

use serde::{Deserialize, Serialize};

use crate::criteria::{weighted_aic, weighted_bic};
use crate::data::Dataset;
use crate::error::{Error, Invalid, Result};
use crate::fit::Fit;
use crate::mixture::Mixture;
use crate::rules::{CovarianceType, ModelName};

/// The serialised model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelJson {
    /// The covariance type, by its name ([`crate::rules`](mod@crate::rules)).
    pub covariance_type: CovarianceType,
    /// Number of components.
    #[serde(default)]
    pub n_components: usize,
    /// Mixing weights, k.
    pub weights: Vec<f64>,
    /// Means, k × d.
    pub means: Vec<Vec<f64>>,
    /// Covariances (written as k × d × d).
    pub covariances: Covariances,
    /// Column names of the data the model was fitted on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feature_names: Vec<String>,
    /// Whether EM converged.
    #[serde(default)]
    pub converged: bool,
    /// Iterations run.
    #[serde(default)]
    pub n_iter: usize,
    /// Final mean log-likelihood (scikit-learn's `lower_bound_`).
    #[serde(default, deserialize_with = "f64_or_nan")]
    pub lower_bound: f64,
    /// Final mean per-point log-likelihood.
    #[serde(default, deserialize_with = "f64_or_nan")]
    pub log_likelihood: f64,
    /// Mean log-likelihood at the start and after every iteration.
    #[serde(default)]
    pub trace: Vec<f64>,
    /// BIC on the training data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<f64>,
    /// AIC on the training data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aic: Option<f64>,
    /// ICL on the training data ([`crate::criteria::icl`]): set by whoever has the
    /// responsibilities of the training data at hand (it takes a pass over the data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icl: Option<f64>,
    /// mclust's name of the covariance model ([`crate::rules::ModelName`]). Written for mclust's
    /// ten models beyond scikit-learn's four (whose `covariance_type` then says which pass
    /// evaluates them: `full`, `diag` or `spherical`), so a saved VEV fit reads back as VEV, bit
    /// for bit; `emviz fit` writes it for every fit. Read back only for those ten: for the four,
    /// `covariance_type` is the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_name: Option<ModelName>,
}

/// A number that may be `null`: JSON has no NaN, so serde_json writes a NaN (the unknown
/// `lower_bound` of [`ModelJson::from_mixture`]) as `null`; it reads back as NaN.
fn f64_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Covariances in any of the shapes scikit-learn uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Covariances {
    /// k × d × d (`full`, and what emviz writes).
    Matrices(Vec<Vec<Vec<f64>>>),
    /// k × d (`diag`) or d × d (`tied`).
    Rows(Vec<Vec<f64>>),
    /// k (`spherical`).
    Values(Vec<f64>),
}

impl ModelJson {
    /// The JSON form of a fitted model; `data` (the training data) gives BIC, AIC and names.
    pub fn from_fit(fit: &Fit, data: &Dataset) -> Result<Self> {
        let mut m = Self::from_mixture(&fit.model);
        m.feature_names = data.names().to_vec();
        m.converged = fit.converged;
        m.n_iter = fit.n_iter;
        m.lower_bound = fit.log_likelihood;
        m.log_likelihood = fit.log_likelihood;
        m.trace = fit.trace.clone();
        m.bic = Some(fit.model.bic(data)?);
        m.aic = Some(fit.model.aic(data)?);
        Ok(m)
    }

    /// [`ModelJson::from_fit`] for data not held in memory (streamed): `n` points with these
    /// column names; BIC and AIC from the fit's final mean log-likelihood.
    pub fn from_fit_summary(fit: &Fit, names: &[String], n: usize) -> Self {
        Self::from_weighted_fit(fit, names, n as f64)
    }

    /// [`ModelJson::from_fit_summary`] of a fit with sample weights: BIC and AIC charge
    /// n = Σ wₙ (`total_weight`; see [`crate::criteria::weighted_bic`]).
    pub fn from_weighted_fit(fit: &Fit, names: &[String], total_weight: f64) -> Self {
        let mut m = Self::from_mixture(&fit.model);
        m.feature_names = names.to_vec();
        m.converged = fit.converged;
        m.n_iter = fit.n_iter;
        m.lower_bound = fit.log_likelihood;
        m.log_likelihood = fit.log_likelihood;
        m.trace = fit.trace.clone();
        let p = fit.model.n_parameters();
        m.bic = Some(weighted_bic(fit.log_likelihood, total_weight, p));
        m.aic = Some(weighted_aic(fit.log_likelihood, total_weight, p));
        m
    }

    /// The JSON form of bare parameters.
    pub fn from_mixture(model: &Mixture) -> Self {
        let (k, d) = (model.k(), model.d());
        Self {
            covariance_type: model.covariance_type(),
            n_components: k,
            weights: model.weights().to_vec(),
            means: model.means().chunks_exact(d).map(<[f64]>::to_vec).collect(),
            covariances: Covariances::Matrices(
                (0..k)
                    .map(|j| {
                        model
                            .covariance(j)
                            .chunks_exact(d)
                            .map(<[f64]>::to_vec)
                            .collect()
                    })
                    .collect(),
            ),
            feature_names: Vec::new(),
            converged: false,
            n_iter: 0,
            lower_bound: f64::NAN,
            log_likelihood: f64::NAN,
            trace: Vec::new(),
            bic: None,
            aic: None,
            icl: None,
            model_name: model.family(),
        }
    }

    /// Checks the shapes and builds the mixture.
    pub fn to_mixture(&self) -> Result<Mixture> {
        let k = self.weights.len();
        if k == 0 || self.means.len() != k {
            return Err(Invalid::WeightsMeansCount {
                weights: k,
                means: self.means.len(),
            }
            .into());
        }
        let d = self.means[0].len();
        if d == 0 || self.means.iter().any(|m| m.len() != d) {
            return Err(Invalid::MeanLengths.into());
        }
        let bad = || {
            Error::from(Invalid::CovarianceShape {
                covariance_type: self.covariance_type,
                k,
                d,
            })
        };
        let mut full = vec![0.0; k * d * d];
        match (&self.covariances, self.covariance_type) {
            (Covariances::Matrices(m), _) => {
                if m.len() != k
                    || m.iter()
                        .any(|c| c.len() != d || c.iter().any(|r| r.len() != d))
                {
                    return Err(bad());
                }
                for (j, c) in m.iter().enumerate() {
                    for (a, r) in c.iter().enumerate() {
                        full[j * d * d + a * d..j * d * d + (a + 1) * d].copy_from_slice(r);
                    }
                }
            }
            (Covariances::Rows(r), CovarianceType::Tied) => {
                if r.len() != d || r.iter().any(|row| row.len() != d) {
                    return Err(bad());
                }
                for j in 0..k {
                    for (a, row) in r.iter().enumerate() {
                        full[j * d * d + a * d..j * d * d + (a + 1) * d].copy_from_slice(row);
                    }
                }
            }
            (Covariances::Rows(r), CovarianceType::Diag) => {
                if r.len() != k || r.iter().any(|row| row.len() != d) {
                    return Err(bad());
                }
                for (j, row) in r.iter().enumerate() {
                    for a in 0..d {
                        full[j * d * d + a * d + a] = row[a];
                    }
                }
            }
            (Covariances::Values(v), CovarianceType::Spherical) => {
                if v.len() != k {
                    return Err(bad());
                }
                for (j, &s) in v.iter().enumerate() {
                    for a in 0..d {
                        full[j * d * d + a * d + a] = s;
                    }
                }
            }
            _ => return Err(bad()),
        }
        match self.model_name.filter(|m| m.covariance_type().is_none()) {
            Some(model) => {
                Mixture::of_model(model, self.weights.clone(), self.means.concat(), full)
            }
            None => Mixture::new(
                self.covariance_type,
                self.weights.clone(),
                self.means.concat(),
                full,
            ),
        }
    }
}
