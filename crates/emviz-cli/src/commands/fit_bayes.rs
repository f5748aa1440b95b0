//! `emviz fit --bayes dp|dirichlet`: variational Bayes (scikit-learn's BayesianGaussianMixture)
//! on a data file, in memory or streamed; the same JSON as EM's fit (the posterior's point
//! summary: weights E[π], means, covariances W⁻¹/ν; `lower_bound` and `trace` the variational
//! bound) plus the posterior's own parameters and the priors used. With `--weights-col` each
//! point is weighted by its sample weight (the core's weighted VB: the priors' defaults from the
//! weighted moments, every pass weighted; integer weights fit as the rows repeated).

use emviz_core::vb::Posterior;
use emviz_core::vb_driver::{fit_vb_on_weighted, fit_vb_weighted, moments_on, VbOutcome};
use emviz_core::vb_prior::{CheckedVbPrior, VbPrior};
use emviz_core::{Dataset, GmmParams, GmmValidParams, InMemory, ModelJson, Source, Stats, Weights};
use serde::Serialize;

use crate::args::{BayesArg, FitArgs};
use crate::commands::fit::{checked_in_memory, scanned, Scanned};
use crate::error::Result;
use crate::input::{parse_weights, split_weights};
use crate::output::{print_json, warn};
use crate::streamed::{load, FitData};

/// The printed JSON: the model JSON of the posterior's point summary, the run's settings, then
/// the posterior and the priors.
#[derive(Serialize)]
struct BayesOutput<'a> {
    #[serde(flatten)]
    model: &'a ModelJson,
    n_samples: usize,
    /// Σ wₙ with `--weights-col`.
    #[serde(skip_serializing_if = "Option::is_none")]
    total_weight: Option<f64>,
    init: &'static str,
    seed: u64,
    n_init: usize,
    tol: f64,
    max_iter: usize,
    reg_covar: f64,
    posterior: PosteriorJson,
    prior: PriorJson,
}

/// The posterior's parameters, named as scikit-learn's attributes.
#[derive(Serialize)]
struct PosteriorJson {
    weight_concentration_prior_type: &'static str,
    /// The Dirichlet's α (a list), or the Dirichlet process's Betas as `[a, b]` (two lists).
    weight_concentration: serde_json::Value,
    mean_precision: Vec<f64>,
    degrees_of_freedom: Vec<f64>,
}

/// The priors as used (defaults filled in).
#[derive(Serialize)]
struct PriorJson {
    weight_concentration_prior: f64,
    mean_precision_prior: f64,
    mean_prior: Vec<f64>,
    degrees_of_freedom_prior: f64,
    /// In the covariance type's layout, flattened: d × d, d or 1 values.
    covariance_prior: Vec<f64>,
}

/// Runs `emviz fit --bayes …` (`params` are the EM options, without the start yet).
pub fn run(args: &FitArgs, prior: BayesArg, params: GmmParams) -> Result<()> {
    let wanted = priors(args, prior)?;
    match load(&args.data, &super::fit::load_options(args, &params))? {
        FitData::Memory(data) => {
            let (data, weights) = if args.weights_col.is_some() {
                let (data, w) = split_weights(data)?;
                (data, Some(w))
            } else {
                (data, None)
            };
            let params = checked_in_memory(args, params, &data)?;
            let t = params.covariance_type();
            let prior = wanted.check_weighted(&data, weights.as_ref(), params.k(), t)?;
            let out = fit_vb_weighted(&params, &prior, &data, weights.as_ref())?;
            let mut source =
                InMemory::new(&data, params.threads()).weighted_by(weights.as_ref())?;
            let total = weights.as_ref().map(Weights::total);
            report(&params, &prior, &out, &mut source, data.names(), total)
        }
        FitData::Streamed(mut source) => {
            let d = source.d();
            let Scanned {
                params,
                mut rng,
                sample,
                sample_weights,
                ..
            } = scanned(args, params, &mut source)?;
            let centre = column_means(&sample, d);
            let t = params.covariance_type();
            let prior = wanted.check_with(d, params.k(), t, || moments_on(&mut source, &centre))?;
            let out = fit_vb_on_weighted(
                &params,
                &prior,
                &mut source,
                &sample,
                sample_weights.as_deref(),
                &mut rng,
            )?;
            if args.verbose {
                eprintln!("emviz: {}", source.report());
            }
            let names = source.names().to_vec();
            let total = source.total_weight();
            report(&params, &prior, &out, &mut source, &names, total)
        }
    }
}

