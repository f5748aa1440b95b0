//! One module per subcommand; each has a `run` that reads its inputs, calls the core and prints.

pub mod bench;
pub mod fit;
pub mod kmeans;
pub mod sample;
pub mod select;

use emviz_core::{GmmParams, Init};

use crate::args::{Command, EmArgs, InitArg};
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

/// The core's parameters for `k` components from the shared EM options (k-means++ start).
pub fn gmm_params(em: &EmArgs, k: usize) -> Result<GmmParams> {
    Ok(GmmParams::new(k)
        .covariance_type(em.covariance.into())
        .n_init(em.n_init)
        .tol(em.tol)
        .max_iter(em.max_iter)
        .reg_covar(em.reg_covar)
        .seed(em.seed)
        .threads(em.threads.get()?))
}

/// The start for `--init` values that need no extra input.
pub fn simple_init(init: InitArg) -> Option<Init> {
    match init {
        InitArg::KmeansPlusPlus => Some(Init::KMeansPlusPlus),
        InitArg::Random => Some(Init::Random),
        InitArg::Means => None,
    }
}
