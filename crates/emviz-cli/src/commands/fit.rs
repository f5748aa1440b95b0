//! `emviz fit`: EM on a data file, the model printed as JSON (with the fit's ICL, and with
//! `--points` each point's classification: one more pass over the points, [`crate::classify`]).

use emviz_core::rules::{InitKind, DEFAULTS};
use emviz_core::{
    rng_from_seed, Dataset, EmRng, Fit, GmmParams, GmmValidParams, Init, ModelJson, Source,
};
use serde::Serialize;

use crate::args::{FitArgs, FitInit};
use crate::classify::{points_target, Classifier};
use crate::commands::gmm_params;
use crate::error::{CliError, Result};
use crate::input::{parse_rows, parse_weights, split_weights};
use crate::output::{print_json, warn};
use crate::streamed::{load, FitData, LoadOptions, Streamed};

/// The printed JSON: the core's model JSON followed by the settings of the run.
#[derive(Serialize)]
struct FitOutput<'a> {
    #[serde(flatten)]
    model: &'a ModelJson,
    n_samples: usize,
    /// Σ wₙ with `--weights-col` (the n of BIC and AIC then).
    #[serde(skip_serializing_if = "Option::is_none")]
    total_weight: Option<f64>,
    n_parameters: usize,
    init: &'static str,
    seed: u64,
    n_init: usize,
    tol: f64,
    max_iter: usize,
    reg_covar: f64,
    failed_starts: usize,
}

/// How `emviz fit` (EM or VB) loads its data: in memory or streamed, as the arguments say.
pub fn load_options<'a>(args: &'a FitArgs, params: &GmmParams) -> LoadOptions<'a> {
    LoadOptions {
        memory: args.memory,
        cache: args.cache.as_deref(),
        chunk_rows: args.chunk_rows,
        threads: params.threads,
        verbose: args.verbose,
        weights_col: args.weights_col.as_deref(),
    }
}

/// `params` with the start the arguments ask for, checked against data held in memory.
pub fn checked_in_memory(
    args: &FitArgs,
    params: GmmParams,
    data: &Dataset,
) -> Result<GmmValidParams> {
    let check_k = || GmmParams::new(0).check(data).map(drop);
    Ok(params.init(start(args, data.d(), check_k)?).check(data)?)
}

/// A streamed fit's beginning: its checked parameters, its random numbers, the sample its starts
/// are drawn from and the columns' variances (one scan of the file).
pub struct Scanned {
    pub params: GmmValidParams,
    pub rng: EmRng,
    pub sample: Dataset,
    /// The sample's weights, with `--weights-col`.
    pub sample_weights: Option<Vec<f64>>,
    pub var: Vec<f64>,
}

/// `params` with their start, checked against the streamed file's shape, then one scan of it.
pub fn scanned(args: &FitArgs, params: GmmParams, source: &mut Streamed) -> Result<Scanned> {
    let (n, d) = (source.n(), source.d());
    let check_k = || GmmParams::new(0).check_shape(n, d).map(drop);
    let params = params.init(start(args, d, check_k)?).check_shape(n, d)?;
    let mut rng = rng_from_seed(params.seed());
    // Given means need no sample to draw starts from.
    let wants_sample = !matches!(params.init(), Init::Means { .. });
    let scan = source.scan(&mut rng, wants_sample, params.k())?;
    Ok(Scanned {
        params,
        rng,
        sample: scan.sample,
        sample_weights: scan.weights,
        var: scan.var,
    })
}

/// Runs `emviz fit`.
pub fn run(args: &FitArgs) -> Result<()> {
    let params = gmm_params(&args.em, args.k)?;
    if let Some(prior) = args.vb.bayes {
        return super::fit_bayes::run(args, prior, params);
    }
    match load(&args.data, &load_options(args, &params))? {
        FitData::Memory(data) if args.weights_col.is_some() => {
            let (data, weights) = split_weights(data)?;
            let params = checked_in_memory(args, params, &data)?;
            let fit = params.fit_weighted(&data, &weights)?;
            let mut model = ModelJson::from_weighted_fit(&fit, data.names(), weights.total());
            classify(args, &fit, data.names(), &mut model, |c| {
                in_blocks(&data, Some(weights.values()), c)
            })?;
            report(args, &params, &fit, &model, data.n(), Some(weights.total()))
        }
        FitData::Memory(data) => {
            let params = checked_in_memory(args, params, &data)?;
            let fit = params.fit(&data)?;
            let mut model = ModelJson::from_fit(&fit, &data)?;
            classify(args, &fit, data.names(), &mut model, |c| {
                in_blocks(&data, None, c)
            })?;
            report(args, &params, &fit, &model, data.n(), None)
        }
        FitData::Streamed(mut source) => {
            let n = source.n();
            let Scanned {
                params,
                mut rng,
                sample,
                sample_weights,
                var,
            } = scanned(args, params, &mut source)?;
            let fit = params.fit_on_weighted(
                &mut source,
                &sample,
                sample_weights.as_deref(),
                &mut rng,
                |m| m.warnings_for(n, &var),
            )?;
            if args.verbose {
                eprintln!("emviz: {}", source.report());
            }
            let total_weight = source.total_weight();
            let mut model = ModelJson::from_weighted_fit(
                &fit,
                source.names(),
                total_weight.unwrap_or(n as f64),
            );
            let names = source.names().to_vec();
            classify(args, &fit, &names, &mut model, |c| {
                source.for_each_block(|features, weights| c.block(features, weights))
            })?;
            report(args, &params, &fit, &model, n, total_weight)
        }
    }
}

