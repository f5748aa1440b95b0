//! `emviz kmeans`: Lloyd's k-means from k-means++ seeds or given centres.

use emviz_core::rules::InitKind;
use emviz_core::{rng_from_seed, GmmParams, KMeans};
use serde::Serialize;

use crate::args::KmeansArgs;
use crate::error::Result;
use crate::input::{load_dataset, parse_rows};
use crate::output::print_json;

#[derive(Serialize)]
struct KmeansOutput<'a> {
    centers: Vec<&'a [f64]>,
    labels: &'a [usize],
    inertia: f64,
    n_iter: usize,
    converged: bool,
    n_samples: usize,
    feature_names: &'a [String],
    init: InitKind,
    seed: u64,
    max_iter: usize,
}

/// Runs `emviz kmeans`.
pub fn run(args: &KmeansArgs) -> Result<()> {
    let data = load_dataset(&args.data)?;
    // The core's checks of K against the data (K ≥ 1, at least K points).
    GmmParams::new(args.k).check(&data)?;
    let threads = args.threads.get()?;
    let mut km = match &args.means {
        Some(m) => KMeans::new(&data, parse_rows("--means", m, args.k, data.d(), "centre")?)?,
        None => KMeans::plus_plus(&data, args.k, &mut rng_from_seed(args.seed))?,
    }
    .with_threads(threads);
    let outcome = km.run(&data, args.max_iter)?;
    print_json(&KmeansOutput {
        centers: km.centers().chunks_exact(data.d()).collect(),
        labels: km.labels(),
        inertia: outcome.inertia,
        n_iter: outcome.n_iter,
        converged: outcome.converged,
        n_samples: data.n(),
        feature_names: data.names(),
        init: if args.means.is_some() {
            InitKind::Means
        } else {
            InitKind::KMeansPlusPlus
        },
        seed: args.seed,
        max_iter: args.max_iter,
    })
}