/// The priors the options give (each `None`: scikit-learn's default).
fn priors(args: &FitArgs, prior: BayesArg) -> Result<VbPrior> {
    let vb = &args.vb;
    // Every number of the list, however grouped: the core checks the count against d.
    let list = |flag: &str, text: &Option<String>| -> Result<Option<Vec<f64>>> {
        text.as_deref()
            .map(|s| parse_weights(flag, s, s.split([',', ';']).count()))
            .transpose()
    };
    Ok(VbPrior {
        weight_prior: prior.0,
        weight_concentration: vb.concentration,
        mean_precision: vb.mean_precision,
        mean: list("--mean-prior", &vb.mean_prior)?,
        degrees_of_freedom: vb.dof_prior,
        covariance: list("--covariance-prior", &vb.covariance_prior)?,
    })
}

/// The column means of `sample` (zeros for no rows): a centre near the data for the moments'
/// pass.
fn column_means(sample: &Dataset, d: usize) -> Vec<f64> {
    let mut sums = vec![0.0; d];
    for row in sample.rows() {
        for (s, x) in sums.iter_mut().zip(row) {
            *s += x;
        }
    }
    sums.iter().map(|s| s / sample.n().max(1) as f64).collect()
}

/// Prints the posterior: its point summary as the model JSON (with the mean log-likelihood of
/// that mixture, from one more pass: weighted, over `total_weight` = Σ wₙ, when the source is),
/// the settings, the posterior's parameters and the priors.
fn report<S: Source + ?Sized>(
    params: &GmmValidParams,
    prior: &CheckedVbPrior,
    out: &VbOutcome,
    source: &mut S,
    names: &[String],
    total_weight: Option<f64>,
) -> Result<()> {
    if !out.converged && params.max_iter() > 0 {
        let change = match out.lower_bounds.as_slice() {
            [.., a, b] => format!(" (the last change was {:.3e})", b - a),
            _ => String::new(),
        };
        warn(&format!(
            "variational Bayes did not converge in {} iterations{change}; raise --max-iter or --tol",
            params.max_iter()
        ));
    }
    let q: &Posterior = &out.posterior;
    let summary = q.expected_mixture()?;
    let log_likelihood = source
        .pass(&summary, &Stats::empty(&summary))?
        .mean_log_likelihood();
    let mut model = ModelJson::from_mixture(&summary);
    model.feature_names = names.to_vec();
    model.converged = out.converged;
    model.n_iter = out.n_iter;
    model.lower_bound = out.lower_bound();
    model.log_likelihood = log_likelihood;
    model.trace = out.lower_bounds.clone();
    let p = q.parts();
    let weight_concentration = if p.weight_concentration_rest.is_empty() {
        serde_json::json!(p.weight_concentration)
    } else {
        serde_json::json!([p.weight_concentration, p.weight_concentration_rest])
    };
    print_json(&BayesOutput {
        model: &model,
        n_samples: source.n(),
        total_weight,
        init: params.init().name(),
        seed: params.seed(),
        n_init: params.n_init(),
        tol: params.tol(),
        max_iter: params.max_iter(),
        reg_covar: params.reg_covar().get(),
        posterior: PosteriorJson {
            weight_concentration_prior_type: p.weight_prior.name(),
            weight_concentration,
            mean_precision: p.mean_precision.clone(),
            degrees_of_freedom: p.degrees_of_freedom.clone(),
        },
        prior: PriorJson {
            weight_concentration_prior: prior.weight_concentration(),
            mean_precision_prior: prior.mean_precision(),
            mean_prior: prior.mean().to_vec(),
            degrees_of_freedom_prior: prior.degrees_of_freedom(),
            covariance_prior: prior.covariance().to_vec(),
        },
    })
}