/// Sets the fit's ICL on `model` and, with `--points`, writes each point's classification,
/// from one more pass over the points (`blocks` hands them to the [`Classifier`]).
fn classify(
    args: &FitArgs,
    fit: &Fit,
    names: &[String],
    model: &mut ModelJson,
    blocks: impl FnOnce(&mut Classifier) -> Result<()>,
) -> Result<()> {
    let out = args.points.as_deref().map(points_target).transpose()?;
    let mut classifier = Classifier::new(&fit.model, names, out)?;
    blocks(&mut classifier)?;
    let bic = model.bic.expect("a fit's JSON has its BIC");
    model.icl = Some(classifier.finish(bic)?);
    Ok(())
}

/// Hands data held in memory to the classifier [`BLOCK_ROWS`] points at a time (its
/// responsibilities need K numbers per point of a block).
fn in_blocks(data: &Dataset, weights: Option<&[f64]>, c: &mut Classifier) -> Result<()> {
    let d = data.d().max(1);
    for (i, rows) in data.values().chunks(BLOCK_ROWS * d).enumerate() {
        let w = weights.map(|w| &w[i * BLOCK_ROWS..(i * BLOCK_ROWS + rows.len() / d)]);
        c.block(rows, w)?;
    }
    Ok(())
}

/// Points classified at a time from memory (the streamed path classifies the cache's chunks).
const BLOCK_ROWS: usize = 1 << 16;

/// Prints the warnings and the model (and, with `--verbose`, the process's peak memory); with
/// `--points -` the points' table took standard output, so the model is not printed.
fn report(
    args: &FitArgs,
    params: &GmmValidParams,
    fit: &Fit,
    model: &ModelJson,
    n: usize,
    total_weight: Option<f64>,
) -> Result<()> {
    if args.verbose {
        if let Some(mb) = crate::output::peak_rss_mb() {
            eprintln!("emviz: peak memory {mb:.1} MB");
        }
    }
    for w in &fit.warnings {
        warn(&w.to_string());
    }
    if fit.failed_starts > 0 {
        warn(&format!(
            "{} of {} starts failed (a component collapsed) and were skipped",
            fit.failed_starts,
            params.n_init()
        ));
    }
    if !fit.converged && params.max_iter() > 0 {
        warn(&not_converged(params, &fit.trace));
    }
    if args.points.as_deref() == Some(std::path::Path::new("-")) {
        return Ok(());
    }
    // The CLI names the model of every fit (the core's JSON only that of mclust's other ten).
    let model = &ModelJson {
        model_name: Some(fit.model.model_name()),
        ..model.clone()
    };
    print_json(&FitOutput {
        model,
        n_samples: n,
        total_weight,
        n_parameters: fit.model.n_parameters(),
        init: params.init().name(),
        seed: params.seed(),
        n_init: params.n_init(),
        tol: params.tol(),
        max_iter: params.max_iter(),
        reg_covar: params.reg_covar().get(),
        failed_starts: fit.failed_starts,
    })
}

/// The start from `--init`, `--means`, `--covariances` and `--weights`, checked against K and
/// the data's dimension `d` (`check_k` lets the core say what is wrong with K first).
pub(crate) fn start(
    args: &FitArgs,
    d: usize,
    check_k: impl Fn() -> emviz_core::Result<()>,
) -> Result<Init> {
    let k = args.k;
    let means = match (args.init.map(|FitInit(kind)| kind), &args.means) {
        (None | Some(InitKind::Means), Some(m)) => m,
        (Some(InitKind::Means), None) => {
            return Err(CliError::msg(format!(
                "--init {} needs the means: add --means \"x1,y1;x2,y2\" (one group per component)",
                InitKind::Means
            )))
        }
        (Some(other), Some(_)) => {
            return Err(CliError::msg(format!(
                "--means sets the start, so it cannot be combined with --init {other}; drop one of them"
            )))
        }
        (init, None) => {
            let kind = init.unwrap_or(DEFAULTS.init);
            // Every start `fit` offers without --means needs no values.
            return Ok(Init::of_kind(kind).unwrap_or_default());
        }
    };
    if k == 0 {
        // Let the core say what is wrong with K before the lists are checked against it.
        check_k()?;
    }
    Ok(Init::Means {
        means: parse_rows("--means", means, k, d, "mean")?,
        covariances: args
            .covariances
            .as_deref()
            .map(|c| parse_rows("--covariances", c, k, d * d, "matrix"))
            .transpose()?,
        weights: args
            .weights
            .as_deref()
            .map(|w| parse_weights("--weights", w, k))
            .transpose()?,
    })
}

fn not_converged(params: &GmmValidParams, trace: &[f64]) -> String {
    let change = match trace {
        [.., a, b] => format!(" (the last change was {:.3e})", b - a),
        _ => String::new(),
    };
    format!(
        "EM did not converge in {} iterations{change}; raise --max-iter or --tol",
        params.max_iter()
    )
}
