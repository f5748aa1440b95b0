//! # emviz-core
//!
//! The mathematics of emviz, in pure Rust with no web dependencies: Gaussian mixture models fitted
//! by the EM algorithm (as in *Deep Learning from Scratch 5*, chapter 5), step by step or to
//! convergence, plus everything around it.
//!
//! | module | what it holds |
//! |---|---|
//! | [`rules`](mod@rules) | every rule of a setting, once: [`CovarianceType`] and its names, [`InitKind`] names, the K and seed ranges, [`DEFAULTS`], the book's start, the stopping rule, and [`rules()`](fn@rules) (all of it as one serialisable value) |
//! | [`params`] | [`GmmParams`] (the builder) → [`GmmParams::check`] → [`GmmValidParams`] (what every fit takes); [`Init`]; the checked [`RegCovar`] and [`LoopParams`] |
//! | [`data`], [`parse`] | the [`Dataset`] table and the parser for pasted CSV / TSV / whitespace text |
//! | [`weights`] | [`Weights`]: per-point sample weights and their one rule (finite, ≥ 0, one per point, not all zero) |
//! | [`mixture`] | [`Mixture`]: parameters, densities, responsibilities, labels, sampling, BIC/AIC |
//! | [`criteria`] | BIC, AIC and the free-parameter count (scikit-learn's formulas) |
//! | [`covariance`] | the M-step of every covariance type, from responsibilities ([`covariance::estimate_parameters`]) or sums |
//! | [`family`] | the M-steps of mclust's fourteen covariance models ([`ModelName`]: their names and what each constrains are [`rules`](mod@rules)) from the sums |
//! | [`small_matrix`] | the small matrix work of those M-steps (eigen, inverse, polar factor) in plain arithmetic |
//! | [`stats`] | [`Stats`]: one EM pass's mergeable sufficient statistics, and the M-step from them |
//! | `fused` (private) | the one pass over the data both EM loops make (E-step and sums; [`Stats::accumulate`]) |
//! | [`source`] | [`Source`]: where a fit's points live ([`InMemory`], split over threads) |
//! | [`driver`] | EM's loop written once ([`driver::drive`]), driving any pass: threads, a file, Spark |
//! | [`em`] | step-wise [`Em`] (E- and M-half-steps with ELBO and KL) |
//! | [`init`], [`fit`] | starting points (k-means++, random, given means) and [`GmmValidParams::fit`] → [`Fit`] |
//! | [`kmeans`] | Lloyd's k-means with the same assign / update shape |
//! | [`vb_prior`], [`vb`], [`vb_driver`] | variational Bayes as scikit-learn's `BayesianGaussianMixture`: the priors, the posterior (its M-step from [`Stats`], its E-step as a mixture, its lower bound), and its loop over any pass |
//! | [`select`] | fitting K = 1..K_max and picking K by BIC / AIC / ICL; the models × K table of mclust's `mclustBIC` ([`select_models`]) |
//! | [`kl`] | KL divergence of discrete distributions |
//! | [`model_json`] | the model as scikit-learn-compatible JSON |
//! | [`linalg`] | Cholesky factors, triangular solves, log-determinants, ellipse axes (on nalgebra) |
//! | [`special`] | ln Γ, ψ (digamma) and ln B, platform-exact, for variational Bayes |
//! | [`spread`] | the median and range of repeated measurements (what the benchmarks print) |
//! | [`fastmath`], [`rng`], `merge` (private) | platform-exact `exp`/`ln`, seeded RNG, the fixed order partial sums are added in |
//! | [`error`] | [`Error`], the one error type; its messages say what to do |
//!
//! ## Layers
//!
//! The modules stand in layers. A module imports only from its own layer and the layers below
//! it, never from above, and no modules import each other in a circle; the test
//! `tests/layers.rs` reads this table and checks both on every `crate::` path of `src/`
//! (in-file test modules aside).
//!
//! | layer | modules | what they are |
//! |---|---|---|
//! | 9 | `select`, `model_json` | results of fits |
//! | 8 | `fit`, `vb_driver` | fitting: starts, the loops, `n_init` |
//! | 7 | `em`, `driver` | the EM loops: step-wise, and lean over any pass |
//! | 6 | `source`, `kmeans` | where points live and passes split over them |
//! | 5 | `fused` | the one pass over the data |
//! | 4 | `stats`, `vb`, `vb_full_bound` | sufficient statistics, the M-steps and the VB bound from sums |
//! | 3 | `mixture`, `kl`, `init` | the model, and starts drawn from data |
//! | 2 | `data`, `parse`, `linalg`, `small_matrix`, `covariance`, `family`, `params`, `pca`, `criteria`, `vb_prior`, `weights` | values: data, matrices, M-step formulas, checked parameters |
//! | 1 | `error` | the one error type |
//! | 0 | `rules`, `fastmath`, `rng`, `merge`, `special`, `simd`, `spread` | foundations that import nothing of the crate (but each other) |
//!
//! Every random choice comes from a seed, and the arithmetic is the same natively and in wasm, so
//! a seed reproduces a run everywhere. Nothing here panics on user input: errors are [`Error`]
//! values whose messages say what is wrong and what to do.
//!
//! ```
//! use emviz_core::{parse_table, GmmParams, Init, ParseOptions};
//! let text = "1.0 2.0\n1.2 1.9\n0.9 2.2\n5.0 6.0\n5.1 6.2\n4.8 5.9\n";
//! let data = parse_table(text, &ParseOptions::default()).unwrap();
//! let fit = GmmParams::new(2)
//!     .init(Init::Means { means: vec![0.0, 0.0, 6.0, 6.0], covariances: None, weights: None })
//!     .fit(&data)
//!     .unwrap();
//! assert!(fit.converged);
//! assert!((fit.model.weights()[0] - 0.5).abs() < 1e-6);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod covariance;
pub mod criteria;
pub mod data;
pub mod driver;
pub mod em;
pub mod error;
pub mod family;
pub mod fastmath;
pub mod fit;
// `fused` walks packed triangles by index.
#[allow(clippy::needless_range_loop, reason = "packed-triangle indices")]
mod fused;
pub mod init;
pub mod kl;
pub mod kmeans;
pub mod linalg;
mod merge;
pub mod mixture;
pub mod model_json;
// `!(x >= 0.0)` is the NaN-rejecting range test.
#[allow(clippy::neg_cmp_op_on_partial_ord, reason = "rejects NaN on purpose")]
pub mod params;
pub mod parse;
pub mod pca;
pub mod rng;
pub mod rules;
pub mod select;
pub mod simd;
pub mod small_matrix;
pub mod source;
pub mod special;
pub mod spread;
pub mod stats;
pub mod vb;
pub mod vb_driver;
pub mod vb_full_bound;
pub mod vb_prior;
pub mod weights;

pub use covariance::Estimates;
pub use data::Dataset;
pub use driver::{drive, Order, RunOutcome};
pub use em::{Checkpoint, Em, HalfStep, StepReport};
pub use error::{
    CollapseReason, Distribution, Error, Invalid, PriorName, Result, Shape, SourceFailure,
};
pub use fit::{BestStart, Fit};
pub use kl::kl_divergence;
pub use kmeans::{KMeans, KMeansRun};
pub use mixture::{ComponentWarning, Mixture, WarningKind};
pub use model_json::{Covariances, ModelJson};
pub use params::{GmmParams, GmmValidParams, Init, LoopParams, RegCovar};
pub use parse::{
    parse_table, ColumnSelection, HeaderMode, ParseError, ParseErrorKind, ParseOptions, RowReader,
};
pub use rng::{rng_from_seed, EmRng};
pub use rules::{rules, CovarianceType, InitKind, ModelName, Rules, WeightPrior, DEFAULTS};
pub use select::{
    select_k, select_models, select_models_over, Best, ModelRow, ModelSelection, Selection,
    SelectionRow,
};
pub use source::{available_threads, InMemory, Source};
pub use stats::{MStep, Stats};
pub use weights::Weights;
