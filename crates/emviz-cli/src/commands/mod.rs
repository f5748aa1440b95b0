//! One module per subcommand; each has a `run` that reads its inputs, calls the core and prints.

pub mod bench;
pub mod fit;
pub mod fit_bayes;
pub mod kmeans;
pub mod sample;
pub mod select;
pub mod select_models;

use emviz_core::GmmParams;

use crate::args::{Command, EmArgs};
use crate::error::Result;

/// Runs a subcommand.
pub fn run(command: &Command) -> Result<()> {
    match command {
        Command::Fit(a) => fit::run(a),
        Command::Select(a) => select::run(a),
        Command::Sample(a) => sample::run(a),
        Command::Kmeans(a) => kmeans::run(a),
        Command::Bench(a) => bench::run(a),
    }
}

/// The core's parameters for `k` components from the shared EM options (the default start),
/// not checked yet: a command checks them once against its data.
pub fn gmm_params(em: &EmArgs, k: usize) -> Result<GmmParams> {
    let params = GmmParams::new(k).covariance_type(em.covariance.0);
    let params = match em.model {
        Some(m) => params.model(m.0),
        None => params,
    };
    Ok(params
        .n_init(em.n_init)
        .tol(em.tol)
        .max_iter(em.max_iter)
        .reg_covar(em.reg_covar)
        .seed(em.seed)
        .threads(em.threads.get()?))
}
